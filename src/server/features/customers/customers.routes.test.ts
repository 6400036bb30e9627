import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';
import { buildCustomer } from '../../../../test/factories.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

describe('customers routes', () => {
  it('creates a customer with normalised contacts and reads it back', async () => {
    const res = await admin.request('POST', '/api/v1/customers', {
      givenName: 'Grace',
      familyName: 'Hopper',
      emails: [{ value: ' Grace.Hopper@Navy.MIL ' }],
      phones: [{ value: '07911 123456' }],
      tags: ['vip', 'vip'],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.fullName).toBe('Grace Hopper');
    expect(created.primaryEmail).toBe('grace.hopper@navy.mil');
    expect(created.primaryPhone).toBe('+447911123456');
    expect(created.tags).toEqual(['vip']);
    // Staff entered them: not provisional (only unverified senders' customers are).
    expect(created.provisional).toBe(false);
    const got = await admin.request('GET', `/api/v1/customers/${created.id}`);
    expect(got.json().id).toBe(created.id);
    expect(got.json().provisional).toBe(false);
  });

  it('lets an update only clear the provisional flag, never set it', async () => {
    const created = (await admin.request('POST', '/api/v1/customers', buildCustomer())).json();
    const set = await admin.request('PATCH', `/api/v1/customers/${created.id}`, { provisional: true });
    expect(set.statusCode).toBe(400);
    expect(set.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.provisional']);
    const cleared = await admin.request('PATCH', `/api/v1/customers/${created.id}`, { provisional: false });
    expect([cleared.statusCode, cleared.json().provisional]).toEqual([200, false]);
  });

  it('answers problem+json naming the field for an invalid e-mail', async () => {
    const res = await admin.request(
      'POST',
      '/api/v1/customers',
      buildCustomer({ emails: [{ value: 'not-an-email' }] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0].path).toBe('body.emails.0.value');
  });

  it('refuses an e-mail that belongs to another customer', async () => {
    const first = await admin.request('POST', '/api/v1/customers', buildCustomer());
    const email = first.json().primaryEmail;
    const res = await admin.request(
      'POST',
      '/api/v1/customers',
      buildCustomer({ emails: [{ value: email.toUpperCase() }] }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IDENTITY_CONFLICT');
  });

  it('searches by name part, e-mail and phone digits', async () => {
    const c = (
      await admin.request('POST', '/api/v1/customers', {
        givenName: 'Zebedee',
        familyName: 'Quartermain',
        emails: [{ value: 'zq@quarter.example' }],
        phones: [{ value: '+44 20 7946 0321' }],
      })
    ).json();
    for (const q of ['quarterm', 'ZQ@QUARTER.EXAMPLE', '020 7946 0321', '79460321', 'zebedee quarter']) {
      const res = await admin.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(
        res.json().items.map((i: { id: string }) => i.id),
        q,
      ).toEqual([c.id]);
    }
  });

  it('pages through a sorted list with cursors, without repeats or gaps', async () => {
    const ws = await createWorkspaceClient(t);
    const names = ['Bea', 'Abe', 'Cal', 'Dee', 'Eve'];
    for (const n of names) await ws.request('POST', '/api/v1/customers', { fullName: n });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/customers?sort=fullName&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: { fullName: string }[]; nextCursor: string | null } = (
        await ws.request('GET', url)
      ).json();
      seen.push(...page.items.map((i: { fullName: string }) => i.fullName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
  });

  it('soft-deletes and restores', async () => {
    const c = (await admin.request('POST', '/api/v1/customers', buildCustomer())).json();
    expect((await admin.request('DELETE', `/api/v1/customers/${c.id}`)).statusCode).toBe(200);
    const list = (
      await admin.request('GET', `/api/v1/customers?q=${encodeURIComponent(c.primaryEmail)}`)
    ).json();
    expect(list.items).toHaveLength(0);
    const deleted = (
      await admin.request('GET', `/api/v1/customers?deleted=true&q=${encodeURIComponent(c.primaryEmail)}`)
    ).json();
    expect(deleted.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const restored = await admin.request('POST', `/api/v1/customers/${c.id}/restore`);
    expect(restored.json().deletedAt).toBeNull();
  });

  it('updates contacts and keeps identities in step', async () => {
    const c = (await admin.request('POST', '/api/v1/customers', buildCustomer())).json();
    const res = await admin.request('PATCH', `/api/v1/customers/${c.id}`, {
      emails: [{ value: 'new.address@example.org' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().primaryEmail).toBe('new.address@example.org');
    // the old address is free again
    const other = await admin.request(
      'POST',
      '/api/v1/customers',
      buildCustomer({ emails: [{ value: c.primaryEmail }] }),
    );
    expect(other.statusCode).toBe(201);
  });

  it('audits every write with before and after', async () => {
    const c = (await admin.request('POST', '/api/v1/customers', buildCustomer())).json();
    await admin.request('PATCH', `/api/v1/customers/${c.id}`, { tags: ['gold'] });
    const audit = (await admin.request('GET', `/api/v1/audit?entityType=customer&entityId=${c.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'customer.update',
      'customer.create',
    ]);
    expect(audit.items[0].before.tags).toEqual([]);
    expect(audit.items[0].after.tags).toEqual(['gold']);
  });

  it('lets analysts read but not write', async () => {
    const analyst = await (await createWorkspaceClient(t)).as('analyst');
    expect((await analyst.request('GET', '/api/v1/customers')).statusCode).toBe(200);
    const res = await analyst.request('POST', '/api/v1/customers', buildCustomer());
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});
