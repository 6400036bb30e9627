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
  type CaseSeverity,
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
import type { CaseSlaRepo, SlaCase, SlaCaseChange, StoredSlaRow, StoredSlaUpdate } from './case-sla.repo.js';
import type { CaseEventInsert, CasesRepo } from './cases.repo.js';
import {
  type CompiledCalendar,
  compileCalendar,
  type BusinessCalendar as EngineCalendar,
  officeHours,
  validateCalendar,
} from './core/business-time.js';
import { choosePolicy, type SlaPolicy as EnginePolicy, evaluateSla } from './core/sla.js';
import {
  advancedSla,
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

type EventFields = Omit<CaseEventInsert, 'workspaceId' | 'id' | 'caseId' | 'at' | 'actor'>;

/** An event the SLA (the system) writes in a case's history. */
const slaEvent = (sys: Actor, now: Date, caseId: string, fields: EventFields): CaseEventInsert => ({
  workspaceId: sys.workspaceId,
  id: newId(),
  caseId,
  at: now,
  actor: actorRef(sys),
  ...fields,
});

/** What the policy choice knows of a case's customer. */
type Facts = { type: RelationshipType | null; valueTier: ValueTier | null };

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
  /** The policy for a case with these facts. A sweep sees the same few combinations over and over. */
  const policyOf = (row: Pick<SlaCase, 'severity' | 'team'>, facts: Facts | undefined) => {
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
    return policy;
  };
  return {
    calendarOf,
    policyOf,
    evaluate(
      row: Pick<SlaCase, 'severity' | 'openedAt' | 'location' | 'team'>,
      facts: Facts | undefined,
      history: SlaHistoryEntry[],
      now: Date,
    ) {
      const policy = policyOf(row, facts);
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

/** What evaluating a chunk of one workspace's cases reads once (see `sweepContext`). */
interface SweepContext {
  settings: CaseSlaSettings;
  ev: ReturnType<typeof evaluator>;
  factsOf: Map<string, Facts>;
}

/** The durable job that sweeps one workspace's cases whose SLA check is due. */
export const CASE_SLA_SWEEP_JOB = 'cases.sla_sweep';

/**
 * Due case ids the sweep reads at a time; cases per statement and per transaction; transactions
 * at once — three, so that while two wait on the database the third is evaluated (bench/cases.ts:
 * 7.5–8 s for 200,000 cases evaluated in full, against 8.3–8.7 s with two).
 */
const SWEEP_PAGE = 50_000;
const SWEEP_CHUNK = 1_000;
const SWEEP_PARALLEL = 3;

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

  async function managersOf(sys: Actor, escalation: SlaEscalation): Promise<string[]> {
    if (escalation.managerUserId) return [escalation.managerUserId];
    const managers = await deps.users.activeIdsWithRole(sys, ['manager']);
    return managers.length ? managers : deps.users.activeIdsWithRole(sys, ['admin']);
  }

  /** A workspace's settings, their evaluator and the customers' facts read so far: one per sweep chunk. */
  async function sweepContext(workspaceId: string): Promise<SweepContext> {
    const settings = await settingsOf(workspaceId);
    return { settings, ev: evaluator(settings), factsOf: new Map() };
  }

  /** Adds to `factsOf` the facts of the cases' customers it does not hold yet. */
  async function withFacts(sys: Actor, factsOf: Map<string, Facts>, rows: readonly { customerId: string }[]) {
    const missing = [...new Set(rows.map((r) => r.customerId))].filter((id) => !factsOf.has(id));
    // A customer without a profile or an override has no facts: known as such, not asked again.
    for (const id of missing) factsOf.set(id, { type: null, valueTier: null });
    for (const f of await deps.relationships.typesAndTiers(sys, missing)) factsOf.set(f.customerId, f);
  }

  /** The manager's task for each breach: which targets, the case's reference and subject, a link. */
  async function notices(
    workspaceId: string,
    breaches: readonly { row: SlaCase; targets: SlaTargetKind[]; toSeverity: CaseSeverity; told: string[] }[],
    now: Date,
  ): Promise<{ customerId: string; task: TaskCreate }[]> {
    if (breaches.length === 0) return [];
    const labels = await deps.repo.labels(
      workspaceId,
      breaches.map((b) => b.row.id),
    );
    return breaches.flatMap(({ row, targets, toSeverity, told }) => {
      const label = labels.get(row.id);
      const which = targets.map((t) => TARGET_LABEL[t]).join(' and ');
      const raised = toSeverity !== row.severity ? `, raised to ${toSeverity}` : '';
      return told.map((managerId) => ({
        customerId: row.customerId,
        task: {
          title: `Case ${label?.reference ?? row.id}: ${which} target breached`,
          description: `"${label?.subject ?? ''}" (severity ${row.severity}${raised}) is past its SLA. Open /cases/${row.id}`,
          assigneeId: managerId,
          dueAt: now.toISOString(),
        },
      }));
    });
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
    opts: { skipLocked?: boolean; context?: SweepContext } = {},
  ): Promise<number> {
    const rows = await deps.repo.cases(workspaceId, ids, opts);
    if (rows.length === 0) return 0;
    const sys = systemActor(workspaceId, 'SLA');
    const { settings, ev, factsOf } = opts.context ?? (await sweepContext(workspaceId));
    await withFacts(sys, factsOf, rows);
    const { escalation } = settings;
    const events: CaseEventInsert[] = [];
    const updates: StoredSlaUpdate[] = [];
    const event = (caseId: string, fields: EventFields) => events.push(slaEvent(sys, now, caseId, fields));
    let managers: string[] | null = null;
    const changed: SlaCaseChange[] = [];
    const breaches: { row: SlaCase; targets: SlaTargetKind[]; toSeverity: CaseSeverity; told: string[] }[] =
      [];
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
      const reassignDue = reassignDueAt(calendar, reassignFacts(row), escalation.autoReassignAfterMinutes);
      let change: SlaCaseChange | null = null;

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
        const reassigned = toUser !== row.assigneeUserId || toTeam !== row.team;
        change = {
          id: row.id,
          severity: toSeverity,
          escalationLevel: level,
          escalatedAt: now,
          assigneeUserId: toUser,
          team: toTeam,
          assignedAt: reassigned ? (toUser ? now : null) : row.assignedAt,
        };
        event(row.id, {
          kind: 'escalated',
          reason: `${breached.map((t) => TARGET_LABEL[t]).join(' and ')} target breached`,
          details: {
            level,
            targets: breached,
            fromSeverity: row.severity,
            toSeverity,
            reassignedTo: reassigned ? { userId: toUser, team: toTeam } : null,
            notified: told,
          },
        });
        if (reassigned) event(row.id, { kind: 'assignment', assigneeUserId: toUser, team: toTeam });
        if (told.length) breaches.push({ row, targets: breached, toSeverity, told });
      } else if (reassignDue && reassignDue.getTime() <= now.getTime()) {
        const toUser = escalation.autoReassignTo === row.assigneeUserId ? null : escalation.autoReassignTo;
        change = {
          id: row.id,
          severity: row.severity,
          escalationLevel: row.escalationLevel,
          escalatedAt: null,
          assigneeUserId: toUser,
          team: row.team,
          assignedAt: toUser ? now : null,
        };
        event(row.id, {
          kind: 'auto_reassigned',
          reason: `no reply within ${escalation.autoReassignAfterMinutes} business minutes of assignment`,
          details: {
            fromUserId: row.assigneeUserId,
            toUserId: toUser,
            afterMinutes: escalation.autoReassignAfterMinutes,
          },
        });
        event(row.id, { kind: 'assignment', assigneeUserId: toUser, team: row.team });
      }
      if (change) {
        const before = row;
        row = { ...row, ...change };
        changed.push(change);
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
      const reassignAt = reassignDueAt(calendar, reassignFacts(row), escalation.autoReassignAfterMinutes);
      const next = { id: row.id, ...stored, checkAt: earliestOf(stored.checkAt, reassignAt), reassignAt };
      // Unchanged since it was stored (a re-evaluation that moved nothing): no write.
      if (!sameStored(row.sla, next)) updates.push(next);
    }
    await deps.repo.escalate(workspaceId, changed, now, actorRef(sys));
    await deps.cases.insertEvents(events);
    await deps.repo.store(workspaceId, updates);
    await deps.tasks.createMany(sys, await notices(workspaceId, breaches, now));
    await deps.audit.recordMany(sys, audits);
    return rows.length;
  }

  /**
   * The sweep's pass over a chunk of due cases (in the caller's transaction). A case whose stored
   * SLA still holds — evaluated under the current settings, its policy still the one its facts
   * choose, no reassignment due — is moved on in time from what is stored (`advancedSla`, a
   * warning written in its history) without reading its history. The rest are evaluated in full
   * by `apply`: never evaluated, the settings changed, another policy now, a breach to escalate,
   * an assignee to replace. Answers the cases swept.
   */
  async function sweepChunk(
    workspaceId: string,
    due: readonly { id: string; evaluated: boolean }[],
    now: Date,
  ): Promise<number> {
    // Never evaluated, or not under the current settings: in full. The others may turn out to
    // need it too (`inFull`).
    const full = due.filter((d) => !d.evaluated).map((d) => d.id);
    const inFull: string[] = [];
    const rows = await deps.repo.stored(
      workspaceId,
      due.filter((d) => d.evaluated).map((d) => d.id),
      { skipLocked: true },
    );
    const sys = systemActor(workspaceId, 'SLA');
    // One reading of the settings and the customers' facts for the chunk, the full evaluations too.
    const context = await sweepContext(workspaceId);
    const { ev, factsOf } = context;
    await withFacts(sys, factsOf, rows);
    const events: CaseEventInsert[] = [];
    const updates: StoredSlaUpdate[] = [];
    for (const row of rows) {
      const { sla } = row;
      if (
        !sla?.evaluatedAt ||
        (sla.reassignAt && sla.reassignAt.getTime() <= now.getTime()) ||
        (ev.policyOf(row, factsOf.get(row.customerId))?.id ?? null) !== sla.policyId
      ) {
        inFull.push(row.id);
        continue;
      }
      const next = {
        id: row.id,
        ...advancedSla(sla.policyId, sla.targets, now, sla.reassignAt),
        reassignAt: sla.reassignAt,
      };
      const { warned, breached } = slaTransitions(sla.targets, next.targets);
      if (breached.length) {
        inFull.push(row.id);
        continue;
      }
      for (const target of warned) {
        events.push(
          slaEvent(sys, now, row.id, {
            kind: 'sla_warning',
            details: { target, dueAt: dueOf(next, target) },
          }),
        );
      }
      if (!sameStored(sla, next)) updates.push(next);
    }
    await deps.cases.insertEvents(events);
    await deps.repo.store(workspaceId, updates);
    const evaluated = await apply(workspaceId, [...full, ...inFull], now, { skipLocked: true, context });
    return rows.length - inFull.length + evaluated;
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
     * The sweep job: every case of the workspace whose check is due, in chunks of 1,000 each in
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
   * evaluated and stored in its own transaction, three at a time so one chunk's reads overlap
   * another's evaluation. Answers the number of cases evaluated.
   */
  async function sweep(workspaceId: string, now: Date, ctx?: Pick<JobContext, 'heartbeat' | 'signal'>) {
    let after: string | null = null;
    let done = 0;
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    const stopped = () => Boolean(ctx?.signal.aborted) || failures.length > 0;
    try {
      while (!stopped()) {
        // The due ids a page at a time: one scan of the check index per page, not per chunk.
        const page = await deps.repo.dueIds(workspaceId, now, SWEEP_PAGE, after);
        if (page.length === 0) break;
        after = page.at(-1)!.id;
        for (let i = 0; i < page.length && !stopped(); i += SWEEP_CHUNK) {
          const chunkDue = page.slice(i, i + SWEEP_CHUNK);
          const chunk: Promise<void> = deps
            .tx(() => sweepChunk(workspaceId, chunkDue, now))
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
        if (page.length < SWEEP_PAGE) break;
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

/**
 * Whether what would be stored is what is stored already (the evaluation time aside; one not
 * evaluated under the current settings is always written, so it counts as evaluated again).
 */
function sameStored(before: StoredSlaRow | null, next: StoredSla & { reassignAt: Date | null }): boolean {
  if (!before?.evaluatedAt) return false;
  if (
    ms(before.reassignAt) !== ms(next.reassignAt) ||
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
    return b[0] === t[0] && b[1] === t[1] && b[2] === t[2] && b[3] === t[3] && b[4] === t[4];
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

/** The target's due time, as the history's event details keep it (ISO). */
function dueOf(stored: StoredSla, target: SlaTargetKind): string | null {
  const due = stored.targets.find(([kind]) => kind === target)?.[3];
  return due === null || due === undefined ? null : new Date(due).toISOString();
}

function earliestOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
