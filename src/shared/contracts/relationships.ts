import { z } from 'zod';
import { ActorRef, Id, IsoDate } from './common.js';

/**
 * Fournier's (1998) typology of consumer–brand relationships: the kind of relationship a
 * customer has with us, which decides how we should behave towards them.
 */
export const RELATIONSHIP_TYPES = [
  'arranged_marriage',
  'casual_friends',
  'marriage_of_convenience',
  'committed_partnership',
  'best_friendship',
  'compartmentalised_friendship',
  'kinship',
  'rebound',
  'childhood_friendship',
  'courtship',
  'dependency',
  'fling',
  'enmity',
  'secret_affair',
  'enslavement',
] as const;
export const RelationshipType = z.enum(RELATIONSHIP_TYPES);
export type RelationshipType = z.infer<typeof RelationshipType>;

/** Communal relationships run on care without score-keeping; exchange ones on quid pro quo. */
export const ORIENTATIONS = ['communal', 'exchange'] as const;
export const Orientation = z.enum(ORIENTATIONS);
export type Orientation = z.infer<typeof Orientation>;

/** Lifecycle stages; a customer can lapse, be won back and lapse again (each an episode). */
export const LIFECYCLE_STAGES = ['courtship', 'growth', 'maturity', 'decline', 'lapsed', 'won_back'] as const;
export const LifecycleStage = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** Why we contact a customer; each type's rules allow some purposes and not others. */
export const CONTACT_PURPOSES = [
  'marketing',
  'cross_sell',
  'loyalty',
  'feedback_request',
  'service',
  'transactional',
] as const;
export const ContactPurpose = z.enum(CONTACT_PURPOSES);
export type ContactPurpose = z.infer<typeof ContactPurpose>;

export const CONTACT_CHANNELS = ['email', 'sms', 'phone', 'post', 'push', 'in_person', 'social'] as const;
export const ContactChannel = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const TONES = [
  'warm_personal',
  'efficient_transactional',
  'formal_senior',
  'discreet',
  'gentle',
] as const;
export const Tone = z.enum(TONES);
export type Tone = z.infer<typeof Tone>;

/**
 * Content tags a planned action carries, which rules may forbid: e.g. `friendship_talk` for an
 * exchange-minded customer, `social_sharing` for a secret affair, `promotion` during enmity.
 */
export const ContentTag = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a content tag is lower-case letters, digits and _ (at most 40)');
export type ContentTag = z.infer<typeof ContentTag>;

/** The contact policy a relationship type implies. */
export const RelationshipRules = z.object({
  allowedPurposes: z.array(ContactPurpose).min(1),
  tone: Tone,
  /** At most this many non-service contacts in any rolling 30 days. */
  maxContactsPer30Days: z.int().min(0).max(60),
  preferredChannel: ContactChannel,
  service: z.enum(['human', 'automated', 'either']),
  /** Content tags that must not go out to this customer. */
  avoid: z.array(ContentTag),
  /** What a member of staff reads: the rules in one or two sentences. */
  guidance: z.string().min(1).max(500),
});
export type RelationshipRules = z.infer<typeof RelationshipRules>;

