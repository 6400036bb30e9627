import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { PostalAddress } from '../../../shared/contracts/customers.js';
import { actorColumn, createdAt, tstz, updatedAt, workspaceIdColumn } from '../../db/columns.js';
import { customers } from '../customers/customers.table.js';

/** Accounts, for B2B workspaces. Optional: most hotel guests have none. */
export const companies = pgTable(
  'companies',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    address: jsonb('address').$type<PostalAddress>(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: actorColumn('created_by').notNull(),
    updatedBy: actorColumn('updated_by').notNull(),
    deletedAt: tstz('deleted_at'),
    deletedBy: actorColumn('deleted_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('companies_name_idx').on(t.workspaceId, t.name, t.id),
    index('companies_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

/** Which people belong to which company, and in what role. */
export const customerCompanies = pgTable(
  'customer_companies',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id').notNull(),
    companyId: uuid('company_id').notNull(),
    jobTitle: text('job_title'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.companyId] }),
    index('customer_companies_company_idx').on(t.workspaceId, t.companyId),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }).onDelete('cascade'),
  ],
);
