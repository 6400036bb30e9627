import { z } from 'zod';

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
