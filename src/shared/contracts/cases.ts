import { z } from 'zod';
import { normalizeEmail } from '../normalize.js';
import { ActorRef, Id, IsoDateTime, PageQuery, queryList, Tag } from './common.js';

/** What the customer brought: each is a case, answered and tracked to an outcome. */
export const CASE_TYPES = ['complaint', 'suggestion', 'question', 'praise'] as const;
export const CaseType = z.enum(CASE_TYPES);
export type CaseType = z.infer<typeof CaseType>;

/** Where the case came in. */
export const CASE_CHANNELS = ['web_form', 'email', 'phone', 'chat', 'api', 'social', 'in_person'] as const;
export const CaseChannel = z.enum(CASE_CHANNELS);
export type CaseChannel = z.infer<typeof CaseChannel>;

export const CASE_SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CaseSeverity = z.enum(CASE_SEVERITIES);
export type CaseSeverity = z.infer<typeof CaseSeverity>;

export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'waiting_on_customer',
  'resolved',
  'closed',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * The statuses a case may move to from each status. Work moves forward (steps may be skipped
 * up to resolved, and in progress and waiting on the customer alternate); only a resolved case
 * is closed; a resolved or closed case is reopened to in progress. Nothing goes back to new or
 * acknowledged.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['acknowledged', 'in_progress', 'waiting_on_customer', 'resolved'],
  acknowledged: ['in_progress', 'waiting_on_customer', 'resolved'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

/**
 * Whether a case may move from `from` to `to` (staying is not a move).
 * @example canTransition('closed', 'in_progress') === true; canTransition('closed', 'new') === false
 */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/**
 * A case's entries: an internal note is for staff only; a reply goes to the customer
 * (outbound); a customer message came from them (inbound).
 */
export const CASE_MESSAGE_KINDS = ['internal_note', 'reply', 'customer_message'] as const;
export const CaseMessageKind = z.enum(CASE_MESSAGE_KINDS);
export type CaseMessageKind = z.infer<typeof CaseMessageKind>;

/** Largest attachment, in bytes (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Largest total of one case's attachments, in bytes (25 MiB). */
export const MAX_CASE_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** Most characters of a case's body (the customer's words). */
export const MAX_CASE_BODY = 20_000;
const MAX_BODY = MAX_CASE_BODY;

/** Plain text, stored exactly as given (white space and all). */
const Body = z
  .string()
  .max(MAX_BODY, 'must be at most 20,000 characters')
  .refine((s) => s.trim() !== '', 'is required');

/** Most characters of a case's subject. */
export const MAX_CASE_SUBJECT = 200;
const Subject = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_CASE_SUBJECT, `must be at most ${MAX_CASE_SUBJECT} characters`);
const Team = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .describe('the team working the case, by name');
const Tags = z.array(Tag).max(50);

export const CaseCreate = z.strictObject({
  type: CaseType,
  channel: CaseChannel,
  subject: Subject,
  body: Body.describe("the customer's words, plain text, stored as given"),
  customerId: Id,
  orderId: Id.nullish().describe('an order of this workspace the case is about'),
  productId: Id.nullish().describe('a product of this workspace the case is about'),
  touchpointId: Id.nullish().describe('the touch point (visit, stay, call) the case is about'),
  location: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
  severity: CaseSeverity.default('normal'),
  assigneeUserId: Id.nullish().describe('a user of this workspace'),
  team: Team.nullish(),
  tags: Tags.default([]),
  openedAt: IsoDateTime.optional().describe(
    'when the customer raised it (not in the future); now by default',
  ),
  idempotencyKey: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('unique per workspace: a retry with the same key answers the case the first created'),
});
export type CaseCreate = z.input<typeof CaseCreate>;

/** Fields given replace the stored ones; omitted fields stay. Other fields are refused. */
export const CaseUpdate = z
  .strictObject({
    subject: Subject,
    severity: CaseSeverity,
    tags: Tags,
    assigneeUserId: Id.nullable().describe('null unassigns'),
    team: Team.nullable(),
  })
  .partial();
