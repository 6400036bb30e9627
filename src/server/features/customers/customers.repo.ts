import { and, asc, desc, eq, gte, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { CustomerListQuery } from '../../../shared/contracts/customers.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { containsPattern } from '../../lib/search.js';
import { tasks } from '../tasks/tasks.table.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';
import { customers } from './customers.table.js';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerInsert = typeof customers.$inferInsert;

const SORT_COLUMNS = {
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  fullName: customers.fullName,
} as const;

/** Filters list/export share; `terms` are already-normalised search words. */
export type CustomerFilter = Omit<CustomerListQuery, 'q' | 'limit' | 'cursor'> & { terms: string[] };

export function createCustomersRepo(database: Database) {
  function filterConditions(workspaceId: string, f: CustomerFilter): (SQL | undefined)[] {
    return [
      eq(customers.workspaceId, workspaceId),
      f.deleted ? isNotNull(customers.deletedAt) : isNull(customers.deletedAt),
      ...f.terms.map((t) => sql`${customers.searchText} like ${containsPattern(t)}`),
      f.tag ? sql`${customers.tags} @> array[${f.tag}]::text[]` : undefined,
      f.createdFrom ? gte(customers.createdAt, new Date(f.createdFrom)) : undefined,
      f.createdTo ? lte(customers.createdAt, new Date(f.createdTo)) : undefined,
      // Filters over other features' tables read them (never write) so a list is one query.
      f.channel
        ? sql`exists (select 1 from ${touchpoints} where ${touchpoints.workspaceId} = ${customers.workspaceId}
            and ${touchpoints.customerId} = ${customers.id} and ${touchpoints.channel} = ${f.channel}
            and ${touchpoints.deletedAt} is null)`
        : undefined,
      f.hasOpenTask === undefined
        ? undefined
        : sql`${f.hasOpenTask ? sql`` : sql`not `}exists (select 1 from ${tasks} where ${tasks.workspaceId} = ${customers.workspaceId}
            and ${tasks.customerId} = ${customers.id} and ${tasks.status} in ('open', 'in_progress')
            and ${tasks.deletedAt} is null)`,
    ];
  }

  const cursorValue = (sort: CustomerFilter['sort'], row: CustomerRow) =>
    sort === 'fullName' ? row.fullName : row[sort].toISOString();

  return {
    async insert(row: CustomerInsert): Promise<CustomerRow> {
      const [created] = await database.q().insert(customers).values(row).returning();
      return created!;
    },

    async findById(workspaceId: string, id: string): Promise<CustomerRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(customers)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
      return row;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<CustomerInsert>,
    ): Promise<CustomerRow | undefined> {
      const [row] = await database
        .q()
        .update(customers)
        .set(patch)
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
        .returning();
      return row;
    },

    async list(
      workspaceId: string,
      f: CustomerFilter & { limit: number; cursor?: string | undefined },
    ): Promise<Page<CustomerRow>> {
      const col = SORT_COLUMNS[f.sort];
      const rows = await database
        .q()
        .select()
        .from(customers)
        .where(
          and(
            ...filterConditions(workspaceId, f),
            afterCursor(col, customers.id, f.order, f.cursor, f.sort === 'fullName' ? 'text' : 'date'),
          ),
        )
        .orderBy(...(f.order === 'asc' ? [asc(col), asc(customers.id)] : [desc(col), desc(customers.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [cursorValue(f.sort, r), r.id]);
    },
  };
}
export type CustomersRepo = ReturnType<typeof createCustomersRepo>;
