import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { EventType } from '../../../shared/contracts/events.js';
import { tstz, workspaceIdColumn } from '../../db/columns.js';

/**
 * The ledger of accepted event message ids: a re-delivered event (sequential, concurrent or
 * after a restart) finds its id here and is not applied twice. Kept narrow on purpose — claimed
 * before the event is resolved, in one insert per batch; the event's content lives on the touch
 * point (same message id) and the profile it updated.
 */
export const events = pgTable(
  'events',
  {
    workspaceId: workspaceIdColumn(),
    messageId: text('message_id').notNull(),
    type: text('type').$type<EventType>().notNull(),
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] })],
);
