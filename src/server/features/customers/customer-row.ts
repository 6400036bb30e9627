import type { CountryCode } from 'libphonenumber-js/max';
import type { ContactPoint } from '../../../shared/contracts/customers.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import { cleanText, normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
import { invalidField } from '../../lib/app-error.js';

/** The identity rows a customer's contact data implies. */
export interface IdentityInput {
  kind: IdentityKind;
  source: string;
  value: string;
  rawValue: string | null;
}

export interface PreparedContacts {
  emails: ContactPoint[];
  phones: ContactPoint[];
  primaryEmail: string | null;
  primaryPhone: string | null;
  identities: IdentityInput[];
}

/**
 * Normalises e-mails (lower case) and phones (E.164), drops duplicates, makes exactly one of
 * each list primary (the flagged one, else the first) and lists the identities they imply.
 * Throws VALIDATION_FAILED naming the field for a phone that is not a number.
 */
export function prepareContacts(
  emails: readonly ContactPoint[],
  phones: readonly ContactPoint[],
  externalIds: readonly { source: string; value: string }[],
  defaultCountry: CountryCode,
  pathPrefix = 'body',
): PreparedContacts {
  const identities: IdentityInput[] = [];
  const normEmails = dedupe(
    emails.map((e, i) => {
      const value = normalizeEmail(e.value);
      if (!value) throw invalidField(`${pathPrefix}.emails.${i}.value`, 'is not a valid e-mail address');
      identities.push({ kind: 'email', source: '', value, rawValue: e.value });
      return { ...e, value };
    }),
  );
  const normPhones = dedupe(
    phones.map((p, i) => {
      const value = normalizePhone(p.value, defaultCountry);
      if (!value) throw invalidField(`${pathPrefix}.phones.${i}.value`, 'is not a valid phone number');
      identities.push({ kind: 'phone', source: '', value, rawValue: p.value });
      return { ...p, value };
    }),
  );
  for (const ext of externalIds) {
    identities.push({
      kind: 'external_id',
      source: ext.source,
      value: ext.value.trim(),
      rawValue: ext.value,
    });
  }
  return {
    emails: normEmails,
    phones: normPhones,
    primaryEmail: normEmails.find((e) => e.primary)?.value ?? null,
    primaryPhone: normPhones.find((p) => p.primary)?.value ?? null,
    identities: dedupeIdentities(identities),
  };
}

function dedupe(list: ContactPoint[]): ContactPoint[] {
  const seen = new Map<string, ContactPoint>();
  for (const c of list) {
    const prev = seen.get(c.value);
    if (!prev) seen.set(c.value, { ...c });
    else if (c.primary) prev.primary = true;
  }
  const out = [...seen.values()];
  const primaryIndex = Math.max(
    0,
    out.findIndex((c) => c.primary),
  );
  return out.map((c, i) => {
    const { primary: _drop, ...rest } = c;
    return { ...rest, primary: i === primaryIndex };
  });
}

function dedupeIdentities(list: IdentityInput[]): IdentityInput[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const key = `${i.kind}\u0000${i.source}\u0000${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The display name: the given one, else the parts joined, else ''. */
export function displayName(parts: {
  fullName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}): string {
  return (
    cleanText(parts.fullName) ??
    cleanText([parts.givenName, parts.familyName].filter(Boolean).join(' ')) ??
    ''
  );
}

/**
 * The text the trigram index searches: lower-case name, e-mails, and phones as digits (so
 * "7911 123" finds "+447911123456").
 */
export function buildSearchText(
  fullName: string,
  emails: readonly ContactPoint[],
  phones: readonly ContactPoint[],
): string {
  return [
    fullName.toLowerCase(),
    ...emails.map((e) => e.value),
    ...phones.map((p) => p.value.replace(/\D/g, '')),
  ]
    .filter(Boolean)
    .join(' ');
}
