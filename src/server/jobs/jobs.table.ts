import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, workspaceIdColumn } from '../db/columns.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * Durable background work: a row per job, claimed with FOR UPDATE SKIP LOCKED under a lease
 * (`locked_until`), so a job whose process died is taken up again once its lease runs out.
 * `dedupe_key` makes scheduled enqueues idempotent across processes (one nightly run a day).
 */
export const jobs = pgTable(
  'jobs',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    runAt: tstz('run_at').notNull().defaultNow(),
    dedupeKey: text('dedupe_key'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    lockedBy: text('locked_by'),
    lockedUntil: tstz('locked_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('jobs_dedupe_key').on(t.workspaceId, t.kind, t.dedupeKey),
    // The claim's scan: due jobs in time order, across workspaces.
    index('jobs_due_idx').on(t.status, t.runAt),
  ],
);
