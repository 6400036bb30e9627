/**
 * The SLA of a case as it is stored on the case row — so the inbox sorts by due time and counts
 * down without evaluating — and what changed since it was last stored, which the sweep acts on.
 * Pure: the evaluation itself is ./sla.ts, the business time ./business-time.ts.
 */
import {
  CASE_SEVERITIES,
  type CaseSeverity,
  type SlaState,
  type SlaTargetKind,
  type StoredSlaTarget,
} from '../../../../shared/contracts/cases.js';
import { addBusinessMillis, type CalendarLike } from './business-time.js';
import type { SlaStatus } from './sla.js';

/** The stored SLA columns of a case. */
export interface StoredSla {
  policyId: string | null;
  state: SlaState | null;
  targets: StoredSlaTarget[];
  dueAt: Date | null;
  checkAt: Date | null;
  evaluatedAt: Date;
}

const RUNNING_RANK: Partial<Record<SlaState, number>> = { breached: 4, warning: 3, on_track: 2, paused: 1 };

/**
 * The worst running state of a case's timers (breached › warning › on track › paused), else
 * whether any was missed, else met; `not_started` when every timer waits; null without timers.
 * @example overallState(['met', 'warning', 'paused']) === 'warning'
 */
export function overallState(states: readonly SlaState[]): SlaState | null {
  let worst: SlaState | null = null;
  for (const s of states) {
    if ((RUNNING_RANK[s] ?? 0) > (worst ? (RUNNING_RANK[worst] ?? 0) : 0)) worst = s;
  }
  if (worst) return worst;
  if (states.includes('missed')) return 'missed';
  if (states.includes('met')) return 'met';
  return states.length ? 'not_started' : null;
}

const earliest = (times: readonly (number | null | undefined)[]): Date | null => {
  let min: number | null = null;
  for (const t of times) if (t !== null && t !== undefined && (min === null || t < min)) min = t;
  return min === null ? null : new Date(min);
};

const RUNNING: ReadonlySet<SlaState> = new Set(['on_track', 'warning', 'breached']);

/**
 * What to store for a case whose timers are `statuses` at `now`: every target, the overall state,
 * the nearest due time of a timer still counting or overdue (the inbox's order), and when the
 * sweep must look again — a timer on track at its warning time, one in warning at its due time,
 * and `otherCheckAt` (the auto-reassignment time) — or null when nothing will change by itself.
 */
export function storedSlaOf(
  policyId: string | null,
  statuses: readonly SlaStatus[],
  now: Date,
  otherCheckAt: Date | null = null,
): StoredSla {
  const targets = statuses.map(
    (s): StoredSlaTarget => [
      s.kind,
      s.targetMinutes,
      s.state,
      s.dueAt ? s.dueAt.getTime() : null,
      s.warnAt ? s.warnAt.getTime() : null,
    ],
  );
  return storedOf(policyId, targets, now, otherCheckAt);
}

function storedOf(
  policyId: string | null,
  targets: StoredSlaTarget[],
  now: Date,
  otherCheckAt: Date | null,
): StoredSla {
  return {
    policyId,
    state: overallState(targets.map((t) => t[2])),
    targets,
    dueAt: earliest(targets.map(([, , state, due]) => (RUNNING.has(state) ? due : null))),
    checkAt: earliest([
      ...targets.map(([, , state, due, warn]) =>
        state === 'on_track' ? warn : state === 'warning' ? due : null,
      ),
      otherCheckAt ? otherCheckAt.getTime() : null,
    ]),
    evaluatedAt: now,
  };
}

/**
 * The stored targets moved on to `now` without evaluating the case again — valid while nothing
 * a timer depends on has changed since they were evaluated (the history, severity, team,
 * location, policy and calendars; each change of a case re-evaluates it): a running timer then
 * only moves on in time, on track → warning at its warning time → breached once past due, and
 * every other state stays. Equal to evaluating afresh at `now` (sla.test.ts checks it on random
 * histories), at the cost of a few comparisons.
 * @example
 * advancedSla('standard', [['resolution', 480, 'on_track', due, warn]], afterWarnBeforeDue)
 * // targets: [['resolution', 480, 'warning', due, null]], checkAt: due
 */
