import {
  type CustomerValue,
  type CustomerValuePanel,
  DEFAULT_VALUE_SETTINGS,
  VALUE_TIERS,
  type ValueDashboard,
  type ValueRun,
  ValueSettings,
  ValueSettingsUpdate,
} from '../../../shared/contracts/value.js';
import { addDays, dayInZone, hourInZone } from '../../../shared/zoned-day.js';
import type { Database } from '../../db/client.js';
import type { JobContext, JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, actorRef, systemActor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { CustomersService } from '../customers/customers.service.js';
import { computePortfolio, dayNumber, PortfolioError, type PurchaseStats } from './core/portfolio.js';
import type { CustomerValueRow, ValueRepo, ValueRunRow } from './value.repo.js';

export const VALUE_RECOMPUTE_JOB = 'value.recompute';
const SETTINGS_KEY = 'value';
/** Customers read from the statistics table at a time. */
const STATS_PAGE = 50_000;

interface WorkspaceInfo {
  id: string;
  timeZone: string;
  currency: string;
}

const withDefaults = (stored: unknown): ValueSettings => {
  const parsed = ValueSettingsUpdate.safeParse(stored ?? {});
  return { ...DEFAULT_VALUE_SETTINGS, ...(parsed.success ? parsed.data : {}) };
};

function toRun(row: ValueRunRow, currentId: string | null): ValueRun {
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: row.progress ?? null,
    asOf: row.asOf,
    unit: row.unit,
    currency: row.currency,
    customers: row.customers,
    orders: row.orders,
    transactionModel: row.transactionModel,
    settings: withDefaults(row.settings),
    fits: row.fits,
    validation: row.validation ?? null,
    error: row.error,
    current: row.id === currentId,
  };
}

function toCustomerValue(row: CustomerValueRow, run: ValueRunRow): CustomerValue {
  return {
    runId: row.runId,
    computedAt: run.finishedAt ?? run.requestedAt,
    currency: run.currency,
    recencyDays: row.recencyDays,
    orders: row.orders,
    spendMinor: row.spendMinor,
    rfm: { r: row.rfmR, f: row.rfmF, m: row.rfmM, segment: row.rfmSegment },
    frequency: row.frequency,
    recency: row.recency,
    age: row.age,
    pAlive: row.pAlive,
    expectedPurchases3m: row.expectedPurchases3m,
    expectedPurchases12m: row.expectedPurchases12m,
    expectedSpendMinor: row.expectedSpendMinor,
    clvMinor: row.clvMinor,
    heuristicClvMinor: row.heuristicClvMinor,
    tier: row.tier,
  };
}

/**
 * Customer value: runs that fit the models on a workspace's orders and store every customer's
 * scores (durable job, nightly and on request), the runs' validation, and the reads the 360,
 * the Value dashboard and the customers list show.
 */
