import {
  type CustomerValue,
  type CustomerValuePanel,
  DEFAULT_VALUE_SETTINGS,
  type ModelFit,
  type ValidationReport,
  type ValueDashboard,
  type ValueRun,
  type ValueSettings,
} from '../../../shared/contracts/value.js';

/*
 * Value data shaped like the server's answers, for this feature's component tests only. Builders
 * return the typed value; `wire` turns it into what arrives over the network (dates as ISO strings).
 */

export const RUN_ID = '01938e77-0000-7000-8000-0000000f0001';
export const OLD_RUN_ID = '01938e77-0000-7000-8000-0000000f0002';
export const NEW_RUN_ID = '01938e77-0000-7000-8000-0000000f0003';

/** A body as JSON carries it. */
export const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

export const BG_FIT: ModelFit = {
  model: 'bgnbd',
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: { r: 0.0126, alpha: 0.3839, a: 0.1854, b: null },
  logLikelihood: -9582.43,
  n: 2357,
  converged: true,
  message: 'converged',
};

export const PARETO_FIT: ModelFit = {
  model: 'pareto-nbd',
  params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  standardErrors: { r: 0.048, alpha: 0.843, s: 0.189, beta: 6.123 },
  logLikelihood: -9595.01,
  n: 2357,
  converged: false,
  message: 'iteration limit reached',
};

export function validation(over: Partial<ValidationReport> = {}): ValidationReport {
  return {
    calibrationEnd: '2025-09-30',
    holdoutEnd: '2026-03-31',
    holdoutPeriods: 26,
    customers: 2357,
    actualHoldoutPurchases: 1788,
    fits: [BG_FIT, PARETO_FIT],
    conditionalExpectation: [0, 1, 2].map((f) => ({
      frequency: f,
      orMore: f === 2,
      customers: 100 - f * 30,
      actual: f * 0.8,
      bgnbd: f * 0.75,
      paretoNbd: f === 2 ? null : f * 0.7,
      heuristic: f * 1.1,
    })),
    cumulative: [
      { period: 1, date: '2025-09-16', holdout: false, actual: 10, bgnbd: 11, paretoNbd: 12 },
      { period: 2, date: '2025-09-30', holdout: false, actual: 25, bgnbd: 24, paretoNbd: 26 },
      { period: 3, date: '2025-10-14', holdout: true, actual: 41, bgnbd: 39.6, paretoNbd: 43 },
    ],
    errors: [
      { model: 'bgnbd', mae: 0.61234, rmse: 1.1, totalPredicted: 1750.4 },
      { model: 'pareto-nbd', mae: 0.63, rmse: 1.2, totalPredicted: 1810 },
      { model: 'heuristic', mae: 0.9, rmse: 1.7, totalPredicted: 2405 },
    ],
    best: 'bgnbd',
    ...over,
  };
}

/** The settings a run used: the defaults (12 months at 1% a month, a 26-week holdout, 5 RFM bins). */
export function runSettings(over: Partial<ValueSettings> = {}): ValueSettings {
  return { ...DEFAULT_VALUE_SETTINGS, ...over };
}

