/**
 * RFM (recency, frequency, monetary) scores and the classic named segments. Scores are ranks
 * within the scored population, so only the order of the inputs matters, not their scale.
 */
import type { RfmSegment } from '../../../../shared/contracts/value.js';

export type { RfmSegment };

/** One customer's RFM inputs, in explicit units. */
export interface RfmInput {
  customerId: string;
  /** Days from the customer's last purchase to the scoring date (smaller = more recent). */
  recencyDays: number;
  /** Number of purchases (e.g. purchase days or orders; the same definition for everyone). */
  frequency: number;
  /**
   * Spend, total or mean per purchase (the same definition for everyone). The mean keeps M apart
   * from F; the total rewards frequent buyers twice.
   */
  monetary: number;
}

/** Display names of the segments (the ids are the contract's, `RFM_SEGMENTS`). */
export const RFM_SEGMENT_LABELS: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalist: 'Potential loyalist',
  new_customers: 'New customers',
  promising: 'Promising',
  need_attention: 'Need attention',
  about_to_sleep: 'About to sleep',
  at_risk: 'At risk',
  cannot_lose_them: 'Cannot lose them',
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/**
 * The segment grid (table cells show {@link RFM_SEGMENT_LABELS}): `RFM_SEGMENT_GRID[fm - 1][r - 1]` on the 1–5 scale, where `fm` is the
 * mean of the F and M scores rounded half up. Rows are FM 1 (bottom) to 5, columns R 1 (longest
 * ago) to 5 (most recent):
 *
 * | FM \ R | 1                | 2                | 3               | 4                  | 5                  |
 * |--------|------------------|------------------|-----------------|--------------------|--------------------|
 * | 5      | Cannot lose them | Cannot lose them | Loyal           | Loyal              | Champions          |
 * | 4      | At risk          | At risk          | Loyal           | Loyal              | Champions          |
 * | 3      | At risk          | At risk          | Need attention  | Potential loyalist | Potential loyalist |
 * | 2      | Hibernating      | Hibernating      | About to sleep  | Potential loyalist | Potential loyalist |
 * | 1      | Lost             | Hibernating      | About to sleep  | Promising          | New customers      |
 *
 * This is the widely used R × F grid (Champions = bought recently and often; Cannot lose them =
 * bought often, long ago; New customers = bought recently, once) with Lost split off as the
 * bottom-left cell.
 */
export const RFM_SEGMENT_GRID: readonly (readonly RfmSegment[])[] = [
  ['lost', 'hibernating', 'about_to_sleep', 'promising', 'new_customers'],
  ['hibernating', 'hibernating', 'about_to_sleep', 'potential_loyalist', 'potential_loyalist'],
  ['at_risk', 'at_risk', 'need_attention', 'potential_loyalist', 'potential_loyalist'],
  ['at_risk', 'at_risk', 'loyal', 'loyal', 'champions'],
  ['cannot_lose_them', 'cannot_lose_them', 'loyal', 'loyal', 'champions'],
];

export interface RfmOptions {
  /** Number of score bins (quantile groups), ≥ 2. Default 5 (quintiles). */
  bins?: number;
}

/** One customer's scores: each from 1 (worst) to `bins` (best). */
export interface RfmScore {
  customerId: string;
  /** Higher = bought more recently. */
  recencyScore: number;
  /** Higher = bought more often. */
  frequencyScore: number;
  /** Higher = spent more. */
  monetaryScore: number;
  /** Mean of the F and M scores, rounded half up (1 … bins). */
  fmScore: number;
  /** R, F and M scores as digits, e.g. "545" (with bins ≤ 9). */
  code: string;
  segment: RfmSegment;
}

/**
 * Quantile scores of `values` (higher value = higher score), 1 … bins. Each value gets the bin of
 * its average rank: score = ⌈bins · rank / n⌉ with rank the mean 1-based position of its ties,
 * i.e. pandas' `rank(method='average', pct=True)` cut into equal-width bins. Equal values get
 * equal scores, and the result does not depend on the input order.
 */
function quantileScores(values: readonly number[], bins: number): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const scores = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end += 1;
    // Average 1-based rank of the tie group is (start + 1 + end) / 2; integers avoid rounding at bin edges.
    const num = bins * (start + 1 + end);
    const den = 2 * n;
    const score = Math.min(bins, Math.max(1, Math.floor((num + den - 1) / den)));
    for (let k = start; k < end; k += 1) scores[order[k]!] = score;
    start = end;
  }
  return scores;
}

/** A score on 1 … bins moved linearly onto the grid's 1 … 5 scale (1 stays 1, bins becomes 5). */
function toFive(score: number, bins: number): number {
  return Math.min(5, Math.max(1, 1 + Math.round(((score - 1) * 4) / (bins - 1))));
}

/**
 * The named segment of an R score and an FM score, each on 1 … bins (see {@link RFM_SEGMENT_GRID});
 * with bins ≠ 5 the scores are first moved linearly onto 1 … 5 (1 → 1, bins → 5, rounded).
 * @example rfmSegment(5, 5) === 'champions'; rfmSegment(1, 5) === 'cannot_lose_them'
 */
export function rfmSegment(recencyScore: number, fmScore: number, bins = 5): RfmSegment {
  return RFM_SEGMENT_GRID[toFive(fmScore, bins) - 1]![toFive(recencyScore, bins) - 1]!;
}

/**
 * RFM scores and segments for a population: recency is scored so that fewer days since the last
 * purchase score higher; frequency and monetary so that more scores higher. Ties share a score
 * (average rank), so a population with little variety may not use every bin. Output is in input
 * order.
 *
 * @example
 * rfmScores([
 *   { customerId: 'a', recencyDays: 3, frequency: 9, monetary: 120 },
 *   { customerId: 'b', recencyDays: 400, frequency: 1, monetary: 15 },
 * ], { bins: 2 })
 * // → a: R 2, F 2, M 2, 'champions'; b: R 1, F 1, M 1, 'lost'
 */
export function rfmScores(rows: readonly RfmInput[], opts: RfmOptions = {}): RfmScore[] {
  const bins = opts.bins ?? 5;
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError('bins must be an integer ≥ 2');
  for (const r of rows) {
    if (![r.recencyDays, r.frequency, r.monetary].every(Number.isFinite)) {
      throw new RangeError(`RFM inputs of customer ${r.customerId} must be finite numbers`);
    }
  }
  const rs = quantileScores(
    rows.map((r) => -r.recencyDays),
    bins,
  );
  const fs = quantileScores(
    rows.map((r) => r.frequency),
    bins,
  );
  const ms = quantileScores(
    rows.map((r) => r.monetary),
    bins,
  );
  return rows.map((row, i) => {
    const recencyScore = rs[i]!;
    const frequencyScore = fs[i]!;
    const monetaryScore = ms[i]!;
    const fmScore = Math.floor((frequencyScore + monetaryScore + 1) / 2);
    return {
      customerId: row.customerId,
      recencyScore,
      frequencyScore,
      monetaryScore,
      fmScore,
      code: `${recencyScore}${frequencyScore}${monetaryScore}`,
      segment: rfmSegment(recencyScore, fmScore, bins),
    };
  });
}
