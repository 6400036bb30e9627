import type { Channel } from '../../../shared/contracts/common.js';
import type { TimelineEntry } from '../../../shared/contracts/customers.js';
import { formatMoney } from '../../../shared/contracts/orders.js';
import { typeLabel } from '../../../shared/contracts/touchpoint-types.js';
import {
  CHANNEL_LABELS,
  type TimelineQuery,
  type Touchpoint,
  TouchpointCreate,
  type TouchpointListQuery,
  TouchpointUpdate,
} from '../../../shared/contracts/touchpoints.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, assertNever, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type {
  TouchpointTypesService,
  TouchpointVocabulary,
} from '../touchpoint-types/touchpoint-types.service.js';
import type {
  AnyTimelineRow,
  CaseTimelineRow,
  NoteTimelineRow,
  TimelineRow,
  TouchpointRow,
  TouchpointsRepo,
} from './touchpoints.repo.js';

export function toTouchpoint(r: TouchpointRow): Touchpoint {
  return {
    id: r.id,
    customerId: r.customerId,
    channel: r.channel,
    type: r.type,
    occurredAt: r.occurredAt,
    receivedAt: r.receivedAt,
    properties: r.properties,
    source: r.source,
    messageId: r.messageId,
    staffUserId: r.staffUserId,
    satisfaction: r.satisfaction,
    createdBy: r.createdBy,
    deletedAt: r.deletedAt,
  };
}

const NO_LABELS: ReadonlyMap<string, string> = new Map();

/** Labels without a catalogue: the built-in channel labels and raw type names in words. */
export const BUILT_IN_VOCABULARY: TouchpointVocabulary = {
  typeLabel: (type) => typeLabel(type, NO_LABELS),
  channelLabel: (channel) => CHANNEL_LABELS[channel],
  capturesSatisfaction: () => undefined,
};

/**
 * Refuses a satisfaction on a type the catalogue does not rate (VALIDATION_FAILED on `field`).
 * A type the catalogue does not know keeps what the sender gave: events name types freely.
 */
export function assertSatisfactionAllowed(
  vocabulary: TouchpointVocabulary,
  touchpoint: { type: string; satisfaction?: number | null | undefined },
  field: string,
  hint = '',
): void {
  if (touchpoint.satisfaction === null || touchpoint.satisfaction === undefined) return;
  if (vocabulary.capturesSatisfaction(touchpoint.type) !== false) return;
  throw invalidField(
    field,
    `cannot be recorded: the catalogue does not capture satisfaction for "${vocabulary.typeLabel(touchpoint.type)}" (${touchpoint.type})${hint}`,
  );
}

/**
 * A timeline row for people: "Front desk · Check-in" for a touch point (the workspace's labels),
 * "Order #A-1001 · 3 items · €412.50" for an order (with its status unless completed), and for a
 * note its whole body (it is what the note says) with `properties.author`. A touch point or order
 * keeps its channel in the type, so callers that never read notes need not handle a null channel.
 */
export function toTimelineEntry(
  r: TimelineRow,
  v?: TouchpointVocabulary,
): TimelineEntry & { channel: Channel };
export function toTimelineEntry(r: AnyTimelineRow, v?: TouchpointVocabulary): TimelineEntry;
export function toTimelineEntry(
  r: AnyTimelineRow,
  v: TouchpointVocabulary = BUILT_IN_VOCABULARY,
): TimelineEntry {
  if (r.kind === 'note') return noteEntry(r);
  if (r.kind === 'case') return caseEntry(r);
  const channelLabel = v.channelLabel(r.channel);
  const base = {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    type: r.type,
    channelLabel,
    occurredAt: r.occurredAt,
  };
  switch (r.kind) {
    case 'touchpoint': {
      const label = v.typeLabel(r.type);
      const parts = [channelLabel, label];
      if (r.satisfaction !== null) parts.push(`satisfaction ${r.satisfaction}/5`);
      return {
        ...base,
        typeLabel: label,
        summary: parts.join(' · '),
        satisfaction: r.satisfaction,
        properties: r.properties,
      };
    }
    case 'order': {
      const items = r.itemCount ?? 0;
      const parts = [r.externalId ? `Order #${r.externalId}` : 'Order'];
      if (items) parts.push(`${items} ${Math.abs(items) === 1 ? 'item' : 'items'}`);
      if (r.currency !== null && r.totalMinor !== null) parts.push(formatMoney(r.totalMinor, r.currency));
      if (r.type !== 'completed') parts.push(r.type);
      return {
        ...base,
        typeLabel: typeLabel(r.type, NO_LABELS),
        summary: parts.join(' · '),
        satisfaction: null,
        properties: {
          externalId: r.externalId,
          status: r.type,
          location: r.location,
          currency: r.currency,
          totalMinor: r.totalMinor,
          itemCount: items,
        },
      };
    }
    default:
      return assertNever(r);
  }
}

