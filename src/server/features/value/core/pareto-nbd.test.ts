import { readFileSync } from 'node:fs';
import gammaln from '@stdlib/math-base-special-gammaln';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../demo/random.js';
import {
  fitParetoNbd,
  type ParetoNbdCustomer,
  type ParetoNbdParams,
  paretoNbdCustomerLogLikelihood,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesCurve,
  paretoNbdExpectedRepeatPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from './pareto-nbd.js';
import { simulateParetoNbd } from './simulate.js';
import type { RepeatSummary } from './types.js';

/** CDNOW summaries in weeks (ID, frequency, recency, T), from the shared data folder beside the checkout. */
function readCdnow(): RepeatSummary[] {
  const text = readFileSync(
    new URL('../../../../../../shared/data/cdnow_customers_summary.csv', import.meta.url),
    'utf8',
  );
  const [header, ...lines] = text.trim().split(/\r?\n/);
  expect(header).toBe('ID,frequency,recency,T');
  return lines.map((line) => {
    const [, x, tx, T] = line.split(',').map(Number);
    return { x: x!, tx: tx!, T: T! };
  });
}

/** Fader & Hardie's (2005 note) Pareto/NBD estimates for CDNOW, weeks. */
const PUBLISHED: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const PUBLISHED_LL = -9595.0;

const customer1: ParetoNbdCustomer = { x: 2, tx: 30.43, T: 38.86 };

// ---- Independent reference computations (no code shared with pareto-nbd.ts or hyp2f1.ts) ----

/** 2F1(a, b; c; z) by its plain power series; only for |z| ≤ ~0.7, where it converges quickly. */
function naiveHyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 5000; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) return sum;
  }
  throw new Error('series did not converge');
}

/**
 * Fader & Hardie (2005) eq. (22) literally: Γ(r+x)αʳβˢ/Γ(r) · {(α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·A₀},
 * with A₀ from their eqs. (23)/(24) for α ≥ β and α < β.
 */
function fhLogLikelihood({ r, alpha, s, beta }: ParetoNbdParams, { x, tx, T }: ParetoNbdCustomer): number {
  const a = r + s + x;
  const [hi, b] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const piece = (t: number) => naiveHyp2f1(a, b, a + 1, Math.abs(alpha - beta) / (hi + t)) / (hi + t) ** a;
  const a0 = piece(tx) - piece(T);
  const alive = (alpha + T) ** -(r + x) * (beta + T) ** -s;
  return (
    gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(alive + (s / a) * a0)
  );
}

/** Composite Simpson's rule with n (even) intervals. */
function simpson(f: (u: number) => number, from: number, to: number, n = 4000): number {
  if (to === from) return 0;
  const h = (to - from) / n;
  let sum = f(from) + f(to);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(from + i * h);
  return (sum * h) / 3;
}

/**
 * The likelihood from its derivation rather than from 2F1: alive through T, or dead at u ∈ (tx, T]
 * with the dropout density s βˢ (β+u)^−(s+1) and purchase part (α+u)^−(r+x), integrated numerically.
 */
function integralLogLikelihood(
  { r, alpha, s, beta }: ParetoNbdParams,
  { x, tx, T }: ParetoNbdCustomer,
): number {
  const alive = (alpha + T) ** -(r + x) * (beta + T) ** -s;
  const died = s * simpson((u) => (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1), tx, T);
  return gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(alive + died);
}

/** P(alive) as the alive share of the integral form of the likelihood. */
function integralPAlive({ r, alpha, s, beta }: ParetoNbdParams, { x, tx, T }: ParetoNbdCustomer): number {
  const alive = (alpha + T) ** -(r + x) * (beta + T) ** -s;
  const died = s * simpson((u) => (alpha + u) ** -(r + x) * (beta + u) ** -(s + 1), tx, T);
  return alive / (alive + died);
}

/**
 * E[Y(t) | x, tx, T] from first principles: given alive at T, λ ~ Gamma(r+x, α+T) and
 * μ ~ Gamma(s, β+T), and E[purchases in t | λ, μ] = λ ∫_0^t e^(−μu) du, so
 * E = P(alive) · (r+x)/(α+T) · ∫_0^t ((β+T)/(β+T+u))^s du.
 */