export type CaseUpdate = z.input<typeof CaseUpdate>;

export const CaseStatusChange = z.strictObject({
  status: CaseStatus.describe('must be allowed from the current status (CASE_TRANSITIONS)'),
  reason: z.string().trim().max(1000, 'must be at most 1,000 characters').optional(),
});
export type CaseStatusChange = z.input<typeof CaseStatusChange>;

/** What is known of a file; the file itself is not stored yet. */
export const CaseAttachmentInput = z.strictObject({
  fileName: z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters'),
  contentType: z
    .string()
    .trim()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as image/png'),
  sizeBytes: z.number().int().min(0).describe('at most 10 MiB a file and 25 MiB a case'),
});

export const CaseMessageCreate = z.strictObject({
  kind: CaseMessageKind,
  body: Body,
  attachments: z.array(CaseAttachmentInput).max(20).default([]),
});
export type CaseMessageCreate = z.input<typeof CaseMessageCreate>;

export const CaseAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});
export type CaseAttachment = z.infer<typeof CaseAttachment>;

/**
 * A message's e-mail: `received` for a mail from the customer; for a reply, `queued` until the
 * SMTP server accepts it (retried meanwhile), then `sent`; `not_sent` when it could not be sent
 * at all (the reason says why), `failed` once the retries ran out (the last error says why).
 */
export const CASE_EMAIL_STATUSES = ['received', 'queued', 'sent', 'not_sent', 'failed'] as const;
export const CaseEmailStatus = z.enum(CASE_EMAIL_STATUSES);
export type CaseEmailStatus = z.infer<typeof CaseEmailStatus>;

/**
 * Why a reply was stored but not e-mailed: no outgoing SMTP server is configured (`SMTP_URL`,
 * `MAIL_FROM`), the case is answered on another channel (phone, social, in person), or the
 * customer has no e-mail address.
 */
export const CASE_EMAIL_NOT_SENT_REASONS = [
  'smtp_not_configured',
  'channel_not_email',
  'no_customer_email',
] as const;
export const CaseEmailNotSentReason = z.enum(CASE_EMAIL_NOT_SENT_REASONS);
export type CaseEmailNotSentReason = z.infer<typeof CaseEmailNotSentReason>;

export const CaseMessageEmail = z.object({
  status: CaseEmailStatus,
  messageId: z.string().nullable().describe('the Message-ID, without angle brackets'),
  inReplyTo: z.string().nullable().describe('the Message-ID this mail answers'),
  to: z.string().nullable().describe('a reply: the address it goes to'),
  notSentReason: CaseEmailNotSentReason.nullable(),
  sentAt: z.date().nullable().describe('when the SMTP server accepted the reply'),
  lastError: z.string().nullable().describe('the last attempt to send failed with this'),
});
export type CaseMessageEmail = z.infer<typeof CaseMessageEmail>;

/** Who wrote a message: staff (as an actor) or the case's customer. */
export const CaseAuthor = z.object({
  type: z.enum(['user', 'api_key', 'system', 'customer']),
  id: z.string().nullable(),
  name: z.string(),
});
export type CaseAuthor = z.infer<typeof CaseAuthor>;

export const CaseMessage = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: CaseMessageKind,
  direction: z.enum(['inbound', 'outbound']).nullable().describe('null for internal notes'),
  author: CaseAuthor,
  body: z.string(),
  attachments: z.array(CaseAttachment),
  email: CaseMessageEmail.nullable().describe('null: the message has no e-mail (notes, messages typed in)'),
  createdAt: z.date(),
  createdBy: ActorRef,
});
export type CaseMessage = z.infer<typeof CaseMessage>;

/** The timers of a case: first response, next response after a customer reply, resolution. */
export const SLA_TARGET_KINDS = ['first_response', 'next_response', 'resolution'] as const;
export const SlaTargetKind = z.enum(SLA_TARGET_KINDS);
export type SlaTargetKind = z.infer<typeof SlaTargetKind>;

