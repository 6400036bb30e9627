import gammaln from '@stdlib/math-base-special-gammaln';
import { collapseRepeatSummaries, systematicSample } from './collapse.js';
import { logHyp2f1APlusOne } from './hyp2f1.js';
import { maximizeLogLikelihood } from './optimize.js';
import type { FitResult, RepeatSummary } from './types.js';

/*
 * Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
 * what will they do next?", Management Science 33(1); likelihood and conditional quantities as in
 * Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions".
 * While alive a customer buys as a Poisson process of rate λ ~ Gamma(r, rate α); their lifetime is
 * exponential with rate μ ~ Gamma(s, rate β). α and β are in the summaries' time unit (α in days
 * is 7× α in weeks); r and s have no unit.
 *
 * The likelihood of (x, tx, T) is
 *   L = Γ(r+x) αʳ βˢ / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_tx^T (α+u)^−(r+x) (β+u)^−(s+1) du ],
 * alive through T, or dead at some u between the last purchase and T. Fader & Hardie write the
 * integral as (s / (r+s+x)) · A₀ with A₀ a difference of two 2F1 terms; here it is
 * s · (I(tx) − I(T)), with the tail integral
 *   I(τ) = ∫_τ^∞ (α+u)^−(r+x) (β+u)^−(s+1) du
 *        = (M+τ)^−(r+s+x) / (r+s+x) · 2F1(r+s+x, b; r+s+x+1; (M−m)/(M+τ)),
 * M = max(α, β), m = min(α, β), b = s+1 when α ≥ β and r+x otherwise — their A₀ exactly, with the
 * roles swapped so that 0 ≤ z < 1. Everything is kept in logs: the two branches are combined by
 * log-sum-exp, and I(tx) − I(T) as ln I(tx) + ln(1 − e^(ln I(T) − ln I(tx))).
 */

/** Pareto/NBD parameters; α and β are in the summaries' time unit. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** A customer's summary for the conditional quantities; times in the parameters' unit. */
export interface ParetoNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

type ParetoNbdName = 'r' | 'alpha' | 's' | 'beta';
const NAMES: readonly ParetoNbdName[] = ['r', 'alpha', 's', 'beta'];

/**
 * The work of one likelihood evaluation is about one unit per distinct (x, τ) pair (a 2F1) plus
 * one per row with tx < T (an exp and a log1p). Above COST_LIMIT units the multi-start search
 * runs on a systematic subsample costing about PILOT_COST units (between PILOT_MIN and PILOT_MAX
 * customers), and only its optimum is polished on all the data: the subsample's optimum is
 * already within a few of its standard errors of the full one, where Newton's method needs few
 * evaluations. Day-based data reach the limit at a few tens of thousands of customers;
 * continuous times (every T distinct, about 2.7 units per customer) at about 9,000.
 */
const COST_LIMIT = 25_000;
const PILOT_COST = 12_000;
const PILOT_MIN = 2_000;
const PILOT_MAX = 20_000;
/** Simplex iterations allowed on all rows after the pilot (the Newton polish does the rest). */
const POLISH_SIMPLEX_ITERATIONS = 20;
/** e^700 is near the largest double; beyond it the leave/stay ratio is combined in logs. */
const EXP_LIMIT = 700;

function checkCustomer(c: ParetoNbdCustomer, i: number): void {
  const { x, tx, T } = c;
  if (!Number.isInteger(x) || x < 0)
    throw new RangeError(`row ${i}: x must be a non-negative integer, got ${x}`);
  if (!Number.isFinite(T) || T < 0) throw new RangeError(`row ${i}: T must be finite and ≥ 0, got ${T}`);
  if (!Number.isFinite(tx) || tx < 0 || tx > T)
    throw new RangeError(`row ${i}: tx must be in [0, T], got ${tx}`);
  if (x === 0 && tx !== 0) throw new RangeError(`row ${i}: tx must be 0 when x = 0, got ${tx}`);
}

function checkRow(row: RepeatSummary, i: number): void {
  checkCustomer(row, i);
  const count = row.count ?? 1;
  if (!Number.isFinite(count) || count < 0) throw new RangeError(`row ${i}: count must be ≥ 0, got ${count}`);
}

function validParams({ r, alpha, s, beta }: ParetoNbdParams): boolean {
  return [r, alpha, s, beta].every((v) => v > 0 && Number.isFinite(v));
}

