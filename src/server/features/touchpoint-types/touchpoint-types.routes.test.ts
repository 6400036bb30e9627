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
import type { TouchpointType } from '../../../shared/contracts/touchpoint-types.js';
import { systemActor } from '../../lib/actor.js';
import { DEFAULT_TOUCHPOINT_TYPES } from './touchpoint-types.defaults.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Admin = Client & { as(role: Role): Promise<Client> };

const types = async (c: Client, query = ''): Promise<TouchpointType[]> => {
  const res = await c.request('GET', `/api/v1/touchpoint-types${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().items;
};

const typeByKey = async (c: Client, key: string) => {
  const found = (await types(c, '?includeArchived=true')).find((x) => x.key === key);
  if (!found) throw new Error(`no type ${key}`);
  return found;
};

describe('touch-point catalogue', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await createWorkspaceClient(t);
  });

  it('gives a new workspace the default types on its first read, in order, once', async () => {
    const fresh = await createWorkspaceClient(t);
    // Two first reads at once must not write the defaults twice.
    const [a, b] = await Promise.all([types(fresh), types(fresh)]);
    expect(a.map((x) => x.key)).toEqual(DEFAULT_TOUCHPOINT_TYPES.map((d) => d.key));
    expect(b.map((x) => x.key)).toEqual(a.map((x) => x.key));
    const call = a.find((x) => x.key === 'call');
    expect(call).toMatchObject({ label: 'Call', defaultChannel: 'phone', capturesSatisfaction: true });
    expect(a.find((x) => x.key === 'web_visit')?.capturesSatisfaction).toBe(false);
  });

  it('writes the defaults again when the first read was in a transaction that rolled back', async () => {
    const fresh = await createWorkspaceClient(t);
    const actor = systemActor(fresh.workspaceId);
    await expect(
      t.database.tx(async () => {
        expect(await t.services.touchpointTypes.listTypes(actor)).toHaveLength(
          DEFAULT_TOUCHPOINT_TYPES.length,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await types(fresh)).map((x) => x.key)).toEqual(DEFAULT_TOUCHPOINT_TYPES.map((d) => d.key));
  });

  it('adds a type after the last, refuses a taken or malformed key with the field named', async () => {
    const created = await admin.request('POST', '/api/v1/touchpoint-types', {
      key: 'room_service',
      label: 'Room service',
      defaultChannel: 'restaurant',
      capturesSatisfaction: true,
    });
    expect(created.statusCode).toBe(201);
    const list = await types(admin);
    expect(list.at(-1)).toMatchObject({ key: 'room_service', label: 'Room service', archivedAt: null });
    expect(list.at(-1)!.position).toBeGreaterThan(list.at(-2)!.position);

    const taken = await admin.request('POST', '/api/v1/touchpoint-types', {
      key: 'room_service',
      label: 'Again',
    });
    expect(taken.statusCode).toBe(409);
    expect(errorPaths(taken.json())).toEqual(['body.key']);

    for (const [body, path] of [
      [{ key: 'Check In', label: 'x' }, 'body.key'],
      [{ key: 'check-in', label: 'x' }, 'body.key'],
      [{ key: 'ok_key', label: '' }, 'body.label'],
      [{ key: 'ok_key', label: 'x', defaultChannel: 'fax' }, 'body.defaultChannel'],
    ] as const) {
      const res = await admin.request('POST', '/api/v1/touchpoint-types', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(errorPaths(res.json())).toContain(path);
    }
  });

  it('renames, toggles satisfaction, archives and restores a type, each audited', async () => {
    const email = await typeByKey(admin, 'email');
    const renamed = await admin.request('PATCH', `/api/v1/touchpoint-types/${email.id}`, {
      label: 'E-mail from the guest',
      capturesSatisfaction: true,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ label: 'E-mail from the guest', capturesSatisfaction: true });

    const archived = await admin.request('PATCH', `/api/v1/touchpoint-types/${email.id}`, { archived: true });
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await types(admin)).map((x) => x.key)).not.toContain('email');
    const all = await types(admin, '?includeArchived=true');
    expect(all.at(-1)?.key).toBe('email');

    const restored = await admin.request('PATCH', `/api/v1/touchpoint-types/${email.id}`, {
      archived: false,
    });
    expect(restored.json().archivedAt).toBeNull();
    expect((await types(admin)).map((x) => x.key)).toContain('email');

    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=touchpoint_type&entityId=${email.id}`)
    ).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'touchpoint_type.update',
      'touchpoint_type.update',
      'touchpoint_type.update',
    ]);
    const missing = await admin.request(
      'PATCH',
      '/api/v1/touchpoint-types/01938e77-0000-7000-8000-000000000000',
      {
        label: 'x',
      },
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TOUCHPOINT_TYPE_NOT_FOUND');
  });

  it('reorders the live types and refuses a list that leaves one out', async () => {
    const live = await types(admin);
    const reversed = [...live].reverse().map((x) => x.id);
    const res = await admin.request('PUT', '/api/v1/touchpoint-types/order', { ids: reversed });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((x: TouchpointType) => x.id)).toEqual(reversed);
    expect((await types(admin)).map((x) => x.id)).toEqual(reversed);

    const short = await admin.request('PUT', '/api/v1/touchpoint-types/order', { ids: reversed.slice(1) });
    expect(short.statusCode).toBe(400);
    expect(errorPaths(short.json())).toEqual(['body.ids']);
    const twice = await admin.request('PUT', '/api/v1/touchpoint-types/order', {
      ids: [reversed[0], ...reversed.slice(0, -1)],
    });
    expect(twice.statusCode).toBe(400);
    expect(errorPaths(twice.json())).toEqual(['body.ids']);
  });

  it('lets an admin disable a channel and label it; the built-in label typed back clears it', async () => {
    const res = await admin.request('PATCH', '/api/v1/touchpoint-channels/front_desk', {
      label: 'Reception',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      channel: 'front_desk',
      enabled: true,
      label: 'Reception',
      customLabel: 'Reception',
    });
    await admin.request('PATCH', '/api/v1/touchpoint-channels/post', { enabled: false });

    const catalogue = (await admin.request('GET', '/api/v1/touchpoint-catalogue')).json();
    const byChannel = Object.fromEntries(catalogue.channels.map((c: { channel: string }) => [c.channel, c]));
    expect(byChannel.front_desk).toMatchObject({ label: 'Reception', enabled: true });
    expect(byChannel.post).toMatchObject({ label: 'Post', enabled: false });
    expect(byChannel.web).toMatchObject({ label: 'Web', enabled: true, customLabel: null });
    expect(catalogue.channels).toHaveLength(13);

    const back = await admin.request('PATCH', '/api/v1/touchpoint-channels/front_desk', {
      label: 'Front desk',
    });
    expect(back.json()).toMatchObject({ label: 'Front desk', customLabel: null, enabled: true });
    const bad = await admin.request('PATCH', '/api/v1/touchpoint-channels/fax', { enabled: false });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['params.channel']);
  });

  it('lets every role read the catalogue and only admins change it', async () => {
    const manager = await admin.as('manager');
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/touchpoint-catalogue')).statusCode).toBe(200);
    const call = await typeByKey(admin, 'call');
    for (const [method, url, body] of [
      ['POST', '/api/v1/touchpoint-types', { key: 'spa_visit', label: 'Spa' }],
      ['PATCH', `/api/v1/touchpoint-types/${call.id}`, { label: 'Phone call' }],
      ['PUT', '/api/v1/touchpoint-types/order', { ids: [call.id] }],
      ['PATCH', '/api/v1/touchpoint-channels/web', { enabled: false }],
    ] as const) {
      const res = await manager.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await typeByKey(admin, 'call')).label).toBe('Call');
  });

  it('keeps each workspace to its own catalogue', async () => {
    const other = await createWorkspaceClient(t);
    const mine = await typeByKey(admin, 'room_service');
    expect((await types(other)).map((x) => x.key)).not.toContain('room_service');
    const res = await other.request('PATCH', `/api/v1/touchpoint-types/${mine.id}`, { label: 'Stolen' });
    expect(res.statusCode).toBe(404);
    expect((await typeByKey(admin, 'room_service')).label).toBe('Room service');
  });
});

