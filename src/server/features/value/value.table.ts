import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  ModelFit,
  RfmSegment,
  TransactionModel,
  ValidationReport,
  ValueRunStatus,
  ValueTier,
} from '../../../shared/contracts/value.js';
import { actorColumn, tstz, workspaceIdColumn } from '../../db/columns.js';

/** One recompute of a workspace's customer value: what was fitted, how it validated, where it got to. */
export const valueRuns = pgTable(
  'value_runs',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    status: text('status').$type<ValueRunStatus>().notNull().default('queued'),
    trigger: text('trigger').$type<'nightly' | 'manual' | 'cli'>().notNull(),
    requestedBy: actorColumn('requested_by').notNull(),
    requestedAt: tstz('requested_at').notNull().defaultNow(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    progress: jsonb('progress').$type<{ phase: string; done: number; total: number }>(),
    asOf: date('as_of', { mode: 'string' }),
    unit: text('unit').$type<'day' | 'week'>().notNull(),
    currency: text('currency').notNull(),
    customers: integer('customers'),
    orders: integer('orders'),
    transactionModel: text('transaction_model').$type<TransactionModel>().notNull(),
    /** The settings the run used, so an old run explains itself after the settings change. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    fits: jsonb('fits').$type<ModelFit[]>().notNull().default([]),
    validation: jsonb('validation').$type<ValidationReport>(),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('value_runs_requested_idx').on(t.workspaceId, t.requestedAt.desc()),
  ],
);

/**
 * A customer's results in one run; kept for the last `keepRuns` runs, so the 360 can show
 * P(alive) and CLV over time. No foreign key to customers: a run is a record of its day, and
 * merges and erasure clean these rows explicitly.
 */
export const customerValues = pgTable(
  'customer_values',
  {
    workspaceId: workspaceIdColumn(),
    runId: uuid('run_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    recencyDays: integer('recency_days').notNull(),
    orders: integer('orders').notNull(),
    spendMinor: bigint('spend_minor', { mode: 'number' }).notNull(),
    rfmR: smallint('rfm_r').notNull(),
    rfmF: smallint('rfm_f').notNull(),
    rfmM: smallint('rfm_m').notNull(),
    rfmSegment: text('rfm_segment').$type<RfmSegment>().notNull(),
    frequency: integer('frequency').notNull(),
    recency: doublePrecision('recency').notNull(),
    age: doublePrecision('age').notNull(),
    pAlive: doublePrecision('p_alive').notNull(),
    expectedPurchases3m: doublePrecision('expected_purchases_3m').notNull(),
    expectedPurchases12m: doublePrecision('expected_purchases_12m').notNull(),
    expectedSpendMinor: bigint('expected_spend_minor', { mode: 'number' }).notNull(),
    clvMinor: bigint('clv_minor', { mode: 'number' }).notNull(),
    heuristicClvMinor: bigint('heuristic_clv_minor', { mode: 'number' }).notNull(),
    tier: text('tier').$type<ValueTier>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.customerId] }),
    // The 360's history of one customer across runs.
    index('customer_values_customer_idx').on(t.workspaceId, t.customerId),
    // The customers list sorted or filtered by value within the current run.
    index('customer_values_clv_idx').on(t.workspaceId, t.runId, t.clvMinor.desc()),
  ],
);