function checkParams(params: ParetoNbdParams): void {
  if (!validParams(params)) {
    throw new RangeError(`Pareto/NBD parameters must be finite and > 0, got ${JSON.stringify(params)}`);
  }
}

function checkTime(t: number): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`t must be finite and ≥ 0, got ${t}`);
}

/** ln(eˣ + eʸ) without overflow. */
function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  return x > y ? x + Math.log1p(Math.exp(y - x)) : y + Math.log1p(Math.exp(x - y));
}

/** ln(eˣ − eʸ) for x ≥ y; −∞ when they are equal (or rounding put y above x). */
function logSubExp(x: number, y: number): number {
  const d = y - x;
  return d < 0 ? x + Math.log(-Math.expm1(d)) : Number.NEGATIVE_INFINITY;
}

/**
 * ln I(τ) for one x: ln ∫_τ^∞ (α+u)^−(r+x) (β+u)^−(s+1) du via the 2F1 form above. 1 − z is
 * passed as (m+τ)/(M+τ) so that z within 1e-16 of 1 (β ≪ α, τ = 0) keeps its digits.
 */
function logTail({ r, alpha, s, beta }: ParetoNbdParams, x: number, tau: number): number {
  const a = r + s + x;
  const hi = Math.max(alpha, beta);
  const lo = Math.min(alpha, beta);
  const b = alpha >= beta ? s + 1 : r + x;
  const den = hi + tau;
  return -Math.log(a) - a * Math.log(den) + logHyp2f1APlusOne(a, b, (hi - lo) / den, (lo + tau) / den);
}

/** The three logs the per-customer quantities are made of. */
interface CustomerTerms {
  /** ln[Γ(r+x) αʳ βˢ / Γ(r)] */
  common: number;
  /** ln[(α+T)^−(r+x) (β+T)^−s]: alive through T. */
  stay: number;
  /** ln[s (I(tx) − I(T))]: died between tx and T; −∞ when tx = T. */
  leave: number;
}

function customerTerms(params: ParetoNbdParams, { x, tx, T }: ParetoNbdCustomer): CustomerTerms {
  const { r, alpha, s, beta } = params;
  const common = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  const stay = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const leave =
    tx < T
      ? Math.log(s) + logSubExp(logTail(params, x, tx), logTail(params, x, T))
      : Number.NEGATIVE_INFINITY;
  return { common, stay, leave };
}

/**
 * The Pareto/NBD log-likelihood of one customer, ln L(r, α, s, β | x, tx, T) (Fader & Hardie
 * 2005, eq. 22), computed as the log-sum-exp of its "alive" and "died after tx" terms.
 * Times in the parameters' unit. Throws RangeError on invalid parameters or summary.
 * @example paretoNbdCustomerLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { x: 2, tx: 30.43, T: 38.86 }) // ≈ −9.554
 */
export function paretoNbdCustomerLogLikelihood(params: ParetoNbdParams, c: ParetoNbdCustomer): number {
  checkParams(params);
  checkCustomer(c, 0);
  const { common, stay, leave } = customerTerms(params, c);
  return common + logAddExp(stay, leave);
}

/**
 * Rows laid out for fast sweeps. Everything that depends on (x, τ) only is computed once per
 * distinct pair; the "alive through T" part of every row is summed per (x, T) pair by weight,
 * so only rows with tx < T are visited one by one.
 */
interface CompiledRows {
  xs: Float64Array;
  times: Float64Array;
  /** The distinct (x, τ) pairs: index into `xs`, index into `times`. */
  pairX: Uint32Array;
  pairTime: Uint32Array;
  /** Σ count of the rows whose (x, T) is each pair. */
  pairWeight: Float64Array;
  /** Rows with tx < T: count, pair (x, tx) and pair (x, T). */
  tailCount: Float64Array;
  tailPair: Uint32Array;
  endPair: Uint32Array;
  customers: number;
  /** Σ count·x and Σ count·T, for data-scaled starting points. */
  purchases: number;
  exposure: number;
}

