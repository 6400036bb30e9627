import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../lib/format.js';
import {
  compactMoney,
  monthLabel,
  newCustomersLabel,
  newCustomersOption,
  revenueLabel,
  revenueOption,
  touchpointsLabel,
  touchpointsOption,
  weekLabel,
} from './dashboard.charts.js';

const gb = createFormatter('en-GB', 'Europe/London', 'EUR');
const us = createFormatter('en-US', 'America/New_York', 'USD');
const de = createFormatter('de-DE', 'Europe/Berlin', 'EUR');

const weeks = [
  { weekStart: '2026-02-23', count: 4 },
  { weekStart: '2026-03-02', count: 0 },
  { weekStart: '2026-03-09', count: 12 },
];

const months = [
  { month: '2026-01', revenueMinor: 1_234_550, orders: 31 },
  { month: '2026-02', revenueMinor: 0, orders: 0 },
  { month: '2026-03', revenueMinor: 98_000, orders: 1 },
];

describe('week and month labels', () => {
  it('labels weeks by their Monday in the workspace locale, never shifted by the time zone', () => {
    expect(weekLabel('2026-03-02', 'en-GB')).toBe('2 Mar');
    expect(weekLabel('2026-03-02', 'en-US')).toBe('Mar 2');
    expect(weekLabel('2026-03-02', 'de-DE')).toBe('2. März');
    expect(newCustomersOption(weeks, us).xAxis.data).toEqual(['Feb 23', 'Mar 2', 'Mar 9']);
  });

  it('labels months with a short year', () => {
    expect(monthLabel('2026-03', 'en-GB')).toBe('Mar 26');
    expect(revenueOption(months, 'EUR', de).xAxis.data).toEqual(['Jan. 26', 'Feb. 26', 'März 26']);
  });
});

describe('newCustomersOption', () => {
  it('keeps zero-filled weeks at zero (not gaps)', () => {
    expect(newCustomersOption(weeks, gb).series[0]?.data).toEqual([4, 0, 12]);
  });

  it('tooltips the full week date and the count', () => {
    const tooltip = newCustomersOption(weeks, gb).tooltip.formatter([{ dataIndex: 2 }]);
    expect(tooltip).toBe('Week of 9 Mar 2026<br/>12 new');
  });

  it('describes the series for screen readers', () => {
    expect(newCustomersLabel(weeks, gb)).toBe(
      'New customers per week over the last 3 weeks since 23 Feb 2026: 16 in total, most in the week of 9 Mar 2026 (12).',
    );
    expect(newCustomersLabel([{ weekStart: '2026-03-02', count: 0 }], gb)).toBe(
      'New customers per week over the last 1 weeks since 2 Mar 2026: 0 in total.',
    );
  });
});

describe('revenueOption', () => {
  it('keeps minor units as the data and zero months at zero', () => {
    expect(revenueOption(months, 'EUR', gb).series[0]?.data).toEqual([1_234_550, 0, 98_000]);
  });

  it('labels the axis with money in the workspace currency and locale', () => {
    const format = revenueOption(months, 'EUR', gb).yAxis.axisLabel.formatter;
    expect(format(0)).toBe('€0');
    expect(format(50_000)).toBe('€500');
    expect(format(1_250_000)).toBe('€12.5k');
    expect(format(123_456_789)).toBe('€1.2m');
    expect(revenueOption(months, 'EUR', de).yAxis.axisLabel.formatter(1_250_000)).toBe('12.500\u00a0€');
    // JPY has no minor unit: 5000 minor units are ¥5,000.
    expect(revenueOption(months, 'JPY', gb).yAxis.axisLabel.formatter(5000)).toBe('JP¥5k');
  });

  it('ticks the axis in whole units of the currency', () => {
    expect(revenueOption(months, 'EUR', gb).yAxis.minInterval).toBe(100);
    expect(revenueOption(months, 'JPY', gb).yAxis.minInterval).toBe(1);
    expect(revenueOption(months, 'KWD', gb).yAxis.minInterval).toBe(1000);
  });

  it('tooltips the exact amount and the number of orders', () => {
    const tooltip = revenueOption(months, 'EUR', gb).tooltip.formatter([{ dataIndex: 0 }]);
    expect(tooltip).toBe('January 2026<br/>€12,345.50 · 31 orders');
    expect(revenueOption(months, 'EUR', gb).tooltip.formatter([{ dataIndex: 2 }])).toBe(
      'March 2026<br/>€980.00 · 1 order',
    );
  });

  it('describes the series for screen readers', () => {
    expect(revenueLabel(months, 'EUR', gb)).toBe(
      'Revenue per month in EUR, January 2026 to March 2026: €13,325.50 in total, €980.00 this month.',
    );
  });
});

describe('compactMoney', () => {
  it('falls back to code and minor units for an unknown currency', () => {
    expect(compactMoney(100, 'XX1', 'en-GB')).toBe('XX1 100');
  });
});

describe('touchpointsOption', () => {
  const rows = [
    { channel: 'front_desk' as const, count: 1200 },
    { channel: 'email' as const, count: 300 },
  ];

  it('lists channels by their labels, most first from the top, each in its colour', () => {
    const option = touchpointsOption(rows, gb, (c) => `colour-of-${c}`);
    expect(option.yAxis.data).toEqual(['Front desk', 'E-mail']);
    expect(option.yAxis.inverse).toBe(true);
    expect(option.series[0]?.data).toEqual([
      { value: 1200, itemStyle: { color: 'colour-of-front_desk' } },
      { value: 300, itemStyle: { color: 'colour-of-email' } },
    ]);
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toBe(
      'Front desk: 1,200 touch points<br/>Click for its customers',
    );
  });

  it('describes the bars for screen readers', () => {
    expect(touchpointsLabel(rows, 90, gb)).toBe(
      'Touch points by channel in the last 90 days: Front desk 1,200, E-mail 300.',
    );
    expect(touchpointsLabel([], 90, gb)).toBe('Touch points by channel in the last 90 days: none.');
  });
});
