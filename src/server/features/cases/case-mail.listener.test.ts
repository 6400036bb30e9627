import { sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createCustomerVia,
  createTestApp,
  createWorkspaceClient,
  type TestApp,
} from '../../../../test/app.js';
import { type SinkMail, smtpClient, startSmtpSink } from '../../../../test/smtp.js';
import { buildMailListener } from '../../app.js';
import { rowsOf } from '../../db/raw.js';
import { createJobsRepo } from '../../jobs/jobs.repo.js';
import { createJobRunner, type JobRunner } from '../../jobs/jobs.runner.js';
import { fixedClock } from '../../lib/clock.js';
import { CASE_REPLY_EMAIL_JOB, REPLY_EMAIL_ATTEMPTS } from './case-mail.service.js';

/**
 * Case e-mail end to end, over real SMTP on loopback: a customer's mail server (nodemailer)
 * delivers to our listener, replies go out through nodemailer to a test SMTP server (the sink).
 */
const clock = fixedClock(new Date());
const DOMAIN = 'mail.rapport.test';

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let admin: Client;
let slug: string;
let listener: ReturnType<typeof buildMailListener>;
let customerMail: Transporter;
/** Runs the reply jobs only (no nightly schedules), on the test clock. */
let runner: JobRunner;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({
    clock,
    mailOut: { url: sink.url, from: 'Seaside Care <care@seaside.test>' },
    inboundMailDomain: DOMAIN,
  });
  admin = await createWorkspaceClient(t);
  slug = (await t.services.workspaces.findById(admin.workspaceId))!.slug;
  listener = buildMailListener(t.services);
  const { port } = await listener.listen(0, '127.0.0.1');
  customerMail = smtpClient(port);
  runner = createJobRunner({ repo: createJobsRepo(t.database), clock });
  runner.register(CASE_REPLY_EMAIL_JOB, t.services.caseMail.handleSendJob);
});
afterAll(async () => {
  customerMail.close();
  await listener.close();
  await sink.close();
  await t.close();
});

let seq = 0;
const unique = (what: string) => `${what}-${++seq}-${Date.now().toString(36)}`;
const inbox = () => `${slug}@${DOMAIN}`;
const send = (mail: Mail.Options) => customerMail.sendMail({ to: inbox(), ...mail });
const referenceIn = (response: string | undefined) => /C-\d+/.exec(response ?? '')?.[0];

interface MessageJson {
  id: string;
  kind: string;
  body: string;
  author: { type: string; id: string | null };
  attachments: { fileName: string; contentType: string; sizeBytes: number }[];
  email: {
    status: string;
    messageId: string | null;
    inReplyTo: string | null;
    to: string | null;
    notSentReason: string | null;
    sentAt: string | null;
    lastError: string | null;
  } | null;
}
interface CaseJson {
  id: string;
  reference: string;
  channel: string;
  type: string;
  subject: string;
  body: string;
  customerId: string;
  attachmentBytes: number;
  messages: MessageJson[];
  history: { kind: string }[];
}

