import { z } from 'zod';
import { CaseStatus, CaseType } from './cases.js';
import { ActorRef, Currency, PageQuery, Role } from './common.js';

// ---------------------------------------------------------------------------------------------
// Resolution: what was done, and why it happened
// ---------------------------------------------------------------------------------------------

/**
 * What was done about a case: put right; put right with compensation; explained (a question
 * answered, a policy made clear); not upheld (the complaint did not stand); referred to someone
 * else (a supplier, the head office); nothing to do (praise thanked, a duplicate).
 */
export const CASE_OUTCOMES = [
  'fixed',
  'compensated',
  'explained',
  'not_upheld',
  'referred',
  'no_action',
] as const;
export const CaseOutcome = z.enum(CASE_OUTCOMES);
export type CaseOutcome = z.infer<typeof CaseOutcome>;

/**
 * Why a complaint happened, as hotels and shops see it; reported by cause, so the most common
 * causes are fixed at the source (3M took two-thirds of its improvement ideas from complaints).
 */
export const CASE_ROOT_CAUSES = [
  'product_defect',
  'service_failure',
  'delay',
  'billing',
  'staff_behaviour',
  'policy',
  'communication',
  'facility',
  'customer_error',
  'other',
] as const;
export const CaseRootCause = z.enum(CASE_ROOT_CAUSES);
export type CaseRootCause = z.infer<typeof CaseRootCause>;

/** Most characters of a resolution note or a decision note. */
export const MAX_RESOLUTION_NOTE = 2000;
const Note = z
  .string()
  .trim()
  .max(MAX_RESOLUTION_NOTE, `must be at most ${MAX_RESOLUTION_NOTE.toLocaleString('en')} characters`);

/**
 * Resolves a case. Every case needs an outcome; a complaint also needs its root cause (the
 * server answers a field error on `body.rootCause` otherwise).
 */
export const CaseResolve = z.strictObject({
  outcome: CaseOutcome,
  rootCause: CaseRootCause.optional().describe('required for complaints'),
  note: Note.optional().describe('what was done, for staff'),
});
export type CaseResolve = z.input<typeof CaseResolve>;

/** How far the satisfaction follow-up of a resolved case has got. */
export const CSAT_STATES = [
  'not_requested',
  'scheduled',
  'requested',
  'reminded',
  'answered',
  'not_sent',
] as const;
export const CsatState = z.enum(CSAT_STATES);
export type CsatState = z.infer<typeof CsatState>;

/**
 * Why a satisfaction request was not e-mailed: the customer has no e-mail address, outgoing
 * mail is not configured, the relationship policy blocks a feedback request to this customer,
 * or every attempt to send failed.
 */
export const CSAT_NOT_SENT_REASONS = [
  'no_customer_email',
  'smtp_not_configured',
  'policy_blocked',
  'send_failed',
] as const;
export const CsatNotSentReason = z.enum(CSAT_NOT_SENT_REASONS);
export type CsatNotSentReason = z.infer<typeof CsatNotSentReason>;

export const CaseCsat = z.object({
  state: CsatState,
  requestedAt: z.date().nullable().describe('when the request was e-mailed'),
  remindedAt: z.date().nullable().describe('when the one reminder was e-mailed'),
  score: z.int().min(1).max(5).nullable(),
  comment: z.string().nullable().describe("the customer's words, plain text, stored as given"),
  answeredAt: z.date().nullable(),
  notSentReason: CsatNotSentReason.nullable(),
});
export type CaseCsat = z.infer<typeof CaseCsat>;

/**
 * A case's resolution and recovery: the outcome and root cause (kept while a reopened case is
 * worked again, until it is resolved anew), the satisfaction follow-up and the compensation.
 */
export const CaseResolution = z.object({
  caseId: z.string(),
  type: CaseType,
  status: CaseStatus,
  outcome: CaseOutcome.nullable(),
  rootCause: CaseRootCause.nullable(),
  note: z.string().nullable(),
  resolvedAt: z.date().nullable().describe('null while the case is not resolved (also after a reopen)'),
  lastResolvedAt: z
    .date()
    .nullable()
    .describe('when the outcome above was given; set also while a reopened case is worked again'),
  lastResolvedBy: ActorRef.nullable(),
  csat: CaseCsat,
  compensation: z.object({
    approvedMinor: z.int().describe('approved compensation in the workspace currency'),
    pendingMinor: z.int().describe('compensation waiting for approval, in the workspace currency'),
    currency: Currency,
    count: z.int(),
  }),
});
export type CaseResolution = z.infer<typeof CaseResolution>;

// ---------------------------------------------------------------------------------------------
// Compensation
// ---------------------------------------------------------------------------------------------

export const COMPENSATION_KINDS = ['refund', 'voucher', 'gift', 'upgrade', 'points', 'other'] as const;
export const CompensationKind = z.enum(COMPENSATION_KINDS);
export type CompensationKind = z.infer<typeof CompensationKind>;

export const COMPENSATION_STATUSES = ['pending_approval', 'approved', 'rejected'] as const;
export const CompensationStatus = z.enum(COMPENSATION_STATUSES);
export type CompensationStatus = z.infer<typeof CompensationStatus>;

/** The largest single compensation, in minor units (ten million in major units). */
export const MAX_COMPENSATION_MINOR = 1_000_000_000;

