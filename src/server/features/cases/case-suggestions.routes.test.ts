import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { suggestionReply } from '../../../shared/contracts/case-suggestions.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock(new Date('2026-03-20T10:00:00Z'));
const DAY = 86_400_000;
// Sessions last 12 hours: tests move the clock by minutes.
const MINUTE = 60_000;
const daysAgo = (n: number) => new Date(clock.now().getTime() - n * DAY).toISOString();

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

let seq = 0;
const openCase = async (
  c: Client,
  customerId: string,
  over: Record<string, unknown> = {},
): Promise<{ id: string; reference: string }> => {
  const res = await c.request('POST', '/api/v1/cases', {
    type: 'suggestion',
    channel: 'email',
    subject: `Oat milk at breakfast ${++seq}`,
    body: `Could you offer oat milk? (${seq})`,
    customerId,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const setOutcome = (c: Client, id: string, body: Record<string, unknown>) =>
  c.request('PUT', `/api/v1/cases/${id}/suggestion`, body);
const detail = async (c: Client, id: string) => (await c.request('GET', `/api/v1/cases/${id}`)).json();
const board = async (c: Client, query = '') => {
  const res = await c.request('GET', `/api/v1/cases/suggestions${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; [k: string]: unknown }[]; nextCursor: string | null };
};

describe('suggestion outcomes', () => {
  it('records the outcome, tells the customer with the default reply, and writes history and audit', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await createCustomerVia(ws, { givenName: 'Kim', familyName: 'Park' });
    const s = await openCase(ws, customer.id, { subject: 'Oat milk, please' });
    const res = await setOutcome(ws, s.id, { area: '  Breakfast ', outcome: 'planned', tellCustomer: true });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.suggestion).toMatchObject({
      id: s.id,
      area: 'Breakfast',
      outcome: 'planned',
      reason: null,
      outcomeAt: clock.now().toISOString(),
      customerToldAt: clock.now().toISOString(),
      customerName: 'Kim Park',
    });
    expect(out.told).toMatchObject({ status: 'sent', reasons: [] });
    const expected = suggestionReply('planned', 'Oat milk, please', null);
    expect(out.told.message).toMatchObject({ kind: 'reply', body: expected });

    const d = await detail(ws, s.id);
    expect(d.messages.map((m: { kind: string; body: string }) => [m.kind, m.body])).toEqual([
      ['reply', expected],
    ]);
    // The reply is a first response like any other.
    expect(d.firstRespondedAt).toBe(clock.now().toISOString());
    const event = d.history.find((e: { kind: string }) => e.kind === 'suggestion_outcome');
    expect(event).toMatchObject({
      messageId: out.told.message.id,
      details: { area: 'Breakfast', outcome: 'planned', previousOutcome: null, told: 'sent' },
    });
    const audit = (await ws.request('GET', `/api/v1/audit?entityType=case&entityId=${s.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toContain('case.suggestion_outcome');
  });

  it('sends the message as written, kept as text, and keeps the first outcome time while the outcome stays', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await createCustomerVia(ws);
    const s = await openCase(ws, customer.id);
    const first = (
      await setOutcome(ws, s.id, { area: 'Spa', outcome: 'planned', tellCustomer: false })
    ).json();
    expect(first.told.status).toBe('not_requested');
    expect(first.suggestion.customerToldAt).toBeNull();
    clock.advance(10 * MINUTE);
    const message = '<b>Done</b> <script>alert(1)</script> — thank you!';
    const res = await setOutcome(ws, s.id, {
      area: 'Spa & pool',
      outcome: 'planned',
      tellCustomer: true,
      message,
    });
    expect(res.json().suggestion).toMatchObject({
      area: 'Spa & pool',
      outcomeAt: first.suggestion.outcomeAt,
      customerToldAt: clock.now().toISOString(),
    });
    expect(res.json().told.message.body).toBe(message);
    clock.advance(10 * MINUTE);
    const done = (
      await setOutcome(ws, s.id, { area: 'Spa & pool', outcome: 'done', tellCustomer: false })
    ).json();
    expect(done.suggestion.outcomeAt).toBe(clock.now().toISOString());
    const history = (await detail(ws, s.id)).history.filter(
      (e: { kind: string }) => e.kind === 'suggestion_outcome',
    );
    expect(
      history.map((e: { details: { previousOutcome: string | null; told: string } }) => e.details),
    ).toMatchObject([
      { previousOutcome: null, told: 'not_requested' },
      { previousOutcome: 'planned', told: 'sent' },
      { previousOutcome: 'planned', outcome: 'done' },
    ]);
  });

  it('needs a reason to decline, and puts the reason in the default reply', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await createCustomerVia(ws);
    const s = await openCase(ws, customer.id, { subject: 'Open the pool at 5am' });
    const missing = await setOutcome(ws, s.id, { area: 'Pool', outcome: 'declined', tellCustomer: true });
    expect(missing.statusCode).toBe(400);
    expect(errorPaths(missing.json())).toEqual(['body.reason']);
    const blank = await setOutcome(ws, s.id, {
      area: 'Pool',
      outcome: 'declined',
      reason: '  ',
      tellCustomer: true,
    });
    expect(errorPaths(blank.json())).toEqual(['body.reason']);
    const res = await setOutcome(ws, s.id, {
      area: 'Pool',
      outcome: 'declined',
      reason: 'the lifeguards start at 7',
      tellCustomer: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().told.message.body).toContain(
      'decided not to go ahead with it, because: the lifeguards start at 7',
    );
    expect(res.json().suggestion).toMatchObject({ outcome: 'declined', reason: 'the lifeguards start at 7' });
    // Nothing was stored by the refused attempts.
    expect((await detail(ws, s.id)).messages).toHaveLength(1);
  });

  it('refuses bad fields, other case types, other workspaces and readers', async () => {
    const customer = await createCustomerVia(admin);
    const s = await openCase(admin, customer.id);
    for (const [body, paths] of [
      [{ area: '', outcome: 'done', tellCustomer: false }, ['body.area']],
      [{ area: 'x'.repeat(101), outcome: 'done', tellCustomer: false }, ['body.area']],
      [{ area: 'Spa', outcome: 'maybe', tellCustomer: false }, ['body.outcome']],
      [{ area: 'Spa', outcome: 'done' }, ['body.tellCustomer']],
      [{ area: 'Spa', outcome: 'done', tellCustomer: false, status: 'closed' }, ['body.status']],
    ] as const) {
      const res = await setOutcome(admin, s.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorPaths(res.json()), JSON.stringify(body)).toEqual(paths);
    }
    const complaint = await openCase(admin, customer.id, { type: 'complaint' });
    const wrong = await setOutcome(admin, complaint.id, { area: 'Spa', outcome: 'done', tellCustomer: true });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'CASE_NOT_SUGGESTION' });
    expect(errorPaths(wrong.json())).toEqual(['params.id']);
    expect((await detail(admin, complaint.id)).messages).toEqual([]);

    const other = await createWorkspaceClient(t);
    expect(
      (await setOutcome(other, s.id, { area: 'Spa', outcome: 'done', tellCustomer: false })).statusCode,
    ).toBe(404);
    const analyst = await admin.as('analyst');
    expect(
      (await setOutcome(analyst, s.id, { area: 'Spa', outcome: 'done', tellCustomer: false })).statusCode,
    ).toBe(403);
    // Analysts read the board, without customers' names.
    const seen = (await board(analyst)).items.find((i) => i.id === s.id);
    expect(seen).toMatchObject({ customerName: null, outcome: null });
  });

  it('reports a reply the relationship policy blocks, and records the outcome without telling', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await createCustomerVia(ws);
    const override = await ws.request('PUT', `/api/v1/customers/${customer.id}/relationship/override`, {
      type: 'arranged_marriage',
      reason: 'no contact beyond the contract',
    });
    expect(override.statusCode, override.body).toBe(200);
    const rules = (await ws.request('GET', `/api/v1/customers/${customer.id}/relationship`)).json().rules;
    const put = await ws.request('PUT', '/api/v1/relationships/rules/arranged_marriage', {
      ...rules,
      allowedPurposes: ['transactional'],
    });
    expect(put.statusCode, put.body).toBe(200);
    const s = await openCase(ws, customer.id);
    const res = await setOutcome(ws, s.id, { area: 'Rooms', outcome: 'done', tellCustomer: true });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.told).toMatchObject({
      status: 'blocked',
      message: null,
      policyDecisionId: expect.any(String),
    });
    expect(out.told.reasons.map((r: { code: string }) => r.code)).toContain('purpose_not_allowed');
    expect(out.suggestion).toMatchObject({ outcome: 'done', customerToldAt: null });
    const d = await detail(ws, s.id);
    expect(d.messages).toEqual([]);
    expect(d.history.find((e: { kind: string }) => e.kind === 'suggestion_outcome').details).toMatchObject({
      told: 'blocked',
      reasons: expect.arrayContaining(['purpose_not_allowed']),
    });
  });
});

