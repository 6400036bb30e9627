import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { collapseRepeatSummaries, systematicSample } from './collapse.js';
import { maximizeLogLikelihood } from './optimize.js';
import type { FitResult, RepeatSummary } from './types.js';

/*
 * BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2). While alive a customer buys as a Poisson
 * process of rate λ ~ Gamma(r, rate α); after each repeat purchase they drop out for good with
 * probability p ~ Beta(a, b). Time is in the summary's unit, and α is in that unit too (α in days
 * is 7× α in weeks; r, a, b have no unit).
 */

/** BG/NBD parameters; α is in the summaries' time unit. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

type BgNbdName = 'r' | 'alpha' | 'a' | 'b';
const NAMES: readonly BgNbdName[] = ['r', 'alpha', 'a', 'b'];

/**
 * Above this many distinct rows the multi-start search runs on a systematic subsample of
 * customers first, and only its optimum is polished on the full data: every likelihood
 * evaluation costs a pass over the rows, and the subsample's optimum is already within a few of
 * its (small) standard errors of the full one.
 */
const SUBSAMPLE_ROWS = 20_000;
const SUBSAMPLE_CUSTOMERS = 20_000;
/** Simplex steps a search over all rows of a large population may take (each step reads every row). */
const FULL_DATA_ITERATIONS = 300;

/**
 * Rows in the layout the likelihood sweeps quickly. Customers with x = 0 only need their T, so
 * they are kept as counts per distinct T; the others are sorted by x so that everything that
 * depends on x alone is computed once per distinct x, and ln(α + time) once per distinct time.
 */
interface CompiledRows {
  /** Distinct values of T and tx. */
  times: Float64Array;
  /** Customers with x = 0, per index into `times` of their T. */
  zeroCount: Float64Array;
  /** Distinct positive x, ascending. */
  xs: Float64Array;
  /** The rows with x = xs[m] are [groupEnd[m − 1], groupEnd[m]) of the arrays below. */
  groupEnd: Uint32Array;
  groupCount: Float64Array;
  count: Float64Array;
  tIndex: Uint32Array;
  txIndex: Uint32Array;
  customers: number;
  /** Σ count·x and Σ count·T, for starting values. */
  purchases: number;
  exposure: number;
}

function checkRow(row: RepeatSummary, i: number): void {
  const { x, tx, T } = row;
  const count = row.count ?? 1;
  if (!Number.isInteger(x) || x < 0)
    throw new RangeError(`row ${i}: x must be a non-negative integer, got ${x}`);
  if (!Number.isFinite(T) || T < 0) throw new RangeError(`row ${i}: T must be finite and ≥ 0, got ${T}`);
  if (!Number.isFinite(tx) || tx < 0 || tx > T)
    throw new RangeError(`row ${i}: tx must be in [0, T], got ${tx}`);
  if (!Number.isFinite(count) || count < 0) throw new RangeError(`row ${i}: count must be ≥ 0, got ${count}`);
}

function compile(rows: readonly RepeatSummary[]): CompiledRows {
  const timeMap = new Map<number, number>();
  const timeIndex = (value: number) => {
    let at = timeMap.get(value);
    if (at === undefined) {
      at = timeMap.size;
      timeMap.set(value, at);
    }
    return at;
  };
  const rowT = new Uint32Array(rows.length);
  const rowTx = new Uint32Array(rows.length);
  const perX = new Map<number, number>();
  let customers = 0;
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    checkRow(row, i);
    const count = row.count ?? 1;
    customers += count;
    purchases += count * row.x;
    exposure += count * row.T;
    rowT[i] = timeIndex(row.T);
    if (row.x > 0) {
      rowTx[i] = timeIndex(row.tx);
      perX.set(row.x, (perX.get(row.x) ?? 0) + 1);
    }
  }
  const xs = Float64Array.from([...perX.keys()].sort((p, q) => p - q));
  const groupEnd = new Uint32Array(xs.length);
  const start = new Map<number, number>();
  let end = 0;
  for (let m = 0; m < xs.length; m++) {
    start.set(xs[m]!, end);
    end += perX.get(xs[m]!)!;
    groupEnd[m] = end;
  }
  const zeroCount = new Float64Array(timeMap.size);
  const groupCount = new Float64Array(xs.length);
  const count = new Float64Array(end);
  const tIndex = new Uint32Array(end);
  const txIndex = new Uint32Array(end);
  const xPosition = new Map<number, number>();
  for (let m = 0; m < xs.length; m++) xPosition.set(xs[m]!, m);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const weight = row.count ?? 1;
    if (row.x === 0) {
      zeroCount[rowT[i]!]! += weight;
      continue;
    }
    const at = start.get(row.x)!;
    start.set(row.x, at + 1);
    count[at] = weight;
    tIndex[at] = rowT[i]!;
    txIndex[at] = rowTx[i]!;
    groupCount[xPosition.get(row.x)!]! += weight;
  }
  return {
    times: Float64Array.from(timeMap.keys()),
    zeroCount,
    xs,
    groupEnd,
    groupCount,
    count,
    tIndex,
    txIndex,
    customers,
    purchases,
    exposure,
  };
}

