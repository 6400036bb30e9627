import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type {
  CaseResolution,
  ClaimsProfile,
  Compensation,
  CompensationSettingsOut,
} from '../../../shared/contracts/case-resolution.js';
import type { CaseDetail } from '../../../shared/contracts/cases.js';
import type { Role } from '../../../shared/contracts/common.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import { canApproveCompensation, withinCap } from './case-resolution.service.js';

/**
 * Resolution, compensation and the claims profile through the API on a real database: field
 * errors, the status move and history, caps per role, the approval queue and who may decide.
 */
const clock = fixedClock('2026-06-01T08:00:00.000Z');
let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };
let agent: Client;
let manager: Client;
let analyst: Client;
let other: Client;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  agent = await admin.as('agent');
  manager = await admin.as('manager');
  analyst = await admin.as('analyst');
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const json = async <T>(c: Client, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
  const res = await c.request(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
const openCase = async (c: Client, customerId: string, type = 'complaint') =>
  json<{ id: string; reference: string }>(
    c,
    'POST',
    '/api/v1/cases',
    { type, channel: 'phone', subject: 'Cold room', body: `The heating was off (${++seq})`, customerId },
    201,
  );
const newCustomer = async (c: Client = admin) => (await createCustomerVia(c)) as { id: string };

describe('policy', () => {
  it('lets managers and admins decide on compensation, nobody else', () => {
    const table: Record<Role, boolean> = {
      admin: true,
      manager: true,
      agent: false,
      marketer: false,
      analyst: false,
    };
    for (const [role, allowed] of Object.entries(table)) {
      expect(canApproveCompensation({ role: role as Role }), role).toBe(allowed);
    }
  });

  it('compares with the cap only in the workspace currency', () => {
    expect(withinCap(5000, 'EUR', 5000, 'EUR')).toBe(true);
    expect(withinCap(5001, 'EUR', 5000, 'EUR')).toBe(false);
    expect(withinCap(1, 'USD', 5000, 'EUR')).toBe(false);
    expect(withinCap(10 ** 9, 'USD', null, 'EUR')).toBe(true);
  });
});

describe('resolving a case', () => {
  it('needs an outcome, and for a complaint a root cause, naming the fields', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const none = await agent.request('POST', `/api/v1/cases/${kase.id}/resolve`, {});
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(errorPaths(none.json())).toContain('body.outcome');
    const noCause = await agent.request('POST', `/api/v1/cases/${kase.id}/resolve`, { outcome: 'fixed' });
    expect(noCause.statusCode).toBe(400);
    expect(errorPaths(noCause.json())).toEqual(['body.rootCause']);
    const bad = await agent.request('POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'sorted',
      rootCause: 'gremlins',
    });
    expect(errorPaths(bad.json())).toEqual(['body.outcome', 'body.rootCause']);
    const stillOpen = await json<CaseDetail>(agent, 'GET', `/api/v1/cases/${kase.id}`);
    expect(stillOpen.status).toBe('new');
  });

  it('resolves a question with an outcome alone', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id, 'question');
    const r = await json<CaseResolution>(agent, 'POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'explained',
    });
    expect(r).toMatchObject({ status: 'resolved', outcome: 'explained', rootCause: null });
  });

  it('stores the outcome, moves the case to resolved with its history, audits, and schedules the follow-up', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const r = await json<CaseResolution>(agent, 'POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'fixed',
      rootCause: 'facility',
      note: 'Engineer repaired the boiler.',
    });
    expect(r).toMatchObject({
      caseId: kase.id,
      status: 'resolved',
      outcome: 'fixed',
      rootCause: 'facility',
      note: 'Engineer repaired the boiler.',
      resolvedAt: clock.now().toISOString(),
      lastResolvedAt: clock.now().toISOString(),
      lastResolvedBy: { type: 'user', id: agent.userId },
      csat: { state: 'scheduled', score: null },
      compensation: { approvedMinor: 0, pendingMinor: 0, currency: 'EUR', count: 0 },
    });
    const detail = await json<CaseDetail>(agent, 'GET', `/api/v1/cases/${kase.id}`);
    expect(detail.status).toBe('resolved');
    expect(detail.history.map((h) => h.kind)).toEqual(['status', 'status', 'resolution']);
    expect(detail.history.at(-2)).toMatchObject({ fromStatus: 'new', status: 'resolved' });
    expect(detail.history.at(-1)?.details).toEqual({ outcome: 'fixed', rootCause: 'facility' });
    const audit = await t.services.audit.list(
      { type: 'system', id: null, name: 't', workspaceId: admin.workspaceId, role: 'admin' },
      { entityType: 'case', entityId: kase.id, limit: 20 },
    );
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['case.resolve', 'case.status']),
    );

    const again = await agent.request('POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'fixed',
      rootCause: 'facility',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
  });

  it('keeps the old outcome visible after a reopen, until the case is resolved again', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    await json(agent, 'POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'explained',
      rootCause: 'policy',
    });
    clock.advance(60_000);
    await json(agent, 'POST', `/api/v1/cases/${kase.id}/status`, {
      status: 'in_progress',
      reason: 'Still cold',
    });
    const reopened = await json<CaseResolution>(agent, 'GET', `/api/v1/cases/${kase.id}/resolution`);
    expect(reopened).toMatchObject({
      status: 'in_progress',
      outcome: 'explained',
      rootCause: 'policy',
      resolvedAt: null,
    });
    expect(reopened.lastResolvedAt).not.toBeNull();
    clock.advance(60_000);
    const again = await json<CaseResolution>(agent, 'POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'compensated',
      rootCause: 'facility',
    });
    expect(again).toMatchObject({ status: 'resolved', outcome: 'compensated', rootCause: 'facility' });
    expect(again.lastResolvedAt).toBe(clock.now().toISOString());
  });

  it('is refused to analysts (403) and answers 404 for a case of another workspace', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const res = await analyst.request('POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'fixed',
      rootCause: 'delay',
    });
    expect(res.statusCode).toBe(403);
    const foreign = await other.request('POST', `/api/v1/cases/${kase.id}/resolve`, {
      outcome: 'fixed',
      rootCause: 'delay',
    });
    expect(foreign.statusCode).toBe(404);
    expect((await other.request('GET', `/api/v1/cases/${kase.id}/resolution`)).statusCode).toBe(404);
  });
});

