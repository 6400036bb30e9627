import {
  type IdentityKindRule,
  type IdentitySettings,
  IdentitySettingsUpdate,
  type SOURCE_KINDS,
  SURVIVING_FIELDS,
  type SurvivingField,
  type SurvivorshipRule,
} from '../../../shared/contracts/identities.js';
import { zodFieldErrors } from '../../lib/api.js';

/** The identity settings form: its state, reordering, what changed, and validation. */

export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface KindRow {
  kind: IdentityKindRule['kind'];
  /** '' while the input is empty; validation says so on save. */
  limit: number | '';
  match: boolean;
}

export interface IdentitySettingsForm {
  /** In priority order, most trusted first. */
  kinds: KindRow[];
  blockedValues: string[];
  survivorship: Record<SurvivingField, SurvivorshipRule>;
  sourceTrust: SourceKind[];
  userIdSource: string;
}

export const SOURCE_LABELS: Record<SourceKind, string> = {
  user: 'Staff (entered in Rapport)',
  api_key: 'Integrations (API keys, events)',
  system: 'The system (CLI imports, demo data)',
};

export const SURVIVORSHIP_OPTIONS: { value: SurvivorshipRule; label: string }[] = [
  { value: 'most_recent', label: 'Most recent — from the profile updated last' },
  { value: 'most_trusted', label: 'Most trusted source — by the trust order' },
  { value: 'first_non_empty', label: 'First non-empty — the survivor’s, unless it has none' },
];

/** The priority numbers the settings use, ascending: reordering hands them out again in the new order. */
function savedPriorities(settings: IdentitySettings): number[] {
  return settings.kinds.map((k) => k.priority).sort((a, b) => a - b);
}

/** The form's starting values: kinds by priority (ties keep their stored order). */
export function formOf(settings: IdentitySettings): IdentitySettingsForm {
  const kinds = [...settings.kinds].sort((a, b) => a.priority - b.priority);
  const survivorship = Object.fromEntries(
    SURVIVING_FIELDS.map((f) => [f, settings.survivorship[f] ?? 'first_non_empty']),
  ) as Record<SurvivingField, SurvivorshipRule>;
  return {
    kinds: kinds.map(({ kind, limit, match }) => ({ kind, limit, match })),
    blockedValues: [...settings.blockedValues],
    survivorship,
    sourceTrust: [...settings.sourceTrust],
    userIdSource: settings.userIdSource,
  };
}

/** `list` with the item at `index` moved by `delta` places (clamped to the ends). */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  const out = [...list];
  const [item] = out.splice(index, 1);
  if (item === undefined) return out;
  out.splice(to, 0, item);
  return out;
}

/**
 * The kinds as the API takes them. Priorities are the stored numbers handed out in the form's
 * order, so moving e-mail above loyalty swaps their numbers and nothing else changes.
 * @example kindsOf(settings with priorities 1,2,5, form [b, a, c]) → b:1, a:2, c:5
 */
export function kindsOf(settings: IdentitySettings, form: IdentitySettingsForm) {
  const numbers = savedPriorities(settings);
  let next = (numbers[numbers.length - 1] ?? 0) + 1;
  return form.kinds.map((k, i) => ({
    kind: k.kind,
    priority: numbers[i] ?? next++,
    limit: k.limit,
    match: k.match,
  }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The PATCH body: only the settings that changed (each one whole, as the API replaces it), so
 * saving the blocked values never rewrites the survivorship someone else just changed.
 */
export function changedSettings(
  saved: IdentitySettings,
  form: IdentitySettingsForm,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const kinds = kindsOf(saved, form);
  const byKind = (list: readonly { kind: string }[]) =>
    [...list].sort((a, b) => a.kind.localeCompare(b.kind));
  if (!same(byKind(kinds), byKind(saved.kinds))) patch.kinds = kinds;
  if (!same(form.blockedValues, saved.blockedValues)) patch.blockedValues = form.blockedValues;
  const start = formOf(saved);
  if (!same(form.survivorship, start.survivorship)) patch.survivorship = form.survivorship;
  if (!same(form.sourceTrust, saved.sourceTrust)) patch.sourceTrust = form.sourceTrust;
  const userIdSource = form.userIdSource.trim();
  if (userIdSource !== saved.userIdSource) patch.userIdSource = userIdSource;
  return patch;
}

/**
 * Checks a patch with the shared contract: the parsed body, or field errors keyed like the
 * server's (`kinds.1.limit`, `blockedValues.3`), so both land under the same inputs.
 */
export function validatePatch(
  patch: Record<string, unknown>,
): { ok: true; body: IdentitySettingsUpdate } | { ok: false; errors: Record<string, string> } {
  const parsed = IdentitySettingsUpdate.safeParse(patch);
  if (parsed.success) return { ok: true, body: parsed.data };
  return {
    ok: false,
    errors: zodFieldErrors(parsed.error.issues),
  };
}

/** Why `value` cannot be added to the blocked values, or null. */
export function blockedValueError(value: string, list: readonly string[]): string | null {
  if (list.includes(value)) return 'is already in the list';
  const check = validatePatch({ blockedValues: [value] });
  return check.ok ? null : (Object.values(check.errors)[0] ?? 'is not valid');
}

/** The blocked-value errors of a response, by the value they name (the index is the list's as sent). */
export function blockedValueErrors(
  errors: Record<string, string>,
  sent: readonly string[],
): { value: string; message: string }[] {
  const out: { value: string; message: string }[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const m = /^blockedValues\.(\d+)$/.exec(key);
    if (m) out.push({ value: sent[Number(m[1])] ?? '', message });
  }
  return out;
}
