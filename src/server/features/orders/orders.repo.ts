import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { OrderListQuery } from '../../../shared/contracts/orders.js';
import type { Database } from '../../db/client.js';
import { afterCursor, type Page, toPage } from '../../lib/pagination.js';
import { products } from '../products/products.table.js';
import { orderLines, orders } from './orders.table.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderInsert = typeof orders.$inferInsert;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderLineInsert = typeof orderLines.$inferInsert;

/** List filters after parsing; dates already converted. */
export interface OrderFilter {
  sort: OrderListQuery['sort'];
  order: OrderListQuery['order'];
  customerId?: string | undefined;
  channel?: OrderListQuery['channel'];
  status?: OrderListQuery['status'];
  location?: string | undefined;
  occurredFrom?: Date | undefined;
  occurredTo?: Date | undefined;
}

/** Per currency: a customer's non-cancelled orders. */
export interface CustomerOrderTotals {
  currency: string;
  count: number;
  revenueMinor: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
}

const SORT_COLUMNS = {
  occurredAt: orders.occurredAt,
  totalMinor: orders.totalMinor,
  createdAt: orders.createdAt,
} as const;

export function createOrdersRepo(database: Database) {
  const cursorValue = (sort: OrderFilter['sort'], row: OrderRow) =>
    sort === 'totalMinor' ? row.totalMinor : row[sort].toISOString();

  return {
    /** Inserts the order unless its external id is taken in the workspace; undefined then. */
    async insertUnlessExternalIdTaken(row: OrderInsert): Promise<OrderRow | undefined> {
      const [created] = await database
        .q()
        .insert(orders)
        .values(row)
        .onConflictDoNothing({ target: [orders.workspaceId, orders.externalId] })
        .returning();
      return created;
    },

    async findById(workspaceId: string, id: string): Promise<OrderRow | undefined> {
      const [row] = await database
        .q()
        .select()
        .from(orders)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, id)));
      return row;
    },

    async findIdByExternalId(workspaceId: string, externalId: string): Promise<string | undefined> {
      const [row] = await database
        .q()
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.externalId, externalId)));
      return row?.id;
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<OrderInsert>,
    ): Promise<OrderRow | undefined> {
      const [row] = await database
        .q()
        .update(orders)
        .set(patch)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, id)))
        .returning();
      return row;
    },

    /** Lines of some orders, each order's in line order. */
    linesOfOrders(workspaceId: string, orderIds: readonly string[]): Promise<OrderLineRow[]> {
      if (!orderIds.length) return Promise.resolve([]);
      return database
        .q()
        .select()
        .from(orderLines)
        .where(and(eq(orderLines.workspaceId, workspaceId), inArray(orderLines.orderId, [...orderIds])))
        .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
    },

    /** Makes `lines` the order's lines, dropping any it had. */
    async replaceLines(workspaceId: string, orderId: string, lines: OrderLineInsert[]): Promise<void> {
      await database
        .q()
        .delete(orderLines)
        .where(and(eq(orderLines.workspaceId, workspaceId), eq(orderLines.orderId, orderId)));
      if (lines.length) await database.q().insert(orderLines).values(lines);
    },

    /**
     * Products of the workspace with any of these ids or SKUs (soft-deleted ones too: an order is
     * history). Reads the products table, never writes it, so a line resolves in one query.
     */
    findProducts(
      workspaceId: string,
      ids: readonly string[],
      skus: readonly string[],
    ): Promise<{ id: string; sku: string; name: string }[]> {
      if (!ids.length && !skus.length) return Promise.resolve([]);
      return database
        .q()
        .select({ id: products.id, sku: products.sku, name: products.name })
        .from(products)
        .where(
          and(
            eq(products.workspaceId, workspaceId),
            or(
              ids.length ? inArray(products.id, [...ids]) : undefined,
              skus.length ? inArray(products.sku, [...skus]) : undefined,
            ),
          ),
        );
    },

    async list(
      workspaceId: string,
      f: OrderFilter & { limit: number; cursor?: string | undefined },
    ): Promise<Page<OrderRow>> {
      const col = SORT_COLUMNS[f.sort];
      const conditions: (SQL | undefined)[] = [
        eq(orders.workspaceId, workspaceId),
        isNull(orders.deletedAt),
        f.customerId ? eq(orders.customerId, f.customerId) : undefined,
        f.channel ? eq(orders.channel, f.channel) : undefined,
        f.status ? eq(orders.status, f.status) : undefined,
        f.location ? eq(orders.location, f.location) : undefined,
        f.occurredFrom ? gte(orders.occurredAt, f.occurredFrom) : undefined,
        f.occurredTo ? lte(orders.occurredAt, f.occurredTo) : undefined,
        afterCursor(col, orders.id, f.order, f.cursor, f.sort === 'totalMinor' ? 'number' : 'date'),
      ];
      const rows = await database
        .q()
        .select()
        .from(orders)
        .where(and(...conditions))
        .orderBy(...(f.order === 'asc' ? [asc(col), asc(orders.id)] : [desc(col), desc(orders.id)]))
        .limit(f.limit + 1);
      return toPage(rows, f.limit, (r) => [cursorValue(f.sort, r), r.id]);
    },

    /** A customer's live, non-cancelled orders, totalled per currency; refunds earn no revenue. */
    async totalsForCustomer(workspaceId: string, customerId: string): Promise<CustomerOrderTotals[]> {
      const rows = await database
        .q()
        .select({
          currency: orders.currency,
          count: sql<number>`count(*)`.mapWith(Number),
          revenueMinor:
            sql<number>`coalesce(sum(${orders.totalMinor}) filter (where ${orders.status} <> 'refunded'), 0)`.mapWith(
              Number,
            ),
          firstOrderAt: sql<Date>`min(${orders.occurredAt})`.mapWith(orders.occurredAt),
          lastOrderAt: sql<Date>`max(${orders.occurredAt})`.mapWith(orders.occurredAt),
        })
        .from(orders)
        .where(
          and(
            eq(orders.workspaceId, workspaceId),
            eq(orders.customerId, customerId),
            isNull(orders.deletedAt),
            ne(orders.status, 'cancelled'),
          ),
        )
        .groupBy(orders.currency);
      return rows;
    },
  };
}
export type OrdersRepo = ReturnType<typeof createOrdersRepo>;
