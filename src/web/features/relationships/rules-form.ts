import {
  CONTACT_PURPOSES,
  type ContactPurpose,
  RelationshipRules,
} from '../../../shared/contracts/relationships.js';
import { type Checked, check } from './relationship-forms.js';

/** The contact-rules form of one relationship type: its state, what changed, and validation. */

export interface RulesForm extends Omit<RelationshipRules, 'maxContactsPer30Days'> {
  /** '' while the input is empty; validation says it is required. */
  maxContactsPer30Days: number | '';
}

export function rulesFormOf(rules: RelationshipRules): RulesForm {
  return { ...rules, allowedPurposes: inPurposeOrder(rules.allowedPurposes), avoid: [...rules.avoid] };
}

/** Purposes in the contract's order, whatever order they were ticked in. */
export function inPurposeOrder(purposes: readonly string[]): ContactPurpose[] {
  return CONTACT_PURPOSES.filter((p) => purposes.includes(p));
}

/** Whether the form differs from `rules` (purposes compared as a set). */
export function rulesChanged(rules: RelationshipRules, form: RulesForm): boolean {
  return (
    JSON.stringify(rulesFormOf(rules)) !==
    JSON.stringify({ ...form, allowedPurposes: inPurposeOrder(form.allowedPurposes) })
  );
}

/** The PUT body, checked with the shared contract; errors keyed like the server's. */
export function rulesBody(form: RulesForm): Checked<RelationshipRules> {
  const result = check(
    RelationshipRules,
    {
      ...form,
      allowedPurposes: inPurposeOrder(form.allowedPurposes),
      maxContactsPer30Days: form.maxContactsPer30Days === '' ? undefined : form.maxContactsPer30Days,
    },
    { maxContactsPer30Days: 'is required', guidance: 'say in a sentence what staff should do' },
  );
  if (!result.ok && form.allowedPurposes.length === 0) {
    result.errors.allowedPurposes = 'allow at least one purpose (service, say)';
  }
  return result;
}

/** The form's inputs: a server or contract error under `avoid.2` belongs to the avoid list. */
export const RULES_FIELDS = [
  'allowedPurposes',
  'tone',
  'maxContactsPer30Days',
  'preferredChannel',
  'service',
  'avoid',
  'guidance',
] as const;
export type RulesField = (typeof RULES_FIELDS)[number];
