import {
  type CustomerOrdersQuery,
  linesTotalMinor,
  type Order,
  OrderCreate,
  type OrderLineInput,
  type OrderListQuery,
  type OrderSummary,
  OrderUpdate,
} from '../../../shared/contracts/orders.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import { ORDER_PERMISSIONS } from './orders.policy.js';
import type {
  CustomerOrderTotals,
  OrderFilter,
  OrderLineInsert,
  OrderLineRow,
  OrderRow,
  OrdersRepo,
} from './orders.repo.js';

export function toOrder(r: OrderRow, lines: readonly OrderLineRow[]): Order {
  return {
    id: r.id,
    externalId: r.externalId,
    customerId: r.customerId,
    channel: r.channel,
    location: r.location,
    occurredAt: r.occurredAt,
    currency: r.currency,
    totalMinor: r.totalMinor,
    status: r.status,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      sku: l.sku,
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      totalMinor: l.quantity * l.unitPriceMinor,
      isGift: l.isGift,
    })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

type ParsedLine = ReturnType<typeof OrderCreate.parse>['lines'][number];

/**
 * A customer's order summary from their per-currency totals: every order counts, revenue is the
 * main currency's only (most orders, then most revenue, then alphabetical, so ties are stable).
 */
export function orderSummaryOf(totals: readonly CustomerOrderTotals[]): OrderSummary {
  const main = totals.toSorted(
    (a, b) => b.count - a.count || b.revenueMinor - a.revenueMinor || a.currency.localeCompare(b.currency),
  )[0];
  const times = totals.flatMap((t) => [t.firstOrderAt.getTime(), t.lastOrderAt.getTime()]);
  return {
    count: totals.reduce((n, t) => n + t.count, 0),
    revenueMinor: main?.revenueMinor ?? 0,
    currency: main?.currency ?? null,
    firstOrderAt: times.length ? new Date(Math.min(...times)) : null,
    lastOrderAt: times.length ? new Date(Math.max(...times)) : null,
  };
}

