/**
 * Service-level targets of complaint cases: which policy applies to a case, and where each of its
 * timers stands at an instant. Timers count business time (./business-time.ts) from a case's
 * event history; `now` is always passed in.
 *
 * The clocks, derived by {@link slaClocks}:
 * - first response: from opening to the first agent reply;
 * - next response: from a customer reply (after the first agent reply) to the next agent reply;
 *   later customer replies before that answer do not restart it;
 * - resolution: from opening to resolved/closed, paused while waiting on the customer, and running
 *   again after a reopen (the time used before still counts).
 * Resolving or closing a case stops every clock; a reopen sets the unfinished ones running again.
 * So a case resolved without an agent reply has its response timers stopped (met or missed on the
 * time used), as help desks usually count it.
 */
import {
  type CaseSeverity,
  type CaseStatus,
  SLA_TARGET_KINDS,
  type SlaState,
  type SlaTargetKind,
} from '../../../../shared/contracts/cases.js';
import {
  addBusinessMillis,
  businessMillisBetween,
  type CalendarLike,
  type CompiledCalendar,
  compileCalendar,
  type Pause,
} from './business-time.js';

/** The case's severity and status come from the cases contract (one definition of each). */
export type Severity = CaseSeverity;
export type { CaseStatus };

// The timers and their states are the contract's (one definition of each).
export { SLA_TARGET_KINDS, type SlaState, type SlaTargetKind };

export interface SlaPolicy {
  id: string;
  name: string;
  /** Target per severity and timer, in business minutes; a missing target is not tracked. */
  targets: Record<Severity, Partial<Record<SlaTargetKind, number>>>;
  /** Share of a target used (0–1) from which a running timer is in `warning`, e.g. 0.75. */
  warnAtShare: number;
  /**
   * Which cases the policy is for; each list given (and non-empty) must contain the case's value.
   * No `match`: every case.
   */
  match?: {
    valueTiers?: string[];
    relationshipTypes?: string[];
    severities?: Severity[];
    /** The team working the case: changing a case's team can change its policy. */
    teams?: string[];
  };
  /** Higher wins when several policies match. */
  priority: number;
}

export interface SlaCaseFacts {
  severity: Severity;
  valueTier?: string | null;
  relationshipType?: string | null;
  team?: string | null;
}

export interface SlaEvent {
  at: Date;
  kind: 'agent_reply' | 'customer_reply' | 'status';
  /** The status the case moved to (status events only). */
  status?: CaseStatus;
}

/** What the SLA timers of one case depend on. A case starts in status `new` at `openedAt`. */
export interface SlaHistory {
  /** The case's current severity: it selects the policy's targets. */
  severity: Severity;
  openedAt: Date;
  /** In any order; events after `now` are ignored and events before `openedAt` count as at it. */
  events: SlaEvent[];
}

/**
 * One timer as time intervals: it runs from `startedAt` except inside `pauses` (the last one may be
 * open, `to: null`). `stoppedAt`: it has stopped for good unless the case is reopened (agent reply,
 * or resolved/closed). `pausedSince`: it is paused (waiting on the customer).
 */
export interface SlaClock {
  startedAt: Date;
  pauses: Pause[];
  stoppedAt: Date | null;
  pausedSince: Date | null;
}

export interface SlaStatus {
  kind: SlaTargetKind;
  targetMinutes: number;
  /**
   * When the target is (or was) due. Null while paused before the target was reached, when the
   * clock stopped before it was reached, when it has not started, or when the calendar has no open
   * hours.
   */
  dueAt: Date | null;
  /** Business minutes used so far (may be fractional). */
  usedMinutes: number;
  /** `targetMinutes − usedMinutes`; negative once overdue. */
  remainingMinutes: number;
  /**
   * running: `on_track`, `warning` (≥ warnAtShare of the target used), `breached` (past dueAt);
   * stopped: `met` (in time) or `missed` (late); `paused` (waiting on the customer, not yet late;
   * a paused timer already past due stays `breached`); `not_started` (next response only: no
   * customer reply awaits an answer).
   */
  state: SlaState;
  /** When the timer started (the current or last next-response cycle); null if not started. */
  startedAt: Date | null;
  /** When the timer stopped (met or missed). */
  stoppedAt?: Date;
  /** Since when the timer has been paused. */
  pausedSince?: Date;
  /** A running timer still on track: when it will enter `warning`. */
  warnAt?: Date;
}

/**
 * The policy for a case: among those whose `match` fits (a policy without `match` fits every
 * case; an empty list does not restrict), the one with the highest priority, ties broken by the
 * smaller id (plain string order). Null when none fits.
 * @example
 * choosePolicy(
 *   [{ ...standard, priority: 0 }, { ...vip, priority: 10, match: { valueTiers: ['gold'] } }],
 *   { severity: 'high', valueTier: 'gold' },
 * ) // vip
 */
