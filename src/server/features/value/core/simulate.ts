import { createRandom, type Random } from '../../../../demo/random.js';
import type { RepeatSummary, SpendSummary } from './types.js';

/*
 * Seeded simulators that draw customers from exactly the generative story of each model, for
 * parameter-recovery tests and benchmarks. The same seed gives the same rows; each simulator
 * takes its own stream of the seed so that they never share draws.
 */

const STREAM_BGNBD = 1;
const STREAM_PARETO = 2;
const STREAM_GAMMA_GAMMA = 3;
const STREAM_SBG = 4;

/** Options shared by the repeat-purchase simulators. Times are in the parameters' time unit. */
export interface SimulateRepeatOptions {
  /** Number of customers to draw. */
  customers: number;
  /**
   * Each customer's observation length T: one value for all, or one per customer
   * (`T.length === customers`), e.g. a cohort acquired over several months.
   */
  T: number | readonly number[];
  /** Any safe integer; the same seed gives the same rows. */
  seed: number;
  /**
   * When set, purchase times are floored to this grid (e.g. 1/7 for days in weeks), as in
   * summaries built from calendar days, so that identical summaries recur. T should lie on the
   * grid. Every purchase is still counted, so two purchases may share a grid time; the
   * distortion is negligible for the grids real data use.
   */
  timeResolution?: number;
}

function checkOptions(opts: SimulateRepeatOptions): (i: number) => number {
  const { customers, T, timeResolution } = opts;
  if (!Number.isInteger(customers) || customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${customers}`);
  }
  if (timeResolution !== undefined && !(timeResolution > 0)) {
    throw new RangeError(`timeResolution must be > 0, got ${timeResolution}`);
  }
  if (typeof T === 'number') {
    if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`T must be finite and ≥ 0, got ${T}`);
    return () => T;
  }
  if (T.length !== customers) throw new RangeError(`T has ${T.length} values for ${customers} customers`);
  for (const t of T) {
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`every T must be finite and ≥ 0, got ${t}`);
  }
  return (i) => T[i]!;
}

function positiveParams(params: Record<string, number>): void {
  for (const [name, value] of Object.entries(params)) {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be > 0, got ${value}`);
  }
}

/** Floors a time to the grid, never past T (T itself may be off the grid by rounding). */
function onGrid(t: number, T: number, resolution: number | undefined): number {
  if (resolution === undefined) return t;
  return Math.min(T, Math.floor(t / resolution + 1e-9) * resolution);
}

/**
 * Draws BG/NBD customers (Fader, Hardie & Lee 2005): purchase rate λ ~ Gamma(r, rate α),
 * drop-out probability p ~ Beta(a, b); while alive a customer buys as a Poisson process of rate
 * λ, and after each repeat purchase drops out with probability p.
 * @example simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { customers: 1000, T: 39, seed: 1 })
 */
export function simulateBgNbd(
  params: { r: number; alpha: number; a: number; b: number },
  opts: SimulateRepeatOptions,
): RepeatSummary[] {
  positiveParams(params);
  const ageOf = checkOptions(opts);
  const random = createRandom(opts.seed, STREAM_BGNBD);
  const rows: RepeatSummary[] = new Array(opts.customers);
  for (let i = 0; i < opts.customers; i++) {
    const T = ageOf(i);
    const lambda = random.gamma(params.r, params.alpha);
    const p = random.beta(params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(random, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (random.next() < p) break;
    }
    rows[i] = { x, tx: onGrid(tx, T, opts.timeResolution), T };
  }
  return rows;
}

/**
 * Draws Pareto/NBD customers (Schmittlein, Morrison & Colombo 1987): purchase rate
 * λ ~ Gamma(r, rate α), drop-out rate μ ~ Gamma(s, rate β); a customer buys as a Poisson process
 * of rate λ until an exponential lifetime of rate μ ends.
 * @example simulateParetoNbd({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, { customers: 1000, T: 39, seed: 1 })
 */
export function simulateParetoNbd(
  params: { r: number; alpha: number; s: number; beta: number },
  opts: SimulateRepeatOptions,
): RepeatSummary[] {
  positiveParams(params);
  const ageOf = checkOptions(opts);
  const random = createRandom(opts.seed, STREAM_PARETO);
  const rows: RepeatSummary[] = new Array(opts.customers);
  for (let i = 0; i < opts.customers; i++) {
    const T = ageOf(i);
    const lambda = random.gamma(params.r, params.alpha);
    const mu = random.gamma(params.s, params.beta);
    const end = Math.min(T, exponential(random, mu));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(random, lambda);
      if (t > end) break;
      x++;
      tx = t;
    }
    rows[i] = { x, tx: onGrid(tx, T, opts.timeResolution), T };
  }
  return rows;
}

