import { z } from 'zod';
import { CASE_SEVERITIES, CaseSeverity, SlaState, SlaTargetKind } from './cases.js';
import { Id, IsoDate } from './common.js';
import { RelationshipType } from './relationships.js';
import { ValueTier } from './value.js';

/**
 * Service-level targets of cases: the policies (targets per severity, for which customers) and
 * the business calendars the timers count in. Stored per workspace; the engine is
 * `server/features/cases/core/sla.ts`.
 */

// The timers and their states are defined with the case (contracts/cases.ts), which carries
// the SLA as last evaluated; they are re-exported here with the rest of the SLA contract.
export { SLA_STATES, SLA_TARGET_KINDS, SlaState, SlaTargetKind, StoredSlaTarget } from './cases.js';

/** Most business minutes a target may be: a year. */
const MAX_TARGET_MINUTES = 525_600;

const Minutes = z
  .int('must be a whole number of business minutes')
  .min(1, 'must be at least 1 minute')
  .max(MAX_TARGET_MINUTES, 'must be at most a year (525,600 minutes)');

/** Business minutes per timer; a timer left out is not tracked for that severity. */
export const SlaTargets = z.partialRecord(SlaTargetKind, Minutes);
export type SlaTargets = z.infer<typeof SlaTargets>;

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be a time like '09:00' ('24:00' for midnight after)");

export const OpeningHours = z.strictObject({ start: ClockTime, end: ClockTime });

const Day = z.array(OpeningHours).max(6, 'at most 6 opening intervals a day');

/**
 * Opening hours per weekday (0 = Sunday … 6 = Saturday; an empty list when closed) in an IANA
 * time zone, and the local days closed all day. The overlap and time-zone checks are the
 * engine's (`validateCalendar`), reported per field by the API.
 */
export const BusinessCalendar = z.strictObject({
  timeZone: z.string().trim().min(1, 'is required: an IANA time zone such as Europe/London').max(100),
  week: z.strictObject({ 0: Day, 1: Day, 2: Day, 3: Day, 4: Day, 5: Day, 6: Day }),
  holidays: z.array(IsoDate).max(400, 'at most 400 holidays'),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

export const SlaPolicy = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lower-case letters, digits, - or _ (at most 40), e.g. vip'),
  name: z.string().trim().min(1, 'is required').max(100),
  /** Per severity; a severity left out has no targets under this policy. */
  targets: z.partialRecord(CaseSeverity, SlaTargets),
  /** Share of a target used from which a running timer is in `warning`. */
  warnAtShare: z.number().min(0.1, 'must be at least 0.1').max(0.99, 'must be below 1').default(0.75),
  /** Which cases the policy is for: each list given must contain the case's value; none: every case. */
  match: z
    .strictObject({
      valueTiers: z.array(ValueTier).max(4).optional(),
      relationshipTypes: z.array(RelationshipType).max(15).optional(),
      severities: z.array(CaseSeverity).max(CASE_SEVERITIES.length).optional(),
      teams: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    })
    .optional(),
  /** Higher wins when several policies match (ties: the smaller id). */
  priority: z.int().min(-1000).max(1000).default(0),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export type SlaPolicyInput = z.input<typeof SlaPolicy>;

/**
 * What the SLA sweep does (docs/cases.md, "Escalation"). A target entering `warning` is written
 * in the case's history. A target breached escalates the case once per target: the severity is
 * raised a step, the manager is told (a task on the customer, assigned to them), and the case is
 * reassigned when a team or user is set. An assignee who has not replied within
 * `autoReassignAfterMinutes` business minutes of being given a case loses it: to `autoReassignTo`,
 * else back to the team's queue (unassigned).
 */
export const SlaEscalation = z.strictObject({
  /** Who is told of a breach; null: every active manager of the workspace. */
  managerUserId: Id.nullable().default(null),
  onBreach: z
    .strictObject({
      raiseSeverity: z.boolean().default(true),
      notifyManager: z.boolean().default(true),
      reassignToTeam: z.string().trim().min(1).max(100).nullable().default(null),
      reassignToUserId: Id.nullable().default(null),
    })
    .default({ raiseSeverity: true, notifyManager: true, reassignToTeam: null, reassignToUserId: null }),
  autoReassignAfterMinutes: Minutes.nullable().default(120),
  autoReassignTo: Id.nullable().default(null),
});
export type SlaEscalation = z.infer<typeof SlaEscalation>;

export const DEFAULT_SLA_ESCALATION: SlaEscalation = SlaEscalation.parse({});

export const CaseSlaSettings = z.strictObject({
  escalation: SlaEscalation.default(DEFAULT_SLA_ESCALATION),
  policies: z
    .array(SlaPolicy)
    .min(1, 'keep at least one policy')
    .max(30, 'at most 30 policies')
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'policy ids must differ'),
  calendars: z.strictObject({
    /** For cases without a location, or whose location has no calendar of its own. */
    default: BusinessCalendar,
    /** By location, exactly as cases name it. */
    byLocation: z.record(z.string().trim().min(1).max(200), BusinessCalendar).default({}),
  }),
});
export type CaseSlaSettings = z.infer<typeof CaseSlaSettings>;
export type CaseSlaSettingsInput = z.input<typeof CaseSlaSettings>;

export const CaseSlaSettingsOut = CaseSlaSettings.extend({
  /** False while the workspace runs on the shipped defaults. */
  customised: z.boolean(),
});
export type CaseSlaSettingsOut = z.infer<typeof CaseSlaSettingsOut>;

export const SlaTargetStatus = z.object({
  kind: SlaTargetKind,
  targetMinutes: z.number(),
  /** When it is (or was) due; null while it cannot be known (paused, not started, no open hours). */
  dueAt: z.date().nullable(),
  usedMinutes: z.number(),
  /** Negative once overdue. */
  remainingMinutes: z.number(),
  state: SlaState,
  startedAt: z.date().nullable(),
  stoppedAt: z.date().optional(),
  pausedSince: z.date().optional(),
  /** A running timer on track: when it enters `warning`. */
  warnAt: z.date().optional(),
});
export type SlaTargetStatus = z.infer<typeof SlaTargetStatus>;

/** Where every target of one case stands now, and why these targets. */
export const CaseSla = z.object({
  caseId: z.string(),
  /** The policy that applies; null when none matches (no targets tracked). */
  policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The calendar counted in: the case's location's, or the default (`location` null). */
  calendar: z.object({ location: z.string().nullable(), timeZone: z.string() }),
  /** What chose the policy. */
  facts: z.object({
    severity: CaseSeverity,
    valueTier: ValueTier.nullable(),
    relationshipType: RelationshipType.nullable(),
  }),
  /** First response, next response, resolution — those the policy sets for the severity. */
  targets: z.array(SlaTargetStatus),
  /** The worst running state (breached › warning › on_track › paused), else met/missed; null without targets. */
  state: SlaState.nullable(),
  evaluatedAt: z.date(),
});
export type CaseSla = z.infer<typeof CaseSla>;
