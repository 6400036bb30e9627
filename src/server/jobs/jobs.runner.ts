import { hostname } from 'node:os';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { JobRow, JobsRepo } from './jobs.repo.js';

/** What a handler gets besides its job: a way to say it is still alive. */
export interface JobContext {
  job: JobRow;
  /** Aborted when the runner stops: a long handler checks it between chunks and returns early. */
  signal: AbortSignal;
  /** Renews the lease; throws JobLeaseLost when another worker has taken the job over. */
  heartbeat(): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export class JobLeaseLost extends Error {
  constructor(id: string) {
    super(`job ${id}: another worker took it over after its lease ran out`);
  }
}

/** Something that enqueues jobs when they fall due (the nightly value run, …). */
export interface Schedule {
  name: string;
  tick(now: Date): Promise<void>;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A second enqueue with the same key for the kind answers the first job instead. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/**
 * Durable jobs on the app's own database (both drivers): enqueue, claim under a lease with
 * SKIP LOCKED, retry with backoff, take over jobs whose process died. Handlers must be
 * idempotent — a job runs again after a crash. See docs/decisions.md ("Jobs").
 */
export function createJobRunner(deps: {
  repo: JobsRepo;
  clock: Clock;
  leaseMs?: number;
  pollMs?: number;
  log?: (line: string) => void;
}) {
  const { repo, clock } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;
  const pollMs = deps.pollMs ?? 5_000;
  const worker = `${hostname()}:${process.pid}:${newId().slice(-8)}`;
  const handlers = new Map<string, JobHandler>();
  const schedules: Schedule[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopping = false;
  let abort = new AbortController();

  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs);

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers.get(job.kind)!;
    let lost = false;
    const heartbeat = async () => {
      if (lost || !(await repo.renew(job.workspaceId, job.id, worker, leaseEnd()))) {
        lost = true;
        throw new JobLeaseLost(job.id);
      }
    };
    try {
      await handler({ job, heartbeat, signal: abort.signal });
      if (abort.signal.aborted) {
        // Stopped mid-way: back in the queue, this attempt not counted, for the next process.
        await repo.finish(job.workspaceId, job.id, worker, {
          status: 'queued',
          runAt: clock.now(),
          attempts: job.attempts - 1,
        });
        return;
      }
      await repo.finish(job.workspaceId, job.id, worker, {
        status: 'succeeded',
        finishedAt: clock.now(),
        lastError: null,
      });
    } catch (err) {
      if (lost || err instanceof JobLeaseLost) return;
      if (abort.signal.aborted) {
        await repo.finish(job.workspaceId, job.id, worker, {
          status: 'queued',
          runAt: clock.now(),
          attempts: job.attempts - 1,
        });
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      deps.log?.(`job ${job.kind} ${job.id} failed (attempt ${job.attempts}): ${message}`);
      const retry = job.attempts < job.maxAttempts;
      await repo.finish(job.workspaceId, job.id, worker, {
        status: retry ? 'queued' : 'failed',
        // Backoff: 30 s, 2 min, 8 min, … after each failed attempt.
        runAt: new Date(clock.now().getTime() + 30_000 * 4 ** (job.attempts - 1)),
        finishedAt: retry ? null : clock.now(),
        lastError: message.slice(0, 2000),
      });
    }
  }

  /** Runs due jobs one after another until none is due; answers how many ran. */
  async function drain(): Promise<number> {
    let ran = 0;
    while (!stopping) {
      const job = await repo.claim([...handlers.keys()], worker, clock.now(), leaseEnd());
      if (!job) break;
      await runOne(job);
      ran++;
    }
    return ran;
  }

  async function tickOnce(): Promise<number> {
    for (const s of schedules) {
      try {
        await s.tick(clock.now());
      } catch (err) {
        deps.log?.(`schedule ${s.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return drain();
  }

  return {
    worker,
    register(kind: string, handler: JobHandler) {
      handlers.set(kind, handler);
    },
    schedule(s: Schedule) {
      schedules.push(s);
    },
    async enqueue(
      workspaceId: string,
      kind: string,
      payload: Record<string, unknown>,
      opts: EnqueueOptions = {},
    ) {
      return repo.insert({
        workspaceId,
        id: newId(),
        kind,
        payload,
        runAt: opts.runAt ?? clock.now(),
        dedupeKey: opts.dedupeKey ?? null,
        maxAttempts: opts.maxAttempts ?? 3,
      });
    },
    /** One pass: schedules enqueue what is due, then due jobs run. Tests and the CLI call this. */
    runDue: tickOnce,
    /** Polls in the background until `stop`; a pass never overlaps the previous one. */
    start() {
      stopping = false;
      abort = new AbortController();
      const loop = () => {
        running = tickOnce()
          .catch((err) => deps.log?.(`jobs: ${err instanceof Error ? err.message : String(err)}`))
          .then(() => {
            running = null;
            if (!stopping) timer = setTimeout(loop, pollMs);
          });
      };
      timer = setTimeout(loop, 0);
    },
    /** Stops polling, tells the job in hand to stop, and waits for it to put itself back. */
    async stop() {
      stopping = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
