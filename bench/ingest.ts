/**
 * Event ingestion throughput on PostgreSQL: POST /api/v1/events/batch (500 events a batch,
 * `concurrency` batches in flight) against the real server listening on loopback, then — in the
 * same run, on the same database server — raw COPY of the same rows (every row the ingest wrote:
 * ledger, touch points, customers, identities) into tables shaped and indexed like those, as the
 * ceiling to compare with.
 *
 *   tsx bench/ingest.ts 200000 4 postgres://postgres@127.0.0.1:5432/postgres
 *
 * The event mix is a hotel group's: one identify in ten (traits: e-mail, name, tier), the rest
 * track calls (check-in, room service, spa…) of about N/10 known and new guests.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { BATCH_MAX_EVENTS } from '../src/shared/contracts/events.js';

const [eventsArg = '200000', concurrencyArg = '4', baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres'] =
  process.argv.slice(2);
const EVENTS = Number(eventsArg);
const CONCURRENCY = Number(concurrencyArg);
const TYPES = ['check_in', 'room_service', 'restaurant', 'spa', 'check_out', 'web_visit'];

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * CPU seconds used so far by the PostgreSQL server's processes on this machine (utime + stime
 * from /proc, in clock ticks of 10 ms), or null where /proc does not show them (another host,
 * another OS). The bench talks to PostgreSQL on loopback, so these are the server's own costs.
 */
function postgresCpuSeconds(): number | null {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return found ? ticks / 100 : null;
}

const nodeCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU microseconds per event between two readings, or null when either is unknown. */
const perEvent = (from: number | null, to: number | null, events: number) =>
  from === null || to === null ? null : Math.round(((to - from) * 1e6) / events);

interface BenchEvent {
  type: 'identify' | 'track';
  messageId: string;
  userId: string;
  timestamp: string;
  event?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
}

function events(): BenchEvent[] {
  const rand = mulberry32(7);
  const users = Math.max(1, Math.round(EVENTS / 10));
  const start = Date.UTC(2025, 0, 1);
  return Array.from({ length: EVENTS }, (_, i) => {
    const user = `guest-${Math.floor(rand() * users)}`;
    const timestamp = new Date(start + Math.floor(rand() * 365 * 86_400_000)).toISOString();
    const messageId = `bench-${i}`;
    if (i % 10 === 0) {
      return {
        type: 'identify',
        messageId,
        userId: user,
        timestamp,
        traits: {
          email: `${user}@example.com`,
          name: `Guest ${user.slice(6)}`,
          tier: ['blue', 'silver', 'gold'][i % 3],
        },
      };
    }
    const type = TYPES[Math.floor(rand() * TYPES.length)]!;
    return {
      type: 'track',
      messageId,
      userId: user,
      timestamp,
      event: type.replace('_', ' '),
      properties: { room: String(100 + Math.floor(rand() * 400)), amount: Math.floor(rand() * 20000) },
    };
  });
}

async function main() {
  const name = `rapport_bench_ingest_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = withDatabase(baseUrl, name);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
  try {
    await migrateDatabase(database);
    const { app, services } = await buildApp({ database, clock: systemClock, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const { workspace } = await services.workspaces.create({
      slug: 'bench',
      name: 'Bench hotels',
      admin: { email: 'bench@example.com', password: 'correct horse battery' },
    });
    const { key } = await services.apiKeys.create(systemActor(workspace.id), {
      name: 'bench',
      role: 'agent',
      scopes: ['events'],
    });

    const all = events();
    const bodies: string[] = [];
    for (let i = 0; i < all.length; i += BATCH_MAX_EVENTS) {
      bodies.push(JSON.stringify({ batch: all.slice(i, i + BATCH_MAX_EVENTS) }));
    }
    let next = 0;
    let accepted = 0;
    const t0 = performance.now();
    const node0 = nodeCpuSeconds();
    const pg0 = postgresCpuSeconds();
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/events/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body,
        });
        if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
        accepted += (await res.json()).accepted;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ingestSeconds = (performance.now() - t0) / 1000;
    const nodeUs = perEvent(node0, nodeCpuSeconds(), EVENTS);
    const pgUs = perEvent(pg0, postgresCpuSeconds(), EVENTS);
    await app.close();
    if (accepted !== EVENTS) throw new Error(`accepted ${accepted} of ${EVENTS}`);
    const customers = Number(
      (
        await database.pool!.query('select count(*)::int as n from customers where workspace_id = $1', [
          workspace.id,
        ])
      ).rows[0].n,
    );

    // The same rows — every row the ingest wrote (ledger, touch points, customers, identities) —
    // written again by COPY into tables shaped and indexed like those: the cheapest way to store
    // what the events became.
    const client = await database.pool!.connect();
    let copySeconds = 0;
    let copiedRows = 0;
    let copyPgSeconds: number | null = 0;
    try {
      for (const table of ['customers', 'identities', 'touchpoints', 'events']) {
        const dump: Buffer[] = [];
        await pipeline(
          client.query(
            copyTo(`COPY (select * from ${table} where workspace_id = '${workspace.id}') TO STDOUT`),
          ),
          async (source: AsyncIterable<Buffer>) => {
            for await (const chunk of source) dump.push(chunk);
          },
        );
        copiedRows += Buffer.concat(dump).toString('utf8').split('\n').length - 1;
        await client.query(`create table copy_${table} (like ${table} including defaults including indexes)`);
        const t1 = performance.now();
        const pg1 = postgresCpuSeconds();
        await pipeline(
          async function* () {
            yield* dump;
          },
          client.query(copyFrom(`COPY copy_${table} FROM STDIN`)),
        );
        copySeconds += (performance.now() - t1) / 1000;
        const pg2 = postgresCpuSeconds();
        copyPgSeconds =
          copyPgSeconds === null || pg1 === null || pg2 === null ? null : copyPgSeconds + pg2 - pg1;
      }
    } finally {
      client.release();
    }
    const eventsPerSecond = Math.round(EVENTS / ingestSeconds);
    const copyRowsPerSecond = Math.round(copiedRows / copySeconds);
    const copyEventsPerSecond = Math.round(EVENTS / copySeconds);
    process.stdout.write(
      `${JSON.stringify({
        events: EVENTS,
        concurrency: CONCURRENCY,
        customers,
        seconds: Math.round(ingestSeconds * 10) / 10,
        eventsPerSecond,
        copySeconds: Math.round(copySeconds * 10) / 10,
        copiedRows,
        copyRowsPerSecond,
        copyEventsPerSecond,
        percentOfCopy: Math.round((eventsPerSecond / copyEventsPerSecond) * 100),
        nodeCpuUsPerEvent: nodeUs,
        postgresCpuUsPerEvent: pgUs,
        copyPostgresCpuUsPerEvent: perEvent(0, copyPgSeconds, EVENTS),
      })}\n`,
    );
  } finally {
    await database.close();
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

await main();
