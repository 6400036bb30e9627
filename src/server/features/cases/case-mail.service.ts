import { createHash } from 'node:crypto';
import {
  type CaseEmailNotSentReason,
  type CaseType,
  MAX_CASE_ATTACHMENT_BYTES,
} from '../../../shared/contracts/cases.js';
import { normalizeEmail } from '../../../shared/normalize.js';
import type { Database } from '../../db/client.js';
import type { JobContext, JobRunner } from '../../jobs/jobs.runner.js';
import { type Actor, systemActor } from '../../lib/actor.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { type Mailer, mailboxDomain } from '../../lib/mailer.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CaseMessageRow, CaseRow, CasesRepo } from './cases.repo.js';
import { type CasesService, REPLY_CHANNEL, subjectFromBody } from './cases.service.js';
import {
  type AttachmentMeta,
  type AutomaticMail,
  fitAttachments,
  inboundAddress,
  mailBody,
  mailSubject,
  replySubject,
  replyText,
  subjectReferences,
} from './core/mail.js';

/** The job that e-mails one reply; its dedupe key is the message's id, so a reply is queued once. */
export const CASE_REPLY_EMAIL_JOB = 'case.reply_email';
/**
 * Attempts before a reply is marked failed: with the runner's backoff (30 s, 2 min, 8 min, …)
 * the last is about 45 hours after the first, long enough to ride out an SMTP outage.
 */
export const REPLY_EMAIL_ATTEMPTS = 8;
/** The largest mail the listener takes, in bytes (10 MiB); more is refused with 552. */
export const MAX_INBOUND_MAIL_BYTES = 10 * 1024 * 1024;

/** A received mail as the listener parsed it: plain text only, Message-IDs without brackets. */
export interface InboundMail {
  /** Null when the mail had none: an id is then made from its content. */
  messageId: string | null;
  inReplyTo: readonly string[];
  references: readonly string[];
  /** The From header's first address, else the envelope sender; null when neither has one. */
  from: { address: string; name: string | null } | null;
  subject: string | null;
  /** The text part, or the HTML part converted to text: never HTML to render. */
  text: string | null;
  attachments: readonly { fileName: string | null; contentType: string | null; sizeBytes: number }[];
  /** Sent by a machine (core/mail.ts `automaticMail`): a bounce or an auto-reply; null for a person's. */
  automatic?: AutomaticMail | null;
  /** A bounce: the Message-IDs it quotes of the mail that failed, and why it failed. */
  bounced?: { messageIds: readonly string[]; reason: string };
}

/** Which workspace an inbound address reaches, and the case type it asks for. */
export interface MailRecipient {
  workspaceId: string;
  type: CaseType;
}

/** What became of a received mail. */
export type InboundOutcome =
  | {
      outcome: 'opened';
      caseId: string;
      reference: string;
      duplicateOf: string | null;
      attachmentsLeftOff: number;
    }
  | { outcome: 'threaded'; caseId: string; reference: string; messageId: string; attachmentsLeftOff: number }
  | { outcome: 'duplicate' }
  /** A delivery report: the reply it names (if ours) is marked failed with the reason. */
  | { outcome: 'bounced'; messageId: string | null }
  /** An auto-reply: no case opened; on the case it answers, an internal note says so. */
  | { outcome: 'auto_reply'; caseId: string | null; reference: string | null };

/** The actor inbound mail is stored by, as the web form's is "customer (web form)". */
export const mailActor = (workspaceId: string): Actor => systemActor(workspaceId, 'customer (e-mail)');

/**
 * A Message-ID for a mail that came without one, from what it says, so a second delivery of
 * the same mail still finds the first.
 */
function contentId(mail: InboundMail): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([mail.from?.address ?? '', mail.subject ?? '', mail.text ?? '']))
    .digest('hex');
  return `${digest.slice(0, 40)}@no-message-id.rapport.invalid`;
}

/**
 * Case e-mail. Inbound: a mail to `<slug>[+<type>]@<inbound domain>` threads into the case it
 * answers — by a Message-ID of ours in In-Reply-To/References, or by the `[C-000123]` in its
 * subject when it comes from that case's customer — and otherwise opens a case through intake.
 * Outbound: a reply is queued as a durable job and sent through `mailer`, retried until the
 * SMTP server accepts it. docs/cases.md ("E-mail in and out").
 */
