import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';
import { buildCustomer } from '../../../../test/factories.js';
import type { Role } from '../../../shared/contracts/common.js';
import type { OrderCreate } from '../../../shared/contracts/orders.js';

let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

async function post(c: Client, url: string, body: unknown) {
  const res = await c.request('POST', url, body);
  expect(res.statusCode, `${url} ${res.body}`).toBe(201);
  return res.json();
}

const order = (customerId: string, o: Partial<OrderCreate>): OrderCreate => ({
  customerId,
  channel: 'store',
  occurredAt: '2024-01-01T00:00:00Z',
  currency: 'EUR',
  lines: [],
  totalMinor: 0,
  ...o,
});

describe('customer 360', () => {
  it('brings profile, identities, order summary, recent timeline, open tasks and companies together', async () => {
    const customer = await post(
      admin,
      '/api/v1/customers',
      buildCustomer({ phones: [{ value: '+44 7911 123456' }], fullName: 'Nora 360' }),
    );
    const id = customer.id;
    // Cancelled (and earliest): in no figure. Refunded: an order, but no revenue. Deleted: nowhere.
    await post(
      admin,
      '/api/v1/orders',
      order(id, { status: 'cancelled', totalMinor: 99_999, occurredAt: '2023-12-01T00:00:00Z' }),
    );
    await post(
      admin,
      '/api/v1/orders',
      order(id, { totalMinor: 10_000, occurredAt: '2024-01-10T00:00:00Z' }),
    );
    await post(
      admin,
      '/api/v1/orders',
      order(id, { status: 'refunded', totalMinor: 2_000, occurredAt: '2024-02-01T00:00:00Z' }),
    );
    await post(
      admin,
      '/api/v1/orders',
      order(id, { currency: 'USD', totalMinor: 50_000, occurredAt: '2024-01-05T00:00:00Z' }),
    );
    await post(
      admin,
      '/api/v1/orders',
      order(id, {
        occurredAt: '2024-03-01T00:00:00Z',
        totalMinor: undefined,
        lines: [
          { description: 'Tea', quantity: 2, unitPriceMinor: 1_250 },
          { description: 'Cup', quantity: 1, unitPriceMinor: 2_500 },
        ],
      }),
    );
    await post(
      admin,
      '/api/v1/orders',
      order(id, { status: 'pending', totalMinor: 1_000, occurredAt: '2024-03-15T00:00:00Z' }),
    );
    const deleted = await post(
      admin,
      '/api/v1/orders',
      order(id, { totalMinor: 7_777, occurredAt: '2024-04-01T00:00:00Z' }),
    );
    await admin.request('DELETE', `/api/v1/orders/${deleted.id}`);
    for (let i = 0; i < 25; i++) {
      await post(admin, '/api/v1/touchpoints', {
        customerId: id,
        channel: i % 2 ? 'web' : 'front_desk',
        type: `event_${i}`,
        occurredAt: new Date(Date.UTC(2024, 4, 1 + i)).toISOString(),
      });
    }
    const task = await post(admin, `/api/v1/customers/${id}/tasks`, {
      title: 'Call back about the scarf',
      dueAt: '2024-07-01T09:00:00Z',
    });
    await post(admin, `/api/v1/customers/${id}/tasks`, { title: 'Already done', status: 'done' });
    const company = await post(admin, '/api/v1/companies', { name: 'Acme 360' });
    const linked = await admin.request('PUT', `/api/v1/companies/${company.id}/people/${id}`, {
      jobTitle: 'CTO',
    });
    expect(linked.statusCode).toBe(200);

    const res = await admin.request('GET', `/api/v1/customers/${id}/360`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.customer.id).toBe(id);
    expect(view.customer.fullName).toBe('Nora 360');
    expect(view.identities.map((i: { kind: string; value: string }) => [i.kind, i.value]).sort()).toEqual(
      [
        ['email', customer.primaryEmail],
        ['phone', '+447911123456'],
      ].sort(),
    );
    expect(view.orderSummary).toEqual({
      count: 5,
      revenueMinor: 10_000 + 5_000 + 1_000,
      currency: 'EUR',
      firstOrderAt: '2024-01-05T00:00:00.000Z',
      lastOrderAt: '2024-03-15T00:00:00.000Z',
    });
    const timeline = (await admin.request('GET', `/api/v1/customers/${id}/timeline?limit=20`)).json();
    expect(view.timeline).toHaveLength(20);
    expect(view.timeline).toEqual(timeline.items);
    expect(view.timeline[0].type).toBe('event_24');
    expect(view.openTasks).toEqual([
      {
        id: task.id,
        title: 'Call back about the scarf',
        status: 'open',
        dueAt: '2024-07-01T09:00:00.000Z',
        assigneeId: null,
      },
    ]);
    expect(view.companies).toEqual([{ id: company.id, name: 'Acme 360', jobTitle: 'CTO' }]);
  });

  it('shows an empty summary for a customer without orders', async () => {
    const c = await post(admin, '/api/v1/customers', buildCustomer());
    const view = (await admin.request('GET', `/api/v1/customers/${c.id}/360`)).json();
    expect(view.orderSummary).toEqual({
      count: 0,
      revenueMinor: 0,
      currency: null,
      firstOrderAt: null,
      lastOrderAt: null,
    });
    expect(view.timeline).toEqual([]);
    expect(view.openTasks).toEqual([]);
    expect(view.companies).toEqual([]);
  });

  it('lets analysts read it', async () => {
    const c = await post(admin, '/api/v1/customers', buildCustomer());
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', `/api/v1/customers/${c.id}/360`)).statusCode).toBe(200);
  });

  it('answers 404 for another workspace’s customer, with none of its data in the body', async () => {
    const other = await createWorkspaceClient(t);
    const theirs = await post(
      other,
      '/api/v1/customers',
      buildCustomer({ fullName: 'Their Secret Person', emails: [{ value: 'secret.person@their.example' }] }),
    );
    await post(
      other,
      '/api/v1/orders',
      order(theirs.id, { externalId: 'THEIR-ORDER-9', totalMinor: 31_337 }),
    );
    const res = await admin.request('GET', `/api/v1/customers/${theirs.id}/360`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CUSTOMER_NOT_FOUND');
    for (const secret of ['Their Secret Person', 'secret.person', 'THEIR-ORDER-9', '31337']) {
      expect(res.body).not.toContain(secret);
    }
  });
});