describe('touch points and the catalogue', () => {
  let admin: Admin;
  let customerId: string;
  beforeAll(async () => {
    admin = await createWorkspaceClient(t);
    customerId = (await createCustomerVia(admin)).id;
    await admin.request('POST', '/api/v1/touchpoint-types', {
      key: 'check_out',
      label: 'Check-out',
      defaultChannel: 'front_desk',
      capturesSatisfaction: false,
    });
  });

  const post = (body: Record<string, unknown>) =>
    admin.request('POST', '/api/v1/touchpoints', {
      customerId,
      channel: 'front_desk',
      occurredAt: '2026-03-01T10:00:00.000Z',
      ...body,
    });

  it('takes a satisfaction on a capturing type and on a type the catalogue does not know', async () => {
    expect((await post({ type: 'call', channel: 'phone', satisfaction: 5 })).statusCode).toBe(201);
    const raw = await post({ type: 'valet_parking', satisfaction: 4 });
    expect(raw.statusCode).toBe(201);
    expect(raw.json()).toMatchObject({ type: 'valet_parking', satisfaction: 4 });
  });

  it('refuses a satisfaction on a type the catalogue does not rate, naming the field', async () => {
    const res = await post({ type: 'check_out', satisfaction: 3 });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res.json())).toEqual(['body.satisfaction']);
    expect(res.json().errors[0].message).toContain('Check-out');
    expect((await post({ type: 'check_out' })).statusCode).toBe(201);
  });

  it('checks the type a touch point ends up with when it is edited', async () => {
    const rated = (await post({ type: 'call', channel: 'phone', satisfaction: 2 })).json();
    const moved = await admin.request('PATCH', `/api/v1/touchpoints/${rated.id}`, { type: 'check_out' });
    expect(moved.statusCode).toBe(400);
    expect(errorPaths(moved.json())).toEqual(['body.type']);
    const cleared = await admin.request('PATCH', `/api/v1/touchpoints/${rated.id}`, {
      type: 'check_out',
      satisfaction: null,
    });
    expect(cleared.statusCode).toBe(200);
    const rate = await admin.request('PATCH', `/api/v1/touchpoints/${rated.id}`, { satisfaction: 4 });
    expect(rate.statusCode).toBe(400);
    expect(errorPaths(rate.json())).toEqual(['body.satisfaction']);
    // An edit that touches neither type nor satisfaction is not held to a later catalogue change.
    const rated2 = (await post({ type: 'visit', channel: 'store', satisfaction: 5 })).json();
    const visit = await typeByKey(admin, 'visit');
    await admin.request('PATCH', `/api/v1/touchpoint-types/${visit.id}`, { capturesSatisfaction: false });
    const notes = await admin.request('PATCH', `/api/v1/touchpoints/${rated2.id}`, { properties: { x: 1 } });
    expect(notes.statusCode).toBe(200);
  });

  it("labels the timeline with the workspace's type and channel labels and filters it by type", async () => {
    const c = (await createCustomerVia(admin)).id;
    const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00.000Z`;
    for (const [type, channel, h] of [
      ['check_out', 'front_desk', 9],
      ['page_view', 'web', 10],
      ['call', 'phone', 11],
    ] as const) {
      const res = await admin.request('POST', '/api/v1/touchpoints', {
        customerId: c,
        type,
        channel,
        occurredAt: at(h),
      });
      expect(res.statusCode).toBe(201);
    }
    await admin.request('PATCH', '/api/v1/touchpoint-channels/front_desk', { label: 'Reception' });
    const call = await typeByKey(admin, 'call');
    await admin.request('PATCH', `/api/v1/touchpoint-types/${call.id}`, {
      label: 'Phone call',
      archived: true,
    });

    const timeline = (await admin.request('GET', `/api/v1/customers/${c}/timeline`)).json();
    expect(
      timeline.items.map((e: { type: string; typeLabel: string; channelLabel: string; summary: string }) => [
        e.type,
        e.typeLabel,
        e.channelLabel,
        e.summary,
      ]),
    ).toEqual([
      // Archived types still name their touch points; unknown ones read as words.
      ['call', 'Phone call', 'Phone', 'Phone · Phone call'],
      ['page_view', 'Page view', 'Web', 'Web · Page view'],
      ['check_out', 'Check-out', 'Reception', 'Reception · Check-out'],
    ]);

    await admin.request('POST', `/api/v1/customers/${c}/notes`, { body: 'Asked for a late check-out' });
    const filtered = (await admin.request('GET', `/api/v1/customers/${c}/timeline?type=check_out`)).json();
    expect(filtered.items.map((e: { type: string }) => e.type)).toEqual(['check_out']);
  });
});
