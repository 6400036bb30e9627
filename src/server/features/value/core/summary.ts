/**
 * From orders to the per-customer repeat-purchase summaries the BG/NBD, Pareto/NBD and
 * Gamma-Gamma models are fitted on (Fader, Hardie & Lee's CDNOW conventions, as in the
 * `lifetimes` package's `summary_data_from_transaction_data`).
 */

/** One order as the summary needs it. `amount` is in any currency unit (the summary keeps it). */
export interface SummaryOrder {
  customerId: string;
  /** When the order was placed; only its UTC calendar day matters. */
  at: Date;
  /** Spend of the order (e.g. dollars or minor units: the summary's monetary value is in the same unit). */
  amount: number;
  /** `false` for a gift (bought for someone else); absent or `true` for a personal purchase. */
  personal?: boolean;
}

/** Time unit of recency, T and the holdout duration: calendar days, or weeks of 7 days (fractional). */
export type SummaryUnit = 'day' | 'week';

export interface SummarizeOptions {
  /** The last day of the calibration period (its UTC day; inclusive). */
  calibrationEnd: Date;
  /** The last day of the holdout period (UTC day; inclusive). Default: the day of the latest order. */
  observationEnd?: Date;
  unit: SummaryUnit;
  /**
   * Leave gifts (`personal === false`) out of frequency, recency, monetary value and holdout
   * frequency. A gift still makes its buyer a customer: the first order of any kind starts the
   * clock (T), because the customer was acquired that day; only their own repeat buying is modelled.
   */
  excludeNonPersonal?: boolean;
}

/** One customer's calibration summary (and holdout, when there is a holdout period). */
export interface CustomerSummary {
  customerId: string;
  /** x: repeat purchase days in calibration (the first purchase day is not counted). */
  frequency: number;
  /** t_x: last calibration purchase day − first purchase day, in the unit (0 when x = 0). */
  recency: number;
  /** Age at the end of calibration: calibration end day − first purchase day, in the unit. */
  T: number;
  /** Mean spend of the repeat purchase days in calibration (0 when x = 0), in the orders' amount unit. */
  monetaryValue: number;
  /** Purchase days after calibration end up to the observation end (present when there is a holdout). */
  frequencyHoldout?: number;
  /** Observation end day − calibration end day, in the unit (present when there is a holdout). */
  durationHoldout?: number;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a date's UTC calendar day. */
function utcDay(d: Date, what: string): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid date`);
  return Math.floor(ms / MS_PER_DAY);
}

interface Day {
  /** Sum of the counted (personal, when gifts are excluded) amounts of the day. */
  spend: number;
  /** Whether the day has an order that counts as a purchase. */
  counts: boolean;
}

interface Customer {
  id: string;
  first: number;
  days: Map<number, Day>;
}

/**
 * Summarises orders per customer: same-day orders (UTC calendar day) collapse into one purchase
 * whose spend is the day's sum; the first purchase day starts the customer's clock and is not a
 * repeat purchase. Customers whose first order is after calibration end are left out; orders after
 * the observation end are ignored. The holdout fields are present on every row when
 * `observationEnd` is given or some order falls after calibration end. Rows come in the order each
 * customer first appears in the input. Nothing is rounded.
 *
 * @example
 * summarizeOrders(
 *   [
 *     { customerId: 'a', at: new Date('1997-01-01'), amount: 10 },
 *     { customerId: 'a', at: new Date('1997-01-15'), amount: 20 },
 *     { customerId: 'a', at: new Date('1997-01-15'), amount: 5 },
 *   ],
 *   { calibrationEnd: new Date('1997-01-29'), unit: 'week' },
 * ) // → [{ customerId: 'a', frequency: 1, recency: 2, T: 4, monetaryValue: 25 }]
 */
export function summarizeOrders(orders: Iterable<SummaryOrder>, opts: SummarizeOptions): CustomerSummary[] {
  const calEnd = utcDay(opts.calibrationEnd, 'calibrationEnd');
  const unitDays = opts.unit === 'week' ? 7 : 1;
  const excludeGifts = opts.excludeNonPersonal === true;
  const customers = new Map<string, Customer>();
  let lastDay = Number.NEGATIVE_INFINITY;

  for (const o of orders) {
    const day = utcDay(o.at, `order date of customer ${o.customerId}`);
    if (day > lastDay) lastDay = day;
    const counts = !(excludeGifts && o.personal === false);
    let c = customers.get(o.customerId);
    if (!c) {
      c = { id: o.customerId, first: day, days: new Map() };
      customers.set(o.customerId, c);
    } else if (day < c.first) {
      c.first = day;
    }
    const d = c.days.get(day);
    if (d) {
      if (counts) {
        d.spend += o.amount;
        d.counts = true;
      }
    } else {
      c.days.set(day, { spend: counts ? o.amount : 0, counts });
    }
  }

  const obsEnd = opts.observationEnd
    ? utcDay(opts.observationEnd, 'observationEnd')
    : Math.max(lastDay, calEnd);
  if (obsEnd < calEnd) throw new RangeError('observationEnd is before calibrationEnd');
  const withHoldout = opts.observationEnd !== undefined || lastDay > calEnd;

  const out: CustomerSummary[] = [];
  for (const c of customers.values()) {
    if (c.first > calEnd) continue;
    let x = 0;
    let last = c.first;
    let spend = 0;
    let holdout = 0;
    for (const [day, d] of c.days) {
      if (day === c.first || !d.counts) continue;
      if (day <= calEnd) {
        x += 1;
        spend += d.spend;
        if (day > last) last = day;
      } else if (day <= obsEnd) {
        holdout += 1;
      }
    }
    const row: CustomerSummary = {
      customerId: c.id,
      frequency: x,
      recency: x > 0 ? (last - c.first) / unitDays : 0,
      T: (calEnd - c.first) / unitDays,
      monetaryValue: x > 0 ? spend / x : 0,
    };
    if (withHoldout) {
      row.frequencyHoldout = holdout;
      row.durationHoldout = (obsEnd - calEnd) / unitDays;
    }
    out.push(row);
  }
  return out;
}
