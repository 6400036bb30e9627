import { describe, expect, it } from 'vitest';
import type { StoredSlaTarget } from '../../../../shared/contracts/cases.js';
import { officeHours } from './business-time.js';
import type { SlaStatus } from './sla.js';
import {
  advancedSla,
  overallState,
  raisedSeverity,
  reassignDueAt,
  slaTransitions,
  storedSlaOf,
} from './sla-store.js';

const d = (iso: string) => new Date(iso);
const NOW = d('2026-06-01T10:00:00.000Z');

const status = (over: Partial<SlaStatus> & Pick<SlaStatus, 'kind' | 'state'>): SlaStatus => ({
  targetMinutes: 60,
  dueAt: null,
  usedMinutes: 0,
  remainingMinutes: 60,
  startedAt: d('2026-06-01T09:00:00.000Z'),
  ...over,
});

describe('storedSlaOf', () => {
  it('keeps the nearest due time of timers that run or are overdue, and checks again at the next warning or due time', () => {
    const stored = storedSlaOf(
      'standard',
      [
        status({ kind: 'first_response', state: 'warning', dueAt: d('2026-06-01T11:00:00.000Z') }),
        status({
          kind: 'resolution',
          state: 'on_track',
          dueAt: d('2026-06-03T17:00:00.000Z'),
          warnAt: d('2026-06-03T09:00:00.000Z'),
        }),
        status({ kind: 'next_response', state: 'not_started' }),
      ],
      NOW,
    );
    expect(stored.state).toBe('warning');
    expect(stored.dueAt).toEqual(d('2026-06-01T11:00:00.000Z'));
    expect(stored.checkAt).toEqual(d('2026-06-01T11:00:00.000Z'));
    expect(stored.targets[1]).toEqual([
      'resolution',
      60,
      'on_track',
      d('2026-06-03T17:00:00.000Z').getTime(),
      d('2026-06-03T09:00:00.000Z').getTime(),
    ]);
    expect(stored.targets[2]).toEqual(['next_response', 60, 'not_started', null, null]);
  });

  it('an overdue timer sorts first but needs no further check; an earlier other check wins', () => {
    const overdue = status({
      kind: 'first_response',
      state: 'breached',
      dueAt: d('2026-06-01T09:30:00.000Z'),
    });
    const met = status({ kind: 'resolution', state: 'met', dueAt: d('2026-06-02T09:30:00.000Z') });
    expect(storedSlaOf('p', [overdue, met], NOW)).toMatchObject({
      state: 'breached',
      dueAt: d('2026-06-01T09:30:00.000Z'),
      checkAt: null,
    });
    expect(storedSlaOf('p', [overdue], NOW, d('2026-06-01T12:00:00.000Z')).checkAt).toEqual(
      d('2026-06-01T12:00:00.000Z'),
    );
    expect(storedSlaOf(null, [], NOW)).toMatchObject({
      state: null,
      dueAt: null,
      checkAt: null,
      targets: [],
    });
  });
});

describe('advancedSla', () => {
  const due = d('2026-06-01T12:00:00.000Z').getTime();
  const warn = d('2026-06-01T11:00:00.000Z').getTime();
  const stored: StoredSlaTarget[] = [
    ['first_response', 60, 'on_track', due, warn],
    ['next_response', 60, 'paused', null, null],
    ['resolution', 480, 'met', due, null],
  ];
  const at = (ms: number) => advancedSla('standard', stored, new Date(ms));

  it('enters warning at the warning time and is breached only after the due instant', () => {
    expect(at(warn - 1).targets[0]).toEqual(['first_response', 60, 'on_track', due, warn]);
    expect(at(warn - 1).checkAt).toEqual(new Date(warn));
    expect(at(warn).targets[0]).toEqual(['first_response', 60, 'warning', due, null]);
    expect(at(warn).checkAt).toEqual(new Date(due));
    expect(at(due).targets[0]?.[2]).toBe('warning');
    expect(at(due + 1)).toMatchObject({ state: 'breached', dueAt: new Date(due), checkAt: null });
    expect(at(due + 1).targets[0]).toEqual(['first_response', 60, 'breached', due, null]);
  });

  it('leaves paused, stopped and not-started timers as they are, and keeps the other check', () => {
    const later = advancedSla('standard', stored, new Date(due + 86_400_000), d('2026-06-03T09:00:00.000Z'));
    expect(later.targets.slice(1)).toEqual(stored.slice(1));
    expect(later.checkAt).toEqual(d('2026-06-03T09:00:00.000Z'));
    expect(later.policyId).toBe('standard');
  });
});

