import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type { CaseSla, CaseSlaSettingsOut } from '../../../shared/contracts/case-sla.js';
import { fixedClock } from '../../lib/clock.js';

/**
 * SLA policies and calendars through the API, and a case's timers on a real database with an
 * injected clock: business hours of the case's location, the policy chosen by relationship
 * type, pauses while waiting on the customer, and stops at resolution.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Monday 1 June 2026, 09:00 in London (BST).
const clock = fixedClock('2026-06-01T08:00:00.000Z');
let t: TestApp;
let admin: Client & { as(role: 'analyst' | 'agent' | 'manager'): Promise<Client> };
let other: Client;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
  const tz = await admin.request('PATCH', '/api/v1/workspace', { timeZone: 'Europe/London' });
  expect(tz.statusCode, tz.body).toBe(200);
});
afterAll(() => t.close());

const json = async <T>(c: Client, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
  const res = await c.request(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
const openCase = async (customerId: string, extra: Record<string, unknown> = {}) =>
  json<{ id: string }>(
    admin,
    'POST',
    '/api/v1/cases',
    {
      type: 'complaint',
      channel: 'phone',
      subject: 'Noise at night',
      body: `The room next door was loud until 3 am (${++seq})`,
      customerId,
      ...extra,
    },
    201,
  );
const sla = (id: string) => json<CaseSla>(admin, 'GET', `/api/v1/cases/${id}/sla`);
const target = (s: CaseSla, kind: string) => s.targets.find((x) => x.kind === kind);
const ALWAYS = { start: '00:00', end: '24:00' };

describe('SLA settings', () => {
  it('ships a standard, a top-customer and a recovery policy on office hours in the workspace time zone', async () => {
    const s = await json<CaseSlaSettingsOut>(admin, 'GET', '/api/v1/cases/sla-settings');
    expect(s.customised).toBe(false);
    expect(s.policies.map((p) => p.id)).toEqual(['standard', 'top-customers', 'recovery']);
    expect(s.calendars.default).toMatchObject({ timeZone: 'Europe/London', holidays: [] });
    expect(s.calendars.default.week['1']).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(s.calendars.default.week['0']).toEqual([]);
  });

  it('refuses bad calendars and policies naming each field, lets only admins save, and resets', async () => {
    const s = await json<CaseSlaSettingsOut>(admin, 'GET', '/api/v1/cases/sla-settings');
    const { customised: _c, ...body } = s;
    const week = { ...body.calendars.default.week, 1: [{ start: '12:00', end: '10:00' }] };
    const bad = await admin.request('PUT', '/api/v1/cases/sla-settings', {
      ...body,
      calendars: { default: { ...body.calendars.default, timeZone: 'Mars/Olympus', week }, byLocation: {} },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(
      expect.arrayContaining(['body.calendars.default.timeZone', 'body.calendars.default.week.1.0.end']),
    );
    const twice = await admin.request('PUT', '/api/v1/cases/sla-settings', {
      ...body,
      policies: [body.policies[0], body.policies[0]],
    });
    expect(twice.statusCode).toBe(400);
    expect(errorPaths(twice.json())).toEqual(['body.policies']);
    const minutes = await admin.request('PUT', '/api/v1/cases/sla-settings', {
      ...body,
      policies: [{ ...body.policies[0], targets: { normal: { first_response: 0 } } }],
    });
    expect(errorPaths(minutes.json())).toEqual(['body.policies.0.targets.normal.first_response']);

    const manager = await admin.as('manager');
    expect((await manager.request('PUT', '/api/v1/cases/sla-settings', body)).statusCode).toBe(403);
    const saved = await json<CaseSlaSettingsOut>(admin, 'PUT', '/api/v1/cases/sla-settings', {
      ...body,
      policies: body.policies.slice(0, 1),
    });
    expect(saved).toMatchObject({ customised: true, policies: [{ id: 'standard' }] });
    expect((await json<CaseSlaSettingsOut>(manager, 'GET', '/api/v1/cases/sla-settings')).customised).toBe(
      true,
    );
    // The other workspace keeps the defaults.
    expect((await json<CaseSlaSettingsOut>(other, 'GET', '/api/v1/cases/sla-settings')).customised).toBe(
      false,
    );
    const reset = await json<CaseSlaSettingsOut>(admin, 'DELETE', '/api/v1/cases/sla-settings');
    expect(reset.customised).toBe(false);
    expect(reset.policies).toHaveLength(3);
  });
});

describe("a case's timers", () => {
  it('count business hours: on track, warning, breached; a reply meets the first response', async () => {
    const customer = await createCustomerVia(admin);
    const c = await openCase(customer.id);
    let s = await sla(c.id);
    expect(s).toMatchObject({
      policy: { id: 'standard' },
      calendar: { location: null, timeZone: 'Europe/London' },
      facts: { severity: 'normal' },
      state: 'on_track',
    });
    // 240 business minutes from 09:00 → 13:00 London, 12:00 UTC.
    expect(target(s, 'first_response')).toMatchObject({
      targetMinutes: 240,
      state: 'on_track',
      usedMinutes: 0,
      dueAt: '2026-06-01T12:00:00.000Z',
    });
    expect(target(s, 'next_response')?.state).toBe('not_started');
    // Resolution: 1,440 business minutes = three 8-hour days → Wednesday 17:00 London.
    expect(target(s, 'resolution')?.dueAt).toBe('2026-06-03T16:00:00.000Z');

    clock.advance(3 * HOUR + 10 * MINUTE);
    s = await sla(c.id);
    expect(target(s, 'first_response')).toMatchObject({ state: 'warning', remainingMinutes: 50 });
    expect(s.state).toBe('warning');
    clock.advance(HOUR);
    s = await sla(c.id);
    expect(target(s, 'first_response')).toMatchObject({ state: 'breached', remainingMinutes: -10 });
    expect(s.state).toBe('breached');

    await json(
      admin,
      'POST',
      `/api/v1/cases/${c.id}/messages`,
      { kind: 'reply', body: 'We are sorry.' },
      201,
    );
    s = await sla(c.id);
    expect(target(s, 'first_response')?.state).toBe('missed');
    expect(s.state).toBe('on_track');
    clock.advance(-(4 * HOUR + 10 * MINUTE));
  });

  it('pause while waiting on the customer, stop at resolution, and count in the location’s own hours', async () => {
    const settings = await json<CaseSlaSettingsOut>(admin, 'GET', '/api/v1/cases/sla-settings');
    const { customised: _c, ...body } = settings;
    const allWeek = {
      0: [ALWAYS],
      1: [ALWAYS],
      2: [ALWAYS],
      3: [ALWAYS],
      4: [ALWAYS],
      5: [ALWAYS],
      6: [ALWAYS],
    };
    await json(admin, 'PUT', '/api/v1/cases/sla-settings', {
      ...body,
      calendars: {
        ...body.calendars,
        byLocation: { 'Front desk, London': { timeZone: 'Europe/London', week: allWeek, holidays: [] } },
      },
    });
    try {
      const customer = await createCustomerVia(admin);
      const desk = await openCase(customer.id, { location: 'Front desk, London' });
      let s = await sla(desk.id);
      expect(s.calendar).toEqual({ location: 'Front desk, London', timeZone: 'Europe/London' });
      // Round the clock: 1,440 minutes are one calendar day.
      expect(target(s, 'resolution')?.dueAt).toBe('2026-06-02T08:00:00.000Z');

      await json(
        admin,
        'POST',
        `/api/v1/cases/${desk.id}/messages`,
        { kind: 'reply', body: 'Which room?' },
        201,
      );
      for (const status of ['acknowledged', 'in_progress', 'waiting_on_customer']) {
        await json(admin, 'POST', `/api/v1/cases/${desk.id}/status`, { status });
      }
      clock.advance(5 * HOUR);
      s = await sla(desk.id);
      expect(target(s, 'resolution')).toMatchObject({ state: 'paused', usedMinutes: 0 });
      expect(s.state).toBe('paused');
      await json(admin, 'POST', `/api/v1/cases/${desk.id}/status`, { status: 'in_progress' });
      clock.advance(HOUR);
      s = await sla(desk.id);
      // The five hours waiting did not count; the hour since did.
      expect(target(s, 'resolution')).toMatchObject({ state: 'on_track', usedMinutes: 60 });
      await json(admin, 'POST', `/api/v1/cases/${desk.id}/status`, { status: 'resolved' });
      clock.advance(HOUR);
      s = await sla(desk.id);
      expect(target(s, 'resolution')).toMatchObject({ state: 'met', usedMinutes: 60 });
      clock.advance(-7 * HOUR);
    } finally {
      await json(admin, 'DELETE', '/api/v1/cases/sla-settings');
    }
  });

  it("follows the customer's relationship: an enmity gets the recovery policy", async () => {
    const customer = await createCustomerVia(admin);
    const c = await openCase(customer.id, { severity: 'high' });
    expect((await sla(c.id)).policy?.id).toBe('standard');
    await json(admin, 'PUT', `/api/v1/customers/${customer.id}/relationship/override`, {
      type: 'enmity',
      reason: 'Third complaint this month, furious on the phone',
    });
    const s = await sla(c.id);
    expect(s).toMatchObject({
      policy: { id: 'recovery' },
      facts: { relationshipType: 'enmity', severity: 'high' },
    });
    expect(target(s, 'first_response')?.targetMinutes).toBe(30);
  });

  it('answers 404 for an unknown case or one of another workspace', async () => {
    const customer = await createCustomerVia(admin);
    const c = await openCase(customer.id);
    const theirs = await other.request('GET', `/api/v1/cases/${c.id}/sla`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('CASE_NOT_FOUND');
  });
});
