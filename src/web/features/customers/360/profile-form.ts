import type {
  ContactPoint,
  Customer,
  CustomerUpdate,
  PostalAddress,
} from '../../../../shared/contracts/customers.js';

/** One e-mail or phone row of the form. */
export interface ContactRow {
  value: string;
  label: string;
  primary: boolean;
}

export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** What the "Edit profile" form holds: text inputs as strings, blanks meaning "none". */
export interface ProfileValues {
  givenName: string;
  familyName: string;
  fullName: string;
  emails: ContactRow[];
  phones: ContactRow[];
  tags: string[];
  prefersHumanService: boolean;
  birthday: string;
  locale: string;
  timeZone: string;
  address: Record<AddressField, string>;
}

const joinedName = (c: Pick<Customer, 'givenName' | 'familyName'>) =>
  [c.givenName, c.familyName].filter(Boolean).join(' ');

const toRows = (list: readonly ContactPoint[]): ContactRow[] =>
  list.map((c) => ({ value: c.value, label: c.label ?? '', primary: Boolean(c.primary) }));

/**
 * The form's starting values. The display name is left blank when it is just the parts joined,
 * so editing a part renames the customer (the server derives a blank display name).
 */
export function toProfileValues(c: Customer): ProfileValues {
  return {
    givenName: c.givenName ?? '',
    familyName: c.familyName ?? '',
    fullName: c.fullName === joinedName(c) ? '' : c.fullName,
    emails: toRows(c.emails),
    phones: toRows(c.phones),
    tags: [...c.tags],
    prefersHumanService: c.prefersHumanService,
    birthday: c.birthday ?? '',
    locale: c.locale ?? '',
    timeZone: c.timeZone ?? '',
    address: Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, c.address?.[f] ?? ''])) as Record<
      AddressField,
      string
    >,
  };
}

/** Where each contact of the request body came from in the form (blank rows are not sent). */
export interface RowMap {
  emails: number[];
  phones: number[];
}

function contactBody(rows: readonly ContactRow[]): { list: ContactPoint[]; from: number[] } {
  const list: ContactPoint[] = [];
  const from: number[] = [];
  rows.forEach((row, i) => {
    const value = row.value.trim();
    if (!value) return;
    const label = row.label.trim();
    list.push({ value, ...(label ? { label } : {}), primary: row.primary });
    from.push(i);
  });
  // The primary row may have been blank (or none was chosen): the first one sent then is.
  if (list.length && !list.some((c) => c.primary)) list[0]!.primary = true;
  return { list, from };
}

const blankToNull = (s: string): string | null => (s.trim() ? s.trim() : null);

function addressBody(a: Record<AddressField, string>): PostalAddress | null {
  const out: PostalAddress = {};
  for (const f of ADDRESS_FIELDS) {
    const v = f === 'country' ? a[f].trim().toUpperCase() : a[f].trim();
    if (v) out[f] = v;
  }
  return Object.keys(out).length ? out : null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The `PATCH /customers/:id` body: only what differs from `initial` (so an unchanged e-mail list
 * is not rewritten and the audit trail shows the real change), with blank text as null and blank
 * contact rows left out. `rows` maps the body's list indexes back to the form's, for errors.
 * The three name fields travel together: the server derives the display name from them.
 */
export function toCustomerUpdate(
  values: ProfileValues,
  initial: ProfileValues,
): { body: CustomerUpdate; rows: RowMap } {
  const body: CustomerUpdate = {};
  const emails = contactBody(values.emails);
  const phones = contactBody(values.phones);
  const names = ['givenName', 'familyName', 'fullName'] as const;
  if (names.some((n) => values[n].trim() !== initial[n].trim())) {
    for (const n of names) body[n] = blankToNull(values[n]);
  }
  if (!sameJson(emails.list, contactBody(initial.emails).list)) body.emails = emails.list;
  if (!sameJson(phones.list, contactBody(initial.phones).list)) body.phones = phones.list;
  const tags = values.tags.map((t) => t.trim()).filter(Boolean);
  if (!sameJson(tags, initial.tags)) body.tags = tags;
  if (values.prefersHumanService !== initial.prefersHumanService)
    body.prefersHumanService = values.prefersHumanService;
  for (const f of ['birthday', 'locale', 'timeZone'] as const) {
    if (values[f].trim() !== initial[f].trim()) body[f] = blankToNull(values[f]);
  }
  const address = addressBody(values.address);
  if (!sameJson(address, addressBody(initial.address))) body.address = address;
  return { body, rows: { emails: emails.from, phones: phones.from } };
}

/** Every key an error can be shown under; list-level keys (`emails`) sit under the whole list. */
export type ProfileErrorKey = string;

const SCALAR_KEYS = new Set([
  'givenName',
  'familyName',
  'fullName',
  'tags',
  'prefersHumanService',
  'birthday',
  'locale',
  'timeZone',
  'emails',
  'phones',
  'address',
]);

/**
 * The form key of a server error path: `emails.1.value` → `emails.<form row>.value` (through
 * `rows`, since blank rows were not sent), `address.country` as is, `tags.3` → `tags`. Null for
 * a path no input shows.
 */
export function formKeyOf(path: string, rows: RowMap): ProfileErrorKey | null {
  const [head, second, third] = path.split('.');
  if (!head) return null;
  if (head === 'emails' || head === 'phones') {
    if (second === undefined) return head;
    const row = rows[head][Number(second)];
    if (row === undefined) return head;
    return third === 'label' ? `${head}.${row}.label` : `${head}.${row}.value`;
  }
  if (head === 'address') {
    return second && (ADDRESS_FIELDS as readonly string[]).includes(second) ? `address.${second}` : 'address';
  }
  return SCALAR_KEYS.has(head) ? head : null;
}

/**
 * Server field errors (`ApiError.fieldErrors()`) sorted onto the form's inputs; messages no
 * input shows are returned as `rest`, for a notification.
 */
export function profileErrors(
  errors: Record<string, string>,
  rows: RowMap,
): { fields: Record<ProfileErrorKey, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const key = formKeyOf(path, rows);
    if (key) fields[key] ??= message;
    else rest.push(path === '_' ? message : `${path}: ${message}`);
  }
  return { fields, rest };
}

export const emptyContact = (primary: boolean): ContactRow => ({ value: '', label: '', primary });
