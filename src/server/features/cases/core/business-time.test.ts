import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALWAYS_OPEN,
  addBusinessMillis,
  type BusinessCalendar,
  businessIntervals,
  businessMillisBetween,
  compileCalendar,
  DEFAULT_CALENDAR,
  officeHours,
  type Pause,
  type TimeInterval,
  validateCalendar,
  type Weekday,
} from './business-time.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const spans = (intervals: TimeInterval[]) =>
  intervals.map((i) => `${i.start.toISOString().slice(0, 16)}/${i.end.toISOString().slice(0, 16)}`);
const msOf = (intervals: TimeInterval[]) =>
  intervals.reduce((sum, i) => sum + i.end.getTime() - i.start.getTime(), 0);
const hoursOf = (intervals: TimeInterval[]) => msOf(intervals) / HOUR;

/** A calendar from a few weekdays' hours; the other days are closed. */
function calendar(
  timeZone: string,
  days: Partial<Record<Weekday, Array<[string, string]>>>,
  holidays: string[] = [],
): BusinessCalendar {
  const week = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] } as BusinessCalendar['week'];
  for (const [day, hours] of Object.entries(days)) {
    week[Number(day) as Weekday] = (hours ?? []).map(([start, end]) => ({ start, end }));
  }
  return { timeZone, week, holidays };
}

const weekdays = (hours: Array<[string, string]>) => ({ 1: hours, 2: hours, 3: hours, 4: hours, 5: hours });
const allWeek = (hours: Array<[string, string]>) => ({ 0: hours, ...weekdays(hours), 6: hours });
const CLOSED = calendar('UTC', {});

describe('calendars', () => {
  it('ALWAYS_OPEN counts all elapsed time, the default only Monday–Friday 09:00–17:00 UTC', () => {
    const sat = at('2025-01-04T00:00Z');
    const mon = at('2025-01-06T00:00Z');
    const tue = at('2025-01-07T00:00Z');
    expect(businessMillisBetween(ALWAYS_OPEN, sat, mon)).toBe(48 * HOUR);
    expect(businessMillisBetween(DEFAULT_CALENDAR, sat, mon)).toBe(0);
    expect(spans(businessIntervals(DEFAULT_CALENDAR, sat, tue))).toEqual([
      '2025-01-06T09:00/2025-01-06T17:00',
    ]);
    expect(spans(businessIntervals(ALWAYS_OPEN, sat, tue))).toEqual(['2025-01-04T00:00/2025-01-07T00:00']);
  });

  it('gives office hours in a chosen zone, and keeps the shared constants from being changed', () => {
    const ny = officeHours('America/New_York');
    expect(ny.timeZone).toBe('America/New_York');
    expect(ny.week[3]).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(ny.week[0]).toEqual([]);
    expect(() => DEFAULT_CALENDAR.week[1].push({ start: '18:00', end: '19:00' })).toThrow(TypeError);
  });

  it('copies a calendar when compiling it, so later edits to the input do not leak in', () => {
    const input = officeHours('UTC');
    const compiled = compileCalendar(input);
    input.week[1] = [{ start: '00:00', end: '24:00' }];
    expect(compiled.millisBetween(at('2025-01-06T00:00Z'), at('2025-01-07T00:00Z'))).toBe(8 * HOUR);
    expect(compileCalendar(compiled)).toBe(compiled);
  });
});

