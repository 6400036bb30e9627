import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { TaskStatus } from '../../../shared/contracts/tasks.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

export const tasks = pgTable(
  'tasks',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    assigneeId: uuid('assignee_id'),
    dueAt: tstz('due_at'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    completedAt: tstz('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('tasks_customer_idx').on(t.workspaceId, t.customerId, t.status),
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status, t.dueAt),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);
