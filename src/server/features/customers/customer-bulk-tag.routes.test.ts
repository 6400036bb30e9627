import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock('2025-06-18T12:00:00Z');
let t: TestApp;
let admin: Client & { as(role: 'analyst' | 'agent'): Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const get = async (c: Client, id: string) => (await c.request('GET', `/api/v1/customers/${id}`)).json();
const auditOf = async (id: string) =>
  (await admin.request('GET', `/api/v1/audit?entityType=customer&entityId=${id}`)).json().items as {
    action: string;
    before: { tags: string[] } | null;
    after: { tags: string[] } | null;
  }[];

describe('POST /customers/bulk-tag', () => {
  it('adds and removes tags in one go, touching only customers whose tags change', async () => {
    const vip = await createCustomerVia(admin, { tags: ['vip'] });
    const bare = await createCustomerVia(admin);
    const old = await createCustomerVia(admin, { tags: ['old', 'vip'] });
    const done = await createCustomerVia(admin, { tags: ['gold'] });
    const deleted = await createCustomerVia(admin, { tags: ['old'] });
    await admin.request('DELETE', `/api/v1/customers/${deleted.id}`);
    const theirs = await createCustomerVia(other, { tags: ['old'] });
    const unknown = randomUUID();
    clock.advance(60_000);

    const res = await admin.request('POST', '/api/v1/customers/bulk-tag', {
      ids: [vip.id, bare.id, old.id, done.id, deleted.id, theirs.id, unknown, vip.id],
      add: ['gold'],
      remove: ['old'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 3, unchanged: 1, notFound: [deleted.id, theirs.id, unknown] });

    const after = await Promise.all([vip, bare, old, done].map((c) => get(admin, c.id)));
    expect(after.map((c) => c.tags)).toEqual([['vip', 'gold'], ['gold'], ['vip', 'gold'], ['gold']]);
    for (const c of after.slice(0, 3)) {
      expect(c.updatedAt).toBe('2025-06-18T12:01:00.000Z');
      expect(c.updatedBy).toMatchObject({ type: 'user', id: admin.userId });
    }
    expect(after[3].updatedAt).toBe(done.updatedAt);
    expect((await get(admin, deleted.id)).tags).toEqual(['old']);
    expect((await get(other, theirs.id)).tags).toEqual(['old']);

    const audit = await auditOf(old.id);
    expect(audit.map((a) => a.action)).toEqual(['customer.update', 'customer.create']);
    expect(audit[0]?.before?.tags).toEqual(['old', 'vip']);
    expect(audit[0]?.after?.tags).toEqual(['vip', 'gold']);
    expect((await auditOf(done.id)).map((a) => a.action)).toEqual(['customer.create']);
  });

  it('lets a tag in both lists end up set, keeps tag order, and reports a no-op as unchanged', async () => {
    const a = await createCustomerVia(admin, { tags: ['a'] });
    const ba = await createCustomerVia(admin, { tags: ['b', 'a'] });
    const url = '/api/v1/customers/bulk-tag';
    const both = await admin.request('POST', url, { ids: [a.id, ba.id], add: ['b'], remove: ['b'] });
    expect(both.json()).toEqual({ updated: 1, unchanged: 1, notFound: [] });
    expect((await get(admin, a.id)).tags).toEqual(['a', 'b']);
    expect((await get(admin, ba.id)).tags).toEqual(['b', 'a']);
    const again = await admin.request('POST', url, { ids: [a.id], remove: ['zzz'] });
    expect(again.json()).toEqual({ updated: 0, unchanged: 1, notFound: [] });
  });

  it('answers 400 naming the fields of a bad body', async () => {
    const url = '/api/v1/customers/bulk-tag';
    expect(errorPaths((await admin.request('POST', url, { ids: [], add: ['x'] })).json())).toEqual([
      'body.ids',
    ]);
    const c = await createCustomerVia(admin);
    expect(errorPaths((await admin.request('POST', url, { ids: [c.id] })).json())).toEqual(['body.add']);
    const res = await admin.request('POST', url, { ids: ['nope'], add: [' '] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(res.json())).toEqual(['body.add.0', 'body.ids.0']);
    const many = Array.from({ length: 501 }, () => randomUUID());
    expect(errorPaths((await admin.request('POST', url, { ids: many, add: ['x'] })).json())).toEqual([
      'body.ids',
    ]);
  });

  it('refuses analysts, and lets agents tag', async () => {
    const c = await createCustomerVia(admin);
    const analyst = await admin.as('analyst');
    const refused = await analyst.request('POST', '/api/v1/customers/bulk-tag', { ids: [c.id], add: ['x'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await get(admin, c.id)).tags).toEqual([]);
    const agent = await admin.as('agent');
    const ok = await agent.request('POST', '/api/v1/customers/bulk-tag', { ids: [c.id], add: ['x'] });
    expect(ok.json()).toEqual({ updated: 1, unchanged: 0, notFound: [] });
  });
});
