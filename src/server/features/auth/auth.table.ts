import { foreignKey, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, workspaceIdColumn } from '../../db/columns.js';
import { users } from '../users/users.table.js';

/** Login sessions. The cookie carries workspace, id and a secret; only the secret's hash is stored. */
export const sessions = pgTable(
  'sessions',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);
