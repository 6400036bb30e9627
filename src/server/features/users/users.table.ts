import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../../shared/contracts/common.js';
import { createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';

export const users = pgTable(
  'users',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    lastLoginAt: tstz('last_login_at'),
    disabledAt: tstz('disabled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('users_email_key').on(t.workspaceId, sql`lower(${t.email})`),
    // Login looks a user up by e-mail before it knows the workspace.
    index('users_login_email_idx').on(sql`lower(${t.email})`),
  ],
);
