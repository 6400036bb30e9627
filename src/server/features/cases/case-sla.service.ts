import {
  type BusinessCalendar,
  type CaseSla,
  CaseSlaSettings,
  type CaseSlaSettingsInput,
  type CaseSlaSettingsOut,
  DEFAULT_SLA_ESCALATION,
  type SlaEscalation,
  type SlaPolicy,
} from '../../../shared/contracts/case-sla.js';
import {
  CASE_SEVERITIES,
  type SlaHistoryEntry,
  type SlaTargetKind,
} from '../../../shared/contracts/cases.js';
import type { RelationshipType } from '../../../shared/contracts/relationships.js';
import type { TaskCreate } from '../../../shared/contracts/tasks.js';
import type { ValueTier } from '../../../shared/contracts/value.js';
import type { Database } from '../../db/client.js';
import type { JobContext, JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, actorRef, systemActor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditEntry, AuditLog } from '../audit/audit.service.js';
import { requirePermission } from '../auth/auth.policy.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { UsersService } from '../users/users.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaseSlaRepo, SlaCase, StoredSlaUpdate } from './case-sla.repo.js';
import type { CaseEventInsert, CaseRow, CasesRepo } from './cases.repo.js';
import {
  type CompiledCalendar,
  compileCalendar,
  type BusinessCalendar as EngineCalendar,
  officeHours,
  validateCalendar,
} from './core/business-time.js';
import { choosePolicy, type SlaPolicy as EnginePolicy, evaluateSla } from './core/sla.js';
import {
  overallState,
  raisedSeverity,
  reassignDueAt,
  type StoredSla,
  slaTransitions,
  storedSlaOf,
} from './core/sla-store.js';

/** The workspace settings section the SLA policies and calendars live in. */
const SETTINGS_KEY = 'caseSla';

/**
 * The shipped policies, in business minutes (an 8-hour day): a standard one for every case; a
 * faster one for the most valuable customers; the fastest for a customer whose relationship is
 * enmity, where senior, quick service comes first (PRODUCT.md §2 and §4: recovery is worth most
 * when it is fast).
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  {
    id: 'standard',
    name: 'Standard',
    targets: {
      low: { first_response: 480, next_response: 960, resolution: 2400 },
      normal: { first_response: 240, next_response: 480, resolution: 1440 },
      high: { first_response: 60, next_response: 240, resolution: 480 },
      urgent: { first_response: 30, next_response: 60, resolution: 240 },
    },
    warnAtShare: 0.75,
    priority: 0,
  },
  {
    id: 'top-customers',
    name: 'Top customers',
    targets: {
      low: { first_response: 240, next_response: 480, resolution: 1440 },
      normal: { first_response: 120, next_response: 240, resolution: 960 },
      high: { first_response: 30, next_response: 120, resolution: 480 },
      urgent: { first_response: 15, next_response: 30, resolution: 240 },
    },
    warnAtShare: 0.75,
    match: { valueTiers: ['top'] },
    priority: 10,
  },
  {
    id: 'recovery',
    name: 'Recovery (enmity)',
    targets: {
      low: { first_response: 60, next_response: 120, resolution: 960 },
      normal: { first_response: 60, next_response: 120, resolution: 960 },
      high: { first_response: 30, next_response: 60, resolution: 480 },
      urgent: { first_response: 15, next_response: 30, resolution: 240 },
    },
    warnAtShare: 0.6,
    match: { relationshipTypes: ['enmity'] },
    priority: 20,
  },
];

/** The engine's policy: every severity present (none left out means no targets for it). */
function toEngine(policy: SlaPolicy): EnginePolicy {
  const targets = Object.fromEntries(CASE_SEVERITIES.map((s) => [s, policy.targets[s] ?? {}]));
  return { ...policy, targets: targets as EnginePolicy['targets'] };
}

/** The durable job that sweeps one workspace's cases whose SLA check is due. */
export const CASE_SLA_SWEEP_JOB = 'cases.sla_sweep';

/** Cases evaluated per statement and per transaction by the sweep, and chunks at once. */
const SWEEP_CHUNK = 2_000;
const SWEEP_PARALLEL = 2;

const TARGET_LABEL: Record<SlaTargetKind, string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

/**
 * SLA policies and business calendars per workspace; where each case's timers stand; and the
 * stored SLA of every case, kept current on each change of a case (`refresh`) and by the sweep
 * job, which also warns and escalates (docs/cases.md, "SLA and escalation").
 */
