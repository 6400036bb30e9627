import { describe, expect, it } from 'vitest';
import { PublicCaseSubmission } from '../../../shared/contracts/cases.js';
import { blankCaseForm, caseSubmission, newIdempotencyKey, REACH_MESSAGE } from './case-form.js';

const FORM = {
  formToken: 'cf1_token',
  limits: { subject: 200, body: 20_000, name: 200, email: 254, phone: 40 },
};
const KEY = '0123456789abcdef0123456789abcdef';

describe('caseSubmission', () => {
  it('names every missing answer at once, under the inputs the server would name', () => {
    const result = caseSubmission(blankCaseForm(), FORM, KEY);
    expect(result).toEqual({
      ok: false,
      errors: { type: 'choose what it is about', body: 'is required', email: REACH_MESSAGE },
    });
  });

  it('sends the body as typed, blank optional fields left out, the honeypot and the key as they are', () => {
    const result = caseSubmission(
      {
        ...blankCaseForm(),
        type: 'praise',
        body: '  Lovely stay!\n',
        subject: '   ',
        phone: ' 07700 900123 ',
      },
      FORM,
      KEY,
    );
    expect(result).toEqual({
      ok: true,
      body: {
        formToken: 'cf1_token',
        type: 'praise',
        body: '  Lovely stay!\n',
        phone: '07700 900123',
        website: '',
        idempotencyKey: KEY,
      },
    });
    expect(JSON.parse(JSON.stringify(result.ok && result.body))).toEqual({
      formToken: 'cf1_token',
      type: 'praise',
      body: '  Lovely stay!\n',
      phone: '07700 900123',
      website: '',
      idempotencyKey: KEY,
    });
  });

  it('checks the e-mail with the contract and the lengths with the limits the form was served with', () => {
    const values = {
      ...blankCaseForm(),
      type: 'question' as const,
      body: 'Hello there',
      email: 'not-an-address',
    };
    expect(caseSubmission(values, FORM, KEY)).toEqual({
      ok: false,
      errors: { email: 'is not a valid e-mail address' },
    });
    const short = { ...FORM, limits: { ...FORM.limits, body: 5, name: 3 } };
    expect(caseSubmission({ ...values, email: 'a@example.com', name: 'Ines' }, short, KEY)).toEqual({
      ok: false,
      errors: { body: 'must be at most 5 characters', name: 'must be at most 3 characters' },
    });
  });
});

describe('newIdempotencyKey', () => {
  it('is 32 hex digits the contract accepts, different each time', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(
      PublicCaseSubmission.safeParse({
        formToken: 't',
        type: 'question',
        body: 'x',
        email: 'a@b.co',
        idempotencyKey: a,
      }).success,
    ).toBe(true);
  });
});
