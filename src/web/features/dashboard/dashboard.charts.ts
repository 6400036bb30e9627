import type { Channel } from '../../../shared/contracts/common.js';
import type { Dashboard } from '../../../shared/contracts/dashboard.js';
import { CHANNEL_LABELS } from '../../../shared/contracts/touchpoints.js';
import type { Formatter } from '../../lib/format.js';

/**
 * The dashboard's ECharts options, built from the API's series by pure functions so the axis
 * labels, tooltips and screen-reader summaries are tested without drawing anything. Every
 * label goes through the workspace's locale, time zone and currency.
 */

type Fmt = Pick<Formatter, 'locale' | 'number' | 'money'>;
type Week = Dashboard['newCustomersByWeek'][number];
type Month = Dashboard['revenueByMonth'][number];
type ChannelCount = Dashboard['touchpointsByChannel'][number];

/** What ECharts hands an axis-trigger tooltip formatter (the fields used here). */
export type AxisParams = { dataIndex: number } | { dataIndex: number }[];

export const firstIndex = (params: AxisParams) =>
  Array.isArray(params) ? (params[0]?.dataIndex ?? 0) : params.dataIndex;

// ECharts 6's replacement for `containLabel`: axis labels fit inside the box, never clipped.
export const GRID = {
  left: 8,
  right: 16,
  top: 16,
  bottom: 8,
  outerBoundsMode: 'same',
  outerBoundsContain: 'axisLabel',
} as const;
export const AXIS_LABEL = { color: '#495057', fontSize: 11 } as const;
export const SPLIT_LINE = { lineStyle: { color: '#e9ecef' } } as const;

/** A calendar day string (`2026-03-02`) as a UTC instant, so no time zone moves it to the 1st. */
const day = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);
/** `2026-03` → the month's first day. */
const monthStart = (isoMonth: string) => day(`${isoMonth}-01`);

/**
 * A week's axis label: its Monday, short, in the workspace locale.
 * @example weekLabel('2026-03-02', 'en-GB') === '2 Mar'; weekLabel('2026-03-02', 'en-US') === 'Mar 2'
 */
export function weekLabel(weekStart: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    day(weekStart),
  );
}

/** The week's Monday in full for tooltips. @example weekTitle('2026-03-02', 'en-GB') === 'Week of 2 Mar 2026' */
export function weekTitle(weekStart: string, locale: string): string {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    day(weekStart),
  );
  return `Week of ${date}`;
}

/** @example monthLabel('2026-03', 'en-GB') === 'Mar 26' */
export function monthLabel(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    monthStart(month),
  );
}

/** @example monthTitle('2026-03', 'en-GB') === 'March 2026' */
export function monthTitle(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    monthStart(month),
  );
}

/**
 * Money short enough for an axis: integer minor units in the currency's own decimals, compact
 * (`€12.5k`) where the locale abbreviates.
 * @example compactMoney(1_250_000, 'EUR', 'en-GB') === '€12.5k'; compactMoney(50_000, 'EUR', 'en-GB') === '€500'
 */
export function compactMoney(minor: number, currency: string, locale: string): string {
  try {
    const major = minor / minorPerMajor(currency);
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: Math.abs(major) < 1000 ? 0 : 1,
    }).format(major);
  } catch {
    return `${currency} ${minor}`;
  }
}

/**
 * Minor units in one unit of the currency (100 for EUR, 1 for JPY, 1000 for KWD); 100 when the
 * code is unknown.
 */
export function minorPerMajor(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return 10 ** (digits ?? 2);
  } catch {
    return 100;
  }
}

export type NewCustomersOption = {
  grid: typeof GRID;
  tooltip: { trigger: 'axis'; formatter: (params: AxisParams) => string };
  xAxis: { type: 'category'; data: string[]; axisLabel: typeof AXIS_LABEL & { hideOverlap: boolean } };
  yAxis: {
    type: 'value';
    minInterval: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (value: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  series: { type: 'bar'; name: string; data: number[]; itemStyle: { color: string }; barMaxWidth: number }[];
};

/** New customers per week as bars; the x axis names each week by its Monday in the workspace locale. */
export function newCustomersOption(weeks: readonly Week[], fmt: Fmt): NewCustomersOption {
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const week = weeks[firstIndex(params)];
        return week ? `${weekTitle(week.weekStart, fmt.locale)}<br/>${fmt.number(week.count)} new` : '';
      },
    },
    xAxis: {
      type: 'category',
      data: weeks.map((w) => weekLabel(w.weekStart, fmt.locale)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (value) => fmt.number(value) },
      splitLine: SPLIT_LINE,
    },
    series: [
      {
        type: 'bar',
        name: 'New customers',
        data: weeks.map((w) => w.count),
        itemStyle: { color: '#1c7ed6' },
        barMaxWidth: 28,
      },
    ],
  };
}

