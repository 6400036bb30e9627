import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { maximizeLogLikelihood } from './optimize.js';
import type { FitResult } from './types.js';

/*
 * shifted-Beta-Geometric (sBG) retention: Fader & Hardie (2007), "How to project customer
 * retention", Journal of Interactive Marketing 21(1). In a contractual setting with discrete
 * periods (monthly or yearly renewals), a customer churns at the end of each period with their
 * own probability θ, and θ ~ Beta(α, β) across customers. The lifetime T (periods until churn,
 * T ≥ 1) then has
 *   P(T = t) = B(α+1, β+t−1) / B(α, β),   S(t) = P(T > t) = B(α, β+t) / B(α, β),
 * and the retention rate S(t)/S(t−1) = (β+t−1)/(α+β+t−1) rises with t: the customers who remain
 * are the ones with low θ. Periods are whole periods of the data (all functions count in them).
 */

/** sBG parameters (no unit). */
export interface SbgParams {
  alpha: number;
  beta: number;
}

type SbgName = 'alpha' | 'beta';
const NAMES: readonly SbgName[] = ['alpha', 'beta'];

/** Customers who churned in period `periods` (≥ 1), or were still active after it (censored, ≥ 0). */
export interface SbgTenure {
  periods: number;
  churned: boolean;
  count?: number;
}

const logChurn = (alpha: number, beta: number, t: number) =>
  betaln(alpha + 1, beta + t - 1) - betaln(alpha, beta);
const logSurvival = (alpha: number, beta: number, t: number) => betaln(alpha, beta + t) - betaln(alpha, beta);

/** Collapsed tenures: counts per (periods, churned). */
interface CompiledTenures {
  periods: number[];
  churned: boolean[];
  count: number[];
  customers: number;
  churners: number;
  firstPeriodChurn: number;
}

