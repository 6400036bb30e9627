import gammaln from '@stdlib/math-base-special-gammaln';
import { collapseSpendSummaries } from './collapse.js';
import { maximizeLogLikelihood } from './optimize.js';
import type { FitResult, SpendSummary } from './types.js';

/*
 * Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for
 * customer base analysis", JMR 42(4), after Colombo & Jiang (1999). Each transaction's value is
 * Gamma(p, rate ν) around a customer's own mean p/ν, and ν ~ Gamma(q, rate v) across customers;
 * spend is assumed independent of the purchase process. The mean of x spends, mx, is then
 * Gamma(p·x, rate ν·x), and mixing over ν gives the likelihood below (the form of the lifetimes
 * package's GammaGammaFitter). v is in the money unit of mx; p and q have no unit.
 */

/** Gamma-Gamma parameters; v is in the spend's money unit. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

type GammaGammaName = 'p' | 'q' | 'v';
const NAMES: readonly GammaGammaName[] = ['p', 'q', 'v'];

/** Rows the likelihood can use (x > 0, mx > 0), with the logs that do not depend on parameters. */
interface CompiledSpend {
  count: Float64Array;
  x: Float64Array;
  mx: Float64Array;
  /** ln mx and ln x per row. */
  logMx: Float64Array;
  logX: Float64Array;
  /** Index into `xs` of each row's x: the gamma functions are computed once per distinct x. */
  xIndex: Uint32Array;
  xs: Float64Array;
  customers: number;
  /** Rows with x > 0 but mx ≤ 0, which the model cannot explain; left out (customers). */
  unusable: number;
  meanSpend: number;
}

function compile(rows: readonly SpendSummary[]): CompiledSpend {
  const used: SpendSummary[] = [];
  let unusable = 0;
  let customers = 0;
  let spend = 0;
  rows.forEach((row, i) => {
    const count = row.count ?? 1;
    if (!Number.isInteger(row.x) || row.x < 0) {
      throw new RangeError(`row ${i}: x must be a non-negative integer, got ${row.x}`);
    }
    if (!Number.isFinite(row.mx)) throw new RangeError(`row ${i}: mx must be finite, got ${row.mx}`);
    if (!Number.isFinite(count) || count < 0)
      throw new RangeError(`row ${i}: count must be ≥ 0, got ${count}`);
    if (row.x === 0 || count === 0) return;
    if (row.mx <= 0) {
      unusable += count;
      return;
    }
    used.push(row);
    customers += count;
    spend += count * row.mx;
  });
  const size = used.length;
  const out: CompiledSpend = {
    count: new Float64Array(size),
    x: new Float64Array(size),
    mx: new Float64Array(size),
    logMx: new Float64Array(size),
    logX: new Float64Array(size),
    xIndex: new Uint32Array(size),
    xs: new Float64Array(0),
    customers,
    unusable,
    meanSpend: customers > 0 ? spend / customers : 0,
  };
  const distinct = new Map<number, number>();
  used.forEach((row, i) => {
    let at = distinct.get(row.x);
    if (at === undefined) {
      at = distinct.size;
      distinct.set(row.x, at);
    }
    out.xIndex[i] = at;
    out.count[i] = row.count ?? 1;
    out.x[i] = row.x;
    out.mx[i] = row.mx;
    out.logMx[i] = Math.log(row.mx);
    out.logX[i] = Math.log(row.x);
  });
  out.xs = Float64Array.from(distinct.keys());
  return out;
}

/**
 * log f(mx | x; p, q, v) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln mx + px ln x
 *                          − (px+q) ln(x·mx + v),
 * the density of the mean of x Gamma(p, ν) spends with ν ~ Gamma(q, v) integrated out.
 */
function evaluate(data: CompiledSpend, { p, q, v }: GammaGammaParams): number {
  if (!(p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
  const { count, x, mx, logMx, logX, xIndex, xs } = data;
  const constant = q * Math.log(v) - gammaln(q);
  const gammas = new Float64Array(xs.length);
  for (let m = 0; m < xs.length; m++) gammas[m] = gammaln(p * xs[m]! + q) - gammaln(p * xs[m]!);
  let sum = 0;
  for (let i = 0; i < count.length; i++) {
    const xi = x[i]!;
    const px = p * xi;
    const term =
      gammas[xIndex[i]!]! + (px - 1) * logMx[i]! + px * logX[i]! - (px + q) * Math.log(xi * mx[i]! + v);
    sum += count[i]! * (constant + term);
  }
  return Number.isFinite(sum) ? sum : Number.NEGATIVE_INFINITY;
}

/**
 * The Gamma-Gamma log-likelihood of the mean spends, summed over customers (weighted by count).
 * Rows with x = 0 carry no spend and are skipped, as are rows with x > 0 and mx ≤ 0 (free
 * repeat purchases), which the model cannot produce. Throws RangeError on malformed rows.
 * @example gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [{ x: 2, mx: 22.35 }])
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendSummary[]): number {
  return evaluate(compile(rows), params);
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the customers with x > 0 (identical
 * rows collapsed first). v comes out in the money unit of mx.
 * @example
 * const fit = fitGammaGamma(cdnowSpend); // FHL 2005 / lifetimes: p 6.25, q 3.74, v 15.44
 */
export function fitGammaGamma(rows: readonly SpendSummary[]): FitResult<GammaGammaName> {
  const data = compile(collapseSpendSummaries(rows));
  // A mean spend of m fits with p·v/(q−1) = m; start from a few shapes at that mean.
  const m = data.meanSpend > 0 ? data.meanSpend : 1;
  const starts: GammaGammaParams[] = [
    { p: 1, q: 2, v: m },
    { p: 5, q: 4, v: (3 * m) / 5 },
    { p: 2, q: 10, v: (9 * m) / 2 },
    { p: 1, q: 1, v: 1 },
  ];
  const fit = maximizeLogLikelihood({
    model: 'gamma-gamma',
    names: NAMES,
    n: data.customers,
    starts,
    logLikelihood: (params) => evaluate(data, params),
  });
  const notes: string[] = [];
  if (data.customers === 0) notes.push('No customer has a repeat purchase with a positive spend');
  if (data.unusable > 0) {
    notes.push(`${data.unusable} customers with repeat purchases but a mean spend ≤ 0 were left out`);
  }
  return notes.length === 0 ? fit : { ...fit, message: `${fit.message} ${notes.join('; ')}.` };
}

/**
 * E[mean transaction value | x, mx] (FHL 2005, eq. 5): a weighted average of the population mean
 * p·v/(q−1) and the customer's own mean mx, the weight on mx growing with x:
 *   p·(v + x·mx) / (p·x + q − 1).
 * With x = 0 this is the population mean. Infinite when p·x + q ≤ 1 (for x = 0: q ≤ 1), where
 * the mixing distribution has no mean. In the money unit of mx.
 * @example gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { x: 2, mx: 22.35 }) // ≈ 24.66
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, c: { x: number; mx: number }): number {
  const { p, q, v } = params;
  if (!Number.isInteger(c.x) || c.x < 0) throw new RangeError(`x must be a non-negative integer, got ${c.x}`);
  if (c.x > 0 && !(Number.isFinite(c.mx) && c.mx >= 0))
    throw new RangeError(`mx must be finite and ≥ 0, got ${c.mx}`);
  const denominator = p * c.x + q - 1;
  if (!(denominator > 0)) return Number.POSITIVE_INFINITY;
  return (p * (v + (c.x > 0 ? c.x * c.mx : 0))) / denominator;
}
