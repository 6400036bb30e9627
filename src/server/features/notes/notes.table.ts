import { boolean, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

export const notes = pgTable(
  'notes',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    body: text('body').notNull(),
    /** Flagged for front-line staff: shown on the service briefing of the customer's visits. */
    frontLine: boolean('front_line').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('notes_customer_idx').on(t.workspaceId, t.customerId, t.createdAt.desc()),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);
