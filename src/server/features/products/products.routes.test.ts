import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const newProduct = async (c: Client, body: Record<string, unknown> = {}) => {
  n++;
  const res = await c.request('POST', '/api/v1/products', {
    sku: `SKU-${n}-${Date.now()}`,
    name: `Widget ${n}`,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);
const paths = errorPaths;

interface AuditItem {
  action: string;
  before: { [k: string]: unknown } | null;
  after: { [k: string]: unknown } | null;
}
/** Audit entries of one record; entries made in the same millisecond have no set order. */
const auditOf = async (c: Client, id: string): Promise<AuditItem[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=product&entityId=${id}`)).json().items;

describe('products routes', () => {
  it('creates, reads and updates a product with a price in minor units', async () => {
    const p = await newProduct(admin, {
      sku: 'ROOM-DLX',
      name: ' Deluxe Room ',
      category: 'rooms',
      priceMinor: 18900,
      currency: 'EUR',
    });
    expect(p).toMatchObject({
      sku: 'ROOM-DLX',
      name: 'Deluxe Room',
      category: 'rooms',
      priceMinor: 18900,
      currency: 'EUR',
    });
    expect((await admin.request('GET', `/api/v1/products/${p.id}`)).json().priceMinor).toBe(18900);

    // the price alone may change while the currency stays
    const cheaper = await admin.request('PATCH', `/api/v1/products/${p.id}`, { priceMinor: 15900 });
    expect(cheaper.statusCode).toBe(200);
    expect(cheaper.json()).toMatchObject({ priceMinor: 15900, currency: 'EUR' });
    // both may be cleared together
    const free = await admin.request('PATCH', `/api/v1/products/${p.id}`, {
      priceMinor: null,
      currency: null,
    });
    expect(free.json()).toMatchObject({ priceMinor: null, currency: null });

    const audit = await auditOf(admin, p.id);
    expect(audit.map((a) => a.action).sort()).toEqual(['product.create', 'product.update', 'product.update']);
    const first = audit.find((a) => a.action === 'product.update' && a.before?.priceMinor === 18900)!;
    expect(first.after?.priceMinor).toBe(15900);
  });

  it('requires price and currency together and names the missing field', async () => {
    const noCurrency = await admin.request('POST', '/api/v1/products', {
      sku: 'A1',
      name: 'A',
      priceMinor: 100,
    });
    expect(noCurrency.statusCode).toBe(400);
    expect(noCurrency.headers['content-type']).toContain('application/problem+json');
    expect(paths(noCurrency.json())).toEqual(['body.currency']);
    const noPrice = await admin.request('POST', '/api/v1/products', {
      sku: 'A1',
      name: 'A',
      currency: 'EUR',
    });
    expect(paths(noPrice.json())).toEqual(['body.priceMinor']);

    const bad = await admin.request('POST', '/api/v1/products', {
      sku: '',
      name: 'A',
      priceMinor: 12.5,
      currency: 'eur',
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad.json())).toEqual(['body.currency', 'body.priceMinor', 'body.sku']);
    const negative = await admin.request('POST', '/api/v1/products', {
      sku: 'NEG',
      name: 'A',
      priceMinor: -1,
      currency: 'EUR',
    });
    expect(paths(negative.json())).toEqual(['body.priceMinor']);

    // an update may not leave a price without a currency either
    const p = await newProduct(admin, { priceMinor: 500, currency: 'GBP' });
    const orphan = await admin.request('PATCH', `/api/v1/products/${p.id}`, { currency: null });
    expect(orphan.statusCode).toBe(400);
    expect(paths(orphan.json())).toEqual(['body.currency']);
    const unpriced = await newProduct(admin);
    const currencyOnly = await admin.request('PATCH', `/api/v1/products/${unpriced.id}`, { currency: 'USD' });
    expect(paths(currencyOnly.json())).toEqual(['body.priceMinor']);
    expect((await admin.request('GET', `/api/v1/products/${p.id}`)).json().currency).toBe('GBP');
  });

  it('keeps SKUs unique per workspace: 409 SKU_TAKEN naming body.sku', async () => {
    const p = await newProduct(admin, { sku: 'UNIQ-1' });
    const dup = await admin.request('POST', '/api/v1/products', { sku: 'UNIQ-1', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('SKU_TAKEN');
    expect(paths(dup.json())).toEqual(['body.sku']);

    // a deleted product keeps its SKU, so restoring it can never collide
    await admin.request('DELETE', `/api/v1/products/${p.id}`);
    expect(
      (await admin.request('POST', '/api/v1/products', { sku: 'UNIQ-1', name: 'Again' })).statusCode,
    ).toBe(409);

    const q = await newProduct(admin, { sku: 'UNIQ-2' });
    const clash = await admin.request('PATCH', `/api/v1/products/${q.id}`, { sku: 'UNIQ-1' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('SKU_TAKEN');
    // keeping one's own SKU is fine
    expect(
      (await admin.request('PATCH', `/api/v1/products/${q.id}`, { sku: 'UNIQ-2', name: 'Z' })).statusCode,
    ).toBe(200);
    // other workspaces have their own SKUs
    expect(
      (await other.request('POST', '/api/v1/products', { sku: 'UNIQ-1', name: 'Theirs' })).statusCode,
    ).toBe(201);
  });

  it('searches name and SKU, and filters by category', async () => {
    const ws = await createWorkspaceClient(t);
    const espresso = await newProduct(ws, { sku: 'BEV-ESP-01', name: 'Double Espresso', category: 'drinks' });
    const massage = await newProduct(ws, { sku: 'SPA-MSG-60', name: 'Hot Stone Massage', category: 'spa' });
    const tea = await newProduct(ws, { sku: 'BEV-TEA-02', name: 'Green Tea', category: 'drinks' });
    const search = async (qs: string) =>
      ids((await ws.request('GET', `/api/v1/products?${qs}`)).json()).sort();
    expect(await search('q=espr')).toEqual([espresso.id]);
    expect(await search('q=spa-msg')).toEqual([massage.id]);
    expect(await search('q=bev')).toEqual([espresso.id, tea.id].sort());
    expect(await search('q=bev%20green')).toEqual([tea.id]);
    expect(await search('category=drinks')).toEqual([espresso.id, tea.id].sort());
    expect(await search('category=drinks&q=tea')).toEqual([tea.id]);
    expect(await search('category=none')).toEqual([]);
  });

  it('pages through every sort and order, visiting each product exactly once', async () => {
    const ws = await createWorkspaceClient(t);
    const created: string[] = [];
    for (const [sku, name] of [
      ['C-3', 'Bravo'],
      ['A-1', 'Bravo'],
      ['E-5', 'alpha'],
      ['B-2', 'Delta'],
      ['D-4', 'Charlie'],
    ]) {
      created.push((await newProduct(ws, { sku, name })).id);
    }
    for (const sort of ['name', 'sku', 'createdAt'] as const) {
      for (const order of ['asc', 'desc']) {
        const seen: { id: string; sku: string; name: string }[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/products?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
          const page: { items: typeof seen; nextCursor: string | null } = (
            await ws.request('GET', url)
          ).json();
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.map((p) => p.id).sort(), `${sort} ${order}`).toEqual([...created].sort());
        if (sort === 'sku') {
          const skus = seen.map((p) => p.sku);
          expect(skus).toEqual(
            order === 'asc' ? ['A-1', 'B-2', 'C-3', 'D-4', 'E-5'] : ['E-5', 'D-4', 'C-3', 'B-2', 'A-1'],
          );
        }
      }
    }
  });

  it('soft-deletes and restores', async () => {
    const p = await newProduct(admin, { sku: 'GONE-1', name: 'Vanishing Cream' });
    expect((await admin.request('DELETE', `/api/v1/products/${p.id}`)).json().deletedAt).not.toBeNull();
    expect(ids((await admin.request('GET', '/api/v1/products?q=vanishing')).json())).toEqual([]);
    expect(ids((await admin.request('GET', '/api/v1/products?q=vanishing&deleted=true')).json())).toEqual([
      p.id,
    ]);
    expect((await admin.request('PATCH', `/api/v1/products/${p.id}`, { name: 'X' })).statusCode).toBe(404);
    const restored = await admin.request('POST', `/api/v1/products/${p.id}/restore`);
    expect(restored.json().deletedAt).toBeNull();
    expect(ids((await admin.request('GET', '/api/v1/products?q=vanishing')).json())).toEqual([p.id]);
    expect((await auditOf(admin, p.id)).map((a) => a.action).sort()).toEqual([
      'product.create',
      'product.delete',
      'product.restore',
    ]);
  });

  it("answers 404 for another workspace's product, revealing nothing", async () => {
    const theirs = await newProduct(other, {
      sku: 'SECRET-SKU',
      name: 'Secret Sauce',
      priceMinor: 999,
      currency: 'USD',
    });
    for (const [method, url, body] of [
      ['GET', `/api/v1/products/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/products/${theirs.id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/products/${theirs.id}`, undefined],
      ['POST', `/api/v1/products/${theirs.id}/restore`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('PRODUCT_NOT_FOUND');
      expect(res.body).not.toContain('Secret');
      expect(res.body).not.toContain('SECRET-SKU');
    }
    expect(ids((await admin.request('GET', '/api/v1/products?q=secret')).json())).toEqual([]);
    expect((await other.request('GET', `/api/v1/products/${theirs.id}`)).json()).toMatchObject({
      name: 'Secret Sauce',
      deletedAt: null,
    });
  });

  it('lets analysts only read and agents write but not delete', async () => {
    const p = await newProduct(admin);
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/products')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/products/${p.id}`)).statusCode).toBe(200);
    expect((await analyst.request('POST', '/api/v1/products', { sku: 'AN-1', name: 'No' })).statusCode).toBe(
      403,
    );
    expect((await analyst.request('PATCH', `/api/v1/products/${p.id}`, { name: 'No' })).statusCode).toBe(403);
    const agent = await admin.as('agent');
    expect((await agent.request('POST', '/api/v1/products', { sku: 'AG-1', name: 'Yes' })).statusCode).toBe(
      201,
    );
    expect((await agent.request('PATCH', `/api/v1/products/${p.id}`, { name: 'Renamed' })).statusCode).toBe(
      200,
    );
    const del = await agent.request('DELETE', `/api/v1/products/${p.id}`);
    expect(del.statusCode).toBe(403);
    expect(del.json().code).toBe('FORBIDDEN');
    expect((await admin.request('GET', `/api/v1/products/${p.id}`)).json().deletedAt).toBeNull();
  });
});