export function createCaseSlaService(deps: {
  tx: Database['tx'];
  workspaces: Pick<WorkspacesService, 'setting' | 'putSetting' | 'findById'>;
  repo: CaseSlaRepo;
  cases: Pick<CasesRepo, 'findById' | 'insertEvents'>;
  relationships: {
    typeAndTier(
      actor: Actor,
      customerId: string,
    ): Promise<{ type: RelationshipType | null; valueTier: ValueTier | null }>;
    typesAndTiers(
      actor: Actor,
      customerIds: readonly string[],
    ): Promise<{ customerId: string; type: RelationshipType | null; valueTier: ValueTier | null }[]>;
  };
  users: Pick<UsersService, 'activeIdsWithRole'>;
  tasks: Pick<TasksService, 'createMany'>;
  jobs: Pick<JobRunner, 'enqueue'>;
  audit: AuditLog;
  clock: Clock;
}) {
  async function defaults(workspaceId: string): Promise<CaseSlaSettings> {
    const ws = await deps.workspaces.findById(workspaceId);
    if (!ws) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
    return {
      escalation: structuredClone(DEFAULT_SLA_ESCALATION),
      policies: DEFAULT_SLA_POLICIES.map((p) => structuredClone(p)),
      calendars: { default: officeHours(ws.timeZone) as BusinessCalendar, byLocation: {} },
    };
  }

  let lastSweepMinute: number | null = null;

  async function settingsOf(workspaceId: string): Promise<CaseSlaSettingsOut> {
    const stored = CaseSlaSettings.safeParse(await deps.workspaces.setting(workspaceId, SETTINGS_KEY));
    return stored.success
      ? { ...stored.data, customised: true }
      : { ...(await defaults(workspaceId)), customised: false };
  }

  /** One workspace's policies and compiled calendars, for evaluating many cases. */
  function evaluator(settings: CaseSlaSettings) {
    const policies = settings.policies.map(toEngine);
    const compiled = new Map<string, CompiledCalendar>();
    const chosen = new Map<string, EnginePolicy | null>();
    const calendarOf = (location: string | null) => {
      const own = location ? settings.calendars.byLocation[location] : undefined;
      const key = own ? `@${location}` : '';
      let c = compiled.get(key);
      if (!c) {
        c = compileCalendar((own ?? settings.calendars.default) as EngineCalendar);
        compiled.set(key, c);
      }
      return { calendar: c, own: Boolean(own), timeZone: (own ?? settings.calendars.default).timeZone };
    };
    return {
      calendarOf,
      evaluate(
        row: Pick<CaseRow, 'severity' | 'openedAt' | 'location' | 'team'>,
        facts: { type: RelationshipType | null; valueTier: ValueTier | null } | undefined,
        history: SlaHistoryEntry[],
        now: Date,
      ) {
        // A sweep sees the same few combinations of facts over and over.
        const key = `${row.severity}|${facts?.valueTier ?? ''}|${facts?.type ?? ''}|${row.team ?? ''}`;
        let policy = chosen.get(key);
        if (policy === undefined) {
          policy = choosePolicy(policies, {
            severity: row.severity,
            valueTier: facts?.valueTier ?? null,
            relationshipType: facts?.type ?? null,
            team: row.team,
          });
          chosen.set(key, policy);
        }
        const { calendar } = calendarOf(row.location);
        const statuses = policy
          ? evaluateSla(
              policy,
              calendar,
              { severity: row.severity, openedAt: row.openedAt, events: history },
              now,
            )
          : [];
        return { policy, calendar, statuses };
      },
    };
  }

  async function managersOf(sys: Actor, escalation: SlaEscalation): Promise<string[]> {
    if (escalation.managerUserId) return [escalation.managerUserId];
    const managers = await deps.users.activeIdsWithRole(sys, ['manager']);
    return managers.length ? managers : deps.users.activeIdsWithRole(sys, ['admin']);
  }

  /**
   * Evaluates the cases' timers at `now`, acts on what changed since they were stored — a
   * target entering warning or breached is written in the history; a breach escalates (severity
   * raised, the manager told by a task, the case reassigned as configured); an assignee who has
   * not replied in time loses the case — and stores the result. Runs in the caller's
   * transaction. Actions are the system's (`SLA`), whoever's change led to them. Idempotent: what
   * was acted on is stored with the state, so a second pass at the same instant does nothing.
   */
  async function apply(
    workspaceId: string,
    ids: readonly string[],
    now: Date,
    opts: { skipLocked?: boolean } = {},
  ): Promise<number> {
    const rows = await deps.repo.cases(workspaceId, ids, opts);
    if (rows.length === 0) return 0;
    const settings = await settingsOf(workspaceId);
    const sys = systemActor(workspaceId, 'SLA');
    const facts = await deps.relationships.typesAndTiers(sys, [...new Set(rows.map((r) => r.customerId))]);
    const factsOf = new Map(facts.map((f) => [f.customerId, f]));
    const ev = evaluator(settings);
    const { escalation } = settings;
    const events: CaseEventInsert[] = [];
    const updates: StoredSlaUpdate[] = [];
    const event = (
      caseId: string,
      fields: Omit<CaseEventInsert, 'workspaceId' | 'id' | 'caseId' | 'at' | 'actor'>,
    ) => events.push({ workspaceId, id: newId(), caseId, at: now, actor: actorRef(sys), ...fields });
    let managers: string[] | null = null;
    const changed: SlaCase[] = [];
    const notices: { customerId: string; task: TaskCreate }[] = [];
    const audits: AuditEntry[] = [];

    for (let row of rows) {
      const { history } = row;
      let { policy, calendar, statuses } = ev.evaluate(
        row,
        factsOf.get(row.customerId),
        history.entries,
        now,
      );
      let stored = storedSlaOf(policy?.id ?? null, statuses, now);
      const { warned, breached } = slaTransitions(row.sla?.targets ?? [], stored.targets);
      const reassignAt = reassignDueAt(calendar, reassignFacts(row), escalation.autoReassignAfterMinutes);
      const patch: Partial<CaseRow> = {};

      for (const target of warned) {
        event(row.id, { kind: 'sla_warning', details: { target, dueAt: dueOf(stored, target) } });
      }
      for (const target of breached) {
        event(row.id, { kind: 'sla_breached', details: { target, dueAt: dueOf(stored, target) } });
      }
      if (breached.length) {
        const rule = escalation.onBreach;
        const level = row.escalationLevel + 1;
        const toSeverity = rule.raiseSeverity ? raisedSeverity(row.severity) : row.severity;
        const toUser = rule.reassignToUserId ?? (rule.reassignToTeam ? null : row.assigneeUserId);
        const toTeam = rule.reassignToTeam ?? row.team;
        if (rule.notifyManager && managers === null) managers = await managersOf(sys, escalation);
        const told = rule.notifyManager ? (managers ?? []) : [];
        Object.assign(patch, { severity: toSeverity, escalationLevel: level, escalatedAt: now });
        if (toUser !== row.assigneeUserId || toTeam !== row.team) {
          Object.assign(patch, { assigneeUserId: toUser, team: toTeam, assignedAt: toUser ? now : null });
        }
        event(row.id, {
          kind: 'escalated',
          reason: `${breached.map((t) => TARGET_LABEL[t]).join(' and ')} target breached`,
          details: {
            level,
            targets: breached,
            fromSeverity: row.severity,
            toSeverity,
            reassignedTo: patch.assigneeUserId !== undefined ? { userId: toUser, team: toTeam } : null,
            notified: told,
          },
        });
        for (const managerId of told) {
          notices.push({
            customerId: row.customerId,
            task: {
              title: `Case ${row.reference}: ${breached.map((t) => TARGET_LABEL[t]).join(' and ')} target breached`,
              description: `"${row.subject}" (severity ${row.severity}${toSeverity !== row.severity ? `, raised to ${toSeverity}` : ''}) is past its SLA. Open /cases/${row.id}`,
              assigneeId: managerId,
              dueAt: now.toISOString(),
            },
          });
        }
      } else if (reassignAt && reassignAt.getTime() <= now.getTime()) {
        const toUser = escalation.autoReassignTo === row.assigneeUserId ? null : escalation.autoReassignTo;
        Object.assign(patch, { assigneeUserId: toUser, assignedAt: toUser ? now : null });
        event(row.id, {
          kind: 'auto_reassigned',
          reason: `no reply within ${escalation.autoReassignAfterMinutes} business minutes of assignment`,
          details: {
            fromUserId: row.assigneeUserId,
            toUserId: toUser,
            afterMinutes: escalation.autoReassignAfterMinutes,
          },
        });
      }
      if (patch.assigneeUserId !== undefined) {
        event(row.id, {
          kind: 'assignment',
          assigneeUserId: patch.assigneeUserId,
          team: patch.team ?? row.team,
        });
      }
      if (Object.keys(patch).length) {
        const before = row;
        row = { ...row, ...patch, updatedAt: now, updatedBy: actorRef(sys) };
        changed.push(row);
        audits.push({
          action: 'case.escalate',
          entityType: 'case',
          entityId: row.id,
          before: escalationFields(before),
          after: escalationFields(row),
        });
        // The case changed (severity, team): its policy and targets may have too.
        ({ policy, calendar, statuses } = ev.evaluate(
          row,
          factsOf.get(row.customerId),
          history.entries,
          now,
        ));
        stored = storedSlaOf(policy?.id ?? null, statuses, now);
      }
      const nextReassign = reassignDueAt(calendar, reassignFacts(row), escalation.autoReassignAfterMinutes);
      const next = { id: row.id, ...stored, checkAt: earliestOf(stored.checkAt, nextReassign) };
      // Unchanged since it was stored (a re-evaluation that moved nothing): no write.
      if (!sameStored(row.sla, next)) updates.push(next);
    }
    await deps.repo.escalate(workspaceId, changed);
    await deps.cases.insertEvents(events);
    await deps.repo.store(workspaceId, updates);
    await deps.tasks.createMany(sys, notices);
    await deps.audit.recordMany(sys, audits);
    return rows.length;
  }

  return {
    async getSettings(actor: Actor): Promise<CaseSlaSettingsOut> {
      requirePermission(actor, 'crm:read');
      return settingsOf(actor.workspaceId);
    },

    /**
     * Replaces the policies, calendars and escalation rules (admins; audited); `null` goes back
     * to the defaults. Open cases are re-evaluated by the next sweep.
     */
    async putSettings(actor: Actor, input: CaseSlaSettingsInput | null): Promise<CaseSlaSettingsOut> {
      requirePermission(actor, 'workspace:manage');
      const before = await settingsOf(actor.workspaceId);
      let next: CaseSlaSettings | null = null;
      if (input !== null) {
        next = CaseSlaSettings.parse(input);
        const calendars: [string, BusinessCalendar][] = [
          ['body.calendars.default', next.calendars.default],
          ...Object.entries(next.calendars.byLocation).map(
            ([location, c]) => [`body.calendars.byLocation.${location}`, c] as [string, BusinessCalendar],
          ),
        ];
        const problems = calendars.flatMap(([path, c]) =>
          validateCalendar(c).map((p) => ({ path: `${path}.${p.path}`, message: p.message })),
        );
        if (problems.length) {
          throw new AppError(
            'VALIDATION_FAILED',
            {},
            problems,
            `${problems[0]!.path}: ${problems[0]!.message}`,
          );
        }
      }
      await deps.tx(async () => {
        await deps.workspaces.putSetting(actor.workspaceId, SETTINGS_KEY, next ?? undefined);
        await deps.repo.recheckOpen(actor.workspaceId, deps.clock.now());
      });
      const after = await settingsOf(actor.workspaceId);
      await deps.audit.record(actor, {
        action: next ? 'case.sla_settings' : 'case.sla_settings_reset',
        entityType: 'workspace',
        entityId: actor.workspaceId,
        before: { policies: before.policies.map((p) => p.id), customised: before.customised },
        after: { policies: after.policies.map((p) => p.id), customised: after.customised },
      });
      return after;
    },

    /**
     * Every target of the case's policy for its severity, counted in the calendar of its
     * location (else the default), as of now: due times, business minutes used and left, and
     * on track / warning / breached / paused / met / missed. The policy is chosen by severity,
     * the customer's value tier and relationship type, and the team.
     */
    async forCase(actor: Actor, caseId: string): Promise<CaseSla> {
      requirePermission(actor, 'crm:read');
      const found = await deps.cases.findById(actor.workspaceId, caseId);
      if (!found || found.deletedAt) throw new AppError('CASE_NOT_FOUND', { id: caseId });
      const [settings, histories, facts] = await Promise.all([
        settingsOf(actor.workspaceId),
        deps.repo.histories(actor.workspaceId, [caseId]),
        deps.relationships.typeAndTier(actor, found.customerId),
      ]);
      const now = deps.clock.now();
      const ev = evaluator(settings);
      const { policy, statuses } = ev.evaluate(found, facts, histories.get(caseId)?.entries ?? [], now);
      const cal = ev.calendarOf(found.location);
      return {
        caseId,
        policy: policy ? { id: policy.id, name: policy.name } : null,
        calendar: { location: cal.own ? found.location : null, timeZone: cal.timeZone },
        facts: { severity: found.severity, valueTier: facts.valueTier, relationshipType: facts.type },
        targets: statuses,
        state: overallState(statuses.map((t) => t.state)),
        evaluatedAt: now,
      };
    },

    /**
     * Re-evaluates and stores the SLA of cases just changed (cases.service calls it in the
     * change's transaction), acting on any warning or breach at once.
     */
    async refresh(actor: Actor, ids: readonly string[]): Promise<void> {
      await apply(actor.workspaceId, ids, deps.clock.now());
    },

    /** Enqueues a sweep of each workspace with cases due a check, at most one a minute each. */
    async sweepTick(now: Date): Promise<void> {
      const minute = Math.floor(now.getTime() / 60_000);
      // The runner ticks every few seconds; which workspaces are due is asked once a minute.
      if (minute === lastSweepMinute) return;
      lastSweepMinute = minute;
      for (const ws of await deps.repo.workspacesDue(now)) {
        await deps.jobs.enqueue(ws, CASE_SLA_SWEEP_JOB, {}, { dedupeKey: `sweep:${minute}` });
      }
    },

    /**
     * The sweep job: every case of the workspace whose check is due, in chunks of 2,000 each in
     * its own transaction; a case being changed meanwhile is left to that change's refresh.
     * Stops between chunks when the runner stops; what is done stays done.
     */
    async handleSweepJob(ctx: JobContext): Promise<void> {
      const workspaceId = ctx.job.workspaceId;
      await sweep(workspaceId, deps.clock.now(), ctx);
    },

    /** One sweep of a workspace at `now` (the job's body; the benchmark calls it). Answers the cases evaluated. */
    sweep: (workspaceId: string, now: Date) => sweep(workspaceId, now),
  };

  /**
   * Sweeps the workspace's cases due a check at `now`: chunks of ids in order, each chunk
   * evaluated and stored in its own transaction, two at a time so one chunk's reads overlap
   * another's evaluation. Answers the number of cases evaluated.
   */
  async function sweep(workspaceId: string, now: Date, ctx?: Pick<JobContext, 'heartbeat' | 'signal'>) {
    let after: string | null = null;
    let done = 0;
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    try {
      while (!ctx?.signal.aborted && failures.length === 0) {
        const ids = await deps.repo.dueIds(workspaceId, now, SWEEP_CHUNK, after);
        if (ids.length === 0) break;
        after = ids.at(-1)!;
        const chunk: Promise<void> = deps
          .tx(() => apply(workspaceId, ids, now, { skipLocked: true }))
          .then(
            (n) => {
              done += n;
            },
            (err: unknown) => {
              failures.push(err);
            },
          )
          .finally(() => inFlight.delete(chunk));
        inFlight.add(chunk);
        if (inFlight.size >= SWEEP_PARALLEL) await Promise.race(inFlight);
        await ctx?.heartbeat();
      }
    } finally {
      await Promise.all(inFlight);
    }
    if (failures.length) throw failures[0];
    return done;
  }
}
export type CaseSlaService = ReturnType<typeof createCaseSlaService>;

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** Whether what would be stored is what is stored already (the evaluation time aside). */
function sameStored(before: SlaCase['sla'], next: StoredSla): boolean {
  if (!before) return false;
  if (
    before.policyId !== next.policyId ||
    before.state !== next.state ||
    ms(before.dueAt) !== ms(next.dueAt) ||
    ms(before.checkAt) !== ms(next.checkAt) ||
    before.targets.length !== next.targets.length
  ) {
    return false;
  }
  return next.targets.every((t, i) => {
    const b = before.targets[i]!;
    return (
      b.kind === t.kind &&
      b.state === t.state &&
      b.targetMinutes === t.targetMinutes &&
      b.dueAt === t.dueAt &&
      b.warnAt === t.warnAt
    );
  });
}

function reassignFacts(row: SlaCase) {
  return {
    assigneeUserId: row.assigneeUserId,
    assignedAt: row.assignedAt,
    status: row.status,
    lastAgentReplyAt: row.history.lastAgentReplyAt,
  };
}

/** What an escalation may change on a case, for its audit entry. */
function escalationFields(r: SlaCase) {
  return {
    severity: r.severity,
    assigneeUserId: r.assigneeUserId,
    team: r.team,
    escalationLevel: r.escalationLevel,
  };
}

function dueOf(stored: StoredSla, target: SlaTargetKind): string | null {
  return stored.targets.find((t) => t.kind === target)?.dueAt ?? null;
}

function earliestOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