export function advancedSla(
  policyId: string | null,
  targets: readonly StoredSlaTarget[],
  now: Date,
  otherCheckAt: Date | null = null,
): StoredSla {
  const t = now.getTime();
  const moved = targets.map((target): StoredSlaTarget => {
    const [kind, minutes, state, due, warn] = target;
    if (state !== 'on_track' && state !== 'warning') return target;
    if (due !== null && t > due) return [kind, minutes, 'breached', due, null];
    if (state === 'on_track' && warn !== null && t >= warn) return [kind, minutes, 'warning', due, null];
    return target;
  });
  return storedOf(policyId, moved, now, otherCheckAt);
}

/** The targets that entered warning, and those that became breached, since `before` was stored. */
export interface SlaTransitions {
  warned: SlaTargetKind[];
  breached: SlaTargetKind[];
}

/**
 * Which targets crossed a line between two stored evaluations: into `warning` from on track (or
 * from nothing stored), and into `breached` from anything else. A target breached without ever
 * being seen in warning is only breached. A new next-response cycle (after `met`) can warn and
 * breach again.
 * @example slaTransitions([['resolution', 480, 'warning', due, null]], [['resolution', 480, 'breached', due, null]])
 * // { warned: [], breached: ['resolution'] }
 */
export function slaTransitions(
  before: readonly StoredSlaTarget[],
  after: readonly StoredSlaTarget[],
): SlaTransitions {
  const was = new Map(before.map(([kind, , state]) => [kind, state]));
  const warned: SlaTargetKind[] = [];
  const breached: SlaTargetKind[] = [];
  for (const [kind, , state] of after) {
    const prior = was.get(kind);
    if (state === 'breached' && prior !== 'breached') breached.push(kind);
    else if (state === 'warning' && prior !== 'warning' && prior !== 'breached') warned.push(kind);
  }
  return { warned, breached };
}

/** The case facts auto-reassignment looks at. */
export interface ReassignFacts {
  assigneeUserId: string | null;
  assignedAt: Date | null;
  status: string;
  /** The last reply to the customer, by anyone. */
  lastAgentReplyAt: Date | null;
}

const AWAITING_AGENT: ReadonlySet<string> = new Set(['new', 'acknowledged', 'in_progress']);

/**
 * When an assignee who has not answered loses the case: `afterMinutes` business minutes after
 * they were given it. Null when auto-reassignment is off, nobody is assigned, the case is not
 * waiting on staff (waiting on the customer, resolved, closed), or it was answered since.
 * @example
 * // Office hours, given the case Friday 16:30, 60 minutes: Monday 09:30
 * reassignDueAt(officeHours('UTC'), { assigneeUserId: 'u1', assignedAt: fri1630, status: 'new', lastAgentReplyAt: null }, 60)
 */
export function reassignDueAt(
  calendar: CalendarLike,
  facts: ReassignFacts,
  afterMinutes: number | null,
): Date | null {
  if (afterMinutes === null || !facts.assigneeUserId || !facts.assignedAt) return null;
  if (!AWAITING_AGENT.has(facts.status)) return null;
  if (facts.lastAgentReplyAt && facts.lastAgentReplyAt.getTime() >= facts.assignedAt.getTime()) return null;
  return addBusinessMillis(calendar, facts.assignedAt, afterMinutes * 60_000);
}

/**
 * One step up the severities (CASE_SEVERITIES runs low to urgent), urgent staying urgent.
 * @example raisedSeverity('normal') === 'high'; raisedSeverity('urgent') === 'urgent'
 */
export function raisedSeverity(severity: CaseSeverity): CaseSeverity {
  const i = CASE_SEVERITIES.indexOf(severity);
  return CASE_SEVERITIES[Math.min(i + 1, CASE_SEVERITIES.length - 1)]!;
}
