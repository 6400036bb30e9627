import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, createWorkspaceClient, type TestApp } from './app.js';

/**
 * Workspace isolation: every API route that takes an id is called by workspace B with
 * workspace A's ids. Each must answer 404 and leak none of A's data, and A's records must be
 * unchanged afterwards. Routes are enumerated from the OpenAPI document, so a new route is
 * covered (or fails here for want of a sample body) without editing this test.
 */
let t: TestApp;
let a: Client;
let b: Client;
const ids: Record<string, string> = {};
const SECRET_NAME = 'Secretia Isolata';
const SECRET_EMAIL = 'secretia.isolata@example.com';

/** A valid body per route, so the request reaches the service instead of failing validation. */
const BODIES: Record<string, unknown> = {
  'patch /api/v1/users/{id}': { name: 'Renamed' },
  'patch /api/v1/customers/{id}': { tags: ['renamed'] },
  'patch /api/v1/companies/{id}': { name: 'Renamed' },
  'put /api/v1/companies/{id}/people/{customerId}': { jobTitle: 'Spy' },
  'patch /api/v1/products/{id}': { name: 'Renamed' },
  'post /api/v1/customers/{customerId}/notes': { body: 'hello' },
  'patch /api/v1/notes/{id}': { body: 'changed' },
  'post /api/v1/customers/{customerId}/tasks': { title: 'Call back' },
  'patch /api/v1/tasks/{id}': { title: 'Changed' },
  'patch /api/v1/cases/{id}': { subject: 'Changed' },
  'post /api/v1/cases/{id}/status': { status: 'acknowledged' },
  'post /api/v1/cases/{id}/messages': { kind: 'internal_note', body: 'hello' },
  'post /api/v1/cases/{id}/resolve': { outcome: 'fixed', rootCause: 'service_failure' },
  'put /api/v1/cases/{id}/suggestion': { area: 'Spa', outcome: 'planned', tellCustomer: false },
  'post /api/v1/cases/{id}/compensations': { amountMinor: 1000, kind: 'voucher' },
  'post /api/v1/case-compensations/{id}/approve': {},
  'post /api/v1/case-compensations/{id}/reject': {},
  'patch /api/v1/orders/{id}': { status: 'cancelled' },
  'patch /api/v1/touchpoints/{id}': { type: 'changed' },
  'patch /api/v1/saved-views/{id}': { name: 'Renamed' },
  'patch /api/v1/visits/{id}': { status: 'arrived' },
  'patch /api/v1/touchpoint-types/{id}': { label: 'Renamed' },
  'post /api/v1/identity/merges/{id}/undo': {},
  'post /api/v1/identity/candidates/{id}/decision': { decision: 'dismiss' },
  'put /api/v1/customers/{id}/relationship/override': { type: 'enmity', reason: 'planted by B' },
  'post /api/v1/customers/{id}/relationship/survey': { sentence: 'kinship' },
  'post /api/v1/customers/{id}/relationship/survey-links': {},
  'post /api/v1/customers/{id}/relationship/let-go': {
    decision: 'let_go',
    reason: 'planted by B, a long reason',
  },
};

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorkspaceClient(t);
  b = await createWorkspaceClient(t);
  const ok = async (method: string, url: string, body?: unknown) => {
    const res = await a.request(method, url, body);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  ids.customers = (
    await ok('POST', '/api/v1/customers', { fullName: SECRET_NAME, emails: [{ value: SECRET_EMAIL }] })
  ).id;
  ids.companies = (await ok('POST', '/api/v1/companies', { name: `${SECRET_NAME} Ltd` })).id;
  ids['touchpoint-types'] = (
    await ok('POST', '/api/v1/touchpoint-types', { key: 'secret_ritual', label: `${SECRET_NAME} ritual` })
  ).id;
  await ok('PUT', `/api/v1/companies/${ids.companies}/people/${ids.customers}`, { jobTitle: 'Owner' });
  ids.products = (
    await ok('POST', '/api/v1/products', { sku: 'SECRET-1', name: `${SECRET_NAME} spa day` })
  ).id;
  ids.orders = (
    await ok('POST', '/api/v1/orders', {
      customerId: ids.customers,
      channel: 'web',
      occurredAt: '2026-01-05T10:00:00Z',
      currency: 'EUR',
      lines: [{ sku: 'SECRET-1', quantity: 1, unitPriceMinor: 12_000 }],
    })
  ).id;
  ids.touchpoints = (
    await ok('POST', '/api/v1/touchpoints', {
      customerId: ids.customers,
      channel: 'front_desk',
      type: 'check_in',
      occurredAt: '2026-01-05T15:00:00Z',
      properties: { room: '101' },
    })
  ).id;
  ids.notes = (
    await ok('POST', `/api/v1/customers/${ids.customers}/notes`, {
      body: `${SECRET_NAME} likes a quiet room`,
    })
  ).id;
  ids.tasks = (
    await ok('POST', `/api/v1/customers/${ids.customers}/tasks`, {
      title: `Call ${SECRET_NAME}`,
      assigneeId: a.userId,
    })
  ).id;
  ids.cases = (
    await ok('POST', '/api/v1/cases', {
      type: 'complaint',
      channel: 'email',
      subject: `${SECRET_NAME} found a hair in the soup`,
      body: 'It was long and blond.',
      customerId: ids.customers,
      orderId: ids.orders,
      productId: ids.products,
      touchpointId: ids.touchpoints,
      assigneeUserId: a.userId,
      idempotencyKey: 'secret-key',
    })
  ).id;
  await ok('POST', `/api/v1/cases/${ids.cases}/messages`, { kind: 'reply', body: `Dear ${SECRET_NAME}` });
  ids['case-compensations'] = (
    await ok('POST', `/api/v1/cases/${ids.cases}/compensations`, { amountMinor: 90_000, kind: 'refund' })
  ).id;
  ids.visits = (
    await ok('POST', '/api/v1/visits', {
      customerId: ids.customers,
      startsAt: '2026-01-07T15:00:00Z',
      location: `${SECRET_NAME} Hotel`,
      type: 'booking',
    })
  ).id;
  // A merge of two of A's customers: /identity/merges/{id} (and the candidates route) take its id.
  const twin = (await ok('POST', '/api/v1/customers', { fullName: `${SECRET_NAME} Twin` })).id;
  const other = (await ok('POST', '/api/v1/customers', { fullName: `${SECRET_NAME} Other` })).id;
  ids.identity = (await ok('POST', '/api/v1/identity/merges', { survivorId: twin, mergedId: other })).id;
  ids.users = a.userId;
  ids['api-keys'] = (await ok('POST', '/api/v1/api-keys', { name: 'secret key' })).id;
  const upload = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports/customers?fileName=secret.csv',
    headers: { 'content-type': 'text/csv', ...a.headers },
    cookies: a.cookies,
    payload: `email,name\nsecret.import@example.com,${SECRET_NAME} Junior\n`,
  });
  ids.imports = upload.json().id;
  // A queued value run (routes under /value/runs/{id}).
  ids.value = (await ok('POST', '/api/v1/value/runs', {})).id;
  // A queued relationship run (/relationships/runs/{id}), and A's customer classified.
  ids.relationships = (await ok('POST', '/api/v1/relationships/runs')).id;
  await ok('POST', '/api/v1/policy/check', {
    customerId: ids.customers,
    action: { channel: 'email', purpose: 'service' },
  });
  ids['saved-views'] = (
    await ok('POST', '/api/v1/saved-views', {
      name: SECRET_NAME,
      state: { q: SECRET_NAME, columns: ['fullName'] },
    })
  ).id;
});
afterAll(() => t.close());

