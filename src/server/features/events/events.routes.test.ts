import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';

let t: TestApp;
let admin: Client;
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  const created = await admin.request('POST', '/api/v1/api-keys', {
    name: 'web SDK',
    role: 'agent',
    scopes: ['events'],
  });
  key = created.json().key;
});
afterAll(() => t.close());

let seq = 0;
const mid = () => `m-${Date.now().toString(36)}-${++seq}`;

const send = (path: string, body: unknown, auth: 'bearer' | 'basic' = 'bearer') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${path}`,
    headers: {
      authorization:
        auth === 'bearer' ? `Bearer ${key}` : `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function customerBy(query: string) {
  const res = await admin.request('GET', `/api/v1/customers?q=${encodeURIComponent(query)}`);
  return res.json().items as {
    id: string;
    fullName: string;
    primaryEmail: string | null;
    attributes: Record<string, unknown>;
  }[];
}

const timeline = async (customerId: string) =>
  (await admin.request('GET', `/api/v1/customers/${customerId}/timeline?kind=touchpoint`)).json().items as {
    type: string;
    channel: string;
    occurredAt: string;
    properties: Record<string, unknown>;
  }[];

describe('event ingestion', () => {
  it('identify creates a customer from traits; track with the same userId lands on its timeline', async () => {
    const user = `u-${mid()}`;
    const id = await send('identify', {
      messageId: mid(),
      userId: user,
      traits: { email: 'Grace.Hopper@Example.com', firstName: 'Grace', lastName: 'Hopper', plan: 'gold' },
      timestamp: '2026-11-01T10:00:00Z',
    });
    expect(id.statusCode).toBe(200);
    expect(id.json()).toMatchObject({ accepted: 1, duplicates: 0, customersCreated: 1 });
    const track = await send(
      'track',
      {
        messageId: mid(),
        userId: user,
        event: 'Spa Booked',
        properties: { treatment: 'hot stones' },
        timestamp: '2026-11-02T09:00:00Z',
      },
      'basic',
    );
    expect(track.json()).toMatchObject({ accepted: 1, customersCreated: 0 });
    const [c] = await customerBy('grace.hopper@example.com');
    expect(c).toMatchObject({ fullName: 'Grace Hopper', primaryEmail: 'grace.hopper@example.com' });
    expect(c!.attributes).toEqual({ plan: 'gold' });
    const [tp] = await timeline(c!.id);
    expect(tp).toMatchObject({ type: 'spa_booked', occurredAt: '2026-11-02T09:00:00.000Z' });
    expect(tp!.properties).toMatchObject({ treatment: 'hot stones', event: 'Spa Booked' });
  });

  it('stores a re-delivered message once, sequentially and concurrently', async () => {
    const event = { messageId: mid(), anonymousId: `anon-${mid()}`, event: 'Room Viewed' };
    const first = await send('track', event);
    const again = await send('track', event);
    expect(first.json().accepted).toBe(1);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const concurrent = { messageId: mid(), anonymousId: `anon-${mid()}`, event: 'Room Viewed' };
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => send('batch', { batch: [{ type: 'track', ...concurrent }] })),
    );
    expect(answers.reduce((n, a) => n + a.json().accepted, 0)).toBe(1);
    const rows = await t.database.pglite?.query<{ n: number }>(
      'select count(*)::int as n from touchpoints where message_id = $1',
      [concurrent.messageId],
    );
    if (rows) expect(rows.rows[0]!.n).toBe(1);
  });

  it('places a late event by when it happened, and an older trait never overwrites a newer one', async () => {
    const user = `u-${mid()}`;
    await send('identify', {
      messageId: mid(),
      userId: user,
      traits: { name: 'New Name', tier: 'gold' },
      timestamp: '2026-10-10T00:00:00Z',
    });
    await send('identify', {
      messageId: mid(),
      userId: user,
      traits: { name: 'Old Name', tier: 'silver', city: 'Leeds' },
      timestamp: '2026-01-01T00:00:00Z',
    });
    await send('batch', {
      batch: [
        {
          type: 'track',
          messageId: mid(),
          userId: user,
          event: 'Check In',
          timestamp: '2026-10-05T15:00:00Z',
        },
        {
          type: 'track',
          messageId: mid(),
          userId: user,
          event: 'Check Out',
          timestamp: '2026-10-07T11:00:00Z',
        },
      ],
    });
    await send('track', {
      messageId: mid(),
      userId: user,
      event: 'Booked',
      timestamp: '2026-09-01T12:00:00Z',
    });
    const [c] = await customerBy('new name');
    expect(c).toMatchObject({ fullName: 'New Name' });
    expect(c!.attributes).toEqual({ tier: 'gold', city: 'Leeds' });
    expect((await timeline(c!.id)).map((e) => e.type)).toEqual(['check_out', 'check_in', 'booked']);
  });

  it('corrects a device clock from sentAt and originalTimestamp', async () => {
    const anon = `anon-${mid()}`;
    // The device clock runs one hour fast: it says it sent at 11:00 what it recorded at 10:30.
    const now = Date.now();
    const sentAt = new Date(now + 3_600_000).toISOString();
    const originalTimestamp = new Date(now + 3_600_000 - 30 * 60_000).toISOString();
    await send('track', {
      messageId: mid(),
      anonymousId: anon,
      event: 'App Opened',
      sentAt,
      originalTimestamp,
    });
    const res = await admin.request('GET', `/api/v1/touchpoints?type=app_opened&limit=200`);
    const tp = (res.json().items as { occurredAt: string; channel: string }[])[0]!;
    const skew = Math.abs(Date.parse(tp.occurredAt) - (now - 30 * 60_000));
    expect(skew).toBeLessThan(60_000);
  });

  it('reports each bad event of a batch by index and stores the others', async () => {
    const big = 'x'.repeat(33 * 1024);
    const res = await send('batch', {
      batch: [
        { type: 'track', messageId: mid(), anonymousId: `a-${mid()}`, event: 'Fine' },
        { type: 'track', messageId: mid(), anonymousId: `a-${mid()}` },
        { type: 'identify', messageId: mid() },
        { type: 'alias', messageId: mid(), userId: 'x' },
        { type: 'track', messageId: mid(), anonymousId: `a-${mid()}`, event: 'Big', properties: { big } },
        { type: 'track', messageId: mid(), anonymousId: 'null', event: 'Placeholder' },
        { type: 'page', messageId: mid(), anonymousId: `a-${mid()}`, name: 'Rooms' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4, 5]);
    const byIndex = (i: number) => body.rejected.find((r: { index: number }) => r.index === i);
    expect(byIndex(1).errors[0].path).toBe('event');
    expect(byIndex(2).errors[0]).toMatchObject({
      path: 'userId',
      message: 'userId or anonymousId is required',
    });
    expect(byIndex(4).errors[0].message).toMatch(/32 KB/);
    expect(byIndex(5).errors[0].message).toMatch(/blocked value/);
  });

  it('answers 400 with a clear problem over the limits, and for an invalid single event', async () => {
    const tooMany = await send('batch', {
      batch: Array.from({ length: 501 }, () => ({ type: 'track', anonymousId: 'a-1', event: 'e' })),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(errorPaths(tooMany.json())).toEqual(['body.batch']);
    const tooBig = await send('batch', {
      batch: [{ type: 'track', anonymousId: 'a', event: 'e', properties: { x: 'y'.repeat(501 * 1024) } }],
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.headers['content-type']).toMatch(/problem\+json/);
    expect(tooBig.json().detail).toMatch(/500 KB/);
    const oneTooBig = await send('track', {
      anonymousId: 'a',
      event: 'e',
      properties: { x: 'y'.repeat(33 * 1024) },
    });
    expect(oneTooBig.statusCode).toBe(400);
    expect(oneTooBig.json().detail).toMatch(/32 KB/);
    const noEvent = await send('track', { anonymousId: 'a-2' });
    expect(noEvent.statusCode).toBe(400);
    expect(errorPaths(noEvent.json())).toEqual(['body.event']);
  });

  it('refuses a key without the events scope and requests without a key', async () => {
    const readKey = (
      await admin.request('POST', '/api/v1/api-keys', { name: 'reader', scopes: ['read'] })
    ).json().key;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/track',
      headers: { authorization: `Bearer ${readKey}` },
      payload: { anonymousId: 'a', event: 'e' },
    });
    expect(res.statusCode).toBe(403);
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/track',
      payload: { anonymousId: 'a', event: 'e' },
    });
    expect(none.statusCode).toBe(401);
  });

  it('merges two customers an event links, and the merge can be undone', async () => {
    const anon = `anon-${mid()}`;
    await send('track', {
      messageId: mid(),
      anonymousId: anon,
      event: 'Rooms Browsed',
      timestamp: '2026-11-01T08:00:00Z',
    });
    const known = (
      await admin.request('POST', '/api/v1/customers', {
        fullName: 'Ada Lovelace',
        emails: [{ value: 'ada@example.org' }],
      })
    ).json();
    const linked = await send('identify', {
      messageId: mid(),
      anonymousId: anon,
      traits: { email: 'ada@example.org' },
    });
    expect(linked.json()).toMatchObject({ accepted: 1, merges: 1 });
    // The anonymous visitor was created first, so it survives and takes the staff-entered profile's history.
    const merges = (await admin.request('GET', `/api/v1/identity/merges?customerId=${known.id}`)).json()
      .items;
    expect(merges).toHaveLength(1);
    const m = merges[0];
    expect(m.trigger).toBe('event');
    expect(m.mergedId === known.id || m.survivorId === known.id).toBe(true);
    const survivor = (await admin.request('GET', `/api/v1/customers/${m.survivorId}`)).json();
    expect(survivor.fullName).toBe('Ada Lovelace');
    expect((await timeline(m.survivorId)).map((e) => e.type)).toContain('rooms_browsed');
    const undo = await admin.request('POST', `/api/v1/identity/merges/${m.id}/undo`, {});
    expect(undo.statusCode).toBe(200);
    expect((await admin.request('GET', `/api/v1/customers/${m.mergedId}`)).json().deletedAt).toBeNull();
    // Undone with "never merge again": the next event naming both does not merge them.
    const again = await send('identify', {
      messageId: mid(),
      anonymousId: anon,
      traits: { email: 'ada@example.org' },
    });
    expect(again.json()).toMatchObject({ accepted: 1, merges: 0 });
  });

  it('rejects, by its index, an event whose only id is owned by someone and not used for matching', async () => {
    const anon = `anon-${mid()}`;
    await send('track', { messageId: mid(), anonymousId: anon, event: 'First Visit' });
    const rules = (await admin.request('GET', '/api/v1/identity/settings')).json();
    const kinds = rules.kinds.map((k: { kind: string }) =>
      k.kind === 'anonymous' ? { ...k, match: false } : k,
    );
    expect((await admin.request('PATCH', '/api/v1/identity/settings', { kinds })).statusCode).toBe(200);
    try {
      const res = await send('batch', {
        batch: [
          { type: 'track', messageId: mid(), userId: `u-${mid()}`, event: 'Fine' },
          { type: 'track', anonymousId: anon, event: 'Second Visit' },
        ],
      });
      expect(res.json()).toMatchObject({ accepted: 1 });
      expect(res.json().rejected).toEqual([
        {
          index: 1,
          messageId: expect.stringMatching(/^sha256:/),
          errors: [
            { path: 'userId', message: 'names nobody: each of its ids is blocked or not used for matching' },
          ],
        },
      ]);
    } finally {
      await admin.request('PATCH', '/api/v1/identity/settings', { kinds: rules.kinds });
    }
  });
});
