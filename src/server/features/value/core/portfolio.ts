/**
 * A workspace's value run as pure computation: from each customer's purchase-day statistics to
 * fitted models, an honest holdout validation, and per-customer RFM, P(alive), expected
 * purchases, expected spend, CLV and value tier. No I/O: the value service reads the
 * statistics and stores what this returns.
 */
import type {
  ModelError,
  ModelFit,
  RfmSegment,
  TransactionModel,
  ValidationReport,
  ValueTier,
} from '../../../../shared/contracts/value.js';
import { VALUE_TIER_SHARES, VALUE_TIERS } from '../../../../shared/contracts/value.js';
import {
  type BgNbdParams,
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesCurve,
  bgnbdExpectedRepeatPurchases,
  fitBgNbd,
} from './bgnbd.js';
import { clvOfCumulative, heuristicClv, UNITS_PER_MONTH } from './clv.js';
import { collapseRepeatSummaries, indexRepeatSummaries, systematicSample } from './collapse.js';
import { fitGammaGamma, type GammaGammaParams, gammaGammaExpectedSpend } from './gamma-gamma.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesCurve,
  paretoNbdExpectedRepeatPurchases,
} from './pareto-nbd.js';
import { rfmScores } from './rfm.js';
import type { FitResult, RepeatSummary, SpendSummary } from './types.js';

/** One customer's purchase days up to the as-of day, split at the calibration end. Days are day numbers (days since 1970-01-01). */
export interface PurchaseStats {
  customerId: string;
  firstDay: number;
  lastDay: number;
  /** Purchase days (same-day orders count once) up to the as-of day. */
  days: number;
  spendMinor: number;
  /** Spend on purchase days after the first. */
  repeatSpendMinor: number;
  /** Purchase days up to the calibration end, the last of them, and their repeat spend. */
  daysCal: number;
  lastCalDay: number | null;
  repeatSpendCalMinor: number;
  /** Purchase days after the calibration end. */
  daysHoldout: number;
}

export interface PortfolioSettings {
  unit: 'day' | 'week';
  transactionModel: TransactionModel;
  horizonMonths: number;
  monthlyDiscountRate: number;
  rfmBins: number;
}

/** One customer's results, in the contract's units (money in minor units). */
export interface CustomerResult {
  customerId: string;
  recencyDays: number;
  orders: number;
  spendMinor: number;
  rfmR: number;
  rfmF: number;
  rfmM: number;
  rfmSegment: RfmSegment;
  frequency: number;
  recency: number;
  age: number;
  pAlive: number;
  expectedPurchases3m: number;
  expectedPurchases12m: number;
  expectedSpendMinor: number;
  clvMinor: number;
  heuristicClvMinor: number;
  tier: ValueTier;
}

export interface PortfolioResult {
  fits: ModelFit[];
  validation: ValidationReport | null;
  customers: CustomerResult[];
}

/** Fewer customers than this, or fewer with a repeat purchase, and the models are not fitted. */
export const MIN_CUSTOMERS = 20;
export const MIN_REPEAT_CUSTOMERS = 5;
/** Calibration frequencies the conditional-expectation chart shows one by one; more are pooled. */
const CE_MAX_FREQUENCY = 7;
const DAYS_PER_MONTH = UNITS_PER_MONTH.day;
const DAY_MS = 86_400_000;
/** A calendar day (YYYY-MM-DD, or a date/timestamp whose first ten characters are one) as its day number. */
export const dayNumber = (day: string) => Math.round(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / DAY_MS);
/** A day number as its calendar day, YYYY-MM-DD. @example isoOfDay(dayNumber('2026-06-30')) === '2026-06-30' */
export const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Above this many customers the transaction models are fitted on a systematic sample of this
 * many (every customer is still scored with the fitted parameters). A likelihood evaluation
 * reads every distinct (x, t_x, T), and with purchase days those are nearly one per customer,
 * so a fit on a million customers can take minutes when the data have no interior maximum;
 * at 40,000 customers the sampling error of the parameters is already far below what moves a
 * customer's prediction, and the nightly run stays bounded whatever the data look like.
 */
