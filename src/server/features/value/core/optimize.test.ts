import { describe, expect, it } from 'vitest';
import { invertNegativeDefinite, maximizeLogLikelihood, numericalHessian } from './optimize.js';

/** Normal sample with known sufficient statistics, for closed-form MLEs. */
const sample = [4.1, 5.3, 3.8, 6.2, 5.0, 4.7, 5.9, 4.4, 5.6, 5.1];
const n = sample.length;
const mean = sample.reduce((s, v) => s + v, 0) / n;
const sigmaHat = Math.sqrt(sample.reduce((s, v) => s + (v - mean) ** 2, 0) / n);

const normalLL = ({ mu, sigma }: { mu: number; sigma: number }) =>
  sample.reduce(
    (s, v) => s - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - (v - mu) ** 2 / (2 * sigma * sigma),
    0,
  );

describe('maximizeLogLikelihood', () => {
  it('finds the closed-form normal MLE and its asymptotic standard errors', () => {
    const fit = maximizeLogLikelihood({
      model: 'sbg',
      names: ['mu', 'sigma'],
      n,
      starts: [
        { mu: 1, sigma: 1 },
        { mu: 20, sigma: 0.1 },
      ],
      logLikelihood: normalLL,
    });
    expect(fit.converged).toBe(true);
    expect(fit.params.mu).toBeCloseTo(mean, 7);
    expect(fit.params.sigma).toBeCloseTo(sigmaHat, 7);
    expect(fit.logLikelihood).toBeCloseTo(normalLL({ mu: mean, sigma: sigmaHat }), 9);
    // Inverse observed information at the MLE: σ/√n and σ/√(2n).
    expect(fit.standardErrors.mu).toBeCloseTo(sigmaHat / Math.sqrt(n), 5);
    expect(fit.standardErrors.sigma).toBeCloseTo(sigmaHat / Math.sqrt(2 * n), 5);
    expect(fit.starts).toBe(2);
    expect(fit.n).toBe(n);
    expect(fit.iterations).toBeGreaterThan(0);
    expect(fit.message).toMatch(/2 of 2 starting points/);
  });

  it('follows a curved valley (Rosenbrock on positive parameters)', () => {
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['x', 'y'],
      n: 1,
      starts: [{ x: 0.2, y: 3 }],
      logLikelihood: ({ x, y }) => -((1 - x) ** 2 + 100 * (y - x * x) ** 2),
    });
    expect(fit.converged).toBe(true);
    expect(fit.params.x).toBeCloseTo(1, 4);
    expect(fit.params.y).toBeCloseTo(1, 4);
  });

  it('keeps the best of several local maxima and says how many starts agreed', () => {
    // Two bumps on the log scale: a lower one at p = 0.1 and a higher one at p = 10.
    const ll = ({ p }: { p: number }) => {
      const t = Math.log(p);
      return Math.log(Math.exp(-((t - Math.log(0.1)) ** 2)) + 2 * Math.exp(-((t - Math.log(10)) ** 2)));
    };
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['p'],
      n: 1,
      starts: [{ p: 0.05 }, { p: 20 }],
      logLikelihood: ll,
    });
    expect(fit.params.p).toBeCloseTo(10, 2);
    expect(fit.message).toMatch(/1 of 2 starting points/);
  });

  it('treats NaN, infinite values and throws as −∞ instead of failing', () => {
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['a', 'b'],
      n: 1,
      starts: [{ a: 1, b: 1 }],
      logLikelihood: ({ a, b }) => {
        if (a > 3) return Number.NaN;
        if (b > 3) throw new Error('outside the model');
        if (a < 0.2) return Number.POSITIVE_INFINITY;
        return -((a - 2) ** 2) - (b - 2.5) ** 2;
      },
    });
    expect(fit.converged).toBe(true);
    expect(fit.params.a).toBeCloseTo(2, 5);
    expect(fit.params.b).toBeCloseTo(2.5, 5);
  });

  it('reports a likelihood without an interior maximum as not converged, with no standard errors', () => {
    // Increases without bound as r → 0: the sup is on the edge.
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['r', 'alpha'],
      n: 10,
      starts: [{ r: 1, alpha: 1 }],
      logLikelihood: ({ r, alpha }) => -r * 10 - (Math.log(alpha) - 1) ** 2,
    });
    expect(fit.converged).toBe(false);
    expect(fit.params.r).toBeLessThan(1e-6);
    expect(fit.params.alpha).toBeCloseTo(Math.E, 3);
    expect(fit.standardErrors.r).toBeNull();
    expect(fit.message).toMatch(/edge of the parameter space/);
    expect(Number.isNaN(fit.logLikelihood)).toBe(false);
  });

  it('reports a parameter the likelihood does not depend on as not identified', () => {
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['a', 'b'],
      n: 10,
      starts: [{ a: 1, b: 1 }],
      logLikelihood: ({ a }) => -((a - 2) ** 2),
    });
    expect(fit.converged).toBe(false);
    expect(fit.params.a).toBeCloseTo(2, 4);
    expect(fit.standardErrors).toEqual({ a: null, b: null });
  });

  it('returns a diagnosis when no start has a finite likelihood', () => {
    const fit = maximizeLogLikelihood({
      model: 'bgnbd',
      names: ['a'],
      n: 3,
      starts: [{ a: 1 }, { a: -2 }],
      logLikelihood: () => Number.NaN,
    });
    expect(fit.converged).toBe(false);
    expect(fit.logLikelihood).toBe(Number.NEGATIVE_INFINITY);
    expect(fit.message).toMatch(/not finite at any of the 2 starting points/);
  });

  it('says when there is nothing to fit', () => {
    const fit = maximizeLogLikelihood({
      model: 'sbg',
      names: ['a'],
      n: 0,
      starts: [],
      logLikelihood: () => 0,
    });
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/no customers/);
  });

  it('polishes a close start directly when asked, to the same optimum', () => {
    const opts = { model: 'sbg' as const, names: ['mu', 'sigma'] as const, n, logLikelihood: normalLL };
    const full = maximizeLogLikelihood({ ...opts, starts: [{ mu: 1, sigma: 1 }] });
    const polished = maximizeLogLikelihood({ ...opts, starts: [{ mu: 5.2, sigma: 0.7 }], polishOnly: true });
    expect(polished.converged).toBe(true);
    expect(polished.params.mu).toBeCloseTo(full.params.mu, 7);
    expect(polished.iterations).toBeLessThan(full.iterations);
  });
});

