import {
  type TransactionModel,
  ValueSettings,
  ValueSettingsUpdate,
} from '../../../shared/contracts/value.js';
import { zodFieldErrors } from '../../lib/api.js';

/** The Value settings form: its state, what changed, and validation. */

/** Number inputs hold '' while empty; validation says so on save. */
type NumberField = number | '';

export interface ValueSettingsForm {
  unit: ValueSettings['unit'];
  transactionModel: TransactionModel;
  horizonMonths: NumberField;
  /** The monthly discount rate as people write it: 1 for 1% (the API takes 0.01). */
  monthlyDiscountPercent: NumberField;
  holdoutWeeks: NumberField;
  excludeGiftOrders: boolean;
  rfmBins: NumberField;
  nightly: boolean;
  nightlyHour: number;
  keepRuns: NumberField;
}

/** A rate as a percentage without float noise: 0.07 → 7, not 7.000000000000001. */
const toPercent = (rate: number) => Math.round(rate * 100 * 1e6) / 1e6;

export function formOf(settings: ValueSettings): ValueSettingsForm {
  const { monthlyDiscountRate, ...rest } = settings;
  return { ...rest, monthlyDiscountPercent: toPercent(monthlyDiscountRate) };
}

const NUMBER_FIELDS = ['horizonMonths', 'holdoutWeeks', 'rfmBins', 'keepRuns'] as const;
const PLAIN_FIELDS = ['unit', 'transactionModel', 'excludeGiftOrders', 'nightly', 'nightlyHour'] as const;

/**
 * The PATCH body: only the settings that changed, in the API's units (an emptied number stays
 * '' so validation can say it is required), so saving the horizon never rewrites the schedule
 * someone else just changed.
 */
export function changedSettings(saved: ValueSettings, form: ValueSettingsForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of PLAIN_FIELDS) if (form[key] !== saved[key]) patch[key] = form[key];
  for (const key of NUMBER_FIELDS) if (form[key] !== saved[key]) patch[key] = form[key];
  const pct = form.monthlyDiscountPercent;
  if (pct === '') patch.monthlyDiscountRate = '';
  else if (pct !== toPercent(saved.monthlyDiscountRate)) patch.monthlyDiscountRate = pct / 100;
  return patch;
}

/** The largest monthly discount the contract allows, in percent. */
const MAX_DISCOUNT_PERCENT = 50;

/**
 * Checks a patch with the shared contract: the parsed body, or field errors keyed like the
 * server's (`horizonMonths`, `monthlyDiscountRate`), so both land under the same inputs.
 */
export function validatePatch(
  patch: Record<string, unknown>,
): { ok: true; body: ValueSettingsUpdate } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(patch)) if (value === '') errors[key] = 'is required';
  const rate = patch.monthlyDiscountRate;
  // The input is in percent: say the bound in percent, not the API's fraction.
  if (typeof rate === 'number' && (rate < 0 || rate > MAX_DISCOUNT_PERCENT / 100)) {
    errors.monthlyDiscountRate = `must be between 0% and ${MAX_DISCOUNT_PERCENT}%`;
  }
  const parsed = ValueSettingsUpdate.safeParse(
    Object.fromEntries(Object.entries(patch).filter(([key]) => !(key in errors))),
  );
  if (!parsed.success) {
    Object.assign(errors, zodFieldErrors(parsed.error.issues));
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: parsed.success ? parsed.data : {} };
}

/** Error keys an input of the form shows; anything else is said in a notification. */
export function isPlaced(key: string): boolean {
  return key in ValueSettings.shape;
}

/**
 * The nightly hour's choices, written as the workspace's clock writes them.
 * @example hourOptions('en-GB')[2] deep-equals { value: '2', label: '02:00' }
 */
export function hourOptions(locale: string): { value: string; label: string }[] {
  const format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return Array.from({ length: 24 }, (_, h) => ({
    value: String(h),
    label: format.format(new Date(Date.UTC(2026, 0, 1, h))),
  }));
}