describe('slaTransitions', () => {
  it('reports entering warning and breached once, and a breach seen without a warning only as a breach', () => {
    const t = (
      kind: 'first_response' | 'resolution' | 'next_response',
      state: SlaStatus['state'],
    ): StoredSlaTarget => [kind, 60, state, null, null];
    expect(
      slaTransitions(
        [t('first_response', 'on_track'), t('resolution', 'warning')],
        [t('first_response', 'warning'), t('resolution', 'breached')],
      ),
    ).toEqual({ warned: ['first_response'], breached: ['resolution'] });
    expect(slaTransitions([t('resolution', 'breached')], [t('resolution', 'breached')])).toEqual({
      warned: [],
      breached: [],
    });
    expect(slaTransitions([t('first_response', 'warning')], [t('first_response', 'warning')]).warned).toEqual(
      [],
    );
    expect(slaTransitions([], [t('first_response', 'breached')])).toEqual({
      warned: [],
      breached: ['first_response'],
    });
    // A new next-response cycle after the last was met.
    expect(slaTransitions([t('next_response', 'met')], [t('next_response', 'warning')]).warned).toEqual([
      'next_response',
    ]);
  });
});

describe('reassignDueAt', () => {
  const calendar = officeHours('UTC');
  const base = {
    assigneeUserId: 'u1',
    assignedAt: d('2026-06-05T16:30:00.000Z'), // Friday
    status: 'new',
    lastAgentReplyAt: null,
  };
  it('counts business minutes from the assignment', () => {
    expect(reassignDueAt(calendar, base, 60)).toEqual(d('2026-06-08T09:30:00.000Z'));
  });
  it('is off without an assignee, when answered since, when waiting on the customer, or when disabled', () => {
    expect(reassignDueAt(calendar, { ...base, assigneeUserId: null }, 60)).toBeNull();
    expect(
      reassignDueAt(calendar, { ...base, lastAgentReplyAt: d('2026-06-05T16:45:00.000Z') }, 60),
    ).toBeNull();
    expect(reassignDueAt(calendar, { ...base, status: 'waiting_on_customer' }, 60)).toBeNull();
    expect(reassignDueAt(calendar, base, null)).toBeNull();
    // A reply before this assignment does not count for the new assignee.
    expect(reassignDueAt(calendar, { ...base, lastAgentReplyAt: d('2026-06-05T10:00:00.000Z') }, 60)).toEqual(
      d('2026-06-08T09:30:00.000Z'),
    );
  });
});

describe('overallState and raisedSeverity', () => {
  it('takes the worst running state, else missed, else met', () => {
    expect(overallState(['met', 'warning', 'paused'])).toBe('warning');
    expect(overallState(['met', 'missed'])).toBe('missed');
    expect(overallState(['met', 'not_started'])).toBe('met');
    expect(overallState(['not_started'])).toBe('not_started');
    expect(overallState([])).toBeNull();
  });
  it('raises one step, urgent staying urgent', () => {
    expect(raisedSeverity('low')).toBe('normal');
    expect(raisedSeverity('high')).toBe('urgent');
    expect(raisedSeverity('urgent')).toBe('urgent');
  });
});
