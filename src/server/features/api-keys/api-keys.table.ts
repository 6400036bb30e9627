import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { ApiKeyScope } from '../../../shared/contracts/api-keys.js';
import type { Role } from '../../../shared/contracts/common.js';
import { actorColumn, createdAt, tstz, workspaceIdColumn } from '../../db/columns.js';

/** Integration keys. The secret is shown once; only its SHA-256 is stored. */
export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    scopes: text('scopes').array().$type<ApiKeyScope[]>().notNull(),
    createdBy: actorColumn('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    expiresAt: tstz('expires_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
