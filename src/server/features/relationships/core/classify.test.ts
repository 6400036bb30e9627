import { describe, expect, it } from 'vitest';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../../../shared/contracts/relationships.js';
import {
  type ClassifierConfig,
  classify,
  FEATURE_KEYS,
  type Features,
  type TypeWeights,
} from './classify.js';

const zero = Object.fromEntries(FEATURE_KEYS.map((k) => [k, 0])) as Record<
  (typeof FEATURE_KEYS)[number],
  number
>;
const features = (over: Partial<Features>): Features => ({ ...zero, ...over });

/** Every type far below the three under test, so only those compete. */
function config(over: Partial<Record<RelationshipType, TypeWeights>>, surveyWeight = 3): ClassifierConfig {
  const types = Object.fromEntries(
    RELATIONSHIP_TYPES.map((t) => [t, over[t] ?? { bias: -10, weights: {} }]),
  ) as Record<RelationshipType, TypeWeights>;
  return { version: 7, types, surveyWeight, temperature: 1 };
}

const cfg = config({
  committed_partnership: { bias: 0, weights: { tenure: 2, frequency: 2, engagement: 1 } },
  fling: { bias: 0, weights: { single_burst: 3, promotion_share: 1 } },
  courtship: { bias: 0.5, weights: { newness: 2 } },
});

describe('classify', () => {
  it('picks the highest score, the runner-up, and explains with the largest contributions', () => {
    const c = classify(features({ tenure: 1, frequency: 0.8, engagement: 0.5, newness: 0.1 }), null, cfg);
    expect(c.type).toBe('committed_partnership');
    expect(c.runnerUp).toBe('courtship');
    expect(c.signals.map((s) => s.feature)).toEqual(['tenure', 'frequency', 'engagement']);
    expect(c.signals[0]?.contribution).toBeCloseTo(2);
    expect(c.signals[0]?.text).toBe('a long history with us');
    expect(c.configVersion).toBe(7);
    expect(c.fromSurvey).toBe(false);
  });

  it('confidence is the softmax share of the winner', () => {
    // Scores: partnership 2, fling 0, courtship 0.5, twelve others −10.
    const c = classify(features({ tenure: 1 }), null, cfg);
    const expSum = Math.exp(2) + Math.exp(0) + Math.exp(0.5) + 12 * Math.exp(-10);
    expect(c.confidence).toBeCloseTo(Math.exp(2) / expSum, 12);
    const cooler = classify(features({ tenure: 1 }), null, { ...cfg, temperature: 0.25 });
    expect(cooler.confidence).toBeGreaterThan(c.confidence);
  });

  it('what the customer says outranks what we infer', () => {
    const burst = features({ single_burst: 1 });
    expect(classify(burst, null, cfg).type).toBe('fling');
    const said = classify(burst, 'committed_partnership', cfg);
    expect(said).toMatchObject({ type: 'committed_partnership', runnerUp: 'fling', fromSurvey: true });
    // With a weight too small to outrank the behaviour, behaviour wins and the answer is runner-up.
    const weak = classify(burst, 'committed_partnership', config(cfg.types, 1));
    expect(weak).toMatchObject({ type: 'fling', runnerUp: 'committed_partnership', fromSurvey: false });
  });

  it('signals list only positive contributions, at most four', () => {
    const many = config({
      kinship: {
        bias: 0,
        weights: { tenure: 1, frequency: 1, breadth: 1, gift_share: 1, recency: 1, promotion_share: -2 },
      },
    });
    const c = classify(
      features({ tenure: 1, frequency: 1, breadth: 1, gift_share: 1, recency: 0.5, promotion_share: 1 }),
      null,
      many,
    );
    expect(c.type).toBe('kinship');
    expect(c.signals).toHaveLength(4);
    expect(c.signals.every((s) => s.contribution > 0)).toBe(true);
    expect(c.signals.map((s) => s.feature)).not.toContain('recency');
  });
});
