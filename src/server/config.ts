import { resolve } from 'node:path';
import { z } from 'zod';

/** `care@seaside.example` or `Seaside Hotel <care@seaside.example>`. */
const MAILBOX = /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting Rapport reads from the environment. This file is the only reader of process.env. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_DATA_DIR: z.string().min(1).default('.rapport'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  RAPPORT_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  RAPPORT_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  RAPPORT_DEMO: bool.default(true),
  RAPPORT_DEMO_CUSTOMERS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  RAPPORT_DEMO_SEED: z.coerce.number().int().default(42),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  IMPORT_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1_048_576),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGINS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  CASE_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_INBOUND_DOMAIN: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i,
      'must be a domain name such as mail.example.com',
    )
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// URL such as smtp://127.0.0.1:2525')
    .optional(),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// address such as https://crm.example.com')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(MAILBOX, 'must be an address, or a name and an address: Seaside Hotel <care@seaside.example>')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set; otherwise PGlite under `dataDir`. */
  databaseUrl: string | null;
  databasePoolSize: number;
  admin: { email: string | null; password: string | null };
  demo: { enabled: boolean; customers: number; seed: number };
  sessionTtlHours: number;
  cookieSecure: boolean;
  bodyLimitBytes: number;
  importBodyLimitBytes: number;
  login: { maxFailures: number; lockMinutes: number };
  /** Login attempts one IP address may make per minute. */
  loginsPerMinute: number;
  /** Public case-form submissions one IP address may send per minute. */
  caseSubmissionsPerMinute: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** The SMTP listener for inbound case mail; null (no `SMTP_LISTEN_PORT`): off. */
  smtpListen: { port: number; host: string } | null;
  /** The domain of inbound addresses (`<slug>@<domain>`); null: the domain is not checked. */
  inboundMailDomain: string | null;
  /** Outgoing mail; null: replies are stored and marked not sent. The URL may hold a password. */
  mailOut: { url: string; from: string } | null;
  /** Where customers reach the public pages (links in e-mails); null: this server's own address. */
  publicUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, at the edge, listing every problem at the same time. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (Boolean(cleaned.SMTP_URL) !== Boolean(cleaned.MAIL_FROM)) {
    const [missing, given] = cleaned.SMTP_URL ? ['MAIL_FROM', 'SMTP_URL'] : ['SMTP_URL', 'MAIL_FROM'];
    problems.push(`${missing}: is required with ${given} (outgoing mail needs both)`);
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.RAPPORT_DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    admin: { email: e.RAPPORT_ADMIN_EMAIL ?? null, password: e.RAPPORT_ADMIN_PASSWORD ?? null },
    demo: { enabled: e.RAPPORT_DEMO, customers: e.RAPPORT_DEMO_CUSTOMERS, seed: e.RAPPORT_DEMO_SEED },
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    loginsPerMinute: e.LOGINS_PER_MINUTE,
    caseSubmissionsPerMinute: e.CASE_SUBMISSIONS_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    smtpListen:
      e.SMTP_LISTEN_PORT === undefined ? null : { port: e.SMTP_LISTEN_PORT, host: e.SMTP_LISTEN_HOST },
    inboundMailDomain: e.SMTP_INBOUND_DOMAIN?.toLowerCase() ?? null,
    mailOut: e.SMTP_URL && e.MAIL_FROM ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
  };
}

/** Where the embedded database lives under the data directory. */
export function pgliteDir(config: Pick<Config, 'dataDir'>): string {
  return resolve(config.dataDir, 'pgdata');
}
