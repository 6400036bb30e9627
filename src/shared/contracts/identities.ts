import { z } from 'zod';

export const IDENTITY_KINDS = ['email', 'phone', 'external_id', 'loyalty', 'anonymous'] as const;
export const IdentityKind = z.enum(IDENTITY_KINDS);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const Identity = z.object({
  id: z.string(),
  kind: IdentityKind,
  source: z.string().describe("system an external id belongs to; '' for e-mail and phone"),
  value: z.string().describe('normalised value'),
  rawValue: z.string().nullable(),
  createdAt: z.date(),
});
export type Identity = z.infer<typeof Identity>;

/**
 * The external-id system of customer ids that come without one: CSV imports' default source, an
 * event's `userId` by default, and what a lookup by external id assumes.
 */
export const DEFAULT_EXTERNAL_ID_SOURCE = 'import';

/** Kinds whose values are global to the workspace; external ids and loyalty numbers also carry a source. */
export const SOURCELESS_KINDS: readonly IdentityKind[] = ['email', 'phone', 'anonymous'];

export const IdentityKindRule = z.object({
  kind: IdentityKind,
  priority: z
    .number()
    .int('must be a whole number')
    .min(1)
    .max(100)
    .describe('1 is the most trusted; a clash drops the identity of the larger number'),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1)
    .max(100)
    .describe('most values of this kind one customer may hold (per source for external ids)'),
  match: z.boolean().describe('false: stored on the profile but never used to find or merge customers'),
});
export type IdentityKindRule = z.infer<typeof IdentityKindRule>;

export const SURVIVORSHIP_RULES = ['most_recent', 'most_trusted', 'first_non_empty'] as const;
export const SurvivorshipRule = z.enum(SURVIVORSHIP_RULES);
export type SurvivorshipRule = z.infer<typeof SurvivorshipRule>;

/** Profile fields a merge chooses between; the others are combined (lists, tags, attributes). */
export const SURVIVING_FIELDS = ['name', 'address', 'birthday', 'locale', 'timeZone'] as const;
export const SurvivingField = z.enum(SURVIVING_FIELDS);
export type SurvivingField = z.infer<typeof SurvivingField>;

export const SOURCE_KINDS = ['user', 'api_key', 'system'] as const;

