import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Customer } from '../../shared/contracts/customers.js';
import { CustomerViewState, SavedView } from '../../shared/contracts/saved-views.js';
import {
  ApiError,
  api,
  decodeDates,
  describeError,
  fieldErrorsOf,
  humanPath,
  onSessionExpired,
  queryString,
  setCsrfToken,
} from './api.js';

const problem = (over: Partial<ApiError['problem']> = {}) =>
  new ApiError({
    type: 't',
    title: 'The request is not valid',
    status: 400,
    code: 'VALIDATION_FAILED',
    ...over,
  });

describe('web API client helpers', () => {
  it('keys field errors by their path without the request location, keeping the first per field', () => {
    expect(
      fieldErrorsOf([
        { path: 'body.emails.0.value', message: 'is not a valid e-mail address' },
        { path: 'body.emails.0.value', message: 'second message' },
        { path: 'querystring.cursor', message: 'is not a valid cursor' },
        { path: 'body', message: 'give a name' },
      ]),
    ).toEqual({
      'emails.0.value': 'is not a valid e-mail address',
      cursor: 'is not a valid cursor',
      _: 'give a name',
    });
  });

  it('explains a problem in one sentence, naming fields the way people read them', () => {
    const err = problem({
      errors: [{ path: 'body.emails.0.value', message: 'is not a valid e-mail address' }],
    });
    expect(describeError(err)).toBe(
      'The request is not valid: emails 1 value is not a valid e-mail address.',
    );
    expect(humanPath('body.givenName')).toBe('given name');
    const locked = problem({
      code: 'ACCOUNT_LOCKED',
      status: 423,
      title: 'Too many failed logins; the account is locked for a while',
      detail: 'Try again after 14:05',
    });
    expect(describeError(locked)).toBe(
      'Too many failed logins; the account is locked for a while. Try again after 14:05',
    );
    expect(
      describeError(
        problem({ code: 'INTERNAL', title: 'Something went wrong on our side', detail: 'stack' }),
      ),
    ).toBe('Something went wrong on our side.');
    expect(describeError(new Error('boom'))).toBe('boom');
  });

  it('decodes ISO date-times where the contract has dates, so responses satisfy the shared contracts', () => {
    const json = JSON.stringify({
      id: 'c1',
      givenName: null,
      familyName: null,
      fullName: 'Ann',
      emails: [],
      phones: [],
      primaryEmail: null,
      primaryPhone: null,
      address: null,
      birthday: '1990-04-23',
      locale: null,
      timeZone: null,
      tags: [],
      attributes: {},
      prefersHumanService: false,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.123+01:00',
      createdBy: { type: 'user', id: null, name: 'x' },
      updatedBy: { type: 'user', id: null, name: 'x' },
      deletedAt: null,
      mergedIntoId: null,
    });
    const parsed = Customer.parse(decodeDates(Customer, JSON.parse(json)));
    expect(parsed.createdAt).toBeInstanceOf(Date);
    expect(parsed.updatedAt.toISOString()).toBe('2026-03-01T09:00:00.123Z');
    expect(parsed.birthday).toBe('1990-04-23');
    expect(() => Customer.parse(JSON.parse(json))).toThrow();
  });

  it("leaves date-time strings alone where the contract wants strings (a saved view's filter bounds)", () => {
    const view = {
      id: 'v1',
      resource: 'customers',
      name: 'Lapsed',
      state: {
        lastActivityTo: '2026-09-01T00:00:00.000Z',
        sort: 'createdAt',
        order: 'desc',
        columns: ['fullName'],
      },
      createdAt: '2026-10-01T08:00:00.000Z',
      updatedAt: '2026-10-01T08:00:00.000Z',
    };
    const parsed = SavedView.parse(decodeDates(SavedView, view));
    expect(parsed.state.lastActivityTo).toBe('2026-09-01T00:00:00.000Z');
    expect(parsed.createdAt).toBeInstanceOf(Date);
    expect(CustomerViewState.parse(decodeDates(CustomerViewState, view.state)).lastActivityTo).toBe(
      '2026-09-01T00:00:00.000Z',
    );
  });

  it('walks arrays, records, nullables, unions and preprocessors', () => {
    const schema = z.object({
      list: z.array(z.object({ at: z.date().nullable() })),
      byKey: z.record(z.string(), z.date()),
      either: z.union([z.date(), z.number()]),
      pre: z.preprocess((v) => v, z.date()),
      text: z.string(),
    });
    const iso = '2026-01-02T03:04:05.000Z';
    const out = schema.parse(
      decodeDates(schema, {
        list: [{ at: iso }, { at: null }],
        byKey: { a: iso },
        either: iso,
        pre: iso,
        text: iso,
      }),
    );
    expect(out.list[0]?.at?.toISOString()).toBe(iso);
    expect(out.list[1]?.at).toBeNull();
    expect(out.byKey.a).toBeInstanceOf(Date);
    expect(out.either).toBeInstanceOf(Date);
    expect(out.pre).toBeInstanceOf(Date);
    expect(out.text).toBe(iso);
  });

  it('walks tuples, item by item (a duplicate candidate is a pair of customers)', () => {
    const schema = z.object({ pair: z.tuple([z.object({ at: z.date() }), z.string()]) });
    const iso = '2026-01-02T03:04:05.000Z';
    const out = schema.parse(decodeDates(schema, { pair: [{ at: iso }, iso] }));
    expect(out.pair[0].at).toBeInstanceOf(Date);
    expect(out.pair[1]).toBe(iso);
  });

  it('builds query strings without empty values, repeating arrays', () => {
    expect(
      queryString({
        q: 'ann lee',
        tag: '',
        limit: 50,
        hasOpenTask: false,
        none: undefined,
        status: ['open', 'done'],
      }),
    ).toBe('?q=ann+lee&limit=50&hasOpenTask=false&status=open&status=done');
    expect(queryString({ from: new Date('2026-01-02T03:04:05Z') })).toBe(
      '?from=2026-01-02T03%3A04%3A05.000Z',
    );
    expect(queryString({})).toBe('');
  });
});

describe('web API client requests', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
    onSessionExpired(null);
  });

  /** Answers every request with a 401 and records what was sent. */
  function unauthenticated() {
    const sent: RequestInit[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        sent.push(init);
        return new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'You need to log in',
            status: 401,
            code: 'UNAUTHENTICATED',
          }),
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        );
      }),
    );
    return sent;
  }

  it('sends a staff write with the session and CSRF token; a 401 ends the session', async () => {
    const sent = unauthenticated();
    const expired = vi.fn();
    setCsrfToken('csrf-1');
    onSessionExpired(expired);
    await expect(api.post('/customers', null, { name: 'Ana' })).rejects.toMatchObject({ status: 401 });
    expect(sent[0]?.credentials).toBe('same-origin');
    expect(sent[0]?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1' });
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('sends an anonymous request (a customer’s survey link) without cookie or CSRF token, and never ends a session', async () => {
    const sent = unauthenticated();
    const expired = vi.fn();
    setCsrfToken('csrf-1');
    onSessionExpired(expired);
    await expect(
      api.post('/public/surveys/rsv_x', null, { sentence: 'kinship' }, { anonymous: true }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(sent[0]?.credentials).toBe('omit');
    expect(sent[0]?.headers).not.toHaveProperty('x-csrf-token');
    expect(expired).not.toHaveBeenCalled();
  });
});
