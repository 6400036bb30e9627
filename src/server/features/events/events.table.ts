import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { EventType } from '../../../shared/contracts/events.js';
import { tstz, workspaceIdColumn } from '../../db/columns.js';

/**
 * The ledger of accepted event message ids: a re-delivered event (sequential, concurrent or
 * after a restart) finds its id here and is not applied twice. Kept narrow on purpose — the
 * event's content lives on the touch point and the profile it updated.
 */
export const events = pgTable(
  'events',
  {
    workspaceId: workspaceIdColumn(),
    messageId: text('message_id').notNull(),
    type: text('type').$type<EventType>().notNull(),
    /** Null only while the batch that claimed the id is being applied (same transaction). */
    customerId: uuid('customer_id'),
    touchpointId: uuid('touchpoint_id'),
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] })],
);
