import { z } from 'zod';
import { CASE_CHANNELS, CASE_TYPES, SlaTargetKind } from './cases.js';
import { IsoDate } from './common.js';

/**
 * Service-recovery analytics on the workspace's own data, and the silent-dissatisfaction work
 * list. The research figures the dashboard shows beside the workspace's own come from
 * PRODUCT.md §4, quoted as written there.
 */

/** One figure from the research, as a share (0–1) or a range of shares, with its wording. */
export const ResearchFigure = z.object({
  id: z.string(),
  label: z.string(),
  /** The share, or the low end of a range. */
  low: z.number(),
  /** The high end of a range; equal to `low` for a single figure. */
  high: z.number(),
  text: z.string().describe('the sentence of PRODUCT.md §4 the figure is taken from'),
});
export type ResearchFigure = z.infer<typeof ResearchFigure>;

/** Where the research figures are quoted from. */
export const RECOVERY_RESEARCH_SOURCE = 'PRODUCT.md §4, Complaints, suggestions and service recovery';

/**
 * The research figures on complaining and recovery, as PRODUCT.md §4 states them: only about 5%
 * of dissatisfied customers complain; 54–70% of complainants buy again when the complaint is
 * resolved, up to 95% when they feel it was resolved quickly.
 */
export const RECOVERY_RESEARCH = {
  complain: {
    id: 'complain',
    label: 'Dissatisfied customers who complain',
    low: 0.05,
    high: 0.05,
    text: 'Customers are dissatisfied with about 25% of purchases, yet only about 5% complain; the rest stop buying.',
  },
  resolved: {
    id: 'resolved',
    label: 'Complainants who buy again when resolved',
    low: 0.54,
    high: 0.7,
    text: 'Of complainants, 54–70% buy again if the complaint is resolved',
  },
  resolvedQuickly: {
    id: 'resolvedQuickly',
    label: 'Complainants who buy again when resolved quickly',
    low: 0.95,
    high: 0.95,
    text: 'and up to 95% if they feel it was resolved quickly.',
  },
} as const satisfies Record<string, ResearchFigure>;

/** Fewer customers than this in a group and its rate is flagged as a small sample. */
export const SMALL_SAMPLE_CUSTOMERS = 30;
/** Days after resolution in which a purchase counts as buying again. */
export const REPURCHASE_WINDOW_DAYS = 90;
/** The default period: the last 90 days, today included. */
export const DEFAULT_PERIOD_DAYS = 90;
/** The longest period one request may ask for, in days (two years). */
export const MAX_PERIOD_DAYS = 731;

export const CaseAnalyticsQuery = z.object({
  from: IsoDate.optional().describe(
    `cases opened on or after this day (workspace time zone); ${DEFAULT_PERIOD_DAYS} days before to by default`,
  ),
  to: IsoDate.optional().describe(
    'cases opened on or before this day (workspace time zone); today by default',
  ),
  fastHours: z.coerce
    .number()
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1 hour')
    .max(720, 'must be at most 720 hours (30 days)')
    .default(24)
    .describe('a complaint resolved within this many hours of opening counts as resolved fast'),
});
export type CaseAnalyticsQuery = z.input<typeof CaseAnalyticsQuery>;

/** How long something took, over the cases where it happened (hours; null when none did). */
export const DurationStats = z.object({
  measured: z.int().describe('cases where it happened'),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable().describe('90% of the measured cases took at most this long'),
});
export type DurationStats = z.infer<typeof DurationStats>;

/** Customers of one group (fast or slow resolution) and how many bought again. */
export const RepurchaseGroup = z.object({
  customers: z.int(),
  repurchased: z.int(),
  rate: z.number().nullable().describe('repurchased / customers; null without customers'),
  smallSample: z
    .boolean()
    .describe(`fewer than ${SMALL_SAMPLE_CUSTOMERS} customers: read the rate with care`),
});
export type RepurchaseGroup = z.infer<typeof RepurchaseGroup>;