describe('validateCalendar', () => {
  it('accepts usable calendars', () => {
    expect(validateCalendar(ALWAYS_OPEN)).toEqual([]);
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
    const lunch = calendar(
      'Europe/London',
      {
        1: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
        5: [
          ['09:00', '12:00'],
          ['12:00', '24:00'],
        ],
      },
      ['2025-12-25', '2024-02-29'],
    );
    expect(validateCalendar(lunch)).toEqual([]);
  });

  it('names each problem and its field in plain words', () => {
    const bad = calendar(
      'Mars/Olympus',
      {
        1: [
          ['09:00', '12:00'],
          ['11:30', '17:00'],
        ],
        2: [['17:00', '09:00']],
        3: [
          ['9:00', '17:00'],
          ['24:00', '24:00'],
        ],
        4: [['10:00', '10:00']],
        5: [['08:00', '25:00']],
      },
      ['2025-02-30', 'tomorrow', '2025-12-25'],
    );
    expect(validateCalendar(bad)).toEqual([
      {
        path: 'timeZone',
        message: '"Mars/Olympus" is not a known time zone; use an IANA name such as Europe/London',
      },
      { path: 'week.1.1', message: 'overlaps 09:00–12:00 on Monday' },
      { path: 'week.2.0.end', message: 'must be later than the start (17:00)' },
      { path: 'week.3.0.start', message: 'must be a time of day as HH:MM, from 00:00 to 23:59' },
      { path: 'week.3.1.start', message: 'must be a time of day as HH:MM, from 00:00 to 23:59' },
      { path: 'week.4.0.end', message: 'must be later than the start (10:00)' },
      { path: 'week.5.0.end', message: 'must be a time of day as HH:MM, from 00:01 to 24:00' },
      { path: 'holidays.0', message: '"2025-02-30" is not a date; write YYYY-MM-DD, e.g. 2025-12-25' },
      { path: 'holidays.1', message: '"tomorrow" is not a date; write YYYY-MM-DD, e.g. 2025-12-25' },
    ]);
  });

  it('reports a missing time zone, missing and unknown days, and holidays that are not a list', () => {
    // As it could arrive from JSON.
    const raw = JSON.parse(
      '{"timeZone":"","week":{"0":[],"1":[],"2":[],"3":[],"4":[],"5":[],"7":[]},"holidays":"2025-12-25"}',
    ) as BusinessCalendar;
    expect(validateCalendar(raw)).toEqual([
      { path: 'timeZone', message: 'is required: an IANA time zone name such as Europe/London' },
      { path: 'week.7', message: 'is not a day of the week; use 0 = Sunday … 6 = Saturday' },
      { path: 'week.6', message: 'must list the opening hours of Saturday (an empty list when closed)' },
      { path: 'holidays', message: 'must be a list of dates (YYYY-MM-DD), empty when there are none' },
    ]);
  });

  it('refuses to compute with an invalid calendar, listing the problems', () => {
    const bad = calendar('UTC', { 1: [['12:00', '11:00']] });
    expect(() => businessMillisBetween(bad, at('2025-01-06T00:00Z'), at('2025-01-07T00:00Z'))).toThrow(
      /week\.1\.0\.end: must be later than the start/,
    );
  });
});

describe('businessIntervals', () => {
  it('skips the weekend', () => {
    const ivs = businessIntervals(DEFAULT_CALENDAR, at('2025-01-03T12:00Z'), at('2025-01-07T10:00Z'));
    expect(spans(ivs)).toEqual([
      '2025-01-03T12:00/2025-01-03T17:00',
      '2025-01-06T09:00/2025-01-06T17:00',
      '2025-01-07T09:00/2025-01-07T10:00',
    ]);
  });

  it('skips holidays (local days)', () => {
    const london = calendar('Europe/London', weekdays([['09:00', '17:00']]), ['2025-12-25', '2025-12-26']);
    const ivs = businessIntervals(london, at('2025-12-24T00:00Z'), at('2025-12-30T00:00Z'));
    expect(spans(ivs)).toEqual(['2025-12-24T09:00/2025-12-24T17:00', '2025-12-29T09:00/2025-12-29T17:00']);
    // A holiday in Auckland (UTC+12 in June) starts at 12:00 UTC the day before.
    const auckland = calendar('Pacific/Auckland', allWeek([['00:00', '24:00']]), ['2025-06-10']);
    expect(spans(businessIntervals(auckland, at('2025-06-09T00:00Z'), at('2025-06-11T00:00Z')))).toEqual([
      '2025-06-09T00:00/2025-06-09T12:00',
      '2025-06-10T12:00/2025-06-11T00:00',
    ]);
  });

  it('splits a day over lunch', () => {
    const lunch = calendar(
      'UTC',
      weekdays([
        ['09:00', '12:00'],
        ['13:00', '17:30'],
      ]),
    );
    expect(spans(businessIntervals(lunch, at('2025-01-06T10:00Z'), at('2025-01-06T16:00Z')))).toEqual([
      '2025-01-06T10:00/2025-01-06T12:00',
      '2025-01-06T13:00/2025-01-06T16:00',
    ]);
    expect(businessMillisBetween(lunch, at('2025-01-06T00:00Z'), at('2025-01-07T00:00Z'))).toBe(7.5 * HOUR);
  });

  it('joins hours that run on across midnight, and is empty for an empty range', () => {
    const lateShift = calendar('UTC', { 5: [['20:00', '24:00']], 6: [['00:00', '04:00']] });
    expect(spans(businessIntervals(lateShift, at('2025-01-01T00:00Z'), at('2025-01-08T00:00Z')))).toEqual([
      '2025-01-03T20:00/2025-01-04T04:00',
    ]);
    expect(businessIntervals(DEFAULT_CALENDAR, at('2025-01-06T12:00Z'), at('2025-01-06T12:00Z'))).toEqual([]);
    expect(businessIntervals(DEFAULT_CALENDAR, at('2025-01-06T12:00Z'), at('2025-01-06T11:00Z'))).toEqual([]);
  });
});

