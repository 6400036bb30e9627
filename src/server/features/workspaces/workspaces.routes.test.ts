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

const clock = fixedClock('2025-06-18T12:00:00Z');
let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

describe('workspace settings', () => {
  it('shows every signed-in role its own workspace', async () => {
    const agent = await admin.as('agent');
    const res = await agent.request('GET', '/api/v1/workspace');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: admin.workspaceId,
      locale: 'en-GB',
      timeZone: 'Europe/London',
      currency: 'EUR',
    });
    expect(Object.keys(res.json()).sort()).toEqual(
      ['createdAt', 'currency', 'id', 'locale', 'name', 'slug', 'timeZone', 'updatedAt'].sort(),
    );
    const other = await createWorkspaceClient(t);
    expect((await other.request('GET', '/api/v1/workspace')).json().id).toBe(other.workspaceId);
  });

  it('lets an admin change it, audited with before and after', async () => {
    const ws = await createWorkspaceClient(t);
    const before = (await ws.request('GET', '/api/v1/workspace')).json();
    clock.advance(60_000);
    const res = await ws.request('PATCH', '/api/v1/workspace', {
      name: '  Hotel Zur Post  ',
      timeZone: 'Europe/Berlin',
      currency: 'CHF',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Hotel Zur Post',
      locale: 'en-GB',
      timeZone: 'Europe/Berlin',
      currency: 'CHF',
      updatedAt: '2025-06-18T12:01:00.000Z',
      createdAt: before.createdAt,
    });
    expect((await ws.request('GET', '/api/v1/workspace')).json().currency).toBe('CHF');
    const audit = (
      await ws.request('GET', `/api/v1/audit?entityType=workspace&entityId=${ws.workspaceId}`)
    ).json().items;
    expect(audit[0]).toMatchObject({
      action: 'workspace.update',
      before: { name: before.name, timeZone: 'Europe/London', currency: 'EUR' },
      after: { name: 'Hotel Zur Post', timeZone: 'Europe/Berlin', currency: 'CHF' },
    });
  });

  it('reads phone numbers with the new locale’s country at once', async () => {
    const ws = await createWorkspaceClient(t);
    const gb = await createCustomerVia(ws, { phones: [{ value: '07911 123456' }] });
    expect(gb.primaryPhone).toBe('+447911123456');
    const res = await ws.request('PATCH', '/api/v1/workspace', { locale: 'de-DE' });
    expect(res.json().locale).toBe('de-DE');
    const de = await createCustomerVia(ws, { phones: [{ value: '030 1234567' }] });
    expect(de.primaryPhone).toBe('+49301234567');
  });

  it('refuses everyone but admins', async () => {
    for (const role of ['manager', 'analyst', 'agent', 'marketer'] as const) {
      const c = await admin.as(role);
      const res = await c.request('PATCH', '/api/v1/workspace', { name: 'Mine now' });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect((await admin.request('GET', '/api/v1/workspace')).json().name).not.toBe('Mine now');
  });

  it('answers 400 naming each bad field', async () => {
    const res = await admin.request('PATCH', '/api/v1/workspace', {
      name: ' ',
      locale: 'not a locale!',
      timeZone: 'Mars/Olympus_Mons',
      currency: 'eur',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(res.json())).toEqual(['body.currency', 'body.locale', 'body.name', 'body.timeZone']);
  });
});
