import type { SlaState } from '../../../../shared/contracts/cases.js';

const MINUTE = 60_000;

/**
 * A span of minutes as staff read it: days and hours above a day, hours and minutes above an
 * hour, minutes below; "less than a minute" under one. Whole minutes, rounded down.
 * @example formatSpan(80) === '1 h 20 min'; formatSpan(1530) === '1 d 1 h'; formatSpan(0.5) === 'less than a minute'
 */
export function formatSpan(minutes: number): string {
  const m = Math.floor(Math.abs(minutes));
  if (m < 1) return 'less than a minute';
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** The states in which a timer runs and a due time counts down. */
const RUNNING: readonly SlaState[] = ['on_track', 'warning', 'breached'];

export type CountdownTone = 'on_track' | 'warning' | 'breached' | 'idle' | 'none';

export interface Countdown {
  /** "due in 1 h 20 min", "overdue by 15 min", "Paused", "Met", "No SLA"… */
  text: string;
  tone: CountdownTone;
  /** Past its due time now (whatever the state stored at the last evaluation). */
  overdue: boolean;
}

/**
 * What a case's SLA countdown says at `now`, from its stored summary: the nearest due time of a
 * running timer as "due in …" or "overdue by …", coloured by the state — and red once the due
 * time has passed, even if the stored state (evaluated earlier) still says on track. A timer that
 * does not run says why; a case without SLA says so.
 * @example countdown({ state: 'on_track', dueAt: in80min }, now).text === 'due in 1 h 20 min'
 */
export function countdown(sla: { state: SlaState | null; dueAt: Date | null }, now: Date): Countdown {
  const { state, dueAt } = sla;
  if (state === null) return { text: 'No SLA', tone: 'none', overdue: false };
  if (!RUNNING.includes(state) || !dueAt) {
    return { text: IDLE_TEXT[state], tone: 'idle', overdue: false };
  }
  const left = (dueAt.getTime() - now.getTime()) / MINUTE;
  if (left <= 0) return { text: `overdue by ${formatSpan(-left)}`, tone: 'breached', overdue: true };
  return { text: `due in ${formatSpan(left)}`, tone: state as CountdownTone, overdue: false };
}

/** What a timer that is not counting down says (a running one without a due time: no open hours ahead). */
const IDLE_TEXT: Record<SlaState, string> = {
  on_track: 'No due time',
  warning: 'No due time',
  breached: 'Breached',
  met: 'Met',
  missed: 'Missed',
  paused: 'Paused',
  not_started: 'Not started',
};

export const COUNTDOWN_COLORS: Record<CountdownTone, string> = {
  on_track: 'teal',
  warning: 'orange',
  breached: 'red',
  idle: 'gray',
  none: 'gray',
};

/**
 * Minutes left on one target (negative once overdue), as the SLA panel reads them.
 * @example minutesLeftText(45) === '45 min left'; minutesLeftText(-15) === 'overdue by 15 min'
 */
export function minutesLeftText(remainingMinutes: number): string {
  return remainingMinutes < 0
    ? `overdue by ${formatSpan(-remainingMinutes)}`
    : `${formatSpan(remainingMinutes)} left`;
}
