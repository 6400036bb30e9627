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

const clock = fixedClock(new Date());
let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const newCustomer = createCustomerVia;
const newNote = async (c: Client, customerId: string, body: string) => {
  clock.advance(1000);
  const res = await c.request('POST', `/api/v1/customers/${customerId}/notes`, { body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const paths = errorPaths;

interface AuditItem {
  action: string;
  before: { [k: string]: unknown } | null;
  after: { [k: string]: unknown } | null;
}
const auditOf = async (c: Client, id: string): Promise<AuditItem[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=note&entityId=${id}`)).json().items;

describe('notes routes', () => {
  it('adds a note to a customer, reads, edits and soft-deletes it, auditing each write', async () => {
    const customer = await newCustomer(admin);
    const note = await newNote(admin, customer.id, '  Prefers a room away from the lift.  ');
    expect(note).toMatchObject({
      customerId: customer.id,
      body: 'Prefers a room away from the lift.',
      deletedAt: null,
    });
    expect(note.createdBy).toMatchObject({ type: 'user', id: admin.userId });
    expect((await admin.request('GET', `/api/v1/notes/${note.id}`)).json().body).toBe(note.body);

    clock.advance(1000);
    const edited = await admin.request('PATCH', `/api/v1/notes/${note.id}`, {
      body: 'Prefers a high floor.',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().body).toBe('Prefers a high floor.');

    clock.advance(1000);
    const deleted = await admin.request('DELETE', `/api/v1/notes/${note.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).not.toBeNull();
    // still readable by id, gone from the list, no longer editable
    expect((await admin.request('GET', `/api/v1/notes/${note.id}`)).json().deletedAt).not.toBeNull();
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}/notes`)).json().items).toEqual([]);
    const late = await admin.request('PATCH', `/api/v1/notes/${note.id}`, { body: 'Too late' });
    expect(late.statusCode).toBe(404);
    expect(late.json().code).toBe('NOTE_NOT_FOUND');

    const audit = await auditOf(admin, note.id);
    expect(audit.map((a) => a.action)).toEqual(['note.delete', 'note.update', 'note.create']);
    expect(audit[1]?.before?.body).toBe('Prefers a room away from the lift.');
    expect(audit[1]?.after?.body).toBe('Prefers a high floor.');
  });

  it('validates the body: required, at most 10,000 characters', async () => {
    const customer = await newCustomer(admin);
    const url = `/api/v1/customers/${customer.id}/notes`;
    const empty = await admin.request('POST', url, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(paths(empty.json())).toEqual(['body.body']);
    expect(paths((await admin.request('POST', url, {})).json())).toEqual(['body.body']);
    const long = await admin.request('POST', url, { body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0]).toEqual({
      path: 'body.body',
      message: 'must be at most 10,000 characters',
    });
    expect((await admin.request('POST', url, { body: 'x'.repeat(10_000) })).statusCode).toBe(201);
    const badCustomer = await admin.request('POST', '/api/v1/customers/nope/notes', { body: 'hi' });
    expect(paths(badCustomer.json())).toEqual(['params.customerId']);
  });

  it('flags a note for front-line staff on create or later, and needs a body or the flag to edit', async () => {
    const customer = await newCustomer(admin);
    const url = `/api/v1/customers/${customer.id}/notes`;
    expect((await newNote(admin, customer.id, 'Plain note')).frontLine).toBe(false);
    const flagged = await admin.request('POST', url, { body: 'Nut allergy', frontLine: true });
    expect(flagged.json()).toMatchObject({ body: 'Nut allergy', frontLine: true });
    const note = await newNote(admin, customer.id, 'Likes a high floor');
    const set = await admin.request('PATCH', `/api/v1/notes/${note.id}`, { frontLine: true });
    expect(set.json()).toMatchObject({ body: 'Likes a high floor', frontLine: true });
    const edited = await admin.request('PATCH', `/api/v1/notes/${note.id}`, { body: 'Likes a view' });
    expect(edited.json()).toMatchObject({ body: 'Likes a view', frontLine: true });
    const audit = await auditOf(admin, note.id);
    expect(audit[1]?.before?.frontLine).toBe(false);
    expect(audit[1]?.after?.frontLine).toBe(true);
    expect(paths((await admin.request('PATCH', `/api/v1/notes/${note.id}`, {})).json())).toEqual([
      'body.body',
    ]);
    expect(paths((await admin.request('POST', url, { body: 'x', frontLine: 'yes' })).json())).toEqual([
      'body.frontLine',
    ]);
  });

  it("lists a customer's notes newest first, each exactly once across pages", async () => {
    const customer = await newCustomer(admin);
    const elsewhere = await newCustomer(admin);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await newNote(admin, customer.id, `note ${i}`)).id);
    await newNote(admin, elsewhere.id, 'not this customer');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await admin.request(
          'GET',
          `/api/v1/customers/${customer.id}/notes?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('needs an existing, not-deleted customer', async () => {
    const customer = await newCustomer(admin);
    await admin.request('DELETE', `/api/v1/customers/${customer.id}`);
    const res = await admin.request('POST', `/api/v1/customers/${customer.id}/notes`, { body: 'hello' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect((await admin.request('GET', `/api/v1/customers/${customer.id}/notes`)).statusCode).toBe(404);
  });

  it("answers 404 for another workspace's note or customer, revealing nothing", async () => {
    const theirCustomer = await newCustomer(other);
    const theirs = await newNote(other, theirCustomer.id, 'Secret: allergic to peanuts');
    for (const [method, url, body] of [
      ['GET', `/api/v1/notes/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/notes/${theirs.id}`, { body: 'Hijacked' }],
      ['DELETE', `/api/v1/notes/${theirs.id}`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOTE_NOT_FOUND');
      expect(res.body).not.toContain('peanuts');
      expect(res.body).not.toContain(theirCustomer.id);
    }
    const list = await admin.request('GET', `/api/v1/customers/${theirCustomer.id}/notes`);
    expect(list.statusCode).toBe(404);
    expect(list.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect(list.body).not.toContain('peanuts');
    const add = await admin.request('POST', `/api/v1/customers/${theirCustomer.id}/notes`, {
      body: 'planted',
    });
    expect(add.statusCode).toBe(404);
    expect(add.json().code).toBe('CUSTOMER_NOT_FOUND');
    const theirList = (await other.request('GET', `/api/v1/customers/${theirCustomer.id}/notes`)).json();
    expect(theirList.items.map((n: { body: string }) => n.body)).toEqual(['Secret: allergic to peanuts']);
  });

  it('lets analysts only read and agents write but not delete', async () => {
    const customer = await newCustomer(admin);
    const note = await newNote(admin, customer.id, 'by the admin');
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', `/api/v1/customers/${customer.id}/notes`)).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/notes/${note.id}`)).statusCode).toBe(200);
    const write = await analyst.request('POST', `/api/v1/customers/${customer.id}/notes`, { body: 'no' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('FORBIDDEN');
    expect((await analyst.request('PATCH', `/api/v1/notes/${note.id}`, { body: 'no' })).statusCode).toBe(403);
    const agent = await admin.as('agent');
    expect(
      (await agent.request('POST', `/api/v1/customers/${customer.id}/notes`, { body: 'yes' })).statusCode,
    ).toBe(201);
    expect((await agent.request('PATCH', `/api/v1/notes/${note.id}`, { body: 'edited' })).statusCode).toBe(
      200,
    );
    expect((await agent.request('DELETE', `/api/v1/notes/${note.id}`)).statusCode).toBe(403);
    expect((await admin.request('GET', `/api/v1/notes/${note.id}`)).json().deletedAt).toBeNull();
  });
});
