import type { Workspace, WorkspaceUpdate } from '../../../shared/contracts/workspaces.js';
import { createFormatter } from '../../lib/format.js';

/** The choices and the preview of the workspace settings form. */

/** Language tags most workspaces use; the locale field still accepts any tag Intl knows. */
export const COMMON_LOCALES = [
  'en-GB',
  'en-US',
  'en-IE',
  'en-AU',
  'en-CA',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr-FR',
  'fr-BE',
  'fr-CH',
  'it-IT',
  'it-CH',
  'es-ES',
  'es-MX',
  'pt-PT',
  'pt-BR',
  'nl-NL',
  'nl-BE',
  'da-DK',
  'sv-SE',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'ja-JP',
] as const;

export interface Option {
  value: string;
  label: string;
}

function displayName(type: 'language' | 'currency', code: string, inLocale = 'en'): string | undefined {
  try {
    return new Intl.DisplayNames([inLocale], { type }).of(code);
  } catch {
    return undefined;
  }
}

/**
 * The common locales with their names ("en-GB — British English"), plus `current` when it
 * is not one of them, so a saved value always shows.
 */
export function localeOptions(current?: string): Option[] {
  const codes: string[] = [...COMMON_LOCALES];
  if (current && !codes.includes(current)) codes.unshift(current);
  return codes.map((code) => {
    const name = displayName('language', code);
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

/** Every IANA zone this browser knows (and `current`, should it not), alphabetically. */
export function timeZoneOptions(current?: string): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}

/** Every ISO 4217 code this browser knows with its name ("EUR — Euro"), and `current`. */
export function currencyOptions(current?: string): Option[] {
  const codes = new Set(Intl.supportedValuesOf('currency'));
  if (current) codes.add(current);
  return [...codes].sort().map((code) => {
    const name = displayName('currency', code);
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

/** The moment and amount the preview formats: a date that shows day/month order clearly. */
const SAMPLE_DATE = new Date('2026-03-03T14:05:00Z');
const SAMPLE_MINOR = 123_450;

/**
 * How dates and money will look with these settings, or null while a value is not usable yet
 * (a half-typed locale, say).
 * @example formatPreview('en-GB', 'Europe/London', 'EUR') === 'Dates look like 3 Mar 2026, 14:05, money like €1,234.50'
 */
export function formatPreview(locale: string, timeZone: string, currency: string): string | null {
  try {
    if (!/^[A-Z]{3}$/.test(currency)) return null;
    const fmt = createFormatter(locale, timeZone, currency);
    return `Dates look like ${fmt.dateTime(SAMPLE_DATE)}, money like ${fmt.money(SAMPLE_MINOR)}`;
  } catch {
    return null;
  }
}

export type WorkspaceForm = Required<Pick<Workspace, 'name' | 'locale' | 'timeZone' | 'currency'>>;

/** The form's starting values. */
export function formOf(workspace: Workspace): WorkspaceForm {
  const { name, locale, timeZone, currency } = workspace;
  return { name, locale, timeZone, currency };
}

/**
 * The PATCH body: only the fields that changed (trimmed), so saving the name never rewrites the
 * currency someone else just changed.
 */
export function changedFields(saved: WorkspaceForm, form: WorkspaceForm): WorkspaceUpdate {
  const patch: WorkspaceUpdate = {};
  const name = form.name.trim();
  const locale = form.locale.trim();
  const currency = form.currency.trim().toUpperCase();
  if (name !== saved.name) patch.name = name;
  if (locale !== saved.locale) patch.locale = locale;
  if (form.timeZone !== saved.timeZone) patch.timeZone = form.timeZone;
  if (currency !== saved.currency) patch.currency = currency;
  return patch;
}
