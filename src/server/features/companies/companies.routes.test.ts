import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import { systemActor } from '../../lib/actor.js';

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const newCompany = async (c: Client, body: Record<string, unknown> = {}) => {
  const res = await c.request('POST', '/api/v1/companies', {
    name: `Acme ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const newCustomer = createCustomerVia;
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

interface AuditItem {
  action: string;
  before: { [k: string]: unknown } | null;
  after: { [k: string]: unknown } | null;
}
/** Audit entries of one record; entries made in the same millisecond have no set order. */
const auditOf = async (c: Client, id: string): Promise<AuditItem[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=company&entityId=${id}`)).json().items;
const actions = (items: AuditItem[]) => items.map((a) => a.action).sort();

describe('companies routes', () => {
  it('creates, reads and updates a company, auditing before and after', async () => {
    const created = await newCompany(admin, {
      name: '  Initech  ',
      domain: 'Initech.COM',
      industry: 'Software',
      address: { city: 'Austin', country: 'US' },
      tags: ['b2b', 'b2b'],
    });
    expect(created).toMatchObject({
      name: 'Initech',
      domain: 'initech.com',
      tags: ['b2b'],
      address: { city: 'Austin', country: 'US' },
      deletedAt: null,
    });
    expect(created.createdBy.type).toBe('user');
    const got = await admin.request('GET', `/api/v1/companies/${created.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().name).toBe('Initech');

    const patched = await admin.request('PATCH', `/api/v1/companies/${created.id}`, {
      industry: null,
      tags: ['partner'],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Initech', industry: null, tags: ['partner'] });

    const audit = await auditOf(admin, created.id);
    expect(actions(audit)).toEqual(['company.create', 'company.update']);
    const update = audit.find((a) => a.action === 'company.update')!;
    expect(update.before?.industry).toBe('Software');
    expect(update.after?.industry).toBeNull();
  });

  it('answers 400 problem+json naming each invalid field', async () => {
    const res = await admin.request('POST', '/api/v1/companies', { name: '', domain: 'not a domain' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.domain', 'body.name']);

    const c = await newCompany(admin);
    const patch = await admin.request('PATCH', `/api/v1/companies/${c.id}`, { tags: ['x'.repeat(51)] });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0].path).toBe('body.tags.0');

    const badId = await admin.request('GET', '/api/v1/companies/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].path).toBe('params.id');
  });

  it('searches names by any part of each word, and filters by tag', async () => {
    const ws = await createWorkspaceClient(t);
    const umbrella = await newCompany(ws, { name: 'Umbrella Corporation', tags: ['pharma'] });
    const wayne = await newCompany(ws, { name: 'Wayne Enterprises', tags: ['pharma', 'defence'] });
    await newCompany(ws, { name: '100% Organic_Farms' });
    const search = async (qs: string) => ids((await ws.request('GET', `/api/v1/companies?${qs}`)).json());
    expect(await search('q=umbr')).toEqual([umbrella.id]);
    expect(await search('q=CORP%20umb')).toEqual([umbrella.id]);
    expect(await search('q=terpri')).toEqual([wayne.id]);
    expect(await search('q=zzz')).toEqual([]);
    // LIKE wildcards in the query are literal characters
    expect(await search('q=%25')).toHaveLength(1);
    expect(await search('q=_')).toHaveLength(1);
    expect((await search('tag=pharma')).sort()).toEqual([umbrella.id, wayne.id].sort());
    expect(await search('tag=defence')).toEqual([wayne.id]);
  });

  it('pages through every sort and order, visiting each company exactly once', async () => {
    const ws = await createWorkspaceClient(t);
    // duplicate names exercise the id tie-break
    const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Bravo', 'Echo', 'Foxtrot'];
    const created: string[] = [];
    for (const name of names) created.push((await newCompany(ws, { name })).id);
    for (const sort of ['name', 'createdAt', 'updatedAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: { id: string; name: string }[] = [];
        let cursor: string | null = null;
        do {
          const url = `/api/v1/companies?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await ws.request('GET', url);
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json();
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.map((c) => c.id).sort(), `${sort} ${order}`).toEqual([...created].sort());
        if (sort === 'name') {
          const got = seen.map((c) => c.name);
          const sorted = [...got].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(got).toEqual(order === 'asc' ? sorted : sorted.reverse());
        }
      }
    }
  });

  it('rejects a forged cursor with 400', async () => {
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    const res = await admin.request('GET', `/api/v1/companies?sort=createdAt&cursor=${forged}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('querystring.cursor');
  });

  it('soft-deletes and restores', async () => {
    const c = await newCompany(admin, { name: 'Soylent Industries' });
    const del = await admin.request('DELETE', `/api/v1/companies/${c.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().deletedAt).not.toBeNull();
    expect(ids((await admin.request('GET', '/api/v1/companies?q=soylent')).json())).toEqual([]);
    expect(ids((await admin.request('GET', '/api/v1/companies?q=soylent&deleted=true')).json())).toEqual([
      c.id,
    ]);
    // still readable by id, but no longer writable
    expect((await admin.request('GET', `/api/v1/companies/${c.id}`)).json().deletedAt).not.toBeNull();
    expect((await admin.request('PATCH', `/api/v1/companies/${c.id}`, { name: 'X' })).statusCode).toBe(404);
    const restored = await admin.request('POST', `/api/v1/companies/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect(ids((await admin.request('GET', '/api/v1/companies?q=soylent')).json())).toEqual([c.id]);
    expect(actions(await auditOf(admin, c.id))).toEqual([
      'company.create',
      'company.delete',
      'company.restore',
    ]);
  });

  it('links people with a job title, lists them by name, and unlinks them', async () => {
    const company = await newCompany(admin);
    const zoe = await newCustomer(admin, { givenName: 'Zoe', familyName: 'Zimmer' });
    const abe = await newCustomer(admin, { givenName: 'Abe', familyName: 'Adams' });
    const link = await admin.request('PUT', `/api/v1/companies/${company.id}/people/${zoe.id}`, {
      jobTitle: 'CTO',
    });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toMatchObject({ customerId: zoe.id, fullName: zoe.fullName, jobTitle: 'CTO' });
    // the body is optional
    const bare = await admin.request('PUT', `/api/v1/companies/${company.id}/people/${abe.id}`);
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json().jobTitle).toBeNull();
    // re-linking replaces the job title
    const retitled = await admin.request('PUT', `/api/v1/companies/${company.id}/people/${zoe.id}`, {
      jobTitle: 'CEO',
    });
    expect(retitled.json().jobTitle).toBe('CEO');

    const people = (await admin.request('GET', `/api/v1/companies/${company.id}/people?limit=1`)).json();
    expect(people.items.map((p: { customerId: string }) => p.customerId)).toEqual([abe.id]);
    const rest = (
      await admin.request('GET', `/api/v1/companies/${company.id}/people?limit=1&cursor=${people.nextCursor}`)
    ).json();
    expect(
      rest.items.map((p: { customerId: string; jobTitle: string }) => [p.customerId, p.jobTitle]),
    ).toEqual([[zoe.id, 'CEO']]);
    expect(rest.nextCursor).toBeNull();

    const actor = systemActor(admin.workspaceId);
    expect(await t.services.companies.forCustomer(actor, zoe.id)).toEqual([
      { id: company.id, name: company.name, jobTitle: 'CEO' },
    ]);

    const unlink = await admin.request('DELETE', `/api/v1/companies/${company.id}/people/${zoe.id}`);
    expect(unlink.statusCode).toBe(204);
    // unlinking again changes nothing and writes no audit entry
    const again = await admin.request('DELETE', `/api/v1/companies/${company.id}/people/${zoe.id}`);
    expect(again.statusCode).toBe(204);
    expect(await t.services.companies.forCustomer(actor, zoe.id)).toEqual([]);
    const left = (await admin.request('GET', `/api/v1/companies/${company.id}/people`)).json();
    expect(left.items.map((p: { customerId: string }) => p.customerId)).toEqual([abe.id]);

    const audit = await auditOf(admin, company.id);
    expect(actions(audit)).toEqual([
      'company.create',
      'company.link',
      'company.link',
      'company.link',
      'company.unlink',
    ]);
    const retitle = audit.find((a) => a.action === 'company.link' && a.before !== null)!;
    expect(retitle.before).toEqual({ customerId: zoe.id, companyId: company.id, jobTitle: 'CTO' });
    expect(retitle.after).toEqual({ customerId: zoe.id, companyId: company.id, jobTitle: 'CEO' });
    const unlinked = audit.find((a) => a.action === 'company.unlink')!;
    expect(unlinked.before?.jobTitle).toBe('CEO');
    expect(unlinked.after).toBeNull();
  });

  it('hides deleted companies from a customer and deleted customers from a company', async () => {
    const company = await newCompany(admin);
    const person = await newCustomer(admin);
    await admin.request('PUT', `/api/v1/companies/${company.id}/people/${person.id}`, { jobTitle: 'Buyer' });
    await admin.request('DELETE', `/api/v1/customers/${person.id}`);
    expect((await admin.request('GET', `/api/v1/companies/${company.id}/people`)).json().items).toEqual([]);
    await admin.request('POST', `/api/v1/customers/${person.id}/restore`);
    await admin.request('DELETE', `/api/v1/companies/${company.id}`);
    expect(await t.services.companies.forCustomer(systemActor(admin.workspaceId), person.id)).toEqual([]);
  });

  it("answers 404 for another workspace's company or customer, revealing nothing", async () => {
    const theirs = await newCompany(other, { name: 'Secret Holdings', industry: 'Espionage' });
    const theirPerson = await newCustomer(other);
    const mine = await newCompany(admin);
    const myPerson = await newCustomer(admin);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/companies/${theirs.id}`],
      ['PATCH', `/api/v1/companies/${theirs.id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/companies/${theirs.id}`],
      ['POST', `/api/v1/companies/${theirs.id}/restore`],
      ['GET', `/api/v1/companies/${theirs.id}/people`],
      ['PUT', `/api/v1/companies/${theirs.id}/people/${myPerson.id}`, {}],
      ['DELETE', `/api/v1/companies/${theirs.id}/people/${myPerson.id}`],
    ];
    for (const [method, url, body] of attempts) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('COMPANY_NOT_FOUND');
      expect(res.body).not.toContain('Secret');
      expect(res.body).not.toContain('Espionage');
    }
    const link = await admin.request('PUT', `/api/v1/companies/${mine.id}/people/${theirPerson.id}`, {});
    expect(link.statusCode).toBe(404);
    expect(link.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect(link.body).not.toContain(theirPerson.fullName);
    // nothing changed on their side
    const still = (await other.request('GET', `/api/v1/companies/${theirs.id}`)).json();
    expect(still).toMatchObject({ name: 'Secret Holdings', deletedAt: null });
    expect(ids((await admin.request('GET', '/api/v1/companies?q=secret')).json())).toEqual([]);
  });

  it('lets analysts only read and agents write but not delete', async () => {
    const company = await newCompany(admin);
    const person = await newCustomer(admin);
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/companies')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/companies/${company.id}/people`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/companies', { name: 'Nope' }],
      ['PATCH', `/api/v1/companies/${company.id}`, { name: 'Nope' }],
      ['PUT', `/api/v1/companies/${company.id}/people/${person.id}`, {}],
      ['DELETE', `/api/v1/companies/${company.id}/people/${person.id}`, undefined],
      ['DELETE', `/api/v1/companies/${company.id}`, undefined],
    ] as const) {
      const res = await analyst.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const agent = await admin.as('agent');
    expect((await agent.request('POST', '/api/v1/companies', { name: 'Agent Co' })).statusCode).toBe(201);
    expect(
      (await agent.request('PUT', `/api/v1/companies/${company.id}/people/${person.id}`, {})).statusCode,
    ).toBe(200);
    expect((await agent.request('DELETE', `/api/v1/companies/${company.id}`)).statusCode).toBe(403);
    expect((await agent.request('POST', `/api/v1/companies/${company.id}/restore`)).statusCode).toBe(403);
    expect((await admin.request('GET', `/api/v1/companies/${company.id}`)).json().deletedAt).toBeNull();
  });
});