function integralExpectedPurchases(p: ParetoNbdParams, t: number, c: ParetoNbdCustomer): number {
  const q = p.beta + c.T;
  return integralPAlive(p, c) * ((p.r + c.x) / (p.alpha + c.T)) * simpson((u) => (q / (q + u)) ** p.s, 0, t);
}

// ---- Tests ----

describe('paretoNbdCustomerLogLikelihood, against hand computation', () => {
  const paramSets: [string, ParetoNbdParams][] = [
    ['α > β', { r: 0.553, alpha: 10.578, s: 0.606, beta: 5 }],
    ['α < β', { r: 0.553, alpha: 4, s: 0.606, beta: 11.669 }],
    ['α = β', { r: 0.9, alpha: 10, s: 1.3, beta: 10 }],
  ];
  const customers: ParetoNbdCustomer[] = [
    customer1,
    { x: 0, tx: 0, T: 38.86 },
    { x: 7, tx: 5, T: 30 },
    { x: 1, tx: 20, T: 20 },
  ];
  for (const [name, params] of paramSets) {
    for (const c of customers) {
      it(`${name}, x=${c.x} tx=${c.tx} T=${c.T}: matches Fader & Hardie's 2F1 form and the integral`, () => {
        const ll = paretoNbdCustomerLogLikelihood(params, c);
        expect(Math.abs(ll - fhLogLikelihood(params, c))).toBeLessThan(1e-10);
        expect(Math.abs(ll - integralLogLikelihood(params, c))).toBeLessThan(1e-9);
        expect(paretoNbdLogLikelihood(params, [c])).toBeCloseTo(ll, 10);
      });
    }
  }

  it('matches a 30-digit mpmath evaluation of eq. (22) at the published CDNOW estimates', () => {
    // mpmath 1.3, mp.dps = 30: A₁ + ln((α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀) with mpmath.hyp2f1.
    expect(paretoNbdCustomerLogLikelihood(PUBLISHED, customer1)).toBeCloseTo(-9.5542832451504, 12);
    expect(paretoNbdLogLikelihood(PUBLISHED, readCdnow())).toBeCloseTo(-9594.974010041, 7);
  });

  it('at tx = T is exactly the "alive" term, and at α = β uses the closed form with z = 0', () => {
    const p = { r: 0.7, alpha: 6, s: 0.8, beta: 9 };
    const c = { x: 3, tx: 12.5, T: 12.5 };
    const alive =
      gammaln(3.7) -
      gammaln(0.7) +
      0.7 * Math.log(6) +
      0.8 * Math.log(9) -
      3.7 * Math.log(18.5) -
      0.8 * Math.log(21.5);
    expect(paretoNbdCustomerLogLikelihood(p, c)).toBeCloseTo(alive, 12);

    const q = { r: 0.7, alpha: 9, s: 0.8, beta: 9 };
    const d = { x: 3, tx: 4, T: 12.5 };
    const a = 0.7 + 0.8 + 3;
    const closed =
      gammaln(3.7) -
      gammaln(0.7) +
      1.5 * Math.log(9) +
      Math.log(21.5 ** -3.7 * 21.5 ** -0.8 + (0.8 / a) * (13 ** -a - 21.5 ** -a));
    expect(paretoNbdCustomerLogLikelihood(q, d)).toBeCloseTo(closed, 12);
  });

  it('is continuous where α and β swap roles (α = β ± 1e-9 relative)', () => {
    for (const c of [customer1, { x: 0, tx: 0, T: 50 }, { x: 25, tx: 1, T: 60 }]) {
      const at = paretoNbdCustomerLogLikelihood({ r: 0.5, alpha: 10, s: 0.6, beta: 10 }, c);
      const above = paretoNbdCustomerLogLikelihood({ r: 0.5, alpha: 10 * (1 + 1e-9), s: 0.6, beta: 10 }, c);
      const below = paretoNbdCustomerLogLikelihood({ r: 0.5, alpha: 10 * (1 - 1e-9), s: 0.6, beta: 10 }, c);
      expect(Math.abs(above - at)).toBeLessThan(1e-7);
      expect(Math.abs(below - at)).toBeLessThan(1e-7);
    }
  });

  it('weights rows by count: a row with count 3 equals three copies', () => {
    const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const rows = [customer1, { x: 0, tx: 0, T: 20 }];
    const weighted = paretoNbdLogLikelihood(p, [
      { ...customer1, count: 3 },
      { x: 0, tx: 0, T: 20 },
    ]);
    expect(weighted).toBeCloseTo(paretoNbdLogLikelihood(p, [...rows, customer1, customer1]), 10);
    expect(paretoNbdLogLikelihood(p, [{ ...customer1, count: 0 }])).toBe(0);
  });

  it('returns −Infinity for parameters outside the model and rejects malformed rows', () => {
    expect(paretoNbdLogLikelihood({ r: 0, alpha: 1, s: 1, beta: 1 }, [customer1])).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(paretoNbdLogLikelihood({ r: 1, alpha: -1, s: 1, beta: 1 }, [customer1])).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(paretoNbdLogLikelihood({ r: 1, alpha: 1, s: Number.NaN, beta: 1 }, [customer1])).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(() => paretoNbdLogLikelihood(PUBLISHED, [{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
    expect(() => paretoNbdLogLikelihood(PUBLISHED, [{ x: 1.5, tx: 1, T: 4 }])).toThrow(RangeError);
    expect(() => paretoNbdLogLikelihood(PUBLISHED, [{ x: 0, tx: 1, T: 4 }])).toThrow(RangeError);
    expect(() => paretoNbdLogLikelihood(PUBLISHED, [{ x: 1, tx: 1, T: 4, count: -1 }])).toThrow(RangeError);
    expect(() => paretoNbdCustomerLogLikelihood({ r: 1, alpha: 0, s: 1, beta: 1 }, customer1)).toThrow(
      RangeError,
    );
  });
});

describe('fitParetoNbd', () => {
  it('reproduces the published CDNOW fit (Fader & Hardie 2005): r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0', () => {
    const rows = readCdnow();
    expect(rows).toHaveLength(2357);
    const fit = fitParetoNbd(rows);
    expect(fit.model).toBe('pareto-nbd');
    expect(fit.converged, fit.message).toBe(true);
    expect(fit.n).toBe(2357);
    expect(fit.starts).toBeGreaterThanOrEqual(3);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[name] / PUBLISHED[name] - 1), name).toBeLessThan(0.01);
      expect(fit.standardErrors[name], name).toBeGreaterThan(0);
    }
    expect(Math.abs(fit.logLikelihood - PUBLISHED_LL)).toBeLessThan(0.1);
    // The maximum is at least as high as the published (rounded) point.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(paretoNbdLogLikelihood(PUBLISHED, rows) - 1e-6);
  });

  it('recovers simulated parameters within 3 standard errors (20,000 customers, α < β)', () => {
    const truth: ParetoNbdParams = { r: 0.8, alpha: 6, s: 0.45, beta: 16 };
    const cohort = createRandom(11, 7);
    const T = Array.from({ length: 20_000 }, () => cohort.uniform(20, 60));
    const rows = simulateParetoNbd(truth, { customers: 20_000, T, seed: 5 });
    const fit = fitParetoNbd(rows);
    expect(fit.converged, fit.message).toBe(true);
    expect(fit.n).toBe(20_000);
    // Continuous times make every row distinct, so this also exercises the sample-then-polish path.
    expect(fit.message).toMatch(/systematic sample/);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      const se = fit.standardErrors[name];
      expect(se, name).not.toBeNull();
      expect(
        Math.abs(fit.params[name] - truth[name]) / se!,
        `${name}: ${fit.params[name]} ± ${se}`,
      ).toBeLessThan(3);
    }
    // A few seconds of CPU; the generous timeout is for machines busy running other suites in parallel.
  }, 120_000);

  it('fits on collapsed rows: the reported LL is the full-sample LL of the uncollapsed rows', () => {
    const rows = readCdnow();
    const fit = fitParetoNbd([...rows, ...rows.slice(0, 100)]);
    expect(fit.n).toBe(2457);
    expect(fit.logLikelihood).toBeCloseTo(
      paretoNbdLogLikelihood(fit.params, [...rows, ...rows.slice(0, 100)]),
      6,
    );
  });

  it('handles a single customer and no customers without throwing', () => {
    const one = fitParetoNbd([customer1]);
    expect(one.n).toBe(1);
    expect(one.message.length).toBeGreaterThan(0);
    // One customer cannot identify four parameters: the search must say so rather than claim a maximum.
    expect(one.converged).toBe(false);
    const none = fitParetoNbd([]);
    expect(none.n).toBe(0);
    expect(none.converged).toBe(false);
  });

  it('accepts caller-supplied starting points', () => {
    const fit = fitParetoNbd(readCdnow(), { starts: [{ r: 1, alpha: 1, s: 1, beta: 1 }] });
    expect(fit.starts).toBe(1);
    expect(Math.abs(fit.logLikelihood - PUBLISHED_LL)).toBeLessThan(0.1);
  });
});