export function createOrdersService(deps: {
  tx: Database['tx'];
  repo: OrdersRepo;
  /** `get` proves a customer readable (deleted ones too); `assertExists` that it can take new orders. */
  customers: Pick<CustomersService, 'get' | 'assertExists'>;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock, customers } = deps;

  async function load(actor: Actor, id: string, opts: { includeDeleted?: boolean } = {}): Promise<OrderRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('ORDER_NOT_FOUND', { id });
    return row;
  }

  async function withLines(actor: Actor, rows: OrderRow[]): Promise<Order[]> {
    const lines = await repo.linesOfOrders(
      actor.workspaceId,
      rows.map((r) => r.id),
    );
    const byOrder = new Map<string, OrderLineRow[]>();
    for (const l of lines) {
      const group = byOrder.get(l.orderId);
      if (group) group.push(l);
      else byOrder.set(l.orderId, [l]);
    }
    return rows.map((r) => toOrder(r, byOrder.get(r.id) ?? []));
  }

  /** The customer an order names must be live in the actor's workspace; 404 naming the field. */
  async function requireLiveCustomer(actor: Actor, customerId: string): Promise<void> {
    try {
      await customers.assertExists(actor, customerId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CUSTOMER_NOT_FOUND') {
        throw new AppError('CUSTOMER_NOT_FOUND', { id: customerId }, [
          { path: 'body.customerId', message: 'no such customer in this workspace' },
        ]);
      }
      throw err;
    }
  }

  /**
   * Numbers the lines from 1 and links them to the workspace's products: a productId must name
   * one; a SKU links to the product with that SKU when there is one and is kept as given when not.
   */
  async function resolveLines(
    actor: Actor,
    orderId: string,
    lines: ParsedLine[],
  ): Promise<OrderLineInsert[]> {
    const ids = lines.flatMap((l) => (l.productId ? [l.productId] : []));
    const skus = lines.flatMap((l) => (l.sku ? [l.sku] : []));
    const found = await repo.findProducts(actor.workspaceId, ids, skus);
    const byId = new Map(found.map((p) => [p.id, p]));
    const bySku = new Map(found.map((p) => [p.sku, p]));
    return lines.map((l, i) => {
      const product = l.productId ? byId.get(l.productId) : l.sku ? bySku.get(l.sku) : undefined;
      if (l.productId && !product) {
        throw new AppError('PRODUCT_NOT_FOUND', { id: l.productId }, [
          { path: `body.lines.${i}.productId`, message: 'no such product in this workspace' },
        ]);
      }
      return {
        workspaceId: actor.workspaceId,
        orderId,
        lineNo: i + 1,
        productId: product?.id ?? null,
        sku: product?.sku ?? l.sku ?? null,
        description: l.description ?? product?.name ?? null,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        isGift: l.isGift,
      };
    });
  }

  /**
   * The order total in minor units: the lines' sum when there are lines (a given total must
   * match it), else the given total.
   */
  function totalOf(lines: readonly Pick<OrderLineInput, 'quantity' | 'unitPriceMinor'>[], given?: number) {
    if (!lines.length) {
      if (given === undefined) throw invalidField('body.totalMinor', 'is required when there are no lines');
      return given;
    }
    const sum = linesTotalMinor(lines);
    if (given !== undefined && given !== sum) {
      throw invalidField('body.totalMinor', `must equal the sum of the lines (${sum}) or be omitted`);
    }
    return sum;
  }

  async function externalIdTaken(actor: Actor, externalId: string): Promise<AppError> {
    const id = await repo.findIdByExternalId(actor.workspaceId, externalId);
    return new AppError('EXTERNAL_ID_TAKEN', { externalId, id }, [
      { path: 'body.externalId', message: 'another order of this workspace has this external id' },
    ]);
  }

  async function create(actor: Actor, input: OrderCreate): Promise<Order> {
    requirePermission(actor, ORDER_PERMISSIONS.create);
    const body = OrderCreate.parse(input);
    const id = newId();
    const now = clock.now();
    return deps.tx(async () => {
      await requireLiveCustomer(actor, body.customerId);
      const lines = await resolveLines(actor, id, body.lines);
      const row = await repo.insertUnlessExternalIdTaken({
        workspaceId: actor.workspaceId,
        id,
        externalId: body.externalId ?? null,
        customerId: body.customerId,
        channel: body.channel,
        location: body.location ?? null,
        occurredAt: new Date(body.occurredAt),
        currency: body.currency,
        totalMinor: totalOf(body.lines, body.totalMinor),
        status: body.status,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      if (!row) throw await externalIdTaken(actor, body.externalId ?? '');
      await repo.replaceLines(actor.workspaceId, id, lines);
      const [order] = await withLines(actor, [row]);
      await audit.record(actor, { action: 'order.create', entityType: 'order', entityId: id, after: order });
      return order!;
    });
  }

  async function get(actor: Actor, id: string): Promise<Order> {
    requirePermission(actor, ORDER_PERMISSIONS.read);
    const [order] = await withLines(actor, [await load(actor, id, { includeDeleted: true })]);
    return order!;
  }

  async function update(actor: Actor, id: string, input: OrderUpdate): Promise<Order> {
    requirePermission(actor, ORDER_PERMISSIONS.update);
    const body = OrderUpdate.parse(input);
    return deps.tx(async () => {
      const beforeRow = await load(actor, id);
      const [before] = await withLines(actor, [beforeRow]);
      const newLines = body.lines ? await resolveLines(actor, id, body.lines) : undefined;
      const lines = newLines ?? before!.lines;
      // Untouched lines and total keep the stored total (an import may have set it from its source).
      const totalMinor =
        body.lines !== undefined || body.totalMinor !== undefined
          ? totalOf(lines, body.totalMinor)
          : beforeRow.totalMinor;
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.location !== undefined ? { location: body.location } : {}),
        ...(body.channel !== undefined ? { channel: body.channel } : {}),
        ...(body.occurredAt !== undefined ? { occurredAt: new Date(body.occurredAt) } : {}),
        totalMinor,
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      if (newLines) await repo.replaceLines(actor.workspaceId, id, newLines);
      const [after] = await withLines(actor, [row!]);
      await audit.record(actor, { action: 'order.update', entityType: 'order', entityId: id, before, after });
      return after!;
    });
  }

  async function listWhere(
    actor: Actor,
    q: CustomerOrdersQuery,
    customerId: string | undefined,
  ): Promise<Page<Order>> {
    const filter: OrderFilter = {
      sort: q.sort,
      order: q.order,
      customerId,
      channel: q.channel,
      status: q.status,
      location: q.location,
      occurredFrom: q.occurredFrom ? new Date(q.occurredFrom) : undefined,
      occurredTo: q.occurredTo ? new Date(q.occurredTo) : undefined,
    };
    const page = await repo.list(actor.workspaceId, { ...filter, limit: q.limit, cursor: q.cursor });
    return { items: await withLines(actor, page.items), nextCursor: page.nextCursor };
  }

  async function list(actor: Actor, q: OrderListQuery): Promise<Page<Order>> {
    requirePermission(actor, ORDER_PERMISSIONS.read);
    return listWhere(actor, q, q.customerId);
  }

  /** A customer's orders; CUSTOMER_NOT_FOUND unless the customer is in the actor's workspace. */
  async function listForCustomer(
    actor: Actor,
    customerId: string,
    q: CustomerOrdersQuery,
  ): Promise<Page<Order>> {
    requirePermission(actor, ORDER_PERMISSIONS.read);
    await customers.get(actor, customerId);
    return listWhere(actor, q, customerId);
  }

  /** Count, revenue and first/last order of a customer; see `OrderSummary` for what counts. */
  async function summaryForCustomer(actor: Actor, customerId: string): Promise<OrderSummary> {
    requirePermission(actor, ORDER_PERMISSIONS.read);
    await customers.get(actor, customerId);
    return orderSummaryOf(await repo.totalsForCustomer(actor.workspaceId, customerId));
  }

  const { remove } = softDeletion({
    entityType: 'order',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: async (row, actor) => (await withLines(actor, [row]))[0]!,
    stampsUpdates: true,
  });

  return { create, get, update, remove, list, listForCustomer, summaryForCustomer };
}
export type OrdersService = ReturnType<typeof createOrdersService>;
