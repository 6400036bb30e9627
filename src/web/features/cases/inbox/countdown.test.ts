import { describe, expect, it } from 'vitest';
import { countdown, formatSpan, minutesLeftText } from './countdown.js';

const now = new Date('2026-03-10T09:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('formatSpan', () => {
  it.each([
    [0, 'less than a minute'],
    [0.99, 'less than a minute'],
    [1, '1 min'],
    [59.9, '59 min'],
    [60, '1 h'],
    [80, '1 h 20 min'],
    [1439, '23 h 59 min'],
    [1440, '1 d'],
    [1530, '1 d 1 h'],
    [3 * 1440 + 59, '3 d'],
    [-15, '15 min'],
  ])('%s minutes → %s', (minutes, text) => {
    expect(formatSpan(minutes)).toBe(text);
  });
});

describe('countdown', () => {
  it('counts down a running timer to its due time, coloured by the state', () => {
    expect(countdown({ state: 'on_track', dueAt: at(80) }, now)).toEqual({
      text: 'due in 1 h 20 min',
      tone: 'on_track',
      overdue: false,
    });
    expect(countdown({ state: 'warning', dueAt: at(5.5) }, now)).toEqual({
      text: 'due in 5 min',
      tone: 'warning',
      overdue: false,
    });
    expect(countdown({ state: 'warning', dueAt: at(0.4) }, now).text).toBe('due in less than a minute');
  });

  it('says overdue once the due time has passed, red even when the stored state is older', () => {
    expect(countdown({ state: 'breached', dueAt: at(-15) }, now)).toEqual({
      text: 'overdue by 15 min',
      tone: 'breached',
      overdue: true,
    });
    expect(countdown({ state: 'on_track', dueAt: at(-61) }, now)).toEqual({
      text: 'overdue by 1 h 1 min',
      tone: 'breached',
      overdue: true,
    });
    // Exactly at the due time it is due, no longer "due in".
    expect(countdown({ state: 'on_track', dueAt: now }, now).text).toBe('overdue by less than a minute');
  });

  it('names a timer that does not count down, and a case without SLA', () => {
    expect(countdown({ state: 'paused', dueAt: null }, now)).toEqual({
      text: 'Paused',
      tone: 'idle',
      overdue: false,
    });
    expect(countdown({ state: 'met', dueAt: null }, now).text).toBe('Met');
    expect(countdown({ state: 'missed', dueAt: at(-30) }, now).text).toBe('Missed');
    expect(countdown({ state: 'not_started', dueAt: null }, now).text).toBe('Not started');
    expect(countdown({ state: 'on_track', dueAt: null }, now).text).toBe('No due time');
    expect(countdown({ state: null, dueAt: null }, now)).toEqual({
      text: 'No SLA',
      tone: 'none',
      overdue: false,
    });
  });
});

describe('minutesLeftText', () => {
  it('reads minutes left, or how long overdue', () => {
    expect(minutesLeftText(45)).toBe('45 min left');
    expect(minutesLeftText(0)).toBe('less than a minute left');
    expect(minutesLeftText(-90)).toBe('overdue by 1 h 30 min');
  });
});