function compile(rows: readonly RepeatSummary[]): CompiledRows {
  const xMap = new Map<number, number>();
  const timeMap = new Map<number, number>();
  const pairMap = new Map<number, Map<number, number>>();
  const pairX: number[] = [];
  const pairTime: number[] = [];
  const pairWeight: number[] = [];
  const indexOf = (map: Map<number, number>, value: number) => {
    let at = map.get(value);
    if (at === undefined) {
      at = map.size;
      map.set(value, at);
    }
    return at;
  };
  const pairOf = (m: number, time: number) => {
    const j = indexOf(timeMap, time);
    let byTime = pairMap.get(m);
    if (byTime === undefined) {
      byTime = new Map();
      pairMap.set(m, byTime);
    }
    let at = byTime.get(j);
    if (at === undefined) {
      at = pairX.length;
      byTime.set(j, at);
      pairX.push(m);
      pairTime.push(j);
      pairWeight.push(0);
    }
    return at;
  };
  const tailCount: number[] = [];
  const tailPair: number[] = [];
  const endPair: number[] = [];
  let customers = 0;
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    checkRow(row, i);
    const weight = row.count ?? 1;
    if (weight === 0) continue;
    customers += weight;
    purchases += weight * row.x;
    exposure += weight * row.T;
    const m = indexOf(xMap, row.x);
    const end = pairOf(m, row.T);
    pairWeight[end]! += weight;
    if (row.tx < row.T) {
      tailCount.push(weight);
      tailPair.push(pairOf(m, row.tx));
      endPair.push(end);
    }
  }
  return {
    xs: Float64Array.from(xMap.keys()),
    times: Float64Array.from(timeMap.keys()),
    pairX: Uint32Array.from(pairX),
    pairTime: Uint32Array.from(pairTime),
    pairWeight: Float64Array.from(pairWeight),
    tailCount: Float64Array.from(tailCount),
    tailPair: Uint32Array.from(tailPair),
    endPair: Uint32Array.from(endPair),
    customers,
    purchases,
    exposure,
  };
}

/**
 * Σ count·ln L over compiled rows, as
 *   ln L = common + stay + ln(1 + e^(leave − stay)),
 *   e^(leave − stay) = e^(ln s + ln I(tx) − stay) − e^(ln s + ln I(T) − stay),
 * where common + stay and the second exponential depend only on the pair (x, T): a row with
 * tx < T costs one exp and one log1p, any other row nothing.
 */
function evaluate(data: CompiledRows, params: ParetoNbdParams): number {
  if (!validParams(params)) return Number.NEGATIVE_INFINITY;
  const { r, alpha, s, beta } = params;
  const { xs, times, pairX, pairTime, pairWeight } = data;
  const logAlpha = new Float64Array(times.length);
  const logBeta = new Float64Array(times.length);
  for (let j = 0; j < times.length; j++) {
    logAlpha[j] = Math.log(alpha + times[j]!);
    logBeta[j] = Math.log(beta + times[j]!);
  }
  const common = new Float64Array(xs.length);
  const shared = -gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  for (let m = 0; m < xs.length; m++) common[m] = shared + gammaln(r + xs[m]!);

  const logS = Math.log(s);
  const pairs = pairX.length;
  const logTailOf = new Float64Array(pairs);
  const stayOf = new Float64Array(pairs);
  const endRatio = new Float64Array(pairs);
  let sum = 0;
  for (let p = 0; p < pairs; p++) {
    const m = pairX[p]!;
    const x = xs[m]!;
    const j = pairTime[p]!;
    const lt = logTail(params, x, times[j]!);
    const stay = -(r + x) * logAlpha[j]! - s * logBeta[j]!;
    logTailOf[p] = lt;
    stayOf[p] = stay;
    const weight = pairWeight[p]!;
    if (weight > 0) {
      endRatio[p] = Math.exp(logS + lt - stay);
      sum += weight * (common[m]! + stay);
    }
  }

  const { tailCount, tailPair, endPair } = data;
  for (let i = 0; i < tailCount.length; i++) {
    const end = endPair[i]!;
    const tail = tailPair[i]!;
    const u = logS + logTailOf[tail]! - stayOf[end]!;
    let term: number;
    if (u < EXP_LIMIT) {
      // Rounding can make the difference a hair negative when tx ≈ T; its true value is ≥ 0.
      term = Math.log1p(Math.max(0, Math.exp(u) - endRatio[end]!));
    } else {
      term = logAddExp(0, logS + logSubExp(logTailOf[tail]!, logTailOf[end]!) - stayOf[end]!);
    }
    sum += tailCount[i]! * term;
  }
  return Number.isFinite(sum) ? sum : Number.NEGATIVE_INFINITY;
}

/**
 * The Pareto/NBD log-likelihood of the rows, summed over customers with each row weighted by its
 * count (Fader & Hardie 2005, eq. 22). Returns −Infinity for parameters outside the model
 * (any ≤ 0 or not finite). Throws RangeError on a malformed row.
 * @example paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, [{ x: 2, tx: 30.43, T: 38.86 }]) // ≈ −9.554
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: readonly RepeatSummary[]): number {
  return evaluate(compile(rows), params);
}

/**
 * Starting points spread around the data's scale: α from the mean repeat rate (E[λ] = r/α), β
 * from the mean observation length (E[1/μ] = β/(s−1) is of the order of the customers' age).
 */
