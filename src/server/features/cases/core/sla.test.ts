import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CASE_STATUSES } from '../../../../shared/contracts/cases.js';
import { type BusinessCalendar, compileCalendar, DEFAULT_CALENDAR, officeHours } from './business-time.js';
import {
  type CaseStatus,
  choosePolicy,
  evaluateSla,
  type Severity,
  type SlaEvent,
  type SlaHistory,
  type SlaPolicy,
  type SlaStatus,
  type SlaTargetKind,
  slaClocks,
} from './sla.js';
import { advancedSla, storedSlaOf } from './sla-store.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : d);

/** A policy with the usual targets (business minutes); override what a test is about. */
function buildPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: 'standard',
    name: 'Standard',
    targets: {
      low: { resolution: 2400 },
      normal: { first_response: 60, next_response: 120, resolution: 480 },
      high: { first_response: 30, resolution: 240 },
      urgent: {},
    },
    warnAtShare: 0.75,
    priority: 0,
    ...overrides,
  };
}

type Step = [string, 'agent_reply' | 'customer_reply'] | [string, 'status', CaseStatus];

function buildHistory(openedAt: string, steps: Step[] = [], severity: Severity = 'normal'): SlaHistory {
  const events: SlaEvent[] = steps.map(([when, kind, status]) =>
    status === undefined ? { at: at(when), kind } : { at: at(when), kind, status },
  );
  return { severity, openedAt: at(openedAt), events };
}

const POLICY = buildPolicy();

/** The entry of one target at `now` (office hours in UTC unless given). */
function timer(
  kind: SlaTargetKind,
  history: SlaHistory,
  now: string,
  calendar: BusinessCalendar = DEFAULT_CALENDAR,
  policy = POLICY,
): SlaStatus {
  const entry = evaluateSla(policy, calendar, history, at(now)).find((e) => e.kind === kind);
  if (!entry) throw new Error(`no ${kind} entry`);
  return entry;
}

