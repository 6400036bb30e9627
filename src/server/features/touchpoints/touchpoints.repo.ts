import { and, asc, desc, eq, gte, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import type { TimelineKind } from '../../../shared/contracts/customers.js';
import type { TouchpointListQuery } from '../../../shared/contracts/touchpoints.js';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';
import { afterCursor, decodeCursor, type Page, toPage } from '../../lib/pagination.js';
import { caseEvents, cases } from '../cases/cases.table.js';
import { notes } from '../notes/notes.table.js';
import { orderLines, orders } from '../orders/orders.table.js';
import { users } from '../users/users.table.js';
import { touchpoints } from './touchpoints.table.js';

export type TouchpointRow = typeof touchpoints.$inferSelect;
export type TouchpointInsert = typeof touchpoints.$inferInsert;

/** List filters after parsing; dates already converted. */
export interface TouchpointFilter {
  sort: TouchpointListQuery['sort'];
  order: TouchpointListQuery['order'];
  customerId?: string | undefined;
  channel?: Channel | undefined;
  type?: string | undefined;
  occurredFrom?: Date | undefined;
  occurredTo?: Date | undefined;
}

/**
 * A touch point or an order as the timeline reads it: a touch point's columns, or an order's
 * (then `type` is its status and the order-only fields are set). Both always have a channel.
 */
export interface TimelineRow {
  id: string;
  kind: Exclude<TimelineKind, 'note' | 'case'>;
  channel: Channel;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  satisfaction: number | null;
  externalId: string | null;
  location: string | null;
  currency: string | null;
  totalMinor: number | null;
  itemCount: number | null;
}

/** A staff note on the timeline: when it was written, its body and its author's name. */
export interface NoteTimelineRow {
  id: string;
  kind: 'note';
  channel: null;
  type: 'note';
  occurredAt: Date;
  body: string;
  author: string;
}

/**
 * A step of one of the customer's cases: opened, resolved (`properties.outcome`), or rated by
 * the customer (`satisfaction`, 1–5); `body` is the case's subject.
 */
export interface CaseTimelineRow {
  id: string;
  kind: 'case';
  channel: null;
  type: 'case_opened' | 'case_resolved' | 'case_csat';
  occurredAt: Date;
  body: string;
  satisfaction: number | null;
  properties: Record<string, unknown>;
}

/** Any row of a customer's timeline. */
export type AnyTimelineRow = TimelineRow | NoteTimelineRow | CaseTimelineRow;

const SORT_COLUMNS = {
  occurredAt: touchpoints.occurredAt,
  receivedAt: touchpoints.receivedAt,
} as const;

/**
 * A timestamptz as UTC ISO 8601 text. Raw `execute` results type timestamps differently on pg
 * and PGlite; text reads the same on both and goes into the cursor unchanged.
 */
const isoMicros = (
  col: SQL | typeof touchpoints.occurredAt | typeof orders.occurredAt | typeof notes.createdAt,
) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function timelineCursor(cursor: string): { at: string; id: string } {
  const { value, id } = decodeCursor(cursor, 'date');
  return { at: (value as Date).toISOString(), id };
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const jsonObject = (v: unknown): Record<string, unknown> => {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...parsed } : {};
};

function toTimelineRow(r: Record<string, unknown>): AnyTimelineRow & { occurredKey: string } {
  const common = {
    id: String(r.id),
    // From the text key, so no driver's timestamp parsing is involved.
    occurredAt: new Date(String(r.occurred_key)),
    occurredKey: String(r.occurred_key),
  };
  if (r.kind === 'case') {
    const type = String(r.type);
    return {
      ...common,
      kind: 'case',
      channel: null,
      type: type === 'case_resolved' ? 'case_resolved' : type === 'case_csat' ? 'case_csat' : 'case_opened',
      body: String(r.body),
      satisfaction: num(r.satisfaction),
      properties: jsonObject(r.properties),
    };
  }
  if (r.kind === 'note') {
    return {
      ...common,
      kind: 'note',
      channel: null,
      type: 'note',
      body: String(r.body),
      author: String(r.author),
    };
  }
  return {
    ...common,
    kind: r.kind === 'order' ? 'order' : 'touchpoint',
    channel: CHANNELS.find((c) => c === r.channel) ?? 'other',
    type: String(r.type),
    properties: jsonObject(r.properties),
    satisfaction: num(r.satisfaction),
    externalId: text(r.external_id),
    location: text(r.location),
    currency: text(r.currency),
    totalMinor: num(r.total_minor),
    itemCount: num(r.item_count),
  };
}

export function createTouchpointsRepo(database: Database) {
  const cursorValue = (sort: TouchpointFilter['sort'], row: TouchpointRow) => row[sort].toISOString();

  return {
    /**
     * Inserts the touch point unless its message id was seen in the workspace; undefined then.
     * ON CONFLICT DO NOTHING makes concurrent deliveries of one message store exactly one row.
     */
    async insertUnlessMessageSeen(row: TouchpointInsert): Promise<TouchpointRow | undefined> {
      const [created] = await database
        .q()
        .insert(touchpoints)
        .values(row)
        .onConflictDoNothing({ target: [touchpoints.workspaceId, touchpoints.messageId] })
        .returning();
      return created;
    },

    async findById(workspaceId: string, id: string): Promise<TouchpointRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id)));
      return row;
    },

    async findByMessageId(workspaceId: string, messageId: string): Promise<TouchpointRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(touchpoints)
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.messageId, messageId)));
      return row;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<TouchpointInsert>,
    ): Promise<TouchpointRow | undefined> {
      const [row] = await database
        .q()
        .update(touchpoints)
        .set(patch)
        .where(and(eq(touchpoints.workspaceId, workspaceId), eq(touchpoints.id, id)))
        .returning();
      return row;
    },

    /** Whether a user of the workspace has this id (reads the users table, never writes it). */
    async staffUserExists(workspaceId: string, userId: string): Promise<boolean> {
      const [row] = await database
        .q()
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
      return row !== undefined;
    },

    async list(
      workspaceId: string,
      f: TouchpointFilter & { limit: number; cursor?: string | undefined },
    ): Promise<Page<TouchpointRow>> {
      const col = SORT_COLUMNS[f.sort];
      const rows = await database
        .q()
        .select()
        .from(touchpoints)
        .where(
          and(
            eq(touchpoints.workspaceId, workspaceId),
            isNull(touchpoints.deletedAt),
            f.customerId ? eq(touchpoints.customerId, f.customerId) : undefined,
            f.channel ? eq(touchpoints.channel, f.channel) : undefined,
            f.type ? eq(touchpoints.type, f.type) : undefined,
            f.occurredFrom ? gte(touchpoints.occurredAt, f.occurredFrom) : undefined,
            f.occurredTo ? lte(touchpoints.occurredAt, f.occurredTo) : undefined,
            afterCursor(col, touchpoints.id, f.order, f.cursor, 'date'),
          ),
        )
        .orderBy(...(f.order === 'asc' ? [asc(col), asc(touchpoints.id)] : [desc(col), desc(touchpoints.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [cursorValue(f.sort, r), r.id]);
    },

    /**
     * A customer's live touch points, orders and notes merged, newest first by when they happened
     * (a note: when it was written), then id, so an event that arrives late lands in its place.
     * One UNION ALL; each branch is cut to the page size on its own (time, id) index before the
     * merge, and every branch takes the same (time, id) keyset bound, so pages neither repeat nor
     * skip across sources. Notes have no channel: a channel filter leaves them out; a type filter
     * keeps touch points only.
     */
    async timelineForCustomer(
      workspaceId: string,
      customerId: string,
      f: {
        limit: number;
        cursor?: string | undefined;
        channel?: Channel | undefined;
        kind?: TimelineKind | undefined;
        type?: string | undefined;
      },
    ): Promise<Page<AnyTimelineRow>> {
      const after = f.cursor ? timelineCursor(f.cursor) : undefined;
      const n = f.limit + 1;
      const t = touchpoints;
      const o = orders;
      const l = orderLines;
      const nt = notes;
      const before = (
        at: SQL | typeof t.occurredAt | typeof o.occurredAt | typeof nt.createdAt,
        id: SQL | typeof t.id | typeof o.id | typeof nt.id,
      ) => (after ? sql`and (${at}, ${id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``);
      const touchpointBranch = sql`select ${t.id} as id, 'touchpoint' as kind, ${t.channel} as channel,
          ${t.type} as type, ${t.occurredAt} as occurred_at, ${isoMicros(t.occurredAt)} as occurred_key,
          ${t.properties} as properties, ${t.satisfaction} as satisfaction, null::text as external_id,
          null::text as location, null::text as currency, null::bigint as total_minor, null::bigint as item_count,
          null::text as body, null::text as author
        from ${t}
        where ${t.workspaceId} = ${workspaceId} and ${t.customerId} = ${customerId} and ${t.deletedAt} is null
          ${f.channel ? sql`and ${t.channel} = ${f.channel}` : sql``}
          ${f.type ? sql`and ${t.type} = ${f.type}` : sql``}
          ${before(t.occurredAt, t.id)}
        order by ${t.occurredAt} desc nulls last, ${t.id} desc nulls last
        limit ${n}`;
      const orderBranch = sql`select ${o.id} as id, 'order' as kind, ${o.channel} as channel,
          ${o.status} as type, ${o.occurredAt} as occurred_at, ${isoMicros(o.occurredAt)} as occurred_key,
          null::jsonb as properties, null::smallint as satisfaction, ${o.externalId} as external_id,
          ${o.location} as location, ${o.currency} as currency, ${o.totalMinor} as total_minor,
          (select coalesce(sum(${l.quantity}), 0) from ${l}
            where ${l.workspaceId} = ${o.workspaceId} and ${l.orderId} = ${o.id}) as item_count,
          null::text as body, null::text as author
        from ${o}
        where ${o.workspaceId} = ${workspaceId} and ${o.customerId} = ${customerId} and ${o.deletedAt} is null
          ${f.channel ? sql`and ${o.channel} = ${f.channel}` : sql``}
          ${before(o.occurredAt, o.id)}
        order by ${o.occurredAt} desc, ${o.id} desc
        limit ${n}`;
      const noteBranch = sql`select ${nt.id} as id, 'note' as kind, null::text as channel,
          'note' as type, ${nt.createdAt} as occurred_at, ${isoMicros(nt.createdAt)} as occurred_key,
          null::jsonb as properties, null::smallint as satisfaction, null::text as external_id,
          null::text as location, null::text as currency, null::bigint as total_minor, null::bigint as item_count,
          ${nt.body} as body, ${nt.createdBy}->>'name' as author
        from ${nt}
        where ${nt.workspaceId} = ${workspaceId} and ${nt.customerId} = ${customerId} and ${nt.deletedAt} is null
          ${before(nt.createdAt, nt.id)}
        order by ${nt.createdAt} desc, ${nt.id} desc
        limit ${n}`;
      const ce = caseEvents;
      const cs = cases;
      // A case's opening, resolutions and the customer's satisfaction answers, from its history.
      const caseBranch = sql`select ${ce.id} as id, 'case' as kind, null::text as channel,
          case ${ce.kind} when 'resolution' then 'case_resolved' when 'csat' then 'case_csat' else 'case_opened' end as type,
          ${ce.at} as occurred_at, ${isoMicros(sql`${ce.at}`)} as occurred_key,
          jsonb_build_object('caseId', ${cs.id}, 'reference', ${cs.reference}, 'caseType', ${cs.type},
            'outcome', ${ce.details}->>'outcome', 'rootCause', ${ce.details}->>'rootCause') as properties,
          case when ${ce.kind} = 'csat' then (${ce.details}->>'score')::smallint end as satisfaction,
          null::text as external_id, null::text as location, null::text as currency, null::bigint as total_minor,
          null::bigint as item_count, ${cs.subject} as body, ${ce.actor}->>'name' as author
        from ${ce} join ${cs} on ${cs.workspaceId} = ${ce.workspaceId} and ${cs.id} = ${ce.caseId}
        where ${ce.workspaceId} = ${workspaceId} and ${cs.customerId} = ${customerId} and ${cs.deletedAt} is null
          and ((${ce.kind} = 'status' and ${ce.toStatus} = 'new') or ${ce.kind} = 'resolution'
            or (${ce.kind} = 'csat' and ${ce.details}->>'step' = 'answered'))
          ${before(sql`${ce.at}`, sql`${ce.id}`)}
        order by ${ce.at} desc, ${ce.id} desc
        limit ${n}`;
      const wants = (kind: TimelineKind) => f.kind === undefined || f.kind === kind;
      const branches = [
        ...(wants('touchpoint') ? [touchpointBranch] : []),
        // A type names touch points only: orders (whose type is a status) and notes drop out.
        ...(wants('order') && !f.type ? [orderBranch] : []),
        ...(wants('note') && !f.channel && !f.type ? [noteBranch] : []),
        ...(wants('case') && !f.channel && !f.type ? [caseBranch] : []),
      ];
      // kind=note with a channel or a type: nothing can match, and an empty UNION is not SQL.
      if (branches.length === 0) return { items: [], nextCursor: null };
      const result = await database.q().execute(sql`select * from (${sql.join(
        branches.map((b) => sql`(${b})`),
        sql` union all `,
      )}) as timeline
        order by occurred_at desc, id desc
        limit ${n}`);
      const rows = rowsOf(result).map(toTimelineRow);
      const page = toPage(rows, f.limit, (r) => [r.occurredKey, r.id]);
      return { items: page.items.map(({ occurredKey: _key, ...row }) => row), nextCursor: page.nextCursor };
    },
  };
}
export type TouchpointsRepo = ReturnType<typeof createTouchpointsRepo>;
