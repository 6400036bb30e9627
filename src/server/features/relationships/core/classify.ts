/**
 * A transparent scoring model from relationship features to Fournier's types: each type has a
 * bias and a weight per feature; a customer's score for a type is the bias plus the weighted sum
 * of their features, and a softmax over the scores gives the confidence. Every weight is in the
 * versioned configuration admins edit and preview, and the largest contributions to the winning
 * score are the plain-word explanation. What the customer said in the relationship survey is
 * added with its own (larger) weight, so it outranks what we infer.
 */
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../../../shared/contracts/relationships.js';
import { TYPE_ORIENTATION } from './rules.js';

/**
 * Per-customer features, each scaled to 0–1 by the extractor (1 = strongly present), so that
 * weights are comparable across features.
 */
export const FEATURE_KEYS = [
  'tenure',
  'frequency',
  'recency',
  'breadth',
  'promotion_share',
  'price_sensitivity',
  'engagement',
  'complaints_open',
  'complaints_recovered',
  'gift_share',
  'marketing_opt_out',
  'prefers_human',
  'discretion',
  'single_burst',
  'newness',
  'no_alternative',
  'contact_intensity',
  'negative_voice',
  'third_party',
  'switched',
  'family',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];
export type Features = Readonly<Record<FeatureKey, number>>;

/** How each feature reads in an explanation, when it pushes towards a type. */
export const FEATURE_LABELS: Readonly<Record<FeatureKey, string>> = {
  tenure: 'a long history with us',
  frequency: 'buys often',
  recency: 'bought recently',
  breadth: 'uses many of our places and categories',
  promotion_share: 'mostly buys on promotion',
  price_sensitivity: 'chooses on price',
  engagement: 'sends suggestions, reviews and referrals',
  complaints_open: 'has an unresolved complaint',
  complaints_recovered: 'had a complaint that was put right',
  gift_share: 'often buys gifts',
  marketing_opt_out: 'declined marketing',
  prefers_human: 'prefers a person to serve them',
  discretion: 'keeps it private (no sharing, no marketing)',
  single_burst: 'a short burst of purchases, then nothing',
  newness: 'new to us',
  no_alternative: 'keeps coming despite low satisfaction',
  contact_intensity: 'contacts us very often between visits',
  negative_voice: 'speaks badly of us in reviews or social media',
  third_party: 'booked for them by a company or agent',
  switched: 'came to us from a competitor',
  family: 'part of a family that has long come to us',
};

export interface TypeWeights {
  bias: number;
  weights: Partial<Record<FeatureKey, number>>;
}

export interface ClassifierConfig {
  /** Bumped on every saved edit; results record the version that produced them. */
  version: number;
  types: Readonly<Record<RelationshipType, TypeWeights>>;
  /** Added to the score of the type the customer chose in the survey. */
  surveyWeight: number;
  /** Softmax temperature: lower is more decisive. */
  temperature: number;
}

export interface Signal {
  feature: FeatureKey;
  /** weight × feature value, in score units. */
  contribution: number;
  text: string;
}

export interface Classification {
  type: RelationshipType;
  runnerUp: RelationshipType;
  /** Softmax probability of `type`, 0–1. */
  confidence: number;
  /** Largest positive contributions to the winning score, largest first (at most 4). */
  signals: Signal[];
  /**
   * −1 (exchange) … +1 (communal): the probability-weighted orientation of all types, so a
   * customer between a committed partnership and a marriage of convenience scores near 0.
   */
  orientationScore: number;
  /** True when the survey answer decided or confirmed the type. */
  fromSurvey: boolean;
  configVersion: number;
}

/**
 * Classifies one customer.
 * @param surveyType the type the customer's own survey answer maps to, or null
 * @example
 * classify(features, null, DEFAULT_CLASSIFIER).type // 'committed_partnership' for a long, frequent, engaged customer
 */
export function classify(
  features: Features,
  surveyType: RelationshipType | null,
  config: ClassifierConfig,
): Classification {
  const scores = new Float64Array(RELATIONSHIP_TYPES.length);
  let best = 0;
  let second = -1;
  RELATIONSHIP_TYPES.forEach((type, i) => {
    const t = config.types[type];
    let s = t.bias;
    for (const key in t.weights) s += (t.weights[key as FeatureKey] ?? 0) * features[key as FeatureKey];
    if (type === surveyType) s += config.surveyWeight;
    scores[i] = s;
  });
  for (let i = 1; i < scores.length; i++) {
    if (scores[i]! > scores[best]!) {
      second = best;
      best = i;
    } else if (second < 0 || scores[i]! > scores[second]!) second = i;
  }
  let sum = 0;
  let communal = 0;
  const top = scores[best]!;
  scores.forEach((s, i) => {
    const e = Math.exp((s - top) / config.temperature);
    sum += e;
    if (TYPE_ORIENTATION[RELATIONSHIP_TYPES[i]!] === 'communal') communal += e;
  });
  const type = RELATIONSHIP_TYPES[best]!;
  const weights = config.types[type].weights;
  const signals: Signal[] = [];
  for (const key in weights) {
    const feature = key as FeatureKey;
    const contribution = (weights[feature] ?? 0) * features[feature];
    if (contribution > 0) signals.push({ feature, contribution, text: FEATURE_LABELS[feature] });
  }
  signals.sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature));
  return {
    type,
    runnerUp: RELATIONSHIP_TYPES[second]!,
    confidence: 1 / sum,
    orientationScore: (2 * communal) / sum - 1,
    signals: signals.slice(0, 4),
    fromSurvey: surveyType === type,
    configVersion: config.version,
  };
}
