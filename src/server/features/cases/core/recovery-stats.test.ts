import { describe, expect, it } from 'vitest';
import {
  daysIn,
  hours,
  isPurchaseRateFalling,
  nextStep,
  per1000,
  priorPer90Days,
  repurchaseGroup,
  resolvePeriod,
  share,
} from './recovery-stats.js';

describe('resolvePeriod', () => {
  it('defaults to the 90 days up to today, or up to the `to` given', () => {
    expect(resolvePeriod({}, '2026-06-30')).toEqual({ from: '2026-04-02', to: '2026-06-30', problems: [] });
    expect(daysIn('2026-04-02', '2026-06-30')).toBe(90);
    expect(resolvePeriod({ to: '2026-03-31' }, '2026-06-30')).toMatchObject({ from: '2026-01-01' });
    expect(resolvePeriod({ from: '2026-06-01' }, '2026-06-30')).toMatchObject({
      from: '2026-06-01',
      to: '2026-06-30',
      problems: [],
    });
  });

  it('names `to` when it is before `from`, and `from` when it is after today', () => {
    expect(resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, '2026-06-30').problems).toEqual([
      { path: 'querystring.to', message: 'must not be before from' },
    ]);
    expect(resolvePeriod({ from: '2026-07-01' }, '2026-06-30').problems).toEqual([
      { path: 'querystring.from', message: 'must not be after today (2026-06-30)' },
    ]);
    // One day is a period.
    expect(resolvePeriod({ from: '2026-03-01', to: '2026-03-01' }, '2026-06-30').problems).toEqual([]);
  });

  it('allows at most two years (731 days, a leap day included)', () => {
    expect(resolvePeriod({ from: '2024-04-01', to: '2026-03-31' }, '2026-06-30').problems).toEqual([]);
    const [p] = resolvePeriod({ from: '2024-03-30', to: '2026-03-31' }, '2026-06-30').problems;
    expect(p).toEqual({
      path: 'querystring.from',
      message: 'the period must be at most two years (731 days); from 2024-03-30 to 2026-03-31 is 732',
    });
  });
});

describe('rates', () => {
  it('share and per1000 are null without a whole, per1000 to one decimal', () => {
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
    expect(per1000(3, 1200)).toBe(2.5);
    expect(per1000(1, 3)).toBe(333.3);
    expect(per1000(5, 0)).toBeNull();
    expect(per1000(0, 10)).toBe(0);
  });

  it('hours rounds seconds to a tenth of an hour', () => {
    expect(hours(5400)).toBe(1.5);
    expect(hours(70_560)).toBe(19.6);
    expect(hours(0)).toBe(0);
    expect(hours(null)).toBeNull();
  });

  it('flags a group of fewer than 30 customers as a small sample', () => {
    expect(repurchaseGroup(29, 20)).toEqual({
      customers: 29,
      repurchased: 20,
      rate: 20 / 29,
      smallSample: true,
    });
    expect(repurchaseGroup(30, 15)).toEqual({
      customers: 30,
      repurchased: 15,
      rate: 0.5,
      smallSample: false,
    });
    expect(repurchaseGroup(0, 0)).toEqual({ customers: 0, repurchased: 0, rate: null, smallSample: true });
  });
});

describe('isPurchaseRateFalling', () => {
  it('needs two orders before, and fewer than half the prior rate per 90 days now', () => {
    expect(priorPer90Days(365)).toBe(90);
    expect(isPurchaseRateFalling(0, 1)).toBe(false);
    expect(isPurchaseRateFalling(0, 2)).toBe(true);
    expect(isPurchaseRateFalling(1, 4)).toBe(false);
    expect(isPurchaseRateFalling(1, 12)).toBe(true);
    // 8 a year is about 1.97 per 90 days; half of it is 0.99, so one order is not a fall.
    expect(isPurchaseRateFalling(1, 8)).toBe(false);
    expect(isPurchaseRateFalling(0, 8)).toBe(true);
    // Exactly half is not below half: 730 in a year is 180 per 90 days.
    expect(isPurchaseRateFalling(90, 730)).toBe(false);
    expect(isPurchaseRateFalling(89, 730)).toBe(true);
  });
});

describe('nextStep', () => {
  it('follows the most recent signal', () => {
    expect(nextStep([{ kind: 'return', label: 'refunded', satisfaction: null }]).kind).toBe(
      'call_about_return',
    );
    expect(
      nextStep([
        { kind: 'negative_mention', label: 'C-000001', satisfaction: null },
        { kind: 'return', label: 'refunded', satisfaction: null },
      ]).kind,
    ).toBe('answer_review');
    expect(nextStep([{ kind: 'negative_review', label: 'review', satisfaction: 1 }]).kind).toBe(
      'answer_review',
    );
  });

  it('names the touch point rated and its score', () => {
    expect(nextStep([{ kind: 'low_satisfaction', label: 'check_out', satisfaction: 1 }])).toEqual({
      kind: 'call_about_visit',
      text: 'Call about the check out they rated 1/5: apologise and ask what would make it right.',
    });
    expect(nextStep([{ kind: 'low_satisfaction', label: 'visit', satisfaction: 2 }]).text).toBe(
      'Call about the visit they rated 2/5: apologise and ask what would make it right.',
    );
  });
});
