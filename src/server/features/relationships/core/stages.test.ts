import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../../shared/contracts/relationships.js';
import {
  applyStage,
  churnCount,
  DEFAULT_STAGE_THRESHOLDS,
  type StageEpisode,
  type StageInput,
  type StageThresholds,
  stageAt,
  stageFlows,
} from './stages.js';

/** A settled customer: long tenure, steady purchases, clearly alive — maturity by the rules. */
const MATURE: StageInput = {
  tenureDays: 1000,
  purchases: 20,
  recentPurchases: 4,
  previousPurchases: 4,
  recencyDays: 30,
  pAlive: 0.9,
  previous: null,
};
const at = (over: Partial<StageInput>, thresholds: Partial<StageThresholds> = {}) =>
  stageAt({ ...MATURE, ...over }, thresholds);

describe('stageAt rules', () => {
  it('is maturity for a steady customer', () => {
    expect(at({})).toBe('maturity');
  });

  it('is lapsed when P(alive) is below the threshold', () => {
    expect(at({ pAlive: 0.29 })).toBe('lapsed');
    expect(at({ pAlive: 0.3 })).toBe('maturity');
  });

  it('uses recency only when P(alive) is unknown', () => {
    expect(at({ pAlive: null, recencyDays: 365 })).toBe('lapsed');
    expect(at({ pAlive: null, recencyDays: 364 })).toBe('maturity');
    // The model says alive: a long silence alone does not make the customer lapsed.
    expect(at({ pAlive: 0.9, recencyDays: 400 })).toBe('maturity');
  });

  it('is courtship for a new customer with at most two purchases', () => {
    expect(at({ tenureDays: 89, purchases: 2, recentPurchases: 2, previousPurchases: 0 })).toBe('courtship');
    expect(at({ tenureDays: 0, purchases: 1, recentPurchases: 1, previousPurchases: 0 })).toBe('courtship');
    expect(at({ tenureDays: 90, purchases: 2, recentPurchases: 2, previousPurchases: 0 })).toBe('growth');
  });

  it('ends courtship at the third purchase, but growth still needs the courtship tenure', () => {
    expect(at({ tenureDays: 60, purchases: 3, recentPurchases: 3, previousPurchases: 0 })).toBe('maturity');
  });

  it('is decline when recent purchases fall below half of the previous window', () => {
    expect(at({ recentPurchases: 1, previousPurchases: 4 })).toBe('decline');
    expect(at({ recentPurchases: 2, previousPurchases: 4 })).toBe('maturity');
  });

  it('needs at least two previous purchases for decline', () => {
    expect(at({ recentPurchases: 0, previousPurchases: 1 })).toBe('maturity');
    expect(at({ recentPurchases: 0, previousPurchases: 2 })).toBe('decline');
  });

  it('is growth when recent purchases exceed the previous window', () => {
    expect(at({ recentPurchases: 5, previousPurchases: 4 })).toBe('growth');
    expect(at({ recentPurchases: 4, previousPurchases: 4 })).toBe('maturity');
  });

  it('is won_back when a lapsed customer is active again', () => {
    expect(at({ previous: 'lapsed' })).toBe('won_back');
    expect(at({ previous: 'lapsed', pAlive: 0.1 })).toBe('lapsed');
    expect(at({ previous: 'decline' })).toBe('maturity');
  });

  it('rejects impossible inputs', () => {
    expect(() => at({ tenureDays: -1 })).toThrow(RangeError);
    expect(() => at({ recentPurchases: Number.NaN })).toThrow(RangeError);
    expect(() => at({ pAlive: 1.2 })).toThrow(RangeError);
    expect(() => at({ pAlive: Number.NaN })).toThrow(RangeError);
  });
});

describe('stageAt precedence', () => {
  it('puts lapsed before courtship', () => {
    expect(at({ tenureDays: 10, purchases: 1, pAlive: 0.1 })).toBe('lapsed');
    expect(at({ tenureDays: 10, purchases: 1, pAlive: null, recencyDays: 365 })).toBe('lapsed');
  });

  it('puts courtship before decline and growth', () => {
    expect(at({ tenureDays: 50, purchases: 2, recentPurchases: 0, previousPurchases: 2 })).toBe('courtship');
    expect(at({ tenureDays: 50, purchases: 2, recentPurchases: 2, previousPurchases: 0 })).toBe('courtship');
  });

  it('puts courtship before won_back', () => {
    expect(at({ tenureDays: 50, purchases: 2, previous: 'lapsed' })).toBe('courtship');
  });

  it('puts won_back from lapsed before decline and growth', () => {
    expect(at({ previous: 'lapsed', recentPurchases: 1, previousPurchases: 4 })).toBe('won_back');
    expect(at({ previous: 'lapsed', recentPurchases: 6, previousPurchases: 1 })).toBe('won_back');
  });

  it('lets a won-back customer who declines leave won_back', () => {
    expect(at({ previous: 'won_back', recentPurchases: 1, previousPurchases: 4 })).toBe('decline');
    expect(at({ previous: 'won_back', pAlive: 0.2 })).toBe('lapsed');
  });
});