export const FIT_SAMPLE_CUSTOMERS = 40_000;

/** The rows a transaction model is fitted on, and what a reader of the fit should know about them. */
function fitSample(
  rows: readonly RepeatSummary[],
  cap: number,
): { rows: readonly RepeatSummary[]; note: string } {
  if (rows.length <= cap) return { rows, note: '' };
  const sample = systematicSample(collapseRepeatSummaries(rows), rows.length, cap);
  const n = (v: number) => v.toLocaleString('en');
  return {
    rows: sample,
    note: ` Fitted on a systematic sample of ${n(cap)} of the ${n(rows.length)} customers; all of them are scored with these parameters.`,
  };
}

/** Fits BG/NBD and Pareto/NBD on the same rows (sampled when there are many). */
function fitTransactionModels(rows: readonly RepeatSummary[], cap: number) {
  const { rows: fitRows, note } = fitSample(rows, cap);
  const withNote = <F extends FitResult<string>>(f: F): F => (note ? { ...f, message: f.message + note } : f);
  return { bg: withNote(fitBgNbd(fitRows)), pareto: withNote(fitParetoNbd(fitRows)) };
}

/** Money enters the spend model in major units (÷100): the scale parameter stays moderate. */
const MONEY_SCALE = 100;

export class PortfolioError extends Error {}

const toModelFit = (fit: FitResult<string>): ModelFit => ({
  model: fit.model as ModelFit['model'],
  params: { ...fit.params },
  standardErrors: { ...fit.standardErrors },
  logLikelihood: fit.logLikelihood,
  n: fit.n,
  converged: fit.converged,
  message: fit.message,
});

interface TransactionModelFns {
  /** P(alive) and the expected purchases in the next ts[i] periods of the summary's unit. */
  curve(
    ts: readonly number[],
    c: { x: number; tx: number; T: number },
  ): { pAlive: number; expected: number[] };
  /** Expected purchases in the next t periods of the summary's unit. */
  expected(t: number, c: { x: number; tx: number; T: number }): number;
  /** A random new customer's expected repeat purchases in their first t periods. */
  aggregate(t: number): number;
}

const bgnbdFns = (p: BgNbdParams): TransactionModelFns => ({
  curve: (ts, c) => bgnbdExpectedPurchasesCurve(p, ts, c),
  expected: (t, c) => bgnbdExpectedPurchases(p, t, c),
  aggregate: (t) => bgnbdExpectedRepeatPurchases(p, t),
});
const paretoFns = (p: ParetoNbdParams): TransactionModelFns => ({
  curve: (ts, c) => paretoNbdExpectedPurchasesCurve(p, ts, c),
  expected: (t, c) => paretoNbdExpectedPurchases(p, t, c),
  aggregate: (t) => paretoNbdExpectedRepeatPurchases(p, t),
});

/**
 * Computes the named values once per distinct (x, t_x, T) of the rows (customers with the same
 * summary share their predictions) and answers them by row, kept in one typed array.
 */
function perDistinctSummary<K extends string>(
  rows: readonly RepeatSummary[],
  names: readonly K[],
  compute: (c: RepeatSummary) => Record<K, number>,
): (row: number, name: K) => number {
  const { distinct, index } = indexRepeatSummaries(rows);
  const width = names.length;
  const values = new Float64Array(distinct.length * width);
  distinct.forEach((c, d) => {
    const v = compute(c);
    names.forEach((name, j) => {
      values[d * width + j] = v[name];
    });
  });
  return (row, name) => values[index[row]! * width + names.indexOf(name)]!;
}

