import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../../shared/contracts/customers.js';
import { formKeyOf, profileErrors, toCustomerUpdate, toProfileValues } from './profile-form.js';

const actor = { type: 'user' as const, id: 'u1', name: 'Ann' };
const customer = (over: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  givenName: 'Isa',
  familyName: 'Seitz',
  fullName: 'Isa Seitz',
  emails: [{ value: 'isa@example.net', label: 'personal', primary: true }],
  phones: [{ value: '+4917044016425', primary: true }],
  primaryEmail: 'isa@example.net',
  primaryPhone: '+4917044016425',
  address: { line1: 'Behringstr. 73', city: 'Freiburg', country: 'DE' },
  birthday: '1983-08-11',
  locale: 'de-DE',
  timeZone: 'Europe/Berlin',
  tags: ['vip'],
  attributes: {},
  prefersHumanService: false,
  createdAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date('2024-01-01T00:00:00Z'),
  createdBy: actor,
  updatedBy: actor,
  deletedAt: null,
  mergedIntoId: null,
  ...over,
});

describe('profile form values', () => {
  it('starts from the customer, the display name blank when it is the parts joined', () => {
    const v = toProfileValues(customer());
    expect(v.fullName).toBe('');
    expect(v.emails).toEqual([{ value: 'isa@example.net', label: 'personal', primary: true }]);
    expect(v.phones).toEqual([{ value: '+4917044016425', label: '', primary: true }]);
    expect(v.address).toEqual({
      line1: 'Behringstr. 73',
      line2: '',
      city: 'Freiburg',
      region: '',
      postalCode: '',
      country: 'DE',
    });
    expect(toProfileValues(customer({ fullName: 'Dr Isa Seitz' })).fullName).toBe('Dr Isa Seitz');
    expect(toProfileValues(customer({ address: null, birthday: null })).birthday).toBe('');
  });

  it('sends nothing when nothing changed', () => {
    const v = toProfileValues(customer());
    expect(toCustomerUpdate(v, v).body).toEqual({});
  });

  it('sends only what changed; blanks become null; the names travel together', () => {
    const initial = toProfileValues(customer());
    const v = structuredClone(initial);
    v.familyName = 'Seitz-Berg';
    v.locale = '  ';
    v.prefersHumanService = true;
    v.tags = ['vip', ' spa '];
    v.address.country = 'at';
    v.address.city = 'Wien';
    expect(toCustomerUpdate(v, initial).body).toEqual({
      givenName: 'Isa',
      familyName: 'Seitz-Berg',
      fullName: null,
      locale: null,
      prefersHumanService: true,
      tags: ['vip', 'spa'],
      address: { line1: 'Behringstr. 73', city: 'Wien', country: 'AT' },
    });
  });

  it('leaves blank contact rows out, keeps the primary, and maps body rows back to form rows', () => {
    const initial = toProfileValues(customer());
    const v = structuredClone(initial);
    v.emails = [
      { value: '', label: '', primary: false },
      { value: 'isa@example.net', label: 'personal', primary: false },
      { value: ' work@example.net ', label: ' work ', primary: true },
    ];
    const { body, rows } = toCustomerUpdate(v, initial);
    expect(body.emails).toEqual([
      { value: 'isa@example.net', label: 'personal', primary: false },
      { value: 'work@example.net', label: 'work', primary: true },
    ]);
    expect(rows.emails).toEqual([1, 2]);
    expect(body.phones).toBeUndefined();
  });

  it('makes the first contact primary when the primary row was emptied', () => {
    const initial = toProfileValues(customer());
    const v = structuredClone(initial);
    v.emails = [
      { value: '', label: '', primary: true },
      { value: 'b@example.net', label: '', primary: false },
    ];
    expect(toCustomerUpdate(v, initial).body.emails).toEqual([{ value: 'b@example.net', primary: true }]);
    v.address = { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' };
    expect(toCustomerUpdate(v, initial).body.address).toBeNull();
  });
});

describe('server errors onto inputs', () => {
  const rows = { emails: [1, 2], phones: [0] };

  it('maps list paths through the row map', () => {
    expect(formKeyOf('emails.1.value', rows)).toBe('emails.2.value');
    expect(formKeyOf('emails.0', rows)).toBe('emails.1.value');
    expect(formKeyOf('emails.0.label', rows)).toBe('emails.1.label');
    expect(formKeyOf('emails', rows)).toBe('emails');
    expect(formKeyOf('emails.9.value', rows)).toBe('emails');
    expect(formKeyOf('phones.0.value', rows)).toBe('phones.0.value');
    expect(formKeyOf('address.country', rows)).toBe('address.country');
    expect(formKeyOf('tags.3', rows)).toBe('tags');
    expect(formKeyOf('timeZone', rows)).toBe('timeZone');
    expect(formKeyOf('attributes.x', rows)).toBeNull();
  });

  it('splits field errors from the rest', () => {
    expect(
      profileErrors(
        { 'emails.1.value': 'is not a valid e-mail address', _: 'Conflict', 'attributes.x': 'bad' },
        rows,
      ),
    ).toEqual({
      fields: { 'emails.2.value': 'is not a valid e-mail address' },
      rest: ['Conflict', 'attributes.x: bad'],
    });
  });
});
