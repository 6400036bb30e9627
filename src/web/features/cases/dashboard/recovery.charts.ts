import type {
  CaseAnalytics,
  ResearchFigure,
  SilentSignalKind,
} from '../../../../shared/contracts/case-analytics.js';
import type { ChartOption } from '../../../components/EChart.js';
import type { Formatter } from '../../../lib/format.js';
import { AXIS_LABEL, GRID, SPLIT_LINE } from '../../dashboard/dashboard.charts.js';

/**
 * The case dashboard's words and its one chart, built by pure functions so the figures people
 * read (and the chart's screen-reader sentence) are tested without drawing anything.
 */

type Fmt = Pick<Formatter, 'locale' | 'number'>;
type Repurchase = CaseAnalytics['repurchase'];

/** @example percentText(0.666, 'en-GB') === '67%'; percentText(null, 'en-GB') === '—' */
export function percentText(share: number | null, locale: string): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * A duration in hours as people say it: minutes under an hour, hours under two days, days after.
 * @example durationText(0.5, 'en-GB') === '30 min'; durationText(19.6, 'en-GB') === '19.6 h'; durationText(115.2, 'en-GB') === '4.8 days'
 */
export function durationText(hours: number | null, locale: string): string {
  if (hours === null) return '—';
  const n = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (hours < 1) return `${n(Math.round(hours * 60), 0)} min`;
  if (hours < 48) return `${n(hours, 1)} h`;
  return `${n(hours / 24, 1)} days`;
}

/** A research figure as a share or a range. @example researchText({ low: 0.54, high: 0.7 }, 'en-GB') === '54–70%' */
export function researchText(f: Pick<ResearchFigure, 'low' | 'high'>, locale: string): string {
  if (f.low === f.high) return percentText(f.low, locale);
  return `${percentText(f.low, locale).replace('%', '')}–${percentText(f.high, locale)}`;
}

export const SIGNAL_LABELS: Record<SilentSignalKind, string> = {
  low_satisfaction: 'Low rating',
  negative_review: 'Negative review',
  negative_mention: 'Negative mention',
  return: 'Return',
};

/** The bars, in the order drawn from the top: the workspace's two groups, then the research. */
export function repurchaseBars(r: Repurchase) {
  const research = (id: string) => r.research.find((f) => f.id === id);
  const resolved = research('resolved');
  const quickly = research('resolvedQuickly');
  return [
    {
      key: 'fast',
      name: `Yours: resolved within ${r.fastHours} h`,
      low: r.fast.rate,
      high: r.fast.rate,
      ours: true,
    },
    { key: 'slow', name: `Yours: resolved later`, low: r.slow.rate, high: r.slow.rate, ours: true },
    ...(resolved
      ? [{ key: 'resolved', name: 'Research: resolved', low: resolved.low, high: resolved.high, ours: false }]
      : []),
    ...(quickly
      ? [
          {
            key: 'quickly',
            name: 'Research: resolved quickly',
            low: quickly.low,
            high: quickly.high,
            ours: false,
          },
        ]
      : []),
  ];
}

/**
 * What the chart says, for screen readers.
 * @example 'Bought again within 90 days: 100% of 1 customer resolved within 24 hours; 50% of 2 customers resolved later. Research: 54–70% when resolved, up to 95% when resolved quickly.'
 */
export function repurchaseLabel(r: Repurchase, fmt: Fmt): string {
  const group = (g: Repurchase['fast'], how: string) =>
    g.rate === null
      ? `no customer ${how}`
      : `${percentText(g.rate, fmt.locale)} of ${fmt.number(g.customers)} ${g.customers === 1 ? 'customer' : 'customers'} ${how}`;
  const resolved = r.research.find((f) => f.id === 'resolved');
  const quickly = r.research.find((f) => f.id === 'resolvedQuickly');
  const research = [
    resolved ? `${researchText(resolved, fmt.locale)} when resolved` : null,
    quickly ? `up to ${researchText(quickly, fmt.locale)} when resolved quickly` : null,
  ].filter(Boolean);
  return `Bought again within ${r.windowDays} days: ${group(r.fast, `resolved within ${r.fastHours} hours`)}; ${group(r.slow, 'resolved later')}.${research.length ? ` Research: ${research.join(', ')}.` : ''}`;
}

const OURS = '#1c7ed6';
const RESEARCH = '#868e96';

/**
 * Horizontal bars of the share who bought again: the workspace's fast and slow groups, and the
 * research figures beside them (a range drawn as its low end plus a lighter band to its high end).
 */
export function repurchaseOption(r: Repurchase, fmt: Fmt): ChartOption {
  const bars = repurchaseBars(r).reverse();
  return {
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number } | { dataIndex: number }[]) => {
        const i = Array.isArray(params) ? (params[0]?.dataIndex ?? 0) : params.dataIndex;
        const b = bars[i];
        if (!b) return '';
        if (b.low === null) return `${b.name}: no customer yet`;
        return `${b.name}: ${b.low === b.high ? percentText(b.low, fmt.locale) : researchText({ low: b.low, high: b.high ?? b.low }, fmt.locale)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { ...AXIS_LABEL, formatter: (v: number) => percentText(v, fmt.locale) },
      splitLine: SPLIT_LINE,
    },
    yAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: AXIS_LABEL },
    series: [
      {
        type: 'bar',
        stack: 'share',
        barMaxWidth: 22,
        data: bars.map((b) => ({ value: b.low ?? 0, itemStyle: { color: b.ours ? OURS : RESEARCH } })),
      },
      {
        type: 'bar',
        stack: 'share',
        barMaxWidth: 22,
        data: bars.map((b) => ({
          value: b.high !== null && b.low !== null ? b.high - b.low : 0,
          itemStyle: { color: RESEARCH, opacity: 0.35 },
        })),
      },
    ],
  };
}
