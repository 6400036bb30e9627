import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import type { Role } from '../../../shared/contracts/common.js';
import type { OrderCreate } from '../../../shared/contracts/orders.js';

let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };
let customerId: string;

const newCustomer = async (c: Client): Promise<string> => (await createCustomerVia(c)).id;

let seq = 0;
/** A valid order body for `customer`; override any field. */
const buildOrder = (customer: string, overrides: Partial<OrderCreate> = {}): OrderCreate => ({
  customerId: customer,
  channel: 'store',
  occurredAt: `2024-03-0${(seq++ % 9) + 1}T10:00:00.000Z`,
  currency: 'EUR',
  lines: [{ description: 'Espresso', quantity: 1, unitPriceMinor: 250 }],
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  customerId = await newCustomer(admin);
});
afterAll(() => t.close());

describe('orders routes', () => {
  it('computes the total in integer minor units and returns the lines in order', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, {
        externalId: 'A-1001',
        location: 'Paris Opéra',
        lines: [
          { description: 'Silk scarf', quantity: 2, unitPriceMinor: 19_999 },
          { description: 'Gift wrap', quantity: 1, unitPriceMinor: 150, isGift: true },
          { description: 'Returned belt', quantity: -1, unitPriceMinor: 4_500 },
          { description: 'Tea', quantity: 3, unitPriceMinor: 333 },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order.totalMinor).toBe(2 * 19_999 + 150 - 4_500 + 3 * 333);
    expect(order.currency).toBe('EUR');
    expect(order.status).toBe('completed');
    expect(
      order.lines.map((l: { lineNo: number; description: string; totalMinor: number; isGift: boolean }) => [
        l.lineNo,
        l.description,
        l.totalMinor,
        l.isGift,
      ]),
    ).toEqual([
      [1, 'Silk scarf', 39_998, false],
      [2, 'Gift wrap', 150, true],
      [3, 'Returned belt', -4_500, false],
      [4, 'Tea', 999, false],
    ]);
    const got = (await admin.request('GET', `/api/v1/orders/${order.id}`)).json();
    expect(got.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2, 3, 4]);
    expect(got.totalMinor).toBe(order.totalMinor);
  });

  it('ignores a client-side total that disagrees with the lines, and needs one without lines', async () => {
    const wrong = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, {
        totalMinor: 999,
        lines: [{ description: 'x', quantity: 2, unitPriceMinor: 100 }],
      }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.totalMinor']);

    const missing = await admin.request('POST', '/api/v1/orders', buildOrder(customerId, { lines: [] }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('body.totalMinor');

    const headerOnly = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, { lines: [], totalMinor: 12_345, currency: 'JPY' }),
    );
    expect(headerOnly.statusCode).toBe(201);
    expect(headerOnly.json()).toMatchObject({ totalMinor: 12_345, currency: 'JPY', lines: [] });
  });

  it('answers 400 problem+json naming each offending field', async () => {
    const cases: [Partial<OrderCreate> | Record<string, unknown>, string][] = [
      [
        {
          lines: [
            { description: 'ok', quantity: 1, unitPriceMinor: 100 },
            { description: 'zero', quantity: 0, unitPriceMinor: 100 },
          ],
        },
        'body.lines.1.quantity',
      ],
      [{ lines: [{ description: 'half', quantity: 1.5, unitPriceMinor: 100 }] }, 'body.lines.0.quantity'],
      [
        { lines: [{ description: 'float', quantity: 1, unitPriceMinor: 12.5 }] },
        'body.lines.0.unitPriceMinor',
      ],
      [{ lines: [{ quantity: 1, unitPriceMinor: 100 }] }, 'body.lines.0.description'],
      [{ currency: 'eur' }, 'body.currency'],
      [{ channel: 'fax' }, 'body.channel'],
      [{ occurredAt: 'last tuesday' }, 'body.occurredAt'],
      [{ status: 'shipped' }, 'body.status'],
      [{ customerId: 'not-a-uuid' }, 'body.customerId'],
    ];
    for (const [overrides, path] of cases) {
      const res = await admin.request('POST', '/api/v1/orders', { ...buildOrder(customerId), ...overrides });
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.code, path).toBe('VALIDATION_FAILED');
      expect(
        body.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
    }
  });

  it('refuses an external id already used in the workspace, but not one used elsewhere', async () => {
    const first = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, { externalId: 'POS-77' }),
    );
    expect(first.statusCode).toBe(201);
    const again = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, { externalId: 'POS-77' }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EXTERNAL_ID_TAKEN');
    expect(again.json().errors[0].path).toBe('body.externalId');

    const other = await createWorkspaceClient(t);
    const elsewhere = await other.request(
      'POST',
      '/api/v1/orders',
      buildOrder(await newCustomer(other), { externalId: 'POS-77' }),
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it('links a line to the workspace product with its SKU and keeps unknown SKUs as given', async () => {
    const product = (
      await admin.request('POST', '/api/v1/products', { sku: 'TEA-EARL-100', name: 'Earl Grey 100 g' })
    ).json();
    const res = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, {
        lines: [
          { sku: 'TEA-EARL-100', quantity: 2, unitPriceMinor: 899 },
          { sku: 'NOT-IN-CATALOGUE', description: 'Market stall tea', quantity: 1, unitPriceMinor: 300 },
          { productId: product.id, quantity: 1, unitPriceMinor: 899 },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(
      res
        .json()
        .lines.map((l: { productId: string | null; sku: string | null; description: string }) => [
          l.productId,
          l.sku,
          l.description,
        ]),
    ).toEqual([
      [product.id, 'TEA-EARL-100', 'Earl Grey 100 g'],
      [null, 'NOT-IN-CATALOGUE', 'Market stall tea'],
      [product.id, 'TEA-EARL-100', 'Earl Grey 100 g'],
    ]);
  });

  it('answers 404 for another workspace’s ids, with none of that record in the body', async () => {
    const other = await createWorkspaceClient(t);
    const theirCustomer = await newCustomer(other);
    const theirProduct = (
      await other.request('POST', '/api/v1/products', { sku: 'SECRET-1', name: 'Secret' })
    ).json();
    const theirs = (
      await other.request(
        'POST',
        '/api/v1/orders',
        buildOrder(theirCustomer, {
          externalId: 'THEIR-SECRET-ORDER',
          location: 'Their hidden shop',
          lines: [{ description: 'Their private item', quantity: 1, unitPriceMinor: 424_242 }],
        }),
      )
    ).json();
    const leaks = (body: string) =>
      ['THEIR-SECRET-ORDER', 'Their hidden shop', 'Their private item', '424242', theirCustomer].filter((s) =>
        body.includes(s),
      );

    for (const [method, url, body] of [
      ['GET', `/api/v1/orders/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/orders/${theirs.id}`, { status: 'cancelled' }],
      ['DELETE', `/api/v1/orders/${theirs.id}`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('ORDER_NOT_FOUND');
      expect(leaks(res.body)).toEqual([]);
    }
    const listed = await admin.request('GET', `/api/v1/customers/${theirCustomer}/orders`);
    expect(listed.statusCode).toBe(404);
    expect(listed.json().code).toBe('CUSTOMER_NOT_FOUND');
    const filtered = (await admin.request('GET', `/api/v1/orders?customerId=${theirCustomer}`)).json();
    expect(filtered.items).toEqual([]);

    const forTheirCustomer = await admin.request('POST', '/api/v1/orders', buildOrder(theirCustomer));
    expect(forTheirCustomer.statusCode).toBe(404);
    expect(forTheirCustomer.json().errors[0].path).toBe('body.customerId');
    const withTheirProduct = await admin.request(
      'POST',
      '/api/v1/orders',
      buildOrder(customerId, { lines: [{ productId: theirProduct.id, quantity: 1, unitPriceMinor: 1 }] }),
    );
    expect(withTheirProduct.statusCode).toBe(404);
    expect(withTheirProduct.json().code).toBe('PRODUCT_NOT_FOUND');
    expect(withTheirProduct.json().errors[0].path).toBe('body.lines.0.productId');
    expect(withTheirProduct.body).not.toContain('Secret');

    // their order is untouched
    expect((await other.request('GET', `/api/v1/orders/${theirs.id}`)).json().status).toBe('completed');
  });

  it('updates the header, replaces lines and recomputes the total; audits before and after', async () => {
    const order = (await admin.request('POST', '/api/v1/orders', buildOrder(customerId))).json();
    const res = await admin.request('PATCH', `/api/v1/orders/${order.id}`, {
      status: 'refunded',
      location: 'Lyon',
      lines: [
        { description: 'Cake', quantity: 4, unitPriceMinor: 375 },
        { description: 'Candle', quantity: 1, unitPriceMinor: 99 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const updated = res.json();
    expect(updated).toMatchObject({ status: 'refunded', location: 'Lyon', totalMinor: 1_599 });
    expect(
      updated.lines.map((l: { lineNo: number; description: string }) => [l.lineNo, l.description]),
    ).toEqual([
      [1, 'Cake'],
      [2, 'Candle'],
    ]);

    const mismatch = await admin.request('PATCH', `/api/v1/orders/${order.id}`, { totalMinor: 1 });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors[0].path).toBe('body.totalMinor');

    const cleared = (
      await admin.request('PATCH', `/api/v1/orders/${order.id}`, {
        location: null,
        lines: [],
        totalMinor: 700,
      })
    ).json();
    expect(cleared).toMatchObject({ location: null, lines: [], totalMinor: 700 });

    const audit = (await admin.request('GET', `/api/v1/audit?entityType=order&entityId=${order.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'order.update',
      'order.update',
      'order.create',
    ]);
    expect(audit.items[1].before.totalMinor).toBe(250);
    expect(audit.items[1].after.totalMinor).toBe(1_599);
    expect(audit.items[1].after.lines).toHaveLength(2);
  });

  it('soft-deletes: gone from lists, still readable by id, no longer changeable', async () => {
    const c = await newCustomer(admin);
    const order = (await admin.request('POST', '/api/v1/orders', buildOrder(c))).json();
    const del = await admin.request('DELETE', `/api/v1/orders/${order.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().deletedAt).not.toBeNull();
    expect((await admin.request('GET', `/api/v1/customers/${c}/orders`)).json().items).toEqual([]);
    expect((await admin.request('GET', `/api/v1/orders/${order.id}`)).json().deletedAt).not.toBeNull();
    expect(
      (await admin.request('PATCH', `/api/v1/orders/${order.id}`, { status: 'pending' })).statusCode,
    ).toBe(404);
  });

  it('filters, sorts on the allow-list and pages without repeats or gaps', async () => {
    const ws = await createWorkspaceClient(t);
    const c1 = await newCustomer(ws);
    const c2 = await newCustomer(ws);
    const totals = [500, 100, 900, 300, 700, 300];
    for (const [i, total] of totals.entries()) {
      await ws.request(
        'POST',
        '/api/v1/orders',
        buildOrder(i % 2 ? c2 : c1, {
          lines: [],
          totalMinor: total,
          channel: i < 3 ? 'store' : 'web',
          status: i === 5 ? 'cancelled' : 'completed',
          occurredAt: `2024-05-0${i + 1}T12:00:00.000Z`,
        }),
      );
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/orders?sort=totalMinor&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: { totalMinor: number }[]; nextCursor: string | null } = (
        await ws.request('GET', url)
      ).json();
      seen.push(...page.items.map((o) => o.totalMinor));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...totals].sort((a, b) => a - b));

    const q = async (query: string) =>
      (await ws.request('GET', `/api/v1/orders?${query}`))
        .json()
        .items.map((o: { totalMinor: number }) => o.totalMinor);
    expect(await q('channel=web')).toEqual([300, 700, 300]);
    expect(await q('status=cancelled')).toEqual([300]);
    expect(await q(`customerId=${c2}&sort=occurredAt&order=asc`)).toEqual([100, 300, 300]);
    expect(await q('occurredFrom=2024-05-02T00:00:00Z&occurredTo=2024-05-03T23:59:59Z')).toEqual([900, 100]);
    const mine = (await ws.request('GET', `/api/v1/customers/${c1}/orders?sort=occurredAt&order=asc`)).json();
    expect(mine.items.map((o: { totalMinor: number }) => o.totalMinor)).toEqual([500, 900, 700]);

    const badSort = await ws.request('GET', '/api/v1/orders?sort=customerId');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().errors[0].path).toBe('querystring.sort');
  });

  it('lets analysts read but not write, and agents not delete', async () => {
    const order = (await admin.request('POST', '/api/v1/orders', buildOrder(customerId))).json();
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/orders')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/orders/${order.id}`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/orders', buildOrder(customerId)],
      ['PATCH', `/api/v1/orders/${order.id}`, { status: 'cancelled' }],
      ['DELETE', `/api/v1/orders/${order.id}`, undefined],
    ] as const) {
      const res = await analyst.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const agent = await admin.as('agent');
    expect(
      (await agent.request('PATCH', `/api/v1/orders/${order.id}`, { status: 'pending' })).statusCode,
    ).toBe(200);
    expect((await agent.request('DELETE', `/api/v1/orders/${order.id}`)).statusCode).toBe(403);
    expect((await admin.request('GET', `/api/v1/orders/${order.id}`)).json().deletedAt).toBeNull();
  });
});
