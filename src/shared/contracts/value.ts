import { z } from 'zod';
import { ActorRef, Id, IsoDate } from './common.js';

/** The repeat-purchase models a run fits; the transaction model of the CLV is one of the first two. */
export const VALUE_MODELS = ['bgnbd', 'pareto-nbd', 'gamma-gamma'] as const;
export const ValueModel = z.enum(VALUE_MODELS);
export type ValueModel = z.infer<typeof ValueModel>;

export const TRANSACTION_MODELS = ['bgnbd', 'pareto-nbd'] as const;
export const TransactionModel = z.enum(TRANSACTION_MODELS);
export type TransactionModel = z.infer<typeof TransactionModel>;

/** Value tiers by CLV rank within the run: top 10%, next 20%, next 30%, the rest; none without orders. */
export const VALUE_TIERS = ['top', 'high', 'medium', 'low'] as const;
export const ValueTier = z.enum(VALUE_TIERS);
export type ValueTier = z.infer<typeof ValueTier>;
/** Share of ranked customers in each tier, best first (sums to 1). */
export const VALUE_TIER_SHARES: Record<ValueTier, number> = { top: 0.1, high: 0.2, medium: 0.3, low: 0.4 };

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose_them',
  'hibernating',
  'lost',
] as const;
export const RfmSegment = z.enum(RFM_SEGMENTS);
export type RfmSegment = z.infer<typeof RfmSegment>;

/** How a workspace's value runs are made (workspaces.settings.value). */
export const ValueSettings = z.object({
  unit: z.enum(['day', 'week']).describe('time unit of the summaries the models are fitted on'),
  transactionModel: TransactionModel.describe('which repeat-purchase model the CLV and P(alive) use'),
  horizonMonths: z.number().int().min(1).max(120),
  monthlyDiscountRate: z.number().min(0).max(0.5).describe('e.g. 0.01 = 1% a month'),
  holdoutWeeks: z
    .number()
    .int()
    .min(4)
    .max(104)
    .describe('the last weeks of history held out to validate the models on'),
  excludeGiftOrders: z
    .boolean()
    .describe('orders whose every line is a gift do not count toward a customer’s own purchases'),
  rfmBins: z.number().int().min(2).max(10),
  nightly: z.boolean().describe('recompute every night'),
  nightlyHour: z.number().int().min(0).max(23).describe('local hour of the nightly run, workspace time zone'),
  keepRuns: z.number().int().min(1).max(365).describe('runs whose per-customer results are kept'),
});
export type ValueSettings = z.infer<typeof ValueSettings>;
export const ValueSettingsUpdate = ValueSettings.partial();
export type ValueSettingsUpdate = z.infer<typeof ValueSettingsUpdate>;

export const DEFAULT_VALUE_SETTINGS: ValueSettings = {
  unit: 'week',
  transactionModel: 'bgnbd',
  horizonMonths: 12,
  monthlyDiscountRate: 0.01,
  holdoutWeeks: 26,
  excludeGiftOrders: false,
  rfmBins: 5,
  nightly: true,
  nightlyHour: 2,
  keepRuns: 30,
};

/** One fitted model: parameters, their standard errors and the fit's diagnostics. */
export const ModelFit = z.object({
  model: ValueModel,
  params: z.record(z.string(), z.number()),
  standardErrors: z.record(z.string(), z.number().nullable()),
  logLikelihood: z.number(),
  n: z.number().int(),
  converged: z.boolean(),
  message: z.string(),
});
export type ModelFit = z.infer<typeof ModelFit>;

/** Predicted vs actual holdout purchases for the customers with one calibration frequency. */
export const ConditionalExpectationRow = z.object({
  frequency: z
    .number()
    .int()
    .describe('repeat purchases in calibration; the last row is "this many or more"'),
  orMore: z.boolean(),
  customers: z.number().int(),
  actual: z.number().describe('mean holdout repeat purchases'),
  bgnbd: z.number().nullable(),
  paretoNbd: z.number().nullable(),
  heuristic: z.number().describe('the simple formula: calibration purchase rate × holdout length'),
});

/** Cumulative repeat purchases of the cohort over time, actual and as each model expects. */
export const CumulativeRow = z.object({
  period: z.number().int().describe('periods (the run’s unit) since the first customer’s first purchase'),
  date: IsoDate,
  holdout: z.boolean(),
  actual: z.number(),
  bgnbd: z.number().nullable(),
  paretoNbd: z.number().nullable(),
});

export const ModelError = z.object({
  model: z.enum(['bgnbd', 'pareto-nbd', 'heuristic']),
  mae: z.number(),
  rmse: z.number(),
  totalPredicted: z.number(),
});
export type ModelError = z.infer<typeof ModelError>;

