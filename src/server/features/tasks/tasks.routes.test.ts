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

const clock = fixedClock(new Date());
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();

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
const newTask = async (c: Client, customerId: string, body: Record<string, unknown> = {}) => {
  const res = await c.request('POST', `/api/v1/customers/${customerId}/tasks`, {
    title: 'Call back',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();
const paths = errorPaths;

interface AuditItem {
  action: string;
  before: { [k: string]: unknown } | null;
  after: { [k: string]: unknown } | null;
}
const auditOf = async (c: Client, id: string): Promise<AuditItem[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=task&entityId=${id}`)).json().items;

describe('tasks routes', () => {
  it('creates, updates, completes, reopens and soft-deletes a task, auditing each write', async () => {
    const customer = await newCustomer(admin);
    const due = at(DAY);
    const task = await newTask(admin, customer.id, {
      title: ' Send the quote ',
      description: 'Two rooms, three nights',
      assigneeId: admin.userId,
      dueAt: due,
    });
    expect(task).toMatchObject({
      customerId: customer.id,
      title: 'Send the quote',
      status: 'open',
      assigneeId: admin.userId,
      dueAt: due,
      completedAt: null,
    });

    clock.advance(1000);
    const started = await admin.request('PATCH', `/api/v1/tasks/${task.id}`, {
      status: 'in_progress',
      dueAt: null,
    });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'in_progress', dueAt: null, completedAt: null });

    clock.advance(1000);
    const doneAt = clock.now().toISOString();
    const done = await admin.request('POST', `/api/v1/tasks/${task.id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: doneAt });
    // completing again keeps the first completion time and writes nothing
    clock.advance(1000);
    expect((await admin.request('POST', `/api/v1/tasks/${task.id}/complete`)).json().completedAt).toBe(
      doneAt,
    );
    // a title change keeps it done
    clock.advance(1000);
    const retitled = await admin.request('PATCH', `/api/v1/tasks/${task.id}`, { title: 'Quote sent' });
    expect(retitled.json()).toMatchObject({ status: 'done', completedAt: doneAt });

    clock.advance(1000);
    const reopened = await admin.request('PATCH', `/api/v1/tasks/${task.id}`, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null });

    clock.advance(1000);
    const deleted = await admin.request('DELETE', `/api/v1/tasks/${task.id}`);
    expect(deleted.json().deletedAt).not.toBeNull();
    expect((await admin.request('GET', `/api/v1/tasks/${task.id}`)).json().deletedAt).not.toBeNull();
    expect((await admin.request('GET', `/api/v1/tasks?customerId=${customer.id}`)).json().items).toEqual([]);
    expect((await admin.request('POST', `/api/v1/tasks/${task.id}/complete`)).statusCode).toBe(404);

    const audit = await auditOf(admin, task.id);
    expect(audit.map((a) => a.action)).toEqual([
      'task.delete',
      'task.update',
      'task.update',
      'task.complete',
      'task.update',
      'task.create',
    ]);
    expect(audit[3]?.before?.status).toBe('in_progress');
    expect(audit[3]?.after).toMatchObject({ status: 'done', completedAt: doneAt });
    expect(audit[1]?.before?.completedAt).toBe(doneAt);
    expect(audit[1]?.after?.completedAt).toBeNull();
  });

  it('validates fields and answers 400 problem+json naming each', async () => {
    const customer = await newCustomer(admin);
    const url = `/api/v1/customers/${customer.id}/tasks`;
    const bad = await admin.request('POST', url, {
      title: '',
      dueAt: 'tomorrow',
      status: 'someday',
      assigneeId: 'bob',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(paths(bad.json())).toEqual(['body.assigneeId', 'body.dueAt', 'body.status', 'body.title']);

    // an assignee must be a user of this workspace
    const stranger = await admin.request('POST', url, { title: 'x', assigneeId: other.userId });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors).toEqual([
      { path: 'body.assigneeId', message: 'is not a user of this workspace' },
    ]);
    const task = await newTask(admin, customer.id);
    const reassign = await admin.request('PATCH', `/api/v1/tasks/${task.id}`, { assigneeId: other.userId });
    expect(paths(reassign.json())).toEqual(['body.assigneeId']);

    const q = await admin.request('GET', '/api/v1/tasks?status=open,someday');
    expect(q.statusCode).toBe(400);
    expect(paths(q.json())).toEqual(['querystring.status.1']);
    const both = await admin.request('GET', `/api/v1/tasks?assignee=me&assigneeId=${admin.userId}`);
    expect(paths(both.json())).toEqual(['querystring.assignee']);
    expect(paths((await admin.request('GET', '/api/v1/tasks?dueBefore=soon')).json())).toEqual([
      'querystring.dueBefore',
    ]);
  });

  it('filters by customer, assignee, status, due date and overdue', async () => {
    const ws = await createWorkspaceClient(t);
    const agent = await ws.as('agent');
    const a = await newCustomer(ws);
    const b = await newCustomer(ws);
    const t1 = await newTask(ws, a.id, { assigneeId: ws.userId, dueAt: at(-DAY) });
    const t2 = await newTask(ws, a.id, { assigneeId: agent.userId, dueAt: at(HOUR), status: 'in_progress' });
    const t3 = await newTask(ws, b.id, {});
    const t4 = await newTask(ws, b.id, { assigneeId: ws.userId, dueAt: at(-2 * DAY), status: 'done' });
    const t5 = await newTask(ws, a.id, { dueAt: at(-3 * DAY), status: 'cancelled' });
    const list = async (qs: string, c: Client = ws) => {
      const res = await c.request('GET', `/api/v1/tasks?${qs}`);
      expect(res.statusCode, `${qs}: ${res.body}`).toBe(200);
      return ids(res.json());
    };
    const sorted = (...tasks: { id: string }[]) => tasks.map((x) => x.id).sort();
    expect(await list('')).toEqual(sorted(t1, t2, t3, t4, t5));
    expect(await list(`customerId=${a.id}`)).toEqual(sorted(t1, t2, t5));
    expect(await list(`assigneeId=${agent.userId}`)).toEqual(sorted(t2));
    expect(await list('assignee=me')).toEqual(sorted(t1, t4));
    expect(await list('assignee=me', agent)).toEqual(sorted(t2));
    expect(await list('assignee=none')).toEqual(sorted(t3, t5));
    expect(await list('status=open')).toEqual(sorted(t1, t3));
    expect(await list('status=open&status=done')).toEqual(sorted(t1, t3, t4));
    expect(await list('status=open,done')).toEqual(sorted(t1, t3, t4));
    expect(await list(`dueBefore=${encodeURIComponent(at(0))}`)).toEqual(sorted(t1, t4, t5));
    expect(await list('overdue=true')).toEqual(sorted(t1));
    expect(await list('overdue=false')).toEqual(sorted(t2, t3, t4, t5));
    expect(await list(`overdue=true&customerId=${b.id}`)).toEqual([]);

    const forB = await ws.request('GET', `/api/v1/customers/${b.id}/tasks`);
    expect(ids(forB.json())).toEqual(sorted(t3, t4));
    expect(ids((await ws.request('GET', `/api/v1/customers/${b.id}/tasks?status=open`)).json())).toEqual(
      sorted(t3),
    );

    // time moves on: t2 becomes overdue too (less than the session lifetime, so logins stay valid)
    clock.advance(2 * HOUR);
    try {
      expect(await list('overdue=true')).toEqual(sorted(t1, t2));
    } finally {
      clock.advance(-2 * HOUR);
    }

    const open = await t.services.tasks.openForCustomer(systemActor(ws.workspaceId), a.id);
    expect(open).toEqual([
      { id: t1.id, title: 'Call back', status: 'open', dueAt: new Date(t1.dueAt), assigneeId: ws.userId },
      {
        id: t2.id,
        title: 'Call back',
        status: 'in_progress',
        dueAt: new Date(t2.dueAt),
        assigneeId: agent.userId,
      },
    ]);
  });

  it('pages by due date with undated tasks last, each task exactly once, both orders', async () => {
    const ws = await createWorkspaceClient(t);
    const c = await newCustomer(ws);
    const dues = [at(2 * DAY), null, at(DAY), at(2 * DAY), null, at(-DAY), at(DAY), null];
    const made: { id: string; dueAt: string | null }[] = [];
    for (const dueAt of dues) made.push(await newTask(ws, c.id, { dueAt }));
    for (const order of ['asc', 'desc']) {
      for (const limit of [1, 2, 3]) {
        const seen: { id: string; dueAt: string | null }[] = [];
        let cursor: string | null = null;
        do {
          const res = await ws.request(
            'GET',
            `/api/v1/tasks?sort=dueAt&order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json();
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.map((x) => x.id).sort(), `${order} ${limit}`).toEqual(made.map((x) => x.id).sort());
        const dated = seen.filter((x) => x.dueAt !== null).map((x) => x.dueAt!);
        const expected = [...dated].sort();
        expect(dated).toEqual(order === 'asc' ? expected : expected.reverse());
        expect(seen.slice(-3).map((x) => x.dueAt)).toEqual([null, null, null]);
      }
    }
    // createdAt paging visits them all too
    const byCreated: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await ws.request(
          'GET',
          `/api/v1/tasks?sort=createdAt&order=asc&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      byCreated.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...byCreated].sort()).toEqual(made.map((x) => x.id).sort());

    const forged = Buffer.from(JSON.stringify([{ not: 'a date' }, made[0]!.id])).toString('base64url');
    const res = await ws.request('GET', `/api/v1/tasks?sort=dueAt&cursor=${forged}`);
    expect(res.statusCode).toBe(400);
    expect(paths(res.json())).toEqual(['querystring.cursor']);
  });

  it('needs an existing, not-deleted customer', async () => {
    const customer = await newCustomer(admin);
    await admin.request('DELETE', `/api/v1/customers/${customer.id}`);
    const res = await admin.request('POST', `/api/v1/customers/${customer.id}/tasks`, { title: 'x' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CUSTOMER_NOT_FOUND');
  });

  it("answers 404 for another workspace's task or customer, revealing nothing", async () => {
    const theirCustomer = await newCustomer(other);
    const theirs = await newTask(other, theirCustomer.id, { title: 'Secret: renegotiate contract' });
    for (const [method, url, body] of [
      ['GET', `/api/v1/tasks/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/tasks/${theirs.id}`, { title: 'Hijacked' }],
      ['POST', `/api/v1/tasks/${theirs.id}/complete`, undefined],
      ['DELETE', `/api/v1/tasks/${theirs.id}`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('TASK_NOT_FOUND');
      expect(res.body).not.toContain('Secret');
      expect(res.body).not.toContain(theirCustomer.id);
    }
    for (const [method, url] of [
      ['GET', `/api/v1/customers/${theirCustomer.id}/tasks`],
      ['POST', `/api/v1/customers/${theirCustomer.id}/tasks`],
    ] as const) {
      const res = await admin.request(method, url, method === 'POST' ? { title: 'planted' } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('CUSTOMER_NOT_FOUND');
      expect(res.body).not.toContain('Secret');
    }
    expect((await admin.request('GET', `/api/v1/tasks?customerId=${theirCustomer.id}`)).json().items).toEqual(
      [],
    );
    expect(await t.services.tasks.openForCustomer(systemActor(admin.workspaceId), theirCustomer.id)).toEqual(
      [],
    );
    expect((await other.request('GET', `/api/v1/tasks/${theirs.id}`)).json()).toMatchObject({
      title: 'Secret: renegotiate contract',
      status: 'open',
      deletedAt: null,
    });
  });

  it('lets analysts only read and agents work tasks but not delete them', async () => {
    const customer = await newCustomer(admin);
    const task = await newTask(admin, customer.id);
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/tasks')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', `/api/v1/customers/${customer.id}/tasks`, { title: 'no' }],
      ['PATCH', `/api/v1/tasks/${task.id}`, { title: 'no' }],
      ['POST', `/api/v1/tasks/${task.id}/complete`, undefined],
      ['DELETE', `/api/v1/tasks/${task.id}`, undefined],
    ] as const) {
      const res = await analyst.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const agent = await admin.as('agent');
    const own = await newTask(agent, customer.id, { assigneeId: agent.userId });
    expect(own.createdBy).toMatchObject({ type: 'user', id: agent.userId });
    expect((await agent.request('POST', `/api/v1/tasks/${task.id}/complete`)).json().status).toBe('done');
    expect((await agent.request('DELETE', `/api/v1/tasks/${task.id}`)).statusCode).toBe(403);
    expect((await admin.request('GET', `/api/v1/tasks/${task.id}`)).json().deletedAt).toBeNull();
  });
});
