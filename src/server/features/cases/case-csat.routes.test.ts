import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  errorPaths,
  login,
  type TestApp,
} from '../../../../test/app.js';
import { type SinkMail, startSmtpSink } from '../../../../test/smtp.js';
import type { CaseResolution, PublicCsat } from '../../../shared/contracts/case-resolution.js';
import { createServices } from '../../app.js';
import { systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import { CSAT_REQUEST_JOB } from './case-csat.service.js';

/**
 * The satisfaction follow-up end to end: resolving a case queues a durable job that e-mails
 * the customer through a real SMTP server on loopback, once, with one reminder three days
 * later; the public page answers through the link's token; a new process on the same database
 * picks up a job the old one left.
 */
const DAY = 86_400_000;
const clock = fixedClock('2026-06-01T08:00:00.000Z');
const PUBLIC = 'https://crm.seaside.test';
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let admin: Client;
let seq = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ clock, mailOut: { url: sink.url, from: 'care@seaside.test' } });
  // The test app is built without a public address: the services take the default; links are
  // checked by their path.
  admin = await createWorkspaceClient(t);
});
// The clock moves on by days, past any session: log in again before each test, and read
// afterwards through the services.
beforeEach(async () => {
  admin = await login(t, admin.email, 'correct horse battery');
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const json = async <T>(c: Client, method: string, url: string, body?: unknown, status = 200): Promise<T> => {
  const res = await c.request(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
const anonymous = (method: 'GET' | 'POST', url: string, body?: object) =>
  t.app.inject({ method, url, ...(body ? { payload: body } : {}) });

/** A complaint of a new customer, resolved; answers the case and the customer's address. */
async function resolvedCase(opts: { email?: boolean; c?: Client } = {}) {
  const c = opts.c ?? admin;
  const email = `guest${++seq}.${Date.now()}@customer.test`;
  const customer = await createCustomerVia(
    c,
    opts.email === false
      ? { emails: [], phones: [{ value: `+447911${100000 + seq}` }] }
      : { emails: [{ value: email }] },
  );
  const res = await c.request('POST', '/api/v1/cases', {
    type: 'complaint',
    channel: 'email',
    subject: 'Cold <b>room</b>',
    body: `No heating (${seq})`,
    customerId: customer.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  const kase = res.json() as { id: string; reference: string };
  await json(c, 'POST', `/api/v1/cases/${kase.id}/resolve`, { outcome: 'fixed', rootCause: 'facility' });
  return { ...kase, email, customerId: customer.id as string };
}
const mailsTo = (address: string) => sink.received.filter((m) => m.envelope.to.includes(address));
const linkIn = (m: SinkMail) => {
  const found = /https?:\/\/\S+\/csat\/(cs1_[\w-]+)/.exec(m.mail.text ?? '');
  if (!found) throw new Error(`no link in ${m.mail.text}`);
  return found[1]!;
};
const staff = () => systemActor(admin.workspaceId);
const resolution = (id: string): Promise<CaseResolution> => t.services.caseResolution.get(staff(), id);

describe('the satisfaction request', () => {
  it('is e-mailed once after resolution, with a link that opens the public page', async () => {
    const kase = await resolvedCase();
    expect(mailsTo(kase.email)).toHaveLength(0);
    expect(await t.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const sent = mailsTo(kase.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.mail.subject).toBe(`How did we do? [${kase.reference}]`);
    expect(sent[0]!.mail.html).toBe(false);
    expect(sent[0]!.mail.text).toContain('"Cold <b>room</b>"');
    const token = linkIn(sent[0]!);
    expect((await resolution(kase.id)).csat).toMatchObject({
      state: 'requested',
      requestedAt: clock.now(),
    });
    // The relationship policy was asked first, and the decision is logged as the survey's.
    const panel = await json<{ decisions: { source: string; action: { purpose: string } }[] }>(
      admin,
      'GET',
      `/api/v1/customers/${kase.customerId}/relationship`,
    );
    expect(panel.decisions.map((d) => d.source)).toContain('csat_survey');

    // Idempotent: another pass, the schedule and a second resolution job send nothing more.
    clock.advance(11 * 60_000);
    await t.services.jobs.runDue();
    await t.services.caseCsat.schedule(admin.workspaceId, kase.id, new Date(clock.now().getTime() - 1));
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(1);

    const page = await anonymous('GET', `/api/v1/public/csat/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toEqual({
      business: expect.any(String),
      reference: kase.reference,
      subject: 'Cold <b>room</b>',
      answered: false,
      score: null,
      comment: null,
      canChange: true,
    });
  });

  it('sends one reminder three days later when unanswered, never a second', async () => {
    const kase = await resolvedCase();
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(1);
    clock.advance(2 * DAY);
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(1);
    clock.advance(DAY + 60_000);
    await t.services.jobs.runDue();
    const sent = mailsTo(kase.email);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.mail.subject).toBe(`Reminder: how did we do? [${kase.reference}]`);
    expect(linkIn(sent[1]!)).toBe(linkIn(sent[0]!));
    expect((await resolution(kase.id)).csat.state).toBe('reminded');
    for (let i = 0; i < 3; i++) {
      clock.advance(4 * DAY);
      await t.services.jobs.runDue();
    }
    expect(mailsTo(kase.email)).toHaveLength(2);
  });

  it('is picked up by a new process on the same database when the old one stopped before sending', async () => {
    const kase = await resolvedCase();
    // The server that resolved the case stops here; a new one starts on the same database.
    const restarted = createServices({
      database: t.database,
      clock,
      mailOut: { url: sink.url, from: 'care@seaside.test' },
      publicUrl: PUBLIC,
    });
    expect(await restarted.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const sent = mailsTo(kase.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.mail.text).toContain(`${PUBLIC}/csat/cs1_`);
    expect(await t.services.jobs.runDue()).toBeGreaterThanOrEqual(0);
    expect(mailsTo(kase.email)).toHaveLength(1);
  });

  it('is retried through an SMTP outage and sent once it is back', async () => {
    const kase = await resolvedCase();
    await sink.stop();
    try {
      await t.services.jobs.runDue();
      expect((await resolution(kase.id)).csat).toMatchObject({ state: 'scheduled', requestedAt: null });
    } finally {
      await sink.start();
    }
    clock.advance(31_000);
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(1);
    expect((await resolution(kase.id)).csat.state).toBe('requested');
  });

  it('is not sent to a customer without an e-mail, and says why', async () => {
    const kase = await resolvedCase({ email: false });
    await t.services.jobs.runDue();
    expect((await resolution(kase.id)).csat).toMatchObject({
      state: 'not_sent',
      notSentReason: 'no_customer_email',
    });
    const detail = await t.services.cases.get(staff(), kase.id);
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'csat',
      details: { step: 'not_sent', reason: 'no_customer_email' },
    });
  });

  it('is not sent when the relationship policy blocks feedback requests to the customer', async () => {
    const kase = await resolvedCase();
    // A fling expects an occasional offer at most: no feedback requests.
    await json(admin, 'PUT', `/api/v1/customers/${kase.customerId}/relationship/override`, {
      type: 'fling',
      reason: 'Booked once through a deal site',
    });
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(0);
    expect((await resolution(kase.id)).csat).toMatchObject({
      state: 'not_sent',
      notSentReason: 'policy_blocked',
    });
  });

  it('is not asked for a case reopened before the job ran', async () => {
    const kase = await resolvedCase();
    await json(admin, 'POST', `/api/v1/cases/${kase.id}/status`, { status: 'in_progress' });
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(0);
  });
});

describe('the public satisfaction page', () => {
  it('stores a score and a comment with HTML as plain text, on the case and its history', async () => {
    const kase = await resolvedCase();
    await t.services.jobs.runDue();
    const token = linkIn(mailsTo(kase.email)[0]!);
    const comment = '<script>alert(1)</script><img src=x onerror=alert(2)> Still cold & noisy';
    const res = await anonymous('POST', `/api/v1/public/csat/${token}`, { score: 2, comment });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PublicCsat>()).toMatchObject({ answered: true, score: 2, comment, canChange: true });
    const r = await resolution(kase.id);
    expect(r.csat).toMatchObject({
      state: 'answered',
      score: 2,
      comment,
      answeredAt: clock.now(),
    });
    const detail = await t.services.cases.get(staff(), kase.id);
    expect(detail.history.at(-1)).toMatchObject({ kind: 'csat', details: { step: 'answered', score: 2 } });

    // Answered: no reminder.
    clock.advance(4 * DAY);
    await t.services.jobs.runDue();
    expect(mailsTo(kase.email)).toHaveLength(1);

    // Changed within 14 days of the first answer; not after.
    const changed = await anonymous('POST', `/api/v1/public/csat/${token}`, { score: 4 });
    expect(changed.json()).toMatchObject({ score: 4, comment: null });
    expect((await resolution(kase.id)).csat.answeredAt).toEqual(r.csat.answeredAt);
    clock.advance(11 * DAY);
    const late = await anonymous('POST', `/api/v1/public/csat/${token}`, { score: 1 });
    expect(late.statusCode).toBe(410);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    const view = await anonymous('GET', `/api/v1/public/csat/${token}`);
    expect(view.json()).toMatchObject({ answered: true, score: 4, canChange: false });
  });

  it('refuses bad scores naming the field, and forged or unknown tokens with 404', async () => {
    const kase = await resolvedCase();
    await t.services.jobs.runDue();
    const token = linkIn(mailsTo(kase.email)[0]!);
    const bad = await anonymous('POST', `/api/v1/public/csat/${token}`, {
      score: 6,
      comment: 'x'.repeat(2001),
    });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.json())).toEqual(['body.comment', 'body.score']);
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    for (const t2 of [flipped, 'cs1_nope', 'whatever']) {
      const res = await anonymous('GET', `/api/v1/public/csat/${t2}`);
      expect(res.statusCode, t2).toBe(404);
    }
    // A case of the same workspace that was never asked has no working link either.
    const unasked = await resolvedCase({ email: false });
    await t.services.jobs.runDue();
    const { signCsatToken } = await import('./core/csat-token.js');
    const key = Buffer.from(
      String(await t.services.workspaces.setting(admin.workspaceId, 'caseCsatKey')),
      'base64url',
    );
    const guessed = signCsatToken(key, admin.workspaceId, unasked.id);
    expect((await anonymous('GET', `/api/v1/public/csat/${guessed}`)).statusCode).toBe(404);
  });

  it("puts the case's opening, resolution and score on the customer's timeline", async () => {
    const kase = await resolvedCase();
    await t.services.jobs.runDue();
    const token = linkIn(mailsTo(kase.email)[0]!);
    await anonymous('POST', `/api/v1/public/csat/${token}`, { score: 5, comment: 'Lovely' });
    const page = await json<{
      items: { kind: string; type: string; summary: string; satisfaction: number | null }[];
    }>(admin, 'GET', `/api/v1/customers/${kase.customerId}/timeline?kind=case`);
    expect(page.items.map((e) => [e.kind, e.type, e.summary, e.satisfaction])).toEqual([
      ['case', 'case_csat', `${kase.reference} · satisfaction 5/5`, 5],
      ['case', 'case_resolved', `${kase.reference} resolved: fixed (root cause facility)`, null],
      ['case', 'case_opened', `${kase.reference} · complaint: Cold <b>room</b>`, null],
    ]);
    const all = await json<{ items: { kind: string }[] }>(
      admin,
      'GET',
      `/api/v1/customers/${kase.customerId}/timeline`,
    );
    expect(all.items.filter((e) => e.kind === 'case')).toHaveLength(3);
    const byChannel = await json<{ items: { kind: string }[] }>(
      admin,
      'GET',
      `/api/v1/customers/${kase.customerId}/timeline?channel=email`,
    );
    expect(byChannel.items.filter((e) => e.kind === 'case')).toHaveLength(0);
  });

  it('has expired 60 days after the request when unanswered', async () => {
    const kase = await resolvedCase();
    await t.services.jobs.runDue();
    const token = linkIn(mailsTo(kase.email)[0]!);
    clock.advance(61 * DAY);
    expect((await anonymous('GET', `/api/v1/public/csat/${token}`)).statusCode).toBe(410);
    expect((await anonymous('POST', `/api/v1/public/csat/${token}`, { score: 5 })).statusCode).toBe(410);
  });
});

describe('without outgoing mail', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp({ clock, caseSubmissionsPerMinute: 2 });
  });
  afterAll(() => bare.close());

  it('records the request as not sent, and rate-limits the public page', async () => {
    const c = await createWorkspaceClient(bare);
    const kase = await resolvedCase({ c });
    expect(await bare.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const r = await json<CaseResolution>(c, 'GET', `/api/v1/cases/${kase.id}/resolution`);
    expect(r.csat).toMatchObject({ state: 'not_sent', notSentReason: 'smtp_not_configured' });
    const job = await bare.services.jobs.enqueue(
      c.workspaceId,
      CSAT_REQUEST_JOB,
      { caseId: kase.id },
      { dedupeKey: 'again' },
    );
    expect(job.created).toBe(true);
    await bare.services.jobs.runDue();
    // Said once, not once per attempt.
    const detail = await bare.services.cases.get(systemActor(c.workspaceId), kase.id);
    expect(detail.history.filter((h) => h.kind === 'csat')).toHaveLength(1);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await bare.app.inject({
        method: 'POST',
        url: '/api/v1/public/csat/cs1_nope',
        payload: { score: 3 },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([404, 404, 429]);
  });
});