export function createValueService(deps: {
  tx: Database['tx'];
  repo: ValueRepo;
  workspaces: {
    findById(id: string): Promise<WorkspaceInfo | undefined>;
    listAll(): Promise<(WorkspaceInfo & { settings: Record<string, unknown> })[]>;
    setting(workspaceId: string, key: string): Promise<unknown>;
    putSetting(workspaceId: string, key: string, value: unknown): Promise<void>;
  };
  jobs: Pick<JobRunner, 'enqueue'>;
  customers: Pick<CustomersService, 'assertExists'>;
  audit: AuditLog;
  clock: Clock;
  log?: (line: string) => void;
}) {
  const { repo, clock } = deps;

  const settings = async (workspaceId: string) =>
    withDefaults(await deps.workspaces.setting(workspaceId, SETTINGS_KEY));

  async function workspace(workspaceId: string): Promise<WorkspaceInfo> {
    const ws = await deps.workspaces.findById(workspaceId);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return ws;
  }

  async function newRun(actor: Actor, trigger: ValueRun['trigger'], id = newId()): Promise<ValueRunRow> {
    const ws = await workspace(actor.workspaceId);
    const s = await settings(actor.workspaceId);
    return repo.insertRun({
      workspaceId: actor.workspaceId,
      id,
      trigger,
      requestedBy: actorRef(actor),
      requestedAt: clock.now(),
      unit: s.unit,
      currency: ws.currency,
      transactionModel: s.transactionModel,
      settings: s,
    });
  }

  /**
   * Computes a run: reads every customer's purchase days in SQL, fits and scores in process,
   * writes the per-customer rows in chunks, then marks the run finished — only then does it
   * become current. Safe to repeat after a crash: an attempt first removes what an earlier one
   * wrote for the run.
   */
  async function execute(
    workspaceId: string,
    runId: string,
    opts: {
      heartbeat?: () => Promise<void>;
      signal?: AbortSignal;
      onProgress?: (p: ValueRun['progress']) => void;
    } = {},
  ): Promise<ValueRunRow> {
    const run = await repo.findRun(workspaceId, runId);
    if (!run) throw new AppError('VALUE_RUN_NOT_FOUND', { id: runId });
    if (run.status === 'succeeded') return run;
    const ws = await workspace(workspaceId);
    const s = withDefaults(run.settings);
    const progress = async (phase: string, done: number, total: number) => {
      const p = { phase, done, total };
      opts.onProgress?.(p);
      await repo.updateRun(workspaceId, runId, { progress: p });
      await opts.heartbeat?.();
    };
    const stopped = () => opts.signal?.aborted === true;
    await repo.updateRun(workspaceId, runId, { status: 'running', startedAt: clock.now(), error: null });
    try {
      await repo.clearResults(workspaceId, runId);
      const asOf = dayInZone(clock.now(), ws.timeZone);
      const calibrationEnd = addDays(asOf, -7 * s.holdoutWeeks);
      await progress('reading orders', 0, 1);
      const stats: PurchaseStats[] = [];
      const { repeatsByDay, orders } = await repo.purchaseStats(workspaceId, {
        currency: run.currency,
        timeZone: ws.timeZone,
        asOf,
        calibrationEnd,
        excludeGiftOrders: s.excludeGiftOrders,
        pageSize: STATS_PAGE,
        onPage: (rows) => {
          for (const r of rows) stats.push(r);
        },
      });
      if (stopped()) return run;
      await progress('fitting models', 0, stats.length);
      const portfolio = computePortfolio({
        stats,
        asOfDay: dayNumber(asOf),
        calibrationEndDay: dayNumber(calibrationEnd),
        repeatsByDay,
        settings: s,
      });
      const total = portfolio.customers.length;
      const chunk = 20_000;
      for (let i = 0; i < total; i += chunk) {
        if (stopped()) return run;
        await progress('storing results', i, total);
        await repo.insertResults(
          portfolio.customers.slice(i, i + chunk).map((c) => ({ workspaceId, runId, ...c })),
        );
      }
      const finished = await deps.tx(async () => {
        const row = await repo.updateRun(workspaceId, runId, {
          status: 'succeeded',
          finishedAt: clock.now(),
          asOf,
          customers: total,
          orders,
          fits: portfolio.fits,
          validation: portfolio.validation,
          progress: { phase: 'done', done: total, total },
        });
        await repo.pruneResults(workspaceId, s.keepRuns);
        return row!;
      });
      deps.log?.(`value run ${runId}: ${total} customers, ${orders} orders`);
      return finished;
    } catch (err) {
      const message =
        err instanceof PortfolioError
          ? err.message
          : `the run failed: ${err instanceof Error ? err.message : String(err)}`;
      await repo.updateRun(workspaceId, runId, { status: 'failed', finishedAt: clock.now(), error: message });
      if (err instanceof PortfolioError) return (await repo.findRun(workspaceId, runId))!;
      throw err;
    }
  }

  async function currentId(workspaceId: string): Promise<string | null> {
    return (await repo.currentRun(workspaceId))?.id ?? null;
  }

  return {
    settings,

    /** The run whose results are current, for features that read them with their own data. */
    currentRunId: currentId,

    async getSettings(actor: Actor): Promise<ValueSettings> {
      requirePermission(actor, 'crm:read');
      return settings(actor.workspaceId);
    },

    async updateSettings(actor: Actor, input: ValueSettingsUpdate): Promise<ValueSettings> {
      requirePermission(actor, 'workspace:manage');
      const patch = ValueSettingsUpdate.parse(input);
      const before = await settings(actor.workspaceId);
      const after = ValueSettings.parse({ ...before, ...patch });
      await deps.workspaces.putSetting(actor.workspaceId, SETTINGS_KEY, after);
      await deps.audit.record(actor, {
        action: 'value_settings.update',
        entityType: 'workspace',
        entityId: actor.workspaceId,
        before,
        after,
      });
      return after;
    },

    /**
     * "Recompute now": queues a run as a durable job (it survives a restart). While a run is
     * queued or running, asking again answers that run instead of starting a second.
     */
    async requestRecompute(actor: Actor): Promise<ValueRun> {
      requirePermission(actor, 'data:import');
      const active = await repo.activeRun(actor.workspaceId);
      if (active) return toRun(active, await currentId(actor.workspaceId));
      const run = await deps.tx(async () => {
        const row = await newRun(actor, 'manual');
        await deps.jobs.enqueue(actor.workspaceId, VALUE_RECOMPUTE_JOB, { runId: row.id });
        await deps.audit.record(actor, {
          action: 'value.recompute',
          entityType: 'value_run',
          entityId: row.id,
        });
        return row;
      });
      return toRun(run, await currentId(actor.workspaceId));
    },

    /** The CLI's `value recompute`: a run computed in this process, start to end. */
    async recomputeNow(actor: Actor, onProgress?: (p: ValueRun['progress']) => void): Promise<ValueRun> {
      requirePermission(actor, 'data:import');
      const row = await newRun(actor, 'cli');
      await deps.audit.record(actor, {
        action: 'value.recompute',
        entityType: 'value_run',
        entityId: row.id,
      });
      const done = await execute(actor.workspaceId, row.id, { onProgress });
      return toRun(done, await currentId(actor.workspaceId));
    },

    /** The durable job's handler. */
    async handleJob(ctx: JobContext): Promise<void> {
      const runId = String(ctx.job.payload.runId ?? '');
      await execute(ctx.job.workspaceId, runId, { heartbeat: ctx.heartbeat, signal: ctx.signal });
    },

    /**
     * The nightly schedule: for each workspace that wants it, once its local clock has passed
     * the nightly hour, one run a local day (the job's dedupe key is the day, so several
     * processes ticking at once still queue one).
     */
    async nightlyTick(now: Date): Promise<void> {
      for (const ws of await deps.workspaces.listAll()) {
        const s = withDefaults(ws.settings[SETTINGS_KEY]);
        if (!s.nightly) continue;
        const hour = hourInZone(now, ws.timeZone);
        if (hour < s.nightlyHour) continue;
        const day = dayInZone(now, ws.timeZone);
        await deps.tx(async () => {
          const runId = newId();
          const { created } = await deps.jobs.enqueue(
            ws.id,
            VALUE_RECOMPUTE_JOB,
            { runId },
            { dedupeKey: `nightly:${day}` },
          );
          if (created) await newRun(systemActor(ws.id, 'nightly'), 'nightly', runId);
        });
      }
    },

    async listRuns(actor: Actor): Promise<ValueRun[]> {
      requirePermission(actor, 'crm:read');
      const current = await currentId(actor.workspaceId);
      return (await repo.listRuns(actor.workspaceId, 50)).map((r) => ({
        ...toRun(r, current),
        validation: null,
      }));
    },

    async getRun(actor: Actor, id: string): Promise<ValueRun> {
      requirePermission(actor, 'crm:read');
      const row = await repo.findRun(actor.workspaceId, id);
      if (!row) throw new AppError('VALUE_RUN_NOT_FOUND', { id });
      return toRun(row, await currentId(actor.workspaceId));
    },

    /** The 360's value panel. */
    async customerPanel(actor: Actor, customerId: string): Promise<CustomerValuePanel> {
      requirePermission(actor, 'crm:read');
      await deps.customers.assertExists(actor, customerId);
      const run = await repo.currentRun(actor.workspaceId);
      if (!run) return { current: null, history: [], run: null };
      const row = await repo.findResult(actor.workspaceId, run.id, customerId);
      const { validation: _omit, ...summary } = toRun(run, run.id);
      return {
        current: row ? toCustomerValue(row, run) : null,
        history: await repo.history(actor.workspaceId, customerId),
        run: summary,
      };
    },

    /** The Value dashboard of the current run (or a given one). */
    async dashboard(actor: Actor, runId?: string): Promise<ValueDashboard> {
      requirePermission(actor, 'crm:read');
      const run = runId
        ? await repo.findRun(actor.workspaceId, runId)
        : await repo.currentRun(actor.workspaceId);
      if (runId && !run) throw new AppError('VALUE_RUN_NOT_FOUND', { id: runId });
      const empty: ValueDashboard = {
        run: null,
        tiers: [],
        clvHistogram: [],
        rfmGrid: [],
        segments: [],
        pAliveHistogram: [],
        totals: { customers: 0, clvMinor: 0, heuristicClvMinor: 0, expectedPurchases12m: 0 },
      };
      if (!run) return empty;
      const current = await currentId(actor.workspaceId);
      const buckets = 20;
      const d = await repo.dashboard(actor.workspaceId, run.id, buckets);
      const tierRows = new Map(d.tiers.map((t) => [String(t.tier), t]));
      return {
        run: toRun(run, current),
        tiers: VALUE_TIERS.map((tier) => ({
          tier,
          customers: Number(tierRows.get(tier)?.n ?? 0),
          clvMinor: Number(tierRows.get(tier)?.clv ?? 0),
          minClvMinor: Number(tierRows.get(tier)?.min_clv ?? 0),
        })),
        clvHistogram: d.histogram.map((h) => ({
          fromMinor: d.lo + Number(h.b) * d.width,
          toMinor: d.lo + (Number(h.b) + 1) * d.width,
          customers: Number(h.n),
        })),
        rfmGrid: d.grid.map((g) => ({
          r: Number(g.r),
          fm: Number(g.fm),
          customers: Number(g.n),
          segment: g.segment as ValueDashboard['rfmGrid'][number]['segment'],
        })),
        segments: d.segments.map((g) => ({
          segment: g.segment as ValueDashboard['segments'][number]['segment'],
          customers: Number(g.n),
          clvMinor: Number(g.clv),
        })),
        pAliveHistogram: d.alive.map((a) => ({
          from: Number(a.b) / 10,
          to: (Number(a.b) + 1) / 10,
          customers: Number(a.n),
        })),
        totals: {
          customers: Number(d.range?.n ?? 0),
          clvMinor: Number(d.range?.clv ?? 0),
          heuristicClvMinor: Number(d.range?.heuristic ?? 0),
          expectedPurchases12m: Number(d.range?.e12 ?? 0),
        },
      };
    },
  };
}
export type ValueService = ReturnType<typeof createValueService>;