/**
 * Σ count·log L(r, α, a, b | x, tx, T), with FHL's eq. (6) in the usual stable form
 *   log L = A₁ + A₂ + log(e^{A₃} + [x > 0]·e^{A₄}),
 *   A₁ = lnΓ(r+x) − lnΓ(r) + r ln α,     A₂ = lnB(a, b+x) − lnB(a, b),
 *   A₃ = −(r+x) ln(α+T),                 A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tx),
 * the last log taken as A₃ + log1p(e^{A₄−A₃}), where
 *   e^{A₄−A₃} = a/(b+x−1) · P(T)/P(tx),   P(t) = e^{(r+x)(ln(α+t) − c)},
 * so that within a group of equal x one exponential per distinct time replaces one per row (the
 * sweep over rows is the whole cost of a fit on large data). The centring c keeps P finite;
 * where the spread of times is too wide for that, the group falls back to
 * softplus(A₄ − A₃) row by row.
 */
function evaluate(data: CompiledRows, { r, alpha, a, b }: BgNbdParams): number {
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  const { times, zeroCount, xs, groupEnd, groupCount, count, tIndex, txIndex } = data;
  const logAlpha = Math.log(alpha);
  const logTime = new Float64Array(times.length);
  const power = new Float64Array(times.length);
  let sum = 0;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < times.length; j++) {
    const logT = Math.log(alpha + times[j]!);
    logTime[j] = logT;
    lowest = Math.min(lowest, logT);
    highest = Math.max(highest, logT);
    // x = 0: A₁ + A₂ + A₃ = r ln α − r ln(α+T).
    sum += zeroCount[j]! * r * (logAlpha - logT);
  }
  const centre = (lowest + highest) / 2;
  const halfSpan = (highest - lowest) / 2;
  const common = -gammaln(r) + r * logAlpha + gammaln(a + b) - gammaln(b);
  const logA = Math.log(a);
  let from = 0;
  for (let m = 0; m < xs.length; m++) {
    const x = xs[m]!;
    const rx = r + x;
    sum += groupCount[m]! * (common + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x));
    const dropout = logA - Math.log(b + x - 1);
    const to = groupEnd[m]!;
    let group = 0;
    // The table pays off once the group has more rows than there are times. P stays within
    // e^{±300} and the odds within e^{±100}, so their product cannot overflow.
    if (to - from > times.length && rx * halfSpan < 300 && Math.abs(dropout) < 100) {
      const odds = Math.exp(dropout);
      for (let j = 0; j < times.length; j++) power[j] = Math.exp(rx * (logTime[j]! - centre));
      for (let i = from; i < to; i++) {
        const ti = tIndex[i]!;
        group += count[i]! * (Math.log1p((odds * power[ti]!) / power[txIndex[i]!]!) - rx * logTime[ti]!);
      }
    } else {
      for (let i = from; i < to; i++) {
        const logT = logTime[tIndex[i]!]!;
        // A₄ − A₃ = ln a − ln(b+x−1) + (r+x)(ln(α+T) − ln(α+tx)).
        const d = dropout + rx * (logT - logTime[txIndex[i]!]!);
        const softplus = d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
        group += count[i]! * (softplus - rx * logT);
      }
    }
    sum += group;
    from = to;
  }
  return Number.isFinite(sum) ? sum : Number.NEGATIVE_INFINITY;
}

/**
 * The BG/NBD log-likelihood of the rows (FHL 2005, eq. 6), summed over customers with each row
 * weighted by its count. Returns −Infinity for parameters outside the model (any ≤ 0).
 * Throws RangeError on a malformed row (x not a non-negative integer, tx outside [0, T]).
 * @example bgnbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, [{ x: 2, tx: 30.43, T: 38.86 }])
 */
export function bgnbdLogLikelihood(params: BgNbdParams, rows: readonly RepeatSummary[]): number {
  return evaluate(compile(rows), params);
}

