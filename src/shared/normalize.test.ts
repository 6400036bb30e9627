import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from './normalize.js';

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
  });

  it.each([
    '',
    'ann',
    'ann@',
    '@example.com',
    'ann@example',
    'a b@example.com',
    'ann@@example.com',
    'ann@exa..mple.com',
  ])('rejects %j', (bad) => {
    expect(normalizeEmail(bad)).toBeNull();
  });

  it('is idempotent and case/space-insensitive (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '\t'), (email, pad) => {
        const n = normalizeEmail(`${pad}${email.toUpperCase()}${pad}`);
        if (n === null) return;
        expect(normalizeEmail(n)).toBe(n);
        expect(n).toBe(n.toLowerCase());
        expect(n).toBe(normalizeEmail(email));
      }),
    );
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizeEmail(s);
        expect(n === null || n.includes('@')).toBe(true);
      }),
    );
  });
});

describe('normalizePhone', () => {
  it('turns national and international spellings into E.164', () => {
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
    expect(normalizePhone('+44 (0)7911-123456', 'GB')).toBe('+447911123456');
    expect(normalizePhone('0044 7911 123456', 'DE')).toBe('+447911123456');
    expect(normalizePhone('030 123456789', 'DE')).toBe('+4930123456789');
  });

  it('rejects non-numbers', () => {
    for (const bad of ['', '12', 'call me', '+44 000', '0000000000'])
      expect(normalizePhone(bad, 'GB')).toBeNull();
  });

  it('is idempotent, and formatting noise does not change the result (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^7[1-9]\d{8}$/), fc.constantFrom(' ', '-', '.', ''), (digits, sep) => {
        const spaced = `+44 ${digits.slice(0, 4)}${sep}${digits.slice(4)}`;
        const n = normalizePhone(spaced, 'US');
        if (n === null) return;
        expect(n).toMatch(/^\+\d{8,15}$/);
        expect(normalizePhone(n, 'FR')).toBe(n);
        expect(normalizePhone(`0${digits}`, 'GB')).toBe(n);
      }),
    );
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizePhone(s, 'GB');
        expect(n === null || /^\+\d+$/.test(n)).toBe(true);
      }),
    );
  });
});
