import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import type { Role } from '../../../shared/contracts/common.js';
import type { SavedViewCreate } from '../../../shared/contracts/saved-views.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock('2025-06-18T12:00:00Z');
let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const view = (name: string, state: Partial<SavedViewCreate['state']> = {}): SavedViewCreate => ({
  name,
  state: { columns: ['fullName', 'lastActivityAt'], ...state },
});
async function create(c: Client, body: SavedViewCreate) {
  clock.advance(1000);
  const res = await c.request('POST', '/api/v1/saved-views', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const names = async (c: Client, query = '') =>
  (await c.request('GET', `/api/v1/saved-views${query}`)).json().items.map((v: { name: string }) => v.name);

describe('saved views', () => {
  it('creates, lists by name, edits and deletes a view, auditing each write', async () => {
    const me = await admin.as('agent');
    const lapsed = await create(
      me,
      view('  Lapsed VIPs ', { tag: 'vip', lastActivityTo: '2025-03-01T00:00:00Z' }),
    );
    expect(lapsed).toMatchObject({
      resource: 'customers',
      name: 'Lapsed VIPs',
      state: {
        tag: 'vip',
        lastActivityTo: '2025-03-01T00:00:00Z',
        sort: 'createdAt',
        order: 'desc',
        columns: ['fullName', 'lastActivityAt'],
      },
      createdAt: '2025-06-18T12:00:01.000Z',
      updatedAt: '2025-06-18T12:00:01.000Z',
    });
    await create(me, view('Active', { lastActivityFrom: '2025-05-01T00:00:00Z' }));
    expect(await names(me)).toEqual(['Active', 'Lapsed VIPs']);
    expect(await names(me, '?resource=customers')).toEqual(['Active', 'Lapsed VIPs']);

    clock.advance(1000);
    const edited = await me.request('PATCH', `/api/v1/saved-views/${lapsed.id}`, {
      name: 'Zzz lapsed',
      state: { sort: 'fullName', order: 'asc', columns: ['fullName'] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: 'Zzz lapsed',
      state: { sort: 'fullName', order: 'asc', columns: ['fullName'] },
      createdAt: lapsed.createdAt,
      updatedAt: '2025-06-18T12:00:03.000Z',
    });
    expect(edited.json().state.tag).toBeUndefined();
    const renamed = await me.request('PATCH', `/api/v1/saved-views/${lapsed.id}`, { name: 'Lapsed' });
    expect(renamed.json().state.columns).toEqual(['fullName']);
    expect(await names(me)).toEqual(['Active', 'Lapsed']);

    const removed = await me.request('DELETE', `/api/v1/saved-views/${lapsed.id}`);
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(await names(me)).toEqual(['Active']);
    const late = await me.request('PATCH', `/api/v1/saved-views/${lapsed.id}`, { name: 'Back' });
    expect(late.statusCode).toBe(404);
    expect(late.json().code).toBe('SAVED_VIEW_NOT_FOUND');
    expect((await me.request('DELETE', `/api/v1/saved-views/${lapsed.id}`)).statusCode).toBe(404);

    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=saved_view&entityId=${lapsed.id}`)
    ).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'saved_view.delete',
      'saved_view.update',
      'saved_view.update',
      'saved_view.create',
    ]);
    expect(audit[2].before.name).toBe('Lapsed VIPs');
    expect(audit[2].after.name).toBe('Zzz lapsed');
    expect(audit[0].before.name).toBe('Lapsed');
  });

  it('keeps each user’s views to that user', async () => {
    const mine = await admin.as('manager');
    const yours = await admin.as('manager');
    const secret = await create(mine, view('Mine only', { q: 'secret search' }));
    expect(await names(yours)).toEqual([]);
    for (const [method, body] of [
      ['PATCH', { name: 'Taken over' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await yours.request(method, `/api/v1/saved-views/${secret.id}`, body);
      expect(res.statusCode, method).toBe(404);
      expect(res.json().code).toBe('SAVED_VIEW_NOT_FOUND');
      expect(res.body).not.toContain('secret search');
    }
    // the same name is free for someone else
    await create(yours, view('Mine only'));
    expect(await names(mine)).toEqual(['Mine only']);
    const kept = (await mine.request('GET', '/api/v1/saved-views')).json().items[0];
    expect(kept).toMatchObject({ id: secret.id, state: { q: 'secret search' } });
  });

  it('answers 409 naming body.name for a name the user already has', async () => {
    const me = await admin.as('marketer');
    await create(me, view('Dup'));
    const other = await create(me, view('Other'));
    const again = await me.request('POST', '/api/v1/saved-views', view('Dup'));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect(errorPaths(again.json())).toEqual(['body.name']);
    const rename = await me.request('PATCH', `/api/v1/saved-views/${other.id}`, { name: 'Dup' });
    expect(rename.statusCode).toBe(409);
    expect(errorPaths(rename.json())).toEqual(['body.name']);
    // keeping its own name is no conflict
    expect((await me.request('PATCH', `/api/v1/saved-views/${other.id}`, { name: 'Other' })).statusCode).toBe(
      200,
    );
  });

  it('answers 400 naming each bad field', async () => {
    const res = await admin.request('POST', '/api/v1/saved-views', {
      resource: 'orders',
      name: '  ',
      state: { columns: ['fullName', 'shoeSize'], sort: 'age', lastActivityFrom: 'last week' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(res.json())).toEqual([
      'body.name',
      'body.resource',
      'body.state.columns.1',
      'body.state.lastActivityFrom',
      'body.state.sort',
    ]);
    expect(
      errorPaths((await admin.request('POST', '/api/v1/saved-views', view('x', { columns: [] }))).json()),
    ).toEqual(['body.state.columns']);
    const list = await admin.request('GET', '/api/v1/saved-views?resource=orders');
    expect(errorPaths(list.json())).toEqual(['querystring.resource']);
    const badId = await admin.request('PATCH', '/api/v1/saved-views/nope', { name: 'x' });
    expect(errorPaths(badId.json())).toEqual(['params.id']);
  });

  it('pages through many views by name', async () => {
    const me = await admin.as('analyst');
    const made = ['d', 'b', 'e', 'a', 'c'];
    for (const n of made) await create(me, view(`View ${n}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (
        await me.request('GET', `/api/v1/saved-views?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((v) => v.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['View a', 'View b', 'View c', 'View d', 'View e']);
  });

  it('refuses API keys, which have no user to keep views for', async () => {
    const created = await admin.request('POST', '/api/v1/api-keys', {
      name: 'integration',
      role: 'admin',
      scopes: ['read', 'write'],
    });
    expect(created.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${created.json().key}` };
    for (const [method, payload] of [
      ['GET', undefined],
      ['POST', view('By a key')],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: '/api/v1/saved-views',
        headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, method).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect(res.json().detail).toBe('Saved views belong to a signed-in user; an API key cannot keep them');
    }
  });
});
