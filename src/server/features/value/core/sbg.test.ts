import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitSbgSurvivors,
  fitSbgTenures,
  type SbgParams,
  sbgChurnProbability,
  sbgExpectedRemainingLifetime,
  sbgLogLikelihood,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivorsLogLikelihood,
} from './sbg.js';
import { simulateSbgTenures } from './simulate.js';

/** Fader & Hardie (2007), Table 1: customers still active at the start of years 1–8. */
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

const params = fc.record({
  alpha: fc.double({ min: 0.05, max: 20, noNaN: true }),
  beta: fc.double({ min: 0.05, max: 20, noNaN: true }),
});

/** DERL summed term by term for as long as it takes (the definition, no closed form). */
function derlBySum({ alpha, beta }: SbgParams, n: number, d: number, terms = 2_000_000): number {
  let survival = 1; // P(T > n + k | T > n)
  let sum = 0;
  for (let k = 1; k <= terms; k++) {
    survival *= (beta + n + k - 1) / (alpha + beta + n + k - 1);
    sum += survival / (1 + d) ** (k - 1);
  }
  return sum;
}

describe('sbg likelihoods', () => {
  it('equal the churn and survival probabilities multiplied out by hand', () => {
    const { alpha: a, beta: b } = { alpha: 0.7, beta: 1.2 };
    // [10, 6, 4]: 4 churn in period 1, 2 in period 2, 4 are still active after period 2.
    const p1 = a / (a + b);
    const p2 = (a * b) / ((a + b) * (a + b + 1));
    const s2 = (b * (b + 1)) / ((a + b) * (a + b + 1));
    const expected = 4 * Math.log(p1) + 2 * Math.log(p2) + 4 * Math.log(s2);
    expect(sbgSurvivorsLogLikelihood({ alpha: a, beta: b }, [10, 6, 4])).toBeCloseTo(expected, 12);
    expect(
      sbgLogLikelihood({ alpha: a, beta: b }, [
        { periods: 1, churned: true, count: 4 },
        { periods: 2, churned: true },
        { periods: 2, churned: true },
        { periods: 2, churned: false, count: 4 },
      ]),
    ).toBeCloseTo(expected, 12);
    // A customer censored before any renewal decision adds nothing: S(0) = 1.
    expect(sbgLogLikelihood({ alpha: a, beta: b }, [{ periods: 0, churned: false, count: 9 }])).toBe(0);
  });

  it('reject impossible data', () => {
    expect(() => sbgSurvivorsLogLikelihood({ alpha: 1, beta: 1 }, [10, 12])).toThrow(RangeError);
    expect(() => sbgSurvivorsLogLikelihood({ alpha: 1, beta: 1 }, [10])).toThrow(RangeError);
    expect(() => sbgLogLikelihood({ alpha: 1, beta: 1 }, [{ periods: 0, churned: true }])).toThrow(
      RangeError,
    );
    expect(() => sbgLogLikelihood({ alpha: 1, beta: 1 }, [{ periods: 1.5, churned: false }])).toThrow(
      RangeError,
    );
  });
});

describe('fitSbgSurvivors', () => {
  it('reproduces Fader & Hardie (2007): regular α 0.704, β 1.182; high end α 0.668, β 3.806', () => {
    const regular = fitSbgSurvivors(REGULAR);
    expect(regular.converged).toBe(true);
    expect(regular.n).toBe(1000);
    expect(regular.params.alpha).toBeCloseTo(0.704, 3);
    expect(regular.params.beta).toBeCloseTo(1.182, 3);
    const highEnd = fitSbgSurvivors(HIGH_END);
    expect(highEnd.converged).toBe(true);
    expect(highEnd.params.alpha).toBeCloseTo(0.668, 3);
    expect(highEnd.params.beta).toBeCloseTo(3.806, 3);
  });

  it('gives the same fit as the equivalent per-customer tenures', () => {
    const tenures = REGULAR.slice(1).map((n, i) => ({
      periods: i + 1,
      churned: true,
      count: REGULAR[i]! - n,
    }));
    tenures.push({ periods: REGULAR.length - 1, churned: false, count: REGULAR[REGULAR.length - 1]! });
    const a = fitSbgSurvivors(REGULAR);
    const b = fitSbgTenures(tenures);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 8);
    expect(b.params.alpha).toBeCloseTo(a.params.alpha, 5);
  });

  it('reports curves with no churn, or churn of everyone, as not converged', () => {
    for (const curve of [
      [100, 100, 100],
      [100, 0, 0],
    ]) {
      const fit = fitSbgSurvivors(curve);
      expect(fit.converged).toBe(false);
      expect(fit.message).toMatch(/cannot pin down/);
      for (const v of Object.values(fit.params)) expect(Number.isNaN(v)).toBe(false);
    }
  });
});

describe('fitSbgTenures', () => {
  it('recovers known parameters from 20,000 simulated customers within 3 standard errors', () => {
    const truth = { alpha: 1.3, beta: 2.8 };
    const fit = fitSbgTenures(simulateSbgTenures(truth, { customers: 20_000, periods: 12, seed: 41 }));
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(20_000);
    for (const name of ['alpha', 'beta'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.standardErrors[name]!);
    }
  });

  it('handles no customers and a single customer', () => {
    expect(fitSbgTenures([]).converged).toBe(false);
    const one = fitSbgTenures([{ periods: 3, churned: true }]);
    expect(one.n).toBe(1);
    expect(Number.isNaN(one.logLikelihood)).toBe(false);
  });
});

