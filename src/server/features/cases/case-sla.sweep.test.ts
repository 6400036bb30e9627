import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import type { Case, CaseDetail } from '../../../shared/contracts/cases.js';
import type { Task } from '../../../shared/contracts/tasks.js';
import { buildApp } from '../../app.js';
import { rowsOf } from '../../db/raw.js';
import { fixedClock } from '../../lib/clock.js';

/**
 * The stored SLA and the sweep on a real database with an injected clock: the SLA stored on
 * every change, warnings and breaches written once, escalation (severity raised, the manager
 * told, reassignment), auto-reassignment of an assignee who did not answer, a team change
 * choosing another policy, the inbox order by due time, and the sweep surviving a restart.
 * Office hours 09:00–17:00 on weekdays in the workspace's time zone, set to UTC.
 */
const MINUTE = 60_000;
// Monday 1 June 2026, 09:00 UTC.
const MONDAY_9 = '2026-06-01T09:00:00.000Z';
const clock = fixedClock(MONDAY_9);
let t: TestApp;
let admin: Client & { as(role: 'analyst' | 'agent' | 'manager'): Promise<Client> };
let manager: Client;
let agent: Client;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  manager = await admin.as('manager');
  agent = await admin.as('agent');
  await json(admin, 'PATCH', '/api/v1/workspace', { timeZone: 'UTC' });
});
afterAll(() => t.close());

