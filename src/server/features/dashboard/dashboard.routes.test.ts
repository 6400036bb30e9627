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
import { fixedClock } from '../../lib/clock.js';

/*
 * A small workspace with known figures. The clock stands at Wednesday 2025-06-18 12:00 UTC and
 * the dashboard is asked for activeDays=30, newDays=14, so:
 *   activeSince 2025-05-19T12:00Z (previous window from 2025-04-19T12:00Z)
 *   newSince    2025-06-04T12:00Z (previous window from 2025-05-21T12:00Z)
 */
const NOW = '2025-06-18T12:00:00.000Z';
const clock = fixedClock(NOW);
let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };
let agent: Client;
const c: Record<string, { id: string; fullName: string }> = {};
const task: Record<string, string> = {};
const url = '/api/v1/dashboard?activeDays=30&newDays=14';

async function post(path: string, body: unknown, as: Client = admin) {
  const res = await as.request('POST', path, body);
  expect(res.statusCode, `${path} ${res.body}`).toBe(201);
  return res.json();
}
async function customerCreatedAt(key: string, at: string) {
  clock.set(at);
  c[key] = await createCustomerVia(admin, { fullName: `Customer ${key}` });
  clock.set(NOW);
}
const touch = (key: string, channel: string, occurredAt: string) =>
  post('/api/v1/touchpoints', { customerId: c[key]!.id, channel, type: 'visit', occurredAt });
const order = (
  key: string,
  occurredAt: string,
  totalMinor: number,
  o: { status?: string; currency?: string } = {},
) =>
  post('/api/v1/orders', {
    customerId: c[key]!.id,
    channel: 'store',
    occurredAt,
    currency: o.currency ?? 'EUR',
    totalMinor,
    status: o.status ?? 'completed',
  });
const del = async (path: string) => expect((await admin.request('DELETE', path)).statusCode).toBe(200);

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  agent = await admin.as('agent');
  // The customers, by when they were created.
  await customerCreatedAt('A', '2025-06-16T00:00:00.000Z'); // Monday 00:00: new, first day of this week
  await customerCreatedAt('B', '2025-01-15T10:00:00.000Z');
  await customerCreatedAt('C', '2025-05-25T23:59:59.000Z'); // a Sunday: the week of Monday 05-19
  await customerCreatedAt('D', '2024-11-01T00:00:00.000Z'); // before the 26 weeks
  await customerCreatedAt('E', '2024-12-01T00:00:00.000Z');
  await customerCreatedAt('F', '2025-06-17T00:00:00.000Z'); // deleted below: counted nowhere
  await customerCreatedAt('G', '2025-02-01T00:00:00.000Z');

  // A: active (touch points in the window; one in the future, beyond "recent")
  await touch('A', 'web', '2025-06-15T09:00:00Z');
  await touch('A', 'email', '2025-06-17T08:00:00Z');
  await touch('A', 'web', '2025-06-20T08:00:00Z');
  // B: active by an order; active in the previous window by an e-mail
  await touch('B', 'email', '2025-05-01T10:00:00Z');
  await order('B', '2025-06-01T10:00:00Z', 10_000);
  await order('B', '2025-05-31T23:59:59.999Z', 2_500, { status: 'pending' });
  await order('B', '2024-07-01T00:00:00Z', 4_000); // first of the 12 months
  await order('B', '2024-06-30T23:59:59Z', 999); // before them
  const deletedOrder = await order('B', '2025-06-02T00:00:00Z', 7_777);
  await del(`/api/v1/orders/${deletedOrder.id}`);
  // C: lapsed now, active in the previous window
  await touch('C', 'front_desk', '2025-05-10T10:00:00Z');
  // D: lapsed now and then
  await touch('D', 'phone', '2025-03-01T10:00:00Z');
  // E: no activity: a cancelled order and a deleted touch point do not count
  await order('E', '2025-06-10T10:00:00Z', 50_000, { status: 'cancelled' });
  const deletedTouch = await touch('E', 'web', '2025-06-12T10:00:00Z');
  await del(`/api/v1/touchpoints/${deletedTouch.id}`);
  // G: active by a pending order in another currency; refunded before
  await order('G', '2025-06-05T10:00:00Z', 5_000, { status: 'pending', currency: 'USD' });
  await order('G', '2025-05-05T10:00:00Z', 3_000, { status: 'refunded' });
  // F: activity, an order and a task, then deleted
  await touch('F', 'web', '2025-06-16T10:00:00Z');
  await order('F', '2025-06-16T11:00:00Z', 1_000);

  // Tasks: 4 open, 2 of them overdue.
  const mk = async (key: string, customer: string, body: Record<string, unknown>) => {
    task[key] = (
      await post(`/api/v1/customers/${c[customer]!.id}/tasks`, { title: `Task ${key}`, ...body })
    ).id;
  };
  await mk('mineSoon', 'A', { assigneeId: admin.userId, dueAt: '2025-06-20T09:00:00Z' });
  await mk('unassignedOverdue', 'B', { dueAt: '2025-06-01T09:00:00Z', status: 'in_progress' });
  await mk('agentsOverdue', 'C', { assigneeId: agent.userId, dueAt: '2025-05-01T09:00:00Z' });
  await mk('mineUndated', 'D', { assigneeId: admin.userId });
  await mk('done', 'A', { status: 'done', dueAt: '2025-01-01T00:00:00Z' });
  await mk('ofDeletedCustomer', 'F', { dueAt: '2025-01-01T00:00:00Z' });
  await mk('deleted', 'B', { dueAt: '2025-01-01T00:00:00Z' });
  await del(`/api/v1/tasks/${task.deleted}`);
  await del(`/api/v1/customers/${c.F!.id}`);
});
afterAll(() => t.close());

