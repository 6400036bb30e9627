import { sql } from 'drizzle-orm';
import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CaseAttachment,
  CaseAuthor,
  CaseChannel,
  CaseEmailNotSentReason,
  CaseEmailStatus,
  CaseEventKind,
  CaseMessageKind,
  CaseSentiment,
  CaseSeverity,
  CaseStatus,
  CaseType,
  SlaState,
  StoredSlaTarget,
} from '../../../shared/contracts/cases.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

/**
 * Complaints, suggestions, questions and praise. Order, product and touch point are checked
 * to be the workspace's when set but carry no foreign key, so those features stay free to
 * purge their rows.
 */
export const cases = pgTable(
  'cases',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    /** `C-000123`: short, unique in the workspace, quoted in e-mail subjects to thread replies. */
    reference: text('reference').notNull(),
    type: text('type').$type<CaseType>().notNull(),
    channel: text('channel').$type<CaseChannel>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** sha256 of the body trimmed, white space collapsed and lower-cased: finds repeated submissions. */
    bodyFingerprint: text('body_fingerprint').notNull(),
    searchText: text('search_text').notNull().generatedAlwaysAs(sql`lower(subject || ' ' || body)`),
    customerId: uuid('customer_id').notNull(),
    orderId: uuid('order_id'),
    productId: uuid('product_id'),
    touchpointId: uuid('touchpoint_id'),
    location: text('location'),
    severity: text('severity').$type<CaseSeverity>().notNull().default('normal'),
    status: text('status').$type<CaseStatus>().notNull().default('new'),
    assigneeUserId: uuid('assignee_user_id'),
    team: text('team'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    idempotencyKey: text('idempotency_key'),
    /** The Message-ID (no angle brackets) of the e-mail that opened the case: threads replies to it. */
    emailMessageId: text('email_message_id'),
    /** The sum of the sizes of the case's attachments, kept under the case's row lock. */
    attachmentBytes: bigint('attachment_bytes', { mode: 'number' }).notNull().default(0),
    openedAt: tstz('opened_at').notNull(),
    firstRespondedAt: tstz('first_responded_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    /** When the current assignee was given the case: auto-reassignment counts from here. */
    assignedAt: tstz('assigned_at'),
    /** How many escalation steps the case has been through, and the last one's time. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: tstz('escalated_at'),
    /** Resolution: what was done and why it happened (see contracts/case-resolution.ts). */
    outcome: text('outcome'),
    rootCause: text('root_cause'),
    resolutionNote: text('resolution_note'),
    /** The satisfaction follow-up after resolution: asked, reminded once, answered. */
    csatRequestedAt: tstz('csat_requested_at'),
    csatRemindedAt: tstz('csat_reminded_at'),
    csatScore: integer('csat_score'),
    csatComment: text('csat_comment'),
    csatAnsweredAt: tstz('csat_answered_at'),
    /** Suggestions: the area it is about, what became of it, and when the customer was told. */
    suggestionArea: text('suggestion_area'),
    suggestionOutcome: text('suggestion_outcome'),
    suggestionOutcomeReason: text('suggestion_outcome_reason'),
    suggestionOutcomeAt: tstz('suggestion_outcome_at'),
    customerToldAt: tstz('customer_told_at'),
    /** A social mention: where it was posted, and the sentiment read from its text. */
    sourceUrl: text('source_url'),
    sentiment: text('sentiment').$type<CaseSentiment>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('cases_reference_key').on(t.workspaceId, t.reference),
    uniqueIndex('cases_idempotency_key').on(t.workspaceId, t.idempotencyKey),
    uniqueIndex('cases_email_message_key').on(t.workspaceId, t.emailMessageId),
    // Ascending: read backwards they give `desc` order with nulls first, which is what
    // `order by … desc` asks; a `desc` index (nulls last) is not used for it at all.
    index('cases_opened_idx').on(t.workspaceId, t.openedAt, t.id),
    index('cases_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('cases_customer_idx').on(t.workspaceId, t.customerId, t.openedAt, t.id),
    index('cases_assignee_idx').on(t.workspaceId, t.assigneeUserId, t.status),
    index('cases_resolved_idx').on(t.workspaceId, t.resolvedAt),
    index('cases_duplicate_idx').on(t.workspaceId, t.customerId, t.type, t.bodyFingerprint, t.createdAt),
    index('cases_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('cases_tags_idx').using('gin', t.tags),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);

/**
 * The SLA of each case as last evaluated — on every change of the case and by the sweep job —
 * so the inbox sorts and counts down without evaluating: the policy, the overall state, every
 * target, the nearest due time of a running target, and when the sweep must look again (the
 * next warning, due or auto-reassignment time; null when nothing will change by itself). A
 * table of its own: the sweep rewrites these rows often, and a narrow row with three indexes
 * costs a fraction of rewriting the case with all of its (docs/decisions.md, "Stored SLA").
 */
export const caseSlas = pgTable(
  'case_slas',
  {
    workspaceId: workspaceIdColumn(),
    caseId: uuid('case_id').notNull(),
    policyId: text('policy_id'),
    state: text('state').$type<SlaState>(),
    targets: jsonb('targets').$type<StoredSlaTarget[]>().notNull().default([]),
    dueAt: tstz('due_at'),
    checkAt: tstz('check_at'),
    /** When the assignee loses the case for not replying (auto-reassignment), as last evaluated. */
    reassignAt: tstz('reassign_at'),
    /** Null: to be evaluated in full by the next sweep (never yet, or the SLA settings changed). */
    evaluatedAt: tstz('evaluated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.caseId] }),
    // The inbox's "due soonest" order (cases without a due time after every dated one).
    index('case_slas_due_idx').on(
      t.workspaceId,
      sql`coalesce(${t.dueAt}, '9999-12-31T00:00:00Z'::timestamptz)`,
      t.caseId,
    ),
    // The sweep's scan of checks that are due.
    index('case_slas_check_idx').on(t.workspaceId, t.checkAt).where(sql`${t.checkAt} is not null`),
    foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  ],
);

/** The last case number given out per workspace, for references. */
export const caseCounters = pgTable('case_counters', {
  workspaceId: workspaceIdColumn().primaryKey(),
  lastNumber: integer('last_number').notNull(),
});

/** Notes, replies and customer messages of a case, with their attachments' metadata. */
export const caseMessages = pgTable(
  'case_messages',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** Insertion order: messages written in the same millisecond still list in order. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    kind: text('kind').$type<CaseMessageKind>().notNull(),
    author: jsonb('author').$type<CaseAuthor>().notNull(),
    body: text('body').notNull(),
    attachments: jsonb('attachments').$type<CaseAttachment[]>().notNull().default([]),
    /**
     * The e-mail side of a message, null when it has none (notes, messages typed in by staff):
     * the Message-ID (no angle brackets) of the mail that brought it or that we send for it,
     * unique in the workspace so a mail delivered twice is stored once.
     */
    emailMessageId: text('email_message_id'),
    /** The Message-ID the mail answered (inbound) or answers (outbound: the customer's last mail). */
    emailInReplyTo: text('email_in_reply_to'),
    /** Where a reply is sent: the customer's e-mail when it was queued. */
    emailTo: text('email_to'),
    /** received (inbound), or queued, sent, not_sent, failed (replies). */
    emailStatus: text('email_status').$type<CaseEmailStatus>(),
    emailNotSentReason: text('email_not_sent_reason').$type<CaseEmailNotSentReason>(),
    emailSentAt: tstz('email_sent_at'),
    /** The last attempt's error while a reply is retried or after it failed. */
    emailLastError: text('email_last_error'),
    createdAt: createdAt(),
    createdBy: actorColumn('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('case_messages_case_idx').on(t.workspaceId, t.caseId, t.seq),
    uniqueIndex('case_messages_email_message_key').on(t.workspaceId, t.emailMessageId),
    foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  ],
);

/** Every status change, assignment change and reply of a case, when it happened and by whom. */
export const caseEvents = pgTable(
  'case_events',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: tstz('at').notNull(),
    kind: text('kind').$type<CaseEventKind>().notNull(),
    fromStatus: text('from_status').$type<CaseStatus>(),
    toStatus: text('to_status').$type<CaseStatus>(),
    reason: text('reason'),
    assigneeUserId: uuid('assignee_user_id'),
    team: text('team'),
    messageId: uuid('message_id'),
    /** What else the event says: the SLA target, severities before and after, a score… */
    details: jsonb('details').$type<Record<string, unknown>>(),
    actor: actorColumn('actor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('case_events_case_idx').on(t.workspaceId, t.caseId, t.at, t.seq),
    foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  ],
);

/**
 * Compensation offered on a case: within the offering role's cap it is approved at once; above
 * it, it waits for a manager's approval or rejection.
 */
export const caseCompensations = pgTable(
  'case_compensations',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    kind: text('kind').notNull(),
    note: text('note'),
    /** pending_approval, approved, rejected. */
    status: text('status').notNull(),
    requestedAt: tstz('requested_at').notNull(),
    requestedBy: actorColumn('requested_by').notNull(),
    decidedAt: tstz('decided_at'),
    decidedBy: actorColumn('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('case_compensations_case_idx').on(t.workspaceId, t.caseId, t.requestedAt),
    index('case_compensations_customer_idx').on(t.workspaceId, t.customerId, t.status),
    index('case_compensations_pending_idx').on(t.workspaceId, t.status, t.requestedAt),
    foreignKey({ columns: [t.workspaceId, t.caseId], foreignColumns: [cases.workspaceId, cases.id] }),
  ],
);