/** An action we plan to take towards a customer, as the policy check receives it. */
export const PlannedAction = z.object({
  channel: ContactChannel,
  purpose: ContactPurpose,
  contentTags: z.array(ContentTag).max(30).default([]),
  /** When it would go out; the check's clock when absent. */
  at: z.iso.datetime({ offset: true }).optional(),
  /** Automated (campaign, bot) or by a person. */
  automated: z.boolean().default(true),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

export const POLICY_VERDICTS = ['allow', 'warn', 'block'] as const;
export const PolicyVerdict = z.enum(POLICY_VERDICTS);
export type PolicyVerdict = z.infer<typeof PolicyVerdict>;

/** Closed set of reasons, so that "violations prevented" can be counted by reason. */
export const POLICY_REASON_CODES = [
  'purpose_not_allowed',
  'content_avoided',
  'frequency_exceeded',
  'no_consent',
  'open_complaint',
  'lapsed_customer',
  'courtship_pace',
  'channel_not_preferred',
  'automation_for_human_customer',
] as const;
export const PolicyReasonCode = z.enum(POLICY_REASON_CODES);
export type PolicyReasonCode = z.infer<typeof PolicyReasonCode>;

export const PolicyReason = z.object({
  code: PolicyReasonCode,
  verdict: PolicyVerdict,
  message: z.string(),
});
export type PolicyReason = z.infer<typeof PolicyReason>;

export const PolicyDecision = z.object({
  verdict: PolicyVerdict,
  reasons: z.array(PolicyReason),
});
export type PolicyDecision = z.infer<typeof PolicyDecision>;

// ---------------------------------------------------------------------------------------------
// The relationship survey: what the customer says outranks what we infer
// ---------------------------------------------------------------------------------------------

/**
 * "Which sentence fits your relationship with us best?" — one sentence per type, in the
 * customer's words rather than the typology's.
 */
export const SURVEY_SENTENCES: Readonly<Record<RelationshipType, string>> = {
  arranged_marriage: 'I come because it was chosen for me — by my company, my agent or where I live.',
  casual_friends: 'I drop in now and then; it is pleasant, nothing more.',
  marriage_of_convenience: 'You are the practical choice: the right price, the right place.',
  committed_partnership: 'I have chosen you for the long run and I am loyal to you.',
  best_friendship: 'You know me; I tell friends about you and tell you what you could do better.',
  compartmentalised_friendship:
    'You are my place for one particular thing, and for that I would not go elsewhere.',
  kinship: 'My family has always come here; it is part of who we are.',
  rebound: 'I came to you after I was let down somewhere else.',
  childhood_friendship: 'We go back a long way; I do not come often now, but it brings back good memories.',
  courtship: 'We are just getting to know each other.',
  dependency: 'I rely on you completely and I would be lost without you.',
  fling: 'It was a short, intense thing; I am not sure I will be back.',
  enmity: 'Frankly, I am unhappy with you and I want it put right.',
  secret_affair: 'I like coming here, but I keep it private.',
  enslavement: 'I would leave if I had a real alternative.',
};

/** Brand relationship quality facets (Fournier 1998), each answered on a 1–7 scale. */
export const BRQ_FACETS = [
  'love_passion',
  'self_connection',
  'commitment',
  'interdependence',
  'intimacy',
  'partner_quality',
] as const;
export const BrqFacet = z.enum(BRQ_FACETS);
export type BrqFacet = z.infer<typeof BrqFacet>;

const Likert7 = z.int().min(1, 'answers run from 1 to 7').max(7, 'answers run from 1 to 7');

export const SURVEY_SOURCES = ['preference_centre', 'link', 'staff', 'import'] as const;

/**
 * One answer to the relationship survey. Every part is optional except the sentence, so a
 * customer who only picks a sentence still counts. Attachment anxiety and avoidance (1–7)
 * say how much closeness the customer wants.
 */
export const SurveyAnswer = z.strictObject({
  sentence: RelationshipType,
  brq: z.partialRecord(BrqFacet, Likert7).default({}),
  attachment: z.strictObject({ anxiety: Likert7.optional(), avoidance: Likert7.optional() }).default({}),
  source: z.enum(SURVEY_SOURCES).default('staff'),
});
export type SurveyAnswer = z.input<typeof SurveyAnswer>;

export const SurveyResponse = z.object({
  id: z.string(),
  customerId: z.string(),
  /** 1 for a customer's first answer, then counting up: earlier answers are kept. */
  version: z.int(),
  sentence: RelationshipType,
  brq: z.partialRecord(BrqFacet, z.int()),
  attachment: z.object({ anxiety: z.int().optional(), avoidance: z.int().optional() }),
  source: z.enum(SURVEY_SOURCES),
  answeredAt: z.date(),
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;

/** Staff ask for a survey link to send a customer (by e-mail, SMS, on a receipt). */
export const SurveyLinkInput = z.strictObject({
  /** How long the customer has to answer, in days. */
  expiresInDays: z.int().min(1, 'at least a day').max(90, 'at most 90 days').default(30),
});
export type SurveyLinkInput = z.input<typeof SurveyLinkInput>;

export const SurveyLink = z.object({
  id: Id,
  customerId: Id,
  /** The whole link to send; it is shown once and not stored (only a hash of its secret is). */
  url: z.string(),
  expiresAt: z.date(),
  /** A dry run of asking for feedback by e-mail: what the customer's rules say about sending it. */
  policy: PolicyDecision,
});
export type SurveyLink = z.infer<typeof SurveyLink>;

/** What the public survey page shows a customer who opened their link. */
export const PublicSurvey = z.object({
  /** The business asking, by its workspace name. */
  business: z.string(),
  /** The customer's given name, to greet them; null when we do not have one. */
  givenName: z.string().nullable(),
  sentences: z.array(z.object({ type: RelationshipType, text: z.string() })),
  facets: z.array(z.object({ facet: BrqFacet, statement: z.string() })),
  attachment: z.array(z.object({ key: z.enum(['anxiety', 'avoidance']), statement: z.string() })),
  expiresAt: z.date(),
  /** The customer's latest answer through this link, so they can see or change it. */
  answer: z
    .object({
      sentence: RelationshipType,
      brq: z.partialRecord(BrqFacet, z.int()),
      attachment: z.object({ anxiety: z.int().optional(), avoidance: z.int().optional() }),
      answeredAt: z.date(),
    })
    .nullable(),
});
export type PublicSurvey = z.infer<typeof PublicSurvey>;

/** A customer's answer through a link: the survey without the `source` (it is `link`). */
export const PublicSurveyAnswer = SurveyAnswer.omit({ source: true });
export type PublicSurveyAnswer = z.input<typeof PublicSurveyAnswer>;

/** The statements the survey's 1–7 scales rate, in the customer's words. */
export const BRQ_STATEMENTS: Readonly<Record<BrqFacet, string>> = {
  love_passion: 'I would really miss you if you were gone.',
  self_connection: 'You fit who I am.',
  commitment: 'I intend to stay with you for a long time.',
  interdependence: 'You are part of my everyday life.',
  intimacy: 'You know me well, and I know you well.',
  partner_quality: 'You treat me well and I can count on you.',
};
export const ATTACHMENT_STATEMENTS: Readonly<Record<'anxiety' | 'avoidance', string>> = {
  anxiety: 'I worry that you do not value me as a customer.',
  avoidance: 'I prefer to keep some distance from the businesses I buy from.',
};

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

/** Which outgoing path asks the policy check; decisions are reported by it. */
export const POLICY_SOURCES = [
  'api',
  'campaign',
  'briefing',
  'case_reply',
  'csat_survey',
  'next_best_action',
  'preview',
] as const;
export const PolicySource = z.enum(POLICY_SOURCES);
export type PolicySource = z.infer<typeof PolicySource>;

export const PolicyCheckRequest = z.strictObject({
  customerId: Id,
  action: PlannedAction,
  source: PolicySource.default('api'),
  /**
   * True when the caller sends the action if it is not blocked: the decision then counts as a
   * contact for the frequency rule. False (the default) is a dry run.
   */
  contact: z.boolean().default(false),
});
export type PolicyCheckRequest = z.input<typeof PolicyCheckRequest>;

export const PolicyCheckResult = PolicyDecision.extend({
  id: Id,
  customerId: Id,
  relationshipType: RelationshipType,
  stage: LifecycleStage.nullable(),
  decidedAt: z.date(),
});
export type PolicyCheckResult = z.infer<typeof PolicyCheckResult>;

export const RelationshipSignal = z.object({
  feature: z.string(),
  contribution: z.number(),
  text: z.string(),
});

export const NEXT_ACTION_KEYS = [
  'recover_complaint',
  'reply_to_suggestion',
  'onboarding',
  'win_back',
  'personal_thanks',
  'ask_feedback',
  'loyalty_touch',
] as const;
export const NextActionKey = z.enum(NEXT_ACTION_KEYS);
export type NextActionKey = z.infer<typeof NextActionKey>;

/** One explainable next step, already checked against the policy. */
export const NextAction = z.object({
  key: NextActionKey,
  title: z.string(),
  why: z.string(),
  action: PlannedAction,
  policy: PolicyDecision,
});
export type NextAction = z.infer<typeof NextAction>;

export const OverrideInput = z.strictObject({
  type: RelationshipType,
  reason: z.string().trim().min(3, 'say why, in a few words').max(500),
});
export type OverrideInput = z.infer<typeof OverrideInput>;

export const LET_GO_DECISIONS = ['let_go', 'deprioritise', 'reinstate'] as const;
export const LetGoInput = z.strictObject({
  decision: z.enum(LET_GO_DECISIONS),
  reason: z
    .string()
    .trim()
    .min(10, 'a decision to let a customer go needs a reason of at least 10 characters')
    .max(1000),
});
export type LetGoInput = z.infer<typeof LetGoInput>;

export const LetGoDecision = z.object({
  id: Id,
  decision: z.enum(LET_GO_DECISIONS),
  reason: z.string(),
  snapshot: z.record(z.string(), z.unknown()),
  decidedBy: ActorRef,
  decidedAt: z.date(),
});
export type LetGoDecision = z.infer<typeof LetGoDecision>;

export const StageEpisodeOut = z.object({ stage: LifecycleStage, from: IsoDate, to: IsoDate.nullable() });

/** The 360's relationship panel. */
export const RelationshipPanel = z.object({
  profile: z
    .object({
      /** In force: the override when there is one, else the inferred type. */
      type: RelationshipType,
      inferredType: RelationshipType,
      runnerUp: RelationshipType,
      confidence: z.number(),
      orientation: Orientation,
      orientationScore: z.number(),
      strength: z.number(),
      signals: z.array(RelationshipSignal),
      fromSurvey: z.boolean(),
      configVersion: z.int(),
      computedAt: z.date(),
      pAlive: z.number().nullable(),
      clvMinor: z.number().nullable(),
    })
    .nullable(),
  override: z
    .object({ type: RelationshipType, reason: z.string(), setBy: ActorRef, setAt: z.date() })
    .nullable(),
  stage: z.object({
    current: LifecycleStage.nullable(),
    since: IsoDate.nullable(),
    episodes: z.array(StageEpisodeOut),
    churns: z.int(),
  }),
  survey: z.array(SurveyResponse),
  rules: RelationshipRules.nullable(),
  nextActions: z.array(NextAction),
  letGo: z.array(LetGoDecision),
  decisions: z.array(
    z.object({
      id: Id,
      source: z.string(),
      verdict: PolicyVerdict,
      action: PlannedAction,
      reasons: z.array(PolicyReason),
      decidedAt: z.date(),
    }),
  ),
});
export type RelationshipPanel = z.infer<typeof RelationshipPanel>;

export const RelationshipRun = z.object({
  id: Id,
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  requestedBy: ActorRef,
  requestedAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number() }).nullable(),
  configVersion: z.int().nullable(),
  customers: z.int().nullable(),
  error: z.string().nullable(),
});
export type RelationshipRun = z.infer<typeof RelationshipRun>;

export const FlowsQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

/** The relationship portfolio dashboard. */
export const RelationshipPortfolio = z.object({
  run: RelationshipRun.nullable(),
  customers: z.int(),
  typeMix: z.array(
    z.object({ type: RelationshipType, orientation: Orientation, customers: z.int(), strength: z.number() }),
  ),
  stages: z.array(z.object({ stage: LifecycleStage, customers: z.int() })),
  flows: z.object({
    from: IsoDate,
    to: IsoDate,
    links: z.array(z.object({ from: LifecycleStage, to: LifecycleStage, customers: z.int() })),
  }),
  churn: z.object({ everLapsed: z.int(), repeatLapsed: z.int() }),
  quadrant: z.object({
    strongAt: z.number(),
    medianClvMinor: z.number().nullable(),
    cells: z.array(z.object({ strong: z.boolean(), valuable: z.boolean(), customers: z.int() })),
    points: z.array(
      z.object({ customerId: Id, strength: z.number(), clvMinor: z.number(), type: RelationshipType }),
    ),
  }),
  /** Below-median value but strong relationship signals: not to be let go on value alone. */
  lowValueStrong: z.int(),
  violationsPrevented: z.object({
    since: z.date(),
    checks: z.int(),
    blocked: z.int(),
    warned: z.int(),
    byReason: z.array(z.object({ code: PolicyReasonCode, verdict: PolicyVerdict, decisions: z.int() })),
  }),
});
export type RelationshipPortfolio = z.infer<typeof RelationshipPortfolio>;

export const RulesBook = z.object({
  rules: z.record(RelationshipType, RelationshipRules),
  defaults: z.record(RelationshipType, RelationshipRules),
  edited: z.array(RelationshipType),
});
export type RulesBook = z.infer<typeof RulesBook>;

export const TypeWeightsSchema = z.object({
  bias: z.number().min(-20).max(20),
  weights: z.record(z.string(), z.number().min(-20).max(20)),
});

/** The classifier's weights as admins edit them; the version is assigned on save. */
export const ClassifierConfigInput = z.strictObject({
  /** Types left out keep their weights in force. */
  types: z.partialRecord(RelationshipType, TypeWeightsSchema),
  surveyWeight: z.number().min(0).max(50),
  temperature: z.number().min(0.05).max(20),
  note: z.string().trim().max(500).default(''),
});
export type ClassifierConfigInput = z.input<typeof ClassifierConfigInput>;

export const ClassifierConfigOut = z.object({
  version: z.int(),
  types: z.record(RelationshipType, TypeWeightsSchema),
  surveyWeight: z.number(),
  temperature: z.number(),
  note: z.string(),
  features: z.array(z.object({ key: z.string(), label: z.string() })),
});
export type ClassifierConfigOut = z.infer<typeof ClassifierConfigOut>;

/** How many customers an edit would move, before it is saved. */
export const ClassifierPreview = z.object({
  customers: z.int(),
  moved: z.int(),
  transitions: z.array(z.object({ from: RelationshipType, to: RelationshipType, customers: z.int() })),
  after: z.array(z.object({ type: RelationshipType, customers: z.int() })),
});
export type ClassifierPreview = z.infer<typeof ClassifierPreview>;

export const WorkListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/, 'cursor is the number the last page gave').optional(),
  stage: LifecycleStage.optional(),
  openComplaints: z.enum(['true', 'false']).optional(),
});

export const WorkItem = z.object({
  customerId: Id,
  name: z.string(),
  type: RelationshipType,
  stage: LifecycleStage,
  strength: z.number(),
  clvMinor: z.number().nullable(),
  nextActions: z.array(NextAction),
});
export const WorkList = z.object({ items: z.array(WorkItem), nextCursor: z.string().nullable() });
export type WorkList = z.infer<typeof WorkList>;
