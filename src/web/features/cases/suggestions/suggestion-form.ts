import {
  type SuggestionItem,
  type SuggestionOutcome,
  SuggestionOutcomeInput,
  suggestionReply,
} from '../../../../shared/contracts/case-suggestions.js';
import { zodFieldErrors } from '../../../lib/api.js';

export interface SuggestionFormValues {
  area: string;
  outcome: SuggestionOutcome | null;
  reason: string;
  tellCustomer: boolean;
  /** The reply as edited; null while it follows the default for the outcome. */
  message: string | null;
}

export type SuggestionField = 'area' | 'outcome' | 'reason' | 'message';

/** The dialog's starting values: what the suggestion has, telling the customer by default. */
export function initialValues(s: Pick<SuggestionItem, 'area' | 'outcome' | 'reason'>): SuggestionFormValues {
  return {
    area: s.area ?? '',
    outcome: s.outcome,
    reason: s.reason ?? '',
    tellCustomer: true,
    message: null,
  };
}

/** The reply the customer will get: as edited, else the default for the outcome chosen. */
export function replyText(values: SuggestionFormValues, subject: string): string {
  if (values.message !== null) return values.message;
  return values.outcome ? suggestionReply(values.outcome, subject, values.reason.trim() || null) : '';
}

/**
 * The request body, checked by the same contract as the server, or the errors by field.
 * @example suggestionBody({ area: 'Spa', outcome: 'declined', reason: '', tellCustomer: false, message: null }, 'x').ok === false
 */
export function suggestionBody(
  values: SuggestionFormValues,
  subject: string,
):
  | { ok: true; body: SuggestionOutcomeInput }
  | { ok: false; errors: Partial<Record<SuggestionField, string>> } {
  if (!values.outcome) return { ok: false, errors: { outcome: 'choose what became of it' } };
  const body: SuggestionOutcomeInput = {
    area: values.area,
    outcome: values.outcome,
    ...(values.reason.trim() ? { reason: values.reason } : {}),
    tellCustomer: values.tellCustomer,
    ...(values.tellCustomer ? { message: replyText(values, subject) } : {}),
  };
  const parsed = SuggestionOutcomeInput.safeParse(body);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error.issues) };
  if (values.tellCustomer && !body.message?.trim()) {
    return { ok: false, errors: { message: 'is required to tell the customer' } };
  }
  return { ok: true, body };
}
