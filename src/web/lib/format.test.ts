import { describe, expect, it } from 'vitest';
import { createFormatter } from './format.js';

describe('createFormatter', () => {
  const gb = createFormatter('en-GB', 'Europe/London', 'EUR');
  const de = createFormatter('de-DE', 'Europe/Berlin', 'EUR');

  it('writes money in the locale, from integer minor units', () => {
    expect(gb.money(41250)).toBe('€412.50');
    expect(de.money(41250).replace(/\s/g, ' ')).toBe('412,50 €');
    expect(gb.money(500, 'JPY')).toBe('JP¥500');
  });

  it('shows instants in the workspace time zone and birthdays as their calendar day', () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin (UTC+2 in summer time).
    expect(de.date(new Date('2026-03-31T23:30:00Z'))).toBe('01.04.2026');
    expect(gb.date(new Date('2026-03-31T23:30:00Z'))).toBe('1 Apr 2026');
    expect(createFormatter('en-US', 'America/Los_Angeles', 'USD').date('1990-04-23')).toBe('Apr 23, 1990');
    expect(gb.dateTime('2026-07-01T12:05:00Z')).toBe('1 Jul 2026, 13:05');
    expect(gb.date(null)).toBe('—');
    expect(gb.date('not a date')).toBe('—');
  });

  it('says how long ago in words', () => {
    const now = new Date('2026-06-10T12:00:00Z');
    expect(gb.relative(new Date('2026-06-10T11:55:00Z'), now)).toBe('5 minutes ago');
    expect(gb.relative(new Date('2026-06-09T12:00:00Z'), now)).toBe('yesterday');
    expect(gb.relative(new Date('2026-06-13T12:00:00Z'), now)).toBe('in 3 days');
    expect(gb.relative(new Date('2026-06-10T11:59:50Z'), now)).toBe('this minute');
  });
});
