import { formatMoney } from '../../shared/contracts/orders.js';

export interface Formatter {
  locale: string;
  timeZone: string;
  currency: string;
  /** 3 Mar 2026 */
  date(value: Date | string | null | undefined): string;
  /** 3 Mar 2026, 14:05 */
  dateTime(value: Date | string | null | undefined): string;
  /** "5 minutes ago", "in 2 days" — relative to `now`. */
  relative(value: Date | string | null | undefined, now?: Date): string;
  /** Integer minor units in the given (or the workspace's) currency. */
  money(minor: number, currency?: string | null): string;
  number(value: number): string;
}

const DASH = '—';

function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * Dates, money and numbers the way the workspace's locale writes them, in its time zone.
 * Date-only strings (birthdays, `2026-03-03`) are shown as that calendar day, never shifted.
 * @example createFormatter('en-GB', 'Europe/London', 'EUR').money(41250) === '€412.50'
 */
export function createFormatter(locale: string, timeZone: string, currency: string): Formatter {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    locale,
    timeZone,
    currency,
    date(value) {
      const d = toDate(value);
      if (!d) return DASH;
      return typeof value === 'string' && value.length === 10 ? dayFormat.format(d) : dateFormat.format(d);
    },
    dateTime(value) {
      const d = toDate(value);
      return d ? dateTimeFormat.format(d) : DASH;
    },
    relative(value, now = new Date()) {
      const d = toDate(value);
      if (!d) return DASH;
      const seconds = (d.getTime() - now.getTime()) / 1000;
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
      }
      return relativeFormat.format(0, 'minute');
    },
    money: (minor, cur) => formatMoney(minor, cur ?? currency, locale),
    number: (value) => numberFormat.format(value),
  };
}
