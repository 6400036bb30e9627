import { describe, expect, it } from 'vitest';
import { CustomerBulkTagResult } from '../../../../shared/contracts/customers.js';
import { bulkTagMessage, sortBulkTagErrors } from './bulk-tag.js';
import { EMPTY_NEW_CUSTOMER, mapFieldErrors, toCustomerCreate, validateNewCustomer } from './new-customer.js';

describe('toCustomerCreate', () => {
  it('sends one primary e-mail and phone, trimmed, and leaves blank names out', () => {
    expect(
      toCustomerCreate({
        ...EMPTY_NEW_CUSTOMER,
        givenName: ' Ann ',
        email: ' ann@example.com ',
        phone: '+44 7700 900123',
        tags: ['vip'],
        prefersHumanService: true,
      }),
    ).toEqual({
      givenName: 'Ann',
      emails: [{ value: 'ann@example.com', primary: true }],
      phones: [{ value: '+44 7700 900123', primary: true }],
      tags: ['vip'],
      prefersHumanService: true,
    });
    expect(toCustomerCreate(EMPTY_NEW_CUSTOMER)).toEqual({
      emails: [],
      phones: [],
      tags: [],
      prefersHumanService: false,
    });
  });
});

describe('mapFieldErrors', () => {
  it('puts each server path under its input and keeps the rest apart', () => {
    expect(
      mapFieldErrors({
        'emails.0.value': 'is not a valid e-mail address',
        'phones.0.value': 'is not a valid phone number',
        fullName: 'give a name, an e-mail or a phone',
        'tags.1': 'too long',
        'attributes.x': 'odd',
      }),
    ).toEqual({
      fields: {
        email: 'is not a valid e-mail address',
        phone: 'is not a valid phone number',
        givenName: 'give a name, an e-mail or a phone',
        tags: 'too long',
      },
      rest: ['odd'],
    });
    // IDENTITY_CONFLICT names the list, not the item.
    expect(mapFieldErrors({ emails: 'ann@example.com belongs to another customer' }).fields.email).toBe(
      'ann@example.com belongs to another customer',
    );
  });
});

describe('validateNewCustomer', () => {
  it('asks for a name, an e-mail or a phone under the first input', () => {
    expect(validateNewCustomer(EMPTY_NEW_CUSTOMER)).toEqual({
      givenName: 'give a name, an e-mail or a phone',
    });
  });

  it('checks the e-mail the way the server does', () => {
    expect(validateNewCustomer({ ...EMPTY_NEW_CUSTOMER, email: 'not-an-address' })).toEqual({
      email: 'is not a valid e-mail address',
    });
    expect(validateNewCustomer({ ...EMPTY_NEW_CUSTOMER, phone: '+447700900123' })).toEqual({});
  });
});

describe('bulk tag', () => {
  it('says what happened in one sentence', () => {
    const r = (updated: number, unchanged: number, notFound: string[] = []) =>
      CustomerBulkTagResult.parse({ updated, unchanged, notFound });
    expect(bulkTagMessage(r(12, 3))).toBe('Tagged 12 customers (3 unchanged)');
    expect(bulkTagMessage(r(1, 0))).toBe('Tagged 1 customer');
    expect(bulkTagMessage(r(0, 2, ['x']))).toBe('Tagged 0 customers (2 unchanged, 1 no longer found)');
  });

  it('puts errors under the add or remove input', () => {
    expect(
      sortBulkTagErrors({
        add: 'add or remove at least one tag',
        'remove.2': 'too long',
        ids: 'at most 500',
      }),
    ).toEqual({
      fields: { add: 'add or remove at least one tag', remove: 'too long' },
      rest: ['at most 500'],
    });
  });
});
