import { createTransport } from 'nodemailer';

/** One plain-text mail to send. Message-IDs are given without angle brackets. */
export interface OutgoingMail {
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string | null;
  references?: readonly string[];
}

/** Sends mail; `send` resolves once the SMTP server has accepted the message, and throws otherwise. */
export interface Mailer {
  /** The From header of every mail: `care@seaside.example` or `Seaside Hotel <care@seaside.example>`. */
  from: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const bracketed = (id: string) => `<${id}>`;

/**
 * A mailer on an SMTP server given by URL (`smtp://host:port`, `smtps://user:pass@host:465`).
 * Timeouts are short so an outage fails an attempt quickly; the job runner retries it.
 */
export function createSmtpMailer(opts: { url: string; from: string; timeoutMs?: number }): Mailer {
  const timeout = opts.timeoutMs ?? 30_000;
  const transport = createTransport({
    url: opts.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Nothing we send names a file or a URL to fetch; refuse if a field ever did.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    from: opts.from,
    async send(mail) {
      await transport.sendMail({
        from: opts.from,
        to: mail.to,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        subject: mail.subject,
        text: mail.text,
        messageId: bracketed(mail.messageId),
        ...(mail.inReplyTo ? { inReplyTo: bracketed(mail.inReplyTo) } : {}),
        ...(mail.references?.length ? { references: mail.references.map(bracketed) } : {}),
      });
    },
    close: () => transport.close(),
  };
}

/** The domain of a mailbox (`Name <a@b.example>` → `b.example`); null when it has none. */
export function mailboxDomain(mailbox: string): string | null {
  const m = /@([^<>@\s]+)>?\s*$/.exec(mailbox);
  return m?.[1]?.toLowerCase() ?? null;
}