describe('daylight saving time', () => {
  it('London, last Sunday of March: 09:00–17:00 stays 8 hours, a change inside an interval counts real time', () => {
    const sunday = (from: string, to: string) =>
      businessIntervals(
        calendar('Europe/London', { 0: [[from, to]] }),
        at('2025-03-29T00:00Z'),
        at('2025-04-01T00:00Z'),
      );
    expect(spans(sunday('09:00', '17:00'))).toEqual(['2025-03-30T08:00/2025-03-30T16:00']);
    expect(hoursOf(sunday('00:00', '24:00'))).toBe(23);
    // 00:30 GMT to 02:30 BST: one real hour, the clocks jumped from 01:00 to 02:00.
    expect(spans(sunday('00:30', '02:30'))).toEqual(['2025-03-30T00:30/2025-03-30T01:30']);
    // Office hours move by an hour in UTC over the weekend, and the weekend is not counted.
    const office = officeHours('Europe/London');
    expect(spans(businessIntervals(office, at('2025-03-28T00:00Z'), at('2025-04-01T00:00Z')))).toEqual([
      '2025-03-28T09:00/2025-03-28T17:00',
      '2025-03-31T08:00/2025-03-31T16:00',
    ]);
    expect(businessMillisBetween(office, at('2025-03-28T16:00Z'), at('2025-03-31T09:00Z'))).toBe(2 * HOUR);
  });

  it('London, last Sunday of October: a 25-hour day, and the repeated hour counts twice', () => {
    const sunday = (from: string, to: string) =>
      businessIntervals(
        calendar('Europe/London', { 0: [[from, to]] }),
        at('2025-10-25T00:00Z'),
        at('2025-10-28T00:00Z'),
      );
    expect(hoursOf(sunday('00:00', '24:00'))).toBe(25);
    expect(spans(sunday('01:00', '02:00'))).toEqual(['2025-10-26T00:00/2025-10-26T02:00']);
    expect(spans(sunday('09:00', '17:00'))).toEqual(['2025-10-26T09:00/2025-10-26T17:00']);
  });

  it('New York, second Sunday of March: 02:00–03:00 does not exist', () => {
    const sunday = (...hours: Array<[string, string]>) =>
      businessIntervals(
        calendar('America/New_York', { 0: hours }),
        at('2025-03-08T00:00Z'),
        at('2025-03-11T00:00Z'),
      );
    expect(spans(sunday(['09:00', '17:00']))).toEqual(['2025-03-09T13:00/2025-03-09T21:00']);
    expect(hoursOf(sunday(['00:00', '24:00']))).toBe(23);
    expect(spans(sunday(['01:00', '03:00']))).toEqual(['2025-03-09T06:00/2025-03-09T07:00']);
    // Only 03:00–03:30 EDT of 02:30–03:30 is ever on the wall clock.
    expect(spans(sunday(['02:30', '03:30']))).toEqual(['2025-03-09T07:00/2025-03-09T07:30']);
    expect(sunday(['02:00', '02:45'])).toEqual([]);
    // The Friday before and the Monday after, in UTC.
    expect(
      spans(
        businessIntervals(officeHours('America/New_York'), at('2025-03-07T00:00Z'), at('2025-03-11T00:00Z')),
      ),
    ).toEqual(['2025-03-07T14:00/2025-03-07T22:00', '2025-03-10T13:00/2025-03-10T21:00']);
  });

  it('New York, first Sunday of November: 01:00–02:00 happens twice', () => {
    const sunday = (...hours: Array<[string, string]>) =>
      businessIntervals(
        calendar('America/New_York', { 0: hours }),
        at('2025-11-01T00:00Z'),
        at('2025-11-04T00:00Z'),
      );
    expect(spans(sunday(['09:00', '17:00']))).toEqual(['2025-11-02T14:00/2025-11-02T22:00']);
    expect(hoursOf(sunday(['00:00', '24:00']))).toBe(25);
    expect(spans(sunday(['01:00', '02:00']))).toEqual(['2025-11-02T05:00/2025-11-02T07:00']);
    // 00:00–01:30 is on the wall clock from 00:00 EDT to 01:30 EDT, and again 01:00–01:30 EST.
    expect(spans(sunday(['00:00', '01:30']))).toEqual([
      '2025-11-02T04:00/2025-11-02T05:30',
      '2025-11-02T06:00/2025-11-02T06:30',
    ]);
    // Two intervals meeting at 01:30 cover the wall clock without a gap: one stretch.
    expect(spans(sunday(['00:00', '01:30'], ['01:30', '03:00']))).toEqual([
      '2025-11-02T04:00/2025-11-02T08:00',
    ]);
    // Friday 16:00 EDT + 2 business hours: Monday 10:00 EST.
    expect(iso(addBusinessMillis(officeHours('America/New_York'), at('2025-10-31T20:00Z'), 2 * HOUR))).toBe(
      '2025-11-03T15:00:00.000Z',
    );
  });

  it('counts the same instants differently in London and New York', () => {
    const from = at('2025-06-02T12:00Z'); // Monday: 13:00 in London, 08:00 in New York
    const to = at('2025-06-02T18:00Z');
    expect(businessMillisBetween(officeHours('Europe/London'), from, to)).toBe(4 * HOUR);
    expect(businessMillisBetween(officeHours('America/New_York'), from, to)).toBe(5 * HOUR);
    // In January both are on standard time: London 09–17Z, New York 14–22Z.
    expect(
      businessMillisBetween(officeHours('Europe/London'), at('2025-01-06T12:00Z'), at('2025-01-06T18:00Z')),
    ).toBe(5 * HOUR);
    expect(
      businessMillisBetween(
        officeHours('America/New_York'),
        at('2025-01-06T12:00Z'),
        at('2025-01-06T18:00Z'),
      ),
    ).toBe(4 * HOUR);
  });
});

