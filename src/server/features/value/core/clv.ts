/**
 * Customer lifetime value over a finite horizon: a transaction model's expected purchases times
 * a spend model's expected spend, discounted monthly; and a model-free heuristic beside it.
 */

/**
 * Model time units in one month (a mean Gregorian month, 365.25 / 12 = 30.4375 days).
 * @example UNITS_PER_MONTH.week // ≈ 4.348
 */
export const UNITS_PER_MONTH = { day: 365.25 / 12, week: 365.25 / 12 / 7 } as const;

/**
 * Default monthly discount rate: 1 % a month (≈ 12.7 % a year), inside the 10–15 % annual cost
 * of capital commonly assumed in CLV work, and a round number a user can reason about; over a
 * 12-month horizon it lowers the value by about 6 %.
 */
export const DEFAULT_MONTHLY_DISCOUNT_RATE = 0.01;
/** Default horizon: 12 months. */
export const DEFAULT_HORIZON_MONTHS = 12;

export interface ClvHorizon {
  /** Whole months to sum over, ≥ 1. Default 12. */
  horizonMonths?: number;
  /** Discount rate per month, ≥ 0 (0.01 = 1 %). Default {@link DEFAULT_MONTHLY_DISCOUNT_RATE}. */
  monthlyDiscountRate?: number;
}

export interface ClvInput extends ClvHorizon {
  /**
   * E[X(t)]: the customer's expected cumulative purchases from now to `t`, with `t` in the
   * model's time unit (e.g. `(t) => bgnbdExpectedPurchases(params, t, customer)` with t in weeks).
   */
  expectedPurchases: (t: number) => number;
  /** Expected spend per purchase (e.g. the Gamma-Gamma conditional mean), in any money unit. */
  expectedSpend: number;
  /** Model time units per month: {@link UNITS_PER_MONTH}`.week` (≈ 4.348) or `.day` (≈ 30.44). */
  unitsPerMonth: number;
}

function horizonOf(h: ClvHorizon): { months: number; rate: number } {
  const months = h.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  const rate = h.monthlyDiscountRate ?? DEFAULT_MONTHLY_DISCOUNT_RATE;
  if (!Number.isInteger(months) || months < 1)
    throw new RangeError('horizonMonths must be a whole number ≥ 1');
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError('monthlyDiscountRate must be ≥ 0');
  return { months, rate };
}

/**
 * Model-based CLV over `horizonMonths`: Σ_{m=1..H} [E(X(m)) − E(X(m−1))] · E(spend) / (1 + d)^m,
 * where E(X(m)) is the expected cumulative purchases by the end of month m (`expectedPurchases`
 * called at m · unitsPerMonth model units). Purchases of month m are discounted by a full month m.
 * Money comes out in the unit of `expectedSpend`.
 *
 * @example
 * // 2 purchases a month at 10 each, no discount: 12 months → 240
 * clv({ expectedPurchases: (weeks) => (2 * weeks) / 4, expectedSpend: 10, unitsPerMonth: 4, monthlyDiscountRate: 0 }) === 240
 */
export function clv(input: ClvInput): number {
  const { months, rate } = horizonOf(input);
  if (!(input.unitsPerMonth > 0)) throw new RangeError('unitsPerMonth must be > 0');
  const cumulative = Array.from({ length: months + 1 }, (_, m) =>
    input.expectedPurchases(m * input.unitsPerMonth),
  );
  return clvOfCumulative(cumulative, rate) * input.expectedSpend;
}

/**
 * Σ_{m=1..H} [c(m) − c(m−1)] / (1 + d)^m for the expected cumulative purchases c(m) by the end of
 * each month m = 0..H (`cumulative[0]` is normally 0): {@link clv} per unit of spend, for a
 * caller that has the curve already.
 * @example clvOfCumulative([0, 1, 2], 0) === 2
 */
export function clvOfCumulative(cumulative: readonly number[], monthlyDiscountRate: number): number {
  let total = 0;
  for (let m = 1; m < cumulative.length; m += 1) {
    total += (cumulative[m]! - cumulative[m - 1]!) / (1 + monthlyDiscountRate) ** m;
  }
  return total;
}

export interface HeuristicClvInput extends ClvHorizon {
  /** Everything the customer spent so far, in any money unit. */
  totalSpend: number;
  /** Months from the first purchase to now (fractional); counted as at least one month. */
  monthsSinceFirstPurchase: number;
}

/**
 * The simple benchmark: the customer's historic average value per month (total spend / months
 * since the first purchase, at least one month) earned every month of the horizon, discounted
 * like {@link clv}: Σ_{m=1..H} v / (1 + d)^m.
 *
 * @example
 * // 600 spent over 6 months → 100 a month; 12 months undiscounted → 1200
 * heuristicClv({ totalSpend: 600, monthsSinceFirstPurchase: 6, monthlyDiscountRate: 0 }) === 1200
 */
export function heuristicClv(input: HeuristicClvInput): number {
  const { months, rate } = horizonOf(input);
  if (!(input.monthsSinceFirstPurchase >= 0)) throw new RangeError('monthsSinceFirstPurchase must be ≥ 0');
  const perMonth = input.totalSpend / Math.max(1, input.monthsSinceFirstPurchase);
  let factor = 0;
  for (let m = 1; m <= months; m += 1) factor += 1 / (1 + rate) ** m;
  return perMonth * factor;
}
