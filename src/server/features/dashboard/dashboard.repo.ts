import {
  type AnyColumn,
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Channel } from '../../../shared/contracts/common.js';
import { OPEN_TASK_STATUSES } from '../../../shared/contracts/tasks.js';
import type { Database } from '../../db/client.js';
import { lastActivityAt } from '../customers/customers.repo.js';
import { customers } from '../customers/customers.table.js';
import { orderLines, orders } from '../orders/orders.table.js';
import { tasks } from '../tasks/tasks.table.js';
import type { TimelineRow } from '../touchpoints/touchpoints.repo.js';
import { touchpoints } from '../touchpoints/touchpoints.table.js';
import type { DashboardWindows } from './dashboard.core.js';

/*
 * The dashboard's aggregates. This repo only reads, over other features' tables (customers,
 * touch points, orders, tasks): one aggregate query per figure, each on an existing index, so
 * the page stays fast on a large workspace without copying data into a reporting table.
 */

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** Newest first in the order of the (workspace, occurred_at desc, id desc) indexes, which are NULLS LAST. */
const newestFirst = (...columns: AnyColumn[]) => columns.map((c) => sql`${c} desc nulls last`);
const count = (where?: SQL) =>
  (where ? sql`count(*) filter (where ${where})` : sql`count(*)`).mapWith(Number) as SQL<number>;

export interface CustomerCounts {
  total: number;
  newNow: number;
  newBefore: number;
  activeNow: number;
  activeBefore: number;
  lapsedNow: number;
  lapsedBefore: number;
}

export type RecentRow = TimelineRow & { customerId: string; customerName: string };