export const SLA_STATES = [
  'on_track',
  'warning',
  'breached',
  'met',
  'missed',
  'paused',
  'not_started',
] as const;
export const SlaState = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof SlaState>;

/**
 * One target as stored on the case when its SLA was last evaluated: `[kind, target minutes,
 * state, due, warning at]`, the times in epoch milliseconds — positional, as the sweep writes
 * every open case's targets each pass. The warning time is when a running timer enters
 * `warning`, null once it has or when it does not run.
 */
export const StoredSlaTarget = z.tuple([
  SlaTargetKind,
  z.number(),
  SlaState,
  z.number().nullable(),
  z.number().nullable(),
]);
export type StoredSlaTarget = z.infer<typeof StoredSlaTarget>;

/**
 * A case's SLA as last evaluated — on every change of the case and by the sweep job — for lists
 * and countdowns; `GET /cases/:id/sla` evaluates it afresh with minutes used and left.
 */
export const CaseSlaSummary = z.object({
  policyId: z.string().nullable().describe('null: no policy matches, nothing is tracked'),
  state: SlaState.nullable().describe('the worst running state, else met/missed; null without targets'),
  dueAt: z.date().nullable().describe('the nearest due time of a running target'),
  targets: z.array(
    z.object({
      kind: SlaTargetKind,
      targetMinutes: z.number(),
      state: SlaState,
      dueAt: z.date().nullable(),
    }),
  ),
  evaluatedAt: z
    .date()
    .nullable()
    .describe('when the stored SLA last changed (a re-evaluation that moves nothing keeps it)'),
});
export type CaseSlaSummary = z.infer<typeof CaseSlaSummary>;

/**
 * What the history records: status changes, assignment changes, replies either way, and what
 * the SLA sweep did — a target entering warning or breached, an escalation (raised severity,
 * reassignment, the manager told), an automatic reassignment of an assignee who did not answer.
 */