describe('businessMillisBetween', () => {
  it('counts open time over a weekend and a holiday', () => {
    expect(businessMillisBetween(DEFAULT_CALENDAR, at('2025-01-03T16:00Z'), at('2025-01-06T10:00Z'))).toBe(
      2 * HOUR,
    );
    const plain = officeHours('Europe/London');
    const christmas = { ...plain, holidays: ['2025-12-25', '2025-12-26'] };
    const from = at('2025-12-24T12:00Z');
    const to = at('2025-12-29T12:00Z');
    expect(businessMillisBetween(plain, from, to)).toBe(24 * HOUR);
    expect(businessMillisBetween(christmas, from, to)).toBe(8 * HOUR);
  });

  it('leaves out pauses, overlapping pauses once, and an open pause up to the end', () => {
    const from = at('2025-01-06T09:00Z');
    const to = at('2025-01-07T17:00Z');
    expect(businessMillisBetween(DEFAULT_CALENDAR, from, to)).toBe(16 * HOUR);
    const waiting: Pause[] = [{ from: at('2025-01-06T15:00Z'), to: at('2025-01-07T10:00Z') }];
    expect(businessMillisBetween(DEFAULT_CALENDAR, from, to, waiting)).toBe(13 * HOUR);
    const overlapping: Pause[] = [
      ...waiting,
      { from: at('2025-01-06T16:00Z'), to: at('2025-01-07T09:30Z') },
      { from: at('2025-01-01T00:00Z'), to: at('2025-01-02T00:00Z') }, // before the range
    ];
    expect(businessMillisBetween(DEFAULT_CALENDAR, from, to, overlapping)).toBe(13 * HOUR);
    const open: Pause[] = [...waiting, { from: at('2025-01-07T12:00Z'), to: null }];
    expect(businessMillisBetween(DEFAULT_CALENDAR, from, to, open)).toBe(8 * HOUR);
  });

  it('is 0 for an empty or reversed range and for a calendar with no open hours', () => {
    expect(businessMillisBetween(DEFAULT_CALENDAR, at('2025-01-07T12:00Z'), at('2025-01-06T12:00Z'))).toBe(0);
    expect(businessMillisBetween(CLOSED, at('2025-01-01T00:00Z'), at('2026-01-01T00:00Z'))).toBe(0);
    expect(businessIntervals(CLOSED, at('2025-01-01T00:00Z'), at('2026-01-01T00:00Z'))).toEqual([]);
  });

  it('covers ranges reached in any order on one compiled calendar', () => {
    const compiled = compileCalendar(officeHours('America/New_York'));
    // Recent first, then a year earlier (the memo grows backwards), then later.
    expect(compiled.millisBetween(at('2025-06-02T00:00Z'), at('2025-06-09T00:00Z'))).toBe(40 * HOUR);
    expect(compiled.millisBetween(at('2024-01-01T00:00Z'), at('2025-01-01T00:00Z'))).toBe(262 * 8 * HOUR);
    expect(compiled.millisBetween(at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z'))).toBe(261 * 8 * HOUR);
    expect(compiled.millisBetween(at('2023-12-29T00:00Z'), at('2027-01-01T00:00Z'))).toBe(
      (8 + 262 * 8 + 261 * 8 + 261 * 8) * HOUR,
    );
  });
});

describe('addBusinessMillis', () => {
  it('carries over the weekend, lunch and holidays', () => {
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-03T16:00Z'), 3 * HOUR))).toBe(
      '2025-01-06T11:00:00.000Z',
    );
    const lunch = calendar(
      'UTC',
      weekdays([
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ]),
      ['2025-01-07'],
    );
    expect(iso(addBusinessMillis(lunch, at('2025-01-06T11:00Z'), 2 * HOUR))).toBe('2025-01-06T14:00:00.000Z');
    expect(iso(addBusinessMillis(lunch, at('2025-01-06T16:00Z'), 2 * HOUR))).toBe('2025-01-08T10:00:00.000Z');
  });

  it('gives the earliest instant: at closing time, not the next morning; from closed time, after opening', () => {
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-06T16:00Z'), HOUR))).toBe(
      '2025-01-06T17:00:00.000Z',
    );
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-04T12:00Z'), 30 * MIN))).toBe(
      '2025-01-06T09:30:00.000Z',
    );
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-04T12:00Z'), 0))).toBe(
      '2025-01-04T12:00:00.000Z',
    );
    // Fractions of a millisecond round up, so at least `millis` has elapsed.
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-06T09:00Z'), 0.25))).toBe(
      '2025-01-06T09:00:00.001Z',
    );
  });

  it('waits out pauses, and stops at an open pause', () => {
    const start = at('2025-01-06T09:00Z');
    const lunchPause: Pause[] = [{ from: at('2025-01-06T10:00Z'), to: at('2025-01-06T12:00Z') }];
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, start, 4 * HOUR, lunchPause))).toBe(
      '2025-01-06T15:00:00.000Z',
    );
    const fromBefore: Pause[] = [{ from: at('2025-01-05T00:00Z'), to: at('2025-01-06T11:00Z') }];
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, start, HOUR, fromBefore))).toBe(
      '2025-01-06T12:00:00.000Z',
    );
    const open: Pause[] = [...lunchPause, { from: at('2025-01-06T13:00Z'), to: null }];
    expect(addBusinessMillis(DEFAULT_CALENDAR, start, 4 * HOUR, open)).toBeNull();
    // Reached before the open pause begins: the answer stands.
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, start, 2 * HOUR, open))).toBe('2025-01-06T13:00:00.000Z');
    expect(iso(addBusinessMillis(DEFAULT_CALENDAR, start, HOUR, open))).toBe('2025-01-06T10:00:00.000Z');
  });

  it('returns null, at once, for a calendar with no open hours', () => {
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    expect(addBusinessMillis(CLOSED, at('2025-01-01T00:00Z'), MIN)).toBeNull();
    expect(spy).not.toHaveBeenCalled();
    // Every day a holiday for a while still ends: the hours come back after the last holiday.
    const days = Array.from({ length: 60 }, (_, i) =>
      new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
    );
    expect(
      iso(addBusinessMillis({ ...DEFAULT_CALENDAR, holidays: days }, at('2025-01-01T00:00Z'), HOUR)),
    ).toBe('2025-03-03T10:00:00.000Z');
  });

  it('reaches targets weeks away by days, not minutes', () => {
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const ny = compileCalendar(officeHours('America/New_York'));
    // Six weeks of office hours from Monday 09:00 EST: the end of Friday, six weeks on.
    const due = ny.addMillis(at('2025-01-06T14:00Z'), 30 * 8 * HOUR);
    expect(iso(due)).toBe('2025-02-14T22:00:00.000Z');
    // A year (2,000 business hours) across both clock changes.
    const yearOn = ny.addMillis(at('2025-01-06T14:00Z'), 2000 * HOUR);
    expect(yearOn).not.toBeNull();
    expect(ny.millisBetween(at('2025-01-06T14:00Z'), yearOn!)).toBe(2000 * HOUR);
    const cold = spy.mock.calls.length;
    expect(cold).toBeLessThan(8 * 400); // a few look-ups per day; a minute loop would make ~500,000
    // Once the days are memoised, queries need no time-zone look-ups at all.
    for (let d = 0; d < 300; d += 1) ny.addMillis(new Date(Date.UTC(2025, 0, 6 + d, 15)), 40 * HOUR);
    expect(spy.mock.calls.length).toBe(cold);
  });

  it('rejects a negative amount and invalid dates', () => {
    expect(() => addBusinessMillis(DEFAULT_CALENDAR, at('2025-01-06T09:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMillis(DEFAULT_CALENDAR, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() =>
      businessMillisBetween(DEFAULT_CALENDAR, new Date(Number.NaN), at('2025-01-06T09:00Z')),
    ).toThrow(RangeError);
    expect(() => businessMillisBetween(DEFAULT_CALENDAR, at('2025-01-06T09:00Z'), new Date(8.64e15))).toThrow(
      /years 1000–9999/,
    );
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------
// Properties on random calendars

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe', // half-hour clock changes
  'Asia/Kathmandu', // +05:45
  'Pacific/Auckland',
];
// One year keeps the memo small (building it costs a few time-zone look-ups per day).
const WINDOW_START = Date.UTC(2025, 0, 1);
const WINDOW_END = Date.UTC(2026, 0, 1);
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A day's hours: sorted distinct quarter-hour marks, paired up (so never overlapping). */
const dayHours = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b);
  const hours: Array<{ start: string; end: string }> = [];
  for (let k = 0; k + 1 < sorted.length; k += 2) {
    hours.push({ start: hhmm(sorted[k]! * 15), end: hhmm(sorted[k + 1]! * 15) });
  }
  return hours;
});

const arbCalendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 30 }),
  })
  .filter(({ days }) => days.some((d) => d.length > 0))
  .map(({ timeZone, days, holidays }) => ({
    timeZone,
    week: { 0: days[0], 1: days[1], 2: days[2], 3: days[3], 4: days[4], 5: days[5], 6: days[6] },
    holidays: holidays.map((d) => new Date(WINDOW_START + d * 86_400_000).toISOString().slice(0, 10)),
  }));

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const weekOpenMs = (cal: BusinessCalendar) =>
  Object.values(cal.week)
    .flat()
    .reduce((sum, h) => sum + (toMinutes(h.end) - toMinutes(h.start)) * MIN, 0);

const arbInstant = fc.integer({ min: WINDOW_START, max: WINDOW_END }).map((ms) => new Date(ms));
const arbPauses = fc
  .array(fc.tuple(arbInstant, fc.integer({ min: 0, max: 5 * 86_400_000 })), { maxLength: 4 })
  .map((list) => list.map(([from, len]): Pause => ({ from, to: new Date(from.getTime() + len) })));

describe('properties', () => {
  it('produces only valid calendars in the generator', () => {
    fc.assert(
      fc.property(arbCalendar, (cal) => {
        expect(validateCalendar(cal)).toEqual([]);
      }),
    );
  });

  it('addBusinessMillis then businessMillisBetween gives the amount back', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbInstant,
        fc.double({ min: 0, max: 6, noNaN: true }),
        arbPauses,
        (cal, start, weeks, pauses) => {
          // Up to six weeks of this calendar's open time (a sparse calendar takes years otherwise).
          const millis = Math.floor(weeks * weekOpenMs(cal));
          const compiled = compileCalendar(cal);
          const due = compiled.addMillis(start, millis, pauses);
          expect(due).not.toBeNull();
          expect(due!.getTime()).toBeGreaterThanOrEqual(start.getTime());
          expect(compiled.millisBetween(start, due!, pauses)).toBe(millis);
          // Nothing earlier would do: one millisecond before, a little less has elapsed.
          if (millis > 0)
            expect(compiled.millisBetween(start, new Date(due!.getTime() - 1), pauses)).toBe(millis - 1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('businessMillisBetween then addBusinessMillis lands at or before the end, exactly on it when it is open', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbInstant, arbPauses, (cal, a, b, pauses) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const compiled = compileCalendar(cal);
        const used = compiled.millisBetween(start, end, pauses);
        const back = compiled.addMillis(start, used, pauses)!;
        expect(back.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(compiled.millisBetween(start, back, pauses)).toBe(used);
        const running = compiled.millisBetween(new Date(end.getTime() - 1), end, pauses) === 1;
        if (running && used > 0) expect(back.getTime()).toBe(end.getTime());
      }),
      { numRuns: 100 },
    );
  });

  it('adds up over consecutive ranges, never exceeds elapsed time, and matches its intervals', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        fc.array(arbInstant, { minLength: 3, maxLength: 3 }),
        arbPauses,
        (cal, points, pauses) => {
          const [a, b, c] = points.sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
          const compiled = compileCalendar(cal);
          const ac = compiled.millisBetween(a, c, pauses);
          expect(compiled.millisBetween(a, b, pauses) + compiled.millisBetween(b, c, pauses)).toBe(ac);
          expect(ac).toBeLessThanOrEqual(c.getTime() - a.getTime());
          const intervals = compiled.intervals(a, c);
          let previousEnd = Number.NEGATIVE_INFINITY;
          for (const i of intervals) {
            expect(i.start.getTime()).toBeGreaterThan(previousEnd); // sorted, disjoint, touching ones merged
            expect(i.end.getTime()).toBeGreaterThan(i.start.getTime());
            expect(i.start.getTime()).toBeGreaterThanOrEqual(a.getTime());
            expect(i.end.getTime()).toBeLessThanOrEqual(c.getTime());
            previousEnd = i.end.getTime();
          }
          expect(msOf(intervals)).toBe(compiled.millisBetween(a, c));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('agrees with a minute-by-minute reading of the wall clock, across clock changes', () => {
    // An independent oracle: read each minute's local date and time with Intl and look it up.
    const readers = new Map<string, Intl.DateTimeFormat>();
    const wall = (ms: number, timeZone: string) => {
      let f = readers.get(timeZone);
      if (!f) {
        f = new Intl.DateTimeFormat('en-CA', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
        readers.set(timeZone, f);
      }
      const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return {
        day: `${p['year']}-${p['month']}-${p['day']}`,
        minute: Number(p['hour']) * 60 + Number(p['minute']),
      };
    };
    const isOpen = (cal: BusinessCalendar, ms: number) => {
      const { day, minute } = wall(ms, cal.timeZone);
      if (cal.holidays.includes(day)) return false;
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() as Weekday;
      return cal.week[weekday].some((h) => {
        const [sh, sm] = h.start.split(':').map(Number);
        const [eh, em] = h.end.split(':').map(Number);
        return minute >= sh! * 60 + sm! && minute < eh! * 60 + em!;
      });
    };
    // Nights the clocks change in these zones (UTC), and a day either side.
    const changes = [
      '2025-03-30T01:00Z', // London
      '2025-10-26T01:00Z',
      '2025-03-09T07:00Z', // New York
      '2025-11-02T06:00Z',
      '2025-04-05T15:00Z', // Lord Howe
      '2025-10-04T15:30Z',
      '2025-04-05T14:00Z', // Auckland
      '2025-09-27T14:00Z',
    ].map((s) => Date.parse(s));
    const arbStart = fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * 60, max: 12 * 60 }))
      .map(([t, minutes]) => Math.floor(t / MIN) * MIN + minutes * MIN);
    fc.assert(
      fc.property(arbCalendar, arbStart, (cal, start) => {
        const end = start + 48 * HOUR;
        let open = 0;
        for (let t = start; t < end; t += MIN) if (isOpen(cal, t)) open += MIN;
        expect(businessMillisBetween(cal, new Date(start), new Date(end))).toBe(open);
      }),
      { numRuns: 40 },
    );
  });
});
