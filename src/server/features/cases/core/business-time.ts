/**
 * Business-hours arithmetic for SLA timers: which instants a calendar is open, how much open time
 * lies between two instants (minus pauses), and when a given amount of open time has elapsed.
 *
 * A calendar is open at an instant when the wall clock in its time zone shows a time inside one of
 * that weekday's intervals and the local day is not a holiday. So a local 09:00–17:00 day is 8
 * hours long on the day the clocks change (the change is at night), while 00:00–24:00 on that day
 * is 23 or 25 hours: the real elapsed time.
 *
 * Pure and I/O-free. A {@link CompiledCalendar} memoises the open intervals of the days it has
 * seen, with running totals, so after its first use a query costs a few binary searches and no
 * time-zone look-ups. Compile once per calendar and reuse it across a sweep.
 */
import { addDays, dayInZone, zonedDayBounds, zoneOffsetAt } from '../../../../shared/zoned-day.js';

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Local wall-clock opening hours: [start, end), 'HH:MM', `end` may be '24:00' (midnight after). */
export interface OpeningHours {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone the hours are in, e.g. 'Europe/London'. */
  timeZone: string;
  /** Opening hours per weekday (0 = Sunday); an empty list when closed. Several intervals a day allowed. */
  week: Record<Weekday, OpeningHours[]>;
  /** Local days ('YYYY-MM-DD') with no business hours at all. */
  holidays: string[];
}

/** A stretch of time the clock does not run, [from, to); `to: null` = still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}

/** An interval of instants, [start, end). */
export interface TimeInterval {
  start: Date;
  end: Date;
}

