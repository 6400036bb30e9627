import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimsVerdict, quantile } from './claims.js';

const peers = (...totals: number[]) => totals.map((totalMinor) => ({ claims: 1, totalMinor }));

describe('quantile', () => {
  it('interpolates between closest ranks and answers null for nothing', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([40, 10, 30, 20], 0.5)).toBe(25);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.95)).toBeCloseTo(10.5);
  });

  it('stays between the smallest and largest value and grows with q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          const v = quantile(xs, q)!;
          expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(v).toBeLessThanOrEqual(Math.max(...xs));
          expect(quantile(xs, Math.min(1, q + 0.1))!).toBeGreaterThanOrEqual(v);
        },
      ),
    );
  });
});

describe('claims verdict', () => {
  const typical = peers(5000, 6000, 7000, 8000, 9000);

  it('flags three or more claims far above both the p95 and three times the median, saying why', () => {
    const v = claimsVerdict({ claims: 4, totalMinor: 90_000 }, typical);
    expect(v.peers).toEqual({ customers: 5, medianMinor: 7000, p95Minor: 8800 });
    expect(v.flagged).toBe(true);
    expect(v.reasons).toHaveLength(2);
    expect(v.reasons[0]).toContain('4 compensated claims');
  });

  it('flags above the p95 alone, even under three times the median', () => {
    const v = claimsVerdict({ claims: 3, totalMinor: 9500 }, typical);
    expect(v.flagged).toBe(true);
    expect(v.reasons).toHaveLength(1);
  });

  it('does not flag fewer than three claims however large, nor a total within the peers', () => {
    expect(claimsVerdict({ claims: 2, totalMinor: 1_000_000 }, typical).flagged).toBe(false);
    expect(claimsVerdict({ claims: 5, totalMinor: 8000 }, typical).flagged).toBe(false);
  });

  it('does not flag without enough peers to compare with', () => {
    const v = claimsVerdict({ claims: 6, totalMinor: 1_000_000 }, peers(100, 200));
    expect(v.flagged).toBe(false);
    expect(v.peers.customers).toBe(2);
  });
});
