import type { PostalAddress } from '../../../../shared/contracts/customers.js';

/** Up to two initials for an avatar: "Isa Seitz" → "IS"; "?" without a name. */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((p) => p[0]?.toUpperCase())
      .join('') || '?'
  );
}

/** An address as the lines of an envelope: street lines, "postcode city", region, country. */
export function addressLines(a: PostalAddress | null): string[] {
  if (!a) return [];
  const cityLine = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, cityLine, a.region, a.country].filter((l): l is string => Boolean(l));
}

/** "de-DE" → "German (Germany)" in the reader's language; the tag itself when Intl cannot name it. */
export function languageName(tag: string, displayLocale: string): string {
  try {
    return new Intl.DisplayNames([displayLocale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The wall-clock time in a zone, so staff see whether it is a decent hour to call: "14:05". */
export function localTime(now: Date, timeZone: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(now);
  } catch {
    return '';
  }
}
