import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';

export const products = pgTable(
  'products',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    category: text('category'),
    /** List price in integer minor units of `currency`. */
    priceMinor: bigint('price_minor', { mode: 'number' }),
    currency: text('currency'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('products_sku_key').on(t.workspaceId, t.sku),
    index('products_name_idx').on(t.workspaceId, t.name, t.id),
    index('products_search_trgm_idx').using('gin', sql`lower(${t.name} || ' ' || ${t.sku}) gin_trgm_ops`),
  ],
);
