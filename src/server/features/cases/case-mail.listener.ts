import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';
import { ZodError } from 'zod';
import { AppError } from '../../lib/app-error.js';
import {
  type CaseMailService,
  type InboundMail,
  type InboundOutcome,
  MAX_INBOUND_MAIL_BYTES,
  type MailRecipient,
  mailActor,
} from './case-mail.service.js';
import { automaticMail, bouncedMessageIds, bounceReason, messageIds } from './core/mail.js';

const smtpError = (responseCode: number, message: string): SMTPServerError =>
  Object.assign(new Error(message), { responseCode });

/** The raw message, whole: smtp-server counts the bytes and flags a message over `size`. */
async function readAll(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of stream) {
    // Past the limit the rest is read (the client waits for our answer) but not kept.
    if (kept <= maxBytes) {
      chunks.push(chunk as Buffer);
      kept += (chunk as Buffer).length;
    }
  }
  return stream.sizeExceeded || kept > maxBytes ? null : Buffer.concat(chunks);
}

/** A parsed message as the service reads it: plain text, Message-IDs without brackets. */
async function parse(
  raw: Buffer,
  envelopeFrom: string | null,
  nullReturnPath: boolean,
): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  const headers: Record<string, string> = {};
  for (const [name, value] of parsed.headers) headers[name] = headerText(value);
  const from = parsed.from?.value.find((a) => a.address);
  const sender = from?.address
    ? { address: from.address, name: from.name?.trim() || null }
    : envelopeFrom
      ? { address: envelopeFrom, name: null }
      : null;
  const inReplyTo = messageIds(parsed.inReplyTo);
  const references = messageIds(parsed.references);
  const automatic = automaticMail({
    nullReturnPath,
    fromAddress: sender?.address ?? null,
    contentType: headers['content-type'] ?? null,
    headers,
    subject: parsed.subject ?? null,
  });
  // A report quotes the failed mail's headers and the reason in its text or in parts of its own
  // (message/delivery-status, text/rfc822-headers, message/rfc822), decoded here.
  const whole =
    automatic === 'bounce'
      ? [
          parsed.text ?? '',
          ...parsed.attachments
            .filter((a) => /^(message\/|text\/rfc822-headers)/i.test(a.contentType ?? ''))
            .map((a) => a.content.toString('utf8', 0, Math.min(a.content.length, 256 * 1024))),
        ].join('\n')
      : '';
  return {
    ...(automatic ? { automatic } : {}),
    ...(automatic === 'bounce'
      ? {
          bounced: {
            messageIds: bouncedMessageIds(whole, [...inReplyTo, ...references]),
            reason: bounceReason(whole),
          },
        }
      : {}),
    messageId: messageIds(parsed.messageId)[0] ?? null,
    inReplyTo,
    references,
    from: sender,
    subject: parsed.subject ?? null,
    // mailparser converts an HTML-only mail to text; the HTML itself is never kept.
    text: parsed.text ?? null,
    attachments: parsed.attachments.map((a) => ({
      fileName: a.filename ?? null,
      contentType: a.contentType ?? null,
      sizeBytes: a.size,
    })),
  };
}

/** A header's value as text: structured ones (Content-Type) with their parameters. */
function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) {
    const v = value as { value: unknown; params?: Record<string, string> };
    const params = Object.entries(v.params ?? {}).map(([k, p]) => `; ${k}=${p}`);
    return `${String(v.value)}${params.join('')}`;
  }
  return String(value ?? '');
}

/** How the SMTP answer names what became of the mail. */
function outcomeText(out: InboundOutcome): string {
  switch (out.outcome) {
    case 'duplicate':
      return 'already stored';
    case 'bounced':
      return out.messageId ? 'delivery report noted' : 'delivery report (no reply of ours)';
    case 'auto_reply':
      return out.reference ? `automatic reply noted on ${out.reference}` : 'automatic reply ignored';
    default:
      return `${out.outcome} ${out.reference}`;
  }
}

