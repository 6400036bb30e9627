import { and, eq } from 'drizzle-orm';
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
  CaseAnalytics,
  SilentCustomer,
  SilentDissatisfactionPage,
} from '../../../shared/contracts/case-analytics.js';
import type { StoredSlaTarget } from '../../../shared/contracts/cases.js';
import { fixedClock } from '../../lib/clock.js';
import { caseSlas, cases } from './cases.table.js';

/**
 * Recovery analytics and the silent-dissatisfaction list on a real database, with data made
 * through the API (customers, cases, replies, status changes, orders, touch points) at the times
 * an injected clock says. Columns other parts of #7 own and whose endpoints do not exist here
 * (the stored SLA, CSAT answers, the customer told of a suggestion, a mention's sentiment) are
 * written straight to the case row, as those parts would.
 */
const HOUR = 3_600_000;
const NOW = '2026-06-30T12:00:00.000Z';
const clock = fixedClock(NOW);
let t: TestApp;
let admin: Client & { as(role: 'analyst' | 'agent' | 'manager' | 'marketer'): Promise<Client> };
let other: Client;
let seq = 0;

const json = async <T>(c: Client, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
  const res = await c.request(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** Runs `fn` with the clock at `at`, then puts it back to NOW. */
async function at<T>(when: string | Date, fn: () => Promise<T>): Promise<T> {
  clock.set(when);
  try {
    return await fn();
  } finally {
    clock.set(NOW);
  }
}

const openCase = (c: Client, customerId: string, openedAt: string, extra: Record<string, unknown> = {}) =>
  at(openedAt, () =>
    json<{ id: string }>(
      c,
      'POST',
      '/api/v1/cases',
      {
        type: 'complaint',
        channel: 'phone',
        subject: 'Cold room',
        body: `The heating did not work (${++seq})`,
        customerId,
        ...extra,
      },
      201,
    ),
  );
const reply = (c: Client, id: string, when: Date) =>
  at(when, () =>
    json(c, 'POST', `/api/v1/cases/${id}/messages`, { kind: 'reply', body: 'Sorry, we are on it.' }, 201),
  );
const resolve = (c: Client, id: string, when: Date) =>
  at(when, () => json(c, 'POST', `/api/v1/cases/${id}/status`, { status: 'resolved' }));
const order = (c: Client, customerId: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
  json(
    c,
    'POST',
    '/api/v1/orders',
    { customerId, channel: 'web', occurredAt, currency: 'EUR', totalMinor: 5000, ...extra },
    201,
  );
const touch = (c: Client, customerId: string, occurredAt: string, extra: Record<string, unknown>) =>
  json(
    c,
    'POST',
    '/api/v1/touchpoints',
    { customerId, channel: 'phone', type: 'call', occurredAt, ...extra },
    201,
  );
/** Writes columns of a case another part of #7 owns, as that part would. */
const setCase = (c: Client, id: string, values: Partial<typeof cases.$inferInsert>) =>
  t.database
    .q()
    .update(cases)
    .set(values)
    .where(and(eq(cases.workspaceId, c.workspaceId), eq(cases.id, id)));
const setSla = (c: Client, id: string, targets: StoredSlaTarget[]) =>
  t.database
    .q()
    .update(caseSlas)
    .set({ targets })
    .where(and(eq(caseSlas.workspaceId, c.workspaceId), eq(caseSlas.caseId, id)));
const target = (kind: StoredSlaTarget[0], state: StoredSlaTarget[2]): StoredSlaTarget => [
  kind,
  240,
  state,
  null,
  null,
];
const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR);

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
  const tz = await admin.request('PATCH', '/api/v1/workspace', { timeZone: 'Europe/London' });
  expect(tz.statusCode, tz.body).toBe(200);
});
afterAll(() => t.close());

