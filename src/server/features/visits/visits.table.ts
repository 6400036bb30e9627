import { foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { VisitStatus } from '../../../shared/contracts/visits.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

/**
 * Upcoming (and past) bookings, reservations and appointments: who comes, when, where. The
 * briefing screen lists a day's visits at a location; re-imports upsert on (source, external id).
 */
export const visits = pgTable(
  'visits',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at'),
    location: text('location').notNull(),
    type: text('type').notNull(),
    status: text('status').$type<VisitStatus>().notNull().default('booked'),
    /** The booking system and its id for the visit; null external id for visits entered by hand. */
    source: text('source').notNull().default('api'),
    externalId: text('external_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('visits_external_id_key').on(t.workspaceId, t.source, t.externalId),
    // A customer's visits (history for briefings, the move of a merge).
    index('visits_customer_idx').on(t.workspaceId, t.customerId, t.startsAt),
    // A day at a location: the briefing's one range scan.
    index('visits_location_day_idx').on(t.workspaceId, t.location, t.startsAt),
    index('visits_starts_idx').on(t.workspaceId, t.startsAt, t.id),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);
