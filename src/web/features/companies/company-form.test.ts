import { describe, expect, it } from 'vitest';
import type { Company } from '../../../shared/contracts/companies.js';
import {
  cleanDomain,
  companyErrors,
  EMPTY_COMPANY,
  toCompanyCreate,
  toCompanyUpdate,
  toCompanyValues,
} from './company-form.js';

const actor = { type: 'user' as const, id: 'u1', name: 'Ann' };
const company: Company = {
  id: 'co1',
  name: 'Acme',
  domain: 'acme.com',
  industry: null,
  address: { city: 'Leeds', country: 'GB' },
  tags: ['partner'],
  attributes: {},
  createdAt: new Date(),
  updatedAt: new Date(),
  createdBy: actor,
  updatedBy: actor,
  deletedAt: null,
};

describe('company form', () => {
  it('cleans a pasted web address into a domain', () => {
    expect(cleanDomain(' https://www.Acme.com/about?x=1 ')).toBe('www.acme.com');
    expect(cleanDomain('acme.com')).toBe('acme.com');
    expect(cleanDomain('')).toBe('');
  });

  it('builds the create body with blanks as null and no empty address', () => {
    expect(toCompanyCreate({ ...EMPTY_COMPANY, name: ' Acme ', tags: [' a ', ''] })).toEqual({
      name: 'Acme',
      domain: null,
      industry: null,
      tags: ['a'],
      address: null,
    });
  });

  it('sends only changed fields on update', () => {
    const initial = toCompanyValues(company);
    expect(initial.address.city).toBe('Leeds');
    expect(toCompanyUpdate(initial, initial)).toEqual({});
    const v = structuredClone(initial);
    v.industry = 'Logistics';
    v.address.country = 'ie';
    expect(toCompanyUpdate(v, initial)).toEqual({
      industry: 'Logistics',
      address: { city: 'Leeds', country: 'IE' },
    });
  });

  it('puts server errors under the inputs', () => {
    expect(
      companyErrors({
        domain: 'must be a domain such as acme.com',
        'tags.1': 'too long',
        'address.country': 'bad',
        x: 'y',
      }),
    ).toEqual({
      fields: { domain: 'must be a domain such as acme.com', tags: 'too long', 'address.country': 'bad' },
      rest: ['x: y'],
    });
  });
});
