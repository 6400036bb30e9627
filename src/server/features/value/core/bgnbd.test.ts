import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../demo/random.js';
import {
  type BgNbdParams,
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesCurve,
  bgnbdExpectedRepeatPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  fitBgNbd,
} from './bgnbd.js';
import { collapseRepeatSummaries } from './collapse.js';
import { simulateBgNbd } from './simulate.js';
import type { RepeatSummary } from './types.js';

/** The CSVs beside the checkout (../shared/data), read with a minimal comma splitter. */
function readCsv(name: string): Record<string, number>[] {
  const text = readFileSync(new URL(`../../../../../../shared/data/${name}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, Number(v)])));
}

const cdnow: RepeatSummary[] = readCsv('cdnow_customers_summary.csv').map((row) => ({
  x: row.frequency!,
  tx: row.recency!,
  T: row.T!,
}));

/** FHL 2005, table of estimates for the CDNOW sample, in weeks. */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * FHL 2005 eq. (6) without logs or gamma functions: Γ(r+x)/Γ(r) and B(a, b+x)/B(a, b) as finite
 * products, the two branches added as plain numbers. Fine for small x and moderate T.
 */
function handLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: RepeatSummary): number {
  let gammaRatio = 1;
  let betaRatio = 1;
  for (let j = 0; j < x; j++) {
    gammaRatio *= r + j;
    betaRatio *= (b + j) / (a + b + j);
  }
  const alive = (alpha + T) ** -(r + x);
  const dropped = x > 0 ? (a / (b + x - 1)) * (alpha + tx) ** -(r + x) : 0;
  return gammaRatio * alpha ** r * betaRatio * (alive + dropped);
}

/**
 * E[purchases in the next t | alive], λ ~ Gamma(rr, αα), p ~ Beta(a, bb), by quadrature of
 * FHL's eq. (7) over p: ∫ Beta(p; a, bb)·(1 − (αα/(αα + p·t))^rr)/p dp by Simpson's rule, the
 * Beta normaliser integrated the same way. For a < 1, p = u^{1/a} removes the singularity of
 * p^{a−1} at 0 (p^{a−1} dp is then du/a). Needs bb ≥ 1.
 */
function quadratureAliveExpectation(rr: number, aa: number, a: number, bb: number, t: number): number {
  const intervals = 100_000;
  const g = (p: number) => (p === 0 ? (rr * t) / aa : -Math.expm1(-rr * Math.log1p((p * t) / aa)) / p);
  let integral = 0;
  let normaliser = 0;
  for (let i = 0; i <= intervals; i++) {
    const u = i / intervals;
    const p = a < 1 ? u ** (1 / a) : u;
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    const density = (a < 1 ? 1 : p ** (a - 1)) * (1 - p) ** (bb - 1);
    integral += weight * density * g(p);
    normaliser += weight * density;
  }
  return integral / normaliser;
}

const uniformCohort = (customers: number, seed: number) => {
  const random = createRandom(seed, 50);
  return Array.from({ length: customers }, () => random.uniform(26, 78));
};

const params = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true }),
});
const customer = fc
  .record({
    x: fc.integer({ min: 0, max: 30 }),
    T: fc.double({ min: 0.5, max: 200, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ x, T, share }) => ({ x, T, tx: x === 0 ? 0 : share * T }));

describe('bgnbdLogLikelihood', () => {
  it('equals the likelihood computed term by term for small cases', () => {
    const p = { r: 0.3, alpha: 5, a: 0.8, b: 2.5 };
    const cases: RepeatSummary[][] = [
      [{ x: 0, tx: 0, T: 38.86 }],
      [{ x: 2, tx: 30.43, T: 38.86 }],
      [
        { x: 1, tx: 1.71, T: 38.86 },
        { x: 5, tx: 10, T: 20 },
        { x: 0, tx: 0, T: 12 },
      ],
    ];
    for (const rows of cases) {
      const expected = rows.reduce((s, row) => s + Math.log(handLikelihood(p, row)), 0);
      expect(bgnbdLogLikelihood(p, rows)).toBeCloseTo(expected, 10);
    }
  });

  it('weights a row by its count exactly as repeating it', () => {
    const row = { x: 3, tx: 20, T: 30 };
    expect(bgnbdLogLikelihood(PUBLISHED, [{ ...row, count: 4 }])).toBeCloseTo(
      4 * bgnbdLogLikelihood(PUBLISHED, [row]),
      10,
    );
  });

  it('is the same on collapsed CDNOW rows as customer by customer', () => {
    const collapsed = collapseRepeatSummaries(cdnow);
    expect(collapsed.length).toBeLessThan(cdnow.length);
    const oneByOne = cdnow.reduce((s, row) => s + bgnbdLogLikelihood(PUBLISHED, [row]), 0);
    expect(bgnbdLogLikelihood(PUBLISHED, collapsed)).toBeCloseTo(oneByOne, 7);
    expect(bgnbdLogLikelihood(PUBLISHED, cdnow)).toBeCloseTo(oneByOne, 7);
  });

  it('stays finite where the plain form underflows (x = 200, T = 10⁶)', () => {
    const rows = [
      { x: 200, tx: 900_000, T: 1_000_000 },
      { x: 0, tx: 0, T: 1_000_000 },
    ];
    expect(handLikelihood(PUBLISHED, rows[0]!) > 0).toBe(false);
    expect(Number.isFinite(bgnbdLogLikelihood(PUBLISHED, rows))).toBe(true);
  });

  it('is −Infinity outside the parameter space and rejects malformed rows', () => {
    expect(bgnbdLogLikelihood({ ...PUBLISHED, a: 0 }, cdnow.slice(0, 3))).toBe(Number.NEGATIVE_INFINITY);
    expect(() => bgnbdLogLikelihood(PUBLISHED, [{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(PUBLISHED, [{ x: 1.5, tx: 1, T: 4 }])).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(PUBLISHED, [{ x: 1, tx: 1, T: 4, count: -1 }])).toThrow(RangeError);
  });
});

describe('fitBgNbd', () => {
  it('reproduces the published CDNOW estimates (FHL 2005)', () => {
    const fit = fitBgNbd(cdnow);
    expect(fit.converged).toBe(true);
    expect(fit.model).toBe('bgnbd');
    expect(fit.n).toBe(2357);
    expect(Math.abs(fit.params.r - PUBLISHED.r)).toBeLessThan(0.005);
    expect(Math.abs(fit.params.alpha / PUBLISHED.alpha - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.a / PUBLISHED.a - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.b / PUBLISHED.b - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    // The maximum beats the published (rounded) point.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood(PUBLISHED, cdnow));
    for (const se of Object.values(fit.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('gives the same fit from collapsed rows as from the raw ones', () => {
    const raw = fitBgNbd(cdnow);
    const collapsed = fitBgNbd(collapseRepeatSummaries(cdnow));
    expect(collapsed.logLikelihood).toBeCloseTo(raw.logLikelihood, 6);
    expect(collapsed.params.r).toBeCloseTo(raw.params.r, 5);
  });

  it('recovers known parameters from 20,000 simulated customers within 3 standard errors', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.9, b: 3 };
    const rows = simulateBgNbd(truth, { customers: 20_000, T: uniformCohort(20_000, 21), seed: 21 });
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.standardErrors[name]!);
    }
  });

  it('fits large data through a subsample and a full-data polish, to the full-data maximum', () => {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const rows = simulateBgNbd(truth, { customers: 60_000, T: uniformCohort(60_000, 22), seed: 22 });
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(true);
    expect(fit.message).toMatch(/systematic sample/);
    expect(fit.n).toBe(60_000);
    expect(fit.logLikelihood).toBeCloseTo(bgnbdLogLikelihood(fit.params, rows), 6);
    expect(fit.logLikelihood).toBeGreaterThan(bgnbdLogLikelihood(truth, rows));
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.standardErrors[name]!);
    }
  });

  it('reports data without repeat purchases as not converged, without NaN', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ x: 0, tx: 0, T: 20 + (i % 30) }));
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/edge of the parameter space|not identified/);
    for (const v of Object.values(fit.params)) expect(Number.isNaN(v)).toBe(false);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it('handles a single customer and no customers without throwing', () => {
    const one = fitBgNbd([{ x: 2, tx: 30, T: 39 }]);
    expect(one.n).toBe(1);
    for (const v of Object.values(one.params)) expect(v).toBeGreaterThan(0);
    expect(Number.isFinite(one.logLikelihood)).toBe(true);
    expect(one.message.length).toBeGreaterThan(0);
    const none = fitBgNbd([]);
    expect(none.converged).toBe(false);
    expect(none.n).toBe(0);
    expect(none.message).toMatch(/no customers/);
    for (const v of Object.values(none.params)) expect(Number.isNaN(v)).toBe(false);
  });
});

describe('bgnbdExpectedPurchases', () => {
  it("reproduces FHL's worked example: 1.226 purchases in the next 39 weeks", () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    expect(bgnbdExpectedPurchases(PUBLISHED, 39, c)).toBeCloseTo(1.226, 3);
    expect(bgnbdExpectedPurchases(fitBgNbd(cdnow).params, 39, c)).toBeCloseTo(1.226, 3);
  });

  it('agrees with quadrature over the drop-out probability, for short and very long horizons', () => {
    const cases = [
      { p: PUBLISHED, c: { x: 2, tx: 30.43, T: 38.86 }, t: 39 },
      { p: PUBLISHED, c: { x: 7, tx: 35, T: 38.86 }, t: 5_000 },
      { p: { r: 2, alpha: 3, a: 2.5, b: 4 }, c: { x: 1, tx: 3, T: 10 }, t: 100 },
      { p: { r: 0.4, alpha: 8, a: 1, b: 1.5 }, c: { x: 3, tx: 20, T: 52 }, t: 52 },
    ];
    for (const { p, c, t } of cases) {
      const expected =
        bgnbdPAlive(p, c) * quadratureAliveExpectation(p.r + c.x, p.alpha + c.T, p.a, p.b + c.x, t);
      const actual = bgnbdExpectedPurchases(p, t, c);
      expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-6);
    }
  });

  it('is 0 for t = 0, and P(alive) times the fresh-customer curve for x = 0', () => {
    const c = { x: 0, tx: 0, T: 20 };
    expect(bgnbdExpectedPurchases(PUBLISHED, 0, c)).toBe(0);
    const direct = quadratureAliveExpectation(
      PUBLISHED.r,
      PUBLISHED.alpha + 20,
      PUBLISHED.a,
      PUBLISHED.b,
      10,
    );
    expect(bgnbdExpectedPurchases(PUBLISHED, 10, c)).toBeCloseTo(direct, 6);
  });

  it('is smooth across a = 1, where the closed form is 0/0', () => {
    const c = { x: 3, tx: 20, T: 30 };
    const at = (a: number) => bgnbdExpectedPurchases({ ...PUBLISHED, a }, 26, c);
    const middle = (at(1 - 2e-3) + at(1 + 2e-3)) / 2;
    expect(Math.abs(at(1) / middle - 1)).toBeLessThan(1e-5);
    expect(Math.abs(at(1 + 1e-9) / at(1) - 1)).toBeLessThan(1e-7);
  });

  it('is finite, non-negative and non-decreasing in t (property)', () => {
    fc.assert(
      fc.property(
        params,
        customer,
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (p, c, t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const eLo = bgnbdExpectedPurchases(p, lo, c);
          const eHi = bgnbdExpectedPurchases(p, hi, c);
          expect(Number.isFinite(eLo) && Number.isFinite(eHi)).toBe(true);
          expect(eLo).toBeGreaterThanOrEqual(0);
          expect(eHi).toBeGreaterThanOrEqual(eLo * (1 - 1e-9) - 1e-12);
        },
      ),
    );
  });
});

describe('bgnbdExpectedPurchasesCurve', () => {
  it('gives P(alive) and the expectation at each horizon, rising with the horizon, 1.226 at 39 weeks', () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    const ts = [0, 4.35, 13, 39, 104];
    const curve = bgnbdExpectedPurchasesCurve(PUBLISHED, ts, c);
    expect(curve.pAlive).toBeCloseTo(bgnbdPAlive(PUBLISHED, c), 14);
    expect(curve.expected).toHaveLength(ts.length);
    expect(curve.expected[0]).toBe(0);
    expect(curve.expected[3]).toBeCloseTo(1.226, 3);
    for (let i = 1; i < ts.length; i++) expect(curve.expected[i]!).toBeGreaterThan(curve.expected[i - 1]!);
    expect(() => bgnbdExpectedPurchasesCurve(PUBLISHED, [1, -1], c)).toThrow(RangeError);
  });
});

describe('bgnbdPAlive', () => {
  it('is 1 with no repeat purchases and 1/(1 + a/(b+x−1)) right after one', () => {
    expect(bgnbdPAlive(PUBLISHED, { x: 0, tx: 0, T: 50 })).toBe(1);
    const { a, b } = PUBLISHED;
    expect(bgnbdPAlive(PUBLISHED, { x: 3, tx: 30, T: 30 })).toBeCloseTo(1 / (1 + a / (b + 2)), 12);
  });

  it('tends to 0 after a very long silence, without NaN', () => {
    const p = bgnbdPAlive(PUBLISHED, { x: 10, tx: 1, T: 1e9 });
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-12);
  });

  it('is a probability that falls as the silence since the last purchase grows (property)', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0, max: 100, noNaN: true }), (p, c, extra) => {
        const now = bgnbdPAlive(p, c);
        const later = bgnbdPAlive(p, { ...c, T: c.T + extra });
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(1);
        expect(later).toBeLessThanOrEqual(now + 1e-15);
      }),
    );
  });
});

describe('bgnbdExpectedRepeatPurchases', () => {
  it('agrees with quadrature, including horizons far beyond the data', () => {
    for (const t of [1, 39, 78, 1_000, 10_000]) {
      const expected = quadratureAliveExpectation(PUBLISHED.r, PUBLISHED.alpha, PUBLISHED.a, PUBLISHED.b, t);
      expect(Math.abs(bgnbdExpectedRepeatPurchases(PUBLISHED, t) / expected - 1)).toBeLessThan(1e-6);
    }
  });

  it('starts with slope r/α and grows with t, without bound when a ≤ 1 (property)', () => {
    const small = 1e-6;
    expect(bgnbdExpectedRepeatPurchases(PUBLISHED, small) / small).toBeCloseTo(
      PUBLISHED.r / PUBLISHED.alpha,
      5,
    );
    expect(bgnbdExpectedRepeatPurchases(PUBLISHED, 1e12)).toBeGreaterThan(1_000);
    fc.assert(
      fc.property(params, fc.double({ min: 0, max: 1e5, noNaN: true }), (p, t) => {
        const e = bgnbdExpectedRepeatPurchases(p, t);
        expect(Number.isFinite(e)).toBe(true);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(bgnbdExpectedRepeatPurchases(p, t * 2 + 1)).toBeGreaterThanOrEqual(e * (1 - 1e-9));
      }),
    );
  });
});
