import {
  ClassifierConfigInput,
  type ClassifierConfigOut,
  RELATIONSHIP_TYPES,
  type RelationshipType,
} from '../../../shared/contracts/relationships.js';
import { type Checked, check } from './relationship-forms.js';

/**
 * The scoring-model editor: a bias and a weight per feature for every type, the survey's weight,
 * the temperature and a note. Cells hold what was typed (text), so an emptied bias can be said
 * to be required and a stray character to be no number; an empty weight is no weight (0).
 */

export interface TypeRow {
  bias: string;
  weights: Record<string, string>;
}

export interface ClassifierForm {
  types: Record<RelationshipType, TypeRow>;
  surveyWeight: string;
  temperature: string;
  note: string;
}

const text = (n: number | undefined) => (n === undefined || n === 0 ? '' : String(n));

export function classifierFormOf(config: ClassifierConfigOut): ClassifierForm {
  const types = {} as Record<RelationshipType, TypeRow>;
  for (const type of RELATIONSHIP_TYPES) {
    const t = config.types[type];
    const weights: Record<string, string> = {};
    for (const f of config.features) weights[f.key] = text(t?.weights[f.key]);
    types[type] = { bias: String(t?.bias ?? 0), weights };
  }
  return {
    types,
    surveyWeight: String(config.surveyWeight),
    temperature: String(config.temperature),
    // A note says why this version differs; the next one needs its own.
    note: '',
  };
}

/** The types whose bias or weights differ from the model in force. */
export function editedTypes(config: ClassifierConfigOut, form: ClassifierForm): RelationshipType[] {
  const saved = classifierFormOf(config);
  return RELATIONSHIP_TYPES.filter((t) => {
    const a = saved.types[t];
    const b = form.types[t];
    return (
      Number(a.bias) !== Number(b.bias) ||
      b.bias.trim() === '' ||
      Object.keys(a.weights).some((k) => Number(a.weights[k] || 0) !== Number(b.weights[k] || 0))
    );
  });
}

export function classifierChanged(config: ClassifierConfigOut, form: ClassifierForm): boolean {
  const saved = classifierFormOf(config);
  return (
    editedTypes(config, form).length > 0 ||
    Number(saved.surveyWeight) !== Number(form.surveyWeight) ||
    Number(saved.temperature) !== Number(form.temperature) ||
    form.surveyWeight.trim() === '' ||
    form.temperature.trim() === ''
  );
}

/**
 * The body of a preview or a save: every type's bias and its non-zero weights. Errors are keyed
 * like the server's (`types.courtship.weights.newness`), so both land under the same cell.
 */
export function classifierBody(form: ClassifierForm): Checked<ClassifierConfigInput> {
  const errors: Record<string, string> = {};
  const num = (key: string, raw: string, required: boolean): number | undefined => {
    const s = raw.trim();
    if (s === '') {
      if (required) errors[key] = 'is required';
      return undefined;
    }
    const n = Number(s);
    if (!Number.isFinite(n)) {
      errors[key] = 'must be a number';
      return undefined;
    }
    return n;
  };
  const types: Record<string, { bias: number | undefined; weights: Record<string, number> }> = {};
  for (const type of RELATIONSHIP_TYPES) {
    const row = form.types[type];
    const weights: Record<string, number> = {};
    for (const [key, raw] of Object.entries(row.weights)) {
      const w = num(`types.${type}.weights.${key}`, raw, false);
      if (w !== undefined && w !== 0) weights[key] = w;
    }
    types[type] = { bias: num(`types.${type}.bias`, row.bias, true), weights };
  }
  const result = check(ClassifierConfigInput, {
    types,
    surveyWeight: num('surveyWeight', form.surveyWeight, true),
    temperature: num('temperature', form.temperature, true),
    note: form.note,
  });
  if (result.ok && Object.keys(errors).length === 0) return result;
  // The typed-in checks say it best where they found something; the contract's bounds elsewhere.
  return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...errors } };
}
