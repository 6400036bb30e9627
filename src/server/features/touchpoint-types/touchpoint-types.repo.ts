import { and, asc, eq, isNull, max, notInArray, sql } from 'drizzle-orm';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import type { CatalogueTypeDefinition } from '../../../shared/contracts/touchpoint-types.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import { newId } from '../../lib/ids.js';
import { touchpointChannels, touchpointTypes } from './touchpoint-types.table.js';

export type TouchpointTypeRow = typeof touchpointTypes.$inferSelect;
export type TouchpointTypeInsert = typeof touchpointTypes.$inferInsert;
export type ChannelSettingRow = typeof touchpointChannels.$inferSelect;

/** The catalogue's rows as the timeline and the lookup read them. */
export interface StoredVocabulary {
  types: { key: string; label: string; capturesSatisfaction: boolean }[];
  channels: { channel: Channel; enabled: boolean; label: string | null }[];
}

/** Positions are spaced so a type can be placed between two without renumbering the rest. */
export const POSITION_STEP = 10;

export function createTouchpointTypesRepo(database: Database) {
  const byKey = (workspaceId: string, key: string) =>
    and(eq(touchpointTypes.workspaceId, workspaceId), eq(touchpointTypes.key, key));
  const byId = (workspaceId: string, id: string) =>
    and(eq(touchpointTypes.workspaceId, workspaceId), eq(touchpointTypes.id, id));

  async function upsertChannel(
    workspaceId: string,
    setting: { channel: Channel; enabled: boolean; label: string | null },
    now: Date,
  ): Promise<ChannelSettingRow> {
    const [row] = await database
      .q()
      .insert(touchpointChannels)
      .values({ workspaceId, ...setting, updatedAt: now })
      .onConflictDoUpdate({
        target: [touchpointChannels.workspaceId, touchpointChannels.channel],
        set: { enabled: setting.enabled, label: setting.label, updatedAt: now },
      })
      .returning();
    return row!;
  }

  return {
    upsertChannel,

    /**
     * Writes `defaults` unless the workspace has any type (archived ones count), in one
     * statement: two first reads racing both pass NOT EXISTS, and the key's unique index makes
     * the second insert nothing. Returns how many rows this statement wrote (0: the workspace
     * already had a catalogue).
     */
    async insertIfEmpty(workspaceId: string, defaults: readonly CatalogueTypeDefinition[]): Promise<number> {
      if (!defaults.length) return 0;
      const rows = defaults.map((d, i) => ({
        id: newId(),
        key: d.key,
        label: d.label,
        default_channel: d.defaultChannel,
        captures_satisfaction: d.capturesSatisfaction,
        position: (i + 1) * POSITION_STEP,
      }));
      const t = touchpointTypes;
      const result = await database.q().execute(sql`insert into ${t}
          (workspace_id, id, key, label, default_channel, captures_satisfaction, position)
        select ${workspaceId}::uuid, r.id, r.key, r.label, r.default_channel, r.captures_satisfaction, r.position
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(id uuid, key text, label text, default_channel text, captures_satisfaction boolean, position integer)
        where not exists (select 1 from ${t} where ${t.workspaceId} = ${workspaceId})
        on conflict do nothing
        returning 1`);
      return rowsOf(result).length;
    },

    /** Live types first, by position then key; archived ones only when asked, after them. */
    list(workspaceId: string, opts: { includeArchived?: boolean } = {}): Promise<TouchpointTypeRow[]> {
      return database
        .q()
        .select()
        .from(touchpointTypes)
        .where(
          and(
            eq(touchpointTypes.workspaceId, workspaceId),
            opts.includeArchived ? undefined : isNull(touchpointTypes.archivedAt),
          ),
        )
        .orderBy(
          sql`${touchpointTypes.archivedAt} is not null`,
          asc(touchpointTypes.position),
          asc(touchpointTypes.key),
        );
    },

    async findById(workspaceId: string, id: string): Promise<TouchpointTypeRow | undefined> {
      const [row] = await database.q().select().from(touchpointTypes).where(byId(workspaceId, id));
      return row;
    },

    async findByKey(workspaceId: string, key: string): Promise<TouchpointTypeRow | undefined> {
      const [row] = await database.q().select().from(touchpointTypes).where(byKey(workspaceId, key));
      return row;
    },

    async maxPosition(workspaceId: string): Promise<number> {
      const [row] = await database
        .q()
        .select({ top: max(touchpointTypes.position) })
        .from(touchpointTypes)
        .where(eq(touchpointTypes.workspaceId, workspaceId));
      return row?.top ?? 0;
    },

    /** Undefined when the key is taken (a concurrent create won). */
    async insert(row: TouchpointTypeInsert): Promise<TouchpointTypeRow | undefined> {
      const [created] = await database
        .q()
        .insert(touchpointTypes)
        .values(row)
        .onConflictDoNothing({ target: [touchpointTypes.workspaceId, touchpointTypes.key] })
        .returning();
      return created;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<TouchpointTypeInsert>,
    ): Promise<TouchpointTypeRow | undefined> {
      const [row] = await database
        .q()
        .update(touchpointTypes)
        .set(patch)
        .where(byId(workspaceId, id))
        .returning();
      return row;
    },

    /** Sets every listed type's position in one statement. */
    async setPositions(workspaceId: string, positions: { id: string; position: number }[], now: Date) {
      if (!positions.length) return;
      const t = touchpointTypes;
      await database
        .q()
        .execute(sql`update ${t} set position = r.position, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(positions)}::jsonb) as r(id uuid, position integer)
        where ${t.workspaceId} = ${workspaceId} and ${t.id} = r.id`);
    },

    /**
     * Makes the workspace's catalogue exactly `types` (in that order) and stores `channels`:
     * listed types are created or updated by key and un-archived, the others archived. The demo
     * seeder installs the hotel group's catalogue with it.
     */
    async install(
      workspaceId: string,
      types: readonly CatalogueTypeDefinition[],
      channels: readonly { channel: Channel; enabled: boolean; label: string | null }[],
      now: Date,
    ): Promise<void> {
      const t = touchpointTypes;
      const rows = types.map((d, i) => ({
        id: newId(),
        key: d.key,
        label: d.label,
        default_channel: d.defaultChannel,
        captures_satisfaction: d.capturesSatisfaction,
        position: (i + 1) * POSITION_STEP,
      }));
      await database
        .q()
        .update(t)
        .set({ archivedAt: now, updatedAt: now })
        .where(
          and(
            eq(t.workspaceId, workspaceId),
            isNull(t.archivedAt),
            types.length
              ? notInArray(
                  t.key,
                  types.map((d) => d.key),
                )
              : undefined,
          ),
        );
      if (rows.length) {
        await database.q().execute(sql`insert into ${t}
            (workspace_id, id, key, label, default_channel, captures_satisfaction, position, created_at, updated_at)
          select ${workspaceId}::uuid, r.id, r.key, r.label, r.default_channel, r.captures_satisfaction,
            r.position, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(id uuid, key text, label text, default_channel text, captures_satisfaction boolean, position integer)
          on conflict (workspace_id, key) do update set label = excluded.label,
            default_channel = excluded.default_channel, captures_satisfaction = excluded.captures_satisfaction,
            position = excluded.position, archived_at = null, updated_at = excluded.updated_at`);
      }
      for (const c of channels) await upsertChannel(workspaceId, c, now);
    },

    /**
     * What the timeline and the lookup need to label touch points, in one round trip: every type
     * (archived ones still name their old touch points) and every stored channel setting.
     */
    async vocabulary(workspaceId: string): Promise<StoredVocabulary> {
      const t = touchpointTypes;
      const c = touchpointChannels;
      const result = await database.q().execute(sql`
        select 'type' as kind, ${t.key} as name, ${t.label} as label, ${t.capturesSatisfaction} as flag
          from ${t} where ${t.workspaceId} = ${workspaceId}
        union all
        select 'channel', ${c.channel}, ${c.label}, ${c.enabled}
          from ${c} where ${c.workspaceId} = ${workspaceId}`);
      const out: StoredVocabulary = { types: [], channels: [] };
      for (const r of rowsOf(result)) {
        const name = String(r.name);
        const label = r.label === null || r.label === undefined ? null : String(r.label);
        const flag = r.flag === true || r.flag === 't';
        if (r.kind === 'type')
          out.types.push({ key: name, label: label ?? name, capturesSatisfaction: flag });
        else {
          const channel = CHANNELS.find((ch) => ch === name);
          if (channel) out.channels.push({ channel, enabled: flag, label });
        }
      }
      return out;
    },

    listChannels(workspaceId: string): Promise<ChannelSettingRow[]> {
      return database
        .q()
        .select()
        .from(touchpointChannels)
        .where(eq(touchpointChannels.workspaceId, workspaceId));
    },
  };
}
export type TouchpointTypesRepo = ReturnType<typeof createTouchpointTypesRepo>;