describe('compensation', () => {
  it('approves an offer within the role cap at once and holds one above it for approval', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const small = await json<Compensation>(
      agent,
      'POST',
      `/api/v1/cases/${kase.id}/compensations`,
      { amountMinor: 5000, kind: 'voucher', note: 'Dinner on us' },
      201,
    );
    expect(small).toMatchObject({
      status: 'approved',
      currency: 'EUR',
      caseReference: kase.reference,
      decidedBy: null,
    });
    const big = await json<Compensation>(
      agent,
      'POST',
      `/api/v1/cases/${kase.id}/compensations`,
      { amountMinor: 5001, kind: 'refund' },
      201,
    );
    expect(big.status).toBe('pending_approval');
    const foreignCurrency = await json<Compensation>(
      agent,
      'POST',
      `/api/v1/cases/${kase.id}/compensations`,
      { amountMinor: 100, currency: 'USD', kind: 'gift' },
      201,
    );
    expect(foreignCurrency.status).toBe('pending_approval');

    const list = await json<{ items: Compensation[] }>(
      agent,
      'GET',
      `/api/v1/cases/${kase.id}/compensations`,
    );
    expect(list.items.map((c) => c.id)).toEqual([small.id, big.id, foreignCurrency.id]);
    const r = await json<CaseResolution>(agent, 'GET', `/api/v1/cases/${kase.id}/resolution`);
    expect(r.compensation).toEqual({ approvedMinor: 5000, pendingMinor: 5001, currency: 'EUR', count: 3 });
    const detail = await json<CaseDetail>(agent, 'GET', `/api/v1/cases/${kase.id}`);
    const steps = detail.history.filter((h) => h.kind === 'compensation').map((h) => h.details?.step);
    expect(steps).toEqual(['approved', 'requested', 'requested']);
  });

  it('refuses bad amounts and kinds naming the fields', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const res = await agent.request('POST', `/api/v1/cases/${kase.id}/compensations`, {
      amountMinor: 12.5,
      currency: 'euro',
      kind: 'hug',
    });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res.json())).toEqual(['body.amountMinor', 'body.currency', 'body.kind']);
    expect(
      (
        await agent.request('POST', `/api/v1/cases/${kase.id}/compensations`, {
          amountMinor: 0,
          kind: 'refund',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await analyst.request('POST', `/api/v1/cases/${kase.id}/compensations`, {
          amountMinor: 100,
          kind: 'refund',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lets managers and admins decide, not agents, not on their own offer, and only within their own cap', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    const offer = (c: Client, amountMinor: number) =>
      json<Compensation>(
        c,
        'POST',
        `/api/v1/cases/${kase.id}/compensations`,
        { amountMinor, kind: 'refund' },
        201,
      );
    const mid = await offer(agent, 20_000);
    const large = await offer(agent, 80_000);
    const own = await offer(manager, 60_000);
    expect([mid.status, large.status, own.status]).toEqual([
      'pending_approval',
      'pending_approval',
      'pending_approval',
    ]);

    const queue = await json<{ items: Compensation[] }>(
      manager,
      'GET',
      '/api/v1/case-compensations?status=pending_approval&limit=200',
    );
    expect(queue.items.map((c) => c.id)).toEqual(expect.arrayContaining([mid.id, large.id, own.id]));

    const byAgent = await agent.request('POST', `/api/v1/case-compensations/${mid.id}/approve`, {});
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(byAgent.json().code).toBe('FORBIDDEN');

    const approved = await json<Compensation>(
      manager,
      'POST',
      `/api/v1/case-compensations/${mid.id}/approve`,
      {
        note: 'Fair given the stay',
      },
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: { id: manager.userId },
      decisionNote: 'Fair given the stay',
    });
    const twice = await manager.request('POST', `/api/v1/case-compensations/${mid.id}/reject`, {});
    expect(twice.statusCode, twice.body).toBe(409);

    expect(
      (await manager.request('POST', `/api/v1/case-compensations/${own.id}/approve`, {})).statusCode,
    ).toBe(403);
    expect(
      (await manager.request('POST', `/api/v1/case-compensations/${large.id}/approve`, {})).statusCode,
    ).toBe(403);
    // A manager may still say no to what they could not approve.
    const rejected = await json<Compensation>(
      manager,
      'POST',
      `/api/v1/case-compensations/${large.id}/reject`,
      {
        note: 'Too much for one night',
      },
    );
    expect(rejected.status).toBe('rejected');
    const byAdmin = await json<Compensation>(
      admin,
      'POST',
      `/api/v1/case-compensations/${own.id}/approve`,
      {},
    );
    expect(byAdmin.status).toBe('approved');

    const left = await json<{ items: Compensation[] }>(
      manager,
      'GET',
      '/api/v1/case-compensations?limit=200',
    );
    expect(left.items.map((c) => c.id)).not.toEqual(expect.arrayContaining([mid.id]));
    expect(
      (await manager.request('POST', `/api/v1/case-compensations/${crypto.randomUUID()}/approve`, {}))
        .statusCode,
    ).toBe(404);
    expect((await other.request('POST', `/api/v1/case-compensations/${own.id}/reject`, {})).statusCode).toBe(
      404,
    );

    const detail = await json<CaseDetail>(agent, 'GET', `/api/v1/cases/${kase.id}`);
    const steps = detail.history.filter((h) => h.kind === 'compensation').map((h) => h.details?.step);
    expect(steps).toEqual(['requested', 'requested', 'requested', 'approved', 'rejected', 'approved']);
  });

  it('pages the approval queue oldest first', async () => {
    const customer = await newCustomer();
    const kase = await openCase(agent, customer.id);
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await json(
        agent,
        'POST',
        `/api/v1/cases/${kase.id}/compensations`,
        { amountMinor: 9000 + i, kind: 'refund' },
        201,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: Compensation[]; nextCursor: string | null } = await json(
        manager,
        'GET',
        `/api/v1/case-compensations?limit=2${q}`,
      );
      seen.push(...page.items.map((c) => `${c.requestedAt} ${c.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('keeps caps in the workspace settings: admins change them, everyone reads them', async () => {
    const ws = await createWorkspaceClient(t);
    const wsAgent = await ws.as('agent');
    const shipped = await json<CompensationSettingsOut>(
      wsAgent,
      'GET',
      '/api/v1/cases/compensation-settings',
    );
    expect(shipped).toEqual({
      caps: { admin: null, manager: 50_000, agent: 5_000, marketer: 0, analyst: 0 },
      currency: 'EUR',
      customised: false,
    });
    expect(
      (await wsAgent.request('PUT', '/api/v1/cases/compensation-settings', { caps: { agent: 1e6 } }))
        .statusCode,
    ).toBe(403);
    const bad = await ws.request('PUT', '/api/v1/cases/compensation-settings', {
      caps: { agent: -1, boss: 5 },
    });
    expect(bad.statusCode).toBe(400);
    const saved = await json<CompensationSettingsOut>(ws, 'PUT', '/api/v1/cases/compensation-settings', {
      caps: { agent: 10_000, manager: 100_000 },
    });
    expect(saved).toMatchObject({
      customised: true,
      caps: { agent: 10_000, manager: 100_000, admin: null, marketer: 0 },
    });
    const customer = await newCustomer(ws);
    const kase = await openCase(wsAgent, customer.id);
    const c = await json<Compensation>(
      wsAgent,
      'POST',
      `/api/v1/cases/${kase.id}/compensations`,
      { amountMinor: 8000, kind: 'refund' },
      201,
    );
    expect(c.status).toBe('approved');
    const reset = await json<CompensationSettingsOut>(ws, 'DELETE', '/api/v1/cases/compensation-settings');
    expect(reset.customised).toBe(false);
  });
});

describe('claims profile', () => {
  it('flags a customer with three claims far above their peers, with the history, and not the peers', async () => {
    const ws = await createWorkspaceClient(t);
    const offer = async (customerId: string, amountMinor: number) => {
      const kase = await openCase(ws, customerId);
      await json(ws, 'POST', `/api/v1/cases/${kase.id}/compensations`, { amountMinor, kind: 'refund' }, 201);
      return kase;
    };
    const peers = [];
    for (const amount of [5000, 6000, 7000, 8000, 9000]) {
      const p = await newCustomer(ws);
      await offer(p.id, amount);
      peers.push(p);
    }
    const serial = await newCustomer(ws);
    const claims = [
      await offer(serial.id, 30_000),
      await offer(serial.id, 25_000),
      await offer(serial.id, 40_000),
    ];
    const pending = await openCase(ws, serial.id);
    const manager2 = await ws.as('agent');
    await json(
      manager2,
      'POST',
      `/api/v1/cases/${pending.id}/compensations`,
      { amountMinor: 99_999, kind: 'refund' },
      201,
    );

    const profile = await json<ClaimsProfile>(ws, 'GET', `/api/v1/customers/${serial.id}/claims-profile`);
    expect(profile).toMatchObject({
      customerId: serial.id,
      currency: 'EUR',
      windowDays: 365,
      windowClaims: 3,
      windowTotalMinor: 95_000,
      peers: { customers: 5, medianMinor: 7000, p95Minor: 8800 },
      flagged: true,
    });
    expect(profile.reasons.length).toBeGreaterThan(0);
    expect(profile.claims.map((c) => c.caseId).sort()).toEqual(
      [...claims.map((c) => c.id), pending.id].sort(),
    );
    const waiting = profile.claims.find((c) => c.caseId === pending.id)!;
    expect(waiting).toMatchObject({ approvedMinor: 0, compensations: [{ status: 'pending_approval' }] });

    const peer = await json<ClaimsProfile>(ws, 'GET', `/api/v1/customers/${peers[0]!.id}/claims-profile`);
    expect(peer).toMatchObject({ windowClaims: 1, flagged: false, reasons: [] });
    expect(peer.peers.customers).toBe(5);

    expect((await other.request('GET', `/api/v1/customers/${serial.id}/claims-profile`)).statusCode).toBe(
      404,
    );

    // A year later the claims have left the window (sessions have expired by then: the service).
    const start = clock.now();
    clock.advance(366 * 86_400_000);
    const later = await t.services.caseResolution.claimsProfile(systemActor(ws.workspaceId), serial.id);
    clock.set(start);
    expect(later).toMatchObject({ windowClaims: 0, windowTotalMinor: 0, flagged: false });
    expect(later.claims).toHaveLength(4);
  });
});