export function createDashboardRepo(database: Database) {
  return {
    /**
     * Live customers counted by creation and by last activity, now and one window earlier, in one
     * pass. Each customer's last activity is the expression the customers list shows and filters
     * on; `last_before` (its last activity as of activeSince) is probed only for customers active
     * since then. OFFSET 0 keeps PostgreSQL from copying the probes into every aggregate. The
     * planner prices the probes high enough to JIT-compile the query, which took longer than it
     * saved, hence `jit = off` for its transaction.
     */
    customerCounts(workspaceId: string, w: DashboardWindows): Promise<CustomerCounts> {
      const since = at(w.activeSince);
      const before = at(w.previousActiveSince);
      const live = sql`(select ${customers.id} as id, ${customers.createdAt} as created_at,
          ${lastActivityAt(customers.workspaceId, customers.id)} as last_at
        from ${customers}
        where ${customers.workspaceId} = ${workspaceId} and ${customers.deletedAt} is null
        offset 0) as live`;
      const lastBefore = lastActivityAt(sql`${workspaceId}::uuid`, sql`live.id`, w.activeSince);
      const asOf = sql`(select created_at, last_at,
          case when last_at > ${since} then ${lastBefore} else last_at end as last_before
        from ${live}
        offset 0) as as_of`;
      return database.tx(async () => {
        await database.q().execute(sql`set local jit = off`);
        const [row] = await database
          .q()
          .select({
            total: count(),
            newNow: count(sql`created_at >= ${at(w.newSince)}`),
            newBefore: count(
              sql`created_at >= ${at(w.previousNewSince)} and created_at <= ${at(w.newSince)}`,
            ),
            activeNow: count(sql`last_at >= ${since}`),
            lapsedNow: count(sql`last_at <= ${since}`),
            activeBefore: count(sql`last_before >= ${before}`),
            lapsedBefore: count(sql`last_before <= ${before}`),
          })
          .from(asOf);
        return row!;
      });
    },

    /** Live customers created in [from, to) per ISO week ('YYYY-MM-DD' of its Monday, UTC). */
    newCustomersByWeek(
      workspaceId: string,
      from: Date,
      to: Date,
    ): Promise<{ weekStart: string; count: number }[]> {
      const week = sql<string>`to_char(date_trunc('week', ${customers.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
      return database
        .q()
        .select({ weekStart: week, count: count() })
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId),
            isNull(customers.deletedAt),
            gte(customers.createdAt, from),
            lt(customers.createdAt, to),
          ),
        )
        .groupBy(week);
    },

    /** Completed and pending live orders in `currency` of [from, to), per calendar month (UTC). */
    revenueByMonth(
      workspaceId: string,
      currency: string,
      from: Date,
      to: Date,
    ): Promise<{ month: string; revenueMinor: number; orders: number }[]> {
      const month = sql<string>`to_char(${orders.occurredAt} at time zone 'UTC', 'YYYY-MM')`;
      return database
        .q()
        .select({
          month,
          revenueMinor: sql<number>`coalesce(sum(${orders.totalMinor}), 0)`.mapWith(Number),
          orders: count(),
        })
        .from(orders)
        .where(
          and(
            eq(orders.workspaceId, workspaceId),
            gte(orders.occurredAt, from),
            lt(orders.occurredAt, to),
            isNull(orders.deletedAt),
            inArray(orders.status, ['completed', 'pending']),
            eq(orders.currency, currency),
          ),
        )
        .groupBy(month);
    },

    /** Live touch points since `since`, per channel, most first. */
    touchpointsByChannel(workspaceId: string, since: Date): Promise<{ channel: Channel; count: number }[]> {
      const n = count();
      return database
        .q()
        .select({ channel: touchpoints.channel, count: n })
        .from(touchpoints)
        .where(
          and(
            eq(touchpoints.workspaceId, workspaceId),
            gte(touchpoints.occurredAt, since),
            isNull(touchpoints.deletedAt),
          ),
        )
        .groupBy(touchpoints.channel)
        .orderBy(desc(n), asc(touchpoints.channel));
    },

    /** The latest live touch points of live customers up to `upTo`, newest first. */
    async recentTouchpoints(workspaceId: string, upTo: Date, limit: number): Promise<RecentRow[]> {
      const t = touchpoints;
      const rows = await database
        .q()
        .select({
          id: t.id,
          channel: t.channel,
          type: t.type,
          occurredAt: t.occurredAt,
          properties: t.properties,
          satisfaction: t.satisfaction,
          customerId: t.customerId,
          customerName: customers.fullName,
        })
        .from(t)
        .innerJoin(customers, customerOf(t))
        .where(
          and(
            eq(t.workspaceId, workspaceId),
            lte(t.occurredAt, upTo),
            isNull(t.deletedAt),
            isNull(customers.deletedAt),
          ),
        )
        .orderBy(...newestFirst(t.occurredAt, t.id))
        .limit(limit);
      return rows.map((r) => ({
        ...r,
        kind: 'touchpoint' as const,
        externalId: null,
        location: null,
        currency: null,
        totalMinor: null,
        itemCount: null,
      }));
    },

    /** The latest live, not cancelled orders of live customers up to `upTo`, newest first. */
    async recentOrders(workspaceId: string, upTo: Date, limit: number): Promise<RecentRow[]> {
      const o = orders;
      const l = orderLines;
      const rows = await database
        .q()
        .select({
          id: o.id,
          channel: o.channel,
          type: o.status,
          occurredAt: o.occurredAt,
          externalId: o.externalId,
          location: o.location,
          currency: o.currency,
          totalMinor: o.totalMinor,
          itemCount: sql<number>`(select coalesce(sum(${l.quantity}), 0) from ${l}
            where ${l.workspaceId} = ${o.workspaceId} and ${l.orderId} = ${o.id})`.mapWith(Number),
          customerId: o.customerId,
          customerName: customers.fullName,
        })
        .from(o)
        .innerJoin(customers, customerOf(o))
        .where(
          and(
            eq(o.workspaceId, workspaceId),
            lte(o.occurredAt, upTo),
            isNull(o.deletedAt),
            ne(o.status, 'cancelled'),
            isNull(customers.deletedAt),
          ),
        )
        .orderBy(...newestFirst(o.occurredAt, o.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, kind: 'order' as const, properties: {}, satisfaction: null }));
    },

    /** Open and in-progress live tasks of live customers, and how many are past due at `now`. */
    async openTaskCounts(workspaceId: string, now: Date): Promise<{ count: number; overdue: number }> {
      const [row] = await database
        .q()
        .select({ count: count(), overdue: count(sql`${tasks.dueAt} < ${at(now)}`) })
        .from(tasks)
        .innerJoin(
          customers,
          and(eq(customers.workspaceId, tasks.workspaceId), eq(customers.id, tasks.customerId)),
        )
        .where(openTasksOf(workspaceId));
      return row!;
    },

    /** Up to `limit` of those tasks: `userId`'s own first, then by due date (none last). */
    openTaskItems(workspaceId: string, userId: string | null, limit: number) {
      return database
        .q()
        .select({
          id: tasks.id,
          title: tasks.title,
          dueAt: tasks.dueAt,
          status: tasks.status,
          customerId: tasks.customerId,
          customerName: customers.fullName,
          assigneeId: tasks.assigneeId,
        })
        .from(tasks)
        .innerJoin(
          customers,
          and(eq(customers.workspaceId, tasks.workspaceId), eq(customers.id, tasks.customerId)),
        )
        .where(openTasksOf(workspaceId))
        .orderBy(
          ...(userId ? [sql`${tasks.assigneeId} is not distinct from ${userId}::uuid desc`] : []),
          sql`${tasks.dueAt} asc nulls last`,
          asc(tasks.createdAt),
          asc(tasks.id),
        )
        .limit(limit);
    },
  };
}
export type DashboardRepo = ReturnType<typeof createDashboardRepo>;

/** Joins a customer's row to a row of its touch points, orders or tasks. */
const customerOf = (t: { workspaceId: AnyColumn; customerId: AnyColumn }) =>
  and(eq(customers.workspaceId, t.workspaceId), eq(customers.id, t.customerId));

const openTasksOf = (workspaceId: string) =>
  and(
    eq(tasks.workspaceId, workspaceId),
    isNull(tasks.deletedAt),
    inArray(tasks.status, [...OPEN_TASK_STATUSES]),
    isNull(customers.deletedAt),
  );
