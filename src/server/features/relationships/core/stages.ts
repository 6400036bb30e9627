/**
 * Relationship lifecycle stages: a rule-based stage for each evaluation, and the history of
 * stages as contiguous episodes, so that a customer who lapses, is won back and lapses again
 * shows (and counts) each churn instead of overwriting the last one. Everything here is pure:
 * dates and day counts are computed by the caller and passed in.
 */
import type { LifecycleStage } from '../../../../shared/contracts/relationships.js';

/** What one evaluation of a customer's stage looks at. */
export interface StageInput {
  /** Days since the first purchase (tenure), >= 0. */
  tenureDays: number;
  /** Purchases in total (first included). */
  purchases: number;
  /** Purchases in the last 180 days and in the 180 days before those. */
  recentPurchases: number;
  previousPurchases: number;
  /** Days since the last purchase. */
  recencyDays: number;
  /** Probability the customer is still active, 0–1, from the value model; null when unknown. */
  pAlive: number | null;
  /** Stage of the previous evaluation, or null the first time. */
  previous: LifecycleStage | null;
}

/** The knobs of {@link stageAt}; every field is in the unit its name says. */
export interface StageThresholds {
  /** Days of tenure below which a customer with at most 2 purchases is still in courtship. */
  readonly courtshipDays: number;
  /** P(alive) (0–1) below which the customer is lapsed. */
  readonly lapsedPAlive: number;
  /** Days without a purchase from which the customer is lapsed, used only when P(alive) is unknown. */
  readonly lapsedRecencyDays: number;
  /** Decline when recent purchases fall below this fraction (0–1) of the previous window's. */
  readonly declineRatio: number;
  /** Days since the last purchase below which a won-back customer keeps the won_back stage. */
  readonly wonBackDays: number;
}

/** Defaults: one quarter of courtship, a year of silence, half the previous half-year's purchases. */
export const DEFAULT_STAGE_THRESHOLDS: StageThresholds = Object.freeze({
  courtshipDays: 90,
  lapsedPAlive: 0.3,
  lapsedRecencyDays: 365,
  declineRatio: 0.5,
  wonBackDays: 180,
});

/** At most this many purchases still count as courtship (a first purchase and one repeat). */
const COURTSHIP_MAX_PURCHASES = 2;
/**
 * Decline needs at least this many purchases in the previous window: from one purchase to none
 * is ordinary noise for an infrequent buyer, not a trend.
 */
const DECLINE_MIN_PREVIOUS = 2;

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0`);
}

/**
 * The lifecycle stage of a customer now. Rules, first match wins:
 *
 * 1. **lapsed** — `pAlive < lapsedPAlive`, or, when `pAlive` is null, `recencyDays >= lapsedRecencyDays`
 *    (days). Checked first because a customer who has gone is gone whatever their history.
 * 2. **courtship** — `tenureDays < courtshipDays` (days) and `purchases <= 2`.
 * 3. **won_back** — `previous` is `lapsed` (the customer is active again, since rule 1 did not
 *    match); or `previous` is `won_back`, rules 4–6 would say growth or maturity and
 *    `recencyDays < wonBackDays` (days). A won-back customer who declines leaves won_back, so
 *    the warning is not hidden behind the happier stage.
 * 4. **decline** — `previousPurchases >= 2` and `recentPurchases < declineRatio × previousPurchases`.
 * 5. **growth** — `recentPurchases > previousPurchases` and `tenureDays >= courtshipDays`.
 * 6. **maturity** — otherwise.
 *
 * @param input counts are purchases, durations are days, `pAlive` is a probability 0–1.
 * @param thresholds overrides of {@link DEFAULT_STAGE_THRESHOLDS}.
 * @throws RangeError when a count or duration is negative or not finite, or `pAlive` is outside 0–1.
 */
export function stageAt(input: StageInput, thresholds: Partial<StageThresholds> = {}): LifecycleStage {
  const t: StageThresholds = { ...DEFAULT_STAGE_THRESHOLDS, ...thresholds };
  assertNonNegative('tenureDays', input.tenureDays);
  assertNonNegative('purchases', input.purchases);
  assertNonNegative('recentPurchases', input.recentPurchases);
  assertNonNegative('previousPurchases', input.previousPurchases);
  assertNonNegative('recencyDays', input.recencyDays);
  if (input.pAlive !== null && !(input.pAlive >= 0 && input.pAlive <= 1)) {
    throw new RangeError('pAlive must be between 0 and 1, or null');
  }

  const lapsed =
    input.pAlive === null ? input.recencyDays >= t.lapsedRecencyDays : input.pAlive < t.lapsedPAlive;
  if (lapsed) return 'lapsed';

  if (input.tenureDays < t.courtshipDays && input.purchases <= COURTSHIP_MAX_PURCHASES) return 'courtship';

  // Rule 1 did not match, so a customer who was lapsed last time has come back.
  if (input.previous === 'lapsed') return 'won_back';

  const computed = trendStage(input, t);
  // Won back is a temporary stage: it lasts while the customer keeps buying (recency) and is
  // doing fine; after a long silence or a decline the ordinary stage takes over again.
  if (input.previous === 'won_back' && computed !== 'decline' && input.recencyDays < t.wonBackDays) {
    return 'won_back';
  }
  return computed;
}

/** Rules 4–6 of {@link stageAt}: the trend of purchases between the two half-year windows. */
function trendStage(input: StageInput, t: StageThresholds): 'decline' | 'growth' | 'maturity' {
  if (
    input.previousPurchases >= DECLINE_MIN_PREVIOUS &&
    input.recentPurchases < t.declineRatio * input.previousPurchases
  ) {
    return 'decline';
  }
  if (input.recentPurchases > input.previousPurchases && input.tenureDays >= t.courtshipDays) return 'growth';
  return 'maturity';
}

/**
 * One stretch of time in one stage. `from` is inclusive and `to` exclusive (the day the next
 * episode starts), both ISO dates `YYYY-MM-DD`; `to` is null for the current episode.
 */
export interface StageEpisode {
  stage: LifecycleStage;
  from: string;
  to: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertIsoDate(name: string, value: string): void {
  // Only the shape is checked: in YYYY-MM-DD, string order is date order, which is all we need.
  if (!ISO_DATE.test(value)) throw new RangeError(`${name} must be an ISO date YYYY-MM-DD, got ${value}`);
}

/**
 * Records the stage of an evaluation on `onDate` (ISO date `YYYY-MM-DD`) in a customer's
 * episodes. When the stage differs from the open episode's, the open episode is closed with
 * `to = onDate` and a new open episode starts on `onDate`; on an empty list the first episode
 * is opened; otherwise nothing changes. The input is not modified.
 *
 * @returns the episodes (a new array) and whether a new episode was opened.
 * @throws RangeError when `onDate` is not an ISO date or is before the open episode's `from`,
 *   or when a non-empty list has no open last episode.
 */
export function applyStage(
  episodes: readonly StageEpisode[],
  stage: LifecycleStage,
  onDate: string,
): { episodes: StageEpisode[]; changed: boolean } {
  assertIsoDate('onDate', onDate);
  const open = episodes.at(-1);
  if (open === undefined) return { episodes: [{ stage, from: onDate, to: null }], changed: true };
  if (open.to !== null) throw new RangeError('the last episode must be open (to = null)');
  // Evaluations arrive in date order; an earlier date would make the history overlap.
  if (onDate < open.from) {
    throw new RangeError(`onDate ${onDate} is before the open episode's start ${open.from}`);
  }
  if (open.stage === stage) return { episodes: [...episodes], changed: false };
  return {
    episodes: [...episodes.slice(0, -1), { ...open, to: onDate }, { stage, from: onDate, to: null }],
    changed: true,
  };
}

