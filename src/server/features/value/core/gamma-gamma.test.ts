import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from './gamma-gamma.js';
import { simulateGammaGamma } from './simulate.js';
import type { SpendSummary } from './types.js';

function readCsv(name: string): Record<string, number>[] {
  const text = readFileSync(new URL(`../../../../../../shared/data/${name}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, Number(v)])));
}

const cdnowSpend: SpendSummary[] = readCsv('cdnow_customers_summary_with_transactions.csv').map((row) => ({
  x: row.x!,
  mx: row.zbar!,
}));

const factorial = (k: number) => {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return f;
};

/** Gamma density with integer shape k and rate λ (no gamma function needed). */
const gammaDensity = (y: number, k: number, rate: number) =>
  (rate ** k * y ** (k - 1) * Math.exp(-rate * y)) / factorial(k - 1);

/**
 * ∫ h(ν)·f(mx | shape p·x, rate x·ν)·g(ν | shape q, rate v) dν by Simpson's rule on ν = e^w: the
 * mixture the Gamma-Gamma likelihood integrates in closed form. Integer p·x and q only.
 */
function mixture(
  { p, q, v }: GammaGammaParams,
  { x, mx }: { x: number; mx: number },
  h: (nu: number) => number = () => 1,
): number {
  const [from, to, intervals] = [-25, 8, 40_000];
  const step = (to - from) / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const nu = Math.exp(from + i * step);
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * h(nu) * gammaDensity(mx, p * x, x * nu) * gammaDensity(nu, q, v) * nu;
  }
  return (sum * step) / 3;
}

describe('gammaGammaLogLikelihood', () => {
  it('equals the log of the mixture integrated numerically, for 1 to 3 customers', () => {
    const params = { p: 2, q: 3, v: 10 };
    const cases: SpendSummary[][] = [
      [{ x: 1, mx: 4.5 }],
      [
        { x: 2, mx: 7.25 },
        { x: 3, mx: 2.1 },
      ],
      [
        { x: 1, mx: 12 },
        { x: 4, mx: 5 },
        { x: 0, mx: 0 },
      ],
    ];
    for (const rows of cases) {
      const expected = rows.filter((r) => r.x > 0).reduce((s, r) => s + Math.log(mixture(params, r)), 0);
      expect(gammaGammaLogLikelihood(params, rows)).toBeCloseTo(expected, 8);
    }
  });

  it('ignores customers without repeat purchases and weights rows by count', () => {
    const p = { p: 6.25, q: 3.74, v: 15.44 };
    const rows = [{ x: 2, mx: 22.35 }];
    expect(gammaGammaLogLikelihood(p, [...rows, { x: 0, mx: 0, count: 40 }])).toBe(
      gammaGammaLogLikelihood(p, rows),
    );
    expect(gammaGammaLogLikelihood(p, [{ x: 2, mx: 22.35, count: 3 }])).toBeCloseTo(
      3 * gammaGammaLogLikelihood(p, rows),
      10,
    );
  });

  it('rejects malformed rows', () => {
    const p = { p: 1, q: 2, v: 3 };
    expect(() => gammaGammaLogLikelihood(p, [{ x: -1, mx: 3 }])).toThrow(RangeError);
    expect(() => gammaGammaLogLikelihood(p, [{ x: 1, mx: Number.NaN }])).toThrow(RangeError);
  });
});

describe('fitGammaGamma', () => {
  it('reproduces the published CDNOW estimates (FHL 2005; lifetimes): p 6.25, q 3.74, v 15.44', () => {
    const fit = fitGammaGamma(cdnowSpend);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(cdnowSpend.filter((r) => r.x > 0).length);
    expect(Math.abs(fit.params.p / 6.25 - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.q / 3.74 - 1)).toBeLessThan(0.01);
    expect(Math.abs(fit.params.v / 15.44 - 1)).toBeLessThan(0.01);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(
      gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, cdnowSpend),
    );
  });

  it('recovers known parameters from 20,000 simulated customers within 3 standard errors', () => {
    const truth = { p: 4, q: 5, v: 30 };
    const xs = Array.from({ length: 20_000 }, (_, i) => 1 + (i % 8));
    const fit = fitGammaGamma(simulateGammaGamma(truth, xs, 31));
    expect(fit.converged).toBe(true);
    for (const name of ['p', 'q', 'v'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * fit.standardErrors[name]!);
    }
  });

  it('leaves out repeat buyers with a zero mean spend, and says so', () => {
    const rows = [...cdnowSpend, { x: 2, mx: 0 }, { x: 1, mx: 0, count: 2 }];
    const fit = fitGammaGamma(rows);
    expect(fit.message).toMatch(/3 customers with repeat purchases but a mean spend ≤ 0/);
    expect(fit.params.p).toBeCloseTo(fitGammaGamma(cdnowSpend).params.p, 6);
  });

  it('has nothing to fit without repeat purchases, and survives a single customer', () => {
    const none = fitGammaGamma([{ x: 0, mx: 0, count: 100 }]);
    expect(none.converged).toBe(false);
    expect(none.n).toBe(0);
    const one = fitGammaGamma([{ x: 3, mx: 20 }]);
    expect(one.n).toBe(1);
    for (const v of Object.values(one.params)) expect(Number.isNaN(v)).toBe(false);
  });
});

describe('gammaGammaExpectedSpend', () => {
  const params = { p: 6.25, q: 3.74, v: 15.44 };

  it('is the population mean p·v/(q−1) without repeat purchases', () => {
    expect(gammaGammaExpectedSpend(params, { x: 0, mx: 0 })).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(gammaGammaExpectedSpend({ p: 1, q: 0.8, v: 2 }, { x: 0, mx: 0 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('equals the posterior mean of p/ν computed numerically', () => {
    const integer = { p: 2, q: 3, v: 10 };
    const c = { x: 3, mx: 8.5 };
    const posterior = mixture(integer, c, (nu) => integer.p / nu) / mixture(integer, c);
    expect(gammaGammaExpectedSpend(integer, c)).toBeCloseTo(posterior, 7);
  });

  it('lies between the population mean and the customer mean, nearer the latter as x grows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.01, max: 1_000, noNaN: true }),
        (x, mx) => {
          const population = gammaGammaExpectedSpend(params, { x: 0, mx: 0 });
          const e = gammaGammaExpectedSpend(params, { x, mx });
          expect(e).toBeGreaterThanOrEqual(Math.min(population, mx) * (1 - 1e-12));
          expect(e).toBeLessThanOrEqual(Math.max(population, mx) * (1 + 1e-12));
          const more = gammaGammaExpectedSpend(params, { x: x + 1, mx });
          expect(Math.abs(more - mx)).toBeLessThanOrEqual(Math.abs(e - mx) + 1e-9);
        },
      ),
    );
  });
});