/** A blocked value: literal (case-insensitive) or `/regex/`. */
const BlockedValue = z
  .string()
  .max(200)
  .refine((v) => {
    if (!/^\/.+\/$/.test(v)) return true;
    try {
      new RegExp(v.slice(1, -1));
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid /regular expression/');

export const IdentitySettings = z
  .object({
    kinds: z.array(IdentityKindRule).min(1),
    blockedValues: z.array(BlockedValue).max(500),
    survivorship: z.record(SurvivingField, SurvivorshipRule),
    /** Who is trusted most for `most_trusted`: staff entry, an integration's API key, or the system (imports, demo). */
    sourceTrust: z.array(z.enum(SOURCE_KINDS)).length(3),
    /** The external-id system an event's `userId` belongs to: the same as imports', so both name one person. */
    userIdSource: z.string().trim().min(1).max(50),
  })
  .refine((s) => new Set(s.kinds.map((k) => k.kind)).size === s.kinds.length, {
    message: 'lists a kind twice',
    path: ['kinds'],
  })
  .refine((s) => new Set(s.sourceTrust).size === s.sourceTrust.length, {
    message: 'lists a source twice',
    path: ['sourceTrust'],
  });
export type IdentitySettings = z.infer<typeof IdentitySettings>;

export const IdentitySettingsUpdate = z
  .object({
    kinds: z.array(IdentityKindRule).min(1),
    blockedValues: z.array(BlockedValue).max(500),
    survivorship: z.record(SurvivingField, SurvivorshipRule),
    sourceTrust: z.array(z.enum(SOURCE_KINDS)).length(3),
    userIdSource: z.string().trim().min(1).max(50),
  })
  .partial();
export type IdentitySettingsUpdate = z.input<typeof IdentitySettingsUpdate>;

/**
 * Defaults like Segment's identity guardrails: one user id per system, a few e-mails and
 * phones, many anonymous ids (one per device or browser), and placeholders that must never
 * join two people.
 */
export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  kinds: [
    { kind: 'external_id', priority: 1, limit: 1, match: true },
    { kind: 'loyalty', priority: 2, limit: 1, match: true },
    { kind: 'email', priority: 3, limit: 5, match: true },
    { kind: 'phone', priority: 4, limit: 5, match: true },
    { kind: 'anonymous', priority: 5, limit: 100, match: true },
  ],
  blockedValues: [
    '',
    'null',
    'undefined',
    'nil',
    'none',
    'n/a',
    'na',
    'unknown',
    'anonymous',
    'guest',
    'test',
    '-1',
    '/^0+$/',
    '/^(.)\\1{5,}$/',
  ],
  survivorship: {
    name: 'most_trusted',
    address: 'most_recent',
    birthday: 'first_non_empty',
    locale: 'most_recent',
    timeZone: 'most_recent',
  },
  sourceTrust: ['user', 'system', 'api_key'],
  userIdSource: DEFAULT_EXTERNAL_ID_SOURCE,
};

/** A customer as a merge saw it: the profile fields and the identities it held. */
export const CustomerSnapshot = z.object({
  id: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  fullName: z.string(),
  emails: z.array(z.object({ value: z.string(), label: z.string().optional(), primary: z.boolean() })),
  phones: z.array(z.object({ value: z.string(), label: z.string().optional(), primary: z.boolean() })),
  address: z.record(z.string(), z.unknown()).nullable(),
  birthday: z.string().nullable(),
  locale: z.string().nullable(),
  timeZone: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  prefersHumanService: z.boolean(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
  createdBy: z.object({ type: z.enum(SOURCE_KINDS), id: z.string().nullable(), name: z.string() }),
  identities: z.array(z.object({ kind: IdentityKind, source: z.string(), value: z.string() })),
});
export type CustomerSnapshot = z.infer<typeof CustomerSnapshot>;

/** How one field of the survivor was chosen. */
export const FieldDecision = z.object({
  field: z.string(),
  survivor: z.unknown(),
  merged: z.unknown(),
  result: z.unknown(),
  rule: z.string().describe('the survivorship rule, or "combined" for lists'),
  from: z.enum(['survivor', 'merged', 'both', 'none']),
});
export type FieldDecision = z.infer<typeof FieldDecision>;

export const MERGE_TRIGGERS = ['staff', 'event', 'import'] as const;
export const MergeTrigger = z.enum(MERGE_TRIGGERS);
export type MergeTrigger = z.infer<typeof MergeTrigger>;

export const MergeRequest = z.object({
  survivorId: z.uuid({ message: 'must be a UUID' }).describe('the customer that stays'),
  mergedId: z.uuid({ message: 'must be a UUID' }).describe('the customer merged into it'),
  reason: z.string().trim().max(500).optional(),
  dryRun: z.boolean().default(false).describe('true: answer the preview, change nothing'),
});
export type MergeRequest = z.input<typeof MergeRequest>;

export const MergePreview = z.object({
  survivorId: z.string(),
  mergedId: z.string(),
  result: CustomerSnapshot,
  decisions: z.array(FieldDecision),
  /** Rows that would move, per entity (touchpoint, order, note, task…). */
  moves: z.record(z.string(), z.number()),
  /** Identity kinds the merged profile would hold more of than their limit allows. */
  warnings: z.array(z.string()),
});
export type MergePreview = z.infer<typeof MergePreview>;

export const Merge = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  trigger: MergeTrigger,
  evidence: z.record(z.string(), z.unknown()),
  survivorBefore: CustomerSnapshot,
  mergedBefore: CustomerSnapshot,
  survivorAfter: CustomerSnapshot,
  decisions: z.array(FieldDecision),
  movedCounts: z.record(z.string(), z.number()),
  createdAt: z.date(),
  createdBy: z.object({ type: z.enum(SOURCE_KINDS), id: z.string().nullable(), name: z.string() }),
  undoneAt: z.date().nullable(),
  undoneBy: z.object({ type: z.enum(SOURCE_KINDS), id: z.string().nullable(), name: z.string() }).nullable(),
  /** Whether an undo is possible now, and if not why. */
  undoable: z.boolean(),
  undoBlockedBy: z.string().nullable(),
});
export type Merge = z.infer<typeof Merge>;

export const UnmergeRequest = z.object({
  neverMergeAgain: z
    .boolean()
    .default(true)
    .describe(
      'also mark the pair "never merge", so the next event that links them does not merge them again',
    ),
  reason: z.string().trim().max(500).optional(),
});
export type UnmergeRequest = z.input<typeof UnmergeRequest>;

export const MergeListQuery = z.object({
  customerId: z.uuid({ message: 'must be a UUID' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type MergeListQuery = z.infer<typeof MergeListQuery>;

export const MergeBlockCreate = z.object({
  customerIds: z
    .tuple([z.uuid({ message: 'must be a UUID' }), z.uuid({ message: 'must be a UUID' })])
    .refine(([a, b]) => a !== b, 'must name two different customers'),
  reason: z.string().trim().max(500).optional(),
});
export type MergeBlockCreate = z.input<typeof MergeBlockCreate>;

export const MergeBlock = z.object({
  customerIds: z.tuple([z.string(), z.string()]),
  reason: z.string(),
  createdAt: z.date(),
  createdBy: z.object({ type: z.enum(SOURCE_KINDS), id: z.string().nullable(), name: z.string() }),
});
export type MergeBlock = z.infer<typeof MergeBlock>;

export const CANDIDATE_SIGNALS = ['name', 'address', 'phone', 'birthday', 'email_local'] as const;
export const CandidateSignal = z.object({
  kind: z.enum(CANDIDATE_SIGNALS),
  /** In plain words: "names 91% alike", "same postcode and street". */
  detail: z.string(),
});
export type CandidateSignal = z.infer<typeof CandidateSignal>;

export const CANDIDATE_STATUSES = ['open', 'merged', 'dismissed'] as const;
export const CandidateStatus = z.enum(CANDIDATE_STATUSES);
export type CandidateStatus = z.infer<typeof CandidateStatus>;

const CandidateCustomer = z.object({
  id: z.string(),
  fullName: z.string(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  birthday: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.date(),
});

export const DuplicateCandidate = z.object({
  id: z.string(),
  score: z.number(),
  signals: z.array(CandidateSignal),
  status: CandidateStatus,
  foundAt: z.date(),
  customers: z.tuple([CandidateCustomer, CandidateCustomer]),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const CandidateListQuery = z.object({
  status: CandidateStatus.default('open'),
  customerId: z.uuid({ message: 'must be a UUID' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type CandidateListQuery = z.infer<typeof CandidateListQuery>;

export const CandidateDecision = z.object({
  decision: z.enum(['dismiss', 'never_merge']),
  reason: z.string().trim().max(500).optional(),
});
export type CandidateDecision = z.input<typeof CandidateDecision>;

export const CandidateScanResult = z.object({
  scanned: z.number().describe('customers compared'),
  found: z.number().describe('pairs newly queued'),
  open: z.number().describe('open candidates now in the queue'),
});
export type CandidateScanResult = z.infer<typeof CandidateScanResult>;