describe('stageAt thresholds', () => {
  it('defaults to the documented values', () => {
    expect(DEFAULT_STAGE_THRESHOLDS).toEqual({
      courtshipDays: 90,
      lapsedPAlive: 0.3,
      lapsedRecencyDays: 365,
      declineRatio: 0.5,
      wonBackDays: 180,
    });
  });

  it('honours each override and keeps the defaults for the rest', () => {
    const newish = { tenureDays: 50, purchases: 2, recentPurchases: 2, previousPurchases: 0 };
    expect(at(newish)).toBe('courtship');
    expect(at(newish, { courtshipDays: 30 })).toBe('growth');

    expect(at({ pAlive: 0.4 })).toBe('maturity');
    expect(at({ pAlive: 0.4 }, { lapsedPAlive: 0.5 })).toBe('lapsed');

    expect(at({ pAlive: null, recencyDays: 200 })).toBe('maturity');
    expect(at({ pAlive: null, recencyDays: 200 }, { lapsedRecencyDays: 180 })).toBe('lapsed');

    expect(at({ recentPurchases: 3, previousPurchases: 5 })).toBe('maturity');
    expect(at({ recentPurchases: 3, previousPurchases: 5 }, { declineRatio: 0.8 })).toBe('decline');
    // Overriding one threshold leaves the others at their defaults.
    expect(at({ recentPurchases: 1, previousPurchases: 4, pAlive: 0.35 }, { declineRatio: 0.8 })).toBe(
      'decline',
    );

    expect(at({ previous: 'won_back', recencyDays: 100 })).toBe('won_back');
    expect(at({ previous: 'won_back', recencyDays: 100 }, { wonBackDays: 90 })).toBe('maturity');
  });
});

describe('won back', () => {
  it('is entered from lapsed and left once the customer has not bought for 180 days', () => {
    const back = at({ previous: 'lapsed', recencyDays: 5 });
    expect(back).toBe('won_back');
    const still = at({ previous: back, recencyDays: 179, recentPurchases: 5, previousPurchases: 4 });
    expect(still).toBe('won_back');
    expect(at({ previous: still, recencyDays: 180, recentPurchases: 5, previousPurchases: 4 })).toBe(
      'growth',
    );
    expect(at({ previous: still, recencyDays: 180 })).toBe('maturity');
  });

  it('counts lapse → won back → lapse as two churns', () => {
    // Evaluations of one customer, each fed the stage the previous one produced.
    const timeline: [string, Partial<StageInput>][] = [
      ['2023-01-01', {}],
      ['2023-04-01', { recentPurchases: 1, previousPurchases: 4 }],
      ['2023-07-01', { pAlive: 0.2, recencyDays: 200 }],
      ['2023-10-01', { pAlive: 0.8, recencyDays: 3 }],
      ['2024-01-01', { pAlive: 0.8, recencyDays: 60 }],
      ['2024-07-01', { pAlive: 0.25, recencyDays: 240 }],
      ['2024-10-01', { pAlive: 0.2, recencyDays: 330 }],
    ];
    let episodes: StageEpisode[] = [];
    let previous: LifecycleStage | null = null;
    for (const [date, over] of timeline) {
      const stage = at({ ...over, previous });
      episodes = applyStage(episodes, stage, date).episodes;
      previous = stage;
    }
    expect(episodes.map((e) => e.stage)).toEqual(['maturity', 'decline', 'lapsed', 'won_back', 'lapsed']);
    expect(churnCount(episodes)).toBe(2);
  });

  it('counts adjacent lapsed episodes as one churn and none without lapse', () => {
    const ep = (stage: LifecycleStage, from: string, to: string | null): StageEpisode => ({
      stage,
      from,
      to,
    });
    expect(churnCount([ep('maturity', '2024-01-01', '2024-02-01'), ep('lapsed', '2024-02-01', null)])).toBe(
      1,
    );
    expect(churnCount([ep('lapsed', '2024-01-01', '2024-02-01'), ep('lapsed', '2024-02-01', null)])).toBe(1);
    expect(churnCount([ep('growth', '2024-01-01', null)])).toBe(0);
    expect(churnCount([])).toBe(0);
  });
});

