import { describe, expect, it } from 'vitest';
import { bgnbdExpectedRepeatPurchases } from './bgnbd.js';
import { simulateBgNbd, simulateGammaGamma, simulateParetoNbd, simulateSbgTenures } from './simulate.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

/** Mean and its standard error. */
function meanAndError(values: readonly number[]) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, error: Math.sqrt(variance / n) };
}

describe('simulateBgNbd', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const opts = { customers: 200, T: 39 };
    expect(simulateBgNbd(BG, { ...opts, seed: 7 })).toEqual(simulateBgNbd(BG, { ...opts, seed: 7 }));
    expect(simulateBgNbd(BG, { ...opts, seed: 7 })).not.toEqual(simulateBgNbd(BG, { ...opts, seed: 8 }));
  });

  it('produces valid summaries, per-customer T included', () => {
    const T = Array.from({ length: 500 }, (_, i) => 26 + (i % 53));
    const rows = simulateBgNbd(BG, { customers: 500, T, seed: 3 });
    rows.forEach((row, i) => {
      expect(row.T).toBe(T[i]);
      expect(Number.isInteger(row.x) && row.x >= 0).toBe(true);
      expect(row.tx >= 0 && row.tx <= row.T).toBe(true);
      if (row.x === 0) expect(row.tx).toBe(0);
      else expect(row.tx).toBeGreaterThan(0);
    });
  });

  it('puts purchase times on the grid when asked', () => {
    const rows = simulateBgNbd(BG, { customers: 2000, T: 52, seed: 4, timeResolution: 1 / 7 });
    for (const row of rows) expect(Math.abs(row.tx * 7 - Math.round(row.tx * 7))).toBeLessThan(1e-9);
  });

  it("matches the model's E[X(T)]: mean repeat purchases within 4 standard errors", () => {
    const rows = simulateBgNbd(BG, { customers: 40_000, T: 39, seed: 11 });
    const { mean, error } = meanAndError(rows.map((r) => r.x));
    expect(Math.abs(mean - bgnbdExpectedRepeatPurchases(BG, 39))).toBeLessThan(4 * error);
  });

  it('rejects a T list of the wrong length', () => {
    expect(() => simulateBgNbd(BG, { customers: 3, T: [1, 2], seed: 1 })).toThrow(RangeError);
  });
});

describe('simulateParetoNbd', () => {
  it("matches the Pareto/NBD's E[X(t)] = rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)]", () => {
    const t = 39;
    const rows = simulateParetoNbd(PARETO, { customers: 40_000, T: t, seed: 12 });
    const { r, alpha, s, beta } = PARETO;
    const expected = ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + t)) ** (s - 1));
    const { mean, error } = meanAndError(rows.map((row) => row.x));
    expect(Math.abs(mean - expected)).toBeLessThan(4 * error);
    expect(simulateParetoNbd(PARETO, { customers: 50, T: t, seed: 1 })).toEqual(
      simulateParetoNbd(PARETO, { customers: 50, T: t, seed: 1 }),
    );
  });
});

describe('simulateGammaGamma', () => {
  it('has mean spend p·v/(q−1) at every x, and mx = 0 exactly when x = 0', () => {
    const params = { p: 6.25, q: 3.74, v: 15.44 };
    const xs = Array.from({ length: 40_000 }, (_, i) => i % 5);
    const rows = simulateGammaGamma(params, xs, 13);
    expect(rows.filter((r) => r.x === 0).every((r) => r.mx === 0)).toBe(true);
    const spends = rows.filter((r) => r.x > 0).map((r) => r.mx);
    expect(spends.every((m) => m > 0)).toBe(true);
    const { mean, error } = meanAndError(spends);
    expect(Math.abs(mean - (params.p * params.v) / (params.q - 1))).toBeLessThan(4 * error);
    expect(simulateGammaGamma(params, xs.slice(0, 20), 5)).toEqual(
      simulateGammaGamma(params, xs.slice(0, 20), 5),
    );
  });
});

describe('simulateSbgTenures', () => {
  it('has first-period churn α/(α+β) and censors at the horizon', () => {
    const params = { alpha: 0.704, beta: 1.182 };
    const rows = simulateSbgTenures(params, { customers: 40_000, periods: 5, seed: 14 });
    expect(rows.every((r) => (r.churned ? r.periods >= 1 && r.periods <= 5 : r.periods === 5))).toBe(true);
    const { mean, error } = meanAndError(rows.map((r) => (r.churned && r.periods === 1 ? 1 : 0)));
    expect(Math.abs(mean - params.alpha / (params.alpha + params.beta))).toBeLessThan(4 * error);
  });
});