function compileTenures(rows: readonly SbgTenure[]): CompiledTenures {
  const index = new Map<string, number>();
  const out: CompiledTenures = {
    periods: [],
    churned: [],
    count: [],
    customers: 0,
    churners: 0,
    firstPeriodChurn: 0,
  };
  rows.forEach((row, i) => {
    const count = row.count ?? 1;
    const least = row.churned ? 1 : 0;
    if (!Number.isInteger(row.periods) || row.periods < least) {
      throw new RangeError(
        `row ${i}: periods must be an integer ≥ ${least} for a ${row.churned ? 'churned' : 'censored'} customer, got ${row.periods}`,
      );
    }
    if (!Number.isFinite(count) || count < 0)
      throw new RangeError(`row ${i}: count must be ≥ 0, got ${count}`);
    if (count === 0) return;
    const key = `${row.periods}:${row.churned}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.count.length);
      out.periods.push(row.periods);
      out.churned.push(row.churned);
      out.count.push(count);
    } else {
      out.count[at]! += count;
    }
    out.customers += count;
    if (row.churned) out.churners += count;
    if (row.churned && row.periods === 1) out.firstPeriodChurn += count;
  });
  return out;
}

function evaluateTenures(data: CompiledTenures, { alpha, beta }: SbgParams): number {
  if (!(alpha > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < data.count.length; i++) {
    const t = data.periods[i]!;
    sum += data.count[i]! * (data.churned[i] ? logChurn(alpha, beta, t) : logSurvival(alpha, beta, t));
  }
  return Number.isFinite(sum) ? sum : Number.NEGATIVE_INFINITY;
}

/** The survivor curve n₀ ≥ n₁ ≥ … as tenures: n_{t−1} − n_t churned in period t, n_last censored. */
function survivorsToTenures(survivors: readonly number[]): SbgTenure[] {
  if (survivors.length < 2) throw new RangeError('survivors needs at least two periods (n₀ and n₁)');
  survivors.forEach((n, t) => {
    if (!Number.isFinite(n) || n < 0)
      throw new RangeError(`survivors[${t}] must be finite and ≥ 0, got ${n}`);
    if (t > 0 && n > survivors[t - 1]!) {
      throw new RangeError(`survivors must not increase: ${survivors[t - 1]} then ${n} at period ${t}`);
    }
  });
  const rows: SbgTenure[] = [];
  for (let t = 1; t < survivors.length; t++) {
    rows.push({ periods: t, churned: true, count: survivors[t - 1]! - survivors[t]! });
  }
  rows.push({ periods: survivors.length - 1, churned: false, count: survivors[survivors.length - 1]! });
  return rows;
}

/**
 * The sBG log-likelihood of per-customer tenures: Σ count·ln P(T = periods) for churners and
 * Σ count·ln S(periods) for customers still active (right-censored).
 * @example sbgLogLikelihood({ alpha: 0.704, beta: 1.182 }, [{ periods: 1, churned: true, count: 369 }, { periods: 1, churned: false, count: 631 }])
 */
export function sbgLogLikelihood(params: SbgParams, rows: readonly SbgTenure[]): number {
  return evaluateTenures(compileTenures(rows), params);
}

/**
 * The sBG log-likelihood of a survivor curve (Fader & Hardie 2007, eq. 6): survivors[t] is the
 * number still active at the start of period t+1 (survivors[0] the cohort's size).
 * @example sbgSurvivorsLogLikelihood({ alpha: 0.704, beta: 1.182 }, [1000, 631, 468, 382, 326, 289, 262, 241])
 */
export function sbgSurvivorsLogLikelihood(params: SbgParams, survivors: readonly number[]): number {
  return sbgLogLikelihood(params, survivorsToTenures(survivors));
}

function fitCompiled(data: CompiledTenures): FitResult<SbgName> {
  // The first-period churn rate estimates α/(α+β); spread the concentration α+β.
  const churn = data.customers > 0 ? data.firstPeriodChurn / data.customers : 0;
  const mean = Math.min(0.95, Math.max(0.05, churn));
  const starts = [0.5, 2, 10].map((k) => ({ alpha: mean * k, beta: (1 - mean) * k }));
  starts.push({ alpha: 1, beta: 1 });
  const fit = maximizeLogLikelihood({
    model: 'sbg',
    names: NAMES,
    n: data.customers,
    starts,
    logLikelihood: (p) => evaluateTenures(data, p),
  });
  if (data.customers > 0 && (data.churners === 0 || data.churners === data.customers)) {
    return {
      ...fit,
      message: `${fit.message} ${data.churners === 0 ? 'No customer churned' : 'Every customer churned'}, so the data cannot pin down the spread of churn probabilities.`,
    };
  }
  return fit;
}

/**
 * Fits the sBG to a cohort's survivor curve: survivors[t] active at the start of period t+1,
 * survivors[0] the cohort's size (Fader & Hardie 2007, eq. 6). Throws RangeError if the curve
 * increases or has fewer than two points.
 * @example fitSbgSurvivors([1000, 631, 468, 382, 326, 289, 262, 241]) // α ≈ 0.704, β ≈ 1.182 (F&H 2007, "regular")
 */
export function fitSbgSurvivors(survivors: readonly number[]): FitResult<SbgName> {
  return fitCompiled(compileTenures(survivorsToTenures(survivors)));
}

/**
 * Fits the sBG to per-customer tenures: `periods` is the period a churner left in (≥ 1), or the
 * number of periods a still-active customer has completed (≥ 0, right-censored).
 * @example fitSbgTenures([{ periods: 1, churned: true, count: 369 }, { periods: 2, churned: true, count: 163 }, { periods: 2, churned: false, count: 468 }])
 */
export function fitSbgTenures(rows: readonly SbgTenure[]): FitResult<SbgName> {
  return fitCompiled(compileTenures(rows));
}

function checkPeriod(t: number, least: number): void {
  if (!Number.isInteger(t) || t < least) throw new RangeError(`t must be an integer ≥ ${least}, got ${t}`);
}

/**
 * S(t) = P(T > t): the share of a new cohort still active after t periods (t ≥ 0; S(0) = 1).
 * @example sbgSurvival({ alpha: 0.704, beta: 1.182 }, 7) // ≈ 0.239 (the data: 0.241)
 */
export function sbgSurvival(params: SbgParams, t: number): number {
  checkPeriod(t, 0);
  return Math.exp(logSurvival(params.alpha, params.beta, t));
}

/**
 * r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): the share of those active in period t−1 who renew
 * for period t (t ≥ 1).
 * @example sbgRetentionRate({ alpha: 0.704, beta: 1.182 }, 1) // ≈ 0.627
 */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  checkPeriod(t, 1);
  const { alpha, beta } = params;
  return (beta + t - 1) / (alpha + beta + t - 1);
}

/**
 * P(T = t): the share of a new cohort that churns at the end of period t (t ≥ 1).
 * @example sbgChurnProbability({ alpha: 0.704, beta: 1.182 }, 1) // ≈ 0.373
 */
export function sbgChurnProbability(params: SbgParams, t: number): number {
  checkPeriod(t, 1);
  return Math.exp(logChurn(params.alpha, params.beta, t));
}

/** Direct summation stops here; beyond it a bound on the remainder is added instead. */
const MAX_TERMS = 1_000_000;
/** Near an integer α the series form is 0·∞; within this it is interpolated. */
const INTEGER_GAP = 1e-3;

/**
 * Discounted expected residual lifetime, DERL (Fader & Hardie 2010, "Customer-base valuation in
 * a contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1)), in
 * periods: for a customer who has renewed `survivedPeriods` = n times (T > n), the expected
 * number of further renewals, each worth one and discounted by (1 + d) per period, the next one
 * undiscounted:
 *   DERL = Σ_{k≥1} P(T > n+k | T > n) / (1+d)^{k−1}
 *        = (β+n)/(α+β+n) · ₂F₁(1, β+n+1; α+β+n+1; 1/(1+d))       (their n−1 renewals is our n).
 * Multiply by the margin per period for a residual value. With d = 0 it is the undiscounted
 * expected number of further renewals, (β+n)/(α−1), and +Infinity when α ≤ 1: the churn
 * probabilities then pile up near 0 so heavily that the mean lifetime diverges (the expected
 * total lifetime of a new customer is 1 + DERL at n = 0, d = 0).
 *
 * How it is computed (d > 0): the series term by term (each term is the last times
 * (β+n+k)/(α+β+n+k)/(1+d)) whenever that converges within 10⁶ terms; otherwise (d below
 * ~4e-5 with α small) from the expansion in powers of d obtained by Pfaff's and the 1/z
 * transformation of ₂F₁,
 *   (β+n)(1+d)·[F/(α−1) + Γ(α+β+n+1)/(Γ(β+n+1)Γ(α)) · π/sin(πα) · d^{α−1}(1+d)^{β+n}/(α+β+n)],
 *   F = ₂F₁(1, 1−α−β−n; 2−α; −d),
 * interpolated across integer α, where its two parts have cancelling poles. (The @stdlib ₂F₁
 * loses all accuracy there, so it is not used; this form is within ~1e-8 of 60-digit arithmetic even
 * at α = 1, d = 1e-12.) If neither applies (n beyond ~10⁶ periods with
 * d < 4e-5), the sum stops at 10⁶ terms plus the geometric bound on the rest: an upper bound.
 * @example sbgExpectedRemainingLifetime({ alpha: 0.704, beta: 1.182 }, { survivedPeriods: 0, discountRate: 0.1 }) // ≈ 2.96 periods
 */
export function sbgExpectedRemainingLifetime(
  params: SbgParams,
  opts: { survivedPeriods: number; discountRate?: number },
): number {
  const { alpha, beta } = params;
  const n = opts.survivedPeriods;
  const d = opts.discountRate ?? 0;
  if (!(alpha > 0 && beta > 0) || !Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new RangeError(`alpha and beta must be finite and > 0, got ${alpha}, ${beta}`);
  }
  checkPeriod(n, 0);
  if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`discountRate must be finite and ≥ 0, got ${d}`);
  const b = beta + n;
  if (d === 0) return alpha > 1 ? b / (alpha - 1) : Number.POSITIVE_INFINITY;
  const termsGeometric = 40 / Math.log1p(d);
  const termsPolynomial = (b + 1) * Math.exp(40 / alpha);
  if (Math.min(termsGeometric, termsPolynomial) <= MAX_TERMS || d * (alpha + b + 1) > 1) {
    return derlBySummation(alpha, b, d);
  }
  const nearest = Math.round(alpha);
  if (nearest >= 1 && Math.abs(alpha - nearest) < INTEGER_GAP) {
    return interpolateAcrossInteger((a) => derlBySeries(a, b, d), nearest, alpha);
  }
  return derlBySeries(alpha, b, d);
}

function derlBySummation(alpha: number, b: number, d: number): number {
  const q = 1 / (1 + d);
  let term = b / (alpha + b);
  let sum = term;
  for (let k = 1; k < MAX_TERMS; k++) {
    term *= (q * (b + k)) / (alpha + b + k);
    sum += term;
    if (term <= 1e-17 * sum) return sum;
  }
  // Every later ratio is below q, so the rest is below term·q/(1−q) = term/d.
  return sum + term / d;
}

function derlBySeries(alpha: number, b: number, d: number): number {
  let term = 1;
  let f = 1;
  for (let k = 0; k < 1000; k++) {
    term *= ((1 - alpha - b + k) * -d) / (2 - alpha + k);
    f += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(f)) break;
  }
  const logCoefficient =
    gammaln(alpha + b + 1) - gammaln(b + 1) - gammaln(alpha) + (alpha - 1) * Math.log(d) + b * Math.log1p(d);
  const singular = (Math.exp(logCoefficient) * Math.PI) / (Math.sin(Math.PI * alpha) * (alpha + b));
  return b * (1 + d) * (f / (alpha - 1) + singular);
}

/** The cubic through f at m ± INTEGER_GAP, m ± 2·INTEGER_GAP, evaluated at `at`. */
function interpolateAcrossInteger(f: (alpha: number) => number, m: number, at: number): number {
  const xs = [-2, -1, 1, 2].map((k) => m + k * INTEGER_GAP);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    let weight = 1;
    for (let j = 0; j < xs.length; j++) if (j !== i) weight *= (at - xs[j]!) / (xs[i]! - xs[j]!);
    sum += weight * f(xs[i]!);
  }
  return sum;
}
