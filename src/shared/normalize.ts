import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

const EMAIL_RE = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;

/**
 * Normalises an e-mail address for matching: trims, lower-cases (RFC 5321 allows a case-
 * sensitive local part, but no mainstream provider uses it), removes a trailing dot of the
 * domain. Returns null when it is not a plausible address.
 * @example normalizeEmail('  Ann.Lee@Example.COM ') // 'ann.lee@example.com'
 */
export function normalizeEmail(input: string): string | null {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  if (value.length < 3 || value.length > 254) return null;
  if (!EMAIL_RE.test(value)) return null;
  const [local, domain] = value.split('@') as [string, string];
  if (local.length > 64 || domain.startsWith('.') || domain.includes('..') || local.includes('..'))
    return null;
  return value;
}

/**
 * Normalises a phone number to E.164 (`+447911123456`). A number without a country code is read
 * in `defaultCountry`. Returns null when it is not a valid number.
 * @example normalizePhone('07911 123456', 'GB') // '+447911123456'
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'GB'): string | null {
  const trimmed = input.trim();
  if (trimmed.length < 3 || trimmed.length > 40) return null;
  const withPlus = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(withPlus, defaultCountry);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/** Collapses inner white space and trims; empty becomes null. */
export function cleanText(input: string | null | undefined): string | null {
  if (input == null) return null;
  const v = input.replace(/\s+/g, ' ').trim();
  return v === '' ? null : v;
}
