import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUE_SETTINGS, type ValueSettings } from '../../../shared/contracts/value.js';
import { changedSettings, formOf, hourOptions, isPlaced, validatePatch } from './value-settings-form.js';

const saved: ValueSettings = { ...DEFAULT_VALUE_SETTINGS, monthlyDiscountRate: 0.07 };

describe('formOf', () => {
  it('shows the discount rate in percent, without float noise', () => {
    expect(formOf(saved).monthlyDiscountPercent).toBe(7);
    expect(formOf(DEFAULT_VALUE_SETTINGS).monthlyDiscountPercent).toBe(1);
  });
});

describe('changedSettings', () => {
  it('sends nothing when nothing changed', () => {
    expect(changedSettings(saved, formOf(saved))).toEqual({});
  });

  it('sends only what changed, the discount as the API’s fraction', () => {
    const form = { ...formOf(saved), horizonMonths: 24, monthlyDiscountPercent: 1.5, nightly: false };
    expect(changedSettings(saved, form)).toEqual({
      horizonMonths: 24,
      monthlyDiscountRate: 0.015,
      nightly: false,
    });
  });

  it('keeps an emptied number so validation can say it is required', () => {
    expect(changedSettings(saved, { ...formOf(saved), keepRuns: '', monthlyDiscountPercent: '' })).toEqual({
      keepRuns: '',
      monthlyDiscountRate: '',
    });
  });
});

describe('validatePatch', () => {
  it('passes a valid patch through the shared contract', () => {
    expect(validatePatch({ horizonMonths: 24, transactionModel: 'pareto-nbd' })).toEqual({
      ok: true,
      body: { horizonMonths: 24, transactionModel: 'pareto-nbd' },
    });
  });

  it('keys errors like the server does, so both land under the same inputs', () => {
    const check = validatePatch({ keepRuns: '', holdoutWeeks: 2, monthlyDiscountRate: 0.6 });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.keepRuns).toBe('is required');
    expect(check.errors.holdoutWeeks).toMatch(/4/);
    // The input is in percent, so is the bound.
    expect(check.errors.monthlyDiscountRate).toBe('must be between 0% and 50%');
    expect(Object.keys(check.errors).every(isPlaced)).toBe(true);
  });

  it('places only the settings’ own fields', () => {
    expect(isPlaced('nightlyHour')).toBe(true);
    expect(isPlaced('monthlyDiscountRate')).toBe(true);
    expect(isPlaced('settings')).toBe(false);
  });
});

describe('hourOptions', () => {
  it('offers every hour as the locale’s clock writes it', () => {
    const hours = hourOptions('en-GB');
    expect(hours).toHaveLength(24);
    expect(hours[2]).toEqual({ value: '2', label: '02:00' });
    expect(hourOptions('en-US')[14]?.label).toMatch(/^02:00\sPM$/);
  });
});
