import {
  type Product,
  ProductCreate,
  type ProductListQuery,
  ProductUpdate,
} from '../../../shared/contracts/products.js';
import type { Database } from '../../db/client.js';
import { type Actor, actorRef } from '../../lib/actor.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/pagination.js';
import { searchWords } from '../../lib/search.js';
import { softDeletion } from '../../lib/soft-delete.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { ProductRow, ProductsRepo } from './products.repo.js';

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    category: r.category,
    priceMinor: r.priceMinor,
    currency: r.currency,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    deletedAt: r.deletedAt,
  };
}

/** A price is an amount in a currency: after a change both must be set or both null. */
function assertPriceComplete(priceMinor: number | null, currency: string | null): void {
  if (priceMinor !== null && currency === null)
    throw invalidField('body.currency', 'is required with a price');
  if (priceMinor === null && currency !== null)
    throw invalidField('body.priceMinor', 'is required with a currency');
}

const skuTaken = () =>
  new AppError('SKU_TAKEN', {}, [
    { path: 'body.sku', message: 'is used by another product (maybe a deleted one)' },
  ]);

export function createProductsService(deps: {
  tx: Database['tx'];
  repo: ProductsRepo;
  audit: AuditLog;
  clock: Clock;
}) {
  const { repo, audit, clock } = deps;

  async function load(
    actor: Actor,
    id: string,
    opts: { includeDeleted?: boolean } = {},
  ): Promise<ProductRow> {
    const row = await repo.findById(actor.workspaceId, id);
    if (!row || (row.deletedAt && !opts.includeDeleted)) throw new AppError('PRODUCT_NOT_FOUND', { id });
    return row;
  }

  async function create(actor: Actor, input: ProductCreate): Promise<Product> {
    requirePermission(actor, 'crm:write');
    const body = ProductCreate.parse(input);
    const priceMinor = body.priceMinor ?? null;
    const currency = body.currency ?? null;
    assertPriceComplete(priceMinor, currency);
    const now = clock.now();
    const id = newId();
    return deps.tx(async () => {
      if (await repo.skuTaken(actor.workspaceId, body.sku)) throw skuTaken();
      const row = await repo.insert({
        workspaceId: actor.workspaceId,
        id,
        sku: body.sku,
        name: body.name,
        category: body.category ?? null,
        priceMinor,
        currency,
        createdAt: now,
        updatedAt: now,
        createdBy: actorRef(actor),
        updatedBy: actorRef(actor),
      });
      const product = toProduct(row);
      await audit.record(actor, {
        action: 'product.create',
        entityType: 'product',
        entityId: id,
        after: product,
      });
      return product;
    });
  }

  async function get(actor: Actor, id: string): Promise<Product> {
    requirePermission(actor, 'crm:read');
    return toProduct(await load(actor, id, { includeDeleted: true }));
  }

  async function update(actor: Actor, id: string, input: ProductUpdate): Promise<Product> {
    requirePermission(actor, 'crm:write');
    const body = ProductUpdate.parse(input);
    return deps.tx(async () => {
      const before = await load(actor, id);
      const priceMinor = body.priceMinor !== undefined ? body.priceMinor : before.priceMinor;
      const currency = body.currency !== undefined ? body.currency : before.currency;
      assertPriceComplete(priceMinor, currency);
      if (
        body.sku !== undefined &&
        body.sku !== before.sku &&
        (await repo.skuTaken(actor.workspaceId, body.sku, id))
      ) {
        throw skuTaken();
      }
      const row = await repo.update(actor.workspaceId, id, {
        ...(body.sku !== undefined ? { sku: body.sku } : {}),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.category !== undefined ? { category: body.category ?? null } : {}),
        priceMinor,
        currency,
        updatedAt: clock.now(),
        updatedBy: actorRef(actor),
      });
      const after = toProduct(row!);
      await audit.record(actor, {
        action: 'product.update',
        entityType: 'product',
        entityId: id,
        before: toProduct(before),
        after,
      });
      return after;
    });
  }

  async function list(actor: Actor, q: ProductListQuery): Promise<Page<Product>> {
    requirePermission(actor, 'crm:read');
    const { q: text, limit, cursor, ...filter } = q;
    const page = await repo.list(actor.workspaceId, { ...filter, terms: searchWords(text), limit, cursor });
    return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
  }

  const { remove, restore } = softDeletion({
    entityType: 'product',
    tx: deps.tx,
    audit,
    clock,
    load,
    update: repo.update,
    present: (row) => toProduct(row),
    stampsUpdates: true,
  });

  return { create, get, update, remove, restore, list };
}
export type ProductsService = ReturnType<typeof createProductsService>;