export function createCaseMailService(deps: {
  tx: Database['tx'];
  repo: CasesRepo;
  cases: Pick<CasesService, 'intake' | 'addMessage'>;
  customers: Pick<CustomersService, 'get'>;
  workspaces: Pick<WorkspacesService, 'findBySlug' | 'findById'>;
  jobs: Pick<JobRunner, 'enqueue'>;
  /** Null: outgoing mail is not configured, replies are stored and marked not sent. */
  mailer: Mailer | null;
  /** The domain of inbound addresses; null accepts any domain. */
  inboundDomain: string | null;
  clock: Clock;
}) {
  const { repo, clock } = deps;
  const idDomain =
    deps.inboundDomain ?? (deps.mailer && mailboxDomain(deps.mailer.from)) ?? 'rapport.invalid';

  /** The workspace an address reaches; null for nobody's (answered 550). */
  async function recipient(address: string): Promise<MailRecipient | null> {
    const parsed = inboundAddress(address, deps.inboundDomain);
    if (!parsed) return null;
    const ws = await deps.workspaces.findBySlug(parsed.slug);
    return ws ? { workspaceId: ws.id, type: parsed.type } : null;
  }

  /** The live case a mail answers, or null when it answers none of this workspace's. */
  async function threadOf(actor: Actor, mail: InboundMail): Promise<CaseRow | null> {
    const ws = actor.workspaceId;
    const byHeader = await repo.findCaseIdByEmailMessageIds(ws, [...mail.inReplyTo, ...mail.references]);
    if (byHeader) {
      const row = await repo.findById(ws, byHeader);
      // Message-IDs in a thread are random: whoever answers one was sent the mail.
      if (row && !row.deletedAt) return row;
    }
    const from = mail.from ? normalizeEmail(mail.from.address) : null;
    if (!from) return null;
    for (const reference of subjectReferences(mail.subject ?? '')) {
      const row = await repo.findByReference(ws, reference);
      if (!row || row.deletedAt) continue;
      // References are sequential, so anyone could quote one: only the case's customer threads by it.
      const customer = await deps.customers.get(actor, row.customerId);
      if (customer.emails.some((e) => normalizeEmail(e.value) === from)) return row;
    }
    return null;
  }

  const attachmentsNote = (kept: readonly AttachmentMeta[]) =>
    `The e-mail that opened this case had ${kept.length === 1 ? 'an attachment' : `${kept.length} attachments`} (names, types and sizes kept; the files are not stored): ${kept.map((a) => a.fileName).join(', ')}`;

  /**
   * Stores a received mail for the workspace of `actor` (see `mailActor`): into the case it
   * answers as a customer message, else as a new case (channel `email`, type `type`, the sender
   * resolved like any intake). A Message-ID stored before is a second delivery: nothing is
   * stored. Attachments keep their metadata within the limits; the others are left off.
   * A sender intake refuses (no usable address) is a VALIDATION_FAILED AppError.
   */
  async function receive(actor: Actor, mail: InboundMail, opts: { type: CaseType }): Promise<InboundOutcome> {
    const ws = actor.workspaceId;
    const messageId = mail.messageId ?? contentId(mail);
    const body = mailBody(mail.text);
    return deps.tx(async () => {
      // Two deliveries of one mail at once: the second waits here, then finds the first.
      await repo.lockSubmission(`email:${ws}:${messageId}`);
      if (await repo.emailSeen(ws, messageId)) return { outcome: 'duplicate' as const };
      if (mail.automatic === 'bounce') {
        const reply = await repo.findReplyByEmailMessageIds(ws, mail.bounced?.messageIds ?? mail.inReplyTo);
        if (reply) {
          await repo.updateMessage(ws, reply.id, {
            emailStatus: 'failed',
            emailLastError: mail.bounced?.reason ?? 'bounced',
          });
        }
        return { outcome: 'bounced' as const, messageId: reply?.id ?? null };
      }
      const thread = await threadOf(actor, mail);
      if (mail.automatic === 'auto_reply') {
        // Not the customer answering: no case, no customer message, no timer restarted.
        if (thread) {
          const note = await deps.cases.addMessage(actor, thread.id, {
            kind: 'internal_note',
            body: `An automatic reply came from the customer's mail${mail.subject ? ` ("${mailSubject(mail.subject)}")` : ''}:\n\n${mailBody(mail.text).slice(0, 2000)}`,
            attachments: [],
          });
          await repo.updateMessage(ws, note.id, { emailMessageId: messageId, emailStatus: 'received' });
        }
        return {
          outcome: 'auto_reply' as const,
          caseId: thread?.id ?? null,
          reference: thread?.reference ?? null,
        };
      }
      if (thread) {
        const { kept, leftOff } = fitAttachments(
          mail.attachments,
          MAX_CASE_ATTACHMENT_BYTES - thread.attachmentBytes,
        );
        const added = await deps.cases.addMessage(actor, thread.id, {
          kind: 'customer_message',
          body,
          attachments: kept,
        });
        await repo.updateMessage(ws, added.id, {
          emailMessageId: messageId,
          emailInReplyTo: mail.inReplyTo[0] ?? null,
          emailStatus: 'received',
        });
        return {
          outcome: 'threaded' as const,
          caseId: thread.id,
          reference: thread.reference,
          messageId: added.id,
          attachmentsLeftOff: leftOff,
        };
      }
      if (!mail.from) throw new AppError('VALIDATION_FAILED', {}, [], 'The e-mail names no sender');
      const created = await deps.cases.intake(
        actor,
        {
          type: opts.type,
          channel: 'email',
          subject: mailSubject(mail.subject) ?? subjectFromBody(body),
          body,
          sender: { name: mail.from.name?.slice(0, 200) || undefined, email: mail.from.address },
        },
        { senderPath: 'from' },
      );
      let leftOff = mail.attachments.length;
      if (!created.duplicateOf) {
        await repo.update(ws, created.id, { emailMessageId: messageId });
        const fitted = fitAttachments(mail.attachments, MAX_CASE_ATTACHMENT_BYTES);
        leftOff = fitted.leftOff;
        if (fitted.kept.length) {
          await deps.cases.addMessage(actor, created.id, {
            kind: 'internal_note',
            body: attachmentsNote(fitted.kept),
            attachments: fitted.kept,
          });
        }
      }
      return {
        outcome: 'opened' as const,
        caseId: created.id,
        reference: created.reference,
        duplicateOf: created.duplicateOf,
        attachmentsLeftOff: leftOff,
      };
    });
  }

  /** Why a reply on this case cannot be e-mailed, or the address it goes to. */
  async function destination(
    actor: Actor,
    kase: CaseRow,
  ): Promise<{ to: string } | { notSent: CaseEmailNotSentReason }> {
    if (REPLY_CHANNEL[kase.channel] !== 'email') return { notSent: 'channel_not_email' };
    const customer = await deps.customers.get(actor, kase.customerId);
    const to = customer.primaryEmail ?? customer.emails[0]?.value ?? null;
    if (!to) return { notSent: 'no_customer_email' };
    if (!deps.mailer) return { notSent: 'smtp_not_configured' };
    return { to };
  }

  /**
   * The addMessage hook, in the reply's transaction: queues the reply to be e-mailed (one job
   * per message), or marks it not sent with the reason. Answers the message as stored.
   */
  async function replyAdded(actor: Actor, kase: CaseRow, message: CaseMessageRow): Promise<CaseMessageRow> {
    const ws = actor.workspaceId;
    const where = await destination(actor, kase);
    if ('notSent' in where) {
      const row = await repo.updateMessage(ws, message.id, {
        emailStatus: 'not_sent',
        emailNotSentReason: where.notSent,
      });
      return row!;
    }
    const row = await repo.updateMessage(ws, message.id, {
      emailStatus: 'queued',
      emailMessageId: `${newId()}@${idDomain}`,
      emailInReplyTo: await repo.lastInboundEmailId(ws, kase.id),
      emailTo: where.to,
    });
    await deps.jobs.enqueue(
      ws,
      CASE_REPLY_EMAIL_JOB,
      { messageId: message.id },
      { dedupeKey: message.id, maxAttempts: REPLY_EMAIL_ATTEMPTS },
    );
    return row!;
  }

  /**
   * The job: sends one queued reply and marks it sent. A reply sent already is left alone, so
   * a retry after success sends nothing; a failed attempt records its error and throws for the
   * runner to retry, and the last one marks the reply failed. A crash between the SMTP server's
   * acceptance and the mark sends it again, with the same Message-ID.
   */
  async function handleSendJob({ job }: JobContext): Promise<void> {
    const ws = job.workspaceId;
    const id = String(job.payload.messageId);
    const message = await repo.findMessage(ws, id);
    if (message?.emailStatus !== 'queued' || !message.emailTo || !message.emailMessageId) return;
    if (!deps.mailer) {
      // Outgoing mail was switched off since the reply was queued.
      await repo.updateMessage(ws, id, {
        emailStatus: 'not_sent',
        emailNotSentReason: 'smtp_not_configured',
      });
      return;
    }
    const actor = systemActor(ws, 'e-mail');
    const kase = await repo.findById(ws, message.caseId);
    const workspace = await deps.workspaces.findById(ws);
    if (!kase || !workspace) return;
    const customer = await deps.customers.get(actor, kase.customerId);
    const slug = workspace.slug;
    try {
      await deps.mailer.send({
        to: message.emailTo,
        replyTo: deps.inboundDomain ? `${slug}@${deps.inboundDomain}` : null,
        subject: replySubject(kase.subject, kase.reference),
        text: replyText({
          customerName: customer.fullName || null,
          body: message.body,
          business: workspace.name,
          reference: kase.reference,
        }),
        messageId: message.emailMessageId,
        inReplyTo: message.emailInReplyTo,
        references: message.emailInReplyTo ? [message.emailInReplyTo] : [],
      });
    } catch (err) {
      const last = job.attempts >= job.maxAttempts;
      await repo.updateMessage(ws, id, {
        emailLastError: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
        ...(last ? { emailStatus: 'failed' as const } : {}),
      });
      throw err;
    }
    await repo.updateMessage(ws, id, { emailStatus: 'sent', emailSentAt: clock.now(), emailLastError: null });
  }

  return { recipient, receive, replyAdded, handleSendJob };
}
export type CaseMailService = ReturnType<typeof createCaseMailService>;