describe('paretoNbdPAlive', () => {
  it('agrees with the alive share of the numerically integrated likelihood', () => {
    for (const p of [
      PUBLISHED,
      { r: 0.553, alpha: 4, s: 0.606, beta: 11.669 },
      { r: 2, alpha: 7, s: 1, beta: 7 },
    ]) {
      for (const c of [customer1, { x: 0, tx: 0, T: 38.86 }, { x: 7, tx: 5, T: 30 }]) {
        expect(paretoNbdPAlive(p, c)).toBeCloseTo(integralPAlive(p, c), 10);
      }
    }
  });

  it('is 1 at x = 0 as T → 0, and when tx = T', () => {
    expect(paretoNbdPAlive(PUBLISHED, { x: 0, tx: 0, T: 0 })).toBe(1);
    expect(paretoNbdPAlive(PUBLISHED, { x: 0, tx: 0, T: 1e-9 })).toBeGreaterThan(1 - 1e-9);
    expect(paretoNbdPAlive(PUBLISHED, { x: 4, tx: 30, T: 30 })).toBe(1);
  });

  it('decreases in T for fixed x and tx', () => {
    for (const [x, tx] of [
      [0, 0],
      [2, 30.43],
      [10, 5],
    ] as const) {
      let previous = 1;
      for (const T of [tx + 0.1, tx + 1, tx + 5, tx + 20, tx + 100, tx + 1e4]) {
        const p = paretoNbdPAlive(PUBLISHED, { x, tx, T });
        expect(p).toBeLessThan(previous);
        previous = p;
      }
    }
  });

  it('handles very large T (1e4 weeks): a silent customer is almost surely gone, yet finite', () => {
    const p = paretoNbdPAlive(PUBLISHED, { x: 0, tx: 0, T: 1e4 });
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.2);
    expect(paretoNbdPAlive(PUBLISHED, { x: 50, tx: 10, T: 1e4 })).toBeLessThan(1e-6);
    expect(Number.isFinite(paretoNbdCustomerLogLikelihood(PUBLISHED, { x: 50, tx: 9999, T: 1e4 }))).toBe(
      true,
    );
  });

  it('stays in [0, 1] with finite log-likelihoods over a wide random range, extreme α and β included', () => {
    const positive = (lo: number, hi: number) =>
      fc.double({ min: lo, max: hi, noNaN: true }).map((e) => 10 ** e);
    fc.assert(
      fc.property(
        fc.record({ r: positive(-3, 3), alpha: positive(-4, 6), s: positive(-3, 3), beta: positive(-4, 6) }),
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        positive(-3, 4),
        (params, x, share, T) => {
          const c = { x, tx: x === 0 ? 0 : share * T, T };
          const p = paretoNbdPAlive(params, c);
          const ll = paretoNbdCustomerLogLikelihood(params, c);
          const e = paretoNbdExpectedPurchases(params, 52, c);
          return (
            p >= 0 && p <= 1 && Number.isFinite(ll) && Number.isFinite(e) && e >= 0 && (x > 0 || ll <= 1e-12)
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('paretoNbdExpectedPurchases', () => {
  it('agrees with the expectation integrated from first principles, s = 1 included', () => {
    const sets: ParetoNbdParams[] = [
      PUBLISHED,
      { r: 0.553, alpha: 4, s: 0.606, beta: 11.669 },
      { r: 1.2, alpha: 8, s: 1, beta: 15 },
      { r: 1.2, alpha: 8, s: 1 + 1e-10, beta: 15 },
      { r: 0.3, alpha: 20, s: 2.5, beta: 5 },
    ];
    for (const p of sets) {
      for (const c of [customer1, { x: 0, tx: 0, T: 38.86 }, { x: 7, tx: 5, T: 30 }]) {
        for (const t of [1, 39, 520]) {
          const expected = integralExpectedPurchases(p, t, c);
          expect(paretoNbdExpectedPurchases(p, t, c) / expected - 1).toBeCloseTo(0, 9);
        }
      }
    }
  });

  it('increases in t, from 0 at t = 0', () => {
    expect(paretoNbdExpectedPurchases(PUBLISHED, 0, customer1)).toBe(0);
    let previous = 0;
    for (const t of [0.5, 1, 10, 39, 100, 1000, 1e6]) {
      const e = paretoNbdExpectedPurchases(PUBLISHED, t, customer1);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
  });

  it('rejects a negative or non-finite horizon', () => {
    expect(() => paretoNbdExpectedPurchases(PUBLISHED, -1, customer1)).toThrow(RangeError);
    expect(() => paretoNbdExpectedPurchases(PUBLISHED, Number.POSITIVE_INFINITY, customer1)).toThrow(
      RangeError,
    );
  });
});

describe('paretoNbdExpectedPurchasesCurve', () => {
  it('gives P(alive) once and the expectation at each horizon, as integrated from first principles', () => {
    const ts = [1, 13, 39, 520];
    const curve = paretoNbdExpectedPurchasesCurve(PUBLISHED, ts, customer1);
    expect(curve.pAlive).toBeCloseTo(paretoNbdPAlive(PUBLISHED, customer1), 14);
    ts.forEach((t, i) => {
      expect(curve.expected[i]! / integralExpectedPurchases(PUBLISHED, t, customer1) - 1).toBeCloseTo(0, 9);
    });
    expect(() => paretoNbdExpectedPurchasesCurve(PUBLISHED, [Number.NaN], customer1)).toThrow(RangeError);
  });
});

describe('paretoNbdExpectedRepeatPurchases', () => {
  it('is r β / (α (s−1)) [1 − (β/(β+t))^(s−1)] and its s → 1 limit r β / α · ln(1 + t/β)', () => {
    const { r, alpha, s, beta } = PUBLISHED;
    const t = 39;
    expect(paretoNbdExpectedRepeatPurchases(PUBLISHED, t)).toBeCloseTo(
      ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + t)) ** (s - 1)),
      12,
    );
    const limit = ((r * beta) / alpha) * Math.log(1 + t / beta);
    expect(paretoNbdExpectedRepeatPurchases({ r, alpha, s: 1, beta }, t)).toBeCloseTo(limit, 12);
    expect(paretoNbdExpectedRepeatPurchases({ r, alpha, s: 1 + 1e-9, beta }, t)).toBeCloseTo(limit, 8);
    expect(paretoNbdExpectedRepeatPurchases({ r, alpha, s: 1 - 1e-9, beta }, t)).toBeCloseTo(limit, 8);
  });

  it('equals the conditional expectation of a customer observed for no time (x = 0, T = 0)', () => {
    for (const t of [1, 39, 78, 1e4]) {
      expect(paretoNbdExpectedRepeatPurchases(PUBLISHED, t)).toBeCloseTo(
        paretoNbdExpectedPurchases(PUBLISHED, t, { x: 0, tx: 0, T: 0 }),
        12,
      );
    }
  });

  it('matches the mean repeat purchases of a large simulated cohort', () => {
    // Purchases counted by the simulator in (0, 39] weeks; the mean of 50,000 draws has a
    // standard error of about 0.02 here.
    const rows = simulateParetoNbd(PUBLISHED, { customers: 50_000, T: 39, seed: 3 });
    const mean = rows.reduce((sum, row) => sum + row.x, 0) / rows.length;
    expect(Math.abs(mean - paretoNbdExpectedRepeatPurchases(PUBLISHED, 39))).toBeLessThan(0.08);
  });

  it('rejects invalid parameters', () => {
    expect(() => paretoNbdExpectedRepeatPurchases({ r: 1, alpha: 1, s: 0, beta: 1 }, 1)).toThrow(RangeError);
  });
});
