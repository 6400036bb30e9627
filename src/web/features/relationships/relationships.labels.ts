import type {
  BrqFacet,
  ContactChannel,
  ContactPurpose,
  LET_GO_DECISIONS,
  LifecycleStage,
  Orientation,
  PolicyReasonCode,
  PolicyVerdict,
  RelationshipRules,
  RelationshipType,
  SURVEY_SOURCES,
  Tone,
} from '../../../shared/contracts/relationships.js';

/**
 * How relationship intelligence names things for people: the fifteen types (snake_case ids on
 * the wire), orientations, stages, the contact rules' vocabulary and the policy check's reasons.
 * Pure, so every label is tested.
 */

export const TYPE_LABELS: Record<RelationshipType, string> = {
  arranged_marriage: 'Arranged marriage',
  casual_friends: 'Casual friends',
  marriage_of_convenience: 'Marriage of convenience',
  committed_partnership: 'Committed partnership',
  best_friendship: 'Best friendship',
  compartmentalised_friendship: 'Compartmentalised friendship',
  kinship: 'Kinship',
  rebound: 'Rebound',
  childhood_friendship: 'Childhood friendship',
  courtship: 'Courtship',
  dependency: 'Dependency',
  fling: 'Fling',
  enmity: 'Enmity',
  secret_affair: 'Secret affair',
  enslavement: 'Enslavement',
};

export const ORIENTATION_LABELS: Record<Orientation, string> = {
  communal: 'Communal',
  exchange: 'Exchange',
};

/** What the orientation asks of us, for a tooltip. */
export const ORIENTATION_HINTS: Record<Orientation, string> = {
  communal: 'runs on care and goodwill, without keeping score',
  exchange: 'runs on a fair deal: quid pro quo, efficiently',
};

/** One colour per orientation, shared by the badges and the charts. */
export const ORIENTATION_COLORS: Record<Orientation, { badge: string; chart: string }> = {
  communal: { badge: 'grape', chart: '#ae3ec9' },
  exchange: { badge: 'cyan', chart: '#1098ad' },
};

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  courtship: 'Courtship',
  growth: 'Growth',
  maturity: 'Maturity',
  decline: 'Decline',
  lapsed: 'Lapsed',
  won_back: 'Won back',
};

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  courtship: 'blue',
  growth: 'teal',
  maturity: 'green',
  decline: 'orange',
  lapsed: 'red',
  won_back: 'violet',
};

export const PURPOSE_LABELS: Record<ContactPurpose, string> = {
  marketing: 'Marketing',
  cross_sell: 'Cross-sell',
  loyalty: 'Loyalty',
  feedback_request: 'Feedback request',
  service: 'Service',
  transactional: 'Transactional',
};

export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = {
  email: 'E-mail',
  sms: 'SMS',
  phone: 'Phone',
  post: 'Post',
  push: 'Push notification',
  in_person: 'In person',
  social: 'Social media',
};

export const TONE_LABELS: Record<Tone, string> = {
  warm_personal: 'Warm and personal',
  efficient_transactional: 'Efficient and transactional',
  formal_senior: 'Formal, from someone senior',
  discreet: 'Discreet',
  gentle: 'Gentle',
};

export const SERVICE_LABELS: Record<RelationshipRules['service'], string> = {
  human: 'A person',
  automated: 'Automated is fine',
  either: 'Either',
};

export const VERDICT_LABELS: Record<PolicyVerdict, string> = {
  allow: 'Allowed',
  warn: 'Warning',
  block: 'Blocked',
};

export const VERDICT_COLORS: Record<PolicyVerdict, string> = {
  allow: 'teal',
  warn: 'yellow',
  block: 'red',
};

export const REASON_LABELS: Record<PolicyReasonCode, string> = {
  purpose_not_allowed: 'Purpose not allowed for the type',
  content_avoided: 'Content the type avoids',
  frequency_exceeded: 'Too many contacts in 30 days',
  no_consent: 'No marketing consent',
  open_complaint: 'Open complaint',
  lapsed_customer: 'Lapsed customer',
  courtship_pace: 'Too fast for a courtship',
  channel_not_preferred: 'Not the preferred channel',
  automation_for_human_customer: 'Automated, but they want a person',
};

export type LetGoDecisionKind = (typeof LET_GO_DECISIONS)[number];

export const LET_GO_LABELS: Record<LetGoDecisionKind, string> = {
  let_go: 'Let go',
  deprioritise: 'Deprioritised',
  reinstate: 'Reinstated',
};

/** The button's verb for each decision. */
export const LET_GO_ACTIONS: Record<LetGoDecisionKind, string> = {
  let_go: 'Let go',
  deprioritise: 'Deprioritise',
  reinstate: 'Reinstate',
};

export const BRQ_LABELS: Record<BrqFacet, string> = {
  love_passion: 'Love and passion',
  self_connection: 'Self-connection',
  commitment: 'Commitment',
  interdependence: 'Interdependence',
  intimacy: 'Intimacy',
  partner_quality: 'Partner quality',
};

export type SurveySource = (typeof SURVEY_SOURCES)[number];

export const SURVEY_SOURCE_LABELS: Record<SurveySource, string> = {
  preference_centre: 'Preference centre',
  link: 'Survey link',
  staff: 'Recorded by staff',
  import: 'Imported',
};

/**
 * The strength (0–1) from which a relationship counts as strong: the server's threshold, which
 * the portfolio sends as `quadrant.strongAt` but the customer panel does not carry.
 */
export const STRONG_AT = 0.5;

/**
 * A relationship strength (0–1) in plain words.
 * @example strengthWords(0.8) === 'very strong'; strengthWords(0.6) === 'strong'; strengthWords(0.1) === 'weak'
 */
export function strengthWords(strength: number, strongAt = STRONG_AT): string {
  if (strength >= strongAt + (1 - strongAt) / 2) return 'very strong';
  if (strength >= strongAt) return 'strong';
  if (strength >= strongAt / 2) return 'moderate';
  return 'weak';
}

/**
 * How many times a customer lapsed, as the panel says it.
 * @example churnText(0) === 'Never lapsed'; churnText(1) === 'Lapsed once'; churnText(3) === 'Lapsed 3 times'
 */
export function churnText(churns: number): string {
  if (churns <= 0) return 'Never lapsed';
  if (churns === 1) return 'Lapsed once';
  if (churns === 2) return 'Lapsed twice';
  return `Lapsed ${churns} times`;
}

/** @example listText(['a', 'b', 'c'], 'en-GB') === 'a, b and c' */
export function listText(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** @example tagLabel('friendship_talk') === 'friendship talk' */
export function tagLabel(tag: string): string {
  return tag.replace(/_/g, ' ');
}