/** A finished run; its settings follow the unit and transaction model it is given, unless given too. */
export function run(over: Partial<ValueRun> = {}): ValueRun {
  const { settings, ...rest } = over;
  const unit = rest.unit ?? 'week';
  const transactionModel = rest.transactionModel ?? 'bgnbd';
  return {
    id: RUN_ID,
    status: 'succeeded',
    trigger: 'nightly',
    requestedBy: { type: 'system', id: null, name: 'nightly' },
    requestedAt: new Date('2026-04-01T01:00:00Z'),
    startedAt: new Date('2026-04-01T01:00:05Z'),
    finishedAt: new Date('2026-04-01T01:02:00Z'),
    progress: { phase: 'done', done: 3, total: 3 },
    asOf: '2026-03-31',
    unit,
    currency: 'EUR',
    customers: 2357,
    orders: 6919,
    transactionModel,
    settings: settings ?? runSettings({ unit, transactionModel }),
    fits: [
      BG_FIT,
      PARETO_FIT,
      { ...BG_FIT, model: 'gamma-gamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } },
    ],
    validation: validation(),
    error: null,
    current: true,
    ...rest,
  };
}

export function dashboard(over: Partial<ValueDashboard> = {}): ValueDashboard {
  return {
    run: run(),
    tiers: [
      { tier: 'top', customers: 236, clvMinor: 5_400_000, minClvMinor: 12_000 },
      { tier: 'high', customers: 471, clvMinor: 2_700_000, minClvMinor: 4_000 },
      { tier: 'medium', customers: 707, clvMinor: 1_500_000, minClvMinor: 1_000 },
      { tier: 'low', customers: 943, clvMinor: 400_000, minClvMinor: 0 },
    ],
    clvHistogram: [
      { fromMinor: 0, toMinor: 5000, customers: 1500 },
      { fromMinor: 5000, toMinor: 10_000, customers: 600 },
      { fromMinor: 10_000, toMinor: 15_000, customers: 257 },
    ],
    rfmGrid: [
      { r: 5, fm: 5, customers: 120, segment: 'champions' },
      { r: 1, fm: 5, customers: 40, segment: 'cannot_lose_them' },
      { r: 1, fm: 1, customers: 300, segment: 'lost' },
    ],
    segments: [
      { segment: 'lost', customers: 300, clvMinor: 10_000 },
      { segment: 'champions', customers: 120, clvMinor: 3_000_000 },
      { segment: 'cannot_lose_them', customers: 40, clvMinor: 400_000 },
    ],
    pAliveHistogram: [
      { from: 0, to: 0.1, customers: 200 },
      { from: 0.2, to: 0.3, customers: 100 },
      { from: 0.3, to: 0.4, customers: 50 },
      { from: 0.9, to: 1, customers: 650 },
    ],
    totals: {
      customers: 2357,
      clvMinor: 10_000_000,
      heuristicClvMinor: 12_500_000,
      expectedPurchases12m: 3120.4,
    },
    ...over,
  };
}

/** The dashboard of a workspace without any run yet, as the server answers it. */
export const EMPTY_DASHBOARD: ValueDashboard = {
  run: null,
  tiers: [],
  clvHistogram: [],
  rfmGrid: [],
  segments: [],
  pAliveHistogram: [],
  totals: { customers: 0, clvMinor: 0, heuristicClvMinor: 0, expectedPurchases12m: 0 },
};

export function customerValue(over: Partial<CustomerValue> = {}): CustomerValue {
  return {
    runId: RUN_ID,
    computedAt: new Date('2026-04-01T01:02:00Z'),
    currency: 'EUR',
    recencyDays: 12,
    orders: 7,
    spendMinor: 84_000,
    rfm: { r: 5, f: 4, m: 4, segment: 'champions' },
    frequency: 6,
    recency: 60.3,
    age: 70.1,
    pAlive: 0.853,
    expectedPurchases3m: 1.24,
    expectedPurchases12m: 4.51,
    expectedSpendMinor: 11_950,
    clvMinor: 48_230,
    heuristicClvMinor: 61_000,
    tier: 'top',
    ...over,
  };
}

export function panel(over: Partial<CustomerValuePanel> = {}): CustomerValuePanel {
  const { validation: _, ...summary } = run();
  return {
    current: customerValue(),
    history: [
      {
        runId: RUN_ID,
        computedAt: new Date('2026-04-01T01:02:00Z'),
        pAlive: 0.853,
        clvMinor: 48_230,
        expectedPurchases12m: 4.51,
      },
      {
        runId: OLD_RUN_ID,
        computedAt: new Date('2026-03-01T01:02:00Z'),
        pAlive: 0.91,
        clvMinor: 50_000,
        expectedPurchases12m: 4.8,
      },
    ],
    run: summary,
    ...over,
  };
}
