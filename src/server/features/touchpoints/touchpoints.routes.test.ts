import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import type { Role } from '../../../shared/contracts/common.js';
import type { OrderCreate } from '../../../shared/contracts/orders.js';
import type { TouchpointCreate } from '../../../shared/contracts/touchpoints.js';

let t: TestApp;
let admin: Client & { as(role: Role): Promise<Client> };
let customerId: string;

const newCustomer = async (c: Client): Promise<string> => (await createCustomerVia(c)).id;

/** A valid touch point body for `customer`; override any field. */
const buildTouchpoint = (customer: string, overrides: Partial<TouchpointCreate> = {}): TouchpointCreate => ({
  customerId: customer,
  channel: 'front_desk',
  type: 'check_in',
  occurredAt: '2024-06-03T14:00:00.000Z',
  properties: { room: '412' },
  ...overrides,
});

const buildOrder = (customer: string, overrides: Partial<OrderCreate> = {}): OrderCreate => ({
  customerId: customer,
  channel: 'store',
  occurredAt: '2024-06-02T10:00:00.000Z',
  currency: 'EUR',
  lines: [{ description: 'Coffee', quantity: 1, unitPriceMinor: 300 }],
  ...overrides,
});

interface Entry {
  id: string;
  kind: string;
  channel: string | null;
  type: string;
  typeLabel: string;
  channelLabel: string | null;
  occurredAt: string;
  summary: string;
  satisfaction: number | null;
  properties: Record<string, unknown>;
}

