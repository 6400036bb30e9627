import type { CountTrend } from '../../../shared/contracts/dashboard.js';

export type TrendDirection = 'up' | 'down' | 'flat';

/** Whether a move is good news: more active customers is, more lapsed ones is not. */
export type TrendTone = 'good' | 'bad' | 'neutral';

export interface Trend {
  direction: TrendDirection;
  /** value − previous, in customers. */
  change: number;
  /** change / previous (0.1 = +10 %); null when there was nothing before to compare with. */
  ratio: number | null;
}

/**
 * How a count moved against the window before it.
 * @example trendOf({ value: 110, previous: 100 }) → { direction: 'up', change: 10, ratio: 0.1 }
 * @example trendOf({ value: 5, previous: 0 }) → { direction: 'up', change: 5, ratio: null }
 */
export function trendOf({ value, previous }: CountTrend): Trend {
  const change = value - previous;
  const direction: TrendDirection = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  // A percentage of zero is undefined (and "+∞ %" helps nobody): callers show the absolute change.
  const ratio = previous === 0 ? (change === 0 ? 0 : null) : change / previous;
  return { direction, change, ratio };
}

/** Colour meaning of a direction, given which way is good for the measure. */
export function trendTone(direction: TrendDirection, goodWhen: 'up' | 'down'): TrendTone {
  if (direction === 'flat') return 'neutral';
  return direction === goodWhen ? 'good' : 'bad';
}

/**
 * The short change text beside a tile's value: a signed percentage in the workspace locale,
 * the signed absolute change when there was nothing before, or "no change".
 * @example formatTrend(trendOf({ value: 90, previous: 100 }), 'en-GB') === '-10%'
 * @example formatTrend(trendOf({ value: 5, previous: 0 }), 'en-GB') === '+5'
 */
export function formatTrend(trend: Trend, locale: string): string {
  if (trend.direction === 'flat') return 'no change';
  if (trend.ratio === null) {
    return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(trend.change);
  }
  // Small moves keep one decimal so a 0.4 % change does not read as "0 %".
  const digits = Math.abs(trend.ratio) < 0.1 ? 1 : 0;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(trend.ratio);
}

/**
 * The trend as a sentence for the tile's description (read by screen readers, shown as tooltip).
 * @example describeTrend(trendOf({ value: 110, previous: 100 }), 'en-GB', 'the 30 days before')
 *   === 'up 10% vs the 30 days before (100)'
 */
export function describeTrend(trend: Trend, locale: string, comparedWith: string, previous: number): string {
  const before = new Intl.NumberFormat(locale).format(previous);
  if (trend.direction === 'flat') return `no change vs ${comparedWith} (${before})`;
  const word = trend.direction === 'up' ? 'up' : 'down';
  const amount = formatTrend(trend, locale).replace(/^[+\-−]/, '');
  return trend.ratio === null
    ? `${word} by ${amount} vs ${comparedWith} (none)`
    : `${word} ${amount} vs ${comparedWith} (${before})`;
}