const json = async <T>(c: Client, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
  const res = await c.request(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
const openCase = async (extra: Record<string, unknown> = {}) => {
  const customer = await createCustomerVia(admin);
  return json<Case>(
    admin,
    'POST',
    '/api/v1/cases',
    {
      type: 'complaint',
      channel: 'phone',
      subject: 'Cold breakfast',
      body: `The eggs were cold again (${++seq})`,
      customerId: customer.id,
      ...extra,
    },
    201,
  );
};
const detail = (id: string) => json<CaseDetail>(admin, 'GET', `/api/v1/cases/${id}`);
const kinds = (d: CaseDetail) => d.history.map((e) => e.kind);
const sweep = () => t.services.jobs.runDue();
const at = (iso: string) => clock.set(iso);
const target = (c: Case, kind: string) => c.sla.targets.find((x) => x.kind === kind);

describe('stored SLA', () => {
  it('is stored with the case when it opens, and again when it is answered and resolved', async () => {
    at(MONDAY_9);
    const opened = await openCase();
    // Standard policy, normal severity: first response 240, next response 480, resolution 1440 business minutes.
    expect(opened.sla.policyId).toBe('standard');
    expect(opened.sla.state).toBe('on_track');
    expect(target(opened, 'first_response')?.dueAt).toEqual('2026-06-01T13:00:00.000Z');
    expect(target(opened, 'resolution')?.dueAt).toEqual('2026-06-03T17:00:00.000Z');
    expect(target(opened, 'next_response')?.state).toBe('not_started');
    expect(opened.sla.dueAt).toBe('2026-06-01T13:00:00.000Z');

    clock.advance(30 * MINUTE);
    await json(
      admin,
      'POST',
      `/api/v1/cases/${opened.id}/messages`,
      { kind: 'reply', body: 'Sorry — we are on it.' },
      201,
    );
    const answered = await json<Case>(admin, 'GET', `/api/v1/cases/${opened.id}`);
    expect(target(answered, 'first_response')?.state).toBe('met');
    // Only the resolution timer runs now.
    expect(answered.sla.dueAt).toBe('2026-06-03T17:00:00.000Z');

    const resolved = await json<Case>(admin, 'POST', `/api/v1/cases/${opened.id}/status`, {
      status: 'resolved',
    });
    expect(resolved.sla.state).toBe('met');
    expect(resolved.sla.dueAt).toBeNull();
  });

  it('lists open cases by nearest due time, cases with none last, and filters by SLA state', async () => {
    at(MONDAY_9);
    const later = await openCase({ severity: 'low' });
    const sooner = await openCase({ severity: 'urgent' });
    const none = await openCase();
    await json(admin, 'POST', `/api/v1/cases/${none.id}/status`, { status: 'resolved' });
    const page = await json<{ items: Case[]; nextCursor: string | null }>(
      admin,
      'GET',
      `/api/v1/cases?sort=slaDueAt&order=asc&limit=100`,
    );
    const order = page.items.map((c) => c.id);
    expect(order.indexOf(sooner.id)).toBeLessThan(order.indexOf(later.id));
    expect(order.indexOf(later.id)).toBeLessThan(order.indexOf(none.id));
    const dated = page.items.filter((c) => c.sla.dueAt !== null).map((c) => c.sla.dueAt!);
    expect(dated).toEqual([...dated].sort());

    // Paging through the same order by cursor gives the same cases, once each.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: Case[]; nextCursor: string | null } = await json(
        admin,
        'GET',
        `/api/v1/cases?sort=slaDueAt&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...p.items.map((c) => c.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(order);

    const met = await json<{ items: Case[] }>(admin, 'GET', `/api/v1/cases?sla=met&limit=100`);
    expect(met.items.map((c) => c.id)).toContain(none.id);
    expect(met.items.map((c) => c.id)).not.toContain(sooner.id);
  });
});

describe('sweep', () => {
  it('warns once, then on breach escalates once: severity raised, the manager told, all in the history', async () => {
    at(MONDAY_9);
    const c = await openCase({ assigneeUserId: agent.userId });
    // Warning at 75% of 240 business minutes: 12:00.
    at('2026-06-01T12:05:00.000Z');
    await sweep();
    let d = await detail(c.id);
    expect(kinds(d).filter((k) => k === 'sla_warning')).toHaveLength(1);
    expect(d.sla.state).toBe('warning');
    expect(d.history.find((e) => e.kind === 'sla_warning')?.details).toMatchObject({
      target: 'first_response',
    });
    await sweep();
    expect(kinds(await detail(c.id)).filter((k) => k === 'sla_warning')).toHaveLength(1);

    // Due at 13:00.
    at('2026-06-01T13:01:00.000Z');
    await sweep();
    d = await detail(c.id);
    expect(d.sla.state).toBe('breached');
    expect(d.severity).toBe('high');
    expect(d.escalationLevel).toBe(1);
    const escalated = d.history.find((e) => e.kind === 'escalated');
    expect(escalated?.details).toMatchObject({
      level: 1,
      targets: ['first_response'],
      fromSeverity: 'normal',
      toSeverity: 'high',
      notified: [manager.userId],
    });
    expect(escalated?.actor).toMatchObject({ type: 'system', name: 'SLA' });
    const tasks = await json<{ items: Task[] }>(manager, 'GET', `/api/v1/customers/${c.customerId}/tasks`);
    expect(tasks.items.map((x) => [x.assigneeId, x.title])).toEqual([
      [manager.userId, `Case ${c.reference}: first response target breached`],
    ]);

    // Sweeping again changes nothing: the breach was acted on once.
    clock.advance(10 * MINUTE);
    await sweep();
    const again = await detail(c.id);
    expect(kinds(again).filter((k) => k === 'escalated')).toHaveLength(1);
    expect(again.severity).toBe('high');
  });

  it('reassigns on breach when the rules name a team, and leaves the assignee otherwise', async () => {
    at(MONDAY_9);
    const s = await json<Record<string, unknown>>(admin, 'GET', '/api/v1/cases/sla-settings');
    const { customised: _c, ...settings } = s;
    await json(admin, 'PUT', '/api/v1/cases/sla-settings', {
      ...settings,
      escalation: {
        managerUserId: null,
        onBreach: {
          raiseSeverity: false,
          notifyManager: false,
          reassignToTeam: 'Duty managers',
          reassignToUserId: null,
        },
        autoReassignAfterMinutes: null,
        autoReassignTo: null,
      },
    });
    try {
      const c = await openCase({ assigneeUserId: agent.userId, team: 'Front desk' });
      // A minute of its own: the sweep runs at most once a minute.
      at('2026-06-01T13:03:00.000Z');
      await sweep();
      const d = await detail(c.id);
      expect(d).toMatchObject({
        severity: 'normal',
        assigneeUserId: null,
        team: 'Duty managers',
        escalationLevel: 1,
      });
      expect(d.history.at(-1)).toMatchObject({
        kind: 'assignment',
        assigneeUserId: null,
        team: 'Duty managers',
      });
    } finally {
      await json(admin, 'DELETE', '/api/v1/cases/sla-settings');
    }
  });

  it('takes a case from an assignee who has not replied within 120 business minutes, not from one who has', async () => {
    at(MONDAY_9);
    const silent = await openCase({ assigneeUserId: agent.userId, severity: 'low' });
    const answering = await openCase({ assigneeUserId: agent.userId, severity: 'low' });
    at('2026-06-01T10:00:00.000Z');
    await json(
      agent,
      'POST',
      `/api/v1/cases/${answering.id}/messages`,
      { kind: 'reply', body: 'Looking into it.' },
      201,
    );
    // 120 business minutes after 09:00: 11:00.
    at('2026-06-01T10:59:00.000Z');
    await sweep();
    expect((await detail(silent.id)).assigneeUserId).toBe(agent.userId);
    at('2026-06-01T11:01:00.000Z');
    await sweep();
    const d = await detail(silent.id);
    expect(d.assigneeUserId).toBeNull();
    expect(d.history.find((e) => e.kind === 'auto_reassigned')?.details).toMatchObject({
      fromUserId: agent.userId,
      toUserId: null,
      afterMinutes: 120,
    });
    expect((await detail(answering.id)).assigneeUserId).toBe(agent.userId);
  });

  it('re-evaluates when the team changes: a policy for that team applies at once', async () => {
    at(MONDAY_9);
    const s = await json<{ policies: { id: string }[] } & Record<string, unknown>>(
      admin,
      'GET',
      '/api/v1/cases/sla-settings',
    );
    const { customised: _c, ...settings } = s;
    await json(admin, 'PUT', '/api/v1/cases/sla-settings', {
      ...settings,
      policies: [
        ...s.policies,
        {
          id: 'vip-desk',
          name: 'VIP desk',
          targets: { normal: { first_response: 15, resolution: 120 } },
          match: { teams: ['VIP desk'] },
          priority: 50,
        },
      ],
    });
    try {
      const c = await openCase();
      expect(c.sla.policyId).toBe('standard');
      const moved = await json<Case>(admin, 'PATCH', `/api/v1/cases/${c.id}`, { team: 'VIP desk' });
      expect(moved.sla.policyId).toBe('vip-desk');
      expect(target(moved, 'first_response')?.dueAt).toBe('2026-06-01T09:15:00.000Z');
      expect(moved.sla.targets.map((x) => x.kind)).toEqual(['first_response', 'resolution']);
    } finally {
      await json(admin, 'DELETE', '/api/v1/cases/sla-settings');
    }
  });

  it('applies changed settings to open cases at the next sweep, in full: new targets under the same policy', async () => {
    at(MONDAY_9);
    const c = await openCase();
    expect(target(c, 'first_response')?.dueAt).toBe('2026-06-01T13:00:00.000Z');
    const s = await json<
      { policies: { id: string; targets: Record<string, unknown> }[] } & Record<string, unknown>
    >(admin, 'GET', '/api/v1/cases/sla-settings');
    const { customised: _c, ...settings } = s;
    await json(admin, 'PUT', '/api/v1/cases/sla-settings', {
      ...settings,
      policies: s.policies.map((p) =>
        p.id === 'standard'
          ? { ...p, targets: { ...p.targets, normal: { first_response: 60, resolution: 1440 } } }
          : p,
      ),
    });
    try {
      at('2026-06-01T09:02:00.000Z');
      await sweep();
      const d = await detail(c.id);
      // Still the standard policy, so only a full evaluation sees its new targets.
      expect(d.sla.policyId).toBe('standard');
      expect(target(d, 'first_response')?.dueAt).toBe('2026-06-01T10:00:00.000Z');
      expect(d.sla.targets.map((x) => x.kind)).toEqual(['first_response', 'resolution']);
      expect(d.sla.evaluatedAt).toBe('2026-06-01T09:02:00.000Z');
    } finally {
      await json(admin, 'DELETE', '/api/v1/cases/sla-settings');
    }
  });

  it("chooses the policy again at a check when the customer's relationship changed since the case did", async () => {
    at(MONDAY_9);
    const c = await openCase();
    expect(c.sla.policyId).toBe('standard');
    await json(admin, 'PUT', `/api/v1/customers/${c.customerId}/relationship/override`, {
      type: 'enmity',
      reason: 'Threatened to review us everywhere after the last stay',
    });
    // Nothing about the case changed: the policy moves at its next check (the warning, 12:00).
    at('2026-06-01T11:00:00.000Z');
    await sweep();
    expect((await detail(c.id)).sla.policyId).toBe('standard');
    at('2026-06-01T12:01:00.000Z');
    await sweep();
    const d = await detail(c.id);
    // Recovery (enmity), normal: first response in 60 business minutes, so breached since 10:00
    // and escalated — to high, whose first response (30 minutes) was due at 09:30.
    expect(d.sla.policyId).toBe('recovery');
    expect(d.history.find((e) => e.kind === 'sla_breached')?.details).toMatchObject({
      target: 'first_response',
      dueAt: '2026-06-01T10:00:00.000Z',
    });
    expect(d.severity).toBe('high');
    expect(target(d, 'first_response')).toMatchObject({
      state: 'breached',
      dueAt: '2026-06-01T09:30:00.000Z',
    });
    expect(kinds(d).filter((k) => k === 'escalated')).toHaveLength(1);
  });

  it('writes a pass with many events at once: each case gets its own, details and actor intact', async () => {
    at(MONDAY_9);
    const many = [];
    for (let i = 0; i < 12; i++) many.push(await openCase({ severity: 'urgent' }));
    // Urgent: first response 30, resolution 240 business minutes; at 09:45 the first response is
    // breached for every case: sla_breached + escalated each, 24 events in one pass.
    at('2026-06-01T09:45:00.000Z');
    await sweep();
    for (const c of many) {
      const d = await detail(c.id);
      const breach = d.history.filter((e) => e.kind === 'sla_breached');
      expect(breach).toHaveLength(1);
      expect(breach[0]).toMatchObject({
        details: { target: 'first_response', dueAt: '2026-06-01T09:30:00.000Z' },
        actor: { type: 'system', name: 'SLA' },
        status: null,
      });
      expect(d.history.filter((e) => e.kind === 'escalated')).toHaveLength(1);
      // The history's other events keep their empty details as nothing, not a JSON null.
      expect(d.history.find((e) => e.kind === 'status')?.details).toBeNull();
    }
  });

  it('leaves a deleted case alone: no sweep is queued for it, however long its check has been due', async () => {
    at(MONDAY_9);
    const other = await createWorkspaceClient(t);
    const customer = await createCustomerVia(other);
    const c = await json<Case>(
      other,
      'POST',
      '/api/v1/cases',
      {
        type: 'complaint',
        channel: 'phone',
        subject: 'Lost luggage',
        body: 'My bag never arrived.',
        customerId: customer.id,
      },
      201,
    );
    await json(other, 'DELETE', `/api/v1/cases/${c.id}`);
    at('2026-06-01T16:30:00.000Z');
    await t.services.jobs.runDue();
    const swept = await t.database
      .q()
      .execute(
        sql`select count(*)::int as n from jobs where workspace_id = ${other.workspaceId} and kind = 'cases.sla_sweep'`,
      );
    expect(rowsOf(swept)[0]!.n).toBe(0);
    const d = await json<CaseDetail>(other, 'GET', `/api/v1/cases/${c.id}`);
    expect(d.history.map((e) => e.kind)).not.toContain('sla_breached');
  });

  it('survives a restart: a new process on the same database sweeps what fell due while it was down', async () => {
    at(MONDAY_9);
    const c = await openCase();
    // The process stops; later a new one starts on the same database.
    at('2026-06-01T13:30:00.000Z');
    const second = await buildApp({ database: t.database, clock, loginsPerMinute: 1000 });
    try {
      await second.app.ready();
      await second.services.jobs.runDue();
      const d = await detail(c.id);
      expect(d.sla.state).toBe('breached');
      expect(kinds(d)).toEqual(expect.arrayContaining(['sla_breached', 'escalated']));
      expect(d.escalationLevel).toBe(1);
    } finally {
      await second.app.close();
    }
  });
});