describe('applyStage', () => {
  it('opens the first episode on an empty list', () => {
    expect(applyStage([], 'courtship', '2024-01-10')).toEqual({
      episodes: [{ stage: 'courtship', from: '2024-01-10', to: null }],
      changed: true,
    });
  });

  it('closes the open episode and opens a new one when the stage changes', () => {
    const first = applyStage([], 'courtship', '2024-01-10').episodes;
    const result = applyStage(first, 'growth', '2024-04-10');
    expect(result).toEqual({
      episodes: [
        { stage: 'courtship', from: '2024-01-10', to: '2024-04-10' },
        { stage: 'growth', from: '2024-04-10', to: null },
      ],
      changed: true,
    });
    // The input is left as it was.
    expect(first).toEqual([{ stage: 'courtship', from: '2024-01-10', to: null }]);
  });

  it('is a no-op on the same stage', () => {
    const episodes = applyStage([], 'maturity', '2024-01-10').episodes;
    const result = applyStage(episodes, 'maturity', '2024-06-01');
    expect(result.changed).toBe(false);
    expect(result.episodes).toEqual(episodes);
  });

  it('throws a RangeError when the date is before the open episode', () => {
    const episodes = applyStage([], 'maturity', '2024-01-10').episodes;
    expect(() => applyStage(episodes, 'decline', '2024-01-09')).toThrow(RangeError);
    expect(() => applyStage(episodes, 'maturity', '2024-01-09')).toThrow(RangeError);
    expect(() => applyStage(episodes, 'decline', '2024-01-10')).not.toThrow();
  });

  it('rejects malformed dates and a list without an open episode', () => {
    expect(() => applyStage([], 'maturity', '10/01/2024')).toThrow(RangeError);
    const closed: StageEpisode[] = [{ stage: 'maturity', from: '2024-01-01', to: '2024-02-01' }];
    expect(() => applyStage(closed, 'decline', '2024-03-01')).toThrow(RangeError);
  });

  it('keeps episodes contiguous with exactly one open episode, the last', () => {
    const DAY_MS = 86_400_000;
    const start = Date.UTC(2020, 0, 1);
    const steps = fc.array(
      fc.record({ stage: fc.constantFrom(...LIFECYCLE_STAGES), gapDays: fc.integer({ min: 0, max: 400 }) }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(steps, (list) => {
        let episodes: StageEpisode[] = [];
        let day = 0;
        for (const { stage, gapDays } of list) {
          day += gapDays;
          const onDate = new Date(start + day * DAY_MS).toISOString().slice(0, 10);
          const before = episodes.at(-1)?.stage;
          const result = applyStage(episodes, stage, onDate);
          expect(result.changed).toBe(before !== stage);
          episodes = result.episodes;
        }
        expect(episodes.filter((e) => e.to === null)).toHaveLength(1);
        expect(episodes.at(-1)?.to).toBeNull();
        expect(episodes.at(-1)?.stage).toBe(list.at(-1)?.stage);
        for (let i = 0; i + 1 < episodes.length; i++) {
          const current = episodes[i]!;
          const next = episodes[i + 1]!;
          expect(current.to).toBe(next.from);
          expect(current.from <= next.from).toBe(true);
          expect(current.stage).not.toBe(next.stage);
        }
      }),
    );
  });
});

describe('stageFlows', () => {
  const ep = (stage: LifecycleStage, from: string, to: string | null = null): StageEpisode => ({
    stage,
    from,
    to,
  });
  const customers = new Map<string, StageEpisode[]>([
    ['a', [ep('courtship', '2023-11-01', '2024-02-01'), ep('growth', '2024-02-01')]],
    [
      'b',
      [
        ep('maturity', '2022-01-01', '2024-03-01'),
        ep('decline', '2024-03-01', '2024-05-01'),
        ep('lapsed', '2024-05-01'),
      ],
    ],
    ['c', [ep('maturity', '2023-01-01')]],
    ['d', [ep('courtship', '2023-12-15', '2024-03-15'), ep('growth', '2024-03-15')]],
    // Not yet a customer on the start date: skipped.
    ['e', [ep('courtship', '2024-02-01')]],
    // Episodes starting exactly on the dates: `from` is inclusive, `to` exclusive.
    [
      'f',
      [
        ep('lapsed', '2023-01-01', '2024-01-01'),
        ep('won_back', '2024-01-01', '2024-07-01'),
        ep('maturity', '2024-07-01'),
      ],
    ],
  ]);

  it('counts customers per (from, to) pair, sorted by count then names', () => {
    expect(stageFlows(customers.values(), '2024-01-01', '2024-07-01')).toEqual([
      { from: 'courtship', to: 'growth', customers: 2 },
      { from: 'maturity', to: 'lapsed', customers: 1 },
      { from: 'maturity', to: 'maturity', customers: 1 },
      { from: 'won_back', to: 'maturity', customers: 1 },
    ]);
  });

  it('includes every customer present on the start date when both dates are equal', () => {
    // a has just entered growth and e courtship: both start on the date, so both count.
    expect(stageFlows(customers.values(), '2024-02-01', '2024-02-01')).toEqual([
      { from: 'courtship', to: 'courtship', customers: 2 },
      { from: 'maturity', to: 'maturity', customers: 2 },
      { from: 'growth', to: 'growth', customers: 1 },
      { from: 'won_back', to: 'won_back', customers: 1 },
    ]);
  });

  it('is empty when nobody was a customer yet, and rejects reversed dates', () => {
    expect(stageFlows(customers.values(), '2021-01-01', '2024-07-01')).toEqual([]);
    expect(() => stageFlows(customers.values(), '2024-07-01', '2024-01-01')).toThrow(RangeError);
  });
});