describe('GET /cases/analytics', () => {
  const Q1 = '/api/v1/cases/analytics?from=2026-01-01&to=2026-03-31';
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    const [a, b, c, d] = await Promise.all(
      ['Ann', 'Ben', 'Cat', 'Dan'].map((givenName) => createCustomerVia(admin, { givenName })),
    );
    // 1. Ann: answered in 2 h, resolved in 10 h (fast), bought again within 90 days.
    const c1 = await openCase(admin, a.id, '2026-01-10T09:00:00.000Z');
    await reply(admin, c1.id, plus('2026-01-10T09:00:00.000Z', 2));
    await resolve(admin, c1.id, plus('2026-01-10T09:00:00.000Z', 10));
    // 2. Ben: answered in 30 h, resolved in 72 h (slow); his later orders are a cancellation and a return.
    const c2 = await openCase(admin, b.id, '2026-01-12T09:00:00.000Z');
    await reply(admin, c2.id, plus('2026-01-12T09:00:00.000Z', 30));
    await resolve(admin, c2.id, plus('2026-01-12T09:00:00.000Z', 72));
    // 3. Cat: answered in 4 h, resolved in 48 h (slow), bought again on 15 April.
    const c3 = await openCase(admin, c.id, '2026-02-01T09:00:00.000Z', { channel: 'email' });
    await reply(admin, c3.id, plus('2026-02-01T09:00:00.000Z', 4));
    await resolve(admin, c3.id, plus('2026-02-01T09:00:00.000Z', 48));
    // 4. Ann again: only her first complaint counts for buying again.
    const c4 = await openCase(admin, a.id, '2026-03-01T09:00:00.000Z', { channel: 'web_form' });
    await reply(admin, c4.id, plus('2026-03-01T09:00:00.000Z', 1));
    await resolve(admin, c4.id, plus('2026-03-01T09:00:00.000Z', 5));
    // 5. Dan: resolved on 5 April, so his 90 days run until July: not counted yet.
    const c5 = await openCase(admin, d.id, '2026-03-30T09:00:00.000Z');
    await reply(admin, c5.id, plus('2026-03-30T09:00:00.000Z', 3));
    await resolve(admin, c5.id, plus('2026-03-30T09:00:00.000Z', 144));
    // Suggestions: Ben's was answered, Cat's not yet.
    const s1 = await openCase(admin, b.id, '2026-02-10T10:00:00.000Z', { type: 'suggestion' });
    await openCase(admin, c.id, '2026-02-11T10:00:00.000Z', { type: 'suggestion', channel: 'chat' });
    // 23:30 in London on 31 March (BST) is in; 00:30 on 1 April and 31 December are not.
    await openCase(admin, c.id, '2026-03-31T22:30:00.000Z', { type: 'question', channel: 'chat' });
    await openCase(admin, c.id, '2026-03-31T23:30:00.000Z', { type: 'question', channel: 'chat' });
    await openCase(admin, c.id, '2025-12-31T23:30:00.000Z', { type: 'praise' });
    // Another workspace's complaint is not counted.
    const theirs = await createCustomerVia(other);
    await openCase(other, theirs.id, '2026-02-02T09:00:00.000Z');

    await order(admin, a.id, '2026-02-01T10:00:00.000Z');
    await order(admin, c.id, '2026-01-20T10:00:00.000Z');
    await order(admin, d.id, '2026-03-10T10:00:00.000Z', { status: 'refunded' });
    await order(admin, b.id, '2026-03-05T10:00:00.000Z', { status: 'cancelled' });
    await order(admin, b.id, '2026-03-06T10:00:00.000Z', { totalMinor: -500 });
    await order(admin, c.id, '2026-04-15T10:00:00.000Z');

    // The stored SLA (the SLA sweep's: only these targets count), CSAT answers (the
    // follow-up's), the suggestion told.
    await t.database
      .q()
      .update(caseSlas)
      .set({ targets: [] })
      .where(eq(caseSlas.workspaceId, admin.workspaceId));
    await setSla(admin, c1.id, [target('first_response', 'met'), target('resolution', 'met')]);
    await setCase(admin, c1.id, {
      csatRequestedAt: plus('2026-01-10T09:00:00.000Z', 11),
      csatAnsweredAt: plus('2026-01-10T09:00:00.000Z', 20),
      csatScore: 5,
    });
    await setSla(admin, c2.id, [target('first_response', 'missed'), target('resolution', 'missed')]);
    await setCase(admin, c2.id, {
      csatRequestedAt: plus('2026-01-12T09:00:00.000Z', 73),
      csatAnsweredAt: plus('2026-01-12T09:00:00.000Z', 80),
      csatScore: 2,
    });
    await setSla(admin, c3.id, [target('first_response', 'met'), target('resolution', 'on_track')]);
    await setCase(admin, c3.id, {
      csatRequestedAt: plus('2026-02-01T09:00:00.000Z', 49),
    });
    await setCase(admin, s1.id, { customerToldAt: new Date('2026-02-20T10:00:00.000Z') });
    ids = { c1: c1.id, c2: c2.id };
  });

  it('counts the cases opened in the period (workspace days) by type and channel, and complaints per 1,000 orders', async () => {
    const a = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(a.period).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-31',
      timeZone: 'Europe/London',
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-03-31T23:00:00.000Z',
    });
    expect(a.cases).toEqual({
      opened: 8,
      byType: { complaint: 5, suggestion: 2, question: 1, praise: 0 },
      byChannel: { web_form: 1, email: 1, phone: 4, chat: 2, api: 0, social: 0, in_person: 0 },
    });
    // Orders placed: Ann's, Cat's and Dan's refunded one; not the cancellation, not the return.
    expect(a.complaintRate).toEqual({ complaints: 5, orders: 3, per1000Orders: 1666.7 });
  });

  it('answers the median and 90th percentile of time to first contact and to resolution, in hours', async () => {
    const a = await json<CaseAnalytics>(admin, 'GET', Q1);
    // First replies after 1, 2, 3, 4 and 30 hours; the questions were never answered.
    expect(a.firstContact).toEqual({ measured: 5, medianHours: 3, p90Hours: 19.6 });
    // Resolved after 5, 10, 48, 72 and 144 hours.
    expect(a.resolution).toEqual({ measured: 5, medianHours: 48, p90Hours: 115.2 });
  });

  it('answers SLA attainment per target kind from the stored targets that stopped', async () => {
    const { sla } = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(sla.byKind).toEqual([
      { kind: 'first_response', met: 2, missed: 1, attainment: 2 / 3 },
      { kind: 'next_response', met: 0, missed: 0, attainment: null },
      { kind: 'resolution', met: 1, missed: 1, attainment: 0.5 },
    ]);
    expect(sla).toMatchObject({ met: 3, missed: 2, attainment: 0.6 });
  });

  it('answers CSAT (answers over requests, average, 1–5) and the suggestions answered', async () => {
    const a = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(a.csat).toEqual({
      requested: 3,
      answered: 2,
      responseRate: 2 / 3,
      average: 3.5,
      distribution: [
        { score: 1, count: 0 },
        { score: 2, count: 1 },
        { score: 3, count: 0 },
        { score: 4, count: 0 },
        { score: 5, count: 1 },
      ],
    });
    expect(a.suggestions).toEqual({ opened: 2, answered: 1, answeredRate: 0.5 });
  });

  it('splits buying again within 90 days by fast and slow resolution, each customer once, beside the research', async () => {
    const a = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(a.repurchase).toMatchObject({
      windowDays: 90,
      fastHours: 24,
      fast: { customers: 1, repurchased: 1, rate: 1, smallSample: true },
      slow: { customers: 2, repurchased: 1, rate: 0.5, smallSample: true },
      awaitingWindow: 1,
    });
    expect(a.repurchase.research.map((r) => [r.id, r.low, r.high])).toEqual([
      ['complain', 0.05, 0.05],
      ['resolved', 0.54, 0.7],
      ['resolvedQuickly', 0.95, 0.95],
    ]);
    expect(a.smallSampleCustomers).toBe(30);
    // With 48 hours as fast, Cat's complaint, resolved in exactly 48 hours, counts as fast.
    const wide = await json<CaseAnalytics>(admin, 'GET', `${Q1}&fastHours=48`);
    expect(wide.repurchase).toMatchObject({
      fastHours: 48,
      fast: { customers: 2, repurchased: 2, rate: 1 },
      slow: { customers: 1, repurchased: 0, rate: 0 },
    });
  });

  it('counts a reopened case as unresolved and leaves deleted cases out', async () => {
    await at('2026-06-01T09:00:00.000Z', () =>
      json(admin, 'POST', `/api/v1/cases/${ids.c2}/status`, { status: 'in_progress' }),
    );
    const a = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(a.resolution.measured).toBe(4);
    expect(a.repurchase.slow).toMatchObject({ customers: 1, repurchased: 1 });
    await json(admin, 'DELETE', `/api/v1/cases/${ids.c1}`);
    const b = await json<CaseAnalytics>(admin, 'GET', Q1);
    expect(b.cases.byType.complaint).toBe(4);
    // Ann's first complaint counted now is her second one, resolved in 5 hours.
    expect(b.repurchase.fast).toMatchObject({ customers: 1, repurchased: 0 });
  });

  it('defaults to the last 90 days, refuses bad periods naming the field, and counts nothing of other workspaces', async () => {
    const d = await json<CaseAnalytics>(admin, 'GET', '/api/v1/cases/analytics');
    expect(d.period).toMatchObject({ from: '2026-04-02', to: '2026-06-30' });
    expect(d.asOf).toBe(NOW);
    expect(
      (await json<CaseAnalytics>(admin, 'GET', '/api/v1/cases/analytics?to=2026-03-31')).period,
    ).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    const paths = async (query: string) => {
      const res = await admin.request('GET', `/api/v1/cases/analytics?${query}`);
      expect(res.statusCode).toBe(400);
      return errorPaths(res.json());
    };
    expect(await paths('from=2026-03-01&to=2026-02-01')).toEqual(['querystring.to']);
    expect(await paths('from=2024-01-01&to=2026-03-31')).toEqual(['querystring.from']);
    expect(await paths('from=2026-07-15')).toEqual(['querystring.from']);
    expect(await paths('from=yesterday&to=2026-13-01&fastHours=0')).toEqual([
      'querystring.fastHours',
      'querystring.from',
      'querystring.to',
    ]);
    // Exactly two years is allowed.
    await json(admin, 'GET', '/api/v1/cases/analytics?from=2024-04-01&to=2026-03-31');

    const theirs = await json<CaseAnalytics>(other, 'GET', Q1);
    expect(theirs.cases.opened).toBe(1);
    expect(theirs.complaintRate).toEqual({ complaints: 1, orders: 0, per1000Orders: null });
    expect(theirs.firstContact).toEqual({ measured: 0, medianHours: null, p90Hours: null });
  });

  it('is readable by every role that reads CRM records, analysts and agents included', async () => {
    for (const role of ['analyst', 'agent', 'manager', 'marketer'] as const) {
      const c = await admin.as(role);
      expect((await c.request('GET', Q1)).statusCode, role).toBe(200);
      expect((await c.request('GET', '/api/v1/cases/silent-dissatisfaction')).statusCode, role).toBe(200);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: Q1 });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /cases/silent-dissatisfaction', () => {
  let silent: Client & { as(role: 'analyst' | 'agent' | 'manager' | 'marketer'): Promise<Client> };
  const names: Record<string, string> = {};

  /** A customer with `prior` orders in the 12 months before the last 90 days and `recent` in them. */
  async function buyer(name: string, prior: number, recent: number) {
    const c = await createCustomerVia(silent, { givenName: name, familyName: 'Test' });
    names[c.id] = name;
    for (let i = 0; i < prior; i++)
      await order(silent, c.id, `2025-${String(7 + i).padStart(2, '0')}-10T10:00:00.000Z`);
    for (let i = 0; i < recent; i++)
      await order(silent, c.id, `2026-06-${String(10 + i).padStart(2, '0')}T10:00:00.000Z`);
    return c.id as string;
  }

  beforeAll(async () => {
    silent = await createWorkspaceClient(t);
    // Listed: a poorly rated call, no orders lately.
    const sam = await buyer('Sam', 4, 0);
    await touch(silent, sam, '2026-05-10T10:00:00.000Z', { satisfaction: 2 });
    await touch(silent, sam, '2026-05-11T10:00:00.000Z', { satisfaction: 4 });
    // Listed: a refunded order.
    const rita = await buyer('Rita', 3, 0);
    await order(silent, rita, '2026-06-01T10:00:00.000Z', { status: 'refunded' });
    // Listed: a negative mention imported as a complaint case (not her complaining), a bad review, a negative post.
    const mia = await buyer('Mia', 2, 0);
    const mention = await openCase(silent, mia, '2026-06-20T10:00:00.000Z', { channel: 'social' });
    await setCase(silent, mention.id, { sentiment: 'negative', sourceUrl: 'https://social.example/p/1' });
    await touch(silent, mia, '2026-06-15T10:00:00.000Z', { type: 'review', channel: 'web', satisfaction: 1 });
    await touch(silent, mia, '2026-06-10T10:00:00.000Z', {
      type: 'social_mention',
      channel: 'social',
      properties: { sentiment: 'negative' },
    });
    // Not listed: complained (a case, or a complaint touch point).
    const carl = await buyer('Carl', 4, 0);
    await touch(silent, carl, '2026-05-10T10:00:00.000Z', { satisfaction: 1 });
    await openCase(silent, carl, '2026-05-12T10:00:00.000Z');
    const cora = await buyer('Cora', 4, 0);
    await touch(silent, cora, '2026-05-10T10:00:00.000Z', { satisfaction: 1 });
    await touch(silent, cora, '2026-05-09T10:00:00.000Z', { type: 'complaint', satisfaction: 1 });
    // Not listed: still buying (2 in 90 days against about 1 per 90 days before).
    const stan = await buyer('Stan', 4, 2);
    await touch(silent, stan, '2026-05-10T10:00:00.000Z', { satisfaction: 1 });
    // Not listed: the signal is older than 180 days.
    const olga = await buyer('Olga', 4, 0);
    await touch(silent, olga, '2025-12-20T10:00:00.000Z', { satisfaction: 1 });
    // Not listed: one order before is no rate to fall from.
    const una = await buyer('Una', 1, 0);
    await touch(silent, una, '2026-05-10T10:00:00.000Z', { satisfaction: 1 });
    // Not listed: a deleted customer.
    const dee = await buyer('Dee', 4, 0);
    await touch(silent, dee, '2026-05-10T10:00:00.000Z', { satisfaction: 1 });
    await json(silent, 'DELETE', `/api/v1/customers/${dee}`);
  });

  const list = (c: Client, query = '') =>
    json<SilentDissatisfactionPage>(c, 'GET', `/api/v1/cases/silent-dissatisfaction${query}`);
  const who = (items: SilentCustomer[]) => items.map((i) => names[i.customerId]);

  it('lists customers with a negative signal and a falling purchase rate who never complained, latest signal first', async () => {
    const page = await list(silent);
    expect(who(page.items)).toEqual(['Mia', 'Rita', 'Sam']);
    expect(page.nextCursor).toBeNull();
    expect(page.asOf).toBe(NOW);
    const [mia, rita, sam] = page.items as [SilentCustomer, SilentCustomer, SilentCustomer];
    expect(mia).toMatchObject({
      name: 'Mia Test',
      signalCount: 3,
      latestSignalAt: '2026-06-20T10:00:00.000Z',
      purchases: { last90Days: 0, prior12Months: 2, priorPer90Days: 0.49 },
      lastOrderAt: '2025-08-10T10:00:00.000Z',
      nextStep: { kind: 'answer_review' },
    });
    expect(mia.signals.map((s) => [s.kind, s.source, s.at])).toEqual([
      ['negative_mention', 'case', '2026-06-20T10:00:00.000Z'],
      ['negative_review', 'touchpoint', '2026-06-15T10:00:00.000Z'],
      ['negative_mention', 'touchpoint', '2026-06-10T10:00:00.000Z'],
    ]);
    expect(mia.signals[0]?.label).toMatch(/^C-\d{6}$/);
    expect(rita.signals).toMatchObject([{ kind: 'return', source: 'order', label: 'refunded' }]);
    expect(rita.nextStep.kind).toBe('call_about_return');
    expect(sam.signals).toMatchObject([{ kind: 'low_satisfaction', label: 'call', satisfaction: 2 }]);
    expect(sam.nextStep).toEqual({
      kind: 'call_about_visit',
      text: 'Call about the phone call they rated 2/5: apologise and ask what would make it right.',
    });
    expect(sam.purchases).toEqual({ last90Days: 0, prior12Months: 4, priorPer90Days: 0.99 });
  });

  it('pages by cursor and refuses a forged one', async () => {
    const first = await list(silent, '?limit=2');
    expect(who(first.items)).toEqual(['Mia', 'Rita']);
    expect(first.nextCursor).toBeTruthy();
    const second = await list(silent, `?limit=2&cursor=${first.nextCursor}`);
    expect(who(second.items)).toEqual(['Sam']);
    expect(second.nextCursor).toBeNull();
    const bad = await silent.request('GET', '/api/v1/cases/silent-dissatisfaction?cursor=nonsense&limit=500');
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['querystring.limit']);
    const forged = await silent.request('GET', '/api/v1/cases/silent-dissatisfaction?cursor=nonsense');
    expect(errorPaths(forged.json())).toEqual(['querystring.cursor']);
  });

  it('drops a customer once they complain, and shows nothing of other workspaces', async () => {
    const sam = Object.keys(names).find((id) => names[id] === 'Sam')!;
    await openCase(silent, sam, '2026-06-29T10:00:00.000Z', { channel: 'email' });
    expect(who((await list(silent)).items)).toEqual(['Mia', 'Rita']);
    expect((await list(other)).items).toEqual([]);
  });
});
