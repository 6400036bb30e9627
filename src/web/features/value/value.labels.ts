import {
  type ModelError,
  type ModelFit,
  type RfmSegment,
  VALUE_TIER_SHARES,
  type ValidationReport,
  type ValueRun,
  type ValueRunStatus,
  type ValueSettings,
  type ValueTier,
} from '../../../shared/contracts/value.js';

/**
 * How the value feature names things for people: RFM segments (snake_case ids on the wire),
 * tiers, models, run states, and what a P(alive) means in words. Pure, so every label is tested.
 */

export const SEGMENT_LABELS: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalist: 'Potential loyalist',
  new_customers: 'New customers',
  promising: 'Promising',
  need_attention: 'Need attention',
  about_to_sleep: 'About to sleep',
  at_risk: 'At risk',
  cannot_lose_them: 'Cannot lose them',
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/** One line per segment for tooltips: what the R and FM scores of the segment say. */
export const SEGMENT_HINTS: Record<RfmSegment, string> = {
  champions: 'bought recently, often and for a lot',
  loyal: 'buy often and spend well',
  potential_loyalist: 'recent customers with more than one purchase',
  new_customers: 'first bought very recently',
  promising: 'recent, but have not bought much yet',
  need_attention: 'above average, but not lately',
  about_to_sleep: 'below average and slipping',
  at_risk: 'bought often and a lot, but long ago',
  cannot_lose_them: 'were among the best, and have gone quiet',
  hibernating: 'last bought long ago, rarely and little',
  lost: 'lowest recency, frequency and spend',
};

