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

const earliest = (dates: readonly (Date | null | undefined)[]): Date | null => {
  let min: Date | null = null;
  for (const d of dates) if (d && (!min || d.getTime() < min.getTime())) min = d;
  return min;
};

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
  const running = statuses.filter(
    (s) => s.state === 'on_track' || s.state === 'warning' || s.state === 'breached',
  );
  return {
    policyId: policyId,
    state: overallState(statuses.map((s) => s.state)),
    targets: statuses.map((s) => ({
      kind: s.kind,
      targetMinutes: s.targetMinutes,
      state: s.state,
      dueAt: s.dueAt ? s.dueAt.toISOString() : null,
      warnAt: s.warnAt ? s.warnAt.toISOString() : null,
    })),
    dueAt: earliest(running.map((s) => s.dueAt)),
    checkAt: earliest([
      ...statuses.map((s) => (s.state === 'on_track' ? s.warnAt : s.state === 'warning' ? s.dueAt : null)),
      otherCheckAt,
    ]),
    evaluatedAt: now,
  };
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
 * @example slaTransitions([{ kind: 'resolution', state: 'warning', … }], [{ kind: 'resolution', state: 'breached', … }])
 * // { warned: [], breached: ['resolution'] }
 */
export function slaTransitions(
  before: readonly Pick<StoredSlaTarget, 'kind' | 'state'>[],
  after: readonly Pick<StoredSlaTarget, 'kind' | 'state'>[],
): SlaTransitions {
  const was = new Map(before.map((t) => [t.kind, t.state]));
  const warned: SlaTargetKind[] = [];
  const breached: SlaTargetKind[] = [];
  for (const t of after) {
    const prior = was.get(t.kind);
    if (t.state === 'breached' && prior !== 'breached') breached.push(t.kind);
    else if (t.state === 'warning' && prior !== 'warning' && prior !== 'breached') warned.push(t.kind);
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
