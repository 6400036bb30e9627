import { describe, expect, it } from 'vitest';
import { describeTrend, formatTrend, trendOf, trendTone } from './dashboard.trend.js';

describe('trendOf', () => {
  it('computes the direction, absolute change and ratio against the previous window', () => {
    expect(trendOf({ value: 110, previous: 100 })).toEqual({ direction: 'up', change: 10, ratio: 0.1 });
    expect(trendOf({ value: 75, previous: 100 })).toEqual({ direction: 'down', change: -25, ratio: -0.25 });
    expect(trendOf({ value: 40, previous: 40 })).toEqual({ direction: 'flat', change: 0, ratio: 0 });
  });

  it('has no ratio when there was nothing before, but still a direction', () => {
    expect(trendOf({ value: 5, previous: 0 })).toEqual({ direction: 'up', change: 5, ratio: null });
    expect(trendOf({ value: 0, previous: 0 })).toEqual({ direction: 'flat', change: 0, ratio: 0 });
  });
});

describe('trendTone', () => {
  it('is good when the measure moves the way that is good for it', () => {
    expect(trendTone('up', 'up')).toBe('good');
    expect(trendTone('down', 'up')).toBe('bad');
    // Lapsed customers: fewer is better.
    expect(trendTone('up', 'down')).toBe('bad');
    expect(trendTone('down', 'down')).toBe('good');
    expect(trendTone('flat', 'down')).toBe('neutral');
  });
});

describe('formatTrend', () => {
  it('shows a signed percentage in the locale', () => {
    expect(formatTrend(trendOf({ value: 110, previous: 100 }), 'en-GB')).toBe('+10%');
    expect(formatTrend(trendOf({ value: 90, previous: 100 }), 'en-GB')).toBe('-10%');
    expect(formatTrend(trendOf({ value: 1250, previous: 1000 }), 'de-DE')).toBe('+25\u00a0%');
  });

  it('keeps a decimal for small moves so they do not read as zero', () => {
    expect(formatTrend(trendOf({ value: 1004, previous: 1000 }), 'en-GB')).toBe('+0.4%');
  });

  it('falls back to the absolute change when the previous window was empty', () => {
    expect(formatTrend(trendOf({ value: 1200, previous: 0 }), 'en-GB')).toBe('+1,200');
  });

  it('says "no change" rather than "0%"', () => {
    expect(formatTrend(trendOf({ value: 0, previous: 0 }), 'en-GB')).toBe('no change');
  });
});

describe('describeTrend', () => {
  it('names what is compared', () => {
    expect(describeTrend(trendOf({ value: 110, previous: 100 }), 'en-GB', 'the 30 days before', 100)).toBe(
      'up 10% vs the 30 days before (100)',
    );
    expect(describeTrend(trendOf({ value: 3, previous: 0 }), 'en-GB', 'the 30 days before', 0)).toBe(
      'up by 3 vs the 30 days before (none)',
    );
    expect(describeTrend(trendOf({ value: 80, previous: 100 }), 'en-GB', '90 days ago', 100)).toBe(
      'down 20% vs 90 days ago (100)',
    );
  });
});