describe('GET /dashboard', () => {
  it('counts customers now and one window earlier', async () => {
    const res = await admin.request('GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      asOf: NOW,
      activeDays: 30,
      newDays: 14,
      currency: 'EUR',
      windows: { activeSince: '2025-05-19T12:00:00.000Z', newSince: '2025-06-04T12:00:00.000Z' },
    });
    expect(d.customers).toEqual({
      total: 6, // A B C D E G
      new: { value: 1, previous: 1 }, // A; C (created 05-25)
      active: { value: 3, previous: 3 }, // A B G; B C G (04-19 … 05-19)
      lapsed: { value: 2, previous: 1 }, // C D; D
    });
  });

  it('has tiles that count exactly what the customers list they link to shows', async () => {
    const ws = await createWorkspaceClient(t);
    // a busier workspace of its own, so the equality is not a coincidence of small numbers
    for (let i = 0; i < 12; i++) {
      clock.set(new Date(Date.parse(NOW) - i * 5 * 86_400_000));
      const cust = await createCustomerVia(ws);
      clock.set(NOW);
      for (let j = 0; j < i % 4; j++) {
        const occurredAt = new Date(Date.parse(NOW) - (i * 17 + j * 23) * 86_400_000).toISOString();
        const res =
          j % 2
            ? await ws.request('POST', '/api/v1/orders', {
                customerId: cust.id,
                channel: 'web',
                occurredAt,
                currency: 'EUR',
                totalMinor: 100,
                status: i % 3 ? 'completed' : 'cancelled',
              })
            : await ws.request('POST', '/api/v1/touchpoints', {
                customerId: cust.id,
                channel: 'web',
                type: 'visit',
                occurredAt,
              });
        expect(res.statusCode).toBe(201);
      }
    }
    for (const client of [admin, ws]) {
      for (const query of [
        'activeDays=30&newDays=14',
        'activeDays=90&newDays=30',
        'activeDays=7&newDays=1',
      ]) {
        const d = (await client.request('GET', `/api/v1/dashboard?${query}`)).json();
        const { activeSince, newSince } = d.windows;
        const counts = {
          active: await listCount(client, `lastActivityFrom=${activeSince}`),
          lapsed: await listCount(client, `lastActivityTo=${activeSince}`),
          new: await listCount(client, `createdFrom=${newSince}`),
          total: await listCount(client, ''),
        };
        expect(counts, query).toEqual({
          active: d.customers.active.value,
          lapsed: d.customers.lapsed.value,
          new: d.customers.new.value,
          total: d.customers.total,
        });
      }
    }
  });

  it('charts new customers for 26 ISO weeks, zero-filled, oldest first', async () => {
    const weeks: { weekStart: string; count: number }[] = (await admin.request('GET', url)).json()
      .newCustomersByWeek;
    expect(weeks).toHaveLength(26);
    expect(weeks[0]?.weekStart).toBe('2024-12-23');
    expect(weeks.at(-1)?.weekStart).toBe('2025-06-16');
    for (const w of weeks) expect(new Date(`${w.weekStart}T00:00:00Z`).getUTCDay(), w.weekStart).toBe(1);
    expect(weeks.filter((w) => w.count > 0)).toEqual([
      { weekStart: '2025-01-13', count: 1 }, // B
      { weekStart: '2025-01-27', count: 1 }, // G (a Saturday)
      { weekStart: '2025-05-19', count: 1 }, // C (the Sunday after)
      { weekStart: '2025-06-16', count: 1 }, // A (F is deleted)
    ]);
  });

  it('sums 12 months of completed and pending revenue in the workspace currency', async () => {
    const months: { month: string; revenueMinor: number; orders: number }[] = (
      await admin.request('GET', url)
    ).json().revenueByMonth;
    expect(months.map((m) => m.month)).toEqual([
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(months.filter((m) => m.orders > 0)).toEqual([
      { month: '2024-07', revenueMinor: 4_000, orders: 1 },
      { month: '2025-05', revenueMinor: 2_500, orders: 1 }, // pending counts; refunded does not
      // B's completed order, and F's: orders are revenue even when their customer is deleted
      { month: '2025-06', revenueMinor: 11_000, orders: 2 },
    ]);
    expect(months.filter((m) => m.orders === 0).every((m) => m.revenueMinor === 0)).toBe(true);
  });

  it('counts touch points of the active window per channel, most first', async () => {
    const d = (await admin.request('GET', url)).json();
    expect(d.touchpointsByChannel).toEqual([
      { channel: 'web', count: 3 }, // A twice (once ahead of time) and F
      { channel: 'email', count: 1 },
    ]);
    const wide = (await admin.request('GET', '/api/v1/dashboard?activeDays=365')).json();
    expect(wide.touchpointsByChannel).toEqual([
      { channel: 'web', count: 3 },
      { channel: 'email', count: 2 },
      { channel: 'front_desk', count: 1 },
      { channel: 'phone', count: 1 },
    ]);
  });

  it('lists the 10 latest touch points and orders up to now, with the timeline’s summaries', async () => {
    const recent: { id: string; kind: string; occurredAt: string; summary: string; customerName: string }[] =
      (await admin.request('GET', url)).json().recentActivity;
    expect(recent.map((r) => [r.kind, r.occurredAt, r.customerName])).toEqual([
      ['touchpoint', '2025-06-17T08:00:00.000Z', 'Customer A'],
      ['touchpoint', '2025-06-15T09:00:00.000Z', 'Customer A'],
      ['order', '2025-06-05T10:00:00.000Z', 'Customer G'],
      ['order', '2025-06-01T10:00:00.000Z', 'Customer B'],
      ['order', '2025-05-31T23:59:59.999Z', 'Customer B'],
      ['touchpoint', '2025-05-10T10:00:00.000Z', 'Customer C'],
      ['order', '2025-05-05T10:00:00.000Z', 'Customer G'],
      ['touchpoint', '2025-05-01T10:00:00.000Z', 'Customer B'],
      ['touchpoint', '2025-03-01T10:00:00.000Z', 'Customer D'],
      ['order', '2024-07-01T00:00:00.000Z', 'Customer B'],
    ]);
    expect(recent[2]?.summary).toBe('Order · $50.00 · pending');
    expect(recent[0]?.summary).toBe('E-mail · Visit');
    for (const key of ['A', 'B', 'G']) {
      const timeline = (
        await admin.request('GET', `/api/v1/customers/${c[key]!.id}/timeline?limit=50`)
      ).json().items;
      const summaries = new Map(timeline.map((e: { id: string; summary: string }) => [e.id, e.summary]));
      for (const r of recent.filter((x) => x.customerName === `Customer ${key}`)) {
        expect(r.summary).toBe(summaries.get(r.id));
      }
    }
  });

  it('counts open tasks of live customers and lists the caller’s own first, then by due date', async () => {
    const mine = (await admin.request('GET', url)).json().openTasks;
    expect(mine.count).toBe(4);
    expect(mine.overdue).toBe(2);
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([
      task.mineSoon,
      task.mineUndated,
      task.agentsOverdue,
      task.unassignedOverdue,
    ]);
    expect(mine.items[0]).toEqual({
      id: task.mineSoon,
      title: 'Task mineSoon',
      dueAt: '2025-06-20T09:00:00.000Z',
      status: 'open',
      customerId: c.A!.id,
      customerName: 'Customer A',
      assigneeId: admin.userId,
    });
    const theirs = (await agent.request('GET', url)).json().openTasks;
    expect(theirs.items.map((i: { id: string }) => i.id)).toEqual([
      task.agentsOverdue,
      task.unassignedOverdue,
      task.mineSoon,
      task.mineUndated,
    ]);
  });

  it('defaults to 90 and 30 days, validates them, and lets any reader see it', async () => {
    const analyst = await admin.as('analyst');
    const res = await analyst.request('GET', '/api/v1/dashboard');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      activeDays: 90,
      newDays: 30,
      windows: { activeSince: '2025-03-20T12:00:00.000Z', newSince: '2025-05-19T12:00:00.000Z' },
    });
    const bad = await admin.request('GET', '/api/v1/dashboard?activeDays=3&newDays=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(bad.json())).toEqual(['querystring.activeDays', 'querystring.newDays']);
  });

  it('shows a new workspace nothing of another’s', async () => {
    const other = await createWorkspaceClient(t);
    const d = (await other.request('GET', url)).json();
    expect(d.customers).toEqual({
      total: 0,
      new: { value: 0, previous: 0 },
      active: { value: 0, previous: 0 },
      lapsed: { value: 0, previous: 0 },
    });
    expect(d.newCustomersByWeek.every((w: { count: number }) => w.count === 0)).toBe(true);
    expect(d.revenueByMonth.every((m: { orders: number }) => m.orders === 0)).toBe(true);
    expect(d.touchpointsByChannel).toEqual([]);
    expect(d.recentActivity).toEqual([]);
    expect(d.openTasks).toEqual({ count: 0, overdue: 0, items: [] });
  });
});

/** How many customers a list URL answers, across all its pages. */
async function listCount(client: Client, query: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res = await client.request(
      'GET',
      `/api/v1/customers?limit=200&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page: { items: unknown[]; nextCursor: string | null } = res.json();
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}