/** The honest check: models fitted on calibration only, scored on the held-out weeks. */
export const ValidationReport = z.object({
  calibrationEnd: IsoDate,
  holdoutEnd: IsoDate,
  holdoutPeriods: z.number().describe('length of the holdout in the run’s unit'),
  customers: z.number().int(),
  actualHoldoutPurchases: z.number().int(),
  fits: z.array(ModelFit),
  conditionalExpectation: z.array(ConditionalExpectationRow),
  cumulative: z.array(CumulativeRow),
  errors: z.array(ModelError).describe('customer-level errors of holdout purchase counts; lower is better'),
  best: z.enum(['bgnbd', 'pareto-nbd', 'heuristic']).describe('lowest customer-level MAE'),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const VALUE_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const ValueRunStatus = z.enum(VALUE_RUN_STATUSES);
export type ValueRunStatus = z.infer<typeof ValueRunStatus>;

export const ValueRun = z.object({
  id: Id,
  status: ValueRunStatus,
  trigger: z.enum(['nightly', 'manual', 'cli']),
  requestedBy: ActorRef,
  requestedAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number() }).nullable(),
  asOf: IsoDate.nullable().describe('the last day of history the run used'),
  unit: z.enum(['day', 'week']),
  currency: z.string(),
  customers: z.number().int().nullable().describe('customers with at least one order'),
  orders: z.number().int().nullable(),
  transactionModel: TransactionModel,
  settings: ValueSettings.describe('the settings the run used (horizon, discount, holdout, RFM bins…)'),
  fits: z.array(ModelFit).describe('fitted on all history: what the stored predictions use'),
  validation: ValidationReport.nullable().describe('null when the history is too short to hold any out'),
  error: z.string().nullable(),
  current: z.boolean().describe('the run whose results the app shows'),
});
export type ValueRun = z.infer<typeof ValueRun>;

export const ValueRunList = z.object({ items: z.array(ValueRun) });

export const RecomputeRequest = z.object({}).strict();

/** A customer's results in one run. Money in minor units of the run's currency. */
export const CustomerValue = z.object({
  runId: Id,
  computedAt: z.date(),
  currency: z.string(),
  recencyDays: z.number().int().describe('days since the last order, as of the run'),
  orders: z.number().int().describe('purchase days (same-day orders count once)'),
  spendMinor: z.number().int(),
  rfm: z.object({
    r: z.number().int(),
    f: z.number().int(),
    m: z.number().int(),
    segment: RfmSegment,
  }),
  frequency: z.number().int().describe('repeat purchases (x)'),
  recency: z.number().describe('t_x, in the run’s unit'),
  age: z.number().describe('T, in the run’s unit'),
  pAlive: z.number(),
  expectedPurchases3m: z.number(),
  expectedPurchases12m: z.number(),
  expectedSpendMinor: z.number().int().describe('expected spend per future purchase (Gamma-Gamma)'),
  clvMinor: z.number().int(),
  heuristicClvMinor: z.number().int(),
  tier: ValueTier,
});
export type CustomerValue = z.infer<typeof CustomerValue>;

/** The 360's value panel: the current run's result and the customer's history across kept runs. */
export const CustomerValuePanel = z.object({
  current: CustomerValue.nullable(),
  history: z.array(
    z.object({
      runId: Id,
      computedAt: z.date(),
      pAlive: z.number(),
      clvMinor: z.number().int(),
      expectedPurchases12m: z.number(),
    }),
  ),
  run: ValueRun.omit({ validation: true }).nullable(),
});
export type CustomerValuePanel = z.infer<typeof CustomerValuePanel>;

/** The Value dashboard of one run. */
export const ValueDashboard = z.object({
  run: ValueRun.nullable(),
  tiers: z.array(
    z.object({ tier: ValueTier, customers: z.number().int(), clvMinor: z.number(), minClvMinor: z.number() }),
  ),
  clvHistogram: z.array(
    z.object({ fromMinor: z.number(), toMinor: z.number(), customers: z.number().int() }),
  ),
  rfmGrid: z.array(
    z.object({ r: z.number().int(), fm: z.number().int(), customers: z.number().int(), segment: RfmSegment }),
  ),
  segments: z.array(z.object({ segment: RfmSegment, customers: z.number().int(), clvMinor: z.number() })),
  pAliveHistogram: z.array(z.object({ from: z.number(), to: z.number(), customers: z.number().int() })),
  totals: z.object({
    customers: z.number().int(),
    clvMinor: z.number(),
    heuristicClvMinor: z.number(),
    expectedPurchases12m: z.number(),
  }),
});
export type ValueDashboard = z.infer<typeof ValueDashboard>;
