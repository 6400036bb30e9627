import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';

let t: TestApp;
let admin: Client;
const ids: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'gone', string> = {
  a: '',
  b: '',
  c: '',
  d: '',
  e: '',
  gone: '',
};

async function post(url: string, body: unknown) {
  const res = await admin.request('POST', url, body);
  expect(res.statusCode, `${url} ${res.body}`).toBe(201);
  return res.json();
}
const touch = (customerId: string, occurredAt: string) =>
  post('/api/v1/touchpoints', { customerId, channel: 'web', type: 'visit', occurredAt });
const order = (customerId: string, occurredAt: string, status = 'completed') =>
  post('/api/v1/orders', {
    customerId,
    channel: 'store',
    occurredAt,
    currency: 'EUR',
    totalMinor: 100,
    status,
  });

/** The ids a customers list URL answers, across all its pages. */
async function listIds(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await admin.request(
      'GET',
      `/api/v1/customers?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page: { items: { id: string }[]; nextCursor: string | null } = res.json();
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen.sort();
}
const named = (...keys: (keyof typeof ids)[]) => keys.map((k) => ids[k]).sort();

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  for (const k of Object.keys(ids) as (keyof typeof ids)[]) ids[k] = (await createCustomerVia(admin)).id;
  // a: last touch point 2025-03-05 (a later one is deleted; a later order cancelled)
  await touch(ids.a, '2025-01-10T09:00:00Z');
  await touch(ids.a, '2025-03-05T00:00:00Z');
  const deleted = await touch(ids.a, '2025-05-01T00:00:00Z');
  expect((await admin.request('DELETE', `/api/v1/touchpoints/${deleted.id}`)).statusCode).toBe(200);
  await order(ids.a, '2025-06-01T00:00:00Z', 'cancelled');
  // b: an order after its touch point
  await touch(ids.b, '2025-02-01T00:00:00Z');
  await order(ids.b, '2025-04-20T00:00:00Z');
  // c: a refunded order is still activity
  await order(ids.c, '2025-02-15T00:00:00Z', 'refunded');
  // d: nothing. e: a deleted order, and a touch point a millisecond before 2025
  const gone = await order(ids.e, '2025-06-10T00:00:00Z');
  expect((await admin.request('DELETE', `/api/v1/orders/${gone.id}`)).statusCode).toBe(200);
  await touch(ids.e, '2024-12-31T23:59:59.999Z');
  // a deleted customer with recent activity is in no list
  await touch(ids.gone, '2025-06-01T00:00:00Z');
  expect((await admin.request('DELETE', `/api/v1/customers/${ids.gone}`)).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('customers list: last activity', () => {
  it('gives each row its latest live touch point or non-cancelled order', async () => {
    const res = await admin.request('GET', '/api/v1/customers?limit=200');
    expect(res.statusCode).toBe(200);
    const byId = new Map(
      res.json().items.map((i: { id: string; lastActivityAt: string | null }) => [i.id, i.lastActivityAt]),
    );
    expect(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, byId.get(id)]))).toEqual({
      a: '2025-03-05T00:00:00.000Z',
      b: '2025-04-20T00:00:00.000Z',
      c: '2025-02-15T00:00:00.000Z',
      d: null,
      e: '2024-12-31T23:59:59.999Z',
      gone: undefined,
    });
  });

  it('filters on activity at or after lastActivityFrom', async () => {
    expect(await listIds('lastActivityFrom=2025-03-05T00:00:00Z')).toEqual(named('a', 'b'));
    expect(await listIds('lastActivityFrom=2025-03-05T00:00:00.001Z')).toEqual(named('b'));
    expect(await listIds('lastActivityFrom=2025-01-01T00:00:00Z')).toEqual(named('a', 'b', 'c'));
    expect(await listIds('lastActivityFrom=2025-06-01T00:00:00Z')).toEqual([]);
    // the deleted customer's touch point is in the bin with it
    expect(await listIds('deleted=true&lastActivityFrom=2025-06-01T00:00:00Z')).toEqual(named('gone'));
  });

  it('filters on lastActivityTo: has activity, and none after', async () => {
    expect(await listIds('lastActivityTo=2025-03-05T00:00:00Z')).toEqual(named('a', 'c', 'e'));
    expect(await listIds('lastActivityTo=2025-03-04T23:59:59.999Z')).toEqual(named('c', 'e'));
    expect(await listIds('lastActivityTo=2025-01-01T00:59:59.999%2B01:00')).toEqual(named('e'));
    expect(await listIds('lastActivityTo=2025-01-01T00:00:00%2B01:00')).toEqual([]);
    expect(await listIds('lastActivityTo=2024-12-31T23:59:59.998Z')).toEqual([]);
  });

  it('combines both into a range of last activity, and with other filters', async () => {
    expect(
      await listIds('lastActivityFrom=2025-01-01T00:00:00Z&lastActivityTo=2025-03-31T00:00:00Z'),
    ).toEqual(named('a', 'c'));
    const c = (await admin.request('GET', `/api/v1/customers/${ids.c}`)).json();
    expect(
      await listIds(`lastActivityTo=2025-03-31T00:00:00Z&q=${encodeURIComponent(c.primaryEmail)}`),
    ).toEqual(named('c'));
  });

  it('answers 400 naming the field for an instant that is not ISO 8601', async () => {
    const res = await admin.request(
      'GET',
      '/api/v1/customers?lastActivityFrom=yesterday&lastActivityTo=2025-13-01',
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(res.json())).toEqual(['querystring.lastActivityFrom', 'querystring.lastActivityTo']);
  });

  it('shows none of another workspace’s activity', async () => {
    const other = await createWorkspaceClient(t);
    const theirs = await createCustomerVia(other);
    const res = await other.request('POST', '/api/v1/touchpoints', {
      customerId: theirs.id,
      channel: 'web',
      type: 'visit',
      occurredAt: '2025-06-15T00:00:00Z',
    });
    expect(res.statusCode).toBe(201);
    expect(await listIds('lastActivityFrom=2025-06-01T00:00:00Z')).toEqual([]);
    const mine = (await other.request('GET', '/api/v1/customers')).json().items;
    expect(mine.map((i: { lastActivityAt: string }) => i.lastActivityAt)).toEqual([
      '2025-06-15T00:00:00.000Z',
    ]);
  });
});