function startingPoints(data: CompiledRows): ParetoNbdParams[] {
  const rate = data.purchases > 0 && data.exposure > 0 ? data.purchases / data.exposure : 1;
  const age = data.exposure > 0 && data.customers > 0 ? data.exposure / data.customers : 1;
  return [
    { r: 1, alpha: 1 / rate, s: 1, beta: age },
    { r: 0.5, alpha: 0.5 / rate, s: 0.5, beta: age / 2 },
    { r: 2, alpha: 2 / rate, s: 2, beta: 4 * age },
    { r: 1, alpha: 1, s: 1, beta: 1 },
  ];
}

/** Options of {@link fitParetoNbd}. */
export interface FitParetoNbdOptions {
  /** Starting points replacing the default ones (which are scaled to the data's rate and age). */
  starts?: ParetoNbdParams[];
}

/**
 * Fits the Pareto/NBD by maximum likelihood from several starting points. Identical rows are
 * collapsed first, so a million day-based summaries cost about as much as their distinct
 * (x, tx, T) triples; when those are many, the starts are searched on a systematic sample of
 * 2,000–20,000 customers and the best is polished on all of them. Times, α and β are in the
 * rows' unit. Throws RangeError on a malformed row.
 * @example
 * const fit = fitParetoNbd(cdnowWeeks); // Fader & Hardie: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0
 * if (!fit.converged) console.warn(fit.message);
 */
export function fitParetoNbd(
  rows: readonly RepeatSummary[],
  opts: FitParetoNbdOptions = {},
): FitResult<ParetoNbdName> {
  const collapsed = collapseRepeatSummaries(rows);
  const data = compile(collapsed);
  const starts = opts.starts ?? startingPoints(data);
  const model = 'pareto-nbd';
  if (data.customers === 0) {
    return maximizeLogLikelihood({ model, names: NAMES, n: 0, starts: [], logLikelihood: () => 0 });
  }
  const full = (p: ParetoNbdParams) => evaluate(data, p);
  const cost = data.pairX.length + data.tailCount.length;
  const pilotCustomers = Math.min(PILOT_MAX, Math.max(PILOT_MIN, (data.customers * PILOT_COST) / cost));
  if (cost <= COST_LIMIT || data.customers <= 2 * pilotCustomers) {
    return maximizeLogLikelihood({ model, names: NAMES, n: data.customers, starts, logLikelihood: full });
  }
  const sample = compile(systematicSample(collapsed, data.customers, pilotCustomers));
  const pilot = maximizeLogLikelihood({
    model,
    names: NAMES,
    n: sample.customers,
    starts,
    logLikelihood: (p) => evaluate(sample, p),
  });
  if (!pilot.converged) {
    // No interior maximum on the sample either: the data cannot pin a parameter down (it runs to
    // the edge). Polishing on every row would walk to the same edge at many times the cost, so
    // the sample's point stands, with the log-likelihood of all the data.
    return {
      ...pilot,
      n: data.customers,
      logLikelihood: full(pilot.params),
      message: `${pilot.message} (Searched on a systematic sample of ${sample.customers} customers of ${data.customers}.)`,
    };
  }
  // From the pilot's optimum, a few standard errors away, Newton's polish inside the optimiser
  // converges in two or three steps; a long simplex search on all rows would only repeat the
  // pilot's work at 50× the cost, so it is capped.
  const fit = maximizeLogLikelihood({
    model,
    names: NAMES,
    n: data.customers,
    starts: [pilot.params],
    logLikelihood: full,
    initialStep: 0.05,
    maxIterations: POLISH_SIMPLEX_ITERATIONS,
  });
  if (!fit.converged && pilot.converged) {
    // The sample misled the search: pay for the full multi-start search rather than report a
    // point that is only the sample's optimum. When the sample's search did not end in a maximum
    // either, the data have none to find, and a search of every row would only walk to the same
    // edge at many times the cost.
    const thorough = maximizeLogLikelihood({
      model,
      names: NAMES,
      n: data.customers,
      starts: [fit.params, ...starts],
      logLikelihood: full,
      // Capped, so a nightly run ends: each step reads every row.
      maxIterations: 4 * POLISH_SIMPLEX_ITERATIONS,
    });
    if (thorough.logLikelihood >= fit.logLikelihood) {
      return {
        ...thorough,
        iterations: pilot.iterations + fit.iterations + thorough.iterations,
        message:
          `${thorough.message} (A first search on a sample of ${sample.customers} customers did not ` +
          'end in a maximum on all the data, so all of them were searched.)',
      };
    }
  }
  return {
    ...fit,
    iterations: pilot.iterations + fit.iterations,
    starts: pilot.starts,
    message:
      `${fit.message} The ${starts.length} starting points were searched on a systematic sample of ` +
      `${sample.customers} customers (${pilot.converged ? 'converged' : 'not converged'}) and the ` +
      `best polished on all ${data.customers}.`,
  };
}

