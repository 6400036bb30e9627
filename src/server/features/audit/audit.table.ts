import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { actorColumn, tstz, workspaceIdColumn } from '../../db/columns.js';

/** Append-only: a trigger in the migrations rejects UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    at: tstz('at').notNull(),
    actor: actorColumn('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_entity_idx').on(t.workspaceId, t.entityType, t.entityId, t.at.desc()),
    index('audit_at_idx').on(t.workspaceId, t.at.desc(), t.id.desc()),
  ],
);