/** Whether an error is the mail's fault (refused for good, 550) rather than ours (451, try later). */
const isPermanent = (err: unknown) =>
  err instanceof ZodError || (err instanceof AppError && err.status >= 400 && err.status < 500);

/** What a refusal says, on one line: the first field problem, else the error's message. */
function refusal(err: unknown): string {
  let text = err instanceof Error ? err.message : String(err);
  if (err instanceof ZodError && err.issues[0])
    text = `${err.issues[0].path.join('.')}: ${err.issues[0].message}`;
  if (err instanceof AppError && err.fields[0]) text = `${err.fields[0].path}: ${err.fields[0].message}`;
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

/**
 * The SMTP listener for case mail (smtp-server + mailparser). Recipients are checked as they
 * are given (550 for an address that reaches no workspace); a message over `maxBytes` is
 * refused with 552; one accepted is stored once per workspace it was addressed to. It speaks
 * plain SMTP without AUTH or STARTTLS: it is meant to sit behind the mail server that receives
 * the domain's mail (the MX), on loopback by default.
 */
export function createCaseMailListener(deps: {
  caseMail: Pick<CaseMailService, 'recipient' | 'receive'>;
  maxBytes?: number;
  log?: (line: string) => void;
}) {
  const maxBytes = deps.maxBytes ?? MAX_INBOUND_MAIL_BYTES;
  const log = deps.log ?? (() => {});

  async function recipientsOf(session: SMTPServerSession): Promise<MailRecipient[]> {
    const byWorkspace = new Map<string, MailRecipient>();
    for (const r of session.envelope.rcptTo) {
      const found = await deps.caseMail.recipient(r.address);
      if (found && !byWorkspace.has(found.workspaceId)) byWorkspace.set(found.workspaceId, found);
    }
    return [...byWorkspace.values()];
  }

  async function deliver(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await readAll(stream, maxBytes);
    if (!raw) throw smtpError(552, `Message too large: at most ${maxBytes} bytes`);
    const mailFrom = session.envelope.mailFrom;
    const envelopeFrom = mailFrom ? mailFrom.address || null : null;
    const mail = await parse(raw, envelopeFrom, mailFrom !== false && mailFrom.address === '');
    const outcomes: string[] = [];
    for (const r of await recipientsOf(session)) {
      const out = await deps.caseMail.receive(mailActor(r.workspaceId), mail, { type: r.type });
      outcomes.push(outcomeText(out));
    }
    return `OK: ${outcomes.join(', ') || 'stored'}`;
  }

  const server = new SMTPServer({
    name: 'rapport',
    banner: 'Rapport case mail',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    // Each connection may hold a message of up to maxBytes in memory while it is parsed.
    maxClients: 50,
    logger: false,
    onRcptTo(address, _session, callback) {
      deps.caseMail.recipient(address.address).then(
        (found) => callback(found ? null : smtpError(550, `No such recipient: ${address.address}`)),
        (err: unknown) => {
          log(`smtp: looking up ${address.address} failed: ${String(err)}`);
          callback(smtpError(451, 'Temporary failure; try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      deliver(stream, session).then(
        (message) => callback(null, message),
        (err: unknown) => {
          if ((err as SMTPServerError).responseCode) return callback(err as SMTPServerError);
          if (isPermanent(err)) {
            return callback(smtpError(550, `Refused: ${refusal(err)}`));
          }
          log(
            `smtp: storing a message failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          );
          callback(smtpError(451, 'Temporary failure; try again later'));
        },
      );
    },
  });
  server.on('error', (err) => log(`smtp: ${err.message}`));

  return {
    /** Starts listening; resolves with the port (useful with port 0). */
    listen(port: number, host: string): Promise<{ port: number }> {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve({ port: (server.server.address() as AddressInfo).port });
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
export type CaseMailListener = ReturnType<typeof createCaseMailListener>;
