import { describe, expect, it } from 'vitest';
import {
  COMMON_LOCALES,
  changedFields,
  currencyOptions,
  formatPreview,
  localeOptions,
  timeZoneOptions,
} from './settings.workspace.js';

describe('formatPreview', () => {
  it('shows a date and an amount the way the settings will', () => {
    expect(formatPreview('en-GB', 'Europe/London', 'EUR')).toBe(
      'Dates look like 3 Mar 2026, 14:05, money like €1,234.50',
    );
    // ICU versions differ in the spaces they use around AM and in Swiss grouping, hence \s and '.
    expect(formatPreview('en-US', 'America/New_York', 'USD')).toMatch(
      /^Dates look like Mar 3, 2026, 9:05\sAM, money like \$1,234\.50$/,
    );
    expect(formatPreview('de-CH', 'Europe/Zurich', 'CHF')).toMatch(
      /^Dates look like 03\.03\.2026, 15:05, money like CHF\s1.234\.50$/,
    );
  });

  it('is null while a value cannot be used yet', () => {
    expect(formatPreview('en-', 'Europe/London', 'EUR')).toBeNull();
    expect(formatPreview('en-GB', 'Mars/Olympus', 'EUR')).toBeNull();
    expect(formatPreview('en-GB', 'Europe/London', 'EU')).toBeNull();
  });
});

describe('options', () => {
  it('names common locales and keeps an uncommon saved one', () => {
    const options = localeOptions('gsw-CH');
    expect(options[0]?.value).toBe('gsw-CH');
    expect(options.find((o) => o.value === 'de-CH')?.label).toBe('de-CH — Swiss High German');
    expect(options).toHaveLength(COMMON_LOCALES.length + 1);
    expect(localeOptions('en-GB')).toHaveLength(COMMON_LOCALES.length);
  });

  it('lists IANA time zones including UTC, sorted', () => {
    const zones = timeZoneOptions();
    expect(zones).toContain('Europe/London');
    expect(zones).toContain('UTC');
    expect([...zones].sort()).toEqual(zones);
  });

  it('lists currencies by code and name', () => {
    expect(currencyOptions().find((o) => o.value === 'EUR')?.label).toBe('EUR — Euro');
  });
});

describe('changedFields', () => {
  const saved = { name: 'Harbour', locale: 'en-GB', timeZone: 'Europe/London', currency: 'EUR' };

  it('sends only what changed, trimmed and upper-cased', () => {
    expect(changedFields(saved, { ...saved })).toEqual({});
    expect(changedFields(saved, { ...saved, name: '  Harbour & Vine ', currency: 'chf' })).toEqual({
      name: 'Harbour & Vine',
      currency: 'CHF',
    });
    expect(changedFields(saved, { ...saved, name: 'Harbour ' })).toEqual({});
  });
});
