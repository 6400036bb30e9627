import { describe, expect, it } from 'vitest';
import { addressLines, initials, languageName, localTime } from './profile-display.js';

describe('profile display', () => {
  it('makes initials', () => {
    expect(initials('Isa Seitz')).toBe('IS');
    expect(initials('  cher ')).toBe('C');
    expect(initials('')).toBe('?');
  });

  it('lays out an address', () => {
    expect(
      addressLines({ line1: '58 Morton Field', city: 'Hull', postalCode: 'HU7 7BD', country: 'GB' }),
    ).toEqual(['58 Morton Field', 'HU7 7BD Hull', 'GB']);
    expect(addressLines(null)).toEqual([]);
    expect(addressLines({})).toEqual([]);
  });

  it('names languages and tells the local time', () => {
    expect(languageName('de-DE', 'en-GB')).toBe('German (Germany)');
    expect(languageName('not a tag!', 'en-GB')).toBe('not a tag!');
    expect(localTime(new Date('2024-06-03T12:00:00Z'), 'Europe/Berlin', 'en-GB')).toBe('14:00');
    expect(localTime(new Date(), 'Mars/Olympus', 'en-GB')).toBe('');
  });
});