describe('survival, retention and churn', () => {
  const p = { alpha: 0.704, beta: 1.182 };

  it('match the products of retention rates that define them', () => {
    // r(1) = β/(α+β); S(t) = Π r(k); P(T = t) = S(t−1) − S(t).
    expect(sbgRetentionRate(p, 1)).toBeCloseTo(p.beta / (p.alpha + p.beta), 14);
    expect(sbgSurvival(p, 0)).toBe(1);
    let survival = 1;
    for (let t = 1; t <= 12; t++) {
      const r = (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
      expect(sbgRetentionRate(p, t)).toBeCloseTo(r, 14);
      expect(sbgChurnProbability(p, t)).toBeCloseTo(survival * (1 - r), 12);
      survival *= r;
      expect(sbgSurvival(p, t)).toBeCloseTo(survival, 12);
    }
  });

  it('project the regular cohort close to the data it was fitted on', () => {
    const fit = fitSbgSurvivors(REGULAR);
    REGULAR.forEach((n, t) => {
      expect(Math.abs(1000 * sbgSurvival(fit.params, t) - n)).toBeLessThan(15);
    });
  });

  it('rises in retention and is a proper distribution (property)', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 1, max: 500 }), (q, t) => {
        expect(sbgRetentionRate(q, t + 1)).toBeGreaterThanOrEqual(sbgRetentionRate(q, t));
        let total = 0;
        for (let k = 1; k <= t; k++) total += sbgChurnProbability(q, k);
        expect(total + sbgSurvival(q, t)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('reject periods that are not whole', () => {
    expect(() => sbgSurvival(p, 1.5)).toThrow(RangeError);
    expect(() => sbgRetentionRate(p, 0)).toThrow(RangeError);
    expect(() => sbgChurnProbability(p, -1)).toThrow(RangeError);
  });
});

describe('sbgExpectedRemainingLifetime', () => {
  it('is (β+n)/(α−1) undiscounted when α > 1, and infinite when α ≤ 1', () => {
    const p = { alpha: 3.5, beta: 2 };
    expect(sbgExpectedRemainingLifetime(p, { survivedPeriods: 4 })).toBeCloseTo(6 / 2.5, 12);
    // The sum itself converges to the same value (its tail falls like k^(1−α)).
    expect(derlBySum(p, 4, 0)).toBeCloseTo(6 / 2.5, 6);
    expect(sbgExpectedRemainingLifetime({ alpha: 0.704, beta: 1.182 }, { survivedPeriods: 0 })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(sbgExpectedRemainingLifetime({ alpha: 1, beta: 5 }, { survivedPeriods: 3, discountRate: 0 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('equals the discounted sum term by term', () => {
    const cases = [
      { p: { alpha: 0.704, beta: 1.182 }, n: 0, d: 0.1 },
      { p: { alpha: 0.668, beta: 3.806 }, n: 5, d: 0.1 },
      { p: { alpha: 0.704, beta: 1.182 }, n: 3, d: 0.01 },
      { p: { alpha: 2, beta: 0.5 }, n: 0, d: 0.001 },
      { p: { alpha: 1, beta: 1.182 }, n: 10, d: 1e-4 },
    ];
    for (const { p, n, d } of cases) {
      const actual = sbgExpectedRemainingLifetime(p, { survivedPeriods: n, discountRate: d });
      expect(Math.abs(actual / derlBySum(p, n, d) - 1)).toBeLessThan(1e-9);
    }
  });

  it('is finite and continuous across α = 1 for tiny discount rates', () => {
    const at = (alpha: number) =>
      sbgExpectedRemainingLifetime({ alpha, beta: 1.182 }, { survivedPeriods: 2, discountRate: 1e-9 });
    const v = at(1);
    expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(at(1 + 1e-7) / v - 1)).toBeLessThan(1e-5);
    expect(Math.abs(at(1 - 1e-7) / v - 1)).toBeLessThan(1e-5);
    // It grows like ln(1/d) at α = 1: much more than at d = 1e-4, much less than 1/d.
    const moderate = sbgExpectedRemainingLifetime(
      { alpha: 1, beta: 1.182 },
      { survivedPeriods: 2, discountRate: 1e-4 },
    );
    expect(v).toBeGreaterThan(moderate);
    expect(v).toBeLessThan(1e4 * moderate);
  });

  it('falls as the discount rate rises and grows with survived periods (property)', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 1e-8, max: 2, noNaN: true }),
        (p, n, d) => {
          const value = sbgExpectedRemainingLifetime(p, { survivedPeriods: n, discountRate: d });
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThan(0);
          expect(
            sbgExpectedRemainingLifetime(p, { survivedPeriods: n, discountRate: d * 1.5 }),
          ).toBeLessThanOrEqual(value * (1 + 1e-9));
          expect(
            sbgExpectedRemainingLifetime(p, { survivedPeriods: n + 1, discountRate: d }),
          ).toBeGreaterThanOrEqual(value * (1 - 1e-9));
        },
      ),
    );
  });

  it('rejects a negative discount rate or fractional periods', () => {
    const p = { alpha: 1.5, beta: 2 };
    expect(() => sbgExpectedRemainingLifetime(p, { survivedPeriods: 1, discountRate: -0.1 })).toThrow(
      RangeError,
    );
    expect(() => sbgExpectedRemainingLifetime(p, { survivedPeriods: 0.5 })).toThrow(RangeError);
  });
});