export function choosePolicy<P extends SlaPolicy>(policies: readonly P[], facts: SlaCaseFacts): P | null {
  let best: P | null = null;
  for (const policy of policies) {
    if (!matches(policy, facts)) continue;
    if (
      best === null ||
      policy.priority > best.priority ||
      (policy.priority === best.priority && policy.id < best.id)
    ) {
      best = policy;
    }
  }
  return best;
}

/** A list given (and not empty) must contain the value. */
function fits<T>(list: readonly T[] | undefined, value: T | null | undefined): boolean {
  return !list || list.length === 0 || (value !== null && value !== undefined && list.includes(value));
}

function matches(policy: SlaPolicy, facts: SlaCaseFacts): boolean {
  const m = policy.match;
  if (!m) return true;
  return (
    fits(m.severities, facts.severity) &&
    fits(m.valueTiers, facts.valueTier) &&
    fits(m.relationshipTypes, facts.relationshipType) &&
    fits(m.teams, facts.team)
  );
}

const STOPPED: ReadonlySet<CaseStatus> = new Set(['resolved', 'closed']);

/** A clock in ms: closed excluded stretches plus an optional open one. */
function clockOf(
  start: number,
  end: number | null,
  stretches: ReadonlyArray<readonly [number, number]>,
  open: { from: number; stops: boolean } | null,
): SlaClock {
  const limit = end ?? Number.POSITIVE_INFINITY;
  const pairs: Array<[number, number]> = [];
  for (const [a, b] of stretches) {
    const x = Math.max(a, start);
    const y = Math.min(b, limit);
    if (y > x) pairs.push([x, y]);
  }
  let tail: { from: number; stops: boolean } | null = null;
  if (open && open.from < limit) tail = { from: Math.max(open.from, start), stops: open.stops };
  if (end !== null) {
    // An open stretch that began before the end already stopped the clock at its start.
    tail = tail ? { from: tail.from, stops: true } : { from: end, stops: true };
  }
  // The clock last ran until the open tail, or until the closed stretches that run into it.
  let tailFrom = tail?.from ?? null;
  while (tailFrom !== null && pairs.length > 0 && pairs[pairs.length - 1]![1] >= tailFrom) {
    tailFrom = Math.min(tailFrom, pairs.pop()![0]);
  }
  const pauses: Pause[] = pairs.map(([a, b]) => ({ from: new Date(a), to: new Date(b) }));
  if (tail && tailFrom !== null) pauses.push({ from: new Date(tailFrom), to: null });
  return {
    startedAt: new Date(start),
    pauses,
    stoppedAt: tail?.stops && tailFrom !== null ? new Date(tailFrom) : null,
    pausedSince: tail && !tail.stops && tailFrom !== null ? new Date(tailFrom) : null,
  };
}

/**
 * The three timers of a case at `now` as time intervals (see the module comment for the rules).
 * `next_response` is the open cycle, else the last finished one, else null (never started).
 * @example
 * slaClocks({ severity: 'normal', openedAt: t0, events: [{ at: t1, kind: 'agent_reply' }] }, now).first_response
 * // { startedAt: t0, pauses: [{ from: t1, to: null }], stoppedAt: t1, pausedSince: null }
 */
export function slaClocks(history: SlaHistory, now: Date): Record<SlaTargetKind, SlaClock | null> {
  const nowMs = now.getTime();
  const opened = history.openedAt.getTime();
  if (!Number.isFinite(nowMs) || !Number.isFinite(opened))
    throw new RangeError('openedAt and now must be valid dates');
  const events = history.events
    .map((event, index) => ({ event, index, ms: Math.max(event.at.getTime(), opened) }))
    .filter((e) => e.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms || a.index - b.index);

  let status: CaseStatus = 'new';
  const waiting: Array<[number, number]> = [];
  const stopped: Array<[number, number]> = [];
  let waitFrom: number | null = null;
  let stopFrom: number | null = null;
  let firstReply: number | null = null;
  let cycleStart: number | null = null;
  let lastCycle: [number, number] | null = null;
  for (const { event, ms } of events) {
    switch (event.kind) {
      case 'status': {
        const next = event.status;
        if (next === undefined || next === status) break;
        if (status === 'waiting_on_customer') waiting.push([waitFrom!, ms]);
        if (next === 'waiting_on_customer') waitFrom = ms;
        if (STOPPED.has(status) && !STOPPED.has(next)) stopped.push([stopFrom!, ms]);
        if (!STOPPED.has(status) && STOPPED.has(next)) stopFrom = ms;
        status = next;
        if (status !== 'waiting_on_customer') waitFrom = null;
        if (!STOPPED.has(status)) stopFrom = null;
        break;
      }
      case 'agent_reply':
        if (firstReply === null) firstReply = ms;
        else if (cycleStart !== null) {
          lastCycle = [cycleStart, ms];
          cycleStart = null;
        }
        break;
      case 'customer_reply':
        if (firstReply !== null && cycleStart === null) cycleStart = ms;
        break;
    }
  }

  const stopNow = stopFrom === null ? null : { from: stopFrom, stops: true };
  const waitNow = waitFrom === null ? null : { from: waitFrom, stops: false };
  let next: SlaClock | null = null;
  if (cycleStart !== null) next = clockOf(cycleStart, null, stopped, stopNow);
  else if (lastCycle !== null) next = clockOf(lastCycle[0], lastCycle[1], stopped, stopNow);
  const both = [...waiting, ...stopped].sort((a, b) => a[0] - b[0]);
  return {
    first_response: clockOf(opened, firstReply, stopped, stopNow),
    next_response: next,
    resolution: clockOf(opened, null, both, stopNow ?? waitNow),
  };
}