/** One thing wrong with a calendar: a dotted path to the field ('week.1.0.end') and plain words. */
export interface CalendarProblem {
  path: string;
  message: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Days a timeline grows by at least, so extending it stays amortised O(1) per day. */
const CHUNK_DAYS = 35;
/** Instants the arithmetic accepts: four-digit years, so local days stay 'YYYY-MM-DD'. */
const MIN_MS = Date.UTC(1000, 0, 2);
const MAX_MS = Date.UTC(9999, 11, 30);

function deepFreeze(calendar: BusinessCalendar): BusinessCalendar {
  for (const day of WEEKDAYS) {
    for (const hours of calendar.week[day]) Object.freeze(hours);
    Object.freeze(calendar.week[day]);
  }
  Object.freeze(calendar.week);
  Object.freeze(calendar.holidays);
  return Object.freeze(calendar);
}

function everyDay(hours: OpeningHours[]): Record<Weekday, OpeningHours[]> {
  return {
    0: hours.map((h) => ({ ...h })),
    1: hours.map((h) => ({ ...h })),
    2: hours.map((h) => ({ ...h })),
    3: hours.map((h) => ({ ...h })),
    4: hours.map((h) => ({ ...h })),
    5: hours.map((h) => ({ ...h })),
    6: hours.map((h) => ({ ...h })),
  };
}

/**
 * Open around the clock (24×7, UTC, no holidays): business time equals elapsed time.
 * @example businessMillisBetween(ALWAYS_OPEN, new Date('2025-01-04T00:00Z'), new Date('2025-01-05T00:00Z')) === 86_400_000
 */
export const ALWAYS_OPEN: BusinessCalendar = deepFreeze({
  timeZone: 'UTC',
  week: everyDay([{ start: '00:00', end: '24:00' }]),
  holidays: [],
});

/**
 * Office hours, Monday to Friday 09:00–17:00 local time in `timeZone`, no holidays.
 * @example officeHours('Europe/London').week[1] // [{ start: '09:00', end: '17:00' }]
 */
export function officeHours(timeZone = 'UTC'): BusinessCalendar {
  const week = everyDay([{ start: '09:00', end: '17:00' }]);
  week[0] = [];
  week[6] = [];
  return { timeZone, week, holidays: [] };
}

/**
 * The default calendar when a workspace has set none: {@link officeHours} in UTC.
 * @example DEFAULT_CALENDAR.week[6].length === 0 // closed on Saturdays
 */
export const DEFAULT_CALENDAR: BusinessCalendar = deepFreeze(officeHours('UTC'));

// ---------------------------------------------------------------------------------------------
// Validation

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight of 'HH:MM' (and '24:00' when `allowMidnightAfter`), or null. */
function parseTime(value: unknown, allowMidnightAfter: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (allowMidnightAfter && value === '24:00') return 1440;
  const m = TIME.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === value;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything wrong with a calendar, in plain words with the path of each field, so an API can
 * report them per field (an empty list: the calendar is usable). Checks the time zone, that each
 * weekday lists its hours, the 'HH:MM' times, that each interval ends after it starts, that a
 * day's intervals do not overlap (touching is fine), and the holiday dates. Written defensively:
 * the calendar may come straight from JSON.
 * @example
 * validateCalendar({ ...officeHours('Mars/Olympus'), holidays: ['2025-02-30'] })
 * // [{ path: 'timeZone', message: '"Mars/Olympus" is not a known time zone; use an IANA name such as Europe/London' },
 * //  { path: 'holidays.0', message: '"2025-02-30" is not a date; write YYYY-MM-DD, e.g. 2025-12-25' }]
 */
export function validateCalendar(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const zone: unknown = calendar.timeZone;
  if (typeof zone !== 'string' || zone === '') {
    problems.push({ path: 'timeZone', message: 'is required: an IANA time zone name such as Europe/London' });
  } else if (!isTimeZone(zone)) {
    problems.push({
      path: 'timeZone',
      message: `"${zone}" is not a known time zone; use an IANA name such as Europe/London`,
    });
  }

  const week: unknown = calendar.week;
  if (typeof week !== 'object' || week === null || Array.isArray(week)) {
    problems.push({
      path: 'week',
      message: 'must give the opening hours of each day, 0 = Sunday … 6 = Saturday',
    });
  } else {
    for (const key of Object.keys(week)) {
      if (!/^[0-6]$/.test(key)) {
        problems.push({
          path: `week.${key}`,
          message: 'is not a day of the week; use 0 = Sunday … 6 = Saturday',
        });
      }
    }
    for (const day of WEEKDAYS) problems.push(...dayProblems(calendar.week[day], day));
  }

  const holidays: unknown = calendar.holidays;
  if (!Array.isArray(holidays)) {
    problems.push({
      path: 'holidays',
      message: 'must be a list of dates (YYYY-MM-DD), empty when there are none',
    });
  } else {
    holidays.forEach((h: unknown, i) => {
      if (!isDay(h)) {
        problems.push({
          path: `holidays.${i}`,
          message: `${JSON.stringify(h)} is not a date; write YYYY-MM-DD, e.g. 2025-12-25`,
        });
      }
    });
  }
  return problems;
}

function dayProblems(hours: unknown, day: Weekday): CalendarProblem[] {
  const name = DAY_NAMES[day];
  if (!Array.isArray(hours)) {
    return [
      { path: `week.${day}`, message: `must list the opening hours of ${name} (an empty list when closed)` },
    ];
  }
  const problems: CalendarProblem[] = [];
  const valid: Array<{ index: number; start: number; end: number; label: string }> = [];
  hours.forEach((h: unknown, index) => {
    const path = `week.${day}.${index}`;
    if (typeof h !== 'object' || h === null) {
      problems.push({ path, message: 'must be an interval { start: "HH:MM", end: "HH:MM" }' });
      return;
    }
    const { start: rawStart, end: rawEnd } = h as Record<string, unknown>;
    const start = parseTime(rawStart, false);
    const end = parseTime(rawEnd, true);
    if (start === null) {
      problems.push({
        path: `${path}.start`,
        message: 'must be a time of day as HH:MM, from 00:00 to 23:59',
      });
    }
    if (end === null) {
      problems.push({ path: `${path}.end`, message: 'must be a time of day as HH:MM, from 00:01 to 24:00' });
    }
    if (start === null || end === null) return;
    if (end <= start) {
      problems.push({ path: `${path}.end`, message: `must be later than the start (${String(rawStart)})` });
      return;
    }
    valid.push({ index, start, end, label: `${String(rawStart)}–${String(rawEnd)}` });
  });
  valid.sort((a, b) => a.start - b.start || a.index - b.index);
  for (let k = 1; k < valid.length; k += 1) {
    const prev = valid[k - 1]!;
    const cur = valid[k]!;
    if (cur.start < prev.end) {
      problems.push({ path: `week.${day}.${cur.index}`, message: `overlaps ${prev.label} on ${name}` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Time-zone offsets

/** The first instant in (lo, hi] whose offset differs from the offset at lo (offset at hi differs). */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const before = zoneOffsetAt(lo, timeZone);
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (zoneOffsetAt(mid, timeZone) === before) a = mid;
    else b = mid;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Compiled calendars

interface DayHours {
  start: number;
  end: number;
}

/**
 * A validated calendar with a memo of its open intervals: pass it wherever a calendar goes to make
 * repeated queries cheap. The memo covers the contiguous run of local days queried so far and
 * grows on demand in either direction (a few bytes per open interval; about 1 KB a year for
 * office hours).
 */
export class CompiledCalendar {
  readonly calendar: BusinessCalendar;
  /** Whether any weekday has opening hours; if not, no time is ever open. */
  readonly hasOpenHours: boolean;
  readonly #timeZone: string;
  readonly #hours: Record<Weekday, DayHours[]>;
  readonly #holidays: ReadonlySet<string>;
  readonly #lastHoliday: string;
  /** Nominal open time of a week, ms (ignoring holidays and clock changes): sizes extensions. */
  readonly #weekMs: number;
  // Open intervals, merged and sorted: [#s[i], #e[i]) with #c[i] the open ms before #s[i]
  // (relative to an arbitrary origin, so negative after growing backwards).
  #s: number[] = [];
  #e: number[] = [];
  #c: number[] = [];
  /** Covered local days: [#firstDay, #endDay), i.e. the instants [#startMs, #endMs). */
  #firstDay = '';
  #endDay = '';
  #startMs = 0;
  #endMs = 0;

  constructor(calendar: BusinessCalendar) {
    const problems = validateCalendar(calendar);
    if (problems.length > 0) {
      throw new RangeError(`invalid calendar: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    }
    this.calendar = deepFreeze(structuredClone(calendar));
    this.#timeZone = calendar.timeZone;
    const hours = {} as Record<Weekday, DayHours[]>;
    let weekMinutes = 0;
    for (const day of WEEKDAYS) {
      hours[day] = calendar.week[day]
        .map((h) => ({ start: parseTime(h.start, false)!, end: parseTime(h.end, true)! }))
        .sort((a, b) => a.start - b.start);
      for (const h of hours[day]) weekMinutes += h.end - h.start;
    }
    this.#hours = hours;
    this.#holidays = new Set(calendar.holidays);
    this.#lastHoliday = [...calendar.holidays].sort().at(-1) ?? '';
    this.#weekMs = weekMinutes * MINUTE_MS;
    this.hasOpenHours = weekMinutes > 0;
  }

  /** Open intervals of one local day, ms, sorted and merged. */
  #dayIntervals(day: string, s0: number, e0: number): Array<[number, number]> {
    if (this.#holidays.has(day)) return [];
    const midnight = Date.parse(`${day}T00:00:00Z`); // local midnight read as UTC
    const hours = this.#hours[new Date(midnight).getUTCDay() as Weekday];
    if (hours.length === 0) return [];
    const pieces: Array<[number, number]> = [];
    const add = (a: number, b: number) => {
      const from = Math.max(a, s0);
      const to = Math.min(b, e0);
      if (to > from) pieces.push([from, to]);
    };
    if (e0 - s0 === DAY_MS) {
      // No clock change today: one offset for the whole day.
      const offset = midnight - s0;
      for (const h of hours)
        add(midnight + h.start * MINUTE_MS - offset, midnight + h.end * MINUTE_MS - offset);
      return pieces;
    }
    // A clock change today, at instant x: the wall clock reads t + before until x, t + after from
    // x on. The open instants are those whose wall-clock reading lies in an interval.
    const before = zoneOffsetAt(s0, this.#timeZone);
    const after = zoneOffsetAt(e0 - 1, this.#timeZone);
    const x = before === after ? e0 : transitionBetween(s0, e0 - 1, this.#timeZone);
    for (const h of hours) {
      const a = midnight + h.start * MINUTE_MS;
      const b = midnight + h.end * MINUTE_MS;
      add(a - before, Math.min(b - before, x));
      add(Math.max(a - after, x), b - after);
    }
    pieces.sort((p, q) => p[0] - q[0]);
    const merged: Array<[number, number]> = [];
    for (const p of pieces) {
      const last = merged.at(-1);
      if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
      else merged.push(p);
    }
    return merged;
  }

  /** Adds `count` days after the covered range. Returns the open ms added. */
  #append(count: number): number {
    let added = 0;
    for (let k = 0; k < count; k += 1) {
      const { start, end } = zonedDayBounds(this.#endDay, this.#timeZone);
      for (const [a, b] of this.#dayIntervals(this.#endDay, start.getTime(), end.getTime())) {
        const n = this.#s.length;
        if (n > 0 && this.#e[n - 1] === a) {
          this.#e[n - 1] = b;
        } else {
          const base = n > 0 ? this.#c[n - 1]! + this.#e[n - 1]! - this.#s[n - 1]! : 0;
          this.#s.push(a);
          this.#e.push(b);
          this.#c.push(base);
        }
        added += b - a;
      }
      this.#endDay = addDays(this.#endDay, 1);
      this.#endMs = end.getTime();
    }
    return added;
  }

  /** Adds `count` days before the covered range. */
  #prepend(count: number): void {
    const s: number[] = [];
    const e: number[] = [];
    const first = addDays(this.#firstDay, -count);
    let startMs = this.#startMs;
    for (let k = 0; k < count; k += 1) {
      const day = addDays(first, k);
      const { start, end } = zonedDayBounds(day, this.#timeZone);
      if (k === 0) startMs = start.getTime();
      for (const [a, b] of this.#dayIntervals(day, start.getTime(), end.getTime())) {
        if (e.length > 0 && e[e.length - 1] === a) e[e.length - 1] = b;
        else {
          s.push(a);
          e.push(b);
        }
      }
    }
    let running = this.#c.length > 0 ? this.#c[0]! : 0;
    if (s.length > 0 && this.#s.length > 0 && e[e.length - 1] === this.#s[0]) {
      // The last new interval runs into the first old one: they become one.
      const a = s.pop()!;
      const b = e.pop()!;
      running -= b - a;
      this.#s[0] = a;
      this.#c[0] = running;
    }
    const c = new Array<number>(s.length);
    for (let k = s.length - 1; k >= 0; k -= 1) {
      running -= e[k]! - s[k]!;
      c[k] = running;
    }
    this.#s = s.concat(this.#s);
    this.#e = e.concat(this.#e);
    this.#c = c.concat(this.#c);
    this.#firstDay = first;
    this.#startMs = startMs;
  }

  /** Makes the covered range include the instant `ms`. */
  #cover(ms: number): void {
    if (!(ms >= MIN_MS && ms <= MAX_MS))
      throw new RangeError('instants must be valid dates in years 1000–9999');
    if (this.#firstDay === '') {
      const day = addDays(dayInZone(new Date(ms), this.#timeZone), -1);
      this.#firstDay = day;
      this.#endDay = day;
      this.#startMs = zonedDayBounds(day, this.#timeZone).start.getTime();
      this.#endMs = this.#startMs;
      this.#append(CHUNK_DAYS);
    }
    while (ms < this.#startMs) {
      const gap = daysFrom(dayInZone(new Date(ms), this.#timeZone), this.#firstDay);
      const covered = daysFrom(this.#firstDay, this.#endDay);
      this.#prepend(Math.max(gap + 1, CHUNK_DAYS, covered));
    }
    while (ms >= this.#endMs) {
      const gap = daysFrom(this.#endDay, dayInZone(new Date(ms), this.#timeZone));
      this.#append(Math.max(gap + 1, CHUNK_DAYS));
    }
  }

  /** Open ms from the origin to `ms`; `ms` must be covered. */
  #cum(ms: number): number {
    const s = this.#s;
    let lo = 0;
    let hi = s.length; // first index with s[i] > ms
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < 0) return this.#c.length > 0 ? this.#c[0]! : 0;
    return this.#c[i]! + Math.min(ms, this.#e[i]!) - s[i]!;
  }

  /** The earliest instant whose cumulative open ms reaches `target`, growing forward as needed. */
  #reach(target: number): number | null {
    for (;;) {
      const n = this.#s.length;
      const total = n > 0 ? this.#c[n - 1]! + this.#e[n - 1]! - this.#s[n - 1]! : 0;
      if (n > 0 && total >= target) break;
      const missing = n > 0 ? target - total : target;
      const days = Math.max(CHUNK_DAYS, Math.ceil((missing / this.#weekMs) * 7) + 7);
      if (this.#endMs > MAX_MS) throw new RangeError('the answer lies beyond the year 9999');
      const beyondHolidays = this.#endDay > this.#lastHoliday;
      if (this.#append(days) === 0 && beyondHolidays) return null; // no open hours ever (cannot happen with hasOpenHours)
    }
    let lo = 0;
    let hi = this.#s.length - 1; // first index whose end total reaches target
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#c[mid]! + this.#e[mid]! - this.#s[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.#s[lo]! + Math.ceil(target - this.#c[lo]!);
  }

  /** See {@link businessIntervals}. */
  intervals(from: Date, to: Date): TimeInterval[] {
    const a = from.getTime();
    const b = to.getTime();
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('instants must be valid dates');
    if (!(b > a) || !this.hasOpenHours) return [];
    this.#cover(a);
    this.#cover(b);
    const out: TimeInterval[] = [];
    let lo = 0;
    let hi = this.#e.length; // first interval ending after a
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#e[mid]! <= a) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#s.length && this.#s[i]! < b; i += 1) {
      out.push({ start: new Date(Math.max(this.#s[i]!, a)), end: new Date(Math.min(this.#e[i]!, b)) });
    }
    return out;
  }

  /** See {@link businessMillisBetween}. */
  millisBetween(from: Date, to: Date, pauses: readonly Pause[] = []): number {
    const a = from.getTime();
    const b = to.getTime();
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('instants must be valid dates');
    if (!(b > a) || !this.hasOpenHours) return 0;
    this.#cover(a);
    this.#cover(b);
    let total = this.#cum(b) - this.#cum(a);
    for (const [p, q] of mergePauses(pauses)) {
      const x = Math.max(p, a);
      const y = Math.min(q, b);
      if (y > x) total -= this.#cum(y) - this.#cum(x);
    }
    return total;
  }

  /** See {@link addBusinessMillis}. */
  addMillis(start: Date, millis: number, pauses: readonly Pause[] = []): Date | null {
    if (!(millis >= 0) || !Number.isFinite(millis)) throw new RangeError(`millis must be ≥ 0, got ${millis}`);
    let cursor = start.getTime();
    if (!Number.isFinite(cursor)) throw new RangeError('instants must be valid dates');
    if (millis === 0) return new Date(cursor);
    if (!this.hasOpenHours) return null;
    this.#cover(cursor);
    let remaining = millis;
    for (const [p, q] of mergePauses(pauses)) {
      if (q <= cursor) continue;
      if (p > cursor) {
        this.#cover(p);
        const available = this.#cum(p) - this.#cum(cursor);
        if (available >= remaining) break;
        remaining -= available;
      }
      if (q === Number.POSITIVE_INFINITY) return null; // the clock is stopped before the time is up
      cursor = q;
      this.#cover(cursor);
    }
    const at = this.#reach(this.#cum(cursor) + remaining);
    return at === null ? null : new Date(at);
  }
}

function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Pauses as sorted, merged [from, to) ms pairs (`to` = +∞ when open). */
function mergePauses(pauses: readonly Pause[]): Array<[number, number]> {
  if (pauses.length === 0) return [];
  const pairs: Array<[number, number]> = pauses.map((p) => {
    const from = p.from.getTime();
    const to = p.to === null ? Number.POSITIVE_INFINITY : p.to.getTime();
    if (!Number.isFinite(from) || Number.isNaN(to)) throw new RangeError('pauses must have valid dates');
    return [from, to];
  });
  pairs.sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const pair of pairs) {
    if (!(pair[1] > pair[0])) continue;
    const last = out.at(-1);
    if (last && pair[0] <= last[1]) last[1] = Math.max(last[1], pair[1]);
    else out.push(pair);
  }
  return out;
}

/** A calendar, or one compiled already (which keeps its memo across calls). */
export type CalendarLike = BusinessCalendar | CompiledCalendar;

/**
 * Validates a calendar and prepares its memo; throws a RangeError listing the problems of an
 * invalid one ({@link validateCalendar} first to report them nicely). Compile once per calendar
 * for a sweep over many cases.
 * @example
 * const london = compileCalendar(officeHours('Europe/London'));
 * businessMillisBetween(london, new Date('2025-03-28T16:00Z'), new Date('2025-03-31T09:00Z')) === 2 * 3_600_000
 * // 16:00–17:00 GMT on Friday, then 09:00–10:00 BST (08:00Z–09:00Z) on Monday
 */
export function compileCalendar(calendar: CalendarLike): CompiledCalendar {
  return calendar instanceof CompiledCalendar ? calendar : new CompiledCalendar(calendar);
}

/**
 * The open business time in [from, to) as UTC intervals [start, end), sorted, touching ones
 * merged (an always-open calendar gives one interval). Empty when `to` ≤ `from`.
 * @example
 * businessIntervals(officeHours('America/New_York'), new Date('2025-03-07T00:00Z'), new Date('2025-03-11T00:00Z'))
 * // Fri 14:00Z–22:00Z, then (clocks changed on Sunday) Mon 13:00Z–21:00Z
 */
export function businessIntervals(calendar: CalendarLike, from: Date, to: Date): TimeInterval[] {
  return compileCalendar(calendar).intervals(from, to);
}

/**
 * Open business time elapsed from `from` to `to` (ms), not counting the time inside `pauses`
 * (overlapping pauses count once; `to: null` = paused until further notice). 0 when `to` ≤ `from`.
 * @example
 * // Friday 16:00 to Monday 10:00, office hours in UTC: 1 h on Friday + 1 h on Monday
 * businessMillisBetween(DEFAULT_CALENDAR, new Date('2025-01-03T16:00Z'), new Date('2025-01-06T10:00Z')) === 7_200_000
 */
export function businessMillisBetween(
  calendar: CalendarLike,
  from: Date,
  to: Date,
  pauses: readonly Pause[] = [],
): number {
  return compileCalendar(calendar).millisBetween(from, to, pauses);
}

/**
 * The earliest instant by which `millis` of open business time, not counting `pauses`, have
 * elapsed after `start` (to the millisecond, rounded up). `start` itself when `millis` is 0. Null
 * when the clock never gets there: an open-ended pause (`to: null`) begins before the time is up,
 * or the calendar has no opening hours at all. Iterates days, not minutes, and with a
 * {@link CompiledCalendar} costs a few binary searches once the days are memoised.
 * @example
 * // 3 business hours from Friday 16:00 in office hours (UTC): Monday 11:00
 * addBusinessMillis(DEFAULT_CALENDAR, new Date('2025-01-03T16:00Z'), 3 * 3_600_000) // 2025-01-06T11:00Z
 */
export function addBusinessMillis(
  calendar: CalendarLike,
  start: Date,
  millis: number,
  pauses: readonly Pause[] = [],
): Date | null {
  return compileCalendar(calendar).addMillis(start, millis, pauses);
}
