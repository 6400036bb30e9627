import { describe, expect, it } from 'vitest';
import { actionLabel, changedFields, fieldLabel, formatAuditValue } from './audit-diff.js';

const fmt = {
  date: (d: Date | string | null | undefined) => `day ${String(d)}`,
  dateTime: (d: Date | string | null | undefined) => `at ${d instanceof Date ? d.toISOString() : d}`,
};

describe('changedFields', () => {
  it('lists only the fields that differ, in record order, without bookkeeping', () => {
    const before = {
      id: 'c1',
      fullName: 'Ann Lee',
      tags: ['vip'],
      prefersHumanService: false,
      updatedAt: new Date('2024-01-01T00:00:00Z'),
      updatedBy: { type: 'user', id: 'u1', name: 'A' },
    };
    const after = {
      ...before,
      tags: ['vip', 'spa'],
      prefersHumanService: true,
      updatedAt: new Date('2024-02-01T00:00:00Z'),
      updatedBy: { type: 'user', id: 'u2', name: 'B' },
    };
    expect(changedFields(before, after)).toEqual([
      { field: 'tags', before: ['vip'], after: ['vip', 'spa'] },
      { field: 'prefersHumanService', before: false, after: true },
    ]);
  });

  it('compares nested objects field by field, also when one side has none', () => {
    expect(
      changedFields(
        { address: { city: 'York', country: 'GB' } },
        { address: { city: 'Leeds', country: 'GB' } },
      ),
    ).toEqual([{ field: 'address.city', before: 'York', after: 'Leeds' }]);
    expect(changedFields({ address: null }, { address: { city: 'Leeds' } })).toEqual([
      { field: 'address.city', before: null, after: 'Leeds' },
    ]);
    expect(changedFields({ address: { city: 'Leeds' } }, { address: null })).toEqual([
      { field: 'address.city', before: 'Leeds', after: null },
    ]);
  });

  it('treats a create as every field set and a delete as the stamp it adds', () => {
    expect(changedFields(null, { id: 'x', fullName: 'Ann', tags: [], locale: null })).toEqual([
      { field: 'fullName', before: null, after: 'Ann' },
      { field: 'tags', before: null, after: [] },
    ]);
    const at = new Date('2024-03-01T10:00:00Z');
    expect(changedFields({ fullName: 'Ann', deletedAt: null }, { fullName: 'Ann', deletedAt: at })).toEqual([
      { field: 'deletedAt', before: null, after: at },
    ]);
  });

  it('sees no change between empty text, null and a missing field', () => {
    expect(changedFields({ locale: '' }, { locale: null })).toEqual([]);
    expect(changedFields({ locale: null }, {})).toEqual([]);
  });
});

describe('formatting', () => {
  it('shows values as short text', () => {
    expect(formatAuditValue(null, fmt)).toBe('—');
    expect(formatAuditValue(true, fmt)).toBe('Yes');
    expect(formatAuditValue(false, fmt)).toBe('No');
    expect(formatAuditValue(['vip', 'spa'], fmt)).toBe('vip, spa');
    expect(formatAuditValue([], fmt)).toBe('—');
    expect(
      formatAuditValue(
        [
          { value: 'a@x.com', primary: true },
          { value: 'b@x.com', label: 'work' },
        ],
        fmt,
      ),
    ).toBe('a@x.com (primary), b@x.com');
    expect(formatAuditValue(new Date('2024-03-01T10:00:00Z'), fmt)).toBe('at 2024-03-01T10:00:00.000Z');
    expect(formatAuditValue({ a: 1 }, fmt)).toBe('{"a":1}');
    expect(formatAuditValue('1979-04-23', fmt)).toBe('day 1979-04-23');
    expect(formatAuditValue('Leeds', fmt)).toBe('Leeds');
  });

  it('labels fields and actions for people', () => {
    expect(fieldLabel('prefersHumanService')).toBe('Prefers a human');
    expect(fieldLabel('address.postalCode')).toBe('Address postal code');
    expect(fieldLabel('emails')).toBe('E-mails');
    expect(actionLabel('customer.update')).toBe('Updated');
    expect(actionLabel('customer.restore')).toBe('Restored');
    expect(actionLabel('customer.bulk_tag')).toBe('Customer bulk tag');
  });
});
