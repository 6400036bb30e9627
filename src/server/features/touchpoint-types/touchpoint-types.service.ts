import { CHANNELS, type Channel } from '../../../shared/contracts/common.js';
import {
  type CatalogueTypeDefinition,
  type ChannelSetting,
  ChannelSettingUpdate,
  channelSettings,
  type TouchpointCatalogue,
  type TouchpointType,
  TouchpointTypeCreate,
  type TouchpointTypeListQuery,
  TouchpointTypeReorder,
  TouchpointTypeUpdate,
  typeLabel,
} from '../../../shared/contracts/touchpoint-types.js';
import { CHANNEL_LABELS } from '../../../shared/contracts/touchpoints.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import { DEFAULT_TOUCHPOINT_TYPES } from './touchpoint-types.defaults.js';
import {
  POSITION_STEP,
  type StoredVocabulary,
  type TouchpointTypeRow,
  type TouchpointTypesRepo,
} from './touchpoint-types.repo.js';

export function toTouchpointType(r: TouchpointTypeRow): TouchpointType {
  return {
    id: r.id,
    key: r.key,
    label: r.label,
    defaultChannel: r.defaultChannel,
    capturesSatisfaction: r.capturesSatisfaction,
    position: r.position,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    archivedAt: r.archivedAt,
  };
}

/** How a workspace names touch points: what the timeline, the lookup and the write paths consult. */
export interface TouchpointVocabulary {
  /** The catalogue's label of a type, else the raw name in words. */
  typeLabel(type: string): string;
  channelLabel(channel: Channel): string;
  /** True or false for a catalogued type (archived too), undefined for one the catalogue does not know. */
  capturesSatisfaction(type: string): boolean | undefined;
}

/** The vocabulary of the catalogue's stored rows. */
export function vocabularyOf(stored: StoredVocabulary): TouchpointVocabulary {
  const labels = new Map(stored.types.map((t) => [t.key, t.label]));
  const capturing = new Map(stored.types.map((t) => [t.key, t.capturesSatisfaction]));
  const channelLabels = new Map(stored.channels.map((c) => [c.channel, c.label]));
  return {
    typeLabel: (type) => typeLabel(type, labels),
    channelLabel: (channel) => channelLabels.get(channel) ?? CHANNEL_LABELS[channel],
    capturesSatisfaction: (type) => capturing.get(type),
  };
}

/**
 * The touch-point catalogue of a workspace. Everyone who reads touch points may read it; only
 * admins (`workspace:manage`) change it, audited. A workspace without any type gets
 * `defaults` on its first read (see docs/decisions.md).
 */
