import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type { Role } from '../../../shared/contracts/common.js';

let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };
let ann: { id: string };

const lookup = (c: Client, query: string) => c.request('GET', `/api/v1/lookup?${query}`);

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  ann = await createCustomerVia(admin, {
    givenName: 'Ann',
    familyName: 'Lee',
    emails: [{ value: 'Ann.Lee@Example.com' }],
    phones: [{ value: '+44 7911 123456' }],
    tags: ['vip'],
    prefersHumanService: true,
    externalIds: [
      { source: 'import', value: 'C-1001' },
      { source: 'pms', value: 'G-77' },
    ],
  });
  await admin.request('POST', '/api/v1/touchpoints', {
    customerId: ann.id,
    channel: 'phone',
    type: 'call',
    occurredAt: '2026-03-01T10:00:00.000Z',
    satisfaction: 4,
  });
  await admin.request('POST', '/api/v1/orders', {
    customerId: ann.id,
    channel: 'web',
    occurredAt: '2026-02-01T10:00:00.000Z',
    currency: 'EUR',
    lines: [{ description: 'Suite night', quantity: 2, unitPriceMinor: 20_000 }],
  });
  await admin.request('POST', `/api/v1/customers/${ann.id}/tasks`, { title: 'Call back about the invoice' });
});
afterAll(() => t.close());

describe('GET /lookup', () => {
  it('answers the 360 summary of the customer an e-mail belongs to, whatever its case', async () => {
    const res = await lookup(admin, 'email=%20ANN.lee@example.COM%20');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.matchedBy).toEqual({ kind: 'email', source: '', value: 'ann.lee@example.com' });
    expect(body.customer).toMatchObject({
      id: ann.id,
      fullName: 'Ann Lee',
      primaryEmail: 'ann.lee@example.com',
      primaryPhone: '+447911123456',
      tags: ['vip'],
      prefersHumanService: true,
    });
    expect(body.orderSummary).toMatchObject({ count: 1, revenueMinor: 40_000, currency: 'EUR' });
    // The last touch points (not orders or notes), with the catalogue's labels.
    expect(
      body.timeline.map((e: { kind: string; typeLabel: string; summary: string }) => [
        e.kind,
        e.typeLabel,
        e.summary,
      ]),
    ).toEqual([['touchpoint', 'Call', 'Phone · Call · satisfaction 4/5']]);
    expect(body.orderSummary.lastOrderAt).toBe('2026-02-01T10:00:00.000Z');
    expect(body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'email',
      'external_id',
      'external_id',
      'phone',
    ]);
    expect(body.openTasks.map((x: { title: string }) => x.title)).toEqual(['Call back about the invoice']);
  });

  it('reads a phone typed with spaces, in national or international format', async () => {
    for (const phone of ['07911 123456', '07911123456', '+44 (0)7911 123 456', '0044 7911 123456']) {
      const res = await lookup(admin, `phone=${encodeURIComponent(phone)}`);
      expect(res.statusCode, phone).toBe(200);
      expect(res.json().customer.id, phone).toBe(ann.id);
      expect(res.json().matchedBy.value).toBe('+447911123456');
    }
  });

  it("finds an external id in the import's default source, or in the source given", async () => {
    const byDefault = await lookup(admin, 'externalId=C-1001');
    expect(byDefault.statusCode).toBe(200);
    expect(byDefault.json().matchedBy).toEqual({ kind: 'external_id', source: 'import', value: 'C-1001' });
    expect(byDefault.json().customer.id).toBe(ann.id);
    expect((await lookup(admin, 'externalId=G-77&source=pms')).json().customer.id).toBe(ann.id);
    // The id is another system's: not found in the default source.
    expect((await lookup(admin, 'externalId=G-77')).statusCode).toBe(404);
  });

  it('answers 404 problem+json when no customer has the identifier', async () => {
    for (const q of ['email=nobody@example.com', 'phone=07911123457', 'externalId=C-9999']) {
      const res = await lookup(admin, q);
      expect(res.statusCode, q).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('CUSTOMER_NOT_FOUND');
    }
  });

  it('answers 400 naming the parameters when none, several or a malformed one is given', async () => {
    const cases: [string, string[]][] = [
      ['', ['querystring.email', 'querystring.externalId', 'querystring.phone']],
      ['email=ann.lee@example.com&phone=07911123456', ['querystring.email', 'querystring.phone']],
      ['email=not-an-address', ['querystring.email']],
      ['phone=12', ['querystring.phone']],
      ['phone=call+me', ['querystring.phone']],
      ['externalId=%20%20', ['querystring.externalId']],
      ['email=ann.lee@example.com&source=pms', ['querystring.source']],
    ];
    for (const [q, paths] of cases) {
      const res = await lookup(admin, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(errorPaths(res.json()), q).toEqual(paths);
    }
  });

  it('leads from an identity of a merged-away customer to the survivor', async () => {
    const survivor = await createCustomerVia(admin, { fullName: 'Survivor' });
    const merged = await createCustomerVia(admin, {
      fullName: 'Merged',
      emails: [{ value: 'merged@example.com' }],
    });
    await t.database
      .q()
      .execute(
        sql`update customers set merged_into_id = ${survivor.id}, deleted_at = now() where id = ${merged.id}`,
      );
    const res = await lookup(admin, 'email=merged@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.json().customer).toMatchObject({ id: survivor.id, fullName: 'Survivor' });
  });

  it("never finds another workspace's customer", async () => {
    const other = await createWorkspaceClient(t);
    expect((await lookup(other, 'email=ann.lee@example.com')).statusCode).toBe(404);
    expect((await lookup(other, 'phone=07911123456')).statusCode).toBe(404);
    expect((await lookup(other, 'externalId=C-1001')).statusCode).toBe(404);
  });

  it('works with a read-scoped API key and refuses a request without credentials', async () => {
    const created = await admin.request('POST', '/api/v1/api-keys', {
      name: 'Call centre',
      role: 'agent',
      scopes: ['read'],
    });
    expect(created.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${created.json().key}` };
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/lookup?phone=07911123456', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.id).toBe(ann.id);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/lookup?phone=07911123456' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('reads a phone without a country code in the workspace’s country', async () => {
    const us = await createWorkspaceClient(t);
    expect((await us.request('PATCH', '/api/v1/workspace', { locale: 'en-US' })).statusCode).toBe(200);
    const bob = await createCustomerVia(us, { fullName: 'Bob Ray', phones: [{ value: '+1 212 555 0123' }] });
    const res = await lookup(us, `phone=${encodeURIComponent('(212) 555-0123')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.id).toBe(bob.id);
  });
});
