import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../../../test/global-setup.js';
import { pgliteDir } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { rowsOf } from '../../db/raw.js';

/**
 * The real server in a child process, killed with SIGKILL while a batch is being ingested,
 * restarted on the same database, and sent every batch again: each event must be stored once.
 * On PGlite the database is a data directory; with TEST_DATABASE_URL a fresh PostgreSQL database.
 */
const ADMIN = { email: 'crash@example.com', password: 'correct horse battery staple' };
const BATCHES = 12;
const PER_BATCH = 500;
const USERS = 1500;

let dir: string;
let env: NodeJS.ProcessEnv;
let pgUrl: string | null = null;
let child: ChildProcess | null = null;
let base = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function start(): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 170_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${output}`);
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill(signal);
  });
  child = null;
}

function batches(): { batch: Record<string, unknown>[] }[] {
  const out: { batch: Record<string, unknown>[] }[] = [];
  let n = 0;
  for (let b = 0; b < BATCHES; b++) {
    const batch: Record<string, unknown>[] = [];
    for (let i = 0; i < PER_BATCH; i++, n++) {
      const user = `guest-${n % USERS}`;
      const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      batch.push(
        n < USERS
          ? {
              type: 'identify',
              messageId: `msg-${n}`,
              userId: user,
              traits: { email: `${user}@example.com`, name: `Guest ${n}` },
              timestamp: at,
            }
          : {
              type: 'track',
              messageId: `msg-${n}`,
              userId: user,
              event: 'Room Service',
              properties: { n },
              timestamp: at,
            },
      );
    }
    out.push({ batch });
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-crash-'));
  env = {
    ...process.env,
    RAPPORT_DEMO: 'false',
    RAPPORT_ADMIN_EMAIL: ADMIN.email,
    RAPPORT_ADMIN_PASSWORD: ADMIN.password,
    RAPPORT_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'silent',
    DATABASE_URL: '',
  };
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `rapport_crash_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    pgUrl = withDatabase(url, name);
    env.DATABASE_URL = pgUrl;
  }
}, 60_000);

afterAll(async () => {
  await stop('SIGKILL');
  if (pgUrl && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${new URL(pgUrl).pathname.slice(1)}" with (force)`);
    await admin.end();
  }
  await rm(dir, { recursive: true, force: true });
});

describe('ingest across a crash', () => {
  it('stores every event exactly once after SIGKILL mid-batch and a full re-send', {
    timeout: 600_000,
  }, async () => {
    await start();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = await login.json();
    const keyRes = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'sdk', role: 'agent', scopes: ['events'] }),
    });
    const { key } = await keyRes.json();
    const send = (body: unknown) =>
      fetch(`${base}/api/v1/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });

    const all = batches();
    const half = Math.floor(BATCHES / 2);
    for (const b of all.slice(0, half)) expect((await send(b)).status).toBe(200);
    // The next batch is in flight when the process dies.
    const inFlight = send(all[half]).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 30));
    await stop('SIGKILL');
    await inFlight;

    await start();
    let accepted = 0;
    let duplicates = 0;
    for (const b of all) {
      const res = await send(b);
      expect(res.status).toBe(200);
      const body = await res.json();
      accepted += body.accepted;
      duplicates += body.duplicates;
      expect(body.rejected).toEqual([]);
    }
    // Everything sent before the crash (at least the first half) is recognised as already stored.
    expect(duplicates).toBeGreaterThanOrEqual(half * PER_BATCH);
    expect(accepted + duplicates).toBe(BATCHES * PER_BATCH);
    await stop('SIGTERM');

    const db = pgUrl
      ? await openDatabase({ kind: 'postgres', url: pgUrl, poolSize: 1 })
      : await openDatabase({ kind: 'pglite', dataDir: pgliteDir({ dataDir: join(dir, 'data') }) });
    try {
      const count = async (text: string) =>
        Number(rowsOf(await db.q().execute(sql.raw(text)))[0]?.n ?? Number.NaN);
      const total = BATCHES * PER_BATCH;
      expect(await count('select count(*)::int as n from events')).toBe(total);
      expect(await count("select count(*)::int as n from touchpoints where source = 'events'")).toBe(
        total - USERS,
      );
      expect(await count('select count(distinct message_id)::int as n from touchpoints')).toBe(total - USERS);
      expect(await count('select count(*)::int as n from customers where deleted_at is null')).toBe(USERS);
      expect(await count("select count(*)::int as n from identities where kind = 'external_id'")).toBe(USERS);
    } finally {
      await db.close();
    }
  });
});