/**
 * How many times the customer entered `lapsed`: each churn counts, so a customer who lapsed,
 * was won back and lapsed again has 2. Adjacent lapsed episodes count once, since the
 * customer did not leave the stage in between.
 */
export function churnCount(episodes: readonly StageEpisode[]): number {
  let count = 0;
  let before: LifecycleStage | null = null;
  for (const episode of episodes) {
    if (episode.stage === 'lapsed' && before !== 'lapsed') count++;
    before = episode.stage;
  }
  return count;
}

/** The stage of the episode covering `date` (from inclusive, to exclusive), or null. */
function stageOn(episodes: readonly StageEpisode[], date: string): LifecycleStage | null {
  const episode = episodes.find((e) => e.from <= date && (e.to === null || date < e.to));
  return episode?.stage ?? null;
}

/** One link of a Sankey diagram: customers in stage `from` on one date and `to` on a later one. */
export interface StageFlow {
  from: LifecycleStage;
  to: LifecycleStage;
  /** Number of customers. */
  customers: number;
}

/**
 * Flows between stages for a Sankey diagram: each customer's stage on `fromDate` and on
 * `toDate` (ISO dates `YYYY-MM-DD`), counted per (from, to) pair, unchanged pairs included.
 * Customers with no episode covering `fromDate` (not yet customers then) are skipped, as are
 * those with none covering `toDate` (possible only with a gap in their history).
 *
 * @returns the pairs sorted by customers descending, then by `from` and `to` name.
 * @throws RangeError when a date is not an ISO date or `toDate` is before `fromDate`.
 */
export function stageFlows(
  episodesByCustomer: Iterable<readonly StageEpisode[]>,
  fromDate: string,
  toDate: string,
): StageFlow[] {
  assertIsoDate('fromDate', fromDate);
  assertIsoDate('toDate', toDate);
  if (toDate < fromDate) throw new RangeError(`toDate ${toDate} is before fromDate ${fromDate}`);

  const counts = new Map<string, StageFlow>();
  for (const episodes of episodesByCustomer) {
    const from = stageOn(episodes, fromDate);
    const to = stageOn(episodes, toDate);
    if (from === null || to === null) continue;
    const key = `${from}>${to}`;
    const flow = counts.get(key);
    if (flow) flow.customers++;
    else counts.set(key, { from, to, customers: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => b.customers - a.customers || compareNames(a.from, b.from) || compareNames(a.to, b.to),
  );
}

/** Plain code-unit order, so the result does not depend on the server's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
