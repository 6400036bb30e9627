import { and, asc, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { CompanyListQuery } from '../../../shared/contracts/companies.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, type SortDirection, toPage } from '../../lib/pagination.js';
import { containsPattern } from '../../lib/search.js';
import { customers } from '../customers/customers.table.js';
import { companies, customerCompanies } from './companies.table.js';

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyInsert = typeof companies.$inferInsert;
export type CompanyLinkRow = typeof customerCompanies.$inferSelect;

/** A link joined with the customer's list fields. */
export interface CompanyPersonRow {
  customerId: string;
  fullName: string;
  primaryEmail: string | null;
  primaryPhone: string | null;
  jobTitle: string | null;
  linkedAt: Date;
}

const SORT_COLUMNS = {
  name: companies.name,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
} as const;

/** Filters of the company list; `terms` are lower-case search words. */
export type CompanyFilter = Omit<CompanyListQuery, 'q' | 'limit' | 'cursor'> & { terms: string[] };

const personColumns = {
  customerId: customerCompanies.customerId,
  fullName: customers.fullName,
  primaryEmail: customers.primaryEmail,
  primaryPhone: customers.primaryPhone,
  jobTitle: customerCompanies.jobTitle,
  linkedAt: customerCompanies.createdAt,
};

export function createCompaniesRepo(database: Database) {
  const cursorValue = (sort: CompanyFilter['sort'], row: CompanyRow) =>
    sort === 'name' ? row.name : row[sort].toISOString();

  // Link rows join customers on both key columns so a link can never reach another workspace.
  const customerJoin = and(
    eq(customers.workspaceId, customerCompanies.workspaceId),
    eq(customers.id, customerCompanies.customerId),
  );

  return {
    async insert(row: CompanyInsert): Promise<CompanyRow> {
      const [created] = await database.q().insert(companies).values(row).returning();
      return created!;
    },

    async findById(workspaceId: string, id: string): Promise<CompanyRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(companies)
        .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
      return row;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<CompanyInsert>,
    ): Promise<CompanyRow | undefined> {
      const [row] = await database
        .q()
        .update(companies)
        .set(patch)
        .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)))
        .returning();
      return row;
    },

    async list(
      workspaceId: string,
      f: CompanyFilter & { limit: number; cursor?: string | undefined },
    ): Promise<Page<CompanyRow>> {
      const col = SORT_COLUMNS[f.sort];
      const conditions: (SQL | undefined)[] = [
        eq(companies.workspaceId, workspaceId),
        f.deleted ? isNotNull(companies.deletedAt) : isNull(companies.deletedAt),
        // lower(name) is what the trigram index covers.
        ...f.terms.map((t) => sql`lower(${companies.name}) like ${containsPattern(t)}`),
        f.tag ? sql`${companies.tags} @> array[${f.tag}]::text[]` : undefined,
        afterCursor(col, companies.id, f.order, f.cursor, f.sort === 'name' ? 'text' : 'date'),
      ];
      const rows = await database
        .q()
        .select()
        .from(companies)
        .where(and(...conditions))
        .orderBy(...(f.order === 'asc' ? [asc(col), asc(companies.id)] : [desc(col), desc(companies.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [cursorValue(f.sort, r), r.id]);
    },

    async findLink(
      workspaceId: string,
      companyId: string,
      customerId: string,
    ): Promise<CompanyLinkRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(customerCompanies)
        .where(
          and(
            eq(customerCompanies.workspaceId, workspaceId),
            eq(customerCompanies.companyId, companyId),
            eq(customerCompanies.customerId, customerId),
          ),
        );
      return row;
    },

    /** Creates the link or replaces its job title; `createdAt` keeps the first link time. */
    async upsertLink(row: {
      workspaceId: string;
      companyId: string;
      customerId: string;
      jobTitle: string | null;
      createdAt: Date;
    }): Promise<CompanyLinkRow> {
      const [saved] = await database
        .q()
        .insert(customerCompanies)
        .values(row)
        .onConflictDoUpdate({
          target: [customerCompanies.workspaceId, customerCompanies.customerId, customerCompanies.companyId],
          set: { jobTitle: row.jobTitle },
        })
        .returning();
      return saved!;
    },

    async deleteLink(
      workspaceId: string,
      companyId: string,
      customerId: string,
    ): Promise<CompanyLinkRow | undefined> {
      const [row] = await database
        .q()
        .delete(customerCompanies)
        .where(
          and(
            eq(customerCompanies.workspaceId, workspaceId),
            eq(customerCompanies.companyId, companyId),
            eq(customerCompanies.customerId, customerId),
          ),
        )
        .returning();
      return row;
    },

    async findPerson(
      workspaceId: string,
      companyId: string,
      customerId: string,
    ): Promise<CompanyPersonRow | undefined> {
      const [row] = await database
        .q()
        .select(personColumns)
        .from(customerCompanies)
        .innerJoin(customers, customerJoin)
        .where(
          and(
            eq(customerCompanies.workspaceId, workspaceId),
            eq(customerCompanies.companyId, companyId),
            eq(customerCompanies.customerId, customerId),
          ),
        );
      return row;
    },

    /** The company's linked, not-deleted customers by full name. */
    async listPeople(
      workspaceId: string,
      companyId: string,
      q: { limit: number; cursor?: string | undefined; order: SortDirection },
    ): Promise<Page<CompanyPersonRow>> {
      const rows = await database
        .q()
        .select(personColumns)
        .from(customerCompanies)
        .innerJoin(customers, customerJoin)
        .where(
          and(
            eq(customerCompanies.workspaceId, workspaceId),
            eq(customerCompanies.companyId, companyId),
            isNull(customers.deletedAt),
            afterCursor(customers.fullName, customerCompanies.customerId, q.order, q.cursor, 'text'),
          ),
        )
        .orderBy(
          ...(q.order === 'asc'
            ? [asc(customers.fullName), asc(customerCompanies.customerId)]
            : [desc(customers.fullName), desc(customerCompanies.customerId)]),
        )
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.fullName, r.customerId]);
    },

    /** The not-deleted companies a customer is linked to, by name. */
    listForCustomer(
      workspaceId: string,
      customerId: string,
    ): Promise<{ id: string; name: string; jobTitle: string | null }[]> {
      return database
        .q()
        .select({ id: companies.id, name: companies.name, jobTitle: customerCompanies.jobTitle })
        .from(customerCompanies)
        .innerJoin(
          companies,
          and(
            eq(companies.workspaceId, customerCompanies.workspaceId),
            eq(companies.id, customerCompanies.companyId),
          ),
        )
        .where(
          and(
            eq(customerCompanies.workspaceId, workspaceId),
            eq(customerCompanies.customerId, customerId),
            isNull(companies.deletedAt),
          ),
        )
        .orderBy(asc(companies.name), asc(companies.id))
        .limit(200);
    },
  };
}
export type CompaniesRepo = ReturnType<typeof createCompaniesRepo>;
