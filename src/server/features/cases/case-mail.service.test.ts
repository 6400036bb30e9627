import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorkspaceClient, type TestApp } from '../../../../test/app.js';
import { startSmtpSink } from '../../../../test/smtp.js';
import { createJobsRepo } from '../../jobs/jobs.repo.js';
import { createJobRunner, type JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, systemActor } from '../../lib/actor.js';
import { fixedClock } from '../../lib/clock.js';
import {
  CASE_REPLY_EMAIL_JOB,
  type InboundMail,
  mailActor,
  REPLY_EMAIL_ATTEMPTS,
} from './case-mail.service.js';

/**
 * The case mail service on a real database and a real SMTP server on loopback: what the
 * listener test does not reach — racing deliveries, a crash after sending, retries running
 * out, and a server with no outgoing mail configured.
 */
const clock = fixedClock(new Date());
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let ws: string;
let slug: string;
let staff: Actor;
let runner: JobRunner;

beforeAll(async () => {
  sink = await startSmtpSink();
  // No inbound domain: any domain reaches the workspace named by the local part.
  t = await createTestApp({ clock, mailOut: { url: sink.url, from: 'care@seaside.test' } });
  const admin = await createWorkspaceClient(t);
  ws = admin.workspaceId;
  slug = (await t.services.workspaces.findById(ws))!.slug;
  staff = systemActor(ws, 'agent');
  runner = createJobRunner({ repo: createJobsRepo(t.database), clock, leaseMs: 10_000 });
  runner.register(CASE_REPLY_EMAIL_JOB, t.services.caseMail.handleSendJob);
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

let seq = 0;
const mail = (overrides: Partial<InboundMail> = {}): InboundMail => {
  const n = `${++seq}-${Date.now().toString(36)}`;
  return {
    messageId: `svc-${n}@customer.example`,
    inReplyTo: [],
    references: [],
    from: { address: `guest-${n}@customer.example`, name: 'Guest' },
    subject: `Mail ${n}`,
    text: `Words ${n}`,
    attachments: [],
    ...overrides,
  };
};
const open = async () => {
  const out = await t.services.caseMail.receive(mailActor(ws), mail(), { type: 'complaint' });
  if (out.outcome !== 'opened') throw new Error(`expected a new case, got ${out.outcome}`);
  return out;
};
const messageOf = async (caseId: string, id: string) =>
  (await t.services.cases.get(staff, caseId)).messages.find((m) => m.id === id)!;

describe('case mail', () => {
  it('finds the workspace by the local part in any domain when no inbound domain is set', async () => {
    expect(await t.services.caseMail.recipient(`${slug}+praise@anything.example`)).toEqual({
      workspaceId: ws,
      type: 'praise',
    });
    expect(await t.services.caseMail.recipient('no-such-workspace@anything.example')).toBeNull();
  });

  it('stores one case when the same mail arrives twice at once', async () => {
    const m = mail();
    const outcomes = await Promise.all([
      t.services.caseMail.receive(mailActor(ws), m, { type: 'question' }),
      t.services.caseMail.receive(mailActor(ws), m, { type: 'question' }),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'opened']);
    const page = await t.services.cases.list(staff, {
      q: m.text!,
      sort: 'openedAt',
      order: 'desc',
      limit: 10,
    });
    expect(page.items).toHaveLength(1);
  });

  it('finds the first delivery of a mail without a Message-ID by its content', async () => {
    const m = mail({ messageId: null });
    expect((await t.services.caseMail.receive(mailActor(ws), m, { type: 'question' })).outcome).toBe(
      'opened',
    );
    expect((await t.services.caseMail.receive(mailActor(ws), m, { type: 'question' })).outcome).toBe(
      'duplicate',
    );
  });

  it('does not send a reply again when the worker crashed after sending it', async () => {
    const { caseId } = await open();
    const reply = await t.services.cases.addMessage(staff, caseId, { kind: 'reply', body: 'On our way.' });
    // A worker takes the job, sends the mail, marks the reply sent — and dies before finishing the job.
    const jobs = createJobsRepo(t.database);
    const claimed = await jobs.claim(
      [CASE_REPLY_EMAIL_JOB],
      'dead-worker',
      clock.now(),
      new Date(clock.now().getTime() + 10_000),
    );
    expect(claimed?.payload).toEqual({ messageId: reply.id });
    await t.services.caseMail.handleSendJob({
      job: claimed!,
      signal: new AbortController().signal,
      heartbeat: async () => {},
    });
    expect(sink.received.filter((r) => r.mail.messageId === `<${reply.email!.messageId}>`)).toHaveLength(1);
    // Its lease runs out; another worker takes the job over and finds the reply sent.
    clock.advance(10_001);
    expect(await runner.runDue()).toBe(1);
    expect(sink.received.filter((r) => r.mail.messageId === `<${reply.email!.messageId}>`)).toHaveLength(1);
    expect((await jobs.find(ws, claimed!.id))?.status).toBe('succeeded');
    expect((await messageOf(caseId, reply.id)).email).toMatchObject({ status: 'sent' });
  });

  // Last: it moves the clock two days per attempt.
  it('marks a reply failed with the last error once its attempts run out', async () => {
    const { caseId } = await open();
    await sink.stop();
    const reply = await t.services.cases.addMessage(staff, caseId, { kind: 'reply', body: 'Hello?' });
    for (let i = 0; i < REPLY_EMAIL_ATTEMPTS; i++) {
      expect(await runner.runDue()).toBe(1);
      clock.advance(2 * 86_400_000);
    }
    expect(await runner.runDue()).toBe(0);
    const failed = await messageOf(caseId, reply.id);
    expect(failed.email).toMatchObject({ status: 'failed', sentAt: null });
    expect(failed.email!.lastError).toMatch(/ECONNREFUSED|connect/i);
    await sink.start();
  });
});

describe('without outgoing mail', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp({ clock });
  });
  afterAll(() => bare.close());

  it('stores a reply and marks it not sent, saying SMTP is not configured', async () => {
    const admin = await createWorkspaceClient(bare);
    const out = await bare.services.caseMail.receive(mailActor(admin.workspaceId), mail(), {
      type: 'question',
    });
    if (out.outcome !== 'opened') throw new Error(out.outcome);
    const res = await admin.request('POST', `/api/v1/cases/${out.caseId}/messages`, {
      kind: 'reply',
      body: 'Thank you for writing.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().email).toMatchObject({
      status: 'not_sent',
      notSentReason: 'smtp_not_configured',
      messageId: null,
      sentAt: null,
    });
    const notes = await admin.request('POST', `/api/v1/cases/${out.caseId}/messages`, {
      kind: 'internal_note',
      body: 'Called the manager.',
    });
    expect(notes.json().email).toBeNull();
  });
});
