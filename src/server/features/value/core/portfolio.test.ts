import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../demo/random.js';
import { bgnbdExpectedPurchases } from './bgnbd.js';
import { clv, heuristicClv, UNITS_PER_MONTH } from './clv.js';
import { gammaGammaExpectedSpend } from './gamma-gamma.js';
import {
  computePortfolio,
  MIN_CUSTOMERS,
  PortfolioError,
  type PortfolioSettings,
  type PurchaseStats,
} from './portfolio.js';

const SETTINGS: PortfolioSettings = {
  unit: 'week',
  transactionModel: 'bgnbd',
  horizonMonths: 12,
  monthlyDiscountRate: 0.01,
  rfmBins: 5,
};
const AS_OF = 20_000;
const CAL_END = AS_OF - 26 * 7;

/**
 * Purchase days of `n` customers drawn from BG/NBD in days (λ per day ~ Gamma(r, α), drop-out
 * after each repeat purchase with p ~ Beta(a, b)), first purchases over the 500 days before the
 * as-of day; each purchase day spends 10–90 currency units. Statistics built here, by hand, from
 * the days, as the repository's SQL builds them.
 */
function simulate(n: number, seed: number) {
  const rng = createRandom(seed);
  const stats: PurchaseStats[] = [];
  const repeatsByDay = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const first = AS_OF - rng.int(0, 499);
    const lambda = rng.gamma(0.3, 30);
    const p = rng.beta(0.8, 2.5);
    const days = new Map<number, number>([[first, 1000 + rng.int(0, 8000)]]);
    let t = 0;
    for (;;) {
      t += rng.exponential(lambda);
      const day = first + Math.floor(t);
      if (day > AS_OF) break;
      days.set(day, (days.get(day) ?? 0) + 1000 + rng.int(0, 8000));
      if (rng.next() < p) break;
    }
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const cal = sorted.filter((d) => d <= CAL_END);
    const spendOf = (list: number[]) => list.reduce((s, d) => s + days.get(d)!, 0);
    for (const d of sorted.slice(1)) {
      if (first <= CAL_END) repeatsByDay.set(d, (repeatsByDay.get(d) ?? 0) + 1);
    }
    stats.push({
      customerId: `c${i}`,
      firstDay: first,
      lastDay: sorted.at(-1)!,
      days: sorted.length,
      spendMinor: spendOf(sorted),
      repeatSpendMinor: spendOf(sorted.slice(1)),
      daysCal: cal.length,
      lastCalDay: cal.at(-1) ?? null,
      repeatSpendCalMinor: spendOf(cal.slice(1)),
      daysHoldout: sorted.length - cal.length,
    });
  }
  return { stats, repeatsByDay };
}

const { stats, repeatsByDay } = simulate(4_000, 3);
const result = computePortfolio({
  stats,
  asOfDay: AS_OF,
  calibrationEndDay: CAL_END,
  repeatsByDay,
  settings: SETTINGS,
});