export const CaseAnalytics = z.object({
  period: z.object({
    from: IsoDate,
    to: IsoDate,
    timeZone: z.string(),
    /** The instants the period starts at and ends before. */
    start: z.date(),
    end: z.date(),
  }),
  asOf: z.date(),
  cases: z.object({
    opened: z.int(),
    byType: z.record(z.enum(CASE_TYPES), z.int()),
    byChannel: z.record(z.enum(CASE_CHANNELS), z.int()),
  }),
  complaintRate: z.object({
    complaints: z.int(),
    orders: z.int().describe('orders placed in the period, not cancelled, not returns'),
    per1000Orders: z.number().nullable().describe('null when no orders were placed'),
  }),
  firstContact: DurationStats.describe('opened → first reply to the customer'),
  resolution: DurationStats.describe('opened → resolved'),
  sla: z.object({
    byKind: z.array(
      z.object({
        kind: SlaTargetKind,
        met: z.int(),
        missed: z.int(),
        attainment: z.number().nullable().describe('met / (met + missed); null when none stopped'),
      }),
    ),
    met: z.int(),
    missed: z.int(),
    attainment: z.number().nullable(),
  }),
  csat: z.object({
    requested: z.int(),
    answered: z.int(),
    responseRate: z.number().nullable().describe('answered / requested'),
    average: z.number().nullable().describe('mean score, 1–5'),
    distribution: z.array(z.object({ score: z.int(), count: z.int() })).describe('scores 1 to 5'),
  }),
  suggestions: z.object({
    opened: z.int(),
    answered: z.int().describe('suggestions whose customer was told the outcome'),
    answeredRate: z.number().nullable(),
  }),
  repurchase: z.object({
    windowDays: z.int(),
    fastHours: z.int(),
    fast: RepurchaseGroup,
    slow: RepurchaseGroup,
    awaitingWindow: z
      .int()
      .describe('customers whose complaint was resolved less than the window ago: counted once it ends'),
    research: z.array(ResearchFigure),
  }),
  smallSampleCustomers: z.int(),
});
export type CaseAnalytics = z.infer<typeof CaseAnalytics>;

/** What made a customer's dissatisfaction visible without a complaint. */
export const SILENT_SIGNAL_KINDS = [
  'low_satisfaction',
  'negative_review',
  'negative_mention',
  'return',
] as const;
export const SilentSignalKind = z.enum(SILENT_SIGNAL_KINDS);
export type SilentSignalKind = z.infer<typeof SilentSignalKind>;

/** Days back a negative signal is looked for. */
export const SILENT_SIGNAL_DAYS = 180;
/** Most signals listed per customer (the most recent). */
export const SILENT_SIGNALS_LISTED = 5;

export const SILENT_NEXT_STEPS = ['call_about_return', 'answer_review', 'call_about_visit'] as const;

export const SilentDissatisfactionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type SilentDissatisfactionQuery = z.input<typeof SilentDissatisfactionQuery>;

export const SilentSignal = z.object({
  kind: SilentSignalKind,
  at: z.date(),
  source: z.enum(['touchpoint', 'order', 'case']),
  sourceId: z.string(),
  /** The touch point's type (`call`, `review`…), the order's status, or the case's reference. */
  label: z.string(),
  satisfaction: z.int().nullable().describe('a touch point rated 1–5'),
});
export type SilentSignal = z.infer<typeof SilentSignal>;

export const SilentCustomer = z.object({
  customerId: z.string(),
  name: z.string(),
  signals: z.array(SilentSignal).describe(`the most recent, at most ${SILENT_SIGNALS_LISTED}`),
  signalCount: z.int(),
  latestSignalAt: z.date(),
  purchases: z.object({
    last90Days: z.int().describe('orders in the last 90 days'),
    prior12Months: z.int().describe('orders in the 12 months before those 90 days'),
    priorPer90Days: z.number().describe('the prior 12 months as a rate per 90 days'),
  }),
  lastOrderAt: z.date().nullable(),
  nextStep: z.object({ kind: z.enum(SILENT_NEXT_STEPS), text: z.string() }),
});
export type SilentCustomer = z.infer<typeof SilentCustomer>;

export const SilentDissatisfactionPage = z.object({
  items: z.array(SilentCustomer),
  nextCursor: z.string().nullable(),
  asOf: z.date(),
});
export type SilentDissatisfactionPage = z.infer<typeof SilentDissatisfactionPage>;