/**
 * P(alive at T | x, tx, T) = 1 / (1 + s (I(tx) − I(T)) (α+T)^(r+x) (β+T)^s) (Fader & Hardie
 * 2005, eq. 18): the share of the likelihood in which the customer is still alive at T.
 * Times in the parameters' unit. Throws RangeError on invalid parameters or summary.
 * @example paretoNbdPAlive({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { x: 2, tx: 30.43, T: 38.86 }) // ≈ 0.869
 */
export function paretoNbdPAlive(params: ParetoNbdParams, c: ParetoNbdCustomer): number {
  checkParams(params);
  checkCustomer(c, 0);
  const { stay, leave } = customerTerms(params, c);
  const logOdds = leave - stay; // ln[P(dead) / P(alive)]
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * [1 − (q/(q+t))^(s−1)] / (s − 1) = ∫_0^t (q/(q+u))^s du / q, the expected share of the next t
 * a customer alive now with death rate ~ Gamma(s, q) survives; its s → 1 limit is ln(1 + t/q).
 * Written with expm1 so that s near 1 loses nothing.
 */
function survivalIntegral(s: number, q: number, t: number): number {
  const logRatio = Math.log1p(t / q); // ln((q+t)/q)
  const e = s - 1;
  return e === 0 ? logRatio : -Math.expm1(-e * logRatio) / e;
}

/**
 * Expected purchases in the next `t` periods of a customer with summary (x, tx, T)
 * (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 19):
 *   E[Y(t) | x, tx, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
 * with its limit (r+x)(β+T)/(α+T) · ln(1 + t/(β+T)) at s = 1. `t`, tx and T are in the
 * parameters' time unit (e.g. weeks). Throws RangeError on invalid parameters, summary or t.
 * @example paretoNbdExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39, { x: 2, tx: 30.43, T: 38.86 }) // ≈ 1.455
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number, c: ParetoNbdCustomer): number {
  return paretoNbdExpectedPurchasesCurve(params, [t], c).expected[0]!;
}

/**
 * P(alive) and the expected purchases in the next `ts[i]` periods (as
 * {@link paretoNbdExpectedPurchases}) for one customer at several horizons: P(alive), the costly
 * part, is computed once, so a CLV over twelve months costs one hypergeometric function, not twelve.
 * @example paretoNbdExpectedPurchasesCurve(params, [4.35, 8.7, 13.04], { x: 2, tx: 30.43, T: 38.86 }) // { pAlive, expected: [3 values] }
 */
export function paretoNbdExpectedPurchasesCurve(
  params: ParetoNbdParams,
  ts: readonly number[],
  c: ParetoNbdCustomer,
): { pAlive: number; expected: number[] } {
  for (const t of ts) checkTime(t);
  const pAlive = paretoNbdPAlive(params, c);
  const { r, alpha, s, beta } = params;
  const q = beta + c.T;
  const scale = (pAlive * (r + c.x) * q) / (alpha + c.T);
  return { pAlive, expected: ts.map((t) => scale * survivalIntegral(s, q, t)) };
}

/**
 * E[X(t)]: expected repeat purchases in the first `t` periods after a random new customer's first
 * purchase, r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)] (Schmittlein, Morrison & Colombo 1987), and
 * r β / α · ln(1 + t/β) at s = 1. The cumulative tracking curve of a cohort. `t` in the
 * parameters' time unit. Throws RangeError on invalid parameters or t.
 * @example paretoNbdExpectedRepeatPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39) // ≈ 1.213
 */
export function paretoNbdExpectedRepeatPurchases(params: ParetoNbdParams, t: number): number {
  checkParams(params);
  checkTime(t);
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * survivalIntegral(s, beta, t);
}
