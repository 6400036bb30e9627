import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** A received message: the envelope and the parsed mail. */
export interface SinkMail {
  envelope: { from: string | null; to: string[] };
  mail: ParsedMail;
}

/**
 * A real SMTP server on loopback that keeps what it receives: the outgoing side of tests. It
 * can be stopped and started again on the same port, to play an outage.
 */
export async function startSmtpSink(): Promise<{
  port: number;
  url: string;
  received: SinkMail[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}> {
  const received: SinkMail[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  const start = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              mail,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    start,
    stop,
    close: stop,
  };
}

/** A nodemailer client for a test SMTP server on loopback: what a customer's mail server would send. */
export function smtpClient(port: number) {
  return createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
}
