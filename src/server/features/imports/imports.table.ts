import { bigint, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { ImportKind, ImportRejection, ImportStatus } from '../../../shared/contracts/imports.js';
import { actorColumn, createdAt, tstz, workspaceIdColumn } from '../../db/columns.js';

/** One CSV import run: progress while it runs, the report when it ends. */
export const imports = pgTable(
  'imports',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<ImportKind>().notNull(),
    fileName: text('file_name').notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    /** The first rejections (capped); the full list is in the CLI report. */
    rejected: jsonb('rejected').$type<ImportRejection[]>().notNull().default([]),
    error: text('error'),
    createdBy: actorColumn('created_by').notNull(),
    createdAt: createdAt(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