/** Every timeline entry of a customer, page by page. */
async function walkTimeline(c: Client, customer: string, limit: number, query = ''): Promise<Entry[]> {
  const seen: Entry[] = [];
  let cursor: string | null = null;
  do {
    const url = `/api/v1/customers/${customer}/timeline?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await c.request('GET', url);
    expect(res.statusCode, url).toBe(200);
    const page = res.json();
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createWorkspaceClient(t);
  customerId = await newCustomer(admin);
});
afterAll(() => t.close());

describe('touchpoints routes', () => {
  it('records a touch point with the server clock as receivedAt and reads it back', async () => {
    const before = Date.now();
    const res = await admin.request('POST', '/api/v1/touchpoints', {
      ...buildTouchpoint(customerId, { source: 'pms', satisfaction: 4, staffUserId: admin.userId }),
      receivedAt: '2000-01-01T00:00:00.000Z',
    });
    const after = Date.now();
    expect(res.statusCode).toBe(201);
    const tp = res.json();
    expect(tp).toMatchObject({
      customerId,
      channel: 'front_desk',
      type: 'check_in',
      occurredAt: '2024-06-03T14:00:00.000Z',
      properties: { room: '412' },
      source: 'pms',
      satisfaction: 4,
      staffUserId: admin.userId,
      messageId: null,
    });
    expect(Date.parse(tp.receivedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(tp.receivedAt)).toBeLessThanOrEqual(after);
    expect((await admin.request('GET', `/api/v1/touchpoints/${tp.id}`)).json()).toEqual(tp);
  });

  it('answers 400 naming each offending field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ satisfaction: 6 }, 'body.satisfaction'],
      [{ satisfaction: 0 }, 'body.satisfaction'],
      [{ satisfaction: 2.5 }, 'body.satisfaction'],
      [{ channel: 'fax' }, 'body.channel'],
      [{ occurredAt: 'yesterday' }, 'body.occurredAt'],
      [{ type: '' }, 'body.type'],
      [{ properties: ['not', 'an', 'object'] }, 'body.properties'],
      [{ staffUserId: 'bob' }, 'body.staffUserId'],
    ];
    for (const [overrides, path] of cases) {
      const res = await admin.request('POST', '/api/v1/touchpoints', {
        ...buildTouchpoint(customerId),
        ...overrides,
      });
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
    }
  });

  it('is idempotent on messageId: a repeat answers 200 with the first and stores nothing', async () => {
    const c = await newCustomer(admin);
    const body = buildTouchpoint(c, { messageId: 'evt-0001', channel: 'web', type: 'page_view' });
    const first = await admin.request('POST', '/api/v1/touchpoints', body);
    expect(first.statusCode).toBe(201);
    const again = await admin.request('POST', '/api/v1/touchpoints', { ...body, type: 'changed_on_retry' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const list = (await admin.request('GET', `/api/v1/touchpoints?customerId=${c}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([first.json().id]);
    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=touchpoint&entityId=${first.json().id}`)
    ).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(['touchpoint.create']);
  });

  it('stores exactly one row when deliveries of one message race', async () => {
    const c = await newCustomer(admin);
    const body = buildTouchpoint(c, { messageId: 'evt-race-1', channel: 'app', type: 'open' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => admin.request('POST', '/api/v1/touchpoints', body)),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const list = (await admin.request('GET', `/api/v1/touchpoints?customerId=${c}`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('refuses a message id reused for another customer; ids are per workspace', async () => {
    const c1 = await newCustomer(admin);
    const c2 = await newCustomer(admin);
    await admin.request('POST', '/api/v1/touchpoints', buildTouchpoint(c1, { messageId: 'evt-shared' }));
    const clash = await admin.request(
      'POST',
      '/api/v1/touchpoints',
      buildTouchpoint(c2, { messageId: 'evt-shared' }),
    );
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('MESSAGE_ID_TAKEN');
    expect(clash.json().errors[0].path).toBe('body.messageId');

    const other = await createWorkspaceClient(t);
    const elsewhere = await other.request(
      'POST',
      '/api/v1/touchpoints',
      buildTouchpoint(await newCustomer(other), { messageId: 'evt-shared' }),
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it('updates and soft-deletes, auditing each write', async () => {
    const tp = (await admin.request('POST', '/api/v1/touchpoints', buildTouchpoint(customerId))).json();
    const res = await admin.request('PATCH', `/api/v1/touchpoints/${tp.id}`, {
      type: 'check_out',
      satisfaction: 2,
      properties: { room: '412', late: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'check_out', satisfaction: 2, properties: { late: true } });
    const cleared = await admin.request('PATCH', `/api/v1/touchpoints/${tp.id}`, { satisfaction: null });
    expect(cleared.json().satisfaction).toBeNull();
    expect((await admin.request('DELETE', `/api/v1/touchpoints/${tp.id}`)).json().deletedAt).not.toBeNull();
    const list = (await admin.request('GET', `/api/v1/touchpoints?customerId=${customerId}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(tp.id);
    expect((await admin.request('PATCH', `/api/v1/touchpoints/${tp.id}`, { type: 'x' })).statusCode).toBe(
      404,
    );
    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=touchpoint&entityId=${tp.id}`)
    ).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'touchpoint.delete',
      'touchpoint.update',
      'touchpoint.update',
      'touchpoint.create',
    ]);
    expect(audit.items[2].before.type).toBe('check_in');
    expect(audit.items[2].after.type).toBe('check_out');
  });

  it('filters and sorts lists on the allow-list', async () => {
    const ws = await createWorkspaceClient(t);
    const c = await newCustomer(ws);
    const days = ['05', '01', '03'];
    for (const [i, day] of days.entries()) {
      await ws.request(
        'POST',
        '/api/v1/touchpoints',
        buildTouchpoint(c, {
          occurredAt: `2024-07-${day}T08:00:00Z`,
          channel: i ? 'web' : 'phone',
          type: `t${i}`,
        }),
      );
    }
    const types = async (q: string) =>
      (await ws.request('GET', `/api/v1/touchpoints?${q}`)).json().items.map((i: { type: string }) => i.type);
    expect(await types('sort=occurredAt&order=asc')).toEqual(['t1', 't2', 't0']);
    expect(await types('sort=receivedAt&order=asc')).toEqual(['t0', 't1', 't2']);
    expect(await types('channel=web')).toEqual(['t2', 't1']);
    expect(await types('type=t0')).toEqual(['t0']);
    expect(await types('occurredFrom=2024-07-02T00:00:00Z&occurredTo=2024-07-04T00:00:00Z')).toEqual(['t2']);
    expect((await ws.request('GET', '/api/v1/touchpoints?sort=type')).statusCode).toBe(400);
  });

  it('answers 404 for another workspace’s ids, with none of that record in the body', async () => {
    const other = await createWorkspaceClient(t);
    const theirCustomer = await newCustomer(other);
    const theirs = (
      await other.request(
        'POST',
        '/api/v1/touchpoints',
        buildTouchpoint(theirCustomer, {
          type: 'their_secret_type',
          properties: { note: 'their private note' },
        }),
      )
    ).json();
    const leaks = (body: string) =>
      ['their_secret_type', 'their private note', theirCustomer].filter((s) => body.includes(s));
    for (const [method, url, body] of [
      ['GET', `/api/v1/touchpoints/${theirs.id}`, undefined],
      ['PATCH', `/api/v1/touchpoints/${theirs.id}`, { type: 'mine_now' }],
      ['DELETE', `/api/v1/touchpoints/${theirs.id}`, undefined],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('TOUCHPOINT_NOT_FOUND');
      expect(leaks(res.body)).toEqual([]);
    }
    const timeline = await admin.request('GET', `/api/v1/customers/${theirCustomer}/timeline`);
    expect(timeline.statusCode).toBe(404);
    expect(timeline.json().code).toBe('CUSTOMER_NOT_FOUND');
    // (the customer id is in the URL the caller sent, so only the record's data counts here)
    expect(leaks(timeline.body).filter((s) => s !== theirCustomer)).toEqual([]);
    const forTheirs = await admin.request('POST', '/api/v1/touchpoints', buildTouchpoint(theirCustomer));
    expect(forTheirs.statusCode).toBe(404);
    expect(forTheirs.json().errors[0].path).toBe('body.customerId');
    const theirStaff = await admin.request(
      'POST',
      '/api/v1/touchpoints',
      buildTouchpoint(customerId, { staffUserId: other.userId }),
    );
    expect(theirStaff.statusCode).toBe(404);
    expect(theirStaff.json().errors[0].path).toBe('body.staffUserId');
    expect((await other.request('GET', `/api/v1/touchpoints/${theirs.id}`)).json().type).toBe(
      'their_secret_type',
    );
  });

  it('lets analysts read but not write', async () => {
    const tp = (await admin.request('POST', '/api/v1/touchpoints', buildTouchpoint(customerId))).json();
    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', '/api/v1/touchpoints')).statusCode).toBe(200);
    expect((await analyst.request('GET', `/api/v1/customers/${customerId}/timeline`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/touchpoints', buildTouchpoint(customerId)],
      ['PATCH', `/api/v1/touchpoints/${tp.id}`, { type: 'x' }],
      ['DELETE', `/api/v1/touchpoints/${tp.id}`, undefined],
    ] as const) {
      const res = await analyst.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });
});

describe('customer timeline', () => {
  it('merges channels and orders newest first by occurredAt, a late older event in its place', async () => {
    const ws = await createWorkspaceClient(t);
    const c = await newCustomer(ws);
    const post = async (url: string, body: unknown) => {
      const res = await ws.request('POST', url, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const pageView = await post(
      '/api/v1/touchpoints',
      buildTouchpoint(c, { channel: 'web', type: 'page_view', occurredAt: '2024-06-01T09:00:00Z' }),
    );
    const order = await post(
      '/api/v1/orders',
      buildOrder(c, {
        externalId: 'A-1001',
        occurredAt: '2024-06-02T10:00:00Z',
        lines: [
          { description: 'Scarf', quantity: 2, unitPriceMinor: 15_000 },
          { description: 'Belt', quantity: 1, unitPriceMinor: 11_250 },
        ],
      }),
    );
    const checkIn = await post(
      '/api/v1/touchpoints',
      buildTouchpoint(c, { occurredAt: '2024-06-03T14:00:00Z' }),
    );
    const email = await post(
      '/api/v1/touchpoints',
      buildTouchpoint(c, { channel: 'email', type: 'open', occurredAt: '2024-06-04T08:00:00Z' }),
    );
    // Not on this timeline: another customer's event, a deleted event, a deleted order.
    await post(
      '/api/v1/touchpoints',
      buildTouchpoint(await newCustomer(ws), { occurredAt: '2024-06-02T00:00:00Z' }),
    );
    const gone = await post(
      '/api/v1/touchpoints',
      buildTouchpoint(c, { occurredAt: '2024-06-02T11:00:00Z' }),
    );
    await ws.request('DELETE', `/api/v1/touchpoints/${gone.id}`);
    const goneOrder = await post('/api/v1/orders', buildOrder(c, { occurredAt: '2024-06-02T12:00:00Z' }));
    await ws.request('DELETE', `/api/v1/orders/${goneOrder.id}`);
    // Arrives last, happened second.
    const lateCall = await post(
      '/api/v1/touchpoints',
      buildTouchpoint(c, {
        channel: 'phone',
        type: 'call',
        occurredAt: '2024-06-01T12:00:00Z',
        satisfaction: 5,
      }),
    );
    expect(Date.parse(lateCall.receivedAt)).toBeGreaterThan(Date.parse(email.receivedAt));

    const res = await ws.request('GET', `/api/v1/customers/${c}/timeline`);
    expect(res.statusCode).toBe(200);
    const entries: Entry[] = res.json().items;
    expect(entries.map((e) => e.id)).toEqual([email.id, checkIn.id, order.id, lateCall.id, pageView.id]);
    expect(entries.map((e) => [e.kind, e.channel, e.occurredAt])).toEqual([
      ['touchpoint', 'email', '2024-06-04T08:00:00.000Z'],
      ['touchpoint', 'front_desk', '2024-06-03T14:00:00.000Z'],
      ['order', 'store', '2024-06-02T10:00:00.000Z'],
      ['touchpoint', 'phone', '2024-06-01T12:00:00.000Z'],
      ['touchpoint', 'web', '2024-06-01T09:00:00.000Z'],
    ]);
    // check_in is not in the default catalogue: its raw name reads as words.
    expect(entries[1]!.summary).toBe('Front desk · Check in');
    expect(entries[1]!.typeLabel).toBe('Check in');
    expect(entries[1]!.properties).toEqual({ room: '412' });
    expect(entries[2]!.summary).toBe('Order #A-1001 · 3 items · €412.50');
    expect(entries[2]!.type).toBe('completed');
    expect(entries[2]!.properties).toMatchObject({
      externalId: 'A-1001',
      totalMinor: 41_250,
      currency: 'EUR',
    });
    // call is in the default catalogue as "Call".
    expect(entries[3]!.summary).toBe('Phone · Call · satisfaction 5/5');
    expect(entries.map((e) => e.satisfaction)).toEqual([null, null, null, 5, null]);

    const kinds = async (q: string) =>
      (await ws.request('GET', `/api/v1/customers/${c}/timeline?${q}`)).json().items.map((e: Entry) => e.id);
    expect(await kinds('kind=order')).toEqual([order.id]);
    expect(await kinds('kind=touchpoint')).toEqual([email.id, checkIn.id, lateCall.id, pageView.id]);
    expect(await kinds('channel=front_desk')).toEqual([checkIn.id]);
    expect(await kinds('channel=store&kind=order')).toEqual([order.id]);
  });

  it('pages with cursors visiting each entry once, ties at one instant included', async () => {
    const ws = await createWorkspaceClient(t);
    const c = await newCustomer(ws);
    // Created out of time order, so id order (UUIDv7, creation time) is not timeline order.
    const instants = [
      '2024-01-02T00:00:00Z',
      '2024-01-03T00:00:00Z',
      '2024-01-01T00:00:00Z',
      '2024-01-02T00:00:00Z',
    ];
    const ids: string[] = [];
    for (const [i, at] of instants.entries()) {
      ids.push(
        (
          await ws.request(
            'POST',
            '/api/v1/touchpoints',
            buildTouchpoint(c, { occurredAt: at, type: `t${i}` }),
          )
        ).json().id,
      );
      ids.push((await ws.request('POST', '/api/v1/orders', buildOrder(c, { occurredAt: at }))).json().id);
    }
    const all = await walkTimeline(ws, c, 200);
    expect(all).toHaveLength(ids.length);
    expect(new Set(all.map((e) => e.id))).toEqual(new Set(ids));
    for (const [a, b] of all.slice(1).map((e, i) => [all[i]!, e] as const)) {
      const order = Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (b.id < a.id ? -1 : 1);
      expect(order, `${a.id} before ${b.id}`).toBeLessThan(0);
    }
    for (const limit of [1, 2, 3, 5]) {
      const paged = await walkTimeline(ws, c, limit);
      expect(
        paged.map((e) => e.id),
        `limit ${limit}`,
      ).toEqual(all.map((e) => e.id));
    }
    const orders = await walkTimeline(ws, c, 2, '&kind=order');
    expect(orders.map((e) => e.id)).toEqual(all.filter((e) => e.kind === 'order').map((e) => e.id));

    const bad = await ws.request('GET', `/api/v1/customers/${c}/timeline?cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.cursor');
  });

  describe('notes', () => {
    const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

    /**
     * A customer with two notes, touch points and orders around and between them, and one of each
     * at exactly the first note's instant (a tie broken by id). Returns the ids in timeline order.
     */
    async function customerWithNotes(ws: Client) {
      const c = await newCustomer(ws);
      const note = async (body: string) => {
        const res = await ws.request('POST', `/api/v1/customers/${c}/notes`, { body });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; createdAt: string };
      };
      const post = async (url: string, body: unknown): Promise<string> => {
        const res = await ws.request('POST', url, body);
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id;
      };
      const first = await note('Prefers the quiet wing.\nAllergic to feathers.');
      await new Promise((r) => setTimeout(r, 5));
      const second = await note('Called about the spa booking');
      const tp = (at: string, type: string) =>
        post('/api/v1/touchpoints', buildTouchpoint(c, { occurredAt: at, type, channel: 'phone' }));
      const ord = (at: string) => post('/api/v1/orders', buildOrder(c, { occurredAt: at }));
      const ids = {
        first: first.id,
        second: second.id,
        tpAfter: await tp(shift(second.createdAt, 60_000), 'after'),
        tpTie: await tp(first.createdAt, 'tie'),
        orderTie: await ord(first.createdAt),
        orderBetween: await ord(shift(first.createdAt, 1)),
        tpBefore: await tp(shift(first.createdAt, -60_000), 'before'),
        orderBefore: await ord(shift(first.createdAt, -120_000)),
      };
      return { c, ids, first, second };
    }

    it('interleave by time with touch points and orders, across pages without repeats or gaps', async () => {
      const ws = await createWorkspaceClient(t);
      const { c, ids, first, second } = await customerWithNotes(ws);
      const all = await walkTimeline(ws, c, 200);
      // Newest first; at the tie, id order (descending) decides.
      const tie = [ids.first, ids.tpTie, ids.orderTie].sort().reverse();
      expect(all.map((e) => e.id)).toEqual([
        ids.tpAfter,
        ids.second,
        ids.orderBetween,
        ...tie,
        ids.tpBefore,
        ids.orderBefore,
      ]);
      const noteEntry = all.find((e) => e.id === ids.first)!;
      expect(noteEntry).toEqual({
        id: ids.first,
        kind: 'note',
        channel: null,
        type: 'note',
        typeLabel: 'Note',
        channelLabel: null,
        occurredAt: first.createdAt,
        summary: 'Prefers the quiet wing.\nAllergic to feathers.',
        satisfaction: null,
        properties: { author: expect.any(String) },
      });
      expect(noteEntry.properties.author).not.toBe('');
      expect(all.find((e) => e.id === ids.second)!.occurredAt).toBe(second.createdAt);
      for (const limit of [1, 2, 3, 4]) {
        const paged = await walkTimeline(ws, c, limit);
        expect(
          paged.map((e) => e.id),
          `limit ${limit}`,
        ).toEqual(all.map((e) => e.id));
      }
      // The 360 embeds the same first page.
      const view = (await ws.request('GET', `/api/v1/customers/${c}/360`)).json();
      expect(view.timeline.map((e: Entry) => e.id)).toEqual(all.map((e) => e.id));
    });

    it('a channel filter leaves notes out; kind=note lists only notes', async () => {
      const ws = await createWorkspaceClient(t);
      const { c, ids } = await customerWithNotes(ws);
      const phone = await walkTimeline(ws, c, 2, '&channel=phone');
      expect(phone.map((e) => e.id)).toEqual([ids.tpAfter, ids.tpTie, ids.tpBefore]);
      const notesOnly = await walkTimeline(ws, c, 1, '&kind=note');
      expect(notesOnly.map((e) => e.id)).toEqual([ids.second, ids.first]);
      expect(notesOnly.every((e) => e.kind === 'note' && e.channel === null)).toBe(true);
      expect(await walkTimeline(ws, c, 5, '&kind=note&channel=phone')).toEqual([]);
      const touchpointsOnly = await walkTimeline(ws, c, 5, '&kind=touchpoint');
      expect(touchpointsOnly.map((e) => e.kind)).toEqual(['touchpoint', 'touchpoint', 'touchpoint']);
    });

    it('a deleted note disappears, an edited one shows its new text; other customers’ notes never show', async () => {
      const ws = await createWorkspaceClient(t);
      const { c, ids } = await customerWithNotes(ws);
      const other = await newCustomer(ws);
      await ws.request('POST', `/api/v1/customers/${other}/notes`, { body: 'not about this customer' });
      expect((await ws.request('DELETE', `/api/v1/notes/${ids.second}`)).statusCode).toBe(200);
      expect(
        (await ws.request('PATCH', `/api/v1/notes/${ids.first}`, { body: 'Quiet wing only' })).statusCode,
      ).toBe(200);
      const notesOnly = await walkTimeline(ws, c, 50, '&kind=note');
      expect(notesOnly.map((e) => [e.id, e.summary])).toEqual([[ids.first, 'Quiet wing only']]);
      const all = await walkTimeline(ws, c, 3);
      expect(all.map((e) => e.id)).not.toContain(ids.second);
      expect(all.map((e) => e.summary)).not.toContain('not about this customer');
      expect(all).toHaveLength(7);
    });

    it('rejects an unknown kind', async () => {
      const res = await admin.request('GET', `/api/v1/customers/${customerId}/timeline?kind=memo`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('querystring.kind');
    });
  });
});