const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/**
 * Fits BG/NBD, Pareto/NBD and Gamma-Gamma on all history and scores every customer; when a
 * calibration end is given, fits the transaction models again on calibration only and reports
 * how they and the simple formula predict the held-out purchases.
 *
 * Time: `asOfDay` and `calibrationEndDay` are day numbers; the models work in `settings.unit`
 * (days, or weeks of 7 days). CLV sums the expected purchases of each month of the horizon
 * times the expected spend, discounted monthly.
 *
 * @example computePortfolio(stats, { asOfDay: 20_400, calibrationEndDay: 20_218, repeatsByDay, settings })
 */
export function computePortfolio(input: {
  stats: readonly PurchaseStats[];
  asOfDay: number;
  calibrationEndDay: number | null;
  repeatsByDay: ReadonlyMap<number, number>;
  settings: PortfolioSettings;
  /** Fit the transaction models on a sample of this many when there are more customers (default {@link FIT_SAMPLE_CUSTOMERS}). */
  fitSampleCustomers?: number;
}): PortfolioResult {
  const { stats, asOfDay, settings } = input;
  const cap = input.fitSampleCustomers ?? FIT_SAMPLE_CUSTOMERS;
  const u = settings.unit === 'week' ? 7 : 1;
  const unitsPerMonth = UNITS_PER_MONTH[settings.unit];
  const repeaters = stats.filter((s) => s.days > 1).length;
  if (stats.length < MIN_CUSTOMERS || repeaters < MIN_REPEAT_CUSTOMERS) {
    throw new PortfolioError(
      `the models need at least ${MIN_CUSTOMERS} customers with orders and ${MIN_REPEAT_CUSTOMERS} with a repeat purchase; this workspace has ${stats.length} and ${repeaters}`,
    );
  }

  const summaries: RepeatSummary[] = stats.map((s) => ({
    x: s.days - 1,
    tx: (s.lastDay - s.firstDay) / u,
    T: (asOfDay - s.firstDay) / u,
  }));
  const spends: SpendSummary[] = stats
    .filter((s) => s.days > 1)
    .map((s) => ({ x: s.days - 1, mx: s.repeatSpendMinor / (s.days - 1) / MONEY_SCALE }));

  const { bg, pareto } = fitTransactionModels(summaries, cap);
  const gg = fitGammaGamma(spends);
  const fits = [bg, pareto, gg].map((f) => toModelFit(f as FitResult<string>));
  const model =
    settings.transactionModel === 'bgnbd'
      ? bgnbdFns(bg.params as BgNbdParams)
      : paretoFns(pareto.params as ParetoNbdParams);
  const ggParams = gg.params as GammaGammaParams;

  // Everything but the spend depends on (x, t_x, T) alone: computed once per distinct summary,
  // at the end of each month up to the horizon (and at least up to 12 months, for the 3- and
  // 12-month expectations).
  const monthEnds = Array.from(
    { length: Math.max(12, settings.horizonMonths) },
    (_, m) => (m + 1) * unitsPerMonth,
  );
  const predict = perDistinctSummary(summaries, ['pAlive', 'next3', 'next12', 'clvPerSpend'], (c) => {
    const curve = model.curve(monthEnds, c);
    const cumulative = [0, ...curve.expected.map((e) => Math.max(0, finiteOr(e, 0)))];
    return {
      pAlive: Math.min(1, Math.max(0, finiteOr(curve.pAlive, 0))),
      next3: cumulative[3]!,
      next12: cumulative[12]!,
      clvPerSpend: clvOfCumulative(
        cumulative.slice(0, settings.horizonMonths + 1),
        settings.monthlyDiscountRate,
      ),
    };
  });

  const rfm = rfmScores(
    stats.map((s) => ({
      customerId: s.customerId,
      recencyDays: asOfDay - s.lastDay,
      frequency: s.days,
      monetary: s.spendMinor,
    })),
    { bins: settings.rfmBins },
  );

  const customers: CustomerResult[] = stats.map((s, i) => {
    const sum = summaries[i]!;
    const mx = sum.x > 0 ? s.repeatSpendMinor / sum.x / MONEY_SCALE : 0;
    const spend =
      Math.max(0, finiteOr(gammaGammaExpectedSpend(ggParams, { x: sum.x, mx }), mx)) * MONEY_SCALE;
    const heuristic = heuristicClv({
      horizonMonths: settings.horizonMonths,
      monthlyDiscountRate: settings.monthlyDiscountRate,
      totalSpend: s.spendMinor,
      monthsSinceFirstPurchase: (asOfDay - s.firstDay) / DAYS_PER_MONTH,
    });
    const score = rfm[i]!;
    return {
      customerId: s.customerId,
      recencyDays: asOfDay - s.lastDay,
      orders: s.days,
      spendMinor: s.spendMinor,
      rfmR: score.recencyScore,
      rfmF: score.frequencyScore,
      rfmM: score.monetaryScore,
      rfmSegment: score.segment,
      frequency: sum.x,
      recency: sum.tx,
      age: sum.T,
      pAlive: predict(i, 'pAlive'),
      expectedPurchases3m: predict(i, 'next3'),
      expectedPurchases12m: predict(i, 'next12'),
      expectedSpendMinor: Math.round(spend),
      clvMinor: Math.round(predict(i, 'clvPerSpend') * spend),
      heuristicClvMinor: Math.round(heuristic),
      tier: 'low' as ValueTier,
    };
  });
  assignTiers(customers);

  const validation =
    input.calibrationEndDay === null
      ? null
      : validate(stats, input.calibrationEndDay, asOfDay, u, input.repeatsByDay, cap);
  return { fits, validation, customers };
}

