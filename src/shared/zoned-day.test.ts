import { describe, expect, it } from 'vitest';
import { addDays, dayInZone, hourInZone, zonedDayBounds, zoneOffsetAt } from './zoned-day.js';

describe('zoned days', () => {
  it('names the day an instant falls on in a zone', () => {
    expect(dayInZone(new Date('2025-06-01T23:30:00Z'), 'Europe/Paris')).toBe('2025-06-02');
    expect(dayInZone(new Date('2025-06-01T23:30:00Z'), 'Europe/London')).toBe('2025-06-02');
    expect(dayInZone(new Date('2025-06-01T03:30:00Z'), 'America/New_York')).toBe('2025-05-31');
    expect(dayInZone(new Date('2025-12-01T23:30:00Z'), 'Europe/London')).toBe('2025-12-01');
  });

  it('gives a day’s bounds, 23 and 25 hours long when the clocks change', () => {
    const hours = (b: { start: Date; end: Date }) => (b.end.getTime() - b.start.getTime()) / 3_600_000;
    const summer = zonedDayBounds('2025-06-01', 'Europe/London');
    expect(summer.start.toISOString()).toBe('2025-05-31T23:00:00.000Z');
    expect(hours(summer)).toBe(24);
    const spring = zonedDayBounds('2025-03-30', 'Europe/London');
    expect(spring.start.toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(hours(spring)).toBe(23);
    expect(hours(zonedDayBounds('2025-10-26', 'Europe/Berlin'))).toBe(25);
    expect(zonedDayBounds('2025-01-15', 'Asia/Kolkata').start.toISOString()).toBe('2025-01-14T18:30:00.000Z');
    expect(zonedDayBounds('2025-01-15', 'UTC').end.toISOString()).toBe('2025-01-16T00:00:00.000Z');
  });

  it('adds days across months and years', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('zoneOffsetAt', () => {
  it('gives the offset either side of a clock change, to the millisecond of the change', () => {
    const hour = 3_600_000;
    // London springs forward at 01:00 UTC on 2025-03-30; New York falls back at 06:00 UTC on 2025-11-02.
    const spring = Date.parse('2025-03-30T01:00:00Z');
    expect(zoneOffsetAt(spring - 1, 'Europe/London')).toBe(0);
    expect(zoneOffsetAt(spring, 'Europe/London')).toBe(hour);
    const fall = Date.parse('2025-11-02T06:00:00Z');
    expect(zoneOffsetAt(fall - 1, 'America/New_York')).toBe(-4 * hour);
    expect(zoneOffsetAt(fall, 'America/New_York')).toBe(-5 * hour);
    expect(zoneOffsetAt(Date.parse('2025-01-15T12:34:56.789Z'), 'Asia/Kolkata')).toBe(5.5 * hour);
  });
});

describe('hourInZone', () => {
  it('reads the local hour, across midnight and summer time', () => {
    expect(hourInZone(new Date('2025-06-01T23:30:00Z'), 'Europe/Paris')).toBe(1);
    expect(hourInZone(new Date('2025-01-15T23:30:00Z'), 'Europe/Paris')).toBe(0);
    expect(hourInZone(new Date('2025-06-01T12:00:00Z'), 'America/New_York')).toBe(8);
    expect(hourInZone(new Date('2025-06-01T12:00:00Z'), 'UTC')).toBe(12);
  });
});