const CASE_STEP_LABELS: Record<CaseTimelineRow['type'], string> = {
  case_opened: 'Case opened',
  case_resolved: 'Case resolved',
  case_csat: 'Satisfaction after a case',
};

/**
 * A case's step: "C-000123 · complaint: Cold room", "C-000123 resolved: fixed (root cause
 * facility)", "C-000123 · satisfaction 4/5". The subject is the customer's words, as text.
 */
function caseEntry(r: CaseTimelineRow): TimelineEntry {
  const p = r.properties;
  const ref = String(p.reference ?? '');
  const words = (v: unknown) => String(v).replaceAll('_', ' ');
  let summary: string;
  switch (r.type) {
    case 'case_opened':
      summary = `${ref} · ${words(p.caseType ?? 'case')}: ${r.body}`;
      break;
    case 'case_resolved':
      summary = `${ref} resolved${p.outcome ? `: ${words(p.outcome)}` : ''}${p.rootCause ? ` (root cause ${words(p.rootCause)})` : ''}`;
      break;
    case 'case_csat':
      summary = `${ref} · satisfaction ${r.satisfaction ?? '?'}/5`;
      break;
    default:
      return assertNever(r.type);
  }
  return {
    id: r.id,
    kind: 'case',
    channel: null,
    type: r.type,
    typeLabel: CASE_STEP_LABELS[r.type],
    channelLabel: null,
    occurredAt: r.occurredAt,
    summary,
    satisfaction: r.satisfaction,
    properties: { ...p, subject: r.body },
  };
}

function noteEntry(r: NoteTimelineRow): TimelineEntry {
  return {
    id: r.id,
    kind: 'note',
    channel: null,
    type: r.type,
    typeLabel: 'Note',
    channelLabel: null,
    occurredAt: r.occurredAt,
    summary: r.body,
    satisfaction: null,
    properties: { author: r.author },
  };
}

