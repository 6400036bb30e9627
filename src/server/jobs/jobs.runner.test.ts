import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import { createTestWorkspace } from '../../../test/factories.js';
import type { Database } from '../db/client.js';
import { fixedClock } from '../lib/clock.js';
import { createJobsRepo } from './jobs.repo.js';
import { createJobRunner, JobLeaseLost } from './jobs.runner.js';

let database: Database;
let ws: string;
const clock = fixedClock('2026-03-01T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  ws = (await createTestWorkspace(database)).id;
});
afterAll(() => database.close());

const repo = () => createJobsRepo(database);
const runner = (leaseMs = 60_000) => createJobRunner({ repo: repo(), clock, leaseMs });

describe('job runner', () => {
  it('runs a due job once and records success; a job not yet due waits', async () => {
    const r = runner();
    const seen: unknown[] = [];
    r.register('t.once', async ({ job }) => {
      seen.push(job.payload.n);
    });
    const { job } = await r.enqueue(ws, 't.once', { n: 1 });
    await r.enqueue(ws, 't.once', { n: 2 }, { runAt: new Date(clock.now().getTime() + 3_600_000) });
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([1]);
    expect((await repo().find(ws, job.id))?.status).toBe('succeeded');
    expect(await r.runDue()).toBe(0);
    clock.advance(3_600_000);
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([1, 2]);
  });

  it('answers the existing job for a dedupe key already used', async () => {
    const r = runner();
    const first = await r.enqueue(ws, 't.dedupe', {}, { dedupeKey: 'nightly:2026-03-01' });
    const second = await r.enqueue(ws, 't.dedupe', { other: true }, { dedupeKey: 'nightly:2026-03-01' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
  });

  it('retries a failing job with backoff, then marks it failed with the error', async () => {
    const r = runner();
    let calls = 0;
    r.register('t.fail', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const { job } = await r.enqueue(ws, 't.fail', {}, { maxAttempts: 2 });
    await r.runDue();
    let row = await repo().find(ws, job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'boom 1' });
    expect(row!.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await r.runDue()).toBe(0);
    clock.advance(31_000);
    await r.runDue();
    row = await repo().find(ws, job.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: 'boom 2' });
    expect(calls).toBe(2);
  });

  it('takes over a job whose worker died once its lease runs out', async () => {
    const dead = runner(10_000);
    const alive = runner(10_000);
    const ran: string[] = [];
    alive.register('t.crash', async ({ job }) => {
      ran.push(job.id);
    });
    const { job } = await dead.enqueue(ws, 't.crash', {});
    // The dead worker claimed it and then vanished: no finish, no heartbeat.
    const claimed = await repo().claim(
      ['t.crash'],
      'dead-worker',
      clock.now(),
      new Date(clock.now().getTime() + 10_000),
    );
    expect(claimed?.id).toBe(job.id);
    expect(await alive.runDue()).toBe(0);
    clock.advance(10_001);
    expect(await alive.runDue()).toBe(1);
    expect(ran).toEqual([job.id]);
    expect(await repo().find(ws, job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('refuses a heartbeat once another worker has taken the job over', async () => {
    const slow = runner(10_000);
    let heartbeatError: unknown = null;
    slow.register('t.lease', async ({ heartbeat }) => {
      // Meanwhile the lease ran out and another worker claimed the job.
      clock.advance(10_001);
      await repo().claim(['t.lease'], 'other-worker', clock.now(), new Date(clock.now().getTime() + 10_000));
      try {
        await heartbeat();
      } catch (e) {
        heartbeatError = e;
        throw e;
      }
    });
    const { job } = await slow.enqueue(ws, 't.lease', {});
    await slow.runDue();
    expect(heartbeatError).toBeInstanceOf(JobLeaseLost);
    // The other worker's claim stands: the slow one did not overwrite its state.
    expect(await repo().find(ws, job.id)).toMatchObject({ status: 'running', lockedBy: 'other-worker' });
  });

  it('puts a job stopped mid-way back in the queue without counting the attempt', async () => {
    const r = createJobRunner({ repo: repo(), clock, pollMs: 10 });
    let release: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      r.register('t.stop', async ({ signal }) => {
        resolve();
        await new Promise<void>((done) => {
          release = done;
          signal.addEventListener('abort', () => done());
        });
      });
    });
    const { job } = await r.enqueue(ws, 't.stop', {});
    r.start();
    await started;
    await r.stop();
    release();
    expect(await repo().find(ws, job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });

  it('runs schedules on each pass, and a schedule that throws does not stop the others', async () => {
    const r = runner();
    const ticks: string[] = [];
    r.schedule({
      name: 'broken',
      tick: async () => {
        throw new Error('no');
      },
    });
    r.schedule({
      name: 'ok',
      tick: async (now) => {
        ticks.push(now.toISOString());
      },
    });
    await r.runDue();
    expect(ticks).toEqual([clock.now().toISOString()]);
  });
});