const brief = (s: SlaStatus) => ({
  state: s.state,
  used: s.usedMinutes,
  remaining: s.remainingMinutes,
  due: iso(s.dueAt),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('evaluateSla: the targets listed', () => {
  it('lists every target the policy sets for the case’s severity, in a fixed order', () => {
    const now = at('2025-01-06T10:00Z');
    const kinds = (severity: Severity) =>
      evaluateSla(POLICY, DEFAULT_CALENDAR, buildHistory('2025-01-06T09:00Z', [], severity), now).map((e) => [
        e.kind,
        e.targetMinutes,
      ]);
    expect(kinds('normal')).toEqual([
      ['first_response', 60],
      ['next_response', 120],
      ['resolution', 480],
    ]);
    expect(kinds('high')).toEqual([
      ['first_response', 30],
      ['resolution', 240],
    ]);
    expect(kinds('low')).toEqual([['resolution', 2400]]);
    expect(kinds('urgent')).toEqual([]);
  });

  it('lists a target even when it is far from due, with its own state', () => {
    const history = buildHistory('2025-01-06T09:00Z', [['2025-01-06T09:20Z', 'agent_reply']]);
    const entries = evaluateSla(POLICY, DEFAULT_CALENDAR, history, at('2025-01-06T09:30Z'));
    expect(entries.map((e) => [e.kind, e.state])).toEqual([
      ['first_response', 'met'],
      ['next_response', 'not_started'],
      ['resolution', 'on_track'],
    ]);
  });
});

describe('evaluateSla: first response', () => {
  const opened = buildHistory('2025-01-03T16:30Z'); // a Friday, office hours 09:00–17:00 UTC

  it('does not count the weekend', () => {
    expect(brief(timer('first_response', opened, '2025-01-03T16:45Z'))).toEqual({
      state: 'on_track',
      used: 15,
      remaining: 45,
      due: '2025-01-06T09:30:00.000Z',
    });
    expect(timer('first_response', opened, '2025-01-05T12:00Z').usedMinutes).toBe(30);
  });

  it('warns from 75% of the target used', () => {
    expect(timer('first_response', opened, '2025-01-06T09:14Z').state).toBe('on_track');
    expect(brief(timer('first_response', opened, '2025-01-06T09:15Z'))).toMatchObject({
      state: 'warning',
      used: 45,
    });
    const strict = buildPolicy({ warnAtShare: 0.9 });
    expect(timer('first_response', opened, '2025-01-06T09:15Z', DEFAULT_CALENDAR, strict).state).toBe(
      'on_track',
    );
  });

  it('is breached once past due, with the overdue minutes negative', () => {
    expect(timer('first_response', opened, '2025-01-06T09:30Z').state).toBe('warning');
    expect(brief(timer('first_response', opened, '2025-01-06T09:31Z'))).toEqual({
      state: 'breached',
      used: 61,
      remaining: -1,
      due: '2025-01-06T09:30:00.000Z',
    });
  });

  it('is met by a reply in time and missed by a late one, and stays so', () => {
    const onTime = buildHistory('2025-01-03T16:30Z', [['2025-01-06T09:30Z', 'agent_reply']]);
    const met = timer('first_response', onTime, '2025-01-08T12:00Z');
    expect(brief(met)).toEqual({ state: 'met', used: 60, remaining: 0, due: '2025-01-06T09:30:00.000Z' });
    expect(iso(met.stoppedAt)).toBe('2025-01-06T09:30:00.000Z');
    const late = buildHistory('2025-01-03T16:30Z', [['2025-01-06T09:30:00.001Z', 'agent_reply']]);
    expect(brief(timer('first_response', late, '2025-01-08T12:00Z'))).toMatchObject({ state: 'missed' });
    const early = buildHistory('2025-01-03T16:30Z', [['2025-01-03T16:40Z', 'agent_reply']]);
    expect(brief(timer('first_response', early, '2025-01-08T12:00Z'))).toEqual({
      state: 'met',
      used: 10,
      remaining: 50,
      due: null,
    });
  });

  it('misses a reply after closing time when the target ran out at closing time', () => {
    const history = buildHistory('2025-01-06T16:00Z', [['2025-01-06T20:00Z', 'agent_reply']]);
    expect(brief(timer('first_response', history, '2025-01-06T21:00Z'))).toEqual({
      state: 'missed',
      used: 60,
      remaining: 0,
      due: '2025-01-06T17:00:00.000Z',
    });
    // Running, it is breached from 17:00 on, though no more business time passes.
    expect(timer('first_response', buildHistory('2025-01-06T16:00Z'), '2025-01-06T19:00Z').state).toBe(
      'breached',
    );
  });

  it('stops when the case is resolved without a reply, and runs again after a reopen', () => {
    const history = buildHistory('2025-01-06T09:00Z', [
      ['2025-01-06T09:20Z', 'status', 'resolved'],
      ['2025-01-07T09:00Z', 'status', 'in_progress'],
    ]);
    expect(brief(timer('first_response', history, '2025-01-06T16:00Z'))).toMatchObject({
      state: 'met',
      used: 20,
    });
    expect(brief(timer('first_response', history, '2025-01-07T09:30Z'))).toEqual({
      state: 'warning',
      used: 50,
      remaining: 10,
      due: '2025-01-07T09:40:00.000Z',
    });
  });

  it('follows the calendar’s time zone across the clock change', () => {
    const london = officeHours('Europe/London');
    const history = buildHistory('2025-03-28T16:30Z'); // 16:30 GMT on the Friday before British Summer Time
    expect(iso(timer('first_response', history, '2025-03-28T16:40Z', london).dueAt)).toBe(
      '2025-03-31T08:30:00.000Z',
    );
    const ny = officeHours('America/New_York');
    expect(iso(timer('first_response', history, '2025-03-28T16:40Z', ny).dueAt)).toBe(
      '2025-03-28T17:30:00.000Z',
    );
  });
});

describe('evaluateSla: next response', () => {
  const replied: Step[] = [['2025-01-06T09:10Z', 'agent_reply']];

  it('has not started until the customer writes after the first agent reply', () => {
    const before: Step[] = [['2025-01-06T09:05Z', 'customer_reply'], ...replied];
    expect(timer('next_response', buildHistory('2025-01-06T09:00Z', before), '2025-01-06T15:00Z')).toEqual({
      kind: 'next_response',
      targetMinutes: 120,
      dueAt: null,
      usedMinutes: 0,
      remainingMinutes: 120,
      state: 'not_started',
      startedAt: null,
    });
  });

  it('runs from a customer reply to the next agent reply', () => {
    const history = buildHistory('2025-01-06T09:00Z', [...replied, ['2025-01-06T10:00Z', 'customer_reply']]);
    expect(brief(timer('next_response', history, '2025-01-06T11:29Z'))).toEqual({
      state: 'on_track',
      used: 89,
      remaining: 31,
      due: '2025-01-06T12:00:00.000Z',
    });
    expect(timer('next_response', history, '2025-01-06T11:30Z').state).toBe('warning');
    expect(timer('next_response', history, '2025-01-06T12:01Z').state).toBe('breached');
    const answered = buildHistory('2025-01-06T09:00Z', [
      ...replied,
      ['2025-01-06T10:00Z', 'customer_reply'],
      ['2025-01-06T11:00Z', 'agent_reply'],
    ]);
    const met = timer('next_response', answered, '2025-01-06T16:00Z');
    expect(brief(met)).toMatchObject({ state: 'met', used: 60 });
    expect(iso(met.startedAt)).toBe('2025-01-06T10:00:00.000Z');
  });

  it('starts a new cycle at the first of several customer replies after an answer', () => {
    const history = buildHistory('2025-01-06T09:00Z', [
      ...replied,
      ['2025-01-06T10:00Z', 'customer_reply'],
      ['2025-01-06T11:00Z', 'agent_reply'],
      ['2025-01-06T13:00Z', 'customer_reply'],
      ['2025-01-06T14:00Z', 'customer_reply'],
    ]);
    const entry = timer('next_response', history, '2025-01-06T15:30Z');
    expect(iso(entry.startedAt)).toBe('2025-01-06T13:00:00.000Z');
    expect(brief(entry)).toEqual({
      state: 'breached',
      used: 150,
      remaining: -30,
      due: '2025-01-06T15:00:00.000Z',
    });
  });
});

describe('evaluateSla: resolution', () => {
  it('pauses while waiting on the customer and resumes after', () => {
    const steps: Step[] = [['2025-01-06T11:00Z', 'status', 'waiting_on_customer']];
    const waiting = timer('resolution', buildHistory('2025-01-06T09:00Z', steps), '2025-01-06T15:00Z');
    expect(brief(waiting)).toEqual({ state: 'paused', used: 120, remaining: 360, due: null });
    expect(iso(waiting.pausedSince)).toBe('2025-01-06T11:00:00.000Z');
    const resumed = buildHistory('2025-01-06T09:00Z', [
      ...steps,
      ['2025-01-07T10:00Z', 'customer_reply'],
      ['2025-01-07T10:00Z', 'status', 'in_progress'],
    ]);
    const entry = timer('resolution', resumed, '2025-01-07T12:00Z');
    expect(brief(entry)).toEqual({
      state: 'on_track',
      used: 240,
      remaining: 240,
      due: '2025-01-07T16:00:00.000Z',
    });
    expect(entry.pausedSince).toBeUndefined();
  });

  it('stays paused, without a due time, as long as the customer has not answered', () => {
    const history = buildHistory('2025-01-06T09:00Z', [
      ['2025-01-06T11:00Z', 'status', 'waiting_on_customer'],
    ]);
    expect(brief(timer('resolution', history, '2025-02-20T12:00Z'))).toEqual({
      state: 'paused',
      used: 120,
      remaining: 360,
      due: null,
    });
  });

  it('stops at resolved, and after a reopen runs on from the time already used', () => {
    const resolved: Step[] = [['2025-01-06T15:00Z', 'status', 'resolved']];
    const done = timer('resolution', buildHistory('2025-01-06T09:00Z', resolved), '2025-01-08T12:00Z');
    expect(brief(done)).toEqual({ state: 'met', used: 360, remaining: 120, due: null });
    expect(iso(done.stoppedAt)).toBe('2025-01-06T15:00:00.000Z');
    const reopened = buildHistory('2025-01-06T09:00Z', [
      ...resolved,
      ['2025-01-07T10:00Z', 'status', 'in_progress'],
    ]);
    expect(brief(timer('resolution', reopened, '2025-01-07T11:00Z'))).toEqual({
      state: 'warning',
      used: 420,
      remaining: 60,
      due: '2025-01-07T12:00:00.000Z',
    });
    expect(timer('resolution', reopened, '2025-01-07T12:30Z').state).toBe('breached');
    const resolvedLate = buildHistory('2025-01-06T09:00Z', [
      ...resolved,
      ['2025-01-07T10:00Z', 'status', 'in_progress'],
      ['2025-01-07T13:00Z', 'status', 'resolved'],
      ['2025-01-07T14:00Z', 'status', 'closed'],
    ]);
    const missed = timer('resolution', resolvedLate, '2025-01-09T12:00Z');
    expect(brief(missed)).toEqual({
      state: 'missed',
      used: 540,
      remaining: -60,
      due: '2025-01-07T12:00:00.000Z',
    });
    expect(iso(missed.stoppedAt)).toBe('2025-01-07T13:00:00.000Z');
  });

  it('stays breached when paused after the target ran out', () => {
    const history = buildHistory(
      '2025-01-06T09:00Z',
      [['2025-01-06T14:00Z', 'status', 'waiting_on_customer']],
      'high',
    );
    const entry = timer('resolution', history, '2025-01-06T15:00Z');
    expect(brief(entry)).toEqual({
      state: 'breached',
      used: 300,
      remaining: -60,
      due: '2025-01-06T13:00:00.000Z',
    });
    expect(iso(entry.pausedSince)).toBe('2025-01-06T14:00:00.000Z');
  });

  it('ignores events after now and takes events in any order', () => {
    const steps: Step[] = [
      ['2025-01-06T15:00Z', 'status', 'resolved'],
      ['2025-01-06T11:00Z', 'status', 'waiting_on_customer'],
      ['2025-01-06T13:00Z', 'status', 'in_progress'],
    ];
    const history = buildHistory('2025-01-06T09:00Z', steps);
    expect(brief(timer('resolution', history, '2025-01-06T14:00Z'))).toMatchObject({
      state: 'on_track',
      used: 180,
    });
    expect(brief(timer('resolution', history, '2025-01-06T16:00Z'))).toMatchObject({
      state: 'met',
      used: 240,
    });
  });

  it('never falls due on a calendar with no open hours', () => {
    const closed: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      week: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] },
    };
    expect(
      brief(timer('resolution', buildHistory('2025-01-06T09:00Z'), '2025-03-01T00:00Z', closed)),
    ).toEqual({
      state: 'on_track',
      used: 0,
      remaining: 480,
      due: null,
    });
  });
});

