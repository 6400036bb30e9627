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

// 09:00 in London (BST) on the briefing day.
const clock = fixedClock('2026-05-04T08:00:00.000Z');
const DAY = 86_400_000;
const HOTEL = 'Harbour & Vine Covent Garden, London';
const BISTRO = 'The Larder, London';
const daysAgo = (n: number) => new Date(Date.parse('2026-05-04T15:00:00Z') - n * DAY).toISOString();

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const post = async (c: Client, url: string, body: unknown, status = 201) => {
  const res = await c.request('POST', url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};
const visit = (c: Client, customerId: string, startsAt: string, over: Record<string, unknown> = {}) =>
  post(c, '/api/v1/visits', { customerId, startsAt, location: HOTEL, type: 'booking', ...over });
const checkIn = (c: Client, customerId: string, at: string, roomType: string) =>
  post(c, '/api/v1/touchpoints', {
    customerId,
    channel: 'front_desk',
    type: 'check_in',
    occurredAt: at,
    properties: { roomType },
  });
const briefing = async (c: Client, query: string) => {
  const res = await c.request('GET', `/api/v1/briefings?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const hotelDay = `date=2026-05-04&location=${encodeURIComponent(HOTEL)}`;

describe('briefings routes', () => {
  const none = { id: '' };
  const people = { regular: none, newcomer: none, private: none, thin: none, human: none };
  const visits = { late: none, newcomer: none, private: none, thin: none, human: none };

  beforeAll(async () => {
    // A regular on their 10th stay, who usually takes a deluxe room.
    people.regular = await createCustomerVia(admin, { givenName: 'Rita', familyName: 'Regular' });
    for (let i = 1; i <= 9; i++) await checkIn(admin, people.regular.id, daysAgo(20 * i), 'Deluxe room');
    // Someone who has never been.
    people.newcomer = await createCustomerVia(admin, { givenName: 'Nina', familyName: 'New' });
    // A regular too, who refused personalisation.
    people.private = await createCustomerVia(admin, {
      givenName: 'Pia',
      familyName: 'Private',
      attributes: { consentRefused: 'personalisation' },
    });
    for (let i = 1; i <= 9; i++) await checkIn(admin, people.private.id, daysAgo(20 * i), 'Suite');
    // One dinner a month ago: nothing to say yet.
    people.thin = await createCustomerVia(admin, { givenName: 'Tom', familyName: 'Thin' });
    await post(admin, '/api/v1/orders', {
      customerId: people.thin.id,
      channel: 'restaurant',
      location: BISTRO,
      occurredAt: daysAgo(30),
      currency: 'EUR',
      lines: [{ description: 'Set lunch', quantity: 1, unitPriceMinor: 2_400 }],
    });
    // Wants a person, has an open complaint and a note for the desk.
    people.human = await createCustomerVia(admin, {
      givenName: 'Hugo',
      familyName: 'Human',
      prefersHumanService: true,
    });
    await post(admin, '/api/v1/touchpoints', {
      customerId: people.human.id,
      channel: 'email',
      type: 'complaint',
      occurredAt: daysAgo(10),
      properties: { topic: 'noise at night' },
    });
    await post(admin, `/api/v1/customers/${people.human.id}/notes`, {
      body: 'Travels with a small dog; book a pet-friendly room.',
      frontLine: true,
    });
    await post(admin, `/api/v1/customers/${people.human.id}/notes`, {
      body: 'Paid late once',
      frontLine: false,
    });

    visits.late = await visit(admin, people.regular.id, '2026-05-04T22:30:00Z'); // 23:30 London time
    visits.newcomer = await visit(admin, people.newcomer.id, '2026-05-04T12:00:00Z');
    visits.private = await visit(admin, people.private.id, '2026-05-04T13:00:00Z');
    visits.thin = await visit(admin, people.thin.id, '2026-05-04T14:00:00Z');
    visits.human = await visit(admin, people.human.id, '2026-05-03T23:30:00Z'); // 00:30 London time
    // Not on the list: another place, another day, cancelled, deleted, a deleted customer.
    await visit(admin, people.newcomer.id, '2026-05-04T12:00:00Z', { location: BISTRO, type: 'table' });
    await visit(admin, people.newcomer.id, '2026-05-04T23:30:00Z');
    await visit(admin, people.thin.id, '2026-05-04T15:00:00Z', { status: 'cancelled' });
    const gone = await visit(admin, people.thin.id, '2026-05-04T16:00:00Z');
    await admin.request('DELETE', `/api/v1/visits/${gone.id}`);
    const leaver = await createCustomerVia(admin);
    await visit(admin, leaver.id, '2026-05-04T16:00:00Z');
    await admin.request('DELETE', `/api/v1/customers/${leaver.id}`);
  });

  it("lists the day's arrivals at the location in the workspace time zone, each with its messages", async () => {
    const b = await briefing(admin, hotelDay);
    expect(b).toMatchObject({ date: '2026-05-04', location: HOTEL, timeZone: 'Europe/London' });
    expect(b.entries.map((e: { visit: { id: string } }) => e.visit.id)).toEqual([
      visits.human.id,
      visits.newcomer.id,
      visits.private.id,
      visits.thin.id,
      visits.late.id,
    ]);
    const byCustomer = Object.fromEntries(
      b.entries.map((e: { customer: { id: string } }) => [e.customer.id, e]),
    ) as Record<string, { messages: { kind: string; text: string }[]; noMessageReason: string | null }>;

    expect(byCustomer[people.regular.id]?.messages.map((m) => [m.kind, m.text])).toEqual([
      ['milestone', '10th stay with us'],
      ['preference', 'Usually stays in a deluxe room (9 of 9 stays)'],
    ]);
    expect(byCustomer[people.regular.id]?.messages[0]).toMatchObject({
      attention: false,
      myFeedback: null,
      evidence: { sources: ['touchpoints'], count: 9, outOf: null },
    });
    expect(byCustomer[people.human.id]?.messages.map((m) => m.kind)).toEqual([
      'last_complaint',
      'front_line_note',
      'prefers_human',
    ]);
    expect(byCustomer[people.human.id]?.messages[1]?.text).toBe(
      'Travels with a small dog; book a pet-friendly room.',
    );
    expect(byCustomer[people.newcomer.id]).toMatchObject({ messages: [], noMessageReason: 'new_customer' });
    expect(byCustomer[people.private.id]).toMatchObject({ messages: [], noMessageReason: 'consent_refused' });
    expect(byCustomer[people.thin.id]).toMatchObject({ messages: [], noMessageReason: 'thin_history' });

    expect(b.summary).toEqual({
      visits: 5,
      customers: 5,
      customersWithMessage: 2,
      messages: 5,
      messagesPerCustomer: 1,
      withoutMessage: { new_customer: 1, consent_refused: 1, thin_history: 1, relationship_rules: 0 },
      byKind: {
        milestone: 1,
        preference: 1,
        last_complaint: 1,
        prefers_human: 1,
        front_line_note: 1,
        avoid: 0,
      },
      text: '2 of 5 guests have a message; 3 without: 1 first visit, 1 consent refused, 1 history too thin',
    });

    const bistro = await briefing(admin, `date=2026-05-04&location=${encodeURIComponent(BISTRO)}`);
    expect(bistro.entries).toHaveLength(1);
    // today is the default day
    expect((await briefing(admin, `location=${encodeURIComponent(HOTEL)}`)).entries).toHaveLength(5);
    const empty = await briefing(admin, `date=2026-05-10&location=${encodeURIComponent(HOTEL)}`);
    expect(empty).toMatchObject({ entries: [], summary: { customers: 0, text: 'No guests expected' } });
  });

  it('records feedback once per user, visit and kind, shows it back, and reports usefulness per kind', async () => {
    const agent = await admin.as('agent');
    const feedback = { visitId: visits.late.id, kind: 'milestone', useful: true };
    const first = await post(agent, '/api/v1/briefings/feedback', feedback, 200);
    expect(first).toMatchObject({ ...feedback, userId: agent.userId });
    clock.advance(1000);
    const changed = await post(agent, '/api/v1/briefings/feedback', { ...feedback, useful: false }, 200);
    expect(changed).toMatchObject({ useful: false, createdAt: first.createdAt });
    expect(changed.updatedAt).not.toBe(first.updatedAt);
    clock.advance(1000);
    const again = await post(agent, '/api/v1/briefings/feedback', { ...feedback, useful: false }, 200);
    expect(again.updatedAt).toBe(changed.updatedAt);
    await post(agent, '/api/v1/briefings/feedback', { ...feedback, kind: 'preference' }, 200);
    await post(admin, '/api/v1/briefings/feedback', feedback, 200);
    await post(
      admin,
      '/api/v1/briefings/feedback',
      { visitId: visits.human.id, kind: 'prefers_human', useful: true },
      200,
    );

    const mine = (await briefing(agent, hotelDay)).entries.find(
      (e: { visit: { id: string } }) => e.visit.id === visits.late.id,
    );
    expect(mine.messages.map((m: { myFeedback: boolean | null }) => m.myFeedback)).toEqual([false, true]);
    const admins = (await briefing(admin, hotelDay)).entries.find(
      (e: { visit: { id: string } }) => e.visit.id === visits.late.id,
    );
    expect(admins.messages.map((m: { myFeedback: boolean | null }) => m.myFeedback)).toEqual([true, null]);

    const report = (await admin.request('GET', '/api/v1/briefings/usefulness')).json();
    expect(report.total).toBe(4);
    const row = (kind: string) => report.items.find((i: { kind: string }) => i.kind === kind);
    expect(row('milestone')).toEqual({ kind: 'milestone', useful: 1, notUseful: 1, usefulShare: 0.5 });
    expect(row('preference')).toEqual({ kind: 'preference', useful: 1, notUseful: 0, usefulShare: 1 });
    expect(row('prefers_human')).toMatchObject({ useful: 1, usefulShare: 1 });
    expect(row('avoid')).toEqual({ kind: 'avoid', useful: 0, notUseful: 0, usefulShare: null });
    expect(report.items).toHaveLength(6);
    const later = (await admin.request('GET', '/api/v1/briefings/usefulness?from=2026-05-05')).json();
    expect(later.total).toBe(0);
    const today = (
      await admin.request('GET', '/api/v1/briefings/usefulness?from=2026-05-04&to=2026-05-04')
    ).json();
    expect(today.total).toBe(4);
    // the other workspace has its own report
    expect((await other.request('GET', '/api/v1/briefings/usefulness')).json().total).toBe(0);
  });

  it('explains bad input: field-named 400s, 404 for a visit of another workspace, 403 for API keys and analysts', async () => {
    expect(errorPaths((await admin.request('GET', '/api/v1/briefings?date=2026-13-01')).json())).toEqual([
      'querystring.date',
      'querystring.location',
    ]);
    const bad = await admin.request('POST', '/api/v1/briefings/feedback', {
      visitId: 'v1',
      kind: 'gossip',
      useful: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(bad.json())).toEqual(['body.kind', 'body.useful', 'body.visitId']);
    const theirs = await other.request('POST', '/api/v1/briefings/feedback', {
      visitId: visits.late.id,
      kind: 'milestone',
      useful: true,
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('VISIT_NOT_FOUND');
    expect((await briefing(other, hotelDay)).entries).toEqual([]);

    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', `/api/v1/briefings?${hotelDay}`)).statusCode).toBe(200);
    const refused = await analyst.request('POST', '/api/v1/briefings/feedback', {
      visitId: visits.late.id,
      kind: 'milestone',
      useful: true,
    });
    expect(refused.statusCode).toBe(403);

    const { key } = (
      await admin.request('POST', '/api/v1/api-keys', { name: 'tablet', scopes: ['read', 'write'] })
    ).json();
    const byKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/briefings/feedback',
      headers: { authorization: `Bearer ${key}` },
      payload: { visitId: visits.late.id, kind: 'milestone', useful: true },
    });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().detail).toContain('API key');
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/briefings?${hotelDay}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.json().entries).toHaveLength(5);
  });
  it("passes what is said aloud through the relationship policy check: the customer's rules hold back, warn and guide", async () => {
    const entryOf = async (visitId: string) =>
      (await briefing(admin, hotelDay)).entries.find(
        (e: { visit: { id: string } }) => e.visit.id === visitId,
      );
    const override = (type: string) =>
      admin
        .request('PUT', `/api/v1/customers/${people.regular.id}/relationship/override`, {
          type,
          reason: 'Asked us to keep her stays private',
        })
        .then((r) => expect(r.statusCode, r.body).toBe(200));

    // Discretion: the 10th stay is not announced at the desk; the usual room still is served.
    await override('secret_affair');
    const discreet = await entryOf(visits.late.id);
    expect(discreet.messages.map((m: { kind: string }) => m.kind)).toEqual(['preference']);
    expect(discreet.relationship).toMatchObject({ type: 'secret_affair', tone: 'discreet' });
    expect(discreet.relationship.guidance).toContain('discreet');
    // What staff only need to know is never held back (Hugo's complaint, note, wanting a person).
    expect((await entryOf(visits.human.id)).messages).toHaveLength(3);

    // Each message's decision is logged once, however often the briefing is read.
    await entryOf(visits.late.id);
    const panel = (await admin.request('GET', `/api/v1/customers/${people.regular.id}/relationship`)).json();
    const fromBriefings = panel.decisions.filter((d: { source: string }) => d.source === 'briefing');
    expect(
      fromBriefings.map((d: { verdict: string; action: { contentTags: string[] } }) => [
        d.verdict,
        d.action.contentTags[0],
      ]),
    ).toEqual(expect.arrayContaining([['block', 'celebration']]));
    const blocked = fromBriefings.filter((d: { verdict: string }) => d.verdict === 'block');
    expect(blocked).toHaveLength(1);

    // An open complaint: the milestone stays, with a caution to put things right first.
    await override('best_friendship');
    await post(admin, '/api/v1/touchpoints', {
      customerId: people.regular.id,
      channel: 'email',
      type: 'complaint',
      occurredAt: daysAgo(3),
      properties: { topic: 'cold room' },
    });
    const upset = await entryOf(visits.late.id);
    const milestone = upset.messages.find((m: { kind: string }) => m.kind === 'milestone');
    expect(milestone.caution).toContain('open complaint');
    expect(upset.messages.find((m: { kind: string }) => m.kind === 'preference').caution).toBeNull();

    // When the rules hold back everything there was to say, the card says why.
    const rules = (await admin.request('GET', '/api/v1/relationships/rules')).json().rules.best_friendship;
    const put = await admin.request('PUT', '/api/v1/relationships/rules/best_friendship', {
      ...rules,
      avoid: [...rules.avoid, 'celebration', 'personalisation'],
    });
    expect(put.statusCode, put.body).toBe(200);
    const quiet = await createCustomerVia(admin, { givenName: 'Quinn', familyName: 'Quiet' });
    for (let i = 1; i <= 9; i++) await checkIn(admin, quiet.id, daysAgo(20 * i), 'Suite');
    await admin.request('PUT', `/api/v1/customers/${quiet.id}/relationship/override`, {
      type: 'best_friendship',
      reason: 'Testing the rules',
    });
    const quietVisit = await visit(admin, quiet.id, '2026-05-04T17:00:00Z');
    expect(await entryOf(quietVisit.id)).toMatchObject({
      messages: [],
      noMessageReason: 'relationship_rules',
    });
    const summary = (await briefing(admin, hotelDay)).summary;
    expect(summary.withoutMessage.relationship_rules).toBe(1);
    expect(summary.text).toContain('1 held back by relationship rules');
  });
});