/**
 * Draws Gamma-Gamma mean spends (Fader, Hardie & Lee 2005, iso-value curves) for customers with
 * the given repeat-purchase counts: ν ~ Gamma(q, rate v), each spend z ~ Gamma(p, rate ν), and
 * mx is the mean of x spends (a sum of x Gamma(p, ν) draws is Gamma(p·x, ν)). Rows with x = 0 get
 * mx = 0, as summaries record them.
 * @example simulateGammaGamma({ p: 6.25, q: 3.74, v: 15.44 }, [1, 2, 0, 5], 7)
 */
export function simulateGammaGamma(
  params: { p: number; q: number; v: number },
  xs: readonly number[],
  seed: number,
): SpendSummary[] {
  positiveParams(params);
  const random = createRandom(seed, STREAM_GAMMA_GAMMA);
  return xs.map((x) => {
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`x must be a non-negative integer, got ${x}`);
    if (x === 0) return { x, mx: 0 };
    const nu = random.gamma(params.q, params.v);
    return { x, mx: random.gamma(params.p * x, nu) / x };
  });
}

/**
 * Draws sBG customers (Fader & Hardie 2007) observed for `periods` periods: churn probability
 * θ ~ Beta(α, β), and a customer churns at the end of each period with probability θ, so the
 * lifetime is geometric on 1, 2, …. Lifetimes beyond `periods` are censored there. One row per
 * customer (collapse them with counts if needed).
 * @example simulateSbgTenures({ alpha: 0.704, beta: 1.182 }, { customers: 1000, periods: 7, seed: 1 })
 */
export function simulateSbgTenures(
  params: { alpha: number; beta: number },
  opts: { customers: number; periods: number; seed: number },
): { periods: number; churned: boolean }[] {
  positiveParams(params);
  if (!Number.isInteger(opts.customers) || opts.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${opts.customers}`);
  }
  if (!Number.isInteger(opts.periods) || opts.periods < 0) {
    throw new RangeError(`periods must be a non-negative integer, got ${opts.periods}`);
  }
  const random = createRandom(opts.seed, STREAM_SBG);
  const rows: { periods: number; churned: boolean }[] = new Array(opts.customers);
  for (let i = 0; i < opts.customers; i++) {
    const theta = random.beta(params.alpha, params.beta);
    // Inverse CDF of the geometric distribution: P(T > t) = (1 − θ)^t.
    const lifetime = theta >= 1 ? 1 : 1 + Math.floor(Math.log(1 - random.next()) / Math.log1p(-theta));
    rows[i] =
      lifetime <= opts.periods
        ? { periods: lifetime, churned: true }
        : { periods: opts.periods, churned: false };
  }
  return rows;
}

/**
 * An exponential waiting time that tolerates rates so small they underflow: a customer with a
 * purchase rate of 1e-300 simply never buys within any T.
 */
function exponential(random: Random, rate: number): number {
  if (!(rate > 0)) return Number.POSITIVE_INFINITY;
  return random.exponential(rate);
}
