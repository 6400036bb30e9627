/**
 * Calendar days ↔ instants in a named time zone, for the list's date filters.
 *
 * Why the workspace's time zone (not UTC, not the browser's): staff think in the hotel's
 * calendar days, and every date on screen is already formatted in the workspace's zone
 * (`useFormat`), so "created from 3 Sep" must include a guest created at 00:30 London time on
 * 3 Sep — which UTC midnight would get wrong for half the year. The browser's zone would make
 * the same picked day mean different instants for colleagues in different places; the URL
 * carries the instant, so a shared link means one thing for everybody.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

function zonedParts(instant: number, timeZone: string) {
  const parts = partsFormat(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

function parseDay(day: string): [number, number, number] | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return [y, mo, d];
}

/**
 * The instant a calendar day starts in a time zone, or null for a malformed day.
 * Where a DST change skips midnight, the day starts at the first wall-clock time that exists.
 * @example startOfDay('2026-09-03', 'Europe/London') → 2026-09-02T23:00:00.000Z
 */
export function startOfDay(day: string, timeZone: string): Date | null {
  const parsed = parseDay(day);
  if (!parsed) return null;
  const wall = Date.UTC(parsed[0], parsed[1] - 1, parsed[2]);
  let instant = wall - offsetMs(wall, timeZone);
  // The offset at the guess can differ from the offset at the answer across a DST change.
  const second = offsetMs(instant, timeZone);
  if (second !== wall - instant) instant = wall - second;
  return new Date(instant);
}

/**
 * The last millisecond of a calendar day in a time zone: the server's `…To` filters are
 * inclusive, so "created to 10 Sep" means up to 23:59:59.999 on 10 Sep.
 */
export function endOfDay(day: string, timeZone: string): Date | null {
  const next = addDays(day, 1);
  const start = next ? startOfDay(next, timeZone) : null;
  return start ? new Date(start.getTime() - 1) : null;
}

/** The calendar day (`YYYY-MM-DD`, what `<input type="date">` holds) of an instant in a time zone. */
export function dayOf(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return '';
  const p = zonedParts(ms, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A calendar day moved by whole days (negative goes back). @example addDays('2026-03-01', -1) === '2026-02-28' */
export function addDays(day: string, days: number): string | null {
  const parsed = parseDay(day);
  if (!parsed) return null;
  return new Date(Date.UTC(parsed[0], parsed[1] - 1, parsed[2] + days)).toISOString().slice(0, 10);
}
