/**
 * Calendar days in an IANA time zone: which day an instant falls on there, and the UTC instants
 * a day there starts and ends at (23 or 25 hours long on the days clocks change).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at `ms`, as if it were UTC (milliseconds). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of format(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
}

/**
 * The UTC offset of `timeZone` at the instant `ms` (local − UTC, in ms; whole seconds, as zones are).
 * @example zoneOffsetAt(Date.parse('2025-07-01T12:00:00Z'), 'Europe/London') === 3_600_000
 */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  const second = ms - (((ms % 1000) + 1000) % 1000);
  return wallClock(second, timeZone) - second;
}

/**
 * The day (YYYY-MM-DD) `instant` falls on in `timeZone`.
 * @example dayInZone(new Date('2025-06-01T23:30:00Z'), 'Europe/Paris') === '2025-06-02'
 */
export function dayInZone(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The hour of the day (0–23) `instant` falls on in `timeZone`: when a nightly schedule is due.
 * @example hourInZone(new Date('2025-06-01T23:30:00Z'), 'Europe/Paris') === 1
 */
export function hourInZone(instant: Date, timeZone: string): number {
  return new Date(wallClock(instant.getTime(), timeZone)).getUTCHours();
}

/** The UTC instant of a wall-clock time (ms, read as UTC) in `timeZone`. */
function zonedToUtc(localMs: number, timeZone: string): number {
  // The offset at the guess can differ from the offset at the answer near a change: look twice.
  let guess = localMs - (wallClock(localMs, timeZone) - localMs);
  guess = localMs - (wallClock(guess, timeZone) - guess);
  return guess;
}

/**
 * The instants `day` (YYYY-MM-DD) starts and ends at in `timeZone`: [start, end).
 * @example zonedDayBounds('2025-03-30', 'Europe/London') // { start: 2025-03-30T00:00Z, end: 2025-03-30T23:00Z }
 */
export function zonedDayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = day.split('-').map(Number);
  const midnight = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return {
    start: new Date(zonedToUtc(midnight, timeZone)),
    end: new Date(zonedToUtc(midnight + 86_400_000, timeZone)),
  };
}

/**
 * The day `days` after `day` (negative: before), both YYYY-MM-DD.
 * @example addDays('2025-02-28', 1) === '2025-03-01'
 */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
