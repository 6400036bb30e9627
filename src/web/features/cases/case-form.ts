import type { z } from 'zod';
import { type CaseType, type PublicCaseForm, PublicCaseSubmission } from '../../../shared/contracts/cases.js';
import { fieldErrorsOf } from '../../lib/api.js';
import type { Checked } from '../relationships/relationship-forms.js';

/**
 * The public case form's state and the body it sends, checked with the shared contract so the
 * browser says what the server would before anything is sent.
 */

export interface CaseFormValues {
  type: CaseType | null;
  subject: string;
  body: string;
  name: string;
  email: string;
  phone: string;
  /** The honeypot: people never see it, so for them it stays empty. */
  website: string;
}

export function blankCaseForm(): CaseFormValues {
  return { type: null, subject: '', body: '', name: '', email: '', phone: '', website: '' };
}

/** The contract's own message for a sender who left no way to answer them. */
export const REACH_MESSAGE = 'give an e-mail or a phone so we can answer you';

export type CaseSubmissionBody = z.output<typeof PublicCaseSubmission>;

type Limits = PublicCaseForm['limits'];
const LIMITED = ['subject', 'body', 'name', 'email', 'phone'] as const satisfies readonly (keyof Limits)[];

/** The fields longer than the form's limits (the body as typed, the others trimmed), in the contract's words. */
function overLimits(values: CaseFormValues, limits: Limits): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of LIMITED) {
    const length = field === 'body' ? values.body.length : values[field].trim().length;
    if (length > limits[field]) {
      errors[field] = `must be at most ${limits[field].toLocaleString('en-GB')} characters`;
    }
  }
  return errors;
}

/**
 * The submission of `values` with the form's timing token and this fill's idempotency key, or
 * the errors by field — the contract's, and the limits the form was served with. The body is
 * sent exactly as typed (plain text, white space and all); blank optional fields are left out,
 * and the honeypot goes as it is.
 * @example caseSubmission(blankCaseForm(), form, 'k'.repeat(32)).ok === false // type, body and e-mail
 */
export function caseSubmission(
  values: CaseFormValues,
  form: Pick<PublicCaseForm, 'formToken' | 'limits'>,
  idempotencyKey: string,
): Checked<CaseSubmissionBody> {
  const parsed = PublicCaseSubmission.safeParse({
    formToken: form.formToken,
    type: values.type ?? undefined,
    subject: values.subject,
    body: values.body,
    name: values.name,
    email: values.email,
    phone: values.phone,
    website: values.website,
    idempotencyKey,
  });
  // Keyed as the server's errors are (`body.<field>`): one of the fields is itself named `body`.
  const contractErrors = parsed.success
    ? {}
    : fieldErrorsOf(
        parsed.error.issues.map((i) => ({
          path: ['body', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
  if (values.type === null) contractErrors.type = 'choose what it is about';
  const errors = { ...overLimits(values, form.limits), ...contractErrors };
  // The contract's "e-mail or phone" rule runs only once every field is valid: say it at once.
  if (!values.email.trim() && !values.phone.trim()) errors.email ??= REACH_MESSAGE;
  return parsed.success && Object.keys(errors).length === 0
    ? { ok: true, body: parsed.data }
    : { ok: false, errors };
}

/**
 * A fresh key for one filled-in form: a retry of the same fill (a double tap, a lost answer)
 * answers the case the first send opened instead of opening another. `getRandomValues` works
 * on plain-HTTP addresses too, where `randomUUID` does not.
 * @example /^[0-9a-f]{32}$/.test(newIdempotencyKey())
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
