import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';
import { seedDemo } from '../../../demo/seed.js';
import { rowsOf } from '../../db/raw.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { type CustomerState, createRelationshipsRepo } from './relationships.repo.js';

/**
 * A recompute reads every customer through `openRecompute` (order and touch-point aggregates
 * staged once for the workspace), one customer through `customerStates` (aggregated over the
 * page's own id range). Both must read exactly the same state, on the demo business (orders with
 * gift lines, campaign clicks, complaints with and without an outcome, reviews, calls, social
 * mentions, cases, survey answers, a value run and open stage episodes).
 */
const NOW = new Date('2026-06-30T12:00:00Z');
const clock = fixedClock(NOW);
let t: TestApp;
let workspaceId: string;
let valueRunId: string | null;
const repo = () => createRelationshipsRepo(t.database);

beforeAll(async () => {
  t = await createTestApp({ clock });
  workspaceId = (await createWorkspaceClient(t)).workspaceId;
  await seedDemo(t.database, { workspaceId, customers: 400, seed: 5, now: NOW });
  const actor = systemActor(workspaceId, 'test');
  await t.services.value.recomputeNow(actor);
  await t.services.relationships.recomputeNow(actor);
  valueRunId = await t.services.value.currentRunId(workspaceId);
}, 240_000);
afterAll(() => t.close());

async function pagesOf(read: (after: string | null) => Promise<CustomerState[]>) {
  const all: CustomerState[] = [];
  for (let after: string | null = null; ; ) {
    const page = await read(after);
    all.push(...page);
    if (page.length < 97) return all;
    after = page[page.length - 1]!.customerId;
  }
}

describe('a recompute reads what a single customer read reads', () => {
  for (const days of [0, 45]) {
    it(`page by page, as of ${days} days on`, async () => {
      const asOf = new Date(NOW.getTime() + days * 86_400_000);
      const reader = await repo().openRecompute(workspaceId, { asOf, valueRunId, runId: newId() });
      let staged: CustomerState[];
      try {
        staged = await pagesOf((after) => reader.page(after, 97));
      } finally {
        await reader.close();
      }
      const direct = await pagesOf((after) =>
        repo().customerStates(workspaceId, { asOf, afterId: after, limit: 97, valueRunId }),
      );
      expect(staged.length).toBeGreaterThan(350);
      expect(staged).toEqual(direct);
      // The demo exercises every fact the staged aggregates carry.
      for (const key of [
        'promotedOrders',
        'giftOrders',
        'offerViews',
        'openComplaints',
        'serviceCalls',
      ] as const) {
        expect(
          staged.some((s) => s[key] > 0),
          key,
        ).toBe(true);
      }
      expect(staged.some((s) => s.survey !== null && s.episode !== null && s.pAlive !== null)).toBe(true);
      // One customer alone reads the same as in its page.
      const one = staged[123]!;
      const [alone] = await repo().customerStates(workspaceId, {
        asOf,
        afterId: null,
        limit: 1,
        customerId: one.customerId,
        valueRunId,
      });
      expect(alone).toEqual(one);
    });
  }

  it('leaves no staging tables behind', async () => {
    const reader = await repo().openRecompute(workspaceId, { asOf: NOW, valueRunId, runId: newId() });
    await reader.page(null, 10);
    await reader.close();
    // Temporary tables of any session: PGlite's one, or the connection the reader gave back.
    const [left] = rowsOf(
      await t.database.q().execute(sql`select count(*)::int as n from pg_class
        where relname like 'relationship_facts_%' and relpersistence = 't'`),
    );
    expect(left?.n).toBe(0);
  });
});

describe('run progress', () => {
  it('counts the customers before it classifies them, so a screen can show how far along it is', async () => {
    const seen: { phase: string; done: number; total: number }[] = [];
    const run = await t.services.relationships.recomputeNow(systemActor(workspaceId, 'test'), (p) => {
      if (p) seen.push({ ...p });
    });
    const [live] = rowsOf(
      await t.database.q().execute(sql`select count(*)::int as n from customers
        where workspace_id = ${workspaceId} and deleted_at is null and merged_into_id is null`),
    );
    expect(seen[0]).toEqual({ phase: 'staging', done: 0, total: live?.n });
    expect(seen.length).toBeGreaterThan(1);
    for (const p of seen) expect(p.total).toBe(live?.n);
    expect(run.progress).toEqual({ phase: 'done', done: live?.n, total: live?.n });
  });
});
