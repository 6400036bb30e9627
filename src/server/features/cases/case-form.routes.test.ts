import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  type TestApp,
} from '../../../../test/app.js';
import { MAX_CASE_BODY } from '../../../shared/contracts/cases.js';
import { fixedClock } from '../../lib/clock.js';

const clock = fixedClock(new Date());
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let t: TestApp;
let a: Client;
let aSlug: string;
let b: Client;
let bSlug: string;

const slugOf = async (c: Client): Promise<string> =>
  (await c.request('GET', '/api/v1/workspace')).json().slug;

beforeAll(async () => {
  t = await createTestApp({ clock });
  a = await createWorkspaceClient(t);
  b = await createWorkspaceClient(t);
  aSlug = await slugOf(a);
  bSlug = await slugOf(b);
});
afterAll(() => t.close());

let seq = 0;
/** Text and an address no other test sends, so only what a test means to repeat is repeated. */
const unique = () => `${++seq}-${Date.now().toString(36)}`;
const uniqueBody = () => `The sauna was cold all week (${unique()})`;
const uniqueEmail = () => `guest.${unique()}@example.com`;

const openForm = (slug: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/public/workspaces/${slug}/case-form` });
const post = (slug: string, body: Record<string, unknown>, app = t.app) =>
  app.inject({ method: 'POST', url: `/api/v1/public/workspaces/${slug}/cases`, payload: body });

async function tokenFor(slug: string): Promise<string> {
  const res = await openForm(slug);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().formToken;
}

/** Opens the form, lets a person's few seconds pass, and submits it. */
async function submit(slug: string, fields: Record<string, unknown>) {
  const formToken = await tokenFor(slug);
  clock.advance(5 * SECOND);
  return post(slug, { formToken, type: 'complaint', body: uniqueBody(), ...fields });
}

async function submitted(slug: string, fields: Record<string, unknown>): Promise<string> {
  const res = await submit(slug, fields);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().reference;
}

interface CaseJson {
  id: string;
  reference: string;
  customerId: string;
  channel: string;
  subject: string;
  body: string;
  type: string;
  createdBy: { type: string; name: string };
}

/** A workspace's live cases, newest first (at most 200). */
const casesOf = async (c: Client, query = ''): Promise<CaseJson[]> => {
  const res = await c.request('GET', `/api/v1/cases?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const caseByReference = async (c: Client, reference: string): Promise<CaseJson | undefined> =>
  (await casesOf(c)).find((x) => x.reference === reference);
/** The customers whose e-mail, name or phone matches `q`. */
const customersMatching = async (c: Client, q: string) =>
  (await c.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items as {
    id: string;
    provisional: boolean;
    fullName: string;
    emails: { value: string }[];
    phones: { value: string }[];
    createdBy: { type: string; name: string };
  }[];

describe('public case form', () => {
  it('shows the business, the types a customer may send, the limits and a timing token', async () => {
    const res = await openForm(aSlug);
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    const ws = (await a.request('GET', '/api/v1/workspace')).json();
    expect(form).toMatchObject({
      business: ws.name,
      types: ['complaint', 'suggestion', 'question', 'praise'],
      minFillSeconds: 3,
      limits: { subject: 200, body: MAX_CASE_BODY, name: 200, email: 254, phone: 40 },
    });
    expect(form.formToken).toMatch(/^cf1_/);
    expect(new Date(form.tokenExpiresAt).getTime()).toBe(clock.now().getTime() + 12 * HOUR);
  });

  it('answers 404 problem+json for a workspace that does not exist, opening or sending', async () => {
    for (const res of [
      await openForm('no-such-workspace'),
      await post('no-such-workspace', {
        formToken: await tokenFor(aSlug),
        type: 'complaint',
        body: 'hello',
        email: uniqueEmail(),
      }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('WORKSPACE_NOT_FOUND');
    }
  });

  it('files a known sender’s case on their customer, found by e-mail, and answers only the reference', async () => {
    const email = uniqueEmail();
    const known = await createCustomerVia(a, { fullName: 'Ingrid Known', emails: [{ value: email }] });
    const body = '\n  The sauna was cold.  \nAll week.';
    const res = await submit(aSlug, {
      type: 'suggestion',
      body,
      name: 'Someone Else',
      email: `  ${email.toUpperCase()} `,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(/^C-\d{6}$/);

    const kase = await caseByReference(a, res.json().reference);
    expect(kase).toMatchObject({
      customerId: known.id,
      channel: 'web_form',
      type: 'suggestion',
      subject: 'The sauna was cold.',
      body,
      createdBy: { type: 'system', name: 'customer (web form)' },
    });
    // Found, not created; and an unverified form changes nothing on the profile.
    const found = await customersMatching(a, email);
    expect(found.map((c) => [c.id, c.fullName, c.provisional])).toEqual([[known.id, 'Ingrid Known', false]]);
  });

  it('finds a known sender by a phone written the local way', async () => {
    const known = await createCustomerVia(a, {
      fullName: 'Phil Phone',
      phones: [{ value: '+44 7911 123451' }],
    });
    const reference = await submitted(aSlug, { phone: '07911 123451' });
    expect((await caseByReference(a, reference))?.customerId).toBe(known.id);
  });

  it('makes an unknown sender one provisional customer, audited, whom later submissions find again', async () => {
    const email = uniqueEmail();
    const first = await submitted(aSlug, { name: '  Nora   New ', email, phone: '+44 7911 123452' });
    const [created, ...others] = await customersMatching(a, email);
    expect(others).toEqual([]);
    expect(created).toMatchObject({
      fullName: 'Nora New',
      provisional: true,
      emails: [{ value: email, primary: true }],
      phones: [{ value: '+447911123452', primary: true }],
      createdBy: { type: 'system', name: 'customer (web form)' },
    });
    expect((await caseByReference(a, first))?.customerId).toBe(created!.id);
    const audit = (
      await a.request('GET', `/api/v1/audit?entityType=customer&entityId=${created!.id}`)
    ).json();
    expect(audit.items.map((x: { action: string }) => x.action)).toEqual(['customer.create']);
    const identities = (await a.request('GET', `/api/v1/customers/${created!.id}/360`)).json().identities;
    expect(identities.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`).sort()).toEqual([
      `email:${email}`,
      'phone:+447911123452',
    ]);

    // By e-mail again, and by the phone alone: the same customer, a case each.
    const second = await submitted(aSlug, { email: email.toUpperCase() });
    const third = await submitted(aSlug, { phone: '07911 123452' });
    expect(await customersMatching(a, email)).toHaveLength(1);
    for (const ref of [second, third]) expect((await caseByReference(a, ref))?.customerId).toBe(created!.id);
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('creates one customer when the same new sender sends twice at once', async () => {
    const email = uniqueEmail();
    const [x, y] = await Promise.all([
      submitted(aSlug, { email, body: uniqueBody() }),
      submitted(aSlug, { email, body: uniqueBody() }),
    ]);
    const found = await customersMatching(a, email);
    expect(found).toHaveLength(1);
    for (const ref of [x, y]) expect((await caseByReference(a, ref))?.customerId).toBe(found[0]!.id);
  });

  it('never merges customers nor changes a profile on an unverified sender’s word', async () => {
    const emailOwner = await createCustomerVia(a, {
      fullName: 'Erin Email',
      emails: [{ value: uniqueEmail() }],
    });
    const phoneOwner = await createCustomerVia(a, {
      fullName: 'Paul Phone',
      phones: [{ value: '+44 7911 123453' }],
    });
    // Erin's e-mail beside Paul's phone, then beside a phone nobody has.
    const ref1 = await submitted(aSlug, { email: emailOwner.primaryEmail, phone: '+44 7911 123453' });
    const ref2 = await submitted(aSlug, { email: emailOwner.primaryEmail, phone: '+44 7911 123454' });
    // E-mail ranks above phone among the identity rules: the case is Erin's.
    for (const ref of [ref1, ref2]) expect((await caseByReference(a, ref))?.customerId).toBe(emailOwner.id);
    const erin = (await a.request('GET', `/api/v1/customers/${emailOwner.id}`)).json();
    const paul = (await a.request('GET', `/api/v1/customers/${phoneOwner.id}`)).json();
    expect([erin.phones, erin.deletedAt, paul.deletedAt, paul.mergedIntoId]).toEqual([[], null, null, null]);
    expect(
      (await a.request('GET', `/api/v1/identity/merges?customerId=${emailOwner.id}`)).json().items,
    ).toEqual([]);
    expect(await customersMatching(a, '+447911123454')).toEqual([]);
  });

  it('gives a sender whose e-mail belongs to a customer in the trash a new provisional customer', async () => {
    const email = uniqueEmail();
    const gone = await createCustomerVia(a, { fullName: 'Gone Guest', emails: [{ value: email }] });
    expect((await a.request('DELETE', `/api/v1/customers/${gone.id}`)).statusCode).toBe(200);
    const reference = await submitted(aSlug, { email });
    const kase = await caseByReference(a, reference);
    expect(kase?.customerId).not.toBe(gone.id);
    const fresh = (await a.request('GET', `/api/v1/customers/${kase!.customerId}`)).json();
    expect([fresh.provisional, fresh.primaryEmail]).toEqual([true, email]);
    // The identity stays the deleted customer's, so restoring them does not clash.
    expect((await a.request('POST', `/api/v1/customers/${gone.id}/restore`)).statusCode).toBe(200);
  });

  it('lets staff confirm a provisional customer, by clearing the flag or by any edit', async () => {
    await submitted(aSlug, { email: uniqueEmail(), name: 'Cleared Explicitly' });
    await submitted(aSlug, { email: uniqueEmail(), name: 'Cleared By Edit' });
    const [explicit] = await customersMatching(a, 'Cleared Explicitly');
    const [edited] = await customersMatching(a, 'Cleared By Edit');
    expect([explicit!.provisional, edited!.provisional]).toEqual([true, true]);

    const refused = await a.request('PATCH', `/api/v1/customers/${explicit!.id}`, { provisional: true });
    expect(refused.statusCode).toBe(400);
    expect(errorPaths(refused.json())).toEqual(['body.provisional']);

    const cleared = await a.request('PATCH', `/api/v1/customers/${explicit!.id}`, { provisional: false });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect([cleared.json().provisional, cleared.json().fullName]).toEqual([false, 'Cleared Explicitly']);
    const tagged = await a.request('PATCH', `/api/v1/customers/${edited!.id}`, { tags: ['called back'] });
    expect(tagged.json().provisional).toBe(false);
  });

  it('answers the same reference for the same text again within minutes, storing one case', async () => {
    const email = uniqueEmail();
    const body = uniqueBody();
    const first = await submitted(aSlug, { email, body });
    clock.advance(2 * MINUTE);
    const again = await submitted(aSlug, { email, body: `  ${body.toUpperCase()}  ` });
    expect(again).toBe(first);
    const [customer] = await customersMatching(a, email);
    expect((await casesOf(a, `&customerId=${customer!.id}`)).map((c) => c.reference)).toEqual([first]);
  });

  it('answers a retry with the same idempotency key with the first reference, and refuses the key for other text', async () => {
    const email = uniqueEmail();
    const key = `form-${unique()}-0000`;
    const body = uniqueBody();
    const first = await submitted(aSlug, { email, body, idempotencyKey: key });
    clock.advance(30 * MINUTE);
    expect(await submitted(aSlug, { email, body, idempotencyKey: key })).toBe(first);
    const [customer] = await customersMatching(a, email);
    expect(await casesOf(a, `&customerId=${customer!.id}`)).toHaveLength(1);

    const reused = await submit(aSlug, { email, body: uniqueBody(), idempotencyKey: key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(errorPaths(reused.json())).toEqual(['body.idempotencyKey']);
  });

  it('answers a filled-in honeypot like a success and stores nothing', async () => {
    const email = uniqueEmail();
    const before = (await casesOf(a)).length;
    const res = await submit(aSlug, { email, website: 'http://spam.example', name: 'Bot' });
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['reference']);
    expect(res.json().reference).toMatch(/^C-\d{6}$/);
    expect((await casesOf(a)).length).toBe(before);
    expect(await customersMatching(a, email)).toEqual([]);
    // Even without a valid timing token: a bot learns nothing from the answer.
    const blind = await post(aSlug, {
      formToken: 'x',
      type: 'complaint',
      body: 'buy now',
      email,
      website: 'y',
    });
    expect(blind.statusCode).toBe(201);
    expect((await casesOf(a)).length).toBe(before);
  });

  it('refuses a submission sooner than a person fills in the form, or with an expired, forged or missing token', async () => {
    const email = uniqueEmail();
    const before = (await casesOf(a)).length;
    const refused = async (formToken: string | undefined, message: RegExp) => {
      const res = await post(aSlug, {
        type: 'complaint',
        body: uniqueBody(),
        email,
        ...(formToken ? { formToken } : {}),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(errorPaths(res.json())).toEqual(['body.formToken']);
      expect(res.json().errors[0].message).toMatch(message);
    };
    // Expired: opened more than 12 hours ago. The clock goes back afterwards, as staff
    // sessions end after 12 idle hours.
    const stale = await tokenFor(aSlug);
    const opened = clock.now();
    clock.advance(12 * HOUR + MINUTE);
    await refused(stale, /expired/);
    clock.set(opened);
    const fresh = await tokenFor(aSlug);
    await refused(fresh, /sooner than a person/);
    clock.advance(2 * SECOND);
    await refused(fresh, /sooner than a person/);
    clock.advance(2 * SECOND);
    await refused(`${fresh.slice(0, -3)}AAA`, /not valid/);
    await refused('cf1_bogus', /not valid/);
    await refused(undefined, /./);
    expect((await casesOf(a)).length).toBe(before);
    expect(await customersMatching(a, email)).toEqual([]);
  });

  it('names each invalid field in a 400 problem', async () => {
    const formToken = await tokenFor(aSlug);
    clock.advance(5 * SECOND);
    const base = { formToken, type: 'complaint', body: 'The lift was broken', email: uniqueEmail() };
    const attempts: [Record<string, unknown>, string[]][] = [
      [{ ...base, email: undefined }, ['body.email']],
      [{ ...base, email: '', phone: '  ' }, ['body.email']],
      [{ ...base, email: 'not-an-address' }, ['body.email']],
      [{ ...base, email: `${'x'.repeat(250)}@example.com` }, ['body.email']],
      [{ ...base, email: undefined, phone: 'call me maybe' }, ['body.phone']],
      [{ ...base, body: 'x'.repeat(MAX_CASE_BODY + 1) }, ['body.body']],
      [{ ...base, body: ' \n ' }, ['body.body']],
      [{ ...base, name: 'n'.repeat(201) }, ['body.name']],
      [{ ...base, subject: 's'.repeat(201) }, ['body.subject']],
      [{ ...base, type: 'threat' }, ['body.type']],
      [{ ...base, customerId: a.workspaceId }, ['body.customerId']],
    ];
    for (const [body, paths] of attempts) {
      const res = await post(aSlug, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect([...new Set(errorPaths(res.json()))], JSON.stringify(body).slice(0, 80)).toEqual(paths);
    }
    // A body at the limit is accepted.
    expect((await post(aSlug, { ...base, body: 'y'.repeat(MAX_CASE_BODY) })).statusCode).toBe(201);
  });

  it('stores HTML and script in the body as given, and the staff API returns it byte for byte as a JSON string', async () => {
    const body = '<script>alert("x")</script>\n<img src=x onerror=alert(1)> & <b>bold</b> \u2028 \'quotes\'';
    const subject = '<i>Hello</i> & "bye"';
    const reference = await submitted(aSlug, { email: uniqueEmail(), body, subject });
    const kase = await caseByReference(a, reference);
    const res = await a.request('GET', `/api/v1/cases/${kase!.id}`);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().body).toBe(body);
    expect(res.json().subject).toBe(subject);
    expect(res.body).toContain(JSON.stringify(body).slice(1, -1));
  });

  it("keeps each workspace's form to its own data", async () => {
    const email = uniqueEmail();
    const aCustomer = await createCustomerVia(a, { fullName: 'Alma Isolated', emails: [{ value: email }] });
    const aBefore = await casesOf(a);

    // A's form token does not open B's form.
    const aToken = await tokenFor(aSlug);
    clock.advance(5 * SECOND);
    const crossed = await post(bSlug, { formToken: aToken, type: 'complaint', body: uniqueBody(), email });
    expect(crossed.statusCode).toBe(400);
    expect(errorPaths(crossed.json())).toEqual(['body.formToken']);

    // A's customer's e-mail on B's form: a new customer of B's, nothing of A's in the answer.
    const key = `iso-${unique()}-key`;
    const body = uniqueBody();
    const aRef = await submitted(aSlug, { email, body, idempotencyKey: key });
    const res = await submit(bSlug, { email, body, idempotencyKey: key });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(aCustomer.id);
    expect(res.body).not.toContain('Alma');
    const bCase = await caseByReference(b, res.json().reference);
    expect(bCase?.customerId).not.toBe(aCustomer.id);
    const [bCustomer] = await customersMatching(b, email);
    expect([bCustomer!.id, bCustomer!.provisional]).toEqual([bCase!.customerId, true]);
    expect((await b.request('GET', `/api/v1/customers/${aCustomer.id}`)).statusCode).toBe(404);

    // A has exactly its own new case, and its customer is unchanged.
    const aAfter = await casesOf(a);
    expect(aAfter.length).toBe(aBefore.length + 1);
    expect(aAfter.find((c) => c.reference === aRef)?.customerId).toBe(aCustomer.id);
    expect(aAfter.some((c) => c.id === bCase!.id)).toBe(false);
    const alma = (await a.request('GET', `/api/v1/customers/${aCustomer.id}`)).json();
    expect([alma.fullName, alma.provisional]).toEqual(['Alma Isolated', false]);
  });

  it('limits submissions per address (429 problem+json)', async () => {
    const limited = await createTestApp({ clock, caseSubmissionsPerMinute: 2 });
    try {
      const ws = await createWorkspaceClient(limited);
      const slug = (await ws.request('GET', '/api/v1/workspace')).json().slug;
      const formToken = (
        await limited.app.inject({ method: 'GET', url: `/api/v1/public/workspaces/${slug}/case-form` })
      ).json().formToken;
      clock.advance(5 * SECOND);
      const statuses: number[] = [];
      let last = null as Awaited<ReturnType<typeof post>> | null;
      for (let i = 0; i < 3; i++) {
        last = await post(
          slug,
          { formToken, type: 'question', body: uniqueBody(), email: uniqueEmail() },
          limited.app,
        );
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([201, 201, 429]);
      expect(last!.headers['content-type']).toContain('application/problem+json');
      expect(last!.json().code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
