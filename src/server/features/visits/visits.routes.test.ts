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

const clock = fixedClock('2026-05-04T08:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();

let t: TestApp;
let admin: Client & { as: (role: 'analyst' | 'agent') => Promise<Client> };
let other: Client;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  other = await createWorkspaceClient(t);
});
afterAll(() => t.close());

const newVisit = async (c: Client, customerId: string, body: Record<string, unknown> = {}) => {
  const res = await c.request('POST', '/api/v1/visits', {
    customerId,
    startsAt: at(DAY),
    location: 'Harbour & Vine Covent Garden, London',
    type: 'booking',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

describe('visits routes', () => {
  it('creates, reads, updates, soft-deletes and restores a visit, auditing each write', async () => {
    const customer = await createCustomerVia(admin);
    const visit = await newVisit(admin, customer.id, {
      startsAt: at(DAY),
      endsAt: at(3 * DAY),
      type: ' Booking ',
      externalId: 'R-1001',
      source: 'opera-pms',
      properties: { roomType: 'Deluxe room', guests: 2 },
    });
    expect(visit).toMatchObject({
      customerId: customer.id,
      startsAt: at(DAY),
      endsAt: at(3 * DAY),
      type: 'booking',
      status: 'booked',
      externalId: 'R-1001',
      source: 'opera-pms',
      properties: { roomType: 'Deluxe room', guests: 2 },
      createdBy: { type: 'user', id: admin.userId },
      deletedAt: null,
    });
    expect((await admin.request('GET', `/api/v1/visits/${visit.id}`)).json()).toEqual(visit);

    clock.advance(1000);
    const moved = await admin.request('PATCH', `/api/v1/visits/${visit.id}`, {
      status: 'confirmed',
      endsAt: null,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'confirmed', endsAt: null, startsAt: at(-1000 + DAY) });

    const deleted = await admin.request('DELETE', `/api/v1/visits/${visit.id}`);
    expect(deleted.json().deletedAt).not.toBeNull();
    expect((await admin.request('GET', `/api/v1/visits?customerId=${customer.id}`)).json().items).toEqual([]);
    expect(
      (await admin.request('PATCH', `/api/v1/visits/${visit.id}`, { status: 'arrived' })).json().code,
    ).toBe('VISIT_NOT_FOUND');
    const restored = await admin.request('POST', `/api/v1/visits/${visit.id}/restore`);
    expect(restored.json().deletedAt).toBeNull();

    const audit = (await admin.request('GET', `/api/v1/audit?entityType=visit&entityId=${visit.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'visit.restore',
      'visit.delete',
      'visit.update',
      'visit.create',
    ]);
    expect(audit.items[2].before.status).toBe('booked');
    expect(audit.items[2].after.status).toBe('confirmed');
  });

  it('answers 400 problem+json naming each bad field, 404 for an unknown customer', async () => {
    const customer = await createCustomerVia(admin);
    const bad = await admin.request('POST', '/api/v1/visits', {
      customerId: 'nobody',
      startsAt: 'tomorrow',
      location: '',
      type: 'x'.repeat(65),
      status: 'maybe',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(bad.json())).toEqual([
      'body.customerId',
      'body.location',
      'body.startsAt',
      'body.status',
      'body.type',
    ]);
    const backwards = await admin.request('POST', '/api/v1/visits', {
      customerId: customer.id,
      startsAt: at(2 * DAY),
      endsAt: at(DAY),
      location: 'Spa',
      type: 'appointment',
    });
    expect(errorPaths(backwards.json())).toEqual(['body.endsAt']);
    const visit = await newVisit(admin, customer.id, { startsAt: at(DAY), endsAt: at(2 * DAY) });
    // a new start after the stored end is caught against the stored row
    const late = await admin.request('PATCH', `/api/v1/visits/${visit.id}`, { startsAt: at(5 * DAY) });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors).toEqual([
      { path: 'body.startsAt', message: 'the visit would end before it starts' },
    ]);

    const missing = await admin.request('POST', '/api/v1/visits', {
      customerId: '01938e77-0000-7000-8000-00000000dead',
      startsAt: at(DAY),
      location: 'Spa',
      type: 'appointment',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      errors: [{ path: 'body.customerId' }],
    });
    expect(errorPaths((await admin.request('GET', '/api/v1/visits?from=soon&status=x')).json())).toEqual([
      'querystring.from',
      'querystring.status',
    ]);
  });

  it('refuses a second visit with the same source and external id, but not from another source', async () => {
    const customer = await createCustomerVia(admin);
    const first = await newVisit(admin, customer.id, { externalId: 'B-7', source: 'spa-system' });
    const again = await admin.request('POST', '/api/v1/visits', {
      customerId: customer.id,
      startsAt: at(DAY),
      location: 'Spa',
      type: 'appointment',
      externalId: 'B-7',
      source: 'spa-system',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EXTERNAL_ID_TAKEN', id: first.id });
    expect(errorPaths(again.json())).toEqual(['body.externalId']);
    await newVisit(admin, customer.id, { externalId: 'B-7', source: 'opera-pms' });
    // the same id in another workspace is that workspace's business
    await newVisit(other, (await createCustomerVia(other)).id, { externalId: 'B-7', source: 'spa-system' });
  });

  it('lists by start with date range, location, customer, status and type filters, page by page', async () => {
    const ann = await createCustomerVia(admin);
    const bob = await createCustomerVia(admin);
    const base = 30 * DAY;
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await newVisit(admin, i % 2 ? bob.id : ann.id, {
          startsAt: at(base + i * HOUR),
          location: i < 3 ? 'Le Jardin, Paris' : 'Spa, Amalfi',
          type: i < 3 ? 'reservation' : 'appointment',
          status: i === 4 ? 'cancelled' : 'booked',
        }),
      );
    }
    const range = `from=${encodeURIComponent(at(base))}&to=${encodeURIComponent(at(base + 5 * HOUR))}`;
    const all = (await admin.request('GET', `/api/v1/visits?${range}`)).json();
    expect(ids(all)).toEqual(made.map((v) => v.id));
    const desc = (await admin.request('GET', `/api/v1/visits?${range}&order=desc`)).json();
    expect(ids(desc)).toEqual(made.map((v) => v.id).reverse());
    const paris = (
      await admin.request('GET', `/api/v1/visits?${range}&location=${encodeURIComponent('Le Jardin, Paris')}`)
    ).json();
    expect(ids(paris)).toEqual(made.slice(0, 3).map((v) => v.id));
    const bobs = (await admin.request('GET', `/api/v1/visits?${range}&customerId=${bob.id}`)).json();
    expect(ids(bobs)).toEqual([made[1].id, made[3].id]);
    const cancelled = (await admin.request('GET', `/api/v1/visits?${range}&status=cancelled`)).json();
    expect(ids(cancelled)).toEqual([made[4].id]);
    const spa = (await admin.request('GET', `/api/v1/visits?${range}&type=Appointment`)).json();
    expect(ids(spa)).toEqual([made[3].id, made[4].id]);
    const until = (
      await admin.request(
        'GET',
        `/api/v1/visits?from=${encodeURIComponent(at(base))}&to=${encodeURIComponent(at(base + 2 * HOUR))}`,
      )
    ).json();
    expect(ids(until)).toEqual([made[0].id, made[1].id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/visits?${range}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.request('GET', q)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((v) => v.id));
    expect(errorPaths((await admin.request('GET', '/api/v1/visits?cursor=junk')).json())).toEqual([
      'querystring.cursor',
    ]);

    const annsVisits = (await admin.request('GET', `/api/v1/customers/${ann.id}/visits?${range}`)).json();
    expect(ids(annsVisits)).toEqual([made[0].id, made[2].id, made[4].id]);
  });

  it('lists locations, busiest from today first, counting only visits still to take place', async () => {
    const c = await createWorkspaceClient(t);
    const customer = await createCustomerVia(c);
    await newVisit(c, customer.id, { location: 'B hotel', startsAt: at(DAY) });
    await newVisit(c, customer.id, { location: 'B hotel', startsAt: at(2 * DAY) });
    await newVisit(c, customer.id, { location: 'A bistro', startsAt: at(DAY) });
    await newVisit(c, customer.id, { location: 'A bistro', startsAt: at(DAY), status: 'cancelled' });
    await newVisit(c, customer.id, { location: 'C spa', startsAt: at(-10 * DAY) });
    const res = await c.request('GET', '/api/v1/visits/locations');
    expect(res.json().items).toEqual([
      { location: 'B hotel', upcoming: 2 },
      { location: 'A bistro', upcoming: 1 },
      { location: 'C spa', upcoming: 0 },
    ]);
    const earlier = (await c.request('GET', '/api/v1/visits/locations?from=2026-04-01')).json();
    expect(earlier.items.find((l: { location: string }) => l.location === 'C spa').upcoming).toBe(1);
    expect(errorPaths((await c.request('GET', '/api/v1/visits/locations?from=May')).json())).toEqual([
      'querystring.from',
    ]);
  });

  it('keeps workspaces apart and lets each role do what the matrix allows', async () => {
    const customer = await createCustomerVia(admin);
    const visit = await newVisit(admin, customer.id);
    expect((await other.request('GET', `/api/v1/visits/${visit.id}`)).statusCode).toBe(404);
    expect(
      (await other.request('PATCH', `/api/v1/visits/${visit.id}`, { status: 'arrived' })).statusCode,
    ).toBe(404);
    expect((await other.request('DELETE', `/api/v1/visits/${visit.id}`)).statusCode).toBe(404);
    expect(ids((await other.request('GET', `/api/v1/visits?customerId=${customer.id}`)).json())).toEqual([]);
    const stranger = await other.request('POST', '/api/v1/visits', {
      customerId: customer.id,
      startsAt: at(DAY),
      location: 'x',
      type: 'booking',
    });
    expect(stranger.json().code).toBe('CUSTOMER_NOT_FOUND');

    const analyst = await admin.as('analyst');
    expect((await analyst.request('GET', `/api/v1/visits/${visit.id}`)).statusCode).toBe(200);
    expect(
      (await analyst.request('PATCH', `/api/v1/visits/${visit.id}`, { status: 'arrived' })).statusCode,
    ).toBe(403);
    const agent = await admin.as('agent');
    expect(
      (await agent.request('PATCH', `/api/v1/visits/${visit.id}`, { status: 'arrived' })).statusCode,
    ).toBe(200);
    expect((await agent.request('DELETE', `/api/v1/visits/${visit.id}`)).statusCode).toBe(403);
  });
});