/** Starting points spread around the scale of the data: α from the mean repeat rate. */
function startingPoints(data: CompiledRows): BgNbdParams[] {
  // With no purchases (or no exposure) any positive scale will do; the fit reports the rest.
  const rate = data.purchases > 0 && data.exposure > 0 ? data.purchases / data.exposure : 1;
  return [
    { r: 1, alpha: 1 / rate, a: 1, b: 1 },
    { r: 0.25, alpha: 0.25 / rate, a: 0.75, b: 2.5 },
    { r: 2, alpha: 2 / rate, a: 2, b: 8 },
    { r: 1, alpha: 1, a: 1, b: 1 },
  ];
}

/** Options of {@link fitBgNbd}. */
export interface FitBgNbdOptions {
  /** Starting points replacing the default ones (which are scaled to the data's purchase rate). */
  starts?: BgNbdParams[];
}

/**
 * Fits the BG/NBD by maximum likelihood. Identical rows are collapsed first, so a million
 * day-based summaries cost about as much as their distinct (x, tx, T) triples.
 * Times and α are in the rows' unit.
 * @example
 * const fit = fitBgNbd(cdnowWeeks); // FHL 2005: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4
 * if (!fit.converged) console.warn(fit.message);
 */
export function fitBgNbd(rows: readonly RepeatSummary[], opts: FitBgNbdOptions = {}): FitResult<BgNbdName> {
  const collapsed = collapseRepeatSummaries(rows);
  const data = compile(collapsed);
  const starts = opts.starts ?? startingPoints(data);
  if (data.customers === 0) {
    return maximizeLogLikelihood({ model: 'bgnbd', names: NAMES, n: 0, starts, logLikelihood: () => 0 });
  }
  const full = (p: BgNbdParams) => evaluate(data, p);
  const searchAll = () =>
    maximizeLogLikelihood({ model: 'bgnbd', names: NAMES, n: data.customers, starts, logLikelihood: full });
  if (data.count.length <= SUBSAMPLE_ROWS || data.customers <= 2 * SUBSAMPLE_CUSTOMERS) return searchAll();
  const sample = compile(systematicSample(collapsed, data.customers, SUBSAMPLE_CUSTOMERS));
  const pilot = maximizeLogLikelihood({
    model: 'bgnbd',
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
  const fit = maximizeLogLikelihood({
    model: 'bgnbd',
    names: NAMES,
    n: data.customers,
    starts: [pilot.params],
    logLikelihood: full,
    polishOnly: true,
    maxIterations: FULL_DATA_ITERATIONS,
  });
  if (!fit.converged && pilot.converged) {
    // The sample can mislead (e.g. too few repeat buyers in it); search the full data instead.
    // When the sample's search did not end in a maximum either, the data have none to find (a
    // parameter runs to the edge), and searching every row would walk to the same edge slowly.
    // The search on all rows is capped: a nightly run must end, and from the sample's optimum a
    // few hundred simplex steps are plenty when a maximum exists.
    const direct = maximizeLogLikelihood({
      model: 'bgnbd',
      names: NAMES,
      n: data.customers,
      starts: [fit.params, pilot.params],
      logLikelihood: full,
      maxIterations: FULL_DATA_ITERATIONS,
    });
    const better = direct.logLikelihood >= fit.logLikelihood ? direct : fit;
    return {
      ...better,
      iterations: pilot.iterations + fit.iterations + direct.iterations,
      message: `${better.message} (A first search on a sample of ${sample.customers} customers did not end in a maximum, so all the data were searched.)`,
    };
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

/** A customer's summary for the conditional quantities; times in the parameters' unit. */
export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

/**
 * P(alive at T | x, tx, T) (FHL 2005, eq. 11; and 1 when x = 0, since in the BG/NBD a customer
 * can only drop out right after a repeat purchase).
 * @example bgnbdPAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, tx: 30.43, T: 38.86 }) // ≈ 0.727
 */
export function bgnbdPAlive(params: BgNbdParams, c: BgNbdCustomer): number {
  checkRow(c, 0);
  if (c.x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds =
    Math.log(a) - Math.log(b + c.x - 1) + (r + c.x) * (Math.log(alpha + c.T) - Math.log(alpha + c.tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected repeat purchases in the next `t` periods of a customer with summary (x, tx, T)
 * (FHL 2005, eq. 10). `t` is in the parameters' time unit (e.g. weeks).
 * @example
 * bgnbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, { x: 2, tx: 30.43, T: 38.86 }) // ≈ 1.226
 */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number, c: BgNbdCustomer): number {
  return bgnbdExpectedPurchasesCurve(params, [t], c).expected[0]!;
}

/**
 * P(alive) and the expected purchases in the next `ts[i]` periods (as
 * {@link bgnbdExpectedPurchases}) for one customer at several horizons, P(alive) computed once.
 * @example bgnbdExpectedPurchasesCurve(params, [13, 26, 39], { x: 2, tx: 30.43, T: 38.86 }).expected[2] // ≈ 1.226
 */
export function bgnbdExpectedPurchasesCurve(
  params: BgNbdParams,
  ts: readonly number[],
  c: BgNbdCustomer,
): { pAlive: number; expected: number[] } {
  for (const t of ts) checkTime(t);
  const { r, alpha, a, b } = params;
  const pAlive = bgnbdPAlive(params, c);
  return { pAlive, expected: ts.map((t) => pAlive * aliveExpectation(r + c.x, alpha + c.T, a, b + c.x, t)) };
}

/**
 * E[X(t)]: expected repeat purchases in the first `t` periods after a random new customer's first
 * purchase (FHL 2005, eq. 9), the curve the cumulative tracking plot compares with the data.
 * Infinite as t → ∞ when a ≤ 1 (the mean number of purchases before drop-out is b/(a−1)).
 * @example bgnbdExpectedRepeatPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39) // ≈ 1.197 per customer
 */
export function bgnbdExpectedRepeatPurchases(params: BgNbdParams, t: number): number {
  checkTime(t);
  const { r, alpha, a, b } = params;
  return aliveExpectation(r, alpha, a, b, t);
}

function checkTime(t: number): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`t must be finite and ≥ 0, got ${t}`);
}

/** Within this of a removable singularity (a = 1, or c = a + b′ − 1 = 0) the value is interpolated. */
const SINGULAR_GAP = 1e-3;
/** Interpolation nodes, in units of SINGULAR_GAP from the singular point. */
const NODES = [-2, -1, 1, 2] as const;

/**
 * E[purchases in the next t | alive now] for a customer whose rate is Gamma(r′, α′) and drop-out
 * probability Beta(a, b′):
 *   c/(a−1) · [1 − (α′/(α′+t))^{r′} · ₂F₁(r′, b′; c; z)],   c = a + b′ − 1,  z = t/(α′+t).
 * As t grows, z → 1 and ₂F₁ diverges like (1−z)^{c−r′−b′} whenever a − 1 < r′; Euler's
 * transformation ₂F₁(r′, b′; c; z) = (1−z)^{c−r′−b′} ₂F₁(c−r′, a−1; c; z) turns the product into
 * (1−z)^{a−1} · ₂F₁(c−r′, a−1; c; z), whose series converges at z = 1, so large t stays accurate
 * (checked against 50-digit arithmetic to ~1e-10 relative for t up to 1e9).
 * At a = 1 (and at c = 0) the closed form is 0/0 though the value is smooth; near there it is
 * the cubic through four points 1e-3 and 2e-3 either side (error below ~1e-7 relative), which
 * keeps the cancellation in 1 − (…) harmless.
 */
function aliveExpectation(rr: number, alphaP: number, a: number, bb: number, t: number): number {
  if (t === 0) return 0;
  if (Math.abs(a - 1) >= SINGULAR_GAP) return awayFromCZero(rr, alphaP, a, bb, t);
  return interpolateAcross((offset) => awayFromCZero(rr, alphaP, 1 + offset, bb, t), a - 1);
}

function awayFromCZero(rr: number, alphaP: number, a: number, bb: number, t: number): number {
  const c = a + bb - 1;
  if (Math.abs(c) >= SINGULAR_GAP) return closedForm(rr, alphaP, a, bb, t);
  return interpolateAcross((offset) => closedForm(rr, alphaP, a, bb - c + offset, t), c);
}

/** The cubic through f at NODES·SINGULAR_GAP, evaluated at `at` (Lagrange form). */
function interpolateAcross(f: (offset: number) => number, at: number): number {
  const xs = NODES.map((k) => k * SINGULAR_GAP);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    let weight = 1;
    for (let j = 0; j < xs.length; j++) if (j !== i) weight *= (at - xs[j]!) / (xs[i]! - xs[j]!);
    sum += weight * f(xs[i]!);
  }
  return sum;
}

function closedForm(rr: number, alphaP: number, a: number, bb: number, t: number): number {
  const c = a + bb - 1;
  const z = t / (alphaP + t);
  const logOneMinusZ = Math.log(alphaP) - Math.log(alphaP + t);
  const scaled =
    a - 1 < rr
      ? Math.exp((a - 1) * logOneMinusZ) * hyp2f1(c - rr, a - 1, c, z)
      : Math.exp(rr * logOneMinusZ) * hyp2f1(rr, bb, c, z);
  // Rounding in 1 − (…) can leave −1e-18 where the value is a tiny positive number.
  return Math.max(0, (c / (a - 1)) * (1 - scaled));
}