describe('slaClocks', () => {
  it('turns the history into run and pause intervals per timer', () => {
    const history = buildHistory('2025-01-06T09:00Z', [
      ['2025-01-06T09:30Z', 'agent_reply'],
      ['2025-01-06T10:00Z', 'status', 'waiting_on_customer'],
      ['2025-01-06T12:00Z', 'customer_reply'],
      ['2025-01-06T12:00Z', 'status', 'in_progress'],
      ['2025-01-06T14:00Z', 'status', 'resolved'],
      ['2025-01-06T15:00Z', 'status', 'in_progress'],
    ]);
    const show = (c: ReturnType<typeof slaClocks>[SlaTargetKind]) =>
      c && {
        startedAt: iso(c.startedAt),
        pauses: c.pauses.map((p) => [iso(p.from), iso(p.to)]),
        stoppedAt: iso(c.stoppedAt),
        pausedSince: iso(c.pausedSince),
      };
    const clocks = slaClocks(history, at('2025-01-06T16:00Z'));
    expect(show(clocks.first_response)).toEqual({
      startedAt: '2025-01-06T09:00:00.000Z',
      pauses: [['2025-01-06T09:30:00.000Z', null]],
      stoppedAt: '2025-01-06T09:30:00.000Z',
      pausedSince: null,
    });
    expect(show(clocks.next_response)).toEqual({
      startedAt: '2025-01-06T12:00:00.000Z',
      pauses: [['2025-01-06T14:00:00.000Z', '2025-01-06T15:00:00.000Z']],
      stoppedAt: null,
      pausedSince: null,
    });
    expect(show(clocks.resolution)).toEqual({
      startedAt: '2025-01-06T09:00:00.000Z',
      pauses: [
        ['2025-01-06T10:00:00.000Z', '2025-01-06T12:00:00.000Z'],
        ['2025-01-06T14:00:00.000Z', '2025-01-06T15:00:00.000Z'],
      ],
      stoppedAt: null,
      pausedSince: null,
    });
  });
});