export const TIER_LABELS: Record<ValueTier, string> = {
  top: 'Top',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const TIER_COLORS: Record<ValueTier, string> = {
  top: 'grape',
  high: 'blue',
  medium: 'teal',
  low: 'gray',
};

/**
 * Where a tier sits in the CLV ranking, from the shared tier shares.
 * @example tierRange('high') === 'next 20%'; tierRange('top') === 'top 10%'; tierRange('low') === 'the remaining 40%'
 */
export function tierRange(tier: ValueTier): string {
  const pct = `${Math.round(VALUE_TIER_SHARES[tier] * 100)}%`;
  switch (tier) {
    case 'top':
      return `top ${pct}`;
    case 'high':
    case 'medium':
      return `next ${pct}`;
    case 'low':
      return `the remaining ${pct}`;
    default:
      return assertNever(tier);
  }
}

type ModelId = ModelFit['model'] | ModelError['model'];

export const MODEL_LABELS: Record<ModelId, string> = {
  bgnbd: 'BG/NBD',
  'pareto-nbd': 'Pareto/NBD',
  'gamma-gamma': 'Gamma-Gamma',
  heuristic: 'Simple formula',
};

/** What each model predicts, for the table and the fitted-parameters panel. */
export const MODEL_HINTS: Record<ModelId, string> = {
  bgnbd: 'repeat purchases; a customer may drop out after any purchase',
  'pareto-nbd': 'repeat purchases; a customer may drop out at any time',
  'gamma-gamma': 'spend per purchase',
  heuristic: 'past purchase rate × time ahead, nobody drops out',
};

/** Greek parameter names as the literature writes them; others as they are. */
const PARAM_SYMBOLS: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ', s: 's', r: 'r' };

/** @example paramLabel('alpha') === 'α'; paramLabel('a') === 'a' */
export function paramLabel(name: string): string {
  return PARAM_SYMBOLS[name] ?? name;
}

export const STATUS_LABELS: Record<ValueRunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export const STATUS_COLORS: Record<ValueRunStatus, string> = {
  queued: 'yellow',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

export const TRIGGER_LABELS: Record<ValueRun['trigger'], string> = {
  nightly: 'Nightly',
  manual: 'Recompute now',
  cli: 'Command line',
};

/** Whether a run is still to finish (and worth polling). */
export function isActive(run: Pick<ValueRun, 'status'> | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** The P(alive) at or under which a customer reads as likely lapsed (the list's filter preset). */
export const LAPSED_P_ALIVE = 0.3;

/**
 * A P(alive) in plain words.
 * @example pAliveWords(0.92) === 'very likely still a customer'; pAliveWords(0.2) === 'likely lapsed'
 */
export function pAliveWords(p: number): string {
  if (p >= 0.8) return 'very likely still a customer';
  if (p >= 0.5) return 'probably still a customer';
  if (p > LAPSED_P_ALIVE) return 'may be drifting away';
  if (p >= 0.1) return 'likely lapsed';
  return 'almost certainly lapsed';
}

/**
 * A probability as a whole percentage in the locale.
 * @example percent(0.853, 'en-GB') === '85%'; percent(0.853, 'de-DE') === '85 %'
 */
export function percent(p: number, locale: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(p);
}

/** A decimal with at most `digits` fraction digits in the locale. @example decimal(1.2345, 'en-GB') === '1.23' */
export function decimal(value: number, locale: string, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/**
 * The P(alive) sentence of the 360 panel.
 * @example pAliveSentence(0.853, 'en-GB') === '85% chance they are still buying: very likely still a customer.'
 */
export function pAliveSentence(p: number, locale: string): string {
  return `${percent(p, locale)} chance they are still buying: ${pAliveWords(p)}.`;
}

/**
 * What a run's CLV adds up: the months ahead and the monthly discount it used (its settings).
 * @example clvBasis({ horizonMonths: 12, monthlyDiscountRate: 0.01 }, 'en-GB') === 'CLV over 12 months at 1% a month'
 */
export function clvBasis(
  settings: Pick<ValueSettings, 'horizonMonths' | 'monthlyDiscountRate'>,
  locale: string,
): string {
  const months = counted(settings.horizonMonths, 'month', locale);
  if (settings.monthlyDiscountRate === 0) return `CLV over ${months}, not discounted`;
  return `CLV over ${months} at ${percent(settings.monthlyDiscountRate, locale, 2)} a month`;
}

/**
 * The discount of `clvBasis` explained, for a tooltip.
 * @example clvDiscountHint(0.01, 'en-GB') === 'Spend expected later counts for less: 1% less for each month ahead.'
 */
export function clvDiscountHint(monthlyDiscountRate: number, locale: string): string {
  if (monthlyDiscountRate === 0) return 'Spend expected later counts in full: no discount for time.';
  return `Spend expected later counts for less: ${percent(monthlyDiscountRate, locale, 2)} less for each month ahead.`;
}

/** @example counted(26, 'week', 'en-GB') === '26 weeks'; counted(1, 'month', 'en-GB') === '1 month' */
export function counted(n: number, unit: string, locale: string): string {
  return `${new Intl.NumberFormat(locale).format(n)} ${n === 1 ? unit : `${unit}s`}`;
}

/**
 * A run's progress for people: "fitting models · 3 of 10", or "Waiting to start" while queued.
 */
export function progressText(run: Pick<ValueRun, 'status' | 'progress'>, locale: string): string {
  if (run.status === 'queued') return 'Waiting to start…';
  const p = run.progress;
  if (!p) return 'Starting…';
  const n = new Intl.NumberFormat(locale);
  const phase = p.phase.charAt(0).toUpperCase() + p.phase.slice(1);
  return p.total > 0 ? `${phase} · ${n.format(p.done)} of ${n.format(p.total)}` : phase;
}

/** Share done, 0–100, or null when the phase does not say how much there is. */
export function progressPercent(run: Pick<ValueRun, 'status' | 'progress'>): number | null {
  if (run.status === 'succeeded' || run.status === 'failed') return 100;
  const p = run.progress;
  if (!p || p.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((p.done / p.total) * 100)));
}

/**
 * The sentence under the errors table: which model did best, and what to do when the CLV uses
 * another one.
 */
export function verdict(
  validation: ValidationReport,
  transactionModel: ValueRun['transactionModel'],
): string {
  const best = MODEL_LABELS[validation.best];
  if (validation.best === 'heuristic') {
    return `${best} predicted best on this holdout: the models may need more history to beat it. Your CLV uses ${MODEL_LABELS[transactionModel]}.`;
  }
  if (validation.best === transactionModel) {
    return `${best} predicted best, and it is the model your CLV and P(alive) use.`;
  }
  return `${best} predicted best; your CLV and P(alive) use ${MODEL_LABELS[transactionModel]}. An admin can switch the transaction model in Settings → Value.`;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value ${String(value)}`);
}
