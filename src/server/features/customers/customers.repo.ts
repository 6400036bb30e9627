import {
  type AnyColumn,
  and,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import type { CustomerListQuery } from '../../../shared/contracts/customers.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import type { Database } from '../../db/client.js';
import type { ActorRef } from '../../lib/actor.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { containsPattern } from '../../lib/search.js';
import { orders } from '../orders/orders.table.js';
import { tasks } from '../tasks/tasks.table.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';
import { customerValues, valueRuns } from '../value/value.table.js';
import { customers } from './customers.table.js';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerInsert = typeof customers.$inferInsert;
export type CustomerListRow = CustomerRow & { lastActivityAt: Date | null; value: CustomerListValue | null };
export interface CustomerListValue {
  tier: ValueTier;
  clvMinor: number;
  pAlive: number;
  currency: string;
}

const SORT_COLUMNS = {
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  fullName: customers.fullName,
} as const;

/** Filters list/export share; `terms` are already-normalised search words. */
export type CustomerFilter = Omit<CustomerListQuery, 'q' | 'limit' | 'cursor'> & { terms: string[] };

type ColumnRef = AnyColumn | SQLWrapper;

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const occurredBound = (column: AnyColumn, asOf: Date | undefined) =>
  asOf ? sql`and ${column} <= ${at(asOf)}` : sql``;

/*
 * A customer's activity is its live touch points and its live orders that were not cancelled.
 * Each is one probe of its (workspace, customer, occurred_at desc) index (touchpoints_timeline_idx,
 * orders_customer_idx), NULLS LAST as there, so the newest row is read off the index.
 */

/** The customer's latest live touch point, at or before `asOf` when given. */
const latestTouchpointAt = (workspaceId: ColumnRef, customerId: ColumnRef, asOf?: Date) =>
  sql`(select ${touchpoints.occurredAt} from ${touchpoints} where ${touchpoints.workspaceId} = ${workspaceId}
    and ${touchpoints.customerId} = ${customerId} and ${touchpoints.deletedAt} is null
    ${occurredBound(touchpoints.occurredAt, asOf)}
    order by ${touchpoints.occurredAt} desc nulls last limit 1)`;

/** The customer's latest live, not cancelled order, at or before `asOf` when given. */
const latestOrderAt = (workspaceId: ColumnRef, customerId: ColumnRef, asOf?: Date) =>
  sql`(select ${orders.occurredAt} from ${orders} where ${orders.workspaceId} = ${workspaceId}
    and ${orders.customerId} = ${customerId} and ${orders.deletedAt} is null and ${orders.status} <> 'cancelled'
    ${occurredBound(orders.occurredAt, asOf)}
    order by ${orders.occurredAt} desc nulls last limit 1)`;

/**
 * When the customer last met the brand (latest touch point or order, as above), counting only
 * what happened at or before `asOf` when given; null without activity. Read-only over the
 * touchpoints and orders tables; the dashboard counts with it too.
 */
export function lastActivityAt(workspaceId: ColumnRef, customerId: ColumnRef, asOf?: Date): SQL<Date | null> {
  return sql<Date | null>`greatest(${latestTouchpointAt(workspaceId, customerId, asOf)}, ${latestOrderAt(workspaceId, customerId, asOf)})`.mapWith(
    touchpoints.occurredAt,
  );
}

/**
 * The value run whose results the app shows (the newest finished one): an uncorrelated
 * sub-query, evaluated once per statement. Read-only over the value feature's tables.
 */
const currentValueRun = (workspaceId: string) =>
  sql`(select ${valueRuns.id} from ${valueRuns} where ${valueRuns.workspaceId} = ${workspaceId}
    and ${valueRuns.status} = 'succeeded' order by ${valueRuns.finishedAt} desc limit 1)`;

/** A customer's row in the current value run, with the run's currency, as JSON (or null). */
const currentValue = (workspaceId: string) =>
  sql<CustomerListValue | null>`(select jsonb_build_object('tier', v.tier, 'clvMinor', v.clv_minor, 'pAlive', v.p_alive,
      'currency', (select r.currency from ${valueRuns} r where r.workspace_id = v.workspace_id and r.id = v.run_id))
    from ${customerValues} v where v.workspace_id = ${customers.workspaceId} and v.run_id = ${currentValueRun(workspaceId)}
      and v.customer_id = ${customers.id})`;

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
      // Activity at or after F; activity, and none after T. As comparisons of the last activity
      // (not EXISTS, which PostgreSQL turns into a hashed scan of every touch point) each row costs
      // two index probes, and a page stops probing once it is full.
      f.lastActivityFrom
        ? sql`${lastActivityAt(customers.workspaceId, customers.id)} >= ${at(new Date(f.lastActivityFrom))}`
        : undefined,
      f.lastActivityTo
        ? sql`${lastActivityAt(customers.workspaceId, customers.id)} <= ${at(new Date(f.lastActivityTo))}`
        : undefined,
      f.valueTier !== undefined || f.minClvMinor !== undefined || f.maxPAlive !== undefined
        ? sql`exists (select 1 from ${customerValues} v where v.workspace_id = ${customers.workspaceId}
            and v.run_id = ${currentValueRun(workspaceId)} and v.customer_id = ${customers.id}
            ${f.valueTier !== undefined ? sql`and v.tier = ${f.valueTier}` : sql``}
            ${f.minClvMinor !== undefined ? sql`and v.clv_minor >= ${f.minClvMinor}` : sql``}
            ${f.maxPAlive !== undefined ? sql`and v.p_alive <= ${f.maxPAlive}` : sql``})`
        : undefined,
    ];
  }

  /*
   * The created/updated indexes are DESC NULLS LAST: saying so (the columns are NOT NULL, so the
   * order is the same) lets them serve ORDER BY … LIMIT instead of a sort of the whole workspace.
   */
  const orderOf = (f: CustomerFilter) => {
    const nulls = f.sort === 'fullName' ? '' : f.order === 'asc' ? ' nulls first' : ' nulls last';
    return [SORT_COLUMNS[f.sort], customers.id].map((c) => sql`${c} ${sql.raw(`${f.order}${nulls}`)}`);
  };

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

    /**
     * A page of the customers matching the filter, each with its last activity. The activity
     * sub-queries sit in the select list, which PostgreSQL evaluates after ORDER BY … LIMIT, so
     * they run for the page's rows only. `withoutActivity` skips them (export has no use for it).
     */
    async list(
      workspaceId: string,
      f: CustomerFilter & { limit: number; cursor?: string | undefined; withoutActivity?: boolean },
    ): Promise<Page<CustomerListRow>> {
      const col = SORT_COLUMNS[f.sort];
      const rows = await database
        .q()
        .select({
          ...getTableColumns(customers),
          lastActivityAt: f.withoutActivity
            ? sql<Date | null>`null::timestamptz`
            : lastActivityAt(customers.workspaceId, customers.id),
          value: f.withoutActivity ? sql<CustomerListValue | null>`null::jsonb` : currentValue(workspaceId),
        })
        .from(customers)
        .where(
          and(
            ...filterConditions(workspaceId, f),
            afterCursor(col, customers.id, f.order, f.cursor, f.sort === 'fullName' ? 'text' : 'date'),
          ),
        )
        .orderBy(...orderOf(f))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [cursorValue(f.sort, r), r.id]);
    },

    /** The live customers among `ids`, locked for update until the transaction ends. */
    lockLive(workspaceId: string, ids: readonly string[]): Promise<CustomerRow[]> {
      return database
        .q()
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            inArray(customers.id, [...ids]),
            isNull(customers.deletedAt),
          ),
        )
        .for('update');
    },

    /** Sets each listed customer's tags in one statement, stamping the same update time and actor. */
    async setTags(
      workspaceId: string,
      changes: readonly { id: string; tags: string[] }[],
      stamp: { updatedAt: Date; updatedBy: ActorRef },
    ): Promise<CustomerRow[]> {
      if (!changes.length) return [];
      const values = sql`jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(id uuid, tags text[])`;
      return database
        .q()
        .update(customers)
        .set({ tags: sql`v.tags`, updatedAt: stamp.updatedAt, updatedBy: stamp.updatedBy })
        .from(values)
        .where(and(eq(customers.workspaceId, workspaceId), sql`${customers.id} = v.id`))
        .returning();
    },
  };
}
export type CustomersRepo = ReturnType<typeof createCustomersRepo>;