describe('choosePolicy', () => {
  const standard = buildPolicy({ id: 'standard', priority: 0 });
  const gold = buildPolicy({ id: 'gold', priority: 10, match: { valueTiers: ['gold', 'platinum'] } });
  const partners = buildPolicy({ id: 'partners', priority: 5, match: { relationshipTypes: ['partner'] } });
  const urgentGold = buildPolicy({
    id: 'urgent-gold',
    priority: 20,
    match: { valueTiers: ['gold'], severities: ['urgent', 'high'] },
  });
  const all = [standard, gold, partners, urgentGold];

  it('takes the matching policy with the highest priority', () => {
    expect(choosePolicy(all, { severity: 'normal' })?.id).toBe('standard');
    expect(choosePolicy(all, { severity: 'normal', valueTier: 'gold' })?.id).toBe('gold');
    expect(choosePolicy(all, { severity: 'urgent', valueTier: 'gold' })?.id).toBe('urgent-gold');
    expect(choosePolicy(all, { severity: 'urgent', valueTier: 'platinum' })?.id).toBe('gold');
    expect(choosePolicy(all, { severity: 'low', relationshipType: 'partner' })?.id).toBe('partners');
    expect(choosePolicy(all, { severity: 'low', relationshipType: 'partner', valueTier: 'gold' })?.id).toBe(
      'gold',
    );
  });

  it('needs every given list to contain the case’s value; an unknown value does not match a list', () => {
    const both = buildPolicy({
      id: 'both',
      priority: 1,
      match: { valueTiers: ['gold'], relationshipTypes: ['partner'] },
    });
    expect(choosePolicy([both], { severity: 'normal', valueTier: 'gold' })).toBeNull();
    expect(
      choosePolicy([both], { severity: 'normal', valueTier: 'gold', relationshipType: 'partner' })?.id,
    ).toBe('both');
    expect(choosePolicy([gold], { severity: 'normal', valueTier: null })).toBeNull();
    const emptyLists = buildPolicy({ id: 'empty', match: { valueTiers: [], severities: [] } });
    expect(choosePolicy([emptyLists], { severity: 'low' })?.id).toBe('empty');
    expect(choosePolicy([], { severity: 'low' })).toBeNull();
  });

  it('breaks ties by id, whatever the order of the list', () => {
    const b = buildPolicy({ id: 'b', priority: 3 });
    const a = buildPolicy({ id: 'a', priority: 3 });
    const c = buildPolicy({ id: 'c', priority: 2 });
    fc.assert(
      fc.property(fc.shuffledSubarray([a, b, c], { minLength: 3, maxLength: 3 }), (list) => {
        expect(choosePolicy(list, { severity: 'normal' })?.id).toBe('a');
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random histories and sweeps

const OPENED = Date.UTC(2025, 2, 3, 8); // Monday 3 March 2025, before the clock changes
const arbEvent: fc.Arbitrary<SlaEvent> = fc
  .record({
    minutes: fc.integer({ min: -60, max: 30 * 24 * 60 }),
    kind: fc.constantFrom<SlaEvent['kind']>('agent_reply', 'customer_reply', 'status'),
    status: fc.constantFrom(...CASE_STATUSES),
  })
  .map(({ minutes, kind, status }) => {
    const when = new Date(OPENED + minutes * 60_000);
    return kind === 'status' ? { at: when, kind, status } : { at: when, kind };
  });
const arbHistory: fc.Arbitrary<SlaHistory> = fc.record({
  severity: fc.constantFrom<Severity>('low', 'normal', 'high'),
  openedAt: fc.constant(new Date(OPENED)),
  events: fc.array(arbEvent, { maxLength: 12 }),
});
const arbNow = fc.integer({ min: 0, max: 40 * 24 * 60 }).map((m) => new Date(OPENED + m * 60_000));
const arbCalendar = fc.constantFrom(
  DEFAULT_CALENDAR,
  officeHours('America/New_York'),
  officeHours('Europe/London'),
  {
    ...officeHours('Europe/London'),
    week: { ...officeHours('Europe/London').week, 6: [{ start: '10:00', end: '14:00' }] },
  },
);
const COMPILED = new Map<BusinessCalendar, ReturnType<typeof compileCalendar>>();
const compiled = (c: BusinessCalendar) => {
  let hit = COMPILED.get(c);
  if (!hit) {
    hit = compileCalendar(c);
    COMPILED.set(c, hit);
  }
  return hit;
};

describe('evaluateSla properties', () => {
  it('keeps used + remaining = target, and states consistent with the due time', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbNow, (calendar, history, now) => {
        for (const e of evaluateSla(POLICY, compiled(calendar), history, now)) {
          expect(e.usedMinutes + e.remainingMinutes).toBeCloseTo(e.targetMinutes, 9);
          expect(e.usedMinutes).toBeGreaterThanOrEqual(0);
          const due = e.dueAt?.getTime() ?? null;
          switch (e.state) {
            case 'met':
              expect(e.usedMinutes).toBeLessThanOrEqual(e.targetMinutes);
              break;
            case 'missed':
              expect(due).not.toBeNull();
              expect(e.usedMinutes).toBeGreaterThanOrEqual(e.targetMinutes);
              break;
            case 'breached':
              expect(due).not.toBeNull();
              expect(due!).toBeLessThan(now.getTime());
              expect(e.usedMinutes).toBeGreaterThanOrEqual(e.targetMinutes);
              break;
            case 'on_track':
            case 'warning':
              expect(due === null || due >= now.getTime()).toBe(true);
              expect(e.usedMinutes).toBeLessThanOrEqual(e.targetMinutes);
              expect(e.state === 'warning').toBe(e.usedMinutes >= 0.75 * e.targetMinutes);
              break;
            case 'paused':
              // Due is only known when the target ran out just as the pause began.
              expect(due === null || due === e.pausedSince?.getTime()).toBe(true);
              expect(e.pausedSince).toBeDefined();
              break;
            case 'not_started':
              expect(e.kind).toBe('next_response');
              break;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lets used time go down as time passes', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbNow, arbNow, (calendar, history, n1, n2) => {
        const [early, late] = n1 <= n2 ? [n1, n2] : [n2, n1];
        const before = evaluateSla(POLICY, compiled(calendar), history, early);
        const after = evaluateSla(POLICY, compiled(calendar), history, late);
        for (const e of before) {
          // A new next-response cycle starts from zero; the other timers only accumulate.
          if (e.kind === 'next_response') continue;
          const later = after.find((x) => x.kind === e.kind)!;
          expect(later.usedMinutes).toBeGreaterThanOrEqual(e.usedMinutes);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('moves a stored evaluation on in time exactly as evaluating afresh would, while nothing happens', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbNow, arbNow, (calendar, history, n1, n2) => {
        const [then, now] = n1 <= n2 ? [n1, n2] : [n2, n1];
        // Only what had happened when it was stored: anything later would have re-evaluated it.
        const known = { ...history, events: history.events.filter((e) => e.at.getTime() <= then.getTime()) };
        const cal = compiled(calendar);
        const stored = storedSlaOf('standard', evaluateSla(POLICY, cal, known, then), then);
        const fresh = storedSlaOf('standard', evaluateSla(POLICY, cal, known, now), now);
        expect(advancedSla('standard', stored.targets, now)).toEqual(fresh);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the same answers from a compiled calendar as from the plain one', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbNow, (calendar, history, now) => {
        expect(evaluateSla(POLICY, compiled(calendar), history, now)).toEqual(
          evaluateSla(POLICY, calendar, history, now),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('evaluates a sweep of many cases on one compiled calendar without time-zone look-ups per case', () => {
    const calendar = compileCalendar(officeHours('America/New_York'));
    const now = new Date(OPENED + 20 * 86_400_000);
    const histories = fc.sample(arbHistory, { numRuns: 20_000, seed: 42 });
    evaluateSla(POLICY, calendar, histories[0]!, now); // warm the memo for the days around now
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const states = new Map<string, number>();
    for (const history of histories) {
      for (const e of evaluateSla(POLICY, calendar, history, now)) {
        states.set(e.state, (states.get(e.state) ?? 0) + 1);
      }
    }
    // Days beyond the memo (due dates weeks ahead) cost a few look-ups each, once.
    expect(spy.mock.calls.length).toBeLessThan(2_000);
    expect(states.get('breached')).toBeGreaterThan(0);
    expect(states.get('met')).toBeGreaterThan(0);
  });
});