describe('suggestions board and summary', () => {
  it('lists suggestions by outcome and area, pages, and counts the answered rate over a period', async () => {
    const ws = await createWorkspaceClient(t);
    const customer = await createCustomerVia(ws);
    const old = await openCase(ws, customer.id, { openedAt: daysAgo(200) });
    const a = await openCase(ws, customer.id, { openedAt: daysAgo(30) });
    const b = await openCase(ws, customer.id, { openedAt: daysAgo(20) });
    const c = await openCase(ws, customer.id, { openedAt: daysAgo(10) });
    const d = await openCase(ws, customer.id, { openedAt: daysAgo(5) });
    await openCase(ws, customer.id, { type: 'complaint', openedAt: daysAgo(5) });
    await setOutcome(ws, old.id, { area: 'Spa', outcome: 'done', tellCustomer: true });
    await setOutcome(ws, a.id, { area: 'Breakfast', outcome: 'planned', tellCustomer: true });
    await setOutcome(ws, b.id, {
      area: 'Breakfast',
      outcome: 'declined',
      reason: 'no room',
      tellCustomer: false,
    });
    await setOutcome(ws, c.id, { area: 'Spa', outcome: 'done', tellCustomer: true });

    const all = await board(ws);
    expect(all.items.map((i) => i.id)).toEqual([d.id, c.id, b.id, a.id, old.id]);
    expect((await board(ws, '?outcome=none')).items.map((i) => i.id)).toEqual([d.id]);
    expect((await board(ws, '?outcome=done')).items.map((i) => i.id)).toEqual([c.id, old.id]);
    expect((await board(ws, '?area=Breakfast')).items.map((i) => i.id)).toEqual([b.id, a.id]);
    const first = await board(ws, '?limit=2');
    const second = await board(ws, `?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect((await ws.request('GET', '/api/v1/cases/suggestions?outcome=maybe')).statusCode).toBe(400);

    // The default period is the 90 days up to now: the 200-day-old suggestion is out.
    const summary = (await ws.request('GET', '/api/v1/cases/suggestions/summary')).json();
    expect(summary).toMatchObject({
      received: 4,
      answered: 2,
      answeredRate: 0.5,
      byOutcome: { none: 1, planned: 1, done: 1, declined: 1 },
      from: daysAgo(90),
      to: clock.now().toISOString(),
    });
    expect(summary.byArea).toEqual([
      { area: 'Breakfast', received: 2, answered: 1 },
      { area: 'Spa', received: 1, answered: 1 },
      { area: null, received: 1, answered: 0 },
    ]);
    const longer = (
      await ws.request('GET', `/api/v1/cases/suggestions/summary?from=${encodeURIComponent(daysAgo(365))}`)
    ).json();
    expect([longer.received, longer.answered]).toEqual([5, 3]);
    const none = (
      await ws.request(
        'GET',
        `/api/v1/cases/suggestions/summary?from=${encodeURIComponent(daysAgo(400))}&to=${encodeURIComponent(daysAgo(300))}`,
      )
    ).json();
    expect([none.received, none.answeredRate]).toEqual([0, null]);
    const backwards = await ws.request(
      'GET',
      `/api/v1/cases/suggestions/summary?from=${encodeURIComponent(daysAgo(1))}&to=${encodeURIComponent(daysAgo(2))}`,
    );
    expect(errorPaths(backwards.json())).toEqual(['querystring.from']);
  });
});