export function createTouchpointTypesService(deps: {
  tx: Database['tx'];
  repo: TouchpointTypesRepo;
  audit: AuditLog;
  clock: Clock;
  defaults?: readonly CatalogueTypeDefinition[];
}) {
  const { repo, audit, clock } = deps;
  const defaults = deps.defaults ?? DEFAULT_TOUCHPOINT_TYPES;
  /** Workspaces seen with a committed catalogue, so the check costs a statement or two per process. */
  const seeded = new Set<string>();

  /**
   * Writes the defaults into a workspace without types. Only a check that found the catalogue
   * already there is remembered: defaults written now may belong to a caller's transaction
   * that still rolls back, so the next call looks again.
   */
  async function ensureCatalogue(workspaceId: string): Promise<void> {
    if (seeded.has(workspaceId)) return;
    if ((await repo.insertIfEmpty(workspaceId, defaults)) === 0) seeded.add(workspaceId);
  }

  async function load(actor: Actor, id: string): Promise<TouchpointTypeRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row) throw new AppError('TOUCHPOINT_TYPE_NOT_FOUND', { id });
    return row;
  }

  async function listTypes(actor: Actor, q: TouchpointTypeListQuery = {}): Promise<TouchpointType[]> {
    requirePermission(actor, 'crm:read');
    await ensureCatalogue(actor.workspaceId);
    const rows = await repo.list(actor.workspaceId, { includeArchived: q.includeArchived ?? false });
    return rows.map(toTouchpointType);
  }

  /** Live types in order and every channel: what forms and filters offer. */
  async function catalogue(actor: Actor): Promise<TouchpointCatalogue> {
    requirePermission(actor, 'crm:read');
    await ensureCatalogue(actor.workspaceId);
    const types = await repo.list(actor.workspaceId);
    const channels = await repo.listChannels(actor.workspaceId);
    return { types: types.map(toTouchpointType), channels: channelSettings(channels) };
  }

  async function vocabulary(actor: Actor): Promise<TouchpointVocabulary> {
    requirePermission(actor, 'crm:read');
    await ensureCatalogue(actor.workspaceId);
    return vocabularyOf(await repo.vocabulary(actor.workspaceId));
  }

  /**
   * Makes sure the workspace has its catalogue, for readers that join it in their own SQL (the
   * lookup). Costs a statement only on a process's first call per workspace.
   */
  async function ensure(actor: Actor): Promise<void> {
    requirePermission(actor, 'crm:read');
    await ensureCatalogue(actor.workspaceId);
  }

  async function createType(actor: Actor, input: TouchpointTypeCreate): Promise<TouchpointType> {
    requirePermission(actor, 'workspace:manage');
    const body = TouchpointTypeCreate.parse(input);
    // Before the first custom type, or the workspace would never get its defaults.
    await ensureCatalogue(actor.workspaceId);
    return deps.tx(async () => {
      const taken = () =>
        new AppError('CONFLICT', { key: body.key }, [
          { path: 'body.key', message: 'is the key of another type in this workspace (archived ones count)' },
        ]);
      if (await repo.findByKey(actor.workspaceId, body.key)) throw taken();
      const now = clock.now();
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id: newId(),
        key: body.key,
        label: body.label,
        defaultChannel: body.defaultChannel,
        capturesSatisfaction: body.capturesSatisfaction,
        position: body.position ?? (await repo.maxPosition(actor.workspaceId)) + POSITION_STEP,
        createdAt: now,
        updatedAt: now,
      });
      if (!row) throw taken();
      const created = toTouchpointType(row);
      await audit.record(actor, {
        action: 'touchpoint_type.create',
        entityType: 'touchpoint_type',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }

  async function updateType(actor: Actor, id: string, input: TouchpointTypeUpdate): Promise<TouchpointType> {
    requirePermission(actor, 'workspace:manage');
    const body = TouchpointTypeUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const now = clock.now();
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.label !== undefined ? { label: body.label } : {}),
        ...(body.defaultChannel !== undefined ? { defaultChannel: body.defaultChannel } : {}),
        ...(body.capturesSatisfaction !== undefined
          ? { capturesSatisfaction: body.capturesSatisfaction }
          : {}),
        // Archiving again keeps the first date; un-archiving puts it back where it was.
        ...(body.archived !== undefined
          ? { archivedAt: body.archived ? (before.archivedAt ?? now) : null }
          : {}),
        updatedAt: now,
      });
      const after = toTouchpointType(row!);
      await audit.record(actor, {
        action: 'touchpoint_type.update',
        entityType: 'touchpoint_type',
        entityId: id,
        before: toTouchpointType(before),
        after,
      });
      return after;
    });
  }

  /** Puts the live types in the order given; it must name each live type exactly once. */
  async function reorder(actor: Actor, input: TouchpointTypeReorder): Promise<TouchpointType[]> {
    requirePermission(actor, 'workspace:manage');
    const body = TouchpointTypeReorder.parse(input);
    await ensureCatalogue(actor.workspaceId);
    return deps.tx(async () => {
      const live = await repo.list(actor.workspaceId);
      const liveIds = new Set(live.map((t) => t.id));
      const unknown = body.ids.find((id) => !liveIds.has(id));
      if (unknown) throw invalidField('body.ids', `${unknown} is not a live type of this workspace`);
      if (body.ids.length !== live.length) {
        throw invalidField('body.ids', `must list all ${live.length} live types, not ${body.ids.length}`);
      }
      await repo.setPositions(
        actor.workspaceId,
        body.ids.map((id, i) => ({ id, position: (i + 1) * POSITION_STEP })),
        clock.now(),
      );
      const after = (await repo.list(actor.workspaceId)).map(toTouchpointType);
      await audit.record(actor, {
        action: 'touchpoint_type.reorder',
        entityType: 'touchpoint_type',
        entityId: null,
        before: live.map((t) => t.key),
        after: after.map((t) => t.key),
      });
      return after;
    });
  }

  async function listChannels(actor: Actor): Promise<ChannelSetting[]> {
    requirePermission(actor, 'crm:read');
    return channelSettings(await repo.listChannels(actor.workspaceId));
  }

  async function updateChannel(
    actor: Actor,
    channel: Channel,
    input: ChannelSettingUpdate,
  ): Promise<ChannelSetting> {
    requirePermission(actor, 'workspace:manage');
    const body = ChannelSettingUpdate.parse(input);
    if (!CHANNELS.includes(channel)) throw invalidField('params.channel', 'is not a channel');
    return deps.tx(async () => {
      const stored = await repo.listChannels(actor.workspaceId);
      const before = channelSettings(stored).find((c) => c.channel === channel)!;
      const label = body.label === undefined ? before.customLabel : body.label;
      const row = await repo.upsertChannel(
        actor.workspaceId,
        {
          channel,
          enabled: body.enabled ?? before.enabled,
          // The built-in label typed back in is no label of the workspace's own.
          label: label === CHANNEL_LABELS[channel] ? null : label,
        },
        clock.now(),
      );
      const after = channelSettings([row])[CHANNELS.indexOf(channel)]!;
      await audit.record(actor, {
        action: 'touchpoint_channel.update',
        entityType: 'touchpoint_channel',
        entityId: channel,
        before,
        after,
      });
      return after;
    });
  }

  return {
    listTypes,
    catalogue,
    vocabulary,
    ensure,
    createType,
    updateType,
    reorder,
    listChannels,
    updateChannel,
  };
}
export type TouchpointTypesService = ReturnType<typeof createTouchpointTypesService>;
