import { CustomerCreate } from '../../../../shared/contracts/customers.js';
import { zodFieldErrors } from '../../../lib/api.js';

/** What the "New customer" form holds: one e-mail and one phone, both primary. */
export interface NewCustomerValues {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  tags: string[];
  prefersHumanService: boolean;
}

export type NewCustomerField = keyof NewCustomerValues;

export const EMPTY_NEW_CUSTOMER: NewCustomerValues = {
  givenName: '',
  familyName: '',
  email: '',
  phone: '',
  tags: [],
  prefersHumanService: false,
};

/** The `POST /customers` body for the form; blank fields are left out. */
export function toCustomerCreate(v: NewCustomerValues): CustomerCreate {
  const email = v.email.trim();
  const phone = v.phone.trim();
  return {
    ...(v.givenName.trim() ? { givenName: v.givenName.trim() } : {}),
    ...(v.familyName.trim() ? { familyName: v.familyName.trim() } : {}),
    emails: email ? [{ value: email, primary: true }] : [],
    phones: phone ? [{ value: phone, primary: true }] : [],
    tags: v.tags,
    prefersHumanService: v.prefersHumanService,
  };
}

/**
 * Which input an error path of the create request belongs to: `emails.0.value` → the e-mail
 * input, and the "give a name, an e-mail or a phone" refinement (reported on `fullName`,
 * which the form does not have) → the first name input, where the eye starts.
 */
export function fieldOfPath(path: string): NewCustomerField | null {
  const head = path.split('.')[0];
  switch (head) {
    case 'givenName':
    case 'fullName':
      return 'givenName';
    case 'familyName':
      return 'familyName';
    case 'emails':
      return 'email';
    case 'phones':
      return 'phone';
    case 'tags':
      return 'tags';
    case 'prefersHumanService':
      return 'prefersHumanService';
    default:
      return null;
  }
}

/**
 * Field errors (from `ApiError.fieldErrors()` or a local parse) sorted onto the form's inputs;
 * what fits no input is returned as `rest`, for a message above the buttons.
 */
export function mapFieldErrors(errors: Record<string, string>): {
  fields: Partial<Record<NewCustomerField, string>>;
  rest: string[];
} {
  const fields: Partial<Record<NewCustomerField, string>> = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const field = fieldOfPath(path);
    if (field) fields[field] ??= message;
    else rest.push(message);
  }
  return { fields, rest };
}

/** The contract's own checks, before a round trip: the same messages the server would give. */
export function validateNewCustomer(v: NewCustomerValues): Partial<Record<NewCustomerField, string>> {
  const parsed = CustomerCreate.safeParse(toCustomerCreate(v));
  if (parsed.success) return {};
  return mapFieldErrors(zodFieldErrors(parsed.error.issues)).fields;
}
