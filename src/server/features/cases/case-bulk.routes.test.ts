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
let admin: Awaited<ReturnType<typeof createWorkspaceClient>>;
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

let seq = 0;
interface CaseJson {
  id: string;
  status: string;
  severity: string;
  tags: string[];
  assigneeUserId: string | null;
  team: string | null;
  [k: string]: unknown;
}

async function newCase(c: Client, body: Record<string, unknown> = {}): Promise<CaseJson> {
  const customer = await createCustomerVia(c);
  const res = await c.request('POST', '/api/v1/cases', {
    type: 'complaint',
    channel: 'phone',
    subject: 'Noisy room',
    body: `The room was noisy (${++seq})`,
    customerId: customer.id,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const bulk = (c: Client, body: unknown) => c.request('POST', '/api/v1/cases/bulk', body);
const detail = async (c: Client, id: string) => (await c.request('GET', `/api/v1/cases/${id}`)).json();
const auditActions = async (c: Client, id: string): Promise<string[]> =>
  (await c.request('GET', `/api/v1/audit?entityType=case&entityId=${id}`))
    .json()
    .items.map((a: { action: string }) => a.action);

describe('POST /cases/bulk', () => {
  it('assigns several cases to a user and a team through the service: history and audit per case', async () => {
    const agent = await admin.as('agent');
    const a = await newCase(admin);
    const b = await newCase(admin, { team: 'Front desk' });
    const res = await bulk(agent, {
      ids: [a.id, b.id, a.id],
      action: { type: 'assign', assigneeUserId: agent.userId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ succeeded: 2, failed: 0 });
    // Each id once, in the order asked; the team is kept when left out.
    expect(out.results.map((r: { id: string }) => r.id)).toEqual([a.id, b.id]);
    expect(out.results[0]).toMatchObject({
      ok: true,
      case: { id: a.id, assigneeUserId: agent.userId, team: null },
    });
    expect(out.results[1].case).toMatchObject({ assigneeUserId: agent.userId, team: 'Front desk' });
    expect(out.results[0].problem).toBeUndefined();

    const d = await detail(admin, b.id);
    expect(d.history.at(-1)).toMatchObject({
      kind: 'assignment',
      assigneeUserId: agent.userId,
      team: 'Front desk',
      actor: { id: agent.userId },
    });
    expect(await auditActions(admin, a.id)).toContain('case.update');

    // To a team and nobody: unassigned, queued for the team.
    const again = (
      await bulk(agent, { ids: [a.id], action: { type: 'assign', assigneeUserId: null, team: 'Spa' } })
    ).json();
    expect(again.results[0].case).toMatchObject({ assigneeUserId: null, team: 'Spa' });
  });

  it('moves each case it may and reports the others with the problem their own request would answer', async () => {
    const fresh = await newCase(admin);
    const closed = await newCase(admin);
    for (const s of ['resolved', 'closed']) {
      expect(
        (await admin.request('POST', `/api/v1/cases/${closed.id}/status`, { status: s })).statusCode,
      ).toBe(200);
    }
    const foreign = await newCase(other);
    const missing = '01938e77-0000-7000-8000-00000000dead';
    const res = await bulk(admin, {
      ids: [fresh.id, closed.id, foreign.id, missing],
      action: { type: 'status', status: 'acknowledged', reason: 'Called the guest' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ succeeded: 1, failed: 3 });
    const [ok, invalid, theirs, none] = out.results;
    expect(ok).toMatchObject({ id: fresh.id, ok: true, case: { status: 'acknowledged' } });
    expect(invalid).toMatchObject({
      id: closed.id,
      ok: false,
      problem: {
        status: 409,
        code: 'INVALID_TRANSITION',
        errors: [
          { path: 'body.status', message: expect.stringContaining('cannot go from closed to acknowledged') },
        ],
      },
    });
    expect(invalid.case).toBeUndefined();
    // Another workspace's case is answered like one that does not exist.
    expect(theirs).toMatchObject({ ok: false, problem: { status: 404, code: 'CASE_NOT_FOUND' } });
    expect(none).toMatchObject({ ok: false, problem: { status: 404, code: 'CASE_NOT_FOUND' } });

    expect((await detail(admin, closed.id)).status).toBe('closed');
    expect((await detail(other, foreign.id)).status).toBe('new');
    const history = (await detail(admin, fresh.id)).history;
    expect(history.at(-1)).toMatchObject({
      kind: 'status',
      fromStatus: 'new',
      status: 'acknowledged',
      reason: 'Called the guest',
    });
    expect(await auditActions(admin, fresh.id)).toContain('case.status');
  });

  it('changes severity, adds and removes tags without repeating or losing others', async () => {
    const a = await newCase(admin, { tags: ['rooms'] });
    const b = await newCase(admin, { tags: ['Noise', 'vip'] });
    const sev = (
      await bulk(admin, { ids: [a.id, b.id], action: { type: 'severity', severity: 'urgent' } })
    ).json();
    expect(sev.results.map((r: { case: CaseJson }) => r.case.severity)).toEqual(['urgent', 'urgent']);

    const add = (
      await bulk(admin, { ids: [a.id, b.id], action: { type: 'addTags', tags: [' noise ', 'follow-up'] } })
    ).json();
    expect(add.results.map((r: { case: CaseJson }) => r.case.tags)).toEqual([
      ['rooms', 'noise', 'follow-up'],
      // "Noise" is already there, in another case of letters.
      ['Noise', 'vip', 'follow-up'],
    ]);
    const remove = (
      await bulk(admin, { ids: [a.id, b.id], action: { type: 'removeTags', tags: ['NOISE', 'absent'] } })
    ).json();
    expect(remove.results.map((r: { case: CaseJson }) => r.case.tags)).toEqual([
      ['rooms', 'follow-up'],
      ['vip', 'follow-up'],
    ]);
    expect((await detail(admin, b.id)).tags).toEqual(['vip', 'follow-up']);
  });

  it('refuses an unknown assignee for each case, naming the field', async () => {
    const a = await newCase(admin);
    const stranger = other.userId;
    const out = (
      await bulk(admin, { ids: [a.id], action: { type: 'assign', assigneeUserId: stranger } })
    ).json();
    expect(out.results[0]).toMatchObject({
      ok: false,
      problem: { code: 'VALIDATION_FAILED', errors: [{ path: 'body.assigneeUserId' }] },
    });
    expect((await detail(admin, a.id)).assigneeUserId).toBeNull();
  });

  it('validates the request as a whole, naming the fields', async () => {
    const a = await newCase(admin);
    const tooMany = Array.from({ length: 201 }, () => a.id);
    const cases: [unknown, string[]][] = [
      [{ ids: [], action: { type: 'severity', severity: 'high' } }, ['body.ids']],
      [{ ids: tooMany, action: { type: 'severity', severity: 'high' } }, ['body.ids']],
      [{ ids: ['nope'], action: { type: 'severity', severity: 'high' } }, ['body.ids.0']],
      [{ ids: [a.id], action: { type: 'severity', severity: 'huge' } }, ['body.action.severity']],
      [{ ids: [a.id], action: { type: 'delete' } }, ['body.action.type']],
      [{ ids: [a.id], action: { type: 'addTags', tags: [] } }, ['body.action.tags']],
      [{ ids: [a.id], action: { type: 'status', status: 'resolved', extra: 1 } }, ['body.action.extra']],
    ];
    for (const [body, paths] of cases) {
      const res = await bulk(admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorPaths(res.json()), JSON.stringify(body)).toEqual(paths);
    }
    expect((await detail(admin, a.id)).severity).toBe('normal');
  });

  it('is refused as a whole to a role that cannot write cases', async () => {
    const a = await newCase(admin);
    const analyst = await admin.as('analyst');
    const res = await bulk(analyst, { ids: [a.id], action: { type: 'severity', severity: 'high' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await detail(admin, a.id)).severity).toBe('normal');
  });
});

describe('GET /cases/teams and /cases/customers', () => {
  it('lists the teams of live cases with their open cases, this workspace only', async () => {
    const ws = await createWorkspaceClient(t);
    await newCase(ws, { team: 'Spa' });
    await newCase(ws, { team: 'Spa' });
    const resolved = await newCase(ws, { team: 'Front desk' });
    await ws.request('POST', `/api/v1/cases/${resolved.id}/status`, { status: 'resolved' });
    const deleted = await newCase(ws, { team: 'Kitchen' });
    await ws.request('DELETE', `/api/v1/cases/${deleted.id}`);
    await newCase(ws);
    await newCase(other, { team: 'Elsewhere' });
    const analyst = await ws.as('analyst');
    const res = await analyst.request('GET', '/api/v1/cases/teams');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { team: 'Front desk', openCases: 0 },
        { team: 'Spa', openCases: 2 },
      ],
    });
  });

  it('names the customers asked for, with the provisional flag, leaving out those of other workspaces', async () => {
    const ws = await createWorkspaceClient(t);
    const anna = await createCustomerVia(ws, { givenName: 'Anna', familyName: 'Lee' });
    const intake = await ws.request('POST', '/api/v1/cases/intake', {
      type: 'question',
      channel: 'chat',
      subject: 'Opening hours',
      body: 'When do you open?',
      sender: { name: 'Bo Unknown', email: `bo.${Date.now()}@example.com` },
    });
    expect(intake.statusCode, intake.body).toBe(201);
    const bo = intake.json().customerId;
    const theirs = await createCustomerVia(other);
    const res = await ws.request(
      'GET',
      `/api/v1/cases/customers?ids=${bo},${anna.id},${theirs.id},${anna.id}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { id: bo, fullName: 'Bo Unknown', provisional: true, deletedAt: null },
        { id: anna.id, fullName: 'Anna Lee', provisional: false, deletedAt: null },
      ],
    });
    const bad = await ws.request('GET', '/api/v1/cases/customers?ids=nope');
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['querystring.ids.0']);
  });
});