/** Tiers by CLV rank: the top 10% "top", the next 20% "high", the next 30% "medium", the rest "low". */
function assignTiers(customers: CustomerResult[]): void {
  const order = customers.map((_, i) => i).sort((a, b) => customers[b]!.clvMinor - customers[a]!.clvMinor);
  let start = 0;
  let share = 0;
  for (const tier of VALUE_TIERS) {
    share += VALUE_TIER_SHARES[tier];
    const end = tier === 'low' ? order.length : Math.round(share * order.length);
    for (let k = start; k < end; k++) customers[order[k]!]!.tier = tier;
    start = end;
  }
}

/**
 * The holdout check: both transaction models fitted on the calibration period only, each
 * customer's held-out purchases predicted from their calibration summary and compared with
 * what happened, beside the simple formula (calibration purchase rate × holdout length).
 */
function validate(
  stats: readonly PurchaseStats[],
  calEnd: number,
  asOfDay: number,
  u: number,
  repeatsByDay: ReadonlyMap<number, number>,
  fitSampleCustomers: number,
): ValidationReport | null {
  const cohort = stats.filter((s) => s.firstDay <= calEnd && s.lastCalDay !== null);
  const summaries = cohort.map((s) => ({
    x: s.daysCal - 1,
    tx: (s.lastCalDay! - s.firstDay) / u,
    T: (calEnd - s.firstDay) / u,
  }));
  if (
    cohort.length < MIN_CUSTOMERS ||
    summaries.filter((s) => s.x > 0).length < MIN_REPEAT_CUSTOMERS ||
    asOfDay <= calEnd
  ) {
    return null;
  }
  const tStar = (asOfDay - calEnd) / u;
  const { bg, pareto } = fitTransactionModels(summaries, fitSampleCustomers);
  const models = {
    bgnbd: bgnbdFns(bg.params as BgNbdParams),
    paretoNbd: paretoFns(pareto.params as ParetoNbdParams),
  };
  const predict = perDistinctSummary(summaries, ['bgnbd', 'pareto-nbd'], (c) => ({
    bgnbd: finiteOr(models.bgnbd.expected(tStar, c), 0),
    'pareto-nbd': finiteOr(models.paretoNbd.expected(tStar, c), 0),
  }));

  const ce = Array.from({ length: CE_MAX_FREQUENCY + 1 }, (_, f) => ({
    frequency: f,
    orMore: f === CE_MAX_FREQUENCY,
    customers: 0,
    actual: 0,
    bgnbd: 0,
    paretoNbd: 0,
    heuristic: 0,
  }));
  const err = {
    bgnbd: { abs: 0, sq: 0, total: 0 },
    'pareto-nbd': { abs: 0, sq: 0, total: 0 },
    heuristic: { abs: 0, sq: 0, total: 0 },
  };
  let actualTotal = 0;
  cohort.forEach((s, i) => {
    const c = summaries[i]!;
    const actual = s.daysHoldout;
    const preds = {
      bgnbd: predict(i, 'bgnbd'),
      'pareto-nbd': predict(i, 'pareto-nbd'),
      heuristic: c.T > 0 ? (c.x / c.T) * tStar : 0,
    };
    for (const k of Object.keys(preds) as (keyof typeof preds)[]) {
      const d = preds[k] - actual;
      err[k].abs += Math.abs(d);
      err[k].sq += d * d;
      err[k].total += preds[k];
    }
    actualTotal += actual;
    const row = ce[Math.min(c.x, CE_MAX_FREQUENCY)]!;
    row.customers++;
    row.actual += actual;
    row.bgnbd += preds.bgnbd;
    row.paretoNbd += preds['pareto-nbd'];
    row.heuristic += preds.heuristic;
  });
  const n = cohort.length;
  const errors = (Object.keys(err) as (keyof typeof err)[]).map(
    (model): ModelError => ({
      model,
      mae: err[model].abs / n,
      rmse: Math.sqrt(err[model].sq / n),
      totalPredicted: err[model].total,
    }),
  );
  const best = errors.reduce((a, b) => (b.mae < a.mae ? b : a)).model;

  // Cumulative repeat purchases of the cohort, week by week from the first first purchase.
  const firstDays = new Map<number, number>();
  for (const s of cohort) firstDays.set(s.firstDay, (firstDays.get(s.firstDay) ?? 0) + 1);
  const start = Math.min(...firstDays.keys());
  const aggregateAt = {
    bgnbd: memoByDays((d) => models.bgnbd.aggregate(d / u)),
    paretoNbd: memoByDays((d) => models.paretoNbd.aggregate(d / u)),
  };
  const cumulative: ValidationReport['cumulative'] = [];
  let actualCum = 0;
  let day = start;
  for (let period = 1; day < asOfDay; period++) {
    const end = Math.min(start + period * 7, asOfDay);
    for (; day < end; day++) actualCum += repeatsByDay.get(day + 1) ?? 0;
    let bgCum = 0;
    let paretoCum = 0;
    for (const [first, count] of firstDays) {
      if (end <= first) continue;
      bgCum += count * aggregateAt.bgnbd(end - first);
      paretoCum += count * aggregateAt.paretoNbd(end - first);
    }
    cumulative.push({
      period,
      date: isoOfDay(end),
      holdout: end > calEnd,
      actual: actualCum,
      bgnbd: finiteOr(bgCum, 0),
      paretoNbd: finiteOr(paretoCum, 0),
    });
  }

  return {
    calibrationEnd: isoOfDay(calEnd),
    holdoutEnd: isoOfDay(asOfDay),
    holdoutPeriods: tStar,
    customers: n,
    actualHoldoutPurchases: actualTotal,
    fits: [bg, pareto].map((f) => toModelFit(f as FitResult<string>)),
    conditionalExpectation: ce.map((r) => ({
      ...r,
      actual: r.customers ? r.actual / r.customers : 0,
      bgnbd: r.customers ? r.bgnbd / r.customers : null,
      paretoNbd: r.customers ? r.paretoNbd / r.customers : null,
      heuristic: r.customers ? r.heuristic / r.customers : 0,
    })),
    cumulative,
    errors,
    best,
  };
}

function memoByDays(f: (days: number) => number) {
  const cache = new Map<number, number>();
  return (days: number) => {
    let v = cache.get(days);
    if (v === undefined) {
      v = f(days);
      cache.set(days, v);
    }
    return v;
  };
}
