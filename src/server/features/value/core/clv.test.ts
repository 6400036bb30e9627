import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clv, clvOfCumulative, DEFAULT_MONTHLY_DISCOUNT_RATE, heuristicClv, UNITS_PER_MONTH } from './clv.js';

describe('clvOfCumulative', () => {
  it('discounts each month’s increment of the cumulative curve by that month', () => {
    // Increments 1, 2, 0.5 in months 1–3 at 10% a month: 1/1.1 + 2/1.21 + 0.5/1.331.
    expect(clvOfCumulative([0, 1, 3, 3.5], 0.1)).toBeCloseTo(1 / 1.1 + 2 / 1.21 + 0.5 / 1.331, 12);
    expect(clvOfCumulative([0], 0.1)).toBe(0);
    // Same as clv() per unit of spend on the curve's values.
    const curve = (t: number) => 3 * (1 - Math.exp(-t / 20));
    const months = Array.from({ length: 13 }, (_, m) => curve(m * UNITS_PER_MONTH.week));
    expect(clvOfCumulative(months, 0.01)).toBeCloseTo(
      clv({ expectedPurchases: curve, expectedSpend: 1, unitsPerMonth: UNITS_PER_MONTH.week }),
      12,
    );
  });
});

describe('clv', () => {
  it('is expected purchases × spend when the discount rate is 0', () => {
    // 0.5 purchases a week, 4 weeks a month, 3 months: 6 purchases at 20.
    const value = clv({
      expectedPurchases: (weeks) => 0.5 * weeks,
      expectedSpend: 20,
      unitsPerMonth: 4,
      horizonMonths: 3,
      monthlyDiscountRate: 0,
    });
    expect(value).toBeCloseTo(120, 12);
  });

  it('discounts month m by (1 + d)^m (hand-computed)', () => {
    // One purchase a month at 100, d = 10 %: 100/1.1 + 100/1.21 = 90.9090… + 82.6446… = 173.5537…
    const value = clv({
      expectedPurchases: (days) => days / 30,
      expectedSpend: 100,
      unitsPerMonth: 30,
      horizonMonths: 2,
      monthlyDiscountRate: 0.1,
    });
    expect(value).toBeCloseTo(100 / 1.1 + 100 / 1.21, 10);
    expect(value).toBeCloseTo(173.553719, 5);
  });

  it('uses the increments of a non-linear curve and its value at 0', () => {
    // E[X(t)] = √t + 1 (an offset that the increments cancel), t in weeks, 1 week a month.
    const value = clv({
      expectedPurchases: (t) => Math.sqrt(t) + 1,
      expectedSpend: 1,
      unitsPerMonth: 1,
      horizonMonths: 4,
      monthlyDiscountRate: 0,
    });
    expect(value).toBeCloseTo(2, 12);
    const discounted = clv({
      expectedPurchases: (t) => Math.sqrt(t),
      expectedSpend: 10,
      unitsPerMonth: 1,
      horizonMonths: 2,
      monthlyDiscountRate: 0.5,
    });
    expect(discounted).toBeCloseTo(10 * (1 / 1.5 + (Math.SQRT2 - 1) / 2.25), 12);
  });

  it('defaults to 12 months at 1 % a month, converting months with unitsPerMonth', () => {
    const calls: number[] = [];
    const value = clv({
      expectedPurchases: (t) => {
        calls.push(t);
        return t / UNITS_PER_MONTH.week;
      },
      expectedSpend: 1,
      unitsPerMonth: UNITS_PER_MONTH.week,
    });
    expect(DEFAULT_MONTHLY_DISCOUNT_RATE).toBe(0.01);
    expect(calls).toHaveLength(13);
    expect(calls[0]).toBe(0);
    expect(calls[12]).toBeCloseTo(52.17857, 4); // a year in weeks
    expect(value).toBeCloseTo((1 - 1.01 ** -12) / 0.01, 10); // annuity factor 11.2551
    expect(UNITS_PER_MONTH.day).toBeCloseTo(30.44, 2);
    expect(UNITS_PER_MONTH.week).toBeCloseTo(4.348, 3);
  });

  it('is never more than the undiscounted value for a non-decreasing curve', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 36 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (rate, power, horizonMonths, monthlyDiscountRate) => {
          const input = {
            expectedPurchases: (t: number) => rate * t ** power,
            expectedSpend: 7,
            unitsPerMonth: 1,
            horizonMonths,
          };
          const plain = clv({ ...input, monthlyDiscountRate: 0 });
          expect(plain).toBeCloseTo(7 * rate * horizonMonths ** power, 6);
          expect(clv({ ...input, monthlyDiscountRate })).toBeLessThanOrEqual(plain + 1e-9);
        },
      ),
    );
  });

  it('rejects a broken horizon, rate or unit', () => {
    const base = { expectedPurchases: (t: number) => t, expectedSpend: 1, unitsPerMonth: 1 };
    expect(() => clv({ ...base, horizonMonths: 0 })).toThrow(RangeError);
    expect(() => clv({ ...base, horizonMonths: 1.5 })).toThrow(RangeError);
    expect(() => clv({ ...base, monthlyDiscountRate: -0.1 })).toThrow(RangeError);
    expect(() => clv({ ...base, unitsPerMonth: 0 })).toThrow(RangeError);
  });
});

describe('heuristicClv', () => {
  it('is the historic monthly value × horizon without discount', () => {
    expect(
      heuristicClv({ totalSpend: 600, monthsSinceFirstPurchase: 6, monthlyDiscountRate: 0 }),
    ).toBeCloseTo(1200, 10);
    expect(
      heuristicClv({ totalSpend: 90, monthsSinceFirstPurchase: 3, horizonMonths: 3, monthlyDiscountRate: 0 }),
    ).toBeCloseTo(90, 10);
  });

  it('counts at least one month of history', () => {
    expect(
      heuristicClv({
        totalSpend: 50,
        monthsSinceFirstPurchase: 0.2,
        horizonMonths: 2,
        monthlyDiscountRate: 0,
      }),
    ).toBe(100);
  });

  it('discounts the same way as clv', () => {
    const h = heuristicClv({
      totalSpend: 200,
      monthsSinceFirstPurchase: 2,
      horizonMonths: 2,
      monthlyDiscountRate: 0.1,
    });
    expect(h).toBeCloseTo(100 / 1.1 + 100 / 1.21, 10);
    const model = clv({
      expectedPurchases: (t) => t,
      expectedSpend: 100,
      unitsPerMonth: 1,
      horizonMonths: 2,
      monthlyDiscountRate: 0.1,
    });
    expect(h).toBeCloseTo(model, 10);
  });
});
