import {
  DEFAULT_PERIOD_DAYS,
  MAX_PERIOD_DAYS,
  type RepurchaseGroup,
  type SilentCustomer,
  type SilentSignal,
  SMALL_SAMPLE_CUSTOMERS,
} from '../../../../shared/contracts/case-analytics.js';
import type { FieldError } from '../../../../shared/errors.js';
import { addDays } from '../../../../shared/zoned-day.js';

/**
 * The pure pieces of the recovery analytics: the period asked for, shares and rates, the
 * small-sample flag, the falling-purchase rule of the silent-dissatisfaction list and the next
 * step it suggests. The counting itself (and the median and 90th percentile, `percentile_cont`)
 * happens in the database.
 */

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both counted. @example daysIn('2026-01-01', '2026-01-31') === 31 */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * The period asked for with its defaults: `to` is today, `from` the day that makes it
 * DEFAULT_PERIOD_DAYS long. Problems name the query field: `from` after `to`, or a period
 * longer than MAX_PERIOD_DAYS (two years).
 * @example resolvePeriod({}, '2026-06-30') // { from: '2026-04-02', to: '2026-06-30', problems: [] }
 */
export function resolvePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  today: string,
): { from: string; to: string; problems: FieldError[] } {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, 1 - DEFAULT_PERIOD_DAYS);
  const problems: FieldError[] = [];
  if (from > to) {
    problems.push(
      q.to
        ? { path: 'querystring.to', message: 'must not be before from' }
        : { path: 'querystring.from', message: `must not be after today (${today})` },
    );
  } else if (daysIn(from, to) > MAX_PERIOD_DAYS) {
    problems.push({
      path: 'querystring.from',
      message: `the period must be at most two years (${MAX_PERIOD_DAYS} days); from ${from} to ${to} is ${daysIn(from, to)}`,
    });
  }
  return { from, to, problems };
}

/** `part / whole`, or null when there is no whole. @example share(3, 4) === 0.75; share(0, 0) === null */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Complaints per 1,000 orders, to one decimal; null without orders.
 * @example per1000(3, 1200) === 2.5
 */
export function per1000(complaints: number, orders: number): number | null {
  return orders > 0 ? Math.round((complaints / orders) * 10_000) / 10 : null;
}

/** Seconds as hours to one decimal; null stays null. @example hours(5400) === 1.5 */
export function hours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 360) / 10;
}

/** A group's repurchase rate and whether it is too small to lean on. */
export function repurchaseGroup(customers: number, repurchased: number): RepurchaseGroup {
  return {
    customers,
    repurchased,
    rate: share(repurchased, customers),
    smallSample: customers < SMALL_SAMPLE_CUSTOMERS,
  };
}

/** Days of the "prior 12 months" the purchase rate is compared with. */
export const PRIOR_DAYS = 365;
/** Days of the recent window. */
export const RECENT_DAYS = 90;
/** Fewest orders in the prior 12 months for a fall to mean anything. */
export const MIN_PRIOR_ORDERS = 2;

/**
 * Orders over the prior 12 months as a rate per 90 days.
 * @example priorPer90Days(8) ≈ 1.97
 */
export function priorPer90Days(prior12Months: number): number {
  return (prior12Months * RECENT_DAYS) / PRIOR_DAYS;
}

/**
 * The silent-dissatisfaction rule's purchase test: at least MIN_PRIOR_ORDERS orders in the 12
 * months before the last 90 days, and fewer than half that rate in the last 90 days.
 * @example isPurchaseRateFalling(0, 4) === true; isPurchaseRateFalling(1, 4) === false; isPurchaseRateFalling(1, 12) === true
 */
export function isPurchaseRateFalling(last90Days: number, prior12Months: number): boolean {
  return prior12Months >= MIN_PRIOR_ORDERS && last90Days < priorPer90Days(prior12Months) / 2;
}

const TOUCHPOINT_WORDS: Record<string, string> = {
  call: 'phone call',
  chat: 'chat',
  visit: 'visit',
  review: 'review',
  email: 'e-mail',
};

/**
 * What to do about a customer, from their most recent signal: a returned order calls for a
 * call about it; a negative review or mention for a personal answer; a poorly rated touch point
 * for a call about that occasion. Whatever the step, the customer has not complained, so the
 * text asks rather than defends.
 */
export function nextStep(
  signals: readonly Pick<SilentSignal, 'kind' | 'label' | 'satisfaction'>[],
): SilentCustomer['nextStep'] {
  const latest = signals[0];
  switch (latest?.kind) {
    case 'return':
      return {
        kind: 'call_about_return',
        text: 'Call about the returned order: ask what went wrong and offer to put it right.',
      };
    case 'negative_review':
    case 'negative_mention':
      return {
        kind: 'answer_review',
        text: 'Answer the review or post personally: thank them, apologise and ask them to tell you more.',
      };
    default: {
      const what = latest ? (TOUCHPOINT_WORDS[latest.label] ?? latest.label.replaceAll('_', ' ')) : 'visit';
      const rated = latest?.satisfaction ? ` they rated ${latest.satisfaction}/5` : '';
      return {
        kind: 'call_about_visit',
        text: `Call about the ${what}${rated}: apologise and ask what would make it right.`,
      };
    }
  }
}
