import { describe, expect, it } from 'vitest';
import {
  durationText,
  percentText,
  repurchaseBars,
  repurchaseLabel,
  repurchaseOption,
  researchText,
} from './recovery.charts.js';
import { analytics } from './test-fixtures.js';

const fmt = { locale: 'en-GB', number: (n: number) => new Intl.NumberFormat('en-GB').format(n) };

describe('words', () => {
  it('writes shares, research ranges and durations the way people read them', () => {
    expect(percentText(2 / 3, 'en-GB')).toBe('67%');
    expect(percentText(null, 'en-GB')).toBe('—');
    expect(researchText({ low: 0.54, high: 0.7 }, 'en-GB')).toBe('54–70%');
    expect(researchText({ low: 0.95, high: 0.95 }, 'en-GB')).toBe('95%');
    expect(durationText(0.5, 'en-GB')).toBe('30 min');
    expect(durationText(3, 'en-GB')).toBe('3 h');
    expect(durationText(19.6, 'en-GB')).toBe('19.6 h');
    expect(durationText(115.2, 'en-GB')).toBe('4.8 days');
    expect(durationText(1.5, 'de-DE')).toBe('1,5 h');
    expect(durationText(null, 'en-GB')).toBe('—');
  });
});

describe('repurchase chart', () => {
  const r = analytics().repurchase;

  it('puts the workspace’s groups beside the research, a range as its low end plus a band', () => {
    expect(repurchaseBars(r).map((b) => [b.name, b.low, b.high])).toEqual([
      ['Yours: resolved within 24 h', 0.85, 0.85],
      ['Yours: resolved later', 0.55, 0.55],
      ['Research: resolved', 0.54, 0.7],
      ['Research: resolved quickly', 0.95, 0.95],
    ]);
    const option = repurchaseOption(r, fmt) as {
      yAxis: { data: string[] };
      series: { data: { value: number }[] }[];
    };
    // Drawn bottom-up, so the first bar listed is at the top.
    expect(option.yAxis.data[3]).toBe('Yours: resolved within 24 h');
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([0.95, 0.54, 0.55, 0.85]);
    expect(option.series[1]?.data.map((d) => Math.round(d.value * 100) / 100)).toEqual([0, 0.16, 0, 0]);
  });

  it('says what it shows for screen readers, a group without customers included', () => {
    expect(repurchaseLabel(r, fmt)).toBe(
      'Bought again within 90 days: 85% of 40 customers resolved within 24 hours; 55% of 60 customers resolved later. Research: 54–70% when resolved, up to 95% when resolved quickly.',
    );
    const none = { ...r, slow: { customers: 0, repurchased: 0, rate: null, smallSample: true } };
    expect(repurchaseLabel(none, fmt)).toContain('; no customer resolved later.');
  });
});
