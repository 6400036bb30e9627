import { jsonb, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ActorRef } from '../lib/actor.js';

/**
 * Timestamps are UTC `timestamptz` to the millisecond, the precision of a JS `Date`: a cursor
 * or an equality check built from a value read back then matches the stored value exactly.
 */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export const workspaceIdColumn = () => uuid('workspace_id').notNull();

export const createdAt = () => tstz('created_at').notNull().defaultNow();
export const updatedAt = () => tstz('updated_at').notNull().defaultNow();

export const actorColumn = (name: string) => jsonb(name).$type<ActorRef>();
