import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import { DEMO_MODEL } from '../../../demo/generate.js';
import { seedDemo } from '../../../demo/seed.js';
import type { ValueRun } from '../../../shared/contracts/value.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';

/**
 * A value run end to end on the demo hotel group: its orders are drawn from known BG/NBD and
 * Gamma-Gamma parameters (src/demo/generate.ts), so the run must find those parameters again,
 * store every customer's scores, and validate on a holdout.
 */
const NOW = new Date('2026-06-30T12:00:00Z');
const CUSTOMERS = 2_500;
let t: TestApp;
const clock = fixedClock(NOW);
let workspaceId: string;
let run: ValueRun;
let admin: Awaited<ReturnType<typeof createWorkspaceClient>>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await createWorkspaceClient(t);
  workspaceId = admin.workspaceId;
  await seedDemo(t.database, { workspaceId, customers: CUSTOMERS, seed: 11, now: NOW });
  run = await t.services.value.recomputeNow(systemActor(workspaceId, 'test'));
}, 240_000);
afterAll(() => t.close());

const fitOf = (r: ValueRun, model: string) => r.fits.find((f) => f.model === model)!;

describe('value run on the demo business', () => {
  it('succeeds and stores a result for every customer with an order', async () => {
    expect(run.status).toBe('succeeded');
    expect(run.error).toBeNull();
    expect(run.current).toBe(true);
    expect(run.asOf).toBe('2026-06-30');
    expect(run.customers).toBeGreaterThan(CUSTOMERS * 0.8);
    const res = await admin.request('GET', `/api/v1/value/dashboard`);
    expect(res.statusCode, res.body).toBe(200);
    const dash = res.json();
    expect(dash.totals.customers).toBe(run.customers);
    // Tiers split the ranked customers 10/20/30/40.
    const counts = Object.fromEntries(
      dash.tiers.map((x: { tier: string; customers: number }) => [x.tier, x.customers]),
    );
    expect(counts.top).toBe(Math.round(run.customers! * 0.1));
    expect(counts.top + counts.high + counts.medium + counts.low).toBe(run.customers);
  });

  it('finds the BG/NBD parameters the orders were drawn from', () => {
    const bg = fitOf(run, 'bgnbd');
    expect(bg.converged).toBe(true);
    // The mean purchase rate r/α and the mean drop-out probability a/(a+b) are what a finite
    // sample pins down best; 15% and 0.08 are ~3 standard errors at this sample size.
    const { r, alpha, a, b } = bg.params as { r: number; alpha: number; a: number; b: number };
    const truth = DEMO_MODEL.bgnbd;
    expect(Math.abs(r / alpha / (truth.r / truth.alpha) - 1)).toBeLessThan(0.15);
    expect(Math.abs(a / (a + b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.08);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const se = bg.standardErrors[name];
      expect(se).not.toBeNull();
      expect(Math.abs(bg.params[name]! - truth[name])).toBeLessThan(4 * se! + 0.05 * truth[name]);
    }
  });

  it('finds the Gamma-Gamma mean spend the orders were drawn from', () => {
    const gg = fitOf(run, 'gamma-gamma');
    const { p, q, v } = gg.params as { p: number; q: number; v: number };
    const truth = DEMO_MODEL.gammaGamma;
    // Mean spend per transaction p·v/(q−1), in major units (EUR).
    const mean = (p * v) / (q - 1);
    const trueMean = (truth.p * truth.gamma) / (truth.q - 1);
    expect(Math.abs(mean / trueMean - 1)).toBeLessThan(0.1);
  });

  it('validates on the held-out weeks and says which model predicts better', () => {
    const v = run.validation!;
    expect(v).not.toBeNull();
    expect(v.calibrationEnd).toBe('2025-12-30');
    expect(v.holdoutPeriods).toBeCloseTo(26, 6);
    expect(v.conditionalExpectation).toHaveLength(8);
    expect(v.conditionalExpectation.reduce((s, r) => s + r.customers, 0)).toBe(v.customers);
    // Actual holdout purchases, summed back from the per-frequency means.
    const actual = v.conditionalExpectation.reduce((s, r) => s + r.actual * r.customers, 0);
    expect(actual).toBeCloseTo(v.actualHoldoutPurchases, 6);
    // Models fitted on the calibration period predict the holdout total within 20% on data
    // drawn from BG/NBD; the cumulative curve ends at the actual total of repeat purchases.
    const bg = v.errors.find((e) => e.model === 'bgnbd')!;
    expect(Math.abs(bg.totalPredicted / v.actualHoldoutPurchases - 1)).toBeLessThan(0.2);
    const last = v.cumulative.at(-1)!;
    expect(last.holdout).toBe(true);
    expect(last.actual).toBeGreaterThan(v.actualHoldoutPurchases);
    expect(Math.abs(last.bgnbd! / last.actual - 1)).toBeLessThan(0.2);
    expect(['bgnbd', 'pareto-nbd', 'heuristic']).toContain(v.best);
    // The probabilistic models beat the simple formula on data drawn from one of them.
    const heuristic = v.errors.find((e) => e.model === 'heuristic')!;
    expect(bg.mae).toBeLessThan(heuristic.mae);
  });

  it('shows each customer’s value on the 360 and in the list, with filters', async () => {
    const list = await admin.request('GET', '/api/v1/customers?limit=100&valueTier=top');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as {
      id: string;
      value: { tier: string; clvMinor: number; pAlive: number };
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const c of items) expect(c.value.tier).toBe('top');
    const lapsed = await admin.request('GET', '/api/v1/customers?limit=50&maxPAlive=0.2');
    for (const c of lapsed.json().items) expect(c.value.pAlive).toBeLessThanOrEqual(0.2);

    const id = items[0]!.id;
    const panel = await admin.request('GET', `/api/v1/customers/${id}/value`);
    expect(panel.statusCode).toBe(200);
    const body = panel.json();
    expect(body.current.tier).toBe('top');
    expect(body.current.clvMinor).toBe(items[0]!.value.clvMinor);
    expect(body.current.pAlive).toBeGreaterThanOrEqual(0);
    expect(body.current.pAlive).toBeLessThanOrEqual(1);
    expect(body.current.expectedPurchases12m).toBeGreaterThanOrEqual(body.current.expectedPurchases3m);
    expect(body.history).toHaveLength(1);
    expect(body.run.id).toBe(run.id);
  });

  it('keeps earlier runs: a second run becomes current and the 360 shows both', async () => {
    clock.advance(86_400_000);
    // A day on, the first session has expired: sign in again.
    admin = { ...(await admin.as('admin')), as: admin.as };
    const second = await t.services.value.recomputeNow(systemActor(workspaceId, 'test'));
    expect(second.current).toBe(true);
    const runs = await admin.request('GET', '/api/v1/value/runs');
    const listed = runs.json().items as ValueRun[];
    expect(listed.map((r) => r.id).slice(0, 2)).toEqual([second.id, run.id]);
    expect(listed.find((r) => r.id === run.id)!.current).toBe(false);
    const top = await admin.request('GET', '/api/v1/customers?limit=1&valueTier=top');
    const panel = await admin.request('GET', `/api/v1/customers/${top.json().items[0].id}/value`);
    expect(panel.json().history.map((h: { runId: string }) => h.runId)).toEqual([run.id, second.id]);
  }, 120_000);
});

describe('recompute requests and the nightly schedule', () => {
  it('queues a durable job; asking again while it waits answers the same run', async () => {
    const fresh = await createWorkspaceClient(t);
    const first = await fresh.request('POST', '/api/v1/value/runs', {});
    expect(first.statusCode).toBe(202);
    expect(first.json().status).toBe('queued');
    const again = await fresh.request('POST', '/api/v1/value/runs', {});
    expect(again.json().id).toBe(first.json().id);
    await t.services.jobs.runDue();
    const done = await fresh.request('GET', `/api/v1/value/runs/${first.json().id}`);
    // No orders in this workspace: the run fails and says why, in words.
    expect(done.json().status).toBe('failed');
    expect(done.json().error).toMatch(/at least 20 customers/);
  });

  it('queues one nightly run a local day once the nightly hour has passed', async () => {
    const nightly = async () =>
      (await t.services.value.listRuns(systemActor(workspaceId, 'test'))).filter(
        (r) => r.trigger === 'nightly',
      );
    const jobsBefore = (await t.services.value.listRuns(systemActor(workspaceId, 'test'))).length;
    const nightlyBefore = (await nightly()).length;
    const at = (iso: string) => new Date(iso);
    // The workspace's zone is the default (Europe/London, UTC+1 in summer): 00:30 UTC is 01:30 local.
    await t.services.value.nightlyTick(at('2026-07-02T00:30:00Z'));
    expect((await t.services.value.listRuns(systemActor(workspaceId, 'test'))).length).toBe(jobsBefore);
    await t.services.value.nightlyTick(at('2026-07-02T01:30:00Z'));
    await t.services.value.nightlyTick(at('2026-07-02T05:00:00Z'));
    const runs = await t.services.value.listRuns(systemActor(workspaceId, 'test'));
    expect(runs.length).toBe(jobsBefore + 1);
    expect(await nightly()).toHaveLength(nightlyBefore + 1);
  });

  it('refuses recompute to a role without data:import, and settings changes to non-admins', async () => {
    const analyst = await admin.as('analyst');
    expect((await analyst.request('POST', '/api/v1/value/runs', {})).statusCode).toBe(403);
    expect((await analyst.request('GET', '/api/v1/value/dashboard')).statusCode).toBe(200);
    const manager = await admin.as('manager');
    expect((await manager.request('PATCH', '/api/v1/value/settings', { horizonMonths: 24 })).statusCode).toBe(
      403,
    );
    const bad = await admin.request('PATCH', '/api/v1/value/settings', { holdoutWeeks: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('body.holdoutWeeks');
    const ok = await admin.request('PATCH', '/api/v1/value/settings', { horizonMonths: 24, nightly: false });
    expect(ok.json()).toMatchObject({ horizonMonths: 24, nightly: false, unit: 'week' });
  });
});

describe('gift orders', () => {
  it('leave personal frequency and spend when the workspace says so, and count otherwise', async () => {
    const ws = await createWorkspaceClient(t);
    const day = (iso: string, hour = 10) => `${iso}T${String(hour).padStart(2, '0')}:00:00Z`;
    const order = async (customerId: string, occurredAt: string, isGift: boolean, priceMinor = 5_000) => {
      const res = await ws.request('POST', '/api/v1/orders', {
        customerId,
        channel: 'web',
        occurredAt,
        currency: 'EUR',
        status: 'completed',
        lines: [
          { description: isGift ? 'Gift box' : 'Own order', quantity: 1, unitPriceMinor: priceMinor, isGift },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // 24 customers: a first order and a repeat, for themselves; the first six also bought three
    // gift-only orders on other days, and one mixed order (a gift line beside their own) that
    // stays personal.
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const c = await createCustomerVia(ws);
      ids.push(c.id);
      await order(c.id, day('2025-09-01'), false);
      await order(c.id, day('2026-03-02'), false);
      if (i < 6) {
        for (const d of ['2025-10-05', '2025-11-12', '2025-12-20']) await order(c.id, day(d), true, 9_000);
      }
    }
    const mixed = await ws.request('POST', '/api/v1/orders', {
      customerId: ids[0],
      channel: 'store',
      occurredAt: day('2026-01-15'),
      currency: 'EUR',
      status: 'completed',
      lines: [
        { description: 'Gift wrap for a friend', quantity: 1, unitPriceMinor: 1_000, isGift: true },
        { description: 'Own order', quantity: 1, unitPriceMinor: 4_000 },
      ],
    });
    expect(mixed.statusCode).toBe(201);
    // A return is not a purchase: it neither adds a purchase day nor fails the spend model.
    const returned = await ws.request('POST', '/api/v1/orders', {
      customerId: ids[2],
      channel: 'web',
      occurredAt: day('2026-03-20'),
      currency: 'EUR',
      status: 'completed',
      lines: [{ description: 'Own order, returned', quantity: -1, unitPriceMinor: 5_000 }],
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const actor = systemActor(ws.workspaceId, 'test');
    const panelOf = async (id: string) =>
      (await ws.request('GET', `/api/v1/customers/${id}/value`)).json().current;

    const counted = await t.services.value.recomputeNow(actor);
    expect(counted.status, counted.error ?? '').toBe('succeeded');
    expect(counted.orders).toBe(24 * 2 + 6 * 3 + 1);
    expect(await panelOf(ids[0]!)).toMatchObject({
      orders: 6,
      frequency: 5,
      spendMinor: 2 * 5_000 + 3 * 9_000 + 5_000,
    });
    expect(await panelOf(ids[1]!)).toMatchObject({ orders: 5, frequency: 4 });
    expect(await panelOf(ids[2]!)).toMatchObject({
      orders: 5,
      frequency: 4,
      spendMinor: 2 * 5_000 + 3 * 9_000,
    });

    const patched = await ws.request('PATCH', '/api/v1/value/settings', { excludeGiftOrders: true });
    expect(patched.statusCode).toBe(200);
    const personal = await t.services.value.recomputeNow(actor);
    expect(personal.status, personal.error ?? '').toBe('succeeded');
    expect(personal.orders).toBe(24 * 2 + 1);
    // Gift-only orders are gone; the mixed order is the customer's own and still counts.
    expect(await panelOf(ids[0]!)).toMatchObject({ orders: 3, frequency: 2, spendMinor: 3 * 5_000 });
    expect(await panelOf(ids[1]!)).toMatchObject({ orders: 2, frequency: 1, spendMinor: 2 * 5_000 });
    expect(await panelOf(ids[10]!)).toMatchObject({ orders: 2, frequency: 1 });
  }, 120_000);
});
