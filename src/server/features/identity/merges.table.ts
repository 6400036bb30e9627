import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  CandidateSignal,
  CandidateStatus,
  CustomerSnapshot,
  FieldDecision,
  MergeTrigger,
} from '../../../shared/contracts/identities.js';
import { actorColumn, createdAt, tstz, workspaceIdColumn } from '../../db/columns.js';

/**
 * One merge of `merged_id` into `survivor_id`, with both customers as they were before and the
 * survivor as the merge left it, so it can be shown and undone. Never deleted: an undo stamps
 * `undone_at`.
 */
export const merges = pgTable(
  'merges',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    trigger: text('trigger').$type<MergeTrigger>().notNull(),
    /** Why: the identity that linked the two, or the staff member's reason. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    survivorBefore: jsonb('survivor_before').$type<CustomerSnapshot>().notNull(),
    mergedBefore: jsonb('merged_before').$type<CustomerSnapshot>().notNull(),
    survivorAfter: jsonb('survivor_after').$type<CustomerSnapshot>().notNull(),
    decisions: jsonb('decisions').$type<FieldDecision[]>().notNull().default([]),
    /** Rows moved from the merged customer to the survivor, per entity. */
    movedCounts: jsonb('moved_counts').$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
    createdBy: actorColumn('created_by').notNull(),
    undoneAt: tstz('undone_at'),
    undoneBy: actorColumn('undone_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('merges_survivor_idx').on(t.workspaceId, t.survivorId, t.createdAt.desc()),
    index('merges_merged_idx').on(t.workspaceId, t.mergedId, t.createdAt.desc()),
  ],
);

/** Which rows a merge moved, so an undo puts back exactly those. */
export const mergeMoves = pgTable(
  'merge_moves',
  {
    workspaceId: workspaceIdColumn(),
    mergeId: uuid('merge_id').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.mergeId, t.entity, t.entityId] })],
);

/** Pairs staff said are different people: never merged, by events, imports or anyone. */
export const mergeBlocks = pgTable(
  'merge_blocks',
  {
    workspaceId: workspaceIdColumn(),
    /** The pair in id order, so (a, b) and (b, a) are one row. */
    customerA: uuid('customer_a').notNull(),
    customerB: uuid('customer_b').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
    createdBy: actorColumn('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerA, t.customerB] })],
);

/** Likely duplicates found by fuzzy signals, for staff to decide; never merged automatically. */
export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerA: uuid('customer_a').notNull(),
    customerB: uuid('customer_b').notNull(),
    /** 0–1: 0.7 × name similarity + 0.1 per shared birthday, postcode or phone. */
    score: real('score').notNull(),
    signals: jsonb('signals').$type<CandidateSignal[]>().notNull().default([]),
    status: text('status').$type<CandidateStatus>().notNull().default('open'),
    foundAt: tstz('found_at').notNull().defaultNow(),
    resolvedAt: tstz('resolved_at'),
    resolvedBy: actorColumn('resolved_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('duplicate_candidates_pair_key').on(t.workspaceId, t.customerA, t.customerB),
    index('duplicate_candidates_open_idx')
      .on(t.workspaceId, t.score.desc(), t.id)
      .where(sql`${t.status} = 'open'`),
  ],
);
