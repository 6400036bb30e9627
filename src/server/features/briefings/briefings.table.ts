import {
  boolean,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BriefingMessageKind } from '../../../shared/contracts/briefings.js';
import { createdAt, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';
import { users } from '../users/users.table.js';
import { visits } from '../visits/visits.table.js';

/**
 * Whether a member of staff found a kind of message useful on a visit: one row per user, visit
 * and kind (a second answer replaces the first). `customer_id` is the visit's, so the rows move
 * with a merge like the customer's other rows.
 */
export const briefingFeedback = pgTable(
  'briefing_feedback',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    visitId: uuid('visit_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<BriefingMessageKind>().notNull(),
    useful: boolean('useful').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('briefing_feedback_answer_key').on(t.workspaceId, t.visitId, t.userId, t.kind),
    index('briefing_feedback_customer_idx').on(t.workspaceId, t.customerId),
    index('briefing_feedback_updated_idx').on(t.workspaceId, t.updatedAt),
    foreignKey({
      columns: [t.workspaceId, t.visitId],
      foreignColumns: [visits.workspaceId, visits.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }),
  ],
);
