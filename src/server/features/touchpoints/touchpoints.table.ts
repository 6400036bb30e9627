import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Channel } from '../../../shared/contracts/common.js';
import { actorColumn, tstz, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

/** Every occasion a customer met the brand, from any channel. */
export const touchpoints = pgTable(
  'touchpoints',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    type: text('type').notNull(),
    /** When it happened (from the source) and when Rapport learnt of it. */
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    source: text('source'),
    /** The sender's id for the event; a second delivery with the same id is not stored again. */
    messageId: text('message_id'),
    staffUserId: uuid('staff_user_id'),
    /** Customer satisfaction, 1 (very unhappy) to 5 (very happy). */
    satisfaction: smallint('satisfaction'),
    createdBy: actorColumn('created_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('touchpoints_message_id_key').on(t.workspaceId, t.messageId),
    index('touchpoints_timeline_idx').on(t.workspaceId, t.customerId, t.occurredAt.desc(), t.id.desc()),
    index('touchpoints_occurred_idx').on(t.workspaceId, t.occurredAt.desc(), t.id.desc()),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);