/** Options of {@link evaluateSla}. */
export interface EvaluateSlaOptions {
  /** Clocks derived already by {@link slaClocks} for the same history and `now`. */
  clocks?: Record<SlaTargetKind, SlaClock | null>;
}

/**
 * Where every target of the policy for the case's severity stands at `now`, in the order first
 * response, next response, resolution (targets the policy does not set are left out). Business
 * time on `calendar`; for a sweep over many cases pass one {@link compileCalendar} result, which
 * memoises the calendar's days: each case then costs a sort of its events and a few binary
 * searches per timer.
 * @example
 * // Office hours in UTC; opened Friday 16:30, first response due in 60 business minutes, warnAtShare 0.75
 * evaluateSla(policy, DEFAULT_CALENDAR, { severity: 'normal', openedAt: new Date('2025-01-03T16:30Z'), events: [] },
 *   new Date('2025-01-06T09:15Z'))
 * // [{ kind: 'first_response', targetMinutes: 60, dueAt: 2025-01-06T09:30Z, usedMinutes: 45,
 * //    remainingMinutes: 15, state: 'warning', startedAt: 2025-01-03T16:30Z }, …]
 */
export function evaluateSla(
  policy: SlaPolicy,
  calendar: CalendarLike,
  history: SlaHistory,
  now: Date,
  options: EvaluateSlaOptions = {},
): SlaStatus[] {
  const targets = policy.targets[history.severity] ?? {};
  const kinds = SLA_TARGET_KINDS.filter((k) => targets[k] !== undefined);
  if (kinds.length === 0) return [];
  const compiled = compileCalendar(calendar);
  const clocks = options.clocks ?? slaClocks(history, now);
  return kinds.map((kind) => statusOf(kind, targets[kind]!, policy.warnAtShare, clocks[kind], compiled, now));
}

function statusOf(
  kind: SlaTargetKind,
  targetMinutes: number,
  warnAtShare: number,
  clock: SlaClock | null,
  calendar: CompiledCalendar,
  now: Date,
): SlaStatus {
  if (!(targetMinutes >= 0) || !Number.isFinite(targetMinutes)) {
    throw new RangeError(`target ${kind} must be a number of minutes ≥ 0, got ${targetMinutes}`);
  }
  if (clock === null) {
    return {
      kind,
      targetMinutes,
      dueAt: null,
      usedMinutes: 0,
      remainingMinutes: targetMinutes,
      state: 'not_started',
      startedAt: null,
    };
  }
  const targetMs = targetMinutes * 60_000;
  const used = businessMillisBetween(calendar, clock.startedAt, now, clock.pauses);
  const due = addBusinessMillis(calendar, clock.startedAt, targetMs, clock.pauses);
  const base = {
    kind,
    targetMinutes,
    dueAt: due,
    usedMinutes: used / 60_000,
    remainingMinutes: (targetMs - used) / 60_000,
    startedAt: clock.startedAt,
  };
  if (clock.stoppedAt) {
    // The open pause from stoppedAt means a due instant, if any, is at or before it.
    const late = due !== null && due.getTime() < clock.stoppedAt.getTime();
    return { ...base, state: late ? 'missed' : 'met', stoppedAt: clock.stoppedAt };
  }
  if (clock.pausedSince) {
    const late = due !== null && due.getTime() < clock.pausedSince.getTime();
    return { ...base, state: late ? 'breached' : 'paused', pausedSince: clock.pausedSince };
  }
  if (due !== null && now.getTime() > due.getTime()) return { ...base, state: 'breached' };
  const warnMs = warnAtShare * targetMs;
  if (used >= warnMs) return { ...base, state: 'warning' };
  const warnAt = addBusinessMillis(calendar, clock.startedAt, warnMs, clock.pauses);
  return { ...base, state: 'on_track', ...(warnAt ? { warnAt } : {}) };
}