/** What the new-customers chart shows, in words, for screen readers. */
export function newCustomersLabel(weeks: readonly Week[], fmt: Fmt): string {
  const first = weeks[0];
  if (!first) return 'New customers per week: no data.';
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  const best = weeks.reduce((a, b) => (b.count > a.count ? b : a), first);
  const date = (w: Week) =>
    new Intl.DateTimeFormat(fmt.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(day(w.weekStart));
  const since = date(first);
  const peak = total > 0 ? `, most in the week of ${date(best)} (${fmt.number(best.count)})` : '';
  return `New customers per week over the last ${weeks.length} weeks since ${since}: ${fmt.number(total)} in total${peak}.`;
}

export type RevenueOption = {
  grid: typeof GRID;
  tooltip: { trigger: 'axis'; formatter: (params: AxisParams) => string };
  xAxis: { type: 'category'; data: string[]; axisLabel: typeof AXIS_LABEL & { hideOverlap: boolean } };
  yAxis: {
    type: 'value';
    minInterval: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (value: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  series: { type: 'bar'; name: string; data: number[]; itemStyle: { color: string }; barMaxWidth: number }[];
};

/**
 * Revenue per month as bars. Values stay integer minor units (so ECharts' ticks are in cents);
 * the axis shows compact money and the tooltip the exact amount through `fmt.money`.
 */
export function revenueOption(months: readonly Month[], currency: string, fmt: Fmt): RevenueOption {
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const m = months[firstIndex(params)];
        if (!m) return '';
        const orders = `${fmt.number(m.orders)} ${m.orders === 1 ? 'order' : 'orders'}`;
        return `${monthTitle(m.month, fmt.locale)}<br/>${fmt.money(m.revenueMinor, currency)} · ${orders}`;
      },
    },
    xAxis: {
      type: 'category',
      data: months.map((m) => monthLabel(m.month, fmt.locale)),
      axisLabel: { ...AXIS_LABEL, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      // Ticks at whole units of money: an all-zero year would otherwise be ticked in cents,
      // every label reading "€0".
      minInterval: minorPerMajor(currency),
      axisLabel: { ...AXIS_LABEL, formatter: (value) => compactMoney(value, currency, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    series: [
      {
        type: 'bar',
        name: 'Revenue',
        data: months.map((m) => m.revenueMinor),
        itemStyle: { color: '#0c8599' },
        barMaxWidth: 36,
      },
    ],
  };
}

/** What the revenue chart shows, in words. */
export function revenueLabel(months: readonly Month[], currency: string, fmt: Fmt): string {
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return 'Revenue per month: no data.';
  const total = months.reduce((sum, m) => sum + m.revenueMinor, 0);
  return (
    `Revenue per month in ${currency}, ${monthTitle(first.month, fmt.locale)} to ${monthTitle(last.month, fmt.locale)}: ` +
    `${fmt.money(total, currency)} in total, ${fmt.money(last.revenueMinor, currency)} this month.`
  );
}

export type TouchpointsOption = {
  grid: typeof GRID;
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: AxisParams) => string };
  xAxis: {
    type: 'value';
    minInterval: number;
    axisLabel: typeof AXIS_LABEL & { formatter: (value: number) => string };
    splitLine: typeof SPLIT_LINE;
  };
  yAxis: { type: 'category'; inverse: boolean; data: string[]; axisLabel: typeof AXIS_LABEL };
  series: {
    type: 'bar';
    name: string;
    data: { value: number; itemStyle: { color: string } }[];
    barMaxWidth: number;
    cursor: string;
  }[];
};

/**
 * Touch points per channel as horizontal bars, most first from the top, each bar in its
 * channel's colour (`colorOf` resolves it, so this module needs no theme).
 */
export function touchpointsOption(
  rows: readonly ChannelCount[],
  fmt: Fmt,
  colorOf: (channel: Channel) => string,
): TouchpointsOption {
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const row = rows[firstIndex(params)];
        return row
          ? `${CHANNEL_LABELS[row.channel]}: ${fmt.number(row.count)} touch points<br/>Click for its customers`
          : '';
      },
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (value) => fmt.number(value) },
      splitLine: SPLIT_LINE,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => CHANNEL_LABELS[r.channel]),
      axisLabel: AXIS_LABEL,
    },
    series: [
      {
        type: 'bar',
        name: 'Touch points',
        data: rows.map((r) => ({ value: r.count, itemStyle: { color: colorOf(r.channel) } })),
        barMaxWidth: 18,
        cursor: 'pointer',
      },
    ],
  };
}

/** What the channel chart shows, in words. */
export function touchpointsLabel(rows: readonly ChannelCount[], activeDays: number, fmt: Fmt): string {
  if (rows.length === 0) return `Touch points by channel in the last ${activeDays} days: none.`;
  const parts = rows.map((r) => `${CHANNEL_LABELS[r.channel]} ${fmt.number(r.count)}`).join(', ');
  return `Touch points by channel in the last ${activeDays} days: ${parts}.`;
}