export const CompensationCreate = z.strictObject({
  amountMinor: z
    .int('must be whole minor units (cents)')
    .min(1, 'must be more than 0')
    .max(MAX_COMPENSATION_MINOR, 'is too large')
    .describe('integer minor units; for points or a gift, what it is worth'),
  currency: Currency.optional().describe('the workspace currency when left out'),
  kind: CompensationKind,
  note: Note.optional(),
});
export type CompensationCreate = z.input<typeof CompensationCreate>;

export const CompensationDecision = z.strictObject({
  note: Note.optional().describe('why, for the agent who offered it'),
});
export type CompensationDecision = z.input<typeof CompensationDecision>;

export const Compensation = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  customerId: z.string(),
  amountMinor: z.int(),
  currency: Currency,
  kind: CompensationKind,
  note: z.string().nullable(),
  status: CompensationStatus,
  requestedAt: z.date(),
  requestedBy: ActorRef,
  decidedAt: z.date().nullable(),
  decidedBy: ActorRef.nullable().describe('null when it was within the cap and approved at once'),
  decisionNote: z.string().nullable(),
});
export type Compensation = z.infer<typeof Compensation>;

export const CompensationListQuery = PageQuery.omit({ order: true }).extend({
  status: CompensationStatus.default('pending_approval'),
});
export type CompensationListQuery = z.infer<typeof CompensationListQuery>;

/** A role's cap in minor units of the workspace currency; null: no cap. */
const Cap = z.int().min(0).max(MAX_COMPENSATION_MINOR).nullable();

/**
 * What each role may offer on its own, in minor units of the workspace currency; above it the
 * offer waits for a manager's or an admin's approval. Roles left out may offer nothing alone.
 */
export const CompensationSettings = z.strictObject({
  caps: z.partialRecord(Role, Cap),
});
export type CompensationSettings = z.infer<typeof CompensationSettings>;
export type CompensationSettingsInput = z.input<typeof CompensationSettings>;

export const CompensationSettingsOut = z.object({
  caps: z.record(Role, Cap).describe('every role: its cap, or null for none'),
  currency: Currency,
  customised: z.boolean(),
});
export type CompensationSettingsOut = z.infer<typeof CompensationSettingsOut>;

// ---------------------------------------------------------------------------------------------
// Claims profile: serial opportunistic claims
// ---------------------------------------------------------------------------------------------

/** A customer flagged with at least this many compensated claims in the window… */
export const CLAIMS_FLAG_MIN_CLAIMS = 3;
/** …whose total is above the peers' 95th percentile or this many times their median. */
export const CLAIMS_FLAG_MEDIAN_MULTIPLE = 3;
/** The window of the claims profile, in days. */
export const CLAIMS_WINDOW_DAYS = 365;

export const ClaimsProfile = z.object({
  customerId: z.string(),
  currency: Currency,
  windowDays: z.int(),
  claims: z
    .array(
      z.object({
        caseId: z.string(),
        reference: z.string(),
        type: CaseType,
        subject: z.string(),
        openedAt: z.date(),
        approvedMinor: z.int().describe('approved compensation on the case, workspace currency'),
        compensations: z.array(Compensation),
      }),
    )
    .describe('every case of the customer with compensation, newest first'),
  windowClaims: z.int().describe('cases with approved compensation in the window'),
  windowTotalMinor: z.int().describe('approved compensation in the window, workspace currency'),
  peers: z.object({
    customers: z.int().describe('other customers with approved compensation in the window'),
    medianMinor: z.number().nullable(),
    p95Minor: z.number().nullable(),
  }),
  flagged: z.boolean(),
  reasons: z.array(z.string()).describe('why it is flagged, for the agent'),
});
export type ClaimsProfile = z.infer<typeof ClaimsProfile>;

// ---------------------------------------------------------------------------------------------
// The public satisfaction page
// ---------------------------------------------------------------------------------------------

/** An answer may be changed for this long after it was first given (ms): 14 days. */
export const CSAT_CHANGE_WINDOW_MS = 14 * 86_400_000;
/** A request may be answered for this long after it was e-mailed (ms): 60 days. */
export const CSAT_ANSWER_WINDOW_MS = 60 * 86_400_000;
/** The reminder goes this long after the request when it is unanswered (ms): 3 days. */
export const CSAT_REMINDER_AFTER_MS = 3 * 86_400_000;
export const MAX_CSAT_COMMENT = 2000;

export const PublicCsatParams = z.object({ token: z.string().min(1).max(300) });

export const PublicCsat = z.object({
  business: z.string(),
  reference: z.string(),
  subject: z.string().describe("the case's subject: the customer's own words, shown as text"),
  answered: z.boolean(),
  score: z.int().min(1).max(5).nullable(),
  comment: z.string().nullable(),
  canChange: z.boolean().describe('false once the answer is older than 14 days'),
});
export type PublicCsat = z.infer<typeof PublicCsat>;

export const PublicCsatAnswer = z.strictObject({
  score: z.int('must be a whole number from 1 to 5').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: z
    .string()
    .max(MAX_CSAT_COMMENT, `must be at most ${MAX_CSAT_COMMENT.toLocaleString('en')} characters`)
    .optional()
    .describe('plain text, stored as given'),
});
export type PublicCsatAnswer = z.input<typeof PublicCsatAnswer>;
