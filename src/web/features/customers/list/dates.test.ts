import { describe, expect, it } from 'vitest';
import { addDays, dayOf, endOfDay, startOfDay } from './dates.js';

describe('startOfDay', () => {
  it('is local midnight in the zone, in summer and winter time', () => {
    expect(startOfDay('2026-09-03', 'Europe/London')?.toISOString()).toBe('2026-09-02T23:00:00.000Z');
    expect(startOfDay('2026-01-15', 'Europe/London')?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfDay('2026-09-03', 'America/New_York')?.toISOString()).toBe('2026-09-03T04:00:00.000Z');
    expect(startOfDay('2026-09-03', 'Asia/Kolkata')?.toISOString()).toBe('2026-09-02T18:30:00.000Z');
    expect(startOfDay('2026-09-03', 'UTC')?.toISOString()).toBe('2026-09-03T00:00:00.000Z');
  });

  it('gets the days of a DST change right (the offset differs at midnight and at noon)', () => {
    // London moves to BST at 01:00 UTC on 29 Mar 2026 and back on 25 Oct 2026.
    expect(startOfDay('2026-03-29', 'Europe/London')?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/London')?.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfDay('2026-10-25', 'Europe/London')?.toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfDay('2026-10-26', 'Europe/London')?.toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });

  it('refuses days that do not exist', () => {
    expect(startOfDay('2026-02-30', 'UTC')).toBeNull();
    expect(startOfDay('3 Sep 2026', 'UTC')).toBeNull();
    expect(startOfDay('', 'UTC')).toBeNull();
  });
});

describe('endOfDay', () => {
  it('is the last millisecond of the day, because the server bounds are inclusive', () => {
    expect(endOfDay('2026-09-10', 'Europe/London')?.toISOString()).toBe('2026-09-10T22:59:59.999Z');
    expect(endOfDay('2026-12-31', 'UTC')?.toISOString()).toBe('2026-12-31T23:59:59.999Z');
  });
});

describe('dayOf', () => {
  it('is the calendar day of an instant in the zone, so inputs show the day that was picked', () => {
    expect(dayOf('2026-09-02T23:00:00.000Z', 'Europe/London')).toBe('2026-09-03');
    expect(dayOf('2026-09-02T23:00:00.000Z', 'UTC')).toBe('2026-09-02');
    expect(dayOf(new Date('2026-09-10T22:59:59.999Z'), 'Europe/London')).toBe('2026-09-10');
    expect(dayOf('not a date', 'UTC')).toBe('');
  });

  it('round-trips with startOfDay and endOfDay', () => {
    for (const tz of ['Europe/London', 'America/Los_Angeles', 'Pacific/Auckland', 'Asia/Tokyo']) {
      for (const day of ['2026-01-01', '2026-03-29', '2026-06-30', '2026-10-25', '2026-12-31']) {
        expect(dayOf(startOfDay(day, tz)!, tz)).toBe(day);
        expect(dayOf(endOfDay(day, tz)!, tz)).toBe(day);
      }
    }
  });
});

describe('addDays', () => {
  it('moves across month and year ends', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-01', -90)).toBe('2026-09-02');
  });
});