describe('numericalHessian', () => {
  it('matches the analytic second derivatives', () => {
    // f = a²b + ln(b) + e^a, at (0.7, 1.9).
    const f = ([a, b]: readonly number[]) => a! * a! * b! + Math.log(b!) + Math.exp(a!);
    const [a, b] = [0.7, 1.9];
    const h = numericalHessian(f, [a, b]);
    expect(h[0]![0]).toBeCloseTo(2 * b + Math.exp(a), 6);
    expect(h[0]![1]).toBeCloseTo(2 * a, 6);
    expect(h[1]![0]).toBeCloseTo(2 * a, 6);
    expect(h[1]![1]).toBeCloseTo(-1 / (b * b), 6);
  });

  it('gives NaN entries, not an exception, where f is not finite', () => {
    const h = numericalHessian(([a]) => (a! > 1 ? Number.NaN : -a! * a!), [1]);
    expect(Number.isNaN(h[0]![0])).toBe(true);
  });
});

describe('invertNegativeDefinite', () => {
  it('inverts −H for a negative definite H', () => {
    const cov = invertNegativeDefinite([
      [-4, 1],
      [1, -3],
    ]);
    // (−H)⁻¹ = [[3, 1], [1, 4]] / 11
    expect(cov![0]![0]).toBeCloseTo(3 / 11, 12);
    expect(cov![0]![1]).toBeCloseTo(1 / 11, 12);
    expect(cov![1]![1]).toBeCloseTo(4 / 11, 12);
  });

  it('is null for an indefinite or singular H', () => {
    expect(
      invertNegativeDefinite([
        [-1, 0],
        [0, 1],
      ]),
    ).toBeNull();
    expect(
      invertNegativeDefinite([
        [-1, -1],
        [-1, -1],
      ]),
    ).toBeNull();
  });
});