/** A's data found in a response; the ids the caller itself sent may be echoed back. */
function leaks(body: string, sent = ''): string[] {
  return [
    ...Object.values(ids).filter((id) => !sent.includes(id)),
    SECRET_NAME,
    SECRET_EMAIL,
    'SECRET-1',
  ].filter((v) => body.includes(v));
}

describe('workspace isolation', () => {
  it('answers 404 without data for every id route called with another workspace’s ids', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const failures: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || !/\{(id|customerId)\}/.test(path)) continue;
      const resource = path.split('/')[3]!;
      const url = path.replace('{id}', ids[resource] ?? 'missing').replace('{customerId}', ids.customers!);
      for (const method of Object.keys(methods)) {
        const body = BODIES[`${method} ${path}`];
        const res = await b.request(method.toUpperCase(), url, body);
        checked++;
        const leaked = leaks(res.body, url);
        if (res.statusCode !== 404 || leaked.length) {
          failures.push(
            `${method.toUpperCase()} ${path} → ${res.statusCode}${leaked.length ? ` leaked ${leaked.join(', ')}` : ''}: ${res.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('refuses another workspace’s ids inside request bodies', async () => {
    const attempts: [string, string, unknown][] = [
      [
        'POST',
        '/api/v1/orders',
        {
          customerId: ids.customers,
          channel: 'web',
          occurredAt: '2026-01-06T10:00:00Z',
          currency: 'EUR',
          totalMinor: 100,
        },
      ],
      [
        'POST',
        '/api/v1/touchpoints',
        { customerId: ids.customers, channel: 'web', type: 'page_view', occurredAt: '2026-01-06T10:00:00Z' },
      ],
      [
        'POST',
        '/api/v1/visits',
        { customerId: ids.customers, startsAt: '2026-01-08T15:00:00Z', location: 'Spa', type: 'appointment' },
      ],
      ['POST', '/api/v1/briefings/feedback', { visitId: ids.visits, kind: 'milestone', useful: true }],
      [
        'POST',
        '/api/v1/cases',
        { type: 'complaint', channel: 'api', subject: 'x', body: 'planted', customerId: ids.customers },
      ],
      [
        'POST',
        '/api/v1/policy/check',
        { customerId: ids.customers, action: { channel: 'email', purpose: 'marketing' } },
      ],
    ];
    for (const [method, url, body] of attempts) {
      const res = await b.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(leaks(res.body, JSON.stringify(body)), `${method} ${url}`).toEqual([]);
    }
  });

  it('finds none of A’s customers by lookup', async () => {
    const res = await b.request('GET', `/api/v1/lookup?email=${encodeURIComponent(SECRET_EMAIL)}`);
    expect(res.statusCode).toBe(404);
    // The problem echoes the e-mail B asked for (its instance URL); nothing of A's customer.
    expect(res.body).not.toContain(SECRET_NAME);
    expect(res.body).not.toContain(ids.customers);
  });

  it('briefs B on nobody at A’s location', async () => {
    const location = `${SECRET_NAME} Hotel`;
    const res = await b.request(
      'GET',
      `/api/v1/briefings?date=2026-01-07&location=${encodeURIComponent(location)}`,
    );
    expect(res.statusCode).toBe(200);
    const { location: echoed, ...rest } = res.json();
    expect(echoed).toBe(location);
    expect(rest.entries).toEqual([]);
    expect(leaks(JSON.stringify(rest))).toEqual([]);
  });

  it('shows none of A’s records in B’s lists and searches', async () => {
    for (const url of [
      '/api/v1/customers',
      `/api/v1/customers?q=${encodeURIComponent(SECRET_EMAIL)}`,
      '/api/v1/companies',
      '/api/v1/products',
      '/api/v1/orders',
      '/api/v1/touchpoints',
      '/api/v1/tasks',
      '/api/v1/cases',
      `/api/v1/cases?q=${encodeURIComponent(SECRET_NAME)}`,
      '/api/v1/users',
      '/api/v1/api-keys',
      '/api/v1/audit',
      '/api/v1/imports',
      '/api/v1/saved-views',
      '/api/v1/touchpoint-types?includeArchived=true',
      '/api/v1/touchpoint-catalogue',
      '/api/v1/touchpoint-channels',
      '/api/v1/dashboard',
      '/api/v1/workspace',
      '/api/v1/customers/export?format=json',
      '/api/v1/visits',
      '/api/v1/visits/locations',
      '/api/v1/briefings/usefulness',
      '/api/v1/relationships/portfolio',
      '/api/v1/relationships/work-list',
      '/api/v1/relationships/runs',
    ]) {
      const res = await b.request('GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(leaks(res.body), url).toEqual([]);
    }
  });

  it('left A’s records untouched', async () => {
    const c = (await a.request('GET', `/api/v1/customers/${ids.customers}`)).json();
    expect(c.deletedAt).toBeNull();
    expect(c.tags).toEqual([]);
    const order = (await a.request('GET', `/api/v1/orders/${ids.orders}`)).json();
    expect(order.status).toBe('completed');
    const key = (await a.request('GET', '/api/v1/api-keys')).json().items[0];
    expect(key.revokedAt).toBeNull();
    const people = (await a.request('GET', `/api/v1/companies/${ids.companies}/people`)).json();
    expect(people.items).toHaveLength(1);
    const kase = (await a.request('GET', `/api/v1/cases/${ids.cases}`)).json();
    expect([kase.status, kase.subject, kase.deletedAt, kase.messages.length]).toEqual([
      'new',
      `${SECRET_NAME} found a hair in the soup`,
      null,
      1,
    ]);
    const visit = (await a.request('GET', `/api/v1/visits/${ids.visits}`)).json();
    expect([visit.status, visit.deletedAt]).toEqual(['booked', null]);
    const views = (await a.request('GET', '/api/v1/saved-views')).json().items;
    expect(views.map((v: { name: string }) => v.name)).toEqual([SECRET_NAME]);
    const types = (await a.request('GET', '/api/v1/touchpoint-types')).json().items;
    expect(types.find((x: { key: string }) => x.key === 'secret_ritual')?.label).toBe(
      `${SECRET_NAME} ritual`,
    );
  });

  // Last: B then holds a customer with A's customer's e-mail, which the checks above look for.
  it('resolves a sender with A’s customer’s e-mail to a new customer of B’s', async () => {
    const res = await b.request('POST', '/api/v1/cases/intake', {
      type: 'complaint',
      channel: 'chat',
      subject: 'Who am I?',
      body: 'Sent by someone using A’s e-mail',
      sender: { email: SECRET_EMAIL },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().customerCreated).toBe(true);
    expect(leaks(res.body, SECRET_EMAIL)).toEqual([]);
    const slug = (await b.request('GET', '/api/v1/workspace')).json().slug;
    const form = await t.app.inject({ method: 'GET', url: `/api/v1/public/workspaces/${slug}/case-form` });
    expect(form.statusCode).toBe(200);
    expect(leaks(form.body)).toEqual([]);
  });
});
