import { foreignKey, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SavedViewResource } from '../../../shared/contracts/saved-views.js';
import { createdAt, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { users } from '../users/users.table.js';

/**
 * A user's named list views (filters, sort, columns). A preference, not a business record: no
 * soft delete, and nobody but its user reads it.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    resource: text('resource').$type<SavedViewResource>().notNull(),
    name: text('name').notNull(),
    /** The resource's view state as its contract parses it (e.g. CustomerViewState). */
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Serves the per-user list sorted by name and keeps names unique per user and resource.
    uniqueIndex('saved_views_user_name_key').on(t.workspaceId, t.userId, t.resource, t.name),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);
