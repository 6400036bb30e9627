import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js/max';
import {
  CASE_TRANSITIONS,
  type Case,
  type CaseChannel,
  CaseCreate,
  type CaseCreated,
  type CaseDetail,
  type CaseEvent,
  CaseIntake,
  type CaseIntakeResult,
  type CaseListQuery,
  type CaseMessage,
  CaseMessageCreate,
  type CaseMessageKind,
  type CaseSenderFields,
  type CaseStatus,
  CaseStatusChange,
  CaseUpdate,
  type CustomerCaseListQuery,
  canTransition,
  MAX_ATTACHMENT_BYTES,
  MAX_CASE_ATTACHMENT_BYTES,
  type SlaHistoryEntry,
} from '../../../shared/contracts/cases.js';
import type { ContactChannel } from '../../../shared/contracts/relationships.js';
import type { ErrorCode } from '../../../shared/errors.js';
import { cleanText, normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, assertNever, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { searchWords, uniqueTags } from '../../lib/search.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { EventsService } from '../events/events.service.js';
import { type IdentityRef, identityKey } from '../identity/identity.core.js';
import type { OrdersService } from '../orders/orders.service.js';
import type { ProductsService } from '../products/products.service.js';
import type { RelationshipsService } from '../relationships/relationships.service.js';
import type { TouchpointsService } from '../touchpoints/touchpoints.service.js';
import type { UsersService } from '../users/users.service.js';
import { CASE_PERMISSIONS } from './cases.policy.js';
import type {
  CaseEventInsert,
  CaseEventRow,
  CaseFilter,
  CaseMessageRow,
  CaseRow,
  CaseSlaRow,
  CasesRepo,
} from './cases.repo.js';

/** A submission repeating a case created this recently (ms) answers that case instead. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** @example formatReference(123) // 'C-000123' */
export function formatReference(n: number): string {
  return `C-${String(n).padStart(6, '0')}`;
}

/**
 * What makes two bodies the same submission: trimmed, white space collapsed, lower-cased, as
 * a sha256 hex digest.
 * @example bodyFingerprint(' The  soup was COLD ') === bodyFingerprint('the soup was cold')
 */
export function bodyFingerprint(body: string): string {
  return createHash('sha256')
    .update((cleanText(body) ?? '').toLowerCase())
    .digest('hex');
}

/**
 * A subject for a case whose sender gave none: the body's first line with words in it, white
 * space collapsed, cut at 80 characters.
 * @example subjectFromBody('\n  The soup was cold.\nAnd late.') === 'The soup was cold.'
 */
export function subjectFromBody(body: string): string {
  const line = body.split(/\r?\n/).map(cleanText).find(Boolean) ?? 'Message';
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

/**
 * A social handle as an identity: an external id whose source is the network, without a
 * leading `@`, lower-cased (handles on the major networks are case-insensitive).
 * @example socialIdentity({ network: 'instagram', handle: '@Anna.Lee' }) // { kind: 'external_id', source: 'instagram', value: 'anna.lee' }
 */
export function socialIdentity(social: { network: string; handle: string }): IdentityRef {
  return {
    kind: 'external_id',
    source: social.network.trim().toLowerCase(),
    value: social.handle.trim().replace(/^@+/, '').toLowerCase(),
  };
}

/** Which way a message went: replies out to the customer, customer messages in, notes nowhere. */
export function directionOf(kind: CaseMessageKind): 'inbound' | 'outbound' | null {
  switch (kind) {
    case 'reply':
      return 'outbound';
    case 'customer_message':
      return 'inbound';
    case 'internal_note':
      return null;
    default:
      return assertNever(kind);
  }
}

/**
 * The resolution stamps after a case enters `to`: resolving stamps resolvedAt, closing stamps
 * closedAt and keeps resolvedAt, anything else (reopening) clears both.
 */
export function stampsAfter(
  before: { resolvedAt: Date | null },
  to: CaseStatus,
  now: Date,
): { resolvedAt: Date | null; closedAt: Date | null } {
  switch (to) {
    case 'resolved':
      return { resolvedAt: now, closedAt: null };
    case 'closed':
      return { resolvedAt: before.resolvedAt, closedAt: now };
    case 'new':
    case 'acknowledged':
    case 'in_progress':
    case 'waiting_on_customer':
      return { resolvedAt: null, closedAt: null };
    default:
      return assertNever(to);
  }
}

/** A case as the API answers it; `sla` is its stored SLA row (none: nothing evaluated yet). */
export function toCase(r: CaseRow, sla?: CaseSlaRow | null): Case {
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    customerId: r.customerId,
    orderId: r.orderId,
    productId: r.productId,
    touchpointId: r.touchpointId,
    location: r.location,
    severity: r.severity,
    status: r.status,
    assigneeUserId: r.assigneeUserId,
    team: r.team,
    tags: r.tags,
    idempotencyKey: r.idempotencyKey,
    attachmentBytes: r.attachmentBytes,
    openedAt: r.openedAt,
    firstRespondedAt: r.firstRespondedAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    assignedAt: r.assignedAt,
    sla: {
      policyId: sla?.policyId ?? null,
      state: sla?.state ?? null,
      dueAt: sla?.dueAt ?? null,
      targets: (sla?.targets ?? []).map(([kind, targetMinutes, state, due]) => ({
        kind,
        targetMinutes,
        state,
        dueAt: due === null ? null : new Date(due),
      })),
      evaluatedAt: sla?.evaluatedAt ?? null,
    },
    escalationLevel: r.escalationLevel,
    sourceUrl: r.sourceUrl,
    sentiment: r.sentiment,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

export function toCaseMessage(r: CaseMessageRow): CaseMessage {
  return {
    id: r.id,
    caseId: r.caseId,
    kind: r.kind,
    direction: directionOf(r.kind),
    author: r.author,
    body: r.body,
    attachments: r.attachments,
    email: r.emailStatus
      ? {
          status: r.emailStatus,
          messageId: r.emailMessageId,
          inReplyTo: r.emailInReplyTo,
          to: r.emailTo,
          notSentReason: r.emailNotSentReason,
          sentAt: r.emailSentAt,
          lastError: r.emailLastError,
        }
      : null,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

export function toCaseEvent(r: CaseEventRow): CaseEvent {
  return {
    id: r.id,
    at: r.at,
    kind: r.kind,
    fromStatus: r.fromStatus,
    status: r.toStatus,
    reason: r.reason,
    assigneeUserId: r.assigneeUserId,
    team: r.team,
    messageId: r.messageId,
    details: r.details,
    actor: r.actor,
  };
}

/** Per file, then per message: ATTACHMENT_TOO_LARGE naming the first file over the limit. */
function assertFileSizes(attachments: readonly { sizeBytes: number }[]): void {
  const i = attachments.findIndex((a) => a.sizeBytes > MAX_ATTACHMENT_BYTES);
  if (i >= 0) {
    throw new AppError('ATTACHMENT_TOO_LARGE', { limitBytes: MAX_ATTACHMENT_BYTES }, [
      { path: `body.attachments.${i}.sizeBytes`, message: 'must be at most 10 MiB (10,485,760 bytes)' },
    ]);
  }
}

/** Where a reply to a case goes: back the way it came; web forms and the API are answered by e-mail. */
export const REPLY_CHANNEL: Readonly<Record<CaseChannel, ContactChannel>> = {
  web_form: 'email',
  email: 'email',
  phone: 'phone',
  chat: 'email',
  api: 'email',
  social: 'social',
  in_person: 'in_person',
};

export function createCasesService(deps: {
  tx: Database['tx'];
  repo: CasesRepo;
  customers: Pick<CustomersService, 'get'>;
  /** Resolves an unverified sender to a customer (creating a provisional one): events' resolution. */
  senders: Pick<EventsService, 'resolveSender'>;
  /** Country for phone numbers written without a country code. */
  phoneCountry: (workspaceId: string) => Promise<CountryCode>;
  users: Pick<UsersService, 'exists'>;
  orders: Pick<OrdersService, 'get'>;
  products: Pick<ProductsService, 'get'>;
  touchpoints: Pick<TouchpointsService, 'get'>;
  /** The relationship policy check every reply to a customer passes (and is logged by). */
  policy: Pick<RelationshipsService, 'check'>;
  /**
   * Called in the reply's transaction once it is stored, answering it as it now is: e-mail
   * queues it to be sent (case-mail.service.ts).
   */
  replies?: { added(actor: Actor, kase: CaseRow, message: CaseMessageRow): Promise<CaseMessageRow> };
  /**
   * Called in a change's transaction once the case is stored: re-evaluates and stores its SLA
   * (case-sla.service.ts), acting on a warning or breach the change brought.
   */
  sla?: { refresh(actor: Actor, ids: readonly string[]): Promise<void> };
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  const notFound = (id: string) => new AppError('CASE_NOT_FOUND', { id });

  /** The case with its stored SLA, as the API answers it. */
  async function present(actor: Actor, row: CaseRow): Promise<Case> {
    return toCase(row, (await repo.slasOf(actor.workspaceId, [row.id])).get(row.id));
  }

  /**
   * The case after its SLA was re-evaluated and stored (in the caller's transaction), as the
   * API answers it: an escalation the change brought may have changed the case too.
   */
  async function refreshed(actor: Actor, row: CaseRow): Promise<Case> {
    if (!deps.sla) return present(actor, row);
    await deps.sla.refresh(actor, [row.id]);
    return present(actor, (await repo.findById(actor.workspaceId, row.id)) ?? row);
  }

  async function load(actor: Actor, id: string, opts: { includeDeleted?: boolean } = {}): Promise<CaseRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw notFound(id);
    return row;
  }

  /** A live case, locked for the rest of the transaction. */
  async function lock(actor: Actor, id: string): Promise<CaseRow> {
    const row = await repo.lockById(actor.workspaceId, id);
    if (!row || row.deletedAt) throw notFound(id);
    return row;
  }

  /**
   * A record the body names must be a live one of the workspace: else 404 with `code`, naming
   * the field (as other features answer for a customer of another workspace).
   */
  async function requireLive(
    code: ErrorCode,
    path: string,
    what: string,
    id: string | null | undefined,
    find: (id: string) => Promise<{ deletedAt: Date | null }>,
  ): Promise<void> {
    if (!id) return;
    const found = await find(id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === code) return null;
      throw err;
    });
    if (!found || found.deletedAt) {
      throw new AppError(code, { id }, [{ path, message: `no such ${what} in this workspace` }]);
    }
  }

  async function assertAssignee(actor: Actor, assigneeUserId: string | null | undefined): Promise<void> {
    if (assigneeUserId && !(await deps.users.exists(actor, assigneeUserId))) {
      throw invalidField('body.assigneeUserId', 'is not a user of this workspace');
    }
  }

  const event = (
    actor: Actor,
    caseId: string,
    at: Date,
    fields: Omit<CaseEventInsert, 'workspaceId' | 'id' | 'caseId' | 'at' | 'actor'>,
  ): CaseEventInsert => ({
    workspaceId: actor.workspaceId,
    id: newId(),
    caseId,
    at,
    actor: actorRef(actor),
    ...fields,
  });

  /** An assignment event when the assignee or team differ from before (nobody, for a new case). */
  function assignmentEvents(
    actor: Actor,
    before: Pick<CaseRow, 'assigneeUserId' | 'team'> | null,
    after: CaseRow,
    at: Date,
  ): CaseEventInsert[] {
    const was = before ?? { assigneeUserId: null, team: null };
    if (was.assigneeUserId === after.assigneeUserId && was.team === after.team) return [];
    return [
      event(actor, after.id, at, {
        kind: 'assignment',
        assigneeUserId: after.assigneeUserId,
        team: after.team,
      }),
    ];
  }

  /**
   * A retry of a stored submission answers its case; the same key for a different customer,
   * type or body is a sender reusing keys, which is refused.
   */
  async function replay(
    actor: Actor,
    seen: CaseRow,
    body: { customerId: string; type: string },
    fingerprint: string,
  ): Promise<CaseCreated> {
    if (
      seen.customerId !== body.customerId ||
      seen.type !== body.type ||
      seen.bodyFingerprint !== fingerprint
    ) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', { idempotencyKey: seen.idempotencyKey }, [
        { path: 'body.idempotencyKey', message: 'was used for another submission' },
      ]);
    }
    return { ...(await present(actor, seen)), duplicateOf: seen.id };
  }

  /**
   * Opens a case as `new`. A submission repeating a case — the same idempotency key at any
   * time, or the same customer, type and normalised body within 10 minutes — stores nothing
   * and answers that case with `duplicateOf` set, also when the submissions race.
   */
  async function create(actor: Actor, input: CaseCreate): Promise<CaseCreated> {
    requirePermission(actor, CASE_PERMISSIONS.create);
    const body = CaseCreate.parse(input);
    const now = clock.now();
    const openedAt = body.openedAt ? new Date(body.openedAt) : now;
    if (openedAt > now) throw invalidField('body.openedAt', 'must not be in the future');
    const fingerprint = bodyFingerprint(body.body);
    const ws = actor.workspaceId;
    return deps.tx(async () => {
      if (body.idempotencyKey) {
        const seen = await repo.findByIdempotencyKey(ws, body.idempotencyKey);
        if (seen) return replay(actor, seen, body, fingerprint);
      }
      const customer = (id: string) => deps.customers.get(actor, id);
      await requireLive('CUSTOMER_NOT_FOUND', 'body.customerId', 'customer', body.customerId, customer);
      await requireLive('ORDER_NOT_FOUND', 'body.orderId', 'order', body.orderId, (id) =>
        deps.orders.get(actor, id),
      );
      await requireLive('PRODUCT_NOT_FOUND', 'body.productId', 'product', body.productId, (id) =>
        deps.products.get(actor, id),
      );
      await requireLive('TOUCHPOINT_NOT_FOUND', 'body.touchpointId', 'touch point', body.touchpointId, (id) =>
        deps.touchpoints.get(actor, id),
      );
      await assertAssignee(actor, body.assigneeUserId);

      await repo.lockSubmission(`case:${ws}:${body.customerId}:${body.type}:${fingerprint}`);
      const repeated = await repo.findRecentDuplicate(ws, {
        customerId: body.customerId,
        type: body.type,
        bodyFingerprint: fingerprint,
        since: new Date(now.getTime() - DUPLICATE_WINDOW_MS),
      });
      if (repeated) return { ...(await present(actor, repeated)), duplicateOf: repeated.id };

      const id = newId();
      const row = await repo.insertUnlessKeySeen({
        workspaceId: ws,
        id,
        reference: formatReference(await repo.nextNumber(ws)),
        type: body.type,
        channel: body.channel,
        subject: body.subject,
        body: body.body,
        bodyFingerprint: fingerprint,
        customerId: body.customerId,
        orderId: body.orderId ?? null,
        productId: body.productId ?? null,
        touchpointId: body.touchpointId ?? null,
        location: body.location || null,
        severity: body.severity,
        status: 'new',
        assigneeUserId: body.assigneeUserId ?? null,
        assignedAt: body.assigneeUserId ? now : null,
        team: body.team ?? null,
        tags: uniqueTags(body.tags),
        idempotencyKey: body.idempotencyKey ?? null,
        openedAt,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      if (!row) {
        // Lost a race with a retry of the same key: that one is now committed.
        const seen = await repo.findByIdempotencyKey(ws, body.idempotencyKey ?? '');
        if (!seen) throw new AppError('CONFLICT', { idempotencyKey: body.idempotencyKey });
        return replay(actor, seen, body, fingerprint);
      }
      await repo.insertEvents([
        event(actor, id, openedAt, { kind: 'status', toStatus: 'new' }),
        ...assignmentEvents(actor, null, row, now),
      ]);
      const created = await refreshed(actor, row);
      await audit.record(actor, { action: 'case.create', entityType: 'case', entityId: id, after: created });
      return { ...created, duplicateOf: null };
    });
  }

  /**
   * The sender's identities as the identities table stores them, with the values as typed.
   * `path` names the sender's fields in errors (`body.sender`, or `body` for the web form).
   */
  async function senderIdentities(
    actor: Actor,
    sender: CaseSenderFields,
    path: string,
  ): Promise<{ identities: IdentityRef[]; raw: Map<string, string> }> {
    const identities: IdentityRef[] = [];
    const raw = new Map<string, string>();
    const add = (i: IdentityRef, typed: string) => {
      identities.push(i);
      raw.set(identityKey(i.kind, i.source, i.value), typed);
    };
    if (sender.email) {
      const value = normalizeEmail(sender.email);
      if (!value) throw invalidField(`${path}.email`, 'is not a valid e-mail address');
      add({ kind: 'email', source: '', value }, sender.email.trim());
    }
    if (sender.phone) {
      const value = normalizePhone(sender.phone, await deps.phoneCountry(actor.workspaceId));
      if (!value) throw invalidField(`${path}.phone`, 'is not a valid phone number');
      add({ kind: 'phone', source: '', value }, sender.phone.trim());
    }
    if (sender.social) {
      const i = socialIdentity(sender.social);
      if (!i.value) throw invalidField(`${path}.social.handle`, 'is required');
      add(i, sender.social.handle.trim());
    }
    return { identities, raw };
  }

  /**
   * Opens a case for someone known by their identities rather than a customer id: they are
   * resolved to a customer as events resolve identities (merging nobody and changing no
   * profile: the sender is unverified), and a sender naming nobody becomes a new provisional
   * customer (audited as `customer.create`). The case then opens through `create`, so a repeat
   * answers the case it repeats. `senderPath` names the sender's fields in errors.
   */
  async function intake(
    actor: Actor,
    input: CaseIntake,
    opts: { senderPath?: string } = {},
  ): Promise<CaseIntakeResult> {
    requirePermission(actor, CASE_PERMISSIONS.create);
    const { sender, ...fields } = CaseIntake.parse(input);
    const path = opts.senderPath ?? 'body.sender';
    const { identities, raw } = await senderIdentities(actor, sender, path);
    return deps.tx(async () => {
      const found = await deps.senders.resolveSender(actor, {
        identities,
        raw,
        fullName: cleanText(sender.name),
      });
      if (!found) {
        const field = sender.email ? 'email' : sender.phone ? 'phone' : 'social.handle';
        throw invalidField(
          `${path}.${field}`,
          'cannot be used to reach anyone; give another way to answer you',
        );
      }
      if (found.created) {
        await audit.record(actor, {
          action: 'customer.create',
          entityType: 'customer',
          entityId: found.customerId,
          after: await deps.customers.get(actor, found.customerId),
        });
      }
      const created = await create(actor, { ...fields, customerId: found.customerId });
      return { ...created, customerCreated: found.created };
    });
  }

  /**
   * The reference the workspace's next case would get, given out to nobody: what a submission
   * caught as spam is answered with, so it looks like any other.
   */
  async function nextReference(actor: Actor): Promise<string> {
    requirePermission(actor, CASE_PERMISSIONS.create);
    return formatReference((await repo.lastNumber(actor.workspaceId)) + 1);
  }

  /** The case (deleted ones too) with its messages and history, oldest first. */
  async function get(actor: Actor, id: string): Promise<CaseDetail> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    const row = await load(actor, id, { includeDeleted: true });
    const [messages, events] = await Promise.all([
      repo.listMessages(actor.workspaceId, id),
      repo.listEvents(actor.workspaceId, id),
    ]);
    return {
      ...(await present(actor, row)),
      messages: messages.map(toCaseMessage),
      history: events.map(toCaseEvent),
    };
  }

  /** Changes subject, severity, tags, assignee or team; a new assignee or team is in the history. */
  async function update(actor: Actor, id: string, input: CaseUpdate): Promise<Case> {
    requirePermission(actor, CASE_PERMISSIONS.update);
    const body = CaseUpdate.parse(input);
    return deps.tx(async () => {
      const before = await lock(actor, id);
      if (body.assigneeUserId !== undefined && body.assigneeUserId !== before.assigneeUserId) {
        await assertAssignee(actor, body.assigneeUserId);
      }
      const now = clock.now();
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.subject !== undefined ? { subject: body.subject } : {}),
        ...(body.severity !== undefined ? { severity: body.severity } : {}),
        ...(body.tags !== undefined ? { tags: uniqueTags(body.tags) } : {}),
        ...(body.assigneeUserId !== undefined && body.assigneeUserId !== before.assigneeUserId
          ? { assigneeUserId: body.assigneeUserId, assignedAt: body.assigneeUserId ? now : null }
          : {}),
        ...(body.team !== undefined ? { team: body.team } : {}),
        updatedAt: now,
        updatedBy: actorRef(actor),
      });
      await repo.insertEvents(assignmentEvents(actor, before, row!, now));
      const after = await refreshed(actor, row!);
      await audit.record(actor, {
        action: 'case.update',
        entityType: 'case',
        entityId: id,
        before: toCase(before),
        after,
      });
      return after;
    });
  }

  /**
   * Moves the case to a status CASE_TRANSITIONS allows from its current one, recording it in
   * the history; asking for the status it has changes nothing. Anything else is
   * INVALID_TRANSITION naming `body.status`.
   */
  async function changeStatus(actor: Actor, id: string, input: CaseStatusChange): Promise<Case> {
    requirePermission(actor, CASE_PERMISSIONS.update);
    const body = CaseStatusChange.parse(input);
    return deps.tx(async () => {
      const before = await lock(actor, id);
      const from = before.status;
      const to = body.status;
      if (from === to) return present(actor, before);
      if (!canTransition(from, to)) {
        const allowed = CASE_TRANSITIONS[from];
        throw new AppError(
          'INVALID_TRANSITION',
          { from, to, allowed },
          [
            {
              path: 'body.status',
              message: `cannot go from ${from} to ${to}; allowed: ${allowed.join(', ')}`,
            },
          ],
          `A case that is ${from} cannot become ${to}`,
        );
      }
      const now = clock.now();
      const row = await repo.update(actor.workspaceId, id, {
        status: to,
        ...stampsAfter(before, to, now),
        updatedAt: now,
        updatedBy: actorRef(actor),
      });
      await repo.insertEvents([
        event(actor, id, now, {
          kind: 'status',
          fromStatus: from,
          toStatus: to,
          reason: body.reason || null,
        }),
      ]);
      const after = await refreshed(actor, row!);
      await audit.record(actor, {
        action: 'case.status',
        entityType: 'case',
        entityId: id,
        before: toCase(before),
        after,
      });
      return after;
    });
  }

  /**
   * Adds a note, a reply or a customer message with its attachments' metadata (at most 10 MiB a
   * file and 25 MiB a case, else ATTACHMENT_TOO_LARGE). The first reply stamps firstRespondedAt;
   * replies and customer messages go into the history, notes do not. A reply passes the
   * relationship policy check and is then handed to `replies` (e-mailed, or marked not sent).
   */
  async function addMessage(actor: Actor, caseId: string, input: CaseMessageCreate): Promise<CaseMessage> {
    requirePermission(actor, CASE_PERMISSIONS.update);
    const body = CaseMessageCreate.parse(input);
    assertFileSizes(body.attachments);
    const added = body.attachments.reduce((sum, a) => sum + a.sizeBytes, 0);
    return deps.tx(async () => {
      const before = await lock(actor, caseId);
      const total = before.attachmentBytes + added;
      if (total > MAX_CASE_ATTACHMENT_BYTES) {
        throw new AppError(
          'ATTACHMENT_TOO_LARGE',
          { limitBytes: MAX_CASE_ATTACHMENT_BYTES, caseBytes: before.attachmentBytes, addedBytes: added },
          [
            {
              path: 'body.attachments',
              message: `would bring the case's attachments to ${total} bytes, above 25 MiB (26,214,400 bytes)`,
            },
          ],
        );
      }
      const now = clock.now();
      if (body.kind === 'reply') {
        const decision = await deps.policy.check(actor, {
          customerId: before.customerId,
          action: {
            channel: REPLY_CHANNEL[before.channel as CaseChannel],
            purpose: 'service',
            contentTags: [],
            automated: false,
          },
          source: 'case_reply',
          contact: true,
        });
        if (decision.verdict === 'block') {
          throw new AppError('POLICY_BLOCKED', { decisionId: decision.id, reasons: decision.reasons });
        }
      }
      const author =
        body.kind === 'customer_message'
          ? {
              type: 'customer' as const,
              id: before.customerId,
              name: (await deps.customers.get(actor, before.customerId)).fullName,
            }
          : actorRef(actor);
      const message = await repo.insertMessage({
        workspaceId: actor.workspaceId,
        id: newId(),
        caseId,
        kind: body.kind,
        author,
        body: body.body,
        attachments: body.attachments.map((a) => ({ id: newId(), ...a })),
        createdAt: now,
        createdBy: actorRef(actor),
      });
      const stored =
        body.kind === 'reply' && deps.replies ? await deps.replies.added(actor, before, message) : message;
      const replyKind =
        body.kind === 'reply' ? 'agent_reply' : body.kind === 'customer_message' ? 'customer_reply' : null;
      if (replyKind)
        await repo.insertEvents([event(actor, caseId, now, { kind: replyKind, messageId: message.id })]);
      const row = await repo.update(actor.workspaceId, caseId, {
        ...(body.kind === 'reply' && !before.firstRespondedAt ? { firstRespondedAt: now } : {}),
        attachmentBytes: total,
        updatedAt: now,
        updatedBy: actorRef(actor),
      });
      const created = toCaseMessage(stored);
      await audit.record(actor, {
        action: 'case.message',
        entityType: 'case',
        entityId: caseId,
        before: toCase(before),
        after: { ...(replyKind ? await refreshed(actor, row!) : toCase(row!)), message: created },
      });
      return created;
    });
  }

  function filterOf(
    actor: Actor,
    q: CustomerCaseListQuery & { customerId?: string | undefined },
  ): CaseFilter {
    let assigneeUserId: string | null | undefined = q.assignee;
    if (q.assignee === 'none') assigneeUserId = null;
    if (q.assignee === 'me') {
      if (actor.type !== 'user' || !actor.id) {
        throw invalidField('querystring.assignee', 'me needs a logged-in user, not an API key');
      }
      assigneeUserId = actor.id;
    }
    return {
      customerId: q.customerId,
      assigneeUserId,
      statuses: q.status,
      types: q.type,
      severities: q.severity,
      slaStates: q.sla,
      team: q.team,
      tag: q.tag,
      words: searchWords(q.q),
      sort: q.sort,
      order: q.order,
      limit: q.limit,
      cursor: q.cursor,
    };
  }

  async function list(actor: Actor, q: CaseListQuery): Promise<Page<Case>> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    const page = await repo.list(actor.workspaceId, filterOf(actor, q));
    return { items: page.items.map((r) => toCase(r, r.sla)), nextCursor: page.nextCursor };
  }

  /** The customer's cases with the same filters, for the 360; the customer must be in the workspace. */
  async function listForCustomer(
    actor: Actor,
    customerId: string,
    q: CustomerCaseListQuery,
  ): Promise<Page<Case>> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    await deps.customers.get(actor, customerId);
    const page = await repo.list(actor.workspaceId, filterOf(actor, { ...q, customerId }));
    return { items: page.items.map((r) => toCase(r, r.sla)), nextCursor: page.nextCursor };
  }

  /**
   * The case's history as the SLA engine reads it (`{ at, kind, status? }`, oldest first); a
   * scheduled job calls it with `systemActor(workspaceId)`.
   */
  async function slaHistory(actor: Actor, caseId: string): Promise<SlaHistoryEntry[]> {
    requirePermission(actor, CASE_PERMISSIONS.read);
    await load(actor, caseId, { includeDeleted: true });
    return repo.slaHistory(actor.workspaceId, caseId);
  }

  const { remove } = softDeletion({
    entityType: 'case',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row, actor) => present(actor, row),
    stampsUpdates: true,
  });

  return {
    create,
    intake,
    nextReference,
    list,
    listForCustomer,
    get,
    update,
    changeStatus,
    addMessage,
    remove,
    slaHistory,
  };
}
export type CasesService = ReturnType<typeof createCasesService>;