const casesWith = async (word: string): Promise<CaseJson[]> => {
  const res = await admin.request('GET', `/api/v1/cases?q=${encodeURIComponent(word)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const detail = async (id: string): Promise<CaseJson> => {
  const res = await admin.request('GET', `/api/v1/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const reply = async (caseId: string, body: string): Promise<MessageJson> => {
  const res = await admin.request('POST', `/api/v1/cases/${caseId}/messages`, { kind: 'reply', body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
/** The mails the sink holds with this Message-ID (brackets included, as headers carry it). */
const sunk = (messageId: string): SinkMail[] =>
  sink.received.filter((m) => m.mail.messageId === `<${messageId}>`);

/** Sends a first mail from a new address; answers its case. */
async function openByMail(opts: { from?: string; text?: string; subject?: string } = {}) {
  const word = unique('opened');
  const address = `${unique('guest')}@customer.example`;
  const messageId = `${unique('m')}@customer.example`;
  const info = await send({
    from: opts.from ?? `Anna Lee <${address}>`,
    subject: opts.subject ?? `Cold shower ${word}`,
    text: opts.text ?? `The shower was cold. ${word}`,
    messageId: `<${messageId}>`,
  });
  const [kase] = await casesWith(word);
  expect(kase, 'a case was opened').toBeDefined();
  return { kase: await detail(kase!.id), address, messageId, word, info };
}

describe('e-mail in and out', () => {
  it('opens a case from a mail, e-mails the agent’s reply, and threads the customer’s answer into it', async () => {
    const { kase, address, messageId, word, info } = await openByMail();
    expect(info.response).toContain(`opened ${kase.reference}`);
    expect(kase).toMatchObject({
      channel: 'email',
      type: 'question',
      subject: `Cold shower ${word}`,
      body: `The shower was cold. ${word}`,
    });
    const customer = (await admin.request('GET', `/api/v1/customers/${kase.customerId}`)).json();
    expect(customer).toMatchObject({ provisional: true, fullName: 'Anna Lee', primaryEmail: address });

    // The agent answers through the API: queued, then sent by the job.
    const queued = await reply(kase.id, 'We are sorry. Maintenance is on its way.');
    expect(queued.email).toMatchObject({
      status: 'queued',
      to: address,
      inReplyTo: messageId,
      notSentReason: null,
      sentAt: null,
    });
    expect(queued.email!.messageId).toMatch(new RegExp(`@${DOMAIN.replaceAll('.', '\\.')}$`));
    expect(await runner.runDue()).toBe(1);
    const [out] = sunk(queued.email!.messageId!);
    expect(out, 'the sink received the reply').toBeDefined();
    expect(out!.envelope.to).toEqual([address]);
    expect(out!.mail.subject).toBe(`Re: Cold shower ${word} [${kase.reference}]`);
    expect(out!.mail.inReplyTo).toBe(`<${messageId}>`);
    expect(out!.mail.from?.value[0]?.address).toBe('care@seaside.test');
    expect(out!.mail.replyTo?.value[0]?.address).toBe(inbox());
    expect(out!.mail.text).toContain('Hello Anna Lee,');
    expect(out!.mail.text).toContain('We are sorry. Maintenance is on its way.');
    expect(out!.mail.text).toContain(`[${kase.reference}]`);
    const sent = (await detail(kase.id)).messages.find((m) => m.id === queued.id)!;
    expect(sent.email).toMatchObject({ status: 'sent', lastError: null });
    expect(sent.email!.sentAt).not.toBeNull();
    expect(await runner.runDue()).toBe(0);

    // The customer answers the reply from their mail program: it threads by In-Reply-To.
    const answerId = `${unique('answer')}@customer.example`;
    const answer = await send({
      from: `Anna Lee <${address}>`,
      subject: out!.mail.subject!,
      text: 'Still cold this morning.\n\n> We are sorry. Maintenance is on its way.',
      messageId: `<${answerId}>`,
      inReplyTo: out!.mail.messageId!,
      references: [`<${messageId}>`, out!.mail.messageId!],
    });
    expect(answer.response).toContain(`threaded ${kase.reference}`);
    const after = await detail(kase.id);
    const inbound = after.messages.at(-1)!;
    expect(inbound).toMatchObject({
      kind: 'customer_message',
      body: 'Still cold this morning.\n\n> We are sorry. Maintenance is on its way.',
      author: { type: 'customer', id: kase.customerId },
      email: { status: 'received', messageId: answerId, inReplyTo: queued.email!.messageId },
    });
    expect(after.history.map((h) => h.kind)).toEqual(
      expect.arrayContaining(['agent_reply', 'customer_reply']),
    );
    expect(await casesWith(word)).toHaveLength(1);

    // The next reply answers the customer's latest mail.
    const second = await reply(kase.id, 'A technician will come at ten.');
    expect(second.email).toMatchObject({ status: 'queued', inReplyTo: answerId });
    await runner.runDue();
    expect(sunk(second.email!.messageId!)[0]!.mail.inReplyTo).toBe(`<${answerId}>`);
  });

  it('notes an out-of-office reply on the case without treating it as the customer answering, and opens nothing for one out of the blue', async () => {
    const { kase, address, word } = await openByMail();
    const queued = await reply(kase.id, 'Could you tell us your room number?');
    await runner.runDue();
    const [out] = sunk(queued.email!.messageId!);
    const away = await send({
      from: `Anna Lee <${address}>`,
      subject: `Automatic reply: ${out!.mail.subject}`,
      text: 'I am away until Monday with no access to e-mail.',
      inReplyTo: out!.mail.messageId!,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(away.response).toContain(`automatic reply noted on ${kase.reference}`);
    const after = await detail(kase.id);
    const last = after.messages.at(-1)!;
    expect(last.kind).toBe('internal_note');
    expect(last.body).toContain('I am away until Monday');
    expect(after.messages.filter((m) => m.kind === 'customer_message')).toHaveLength(0);
    expect(after.history.map((h) => h.kind)).not.toContain('customer_reply');

    const stray = unique('stray');
    const ignored = await send({
      from: `${unique('away')}@customer.example`,
      subject: `Out of Office ${stray}`,
      text: `Back next week ${stray}`,
    });
    expect(ignored.response).toContain('automatic reply ignored');
    expect(await casesWith(stray)).toHaveLength(0);
    expect(await casesWith(word)).toHaveLength(1);
  });

  it('marks a reply failed when its delivery report bounces back, opening no case for the report', async () => {
    const { kase } = await openByMail();
    const queued = await reply(kase.id, 'Your refund is on its way.');
    await runner.runDue();
    const marker = unique('dsn');
    const report = await send({
      from: 'Mail Delivery System <MAILER-DAEMON@customer.example>',
      subject: `Undelivered Mail Returned to Sender ${marker}`,
      text: [
        'This is the mail system at host mx.customer.example.',
        '',
        'Final-Recipient: rfc822; anna@customer.example',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <anna@customer.example>: Recipient address rejected',
        '',
        `Message-ID: <${queued.email!.messageId}>`,
        `Subject: Re: something ${marker}`,
      ].join('\n'),
    });
    expect(report.response).toContain('delivery report noted');
    const failed = (await detail(kase.id)).messages.find((m) => m.id === queued.id)!;
    expect(failed.email).toMatchObject({ status: 'failed' });
    expect(failed.email!.lastError).toBe(
      'bounced: 550 5.1.1 <anna@customer.example>: Recipient address rejected',
    );
    expect(await casesWith(marker)).toHaveLength(0);
  });

  it('threads by the reference in the subject only for the case’s customer; anyone else opens a new case', async () => {
    const { kase, address } = await openByMail();
    const own = await send({
      from: address,
      subject: `About my case [${kase.reference}]`,
      text: 'Also, the towels were missing.',
    });
    expect(referenceIn(own.response)).toBe(kase.reference);
    expect((await detail(kase.id)).messages.at(-1)).toMatchObject({
      kind: 'customer_message',
      body: 'Also, the towels were missing.',
    });

    const stranger = await send({
      from: `${unique('stranger')}@elsewhere.example`,
      subject: `Me too [${kase.reference}]`,
      text: `I want to add to someone else's case ${unique('x')}`,
    });
    expect(stranger.response).toContain('opened');
    expect(referenceIn(stranger.response)).not.toBe(kase.reference);
    expect((await detail(kase.id)).messages.map((m) => m.body)).not.toContain(
      expect.stringContaining("someone else's case"),
    );
  });

  it('stores a mail delivered twice once, whether it opened a case or answered one', async () => {
    const word = unique('twice');
    const address = `${unique('guest')}@customer.example`;
    const first = {
      from: address,
      subject: `Noise at night ${word}`,
      text: `The bar was loud until 3. ${word}`,
      messageId: `<${unique('dup')}@customer.example>`,
    };
    await send(first);
    const again = await send(first);
    expect(again.response).toContain('already stored');
    const [kase] = await casesWith(word);
    expect(await casesWith(word)).toHaveLength(1);

    const followUp = {
      from: address,
      subject: `Re: Noise at night [${kase!.reference}]`,
      text: 'And again tonight.',
      messageId: `<${unique('dup-answer')}@customer.example>`,
    };
    await send(followUp);
    await send(followUp);
    const messages = (await detail(kase!.id)).messages.filter((m) => m.kind === 'customer_message');
    expect(messages.map((m) => m.body)).toEqual(['And again tonight.']);
  });

  it('stores HTML-only mail as text and a text part with markup as given, never as HTML to render', async () => {
    const word = unique('html');
    await send({
      from: `${unique('guest')}@customer.example`,
      subject: `Rude staff ${word}`,
      html: `<p>The <b>waiter</b> was rude.</p><script>alert("xss")</script><img src=x onerror="alert(1)"><p>${word}</p>`,
    });
    const [fromHtml] = await casesWith(word);
    expect(fromHtml!.body).toContain('The waiter was rude.');
    expect(fromHtml!.body).toContain(word);
    expect(fromHtml!.body).not.toMatch(/<[a-z/]/i);
    expect(fromHtml!.body).not.toContain('onerror');
    expect(fromHtml!.body).not.toContain('alert');

    const typed = `<script>alert("xss")</script> is what I typed ${unique('typed')}`;
    await send({ from: `${unique('guest')}@customer.example`, subject: `Typed markup ${word}`, text: typed });
    const found = (await casesWith(word)).find((c) => c.subject.startsWith('Typed markup'))!;
    // Plain text, byte for byte: showing it inert is the screen's job, as for the web form.
    expect(found.body).toBe(typed);
  });

  it('keeps attachments as metadata: on a note of a new case, on the message of an answer', async () => {
    const word = unique('files');
    const address = `${unique('guest')}@customer.example`;
    const png = Buffer.alloc(2048, 1);
    await send({
      from: address,
      subject: `Broken lamp ${word}`,
      text: `See the photos. ${word}`,
      attachments: [
        { filename: 'lamp.png', content: png, contentType: 'image/png' },
        { filename: 'receipt.txt', content: 'Receipt 42', contentType: 'text/plain' },
      ],
    });
    const [listed] = await casesWith(word);
    const kase = await detail(listed!.id);
    const note = kase.messages.find((m) => m.kind === 'internal_note')!;
    expect(
      note.attachments.map(({ fileName, contentType, sizeBytes }) => ({ fileName, contentType, sizeBytes })),
    ).toEqual([
      { fileName: 'lamp.png', contentType: 'image/png', sizeBytes: 2048 },
      { fileName: 'receipt.txt', contentType: 'text/plain', sizeBytes: 10 },
    ]);
    expect(kase.attachmentBytes).toBe(2058);

    await send({
      from: address,
      subject: `Re: [${kase.reference}]`,
      text: 'One more.',
      attachments: [{ filename: 'more.pdf', content: Buffer.alloc(100), contentType: 'application/pdf' }],
    });
    const after = await detail(kase.id);
    expect(after.messages.at(-1)).toMatchObject({
      kind: 'customer_message',
      attachments: [{ fileName: 'more.pdf', contentType: 'application/pdf', sizeBytes: 100 }],
    });
    expect(after.attachmentBytes).toBe(2158);
  });

  it('refuses mail for unknown recipients with 550 and mail over 10 MiB with 552', async () => {
    const word = unique('refused');
    const refused = async (mail: Mail.Options) => {
      const err = await send(mail).then(
        () => null,
        (e: Error & { responseCode?: number }) => e,
      );
      expect(err, 'the mail was refused').not.toBeNull();
      return err!;
    };
    const from = `${unique('guest')}@customer.example`;
    expect((await refused({ from, to: `nobody-here@${DOMAIN}`, text: word })).responseCode).toBe(550);
    expect((await refused({ from, to: `${slug}@other.example`, text: word })).responseCode).toBe(550);
    const big = await refused({
      from,
      subject: word,
      text: word,
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(10 * 1024 * 1024 + 1024, 7) }],
    });
    expect(big.responseCode).toBe(552);
    expect(await casesWith(word)).toHaveLength(0);
  });

  it('opens a complaint for <slug>+complaint@…', async () => {
    const word = unique('typed');
    await send({
      from: `${unique('guest')}@customer.example`,
      to: `${slug}+complaint@${DOMAIN}`,
      subject: word,
      text: word,
    });
    expect((await casesWith(word))[0]).toMatchObject({ type: 'complaint', channel: 'email' });
  });

  it('retries a reply while the SMTP server is down and sends it once when it is back', async () => {
    const { kase } = await openByMail();
    await sink.stop();
    const queued = await reply(kase.id, 'Sorry for the wait.');
    expect(await runner.runDue()).toBe(1);
    let message = (await detail(kase.id)).messages.find((m) => m.id === queued.id)!;
    expect(message.email).toMatchObject({ status: 'queued', sentAt: null });
    expect(message.email!.lastError).toMatch(/ECONNREFUSED|connect/i);
    const [job] = rowsOf(
      await t.database
        .q()
        .execute(
          sql`select attempts, status, max_attempts from jobs where kind = ${CASE_REPLY_EMAIL_JOB} and dedupe_key = ${queued.id}`,
        ),
    );
    expect(job).toEqual({ attempts: 1, status: 'queued', max_attempts: REPLY_EMAIL_ATTEMPTS });

    await sink.start();
    // Not before its backoff has passed.
    expect(await runner.runDue()).toBe(0);
    clock.advance(31_000);
    expect(await runner.runDue()).toBe(1);
    expect(sunk(queued.email!.messageId!)).toHaveLength(1);
    message = (await detail(kase.id)).messages.find((m) => m.id === queued.id)!;
    expect(message.email).toMatchObject({ status: 'sent', lastError: null });
    clock.advance(3_600_000);
    expect(await runner.runDue()).toBe(0);
    expect(sunk(queued.email!.messageId!)).toHaveLength(1);
  });

  it('stores a reply without sending it when the case is answered on another channel or the customer has no e-mail', async () => {
    const customer = await createCustomerVia(admin, { emails: [], phones: [{ value: '+442079460000' }] });
    const phoneCase = (
      await admin.request('POST', '/api/v1/cases', {
        type: 'complaint',
        channel: 'phone',
        subject: 'Called about the bill',
        body: `Overcharged ${unique('bill')}`,
        customerId: customer.id,
      })
    ).json();
    expect((await reply(phoneCase.id, 'We refunded it.')).email).toMatchObject({
      status: 'not_sent',
      notSentReason: 'channel_not_email',
      messageId: null,
    });
    const formCase = (
      await admin.request('POST', '/api/v1/cases', {
        type: 'question',
        channel: 'web_form',
        subject: 'Parking',
        body: `Is there parking? ${unique('parking')}`,
        customerId: customer.id,
      })
    ).json();
    expect((await reply(formCase.id, 'Yes, behind the hotel.')).email).toMatchObject({
      status: 'not_sent',
      notSentReason: 'no_customer_email',
    });
    expect(await runner.runDue()).toBe(0);
  });
});
