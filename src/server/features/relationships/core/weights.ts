/**
 * The shipped scoring model: for each type, a bias and the features that point to it. Read a
 * row as a sentence — "an enmity is an open complaint and a public bad word". Casual friends is
 * the default (highest bias, almost no weights): a customer without a distinctive signal is a
 * pleasant, occasional acquaintance. Weights were set by hand from the type descriptions and
 * checked against the demo's planted types (docs/relationships.md has the confusion matrix).
 */
import type { RelationshipType } from '../../../../shared/contracts/relationships.js';
import type { ClassifierConfig, TypeWeights } from './classify.js';

const TYPES: Readonly<Record<RelationshipType, TypeWeights>> = {
  casual_friends: { bias: 0.6, weights: { recency: 0.4, breadth: 0.4 } },
  courtship: { bias: -1, weights: { newness: 4, switched: -3 } },
  rebound: { bias: -1.5, weights: { switched: 5, newness: 0.5 } },
  fling: { bias: -1, weights: { single_burst: 4, tenure: -1 } },
  committed_partnership: {
    bias: -1.5,
    weights: {
      frequency: 3,
      recency: 0.5,
      engagement: 1,
      tenure: 1,
      complaints_open: -1,
      negative_voice: -1,
    },
  },
  best_friendship: {
    bias: -3.2,
    weights: { engagement: 9, prefers_human: 0.5, complaints_recovered: 0.5, negative_voice: -2 },
  },
  compartmentalised_friendship: {
    bias: -1,
    weights: { engagement: 5 },
  },
  marriage_of_convenience: {
    bias: -1,
    weights: { promotion_share: 3, price_sensitivity: 2.5, engagement: -0.5 },
  },
  arranged_marriage: { bias: -1, weights: { third_party: 4 } },
  kinship: { bias: -1, weights: { family: 4, gift_share: 0.5 } },
  childhood_friendship: { bias: -2.5, weights: { tenure: 4, frequency: -1 } },
  dependency: { bias: -1, weights: { contact_intensity: 4, frequency: 0.5 } },
  enslavement: { bias: -1, weights: { no_alternative: 4, complaints_open: -1, negative_voice: -1 } },
  enmity: { bias: -1.5, weights: { complaints_open: 2.5, negative_voice: 2.5 } },
  secret_affair: { bias: -1, weights: { discretion: 3, marketing_opt_out: 1.5 } },
};

/** Version 0 is the shipped model; a workspace's first saved edit is version 1. */
export const DEFAULT_CLASSIFIER: ClassifierConfig = Object.freeze({
  version: 0,
  types: TYPES,
  surveyWeight: 4,
  temperature: 1,
});
