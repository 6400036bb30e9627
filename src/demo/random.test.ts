import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from './random.js';

const N = 100_000;

function moments(rng: Random, draw: (r: Random) => number, n = N) {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw(rng);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

/** Relative error, so one tolerance reads the same for every scale. */
const rel = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    const a = createRandom(42, 3);
    const b = createRandom(42, 3);
    const seqA = Array.from({ length: 50 }, () => [a.next(), a.gamma(0.25, 4), a.beta(0.8, 2.5), a.uuid(0)]);
    const seqB = Array.from({ length: 50 }, () => [b.next(), b.gamma(0.25, 4), b.beta(0.8, 2.5), b.uuid(0)]);
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds, streams and signs', () => {
    const first = (seed: number, stream = 0) => {
      const r = createRandom(seed, stream);
      return [r.uint32(), r.uint32(), r.uint32()].join(',');
    };
    const seen = new Set([
      first(0),
      first(1),
      first(-1),
      first(42),
      first(42, 1),
      first(2 ** 32),
      first(2 ** 40),
    ]);
    expect(seen.size).toBe(7);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(2 ** 53)).toThrow(RangeError);
    expect(() => createRandom(1, -1)).toThrow(RangeError);
  });

  it('draws uniforms on [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRandom(7);
    let min = 1;
    let max = 0;
    const m = moments(rng, (r) => {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    });
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.005);
    expect(rel(m.variance, 1 / 12)).toBeLessThan(0.02);
  });

  it.each([
    { shape: 0.25, rate: 4 },
    { shape: 6, rate: 0.05 },
    { shape: 4, rate: 60 },
    { shape: 1, rate: 1 },
  ])('draws Gamma($shape, rate $rate) with mean shape/rate and variance shape/rate²', ({ shape, rate }) => {
    const m = moments(createRandom(11), (r) => r.gamma(shape, rate));
    // Standard error of the mean is sqrt(shape)/rate/sqrt(N): 0.6% of the mean at shape 0.25.
    expect(rel(m.mean, shape / rate)).toBeLessThan(0.03);
    expect(rel(m.variance, shape / rate ** 2)).toBeLessThan(0.1);
  });

  it.each([
    { a: 0.8, b: 2.5 },
    { a: 2, b: 2 },
    { a: 5, b: 1 },
  ])('draws Beta($a, $b) with the right mean and variance', ({ a, b }) => {
    const rng = createRandom(13);
    let outside = 0;
    const m = moments(rng, (r) => {
      const x = r.beta(a, b);
      if (!(x > 0 && x < 1)) outside++;
      return x;
    });
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(outside).toBe(0);
    expect(rel(m.mean, mean)).toBeLessThan(0.02);
    expect(rel(m.variance, variance)).toBeLessThan(0.05);
  });

  it('draws exponential waiting times with mean 1/rate and variance 1/rate²', () => {
    const m = moments(createRandom(17), (r) => r.exponential(0.0625));
    expect(rel(m.mean, 16)).toBeLessThan(0.02);
    expect(rel(m.variance, 256)).toBeLessThan(0.05);
  });

  it.each([0.3, 4, 120])('draws Poisson(%d) counts with mean = variance = the mean', (mean) => {
    const rng = createRandom(19);
    let fractional = 0;
    const m = moments(
      rng,
      (r) => {
        const k = r.poisson(mean);
        if (!Number.isInteger(k) || k < 0) fractional++;
        return k;
      },
      mean > 100 ? 20_000 : N,
    );
    expect(fractional).toBe(0);
    expect(rel(m.mean, mean)).toBeLessThan(0.03);
    expect(rel(m.variance, mean)).toBeLessThan(0.06);
  });

  it('keeps int() within its inclusive bounds and hits both ends', () => {
    const rng = createRandom(23);
    const counts = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const k = rng.int(3, 6);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([3, 4, 5, 6]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(2_300);
  });

  it('chooses weighted values in proportion to their weights', () => {
    const rng = createRandom(29);
    let heavy = 0;
    for (let i = 0; i < 20_000; i++)
      if (
        rng.weighted([
          ['light', 1],
          ['heavy', 3],
          ['never', 0],
        ]) === 'heavy'
      )
        heavy++;
    expect(heavy / 20_000).toBeGreaterThan(0.73);
    expect(heavy / 20_000).toBeLessThan(0.77);
    expect(() => rng.weighted([['x', 0]])).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('rejects parameters outside the distributions’ domains', () => {
    const rng = createRandom(31);
    expect(() => rng.gamma(0, 1)).toThrow(RangeError);
    expect(() => rng.beta(1, Number.NaN)).toThrow(RangeError);
    expect(() => rng.exponential(-1)).toThrow(RangeError);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
  });

  it('formats ids as version 7 UUIDs carrying the given time', () => {
    const rng = createRandom(37);
    const ms = Date.UTC(2025, 4, 6, 12, 30, 15, 123);
    const ids = Array.from({ length: 1000 }, () => rng.uuid(ms));
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(rng.uuid(1) < rng.uuid(2)).toBe(true);
  });
});