export function createTouchpointsService(deps: {
  tx: Database['tx'];
  repo: TouchpointsRepo;
  /** `get` proves a customer readable (deleted ones too); `assertExists` that it can take new events. */
  customers: Pick<CustomersService, 'get' | 'assertExists'>;
  /** Labels the timeline and says which types take a satisfaction. */
  catalogue: Pick<TouchpointTypesService, 'vocabulary'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock, customers, catalogue } = deps;

  async function load(
    actor: Actor,
    id: string,
    opts: { includeDeleted?: boolean } = {},
  ): Promise<TouchpointRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('TOUCHPOINT_NOT_FOUND', { id });
    return row;
  }

  async function requireLiveCustomer(actor: Actor, customerId: string): Promise<void> {
    try {
      await customers.assertExists(actor, customerId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CUSTOMER_NOT_FOUND') {
        throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId }, [
          { path: 'body.customerId', message: 'no such customer in this workspace' },
        ]);
      }
      throw err;
    }
  }

  async function requireStaffUser(actor: Actor, userId: string | null | undefined): Promise<void> {
    if (userId && !(await repo.staffUserExists(actor.workspaceId, userId))) {
      throw new AppError('USER_NOT_FOUND', { id: userId }, [
        { path: 'body.staffUserId', message: 'no such user in this workspace' },
      ]);
    }
  }

  /**
   * A delivery of a message id already stored: the same event again (200, nothing stored) — or,
   * naming another customer, a sender reusing ids, which is refused.
   */
  function replay(seen: TouchpointRow, customerId: string): { touchpoint: Touchpoint; created: false } {
    if (seen.customerId !== customerId) {
      throw new AppError('MESSAGE_ID_TAKEN', { messageId: seen.messageId }, [
        { path: 'body.messageId', message: 'is the message id of an event of another customer' },
      ]);
    }
    return { touchpoint: toTouchpoint(seen), created: false };
  }

  /**
   * Records a touch point; idempotent on `messageId`: a second delivery returns the first with
   * `created: false` and stores nothing, also when the deliveries race.
   */
  async function create(
    actor: Actor,
    input: TouchpointCreate,
  ): Promise<{ touchpoint: Touchpoint; created: boolean }> {
    requirePermission(actor, 'crm:write');
    const body = TouchpointCreate.parse(input);
    assertSatisfactionAllowed(await catalogue.vocabulary(actor), body, 'body.satisfaction');
    return deps.tx(async () => {
      if (body.messageId) {
        const seen = await repo.findByMessageId(actor.workspaceId, body.messageId);
        if (seen) return replay(seen, body.customerId);
      }
      await requireLiveCustomer(actor, body.customerId);
      await requireStaffUser(actor, body.staffUserId);
      const id = newId();
      const row = await repo.insertUnlessMessageSeen({
        workspaceId: actor.workspaceId,
        id,
        customerId: body.customerId,
        channel: body.channel,
        type: body.type,
        occurredAt: new Date(body.occurredAt),
        receivedAt: clock.now(),
        properties: body.properties,
        source: body.source ?? null,
        messageId: body.messageId ?? null,
        staffUserId: body.staffUserId ?? null,
        satisfaction: body.satisfaction ?? null,
        createdBy: actorRef(actor),
      });
      if (!row) {
        // Lost a race with another delivery of the same message: that one is now committed.
        const seen = await repo.findByMessageId(actor.workspaceId, body.messageId ?? '');
        if (!seen) throw new AppError('CONFLICT', { messageId: body.messageId });
        return replay(seen, body.customerId);
      }
      const touchpoint = toTouchpoint(row);
      await audit.record(actor, {
        action: 'touchpoint.create',
        entityType: 'touchpoint',
        entityId: id,
        after: touchpoint,
      });
      return { touchpoint, created: true };
    });
  }

  async function get(actor: Actor, id: string): Promise<Touchpoint> {
    requirePermission(actor, 'crm:read');
    return toTouchpoint(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: TouchpointUpdate): Promise<Touchpoint> {
    requirePermission(actor, 'crm:write');
    const body = TouchpointUpdate.parse(input);
    // Read before the transaction: a first read may write the workspace's default catalogue.
    const vocabulary = await catalogue.vocabulary(actor);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const type = body.type ?? before.type;
      if (body.satisfaction !== undefined) {
        assertSatisfactionAllowed(vocabulary, { type, satisfaction: body.satisfaction }, 'body.satisfaction');
      } else if (type !== before.type) {
        assertSatisfactionAllowed(
          vocabulary,
          { type, satisfaction: before.satisfaction },
          'body.type',
          `, and this touch point has one: clear it with "satisfaction": null in the same request`,
        );
      }
      await requireStaffUser(actor, body.staffUserId);
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.channel !== undefined ? { channel: body.channel } : {}),
        ...(body.type !== undefined ? { type: body.type } : {}),
        ...(body.occurredAt !== undefined ? { occurredAt: new Date(body.occurredAt) } : {}),
        ...(body.properties !== undefined ? { properties: body.properties } : {}),
        ...(body.source !== undefined ? { source: body.source } : {}),
        ...(body.staffUserId !== undefined ? { staffUserId: body.staffUserId } : {}),
        ...(body.satisfaction !== undefined ? { satisfaction: body.satisfaction } : {}),
      });
      const after = toTouchpoint(row!);
      await audit.record(actor, {
        action: 'touchpoint.update',
        entityType: 'touchpoint',
        entityId: id,
        before: toTouchpoint(before),
        after,
      });
      return after;
    });
  }

  async function list(actor: Actor, q: TouchpointListQuery): Promise<Page<Touchpoint>> {
    requirePermission(actor, 'crm:read');
    const page = await repo.list(actor.workspaceId, {
      sort: q.sort,
      order: q.order,
      customerId: q.customerId,
      channel: q.channel,
      type: q.type,
      occurredFrom: q.occurredFrom ? new Date(q.occurredFrom) : undefined,
      occurredTo: q.occurredTo ? new Date(q.occurredTo) : undefined,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { items: page.items.map(toTouchpoint), nextCursor: page.nextCursor };
  }

  /**
   * A customer's touch points, orders and notes, newest first by when they happened; CUSTOMER_NOT_FOUND
   * unless the customer is in the actor's workspace.
   */
  async function timelineForCustomer(
    actor: Actor,
    customerId: string,
    q: TimelineQuery,
  ): Promise<Page<TimelineEntry>> {
    requirePermission(actor, 'crm:read');
    await customers.get(actor, customerId);
    const vocabulary = await catalogue.vocabulary(actor);
    const page = await repo.timelineForCustomer(actor.workspaceId, customerId, q);
    return { items: page.items.map((r) => toTimelineEntry(r, vocabulary)), nextCursor: page.nextCursor };
  }

  const { remove } = softDeletion({
    entityType: 'touchpoint',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toTouchpoint(row),
    stampsUpdates: false,
  });

  return { create, get, update, remove, list, timelineForCustomer };
}
export type TouchpointsService = ReturnType<typeof createTouchpointsService>;