describe('computePortfolio', () => {
  it('scores every customer, in input order, with values in range', () => {
    expect(result.customers.map((c) => c.customerId)).toEqual(stats.map((s) => s.customerId));
    for (const c of result.customers) {
      expect(c.pAlive).toBeGreaterThanOrEqual(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(c.expectedPurchases12m).toBeGreaterThanOrEqual(c.expectedPurchases3m);
      expect(c.clvMinor).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(c.clvMinor)).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(c.rfmR);
    }
  });

  it('derives x, t_x and T in weeks from purchase days, and recency in days', () => {
    const s = stats.find((x) => x.days >= 3)!;
    const c = result.customers[stats.indexOf(s)]!;
    expect(c.frequency).toBe(s.days - 1);
    expect(c.recency).toBeCloseTo((s.lastDay - s.firstDay) / 7, 12);
    expect(c.age).toBeCloseTo((AS_OF - s.firstDay) / 7, 12);
    expect(c.recencyDays).toBe(AS_OF - s.lastDay);
    expect(c.orders).toBe(s.days);
  });

  it('gives the simple formula beside the model: historic spend per month over the horizon', () => {
    const s = stats[5]!;
    const expected = heuristicClv({
      totalSpend: s.spendMinor,
      monthsSinceFirstPurchase: (AS_OF - s.firstDay) / UNITS_PER_MONTH.day,
      horizonMonths: 12,
      monthlyDiscountRate: 0.01,
    });
    expect(result.customers[5]!.heuristicClvMinor).toBe(Math.round(expected));
  });

  it('puts the top 10% by CLV in the top tier and ranks tiers by CLV', () => {
    const byTier = (tier: string) => result.customers.filter((c) => c.tier === tier);
    expect(byTier('top')).toHaveLength(400);
    expect(byTier('high')).toHaveLength(800);
    expect(byTier('medium')).toHaveLength(1200);
    expect(byTier('low')).toHaveLength(1600);
    const minTop = Math.min(...byTier('top').map((c) => c.clvMinor));
    const maxHigh = Math.max(...byTier('high').map((c) => c.clvMinor));
    expect(minTop).toBeGreaterThanOrEqual(maxHigh);
  });

  it('gives a customer who bought often and recently a higher P(alive) than one silent for long', () => {
    const recent = result.customers.filter((c) => c.frequency >= 3 && c.recencyDays < 14);
    const silent = result.customers.filter((c) => c.frequency >= 3 && c.recencyDays > 300);
    const mean = (xs: typeof recent) => xs.reduce((s, c) => s + c.pAlive, 0) / xs.length;
    expect(recent.length).toBeGreaterThan(5);
    expect(silent.length).toBeGreaterThan(5);
    expect(mean(recent)).toBeGreaterThan(mean(silent) + 0.3);
  });

  it('reports the three fits, and a validation whose sums agree with the data', () => {
    expect(result.fits.map((f) => f.model)).toEqual(['bgnbd', 'pareto-nbd', 'gamma-gamma']);
    const v = result.validation!;
    const cohort = stats.filter((s) => s.firstDay <= CAL_END);
    expect(v.customers).toBe(cohort.length);
    expect(v.actualHoldoutPurchases).toBe(cohort.reduce((s, c) => s + c.daysHoldout, 0));
    expect(v.holdoutPeriods).toBeCloseTo(26, 12);
    expect(v.conditionalExpectation.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(v.conditionalExpectation.at(-1)!.orMore).toBe(true);
    expect(v.conditionalExpectation.reduce((s, r) => s + r.customers, 0)).toBe(cohort.length);
    // Cumulative actual repeat purchases end at the cohort's total.
    const totalRepeats = [...repeatsByDay.values()].reduce((a, b) => a + b, 0);
    expect(v.cumulative.at(-1)!.actual).toBe(totalRepeats);
    expect(v.cumulative.at(-1)!.date).toBe(new Date(AS_OF * 86_400_000).toISOString().slice(0, 10));
    // Data drawn from BG/NBD: the model predicts the holdout better than the simple formula.
    const mae = Object.fromEntries(v.errors.map((e) => [e.model, e.mae]));
    expect(mae.bgnbd).toBeLessThan(mae.heuristic!);
    expect(v.best).not.toBe('heuristic');
  });

  it('uses Pareto/NBD for predictions when the workspace says so', () => {
    const pareto = computePortfolio({
      stats,
      asOfDay: AS_OF,
      calibrationEndDay: null,
      repeatsByDay,
      settings: { ...SETTINGS, transactionModel: 'pareto-nbd' },
    });
    expect(pareto.validation).toBeNull();
    const differing = pareto.customers.filter(
      (c, i) => Math.abs(c.pAlive - result.customers[i]!.pAlive) > 1e-6,
    );
    expect(differing.length).toBeGreaterThan(100);
  });

  it('computes each CLV as the monthly sum of the fitted model’s expected purchases times the expected spend', () => {
    const [bg, , gg] = result.fits as [
      { params: { r: number; alpha: number; a: number; b: number } },
      unknown,
      { params: { p: number; q: number; v: number } },
    ];
    for (const i of [0, 7, 123, 2_500]) {
      const c = result.customers[i]!;
      const summary = { x: c.frequency, tx: c.recency, T: c.age };
      const s = stats[i]!;
      const mx = c.frequency > 0 ? s.repeatSpendMinor / c.frequency / 100 : 0;
      const spendMinor = gammaGammaExpectedSpend(gg.params, { x: c.frequency, mx }) * 100;
      const perSpend = clv({
        expectedPurchases: (t) => bgnbdExpectedPurchases(bg.params, t, summary),
        expectedSpend: 1,
        unitsPerMonth: UNITS_PER_MONTH.week,
        horizonMonths: 12,
        monthlyDiscountRate: 0.01,
      });
      expect(Math.abs(c.clvMinor - perSpend * spendMinor)).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(c.expectedPurchases12m).toBeCloseTo(
        bgnbdExpectedPurchases(bg.params, 12 * UNITS_PER_MONTH.week, summary),
        10,
      );
    }
  });

  it('fits a large population on a systematic sample, scores everyone, and says so', () => {
    const sampled = computePortfolio({
      stats,
      asOfDay: AS_OF,
      calibrationEndDay: CAL_END,
      repeatsByDay,
      settings: SETTINGS,
      fitSampleCustomers: 1_500,
    });
    expect(sampled.customers).toHaveLength(stats.length);
    const [bg, pareto] = sampled.fits;
    for (const f of [bg!, pareto!]) {
      expect(f.n).toBe(1_500);
      expect(f.message).toContain('Fitted on a systematic sample of 1,500 of the 4,000 customers');
    }
    const cohort = stats.filter((s) => s.firstDay <= CAL_END).length;
    expect(sampled.validation!.fits[0]!.message).toContain(`of the ${cohort.toLocaleString('en')} customers`);
    // The sample's estimate of the mean purchase rate r/α is near the estimate on everyone.
    const rate = (f: typeof bg) => f!.params.r! / f!.params.alpha!;
    expect(Math.abs(rate(bg) / rate(result.fits[0]) - 1)).toBeLessThan(0.2);
    // The spend model still sees every repeat buyer.
    expect(sampled.fits[2]!.n).toBe(result.fits[2]!.n);
  });

  it('refuses to fit too little data, saying how much there is', () => {
    const few = simulate(MIN_CUSTOMERS - 1, 9);
    expect(() =>
      computePortfolio({ ...few, asOfDay: AS_OF, calibrationEndDay: CAL_END, settings: SETTINGS }),
    ).toThrow(PortfolioError);
    expect(() =>
      computePortfolio({ ...few, asOfDay: AS_OF, calibrationEndDay: CAL_END, settings: SETTINGS }),
    ).toThrow(/this workspace has 19/);
  });
});