export const CASE_EVENT_KINDS = [
  'status',
  'assignment',
  'agent_reply',
  'customer_reply',
  'sla_warning',
  'sla_breached',
  'escalated',
  'auto_reassigned',
  'resolution',
  'compensation',
  'csat',
  'suggestion_outcome',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export const CaseEvent = z.object({
  id: z.string(),
  at: z.date(),
  kind: z.enum(CASE_EVENT_KINDS),
  fromStatus: CaseStatus.nullable(),
  status: CaseStatus.nullable().describe('the status entered (status events)'),
  reason: z.string().nullable(),
  assigneeUserId: z.string().nullable().describe('the assignee after the change (assignment events)'),
  team: z.string().nullable().describe('the team after the change (assignment events)'),
  messageId: z.string().nullable().describe('the reply or customer message (reply events)'),
  details: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('sla and escalation events: the target, severities before and after; csat: the score'),
  actor: ActorRef,
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/** What the social import reads from a mention's text (core/sentiment.ts). */
export const CASE_SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const CaseSentiment = z.enum(CASE_SENTIMENTS);
export type CaseSentiment = z.infer<typeof CaseSentiment>;

export const Case = z.object({
  id: z.string(),
  reference: z.string().describe('short and unique in the workspace, e.g. C-000123'),
  type: CaseType,
  channel: CaseChannel,
  subject: z.string(),
  body: z.string(),
  customerId: z.string(),
  orderId: z.string().nullable(),
  productId: z.string().nullable(),
  touchpointId: z.string().nullable(),
  location: z.string().nullable(),
  severity: CaseSeverity,
  status: CaseStatus,
  assigneeUserId: z.string().nullable(),
  team: z.string().nullable(),
  tags: z.array(z.string()),
  idempotencyKey: z.string().nullable(),
  attachmentBytes: z.number().int().describe("the total size of the case's attachments"),
  openedAt: z.date(),
  firstRespondedAt: z.date().nullable().describe('the first reply to the customer'),
  resolvedAt: z.date().nullable().describe('when it was last resolved; cleared on reopening'),
  assignedAt: z.date().nullable().describe('when the current assignee was given the case'),
  sla: CaseSlaSummary,
  escalationLevel: z.int().describe('escalation steps taken by the SLA sweep'),
  sourceUrl: z.string().nullable().describe('a social mention: where it was posted'),
  sentiment: CaseSentiment.nullable().describe('a social mention: the sentiment read from its text'),
  closedAt: z.date().nullable().describe('when it was last closed; cleared on reopening'),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ActorRef,
  updatedBy: ActorRef,
  deletedAt: z.date().nullable(),
});
export type Case = z.infer<typeof Case>;

/** A created case, or the existing one a repeated submission answers. */
export const CaseCreated = Case.extend({
  duplicateOf: z
    .string()
    .nullable()
    .describe(
      'the id of the case this submission repeated (same idempotencyKey, or same customer, type and body within 10 minutes); null when it created this case',
    ),
});
export type CaseCreated = z.infer<typeof CaseCreated>;

/** A case with its messages and its history, oldest first. */
export const CaseDetail = Case.extend({
  messages: z.array(CaseMessage),
  history: z.array(CaseEvent),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/**
 * One entry of the history the SLA engine reads: a reply by staff or by the customer, or the
 * status a case entered (its creation enters `new`).
 */
export interface SlaHistoryEntry {
  at: Date;
  kind: 'agent_reply' | 'customer_reply' | 'status';
  status?: CaseStatus;
}

/** `slaDueAt`: the nearest SLA due time (cases with none last when ascending) — the inbox's order. */
export const CASE_SORTS = ['openedAt', 'updatedAt', 'slaDueAt'] as const;

export const CustomerCasesParams = z.object({ customerId: Id });

const CaseListFields = PageQuery.extend({
  sort: z.enum(CASE_SORTS).default('openedAt'),
  status: queryList(CASE_STATUSES).optional().describe('one or more statuses, repeated or comma-separated'),
  type: queryList(CASE_TYPES).optional().describe('one or more types'),
  severity: queryList(CASE_SEVERITIES).optional().describe('one or more severities'),
  sla: queryList(SLA_STATES).optional().describe('one or more overall SLA states, as last evaluated'),
  assignee: z
    .union([z.enum(['me', 'none']), Id], { error: "must be me, none or a user's id" })
    .optional()
    .describe("me: assigned to the caller; none: unassigned; or a user's id"),
  team: z.string().trim().min(1).max(100).optional(),
  customerId: Id.optional(),
  tag: Tag.optional(),
  q: z.string().trim().max(200).optional().describe('words all found in the subject or body'),
});

export const CaseListQuery = CaseListFields;
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/** The same filters for one customer's cases, whose id is in the path. */
export const CustomerCaseListQuery = CaseListFields.omit({ customerId: true });
export type CustomerCaseListQuery = z.infer<typeof CustomerCaseListQuery>;

/** Most characters of what a sender says about themselves. */
export const SENDER_LIMITS = { name: 200, email: 254, phone: 40, socialHandle: 100 } as const;

/** A blank string (an empty form field) is the field left out. */
const blankless = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const SenderName = z
  .string()
  .trim()
  .max(SENDER_LIMITS.name, `must be at most ${SENDER_LIMITS.name} characters`);
const SenderEmail = z
  .string()
  .trim()
  .max(SENDER_LIMITS.email, `must be at most ${SENDER_LIMITS.email} characters`)
  .refine((v) => normalizeEmail(v) !== null, 'is not a valid e-mail address');
const SenderPhone = z
  .string()
  .trim()
  .max(SENDER_LIMITS.phone, `must be at most ${SENDER_LIMITS.phone} characters`)
  .describe("read in the workspace's country when it has no country code");

/**
 * A handle on a social network. It is matched as an external id whose source is the network
 * (`instagram`, `x`…), stored without a leading `@` and lower-cased (docs/cases.md).
 */
export const SocialHandle = z.strictObject({
  network: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,29}$/, 'must be a network name such as instagram'),
  handle: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(SENDER_LIMITS.socialHandle, `must be at most ${SENDER_LIMITS.socialHandle} characters`),
});
export type SocialHandle = z.infer<typeof SocialHandle>;

/**
 * Who raised a case when the customer's id is not known: at least one way to reach them. They
 * are resolved to a customer by their identities, else become a provisional customer.
 */
export const CaseSender = z
  .strictObject({
    name: blankless(SenderName),
    email: blankless(SenderEmail),
    phone: blankless(SenderPhone),
    social: SocialHandle.optional(),
  })
  .refine((s) => Boolean(s.email || s.phone || s.social), {
    message: 'give an e-mail, a phone or a social handle',
    path: ['email'],
  });
export type CaseSender = z.input<typeof CaseSender>;
/** A sender as validated: blank fields are gone. */
export type CaseSenderFields = z.output<typeof CaseSender>;

/** A case from someone known only by their identities (chat, API, e-mail, social, the web form). */
export const CaseIntake = CaseCreate.omit({ customerId: true }).extend({ sender: CaseSender });
export type CaseIntake = z.input<typeof CaseIntake>;

export const CaseIntakeResult = CaseCreated.extend({
  customerCreated: z.boolean().describe('true: the sender named nobody and became a provisional customer'),
});
export type CaseIntakeResult = z.infer<typeof CaseIntakeResult>;

/** What a customer may send through the public web form: every case type. */
export const PUBLIC_CASE_TYPES = CASE_TYPES;

/** A submission faster than this after the form was opened (ms) is refused: people read first. */
export const CASE_FORM_MIN_FILL_MS = 3_000;
/** A form token older than this (ms) is refused: the form is reloaded for a fresh one. */
export const CASE_FORM_TOKEN_TTL_MS = 12 * 60 * 60_000;

/** What the public web form needs to show itself; no login. */
export const PublicCaseForm = z.object({
  business: z.string().describe("the workspace's name"),
  types: z.array(CaseType).describe('what a customer may send'),
  formToken: z
    .string()
    .describe('send back with the submission: proves the form was opened a few seconds before'),
  minFillSeconds: z.number().int().describe('a submission sooner than this after opening is refused'),
  tokenExpiresAt: z.date().describe('after this, fetch the form again'),
  limits: z.object({
    subject: z.number().int(),
    body: z.number().int(),
    name: z.number().int(),
    email: z.number().int(),
    phone: z.number().int(),
  }),
});
export type PublicCaseForm = z.infer<typeof PublicCaseForm>;

export const PublicCaseParams = z.object({
  slug: z.string().trim().min(1).max(100).describe("the workspace's slug, as in the form's address"),
});

/**
 * A submission of the public web form. An e-mail or a phone is required so the customer can be
 * answered; `website` is a honeypot, hidden from people, that must stay empty.
 */
export const PublicCaseSubmission = z
  .strictObject({
    formToken: z.string().trim().min(1, 'is required').max(500),
    type: CaseType,
    subject: blankless(Subject).describe("the body's first line when left out"),
    body: Body.describe('plain text, stored exactly as given and never interpreted'),
    name: blankless(SenderName),
    email: blankless(SenderEmail),
    phone: blankless(SenderPhone),
    website: z.string().max(2000).optional().describe('leave empty (a field people do not see)'),
    idempotencyKey: z
      .string()
      .trim()
      .min(8)
      .max(100)
      .optional()
      .describe('one per filled-in form, e.g. a random UUID: a retry answers the same reference'),
  })
  .refine((s) => Boolean(s.email || s.phone), {
    message: 'give an e-mail or a phone so we can answer you',
    path: ['email'],
  });
export type PublicCaseSubmission = z.input<typeof PublicCaseSubmission>;

/** The public form's answer: the reference to quote, nothing about the customer. */
export const PublicCaseReceipt = z.object({
  reference: z.string().describe('e.g. C-000123'),
});
export type PublicCaseReceipt = z.infer<typeof PublicCaseReceipt>;
