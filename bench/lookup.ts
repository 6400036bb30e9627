/**
 * Real-time lookup under load: `GET /api/v1/lookup` by a random e-mail, phone or external id,
 * from 20 concurrent clients (autocannon, keep-alive), against the server in a child process on
 * PostgreSQL holding 100,000 customers and 5,000,000 touch points.
 * Usage: npx tsx bench/lookup.ts [customers=100000] [touchpoints=5000000] [seconds=30] [pg-url]
 * Target (issue #4): p99 < 50 ms.
 * The data is generated set-based in SQL (generate_series; deterministic ids from md5), with the
 * touch points' secondary indexes dropped during the load and rebuilt after. The database
 * (`rapport_bench_lookup_<customers>_<touchpoints>`) is kept for the next run; drop it with
 * `dropdb` when done.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp, createServices } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { normalizePhone } from '../src/shared/normalize.js';
import { withDatabase } from '../test/global-setup.js';

const CONNECTIONS = 20;
const WARMUP_SECONDS = 3;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The customer number `n`'s identifiers, exactly as the SQL below stores them. */
const email = (n: number) => `guest${n}@bench.example`;
const phoneDigits = (n: number) => `7911${String(n).padStart(6, '0')}`;
const externalId = (n: number) => `B-${n}`;

/** The touch points' channels and types, in turn (constants, so safe in the SQL text). */
const CHANNEL_SQL = ['web', 'app', 'email', 'phone', 'front_desk', 'restaurant', 'spa']
  .map((c) => `'${c}'`)
  .join(', ');
const TYPE_SQL = ['web_visit', 'app_session', 'email', 'call', 'check_in', 'restaurant_visit', 'spa_visit']
  .map((c) => `'${c}'`)
  .join(', ');

/** The child: the real app on the bench database, no logger, its port on stdout. */
async function serve(url: string) {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 20 });
  const { app } = await buildApp({ database, clock: systemClock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

async function admin(pgUrl: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/**
 * Fills the workspace: customers (every 10th a VIP, every 7th prefers a human), three
 * identities each, two orders with one line each, an open task for every 5th, and the touch
 * points spread evenly over the customers across three years.
 */
async function seed(url: string, workspaceId: string, customers: number, touchpoints: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (text: string, params: unknown[] = []) => client.query(text, params);
  try {
    const actor = JSON.stringify({ type: 'system', id: null, name: 'bench' });
    // Bulk-loading its own database: skip the per-row foreign-key triggers.
    await q('set session_replication_role = replica');
    let t0 = performance.now();
    await q(
      `insert into customers (workspace_id, id, given_name, family_name, full_name, emails, phones,
         primary_email, primary_phone, tags, prefers_human_service, search_text, created_at, updated_at,
         created_by, updated_by)
       select $1, md5('c' || n)::uuid, 'Guest', 'Number ' || n, 'Guest Number ' || n,
         jsonb_build_array(jsonb_build_object('value', 'guest' || n || '@bench.example', 'primary', true)),
         jsonb_build_array(jsonb_build_object('value', '+44' || '7911' || lpad(n::text, 6, '0'), 'primary', true)),
         'guest' || n || '@bench.example', '+44' || '7911' || lpad(n::text, 6, '0'),
         case when n % 10 = 0 then array['vip'] else '{}'::text[] end, n % 7 = 0,
         'guest number ' || n || ' guest' || n || '@bench.example 447911' || lpad(n::text, 6, '0'),
         now() - n * interval '1 minute', now(), $2::jsonb, $2::jsonb
       from generate_series(0, $3 - 1) n`,
      [workspaceId, actor, customers],
    );
    await q(
      `insert into identities (workspace_id, id, customer_id, kind, source, value, raw_value)
       select $1, md5(k.kind || n)::uuid, md5('c' || n)::uuid, k.kind, k.source,
         case k.kind when 'email' then 'guest' || n || '@bench.example'
           when 'phone' then '+44' || '7911' || lpad(n::text, 6, '0') else 'B-' || n end, null
       from generate_series(0, $2 - 1) n,
         (values ('email', ''), ('phone', ''), ('external_id', 'import')) as k(kind, source)`,
      [workspaceId, customers],
    );
    await q(
      `insert into orders (workspace_id, id, external_id, customer_id, channel, occurred_at, currency,
         total_minor, status, created_by, updated_by)
       select $1, md5('o' || i)::uuid, 'BO-' || i, md5('c' || (i % $2))::uuid,
         (array['web', 'front_desk', 'restaurant'])[1 + i % 3], now() - (i % 1000) * interval '1 day', 'EUR',
         5000 + (i % 97) * 1000, case when i % 20 = 0 then 'refunded' else 'completed' end, $3::jsonb, $3::jsonb
       from generate_series(0, 2 * $2 - 1) i`,
      [workspaceId, customers, actor],
    );
    await q(
      `insert into order_lines (workspace_id, order_id, line_no, description, quantity, unit_price_minor)
       select $1, md5('o' || i)::uuid, 1, 'Night', 1, 5000 + (i % 97) * 1000 from generate_series(0, 2 * $2 - 1) i`,
      [workspaceId, customers],
    );
    await q(
      `insert into tasks (workspace_id, id, customer_id, title, due_at, created_by, updated_by)
       select $1, md5('k' || n)::uuid, md5('c' || n)::uuid, 'Call back guest ' || n, now() + interval '2 days',
         $3::jsonb, $3::jsonb
       from generate_series(0, $2 - 1, 5) n`,
      [workspaceId, customers, actor],
    );
    log(
      `lookup: ${customers.toLocaleString('en')} customers with identities, orders and tasks in ${seconds(t0)} s`,
    );

    // Secondary indexes are rebuilt once after the load, by sort, instead of row by row.
    const indexes = await q(
      `select indexname, indexdef from pg_indexes
       where tablename = 'touchpoints' and indexname not in (
         select conname from pg_constraint where conrelid = 'touchpoints'::regclass and contype = 'p')`,
    );
    for (const r of indexes.rows) await q(`drop index "${r.indexname}"`);
    t0 = performance.now();
    const batch = 500_000;
    for (let from = 0; from < touchpoints; from += batch) {
      await q(
        `insert into touchpoints (workspace_id, id, customer_id, channel, type, occurred_at, received_at,
           properties, source, satisfaction, created_by)
         select $1, md5('t' || i)::uuid, md5('c' || (i % $2))::uuid, (array[${CHANNEL_SQL}])[1 + i % 7],
           (array[${TYPE_SQL}])[1 + i % 7],
           now() - (i / $2) * interval '20 days' - (i % 1440) * interval '1 minute', now(),
           jsonb_build_object('n', i), 'bench', case when i % 7 = 3 then 1 + i % 5 end, $3::jsonb
         from generate_series($4::bigint, $5::bigint) i`,
        [workspaceId, customers, actor, from, Math.min(touchpoints, from + batch) - 1],
      );
      log(
        `lookup: ${Math.min(touchpoints, from + batch).toLocaleString('en')} touch points (${seconds(t0)} s)`,
      );
    }
    const t1 = performance.now();
    await q('set maintenance_work_mem = $$512MB$$');
    for (const r of indexes.rows) await q(r.indexdef);
    log(`lookup: touch-point indexes rebuilt in ${seconds(t1)} s`);
    await q('analyze');
  } finally {
    await client.end();
  }
}

function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lookup.ts', 'serve', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, port: (JSON.parse(line) as { port: number }).port }),
    );
  });
}

/** A random customer's identifier, the three kinds in turn, typed the ways people type them. */
function randomPath(customers: number, i: number): string {
  const n = Math.floor(Math.random() * customers);
  switch (i % 3) {
    case 0:
      return `/api/v1/lookup?email=${encodeURIComponent(n % 2 ? email(n).toUpperCase() : email(n))}`;
    case 1: {
      const digits = phoneDigits(n);
      // National format with spaces, or E.164.
      const typed = n % 2 ? `0${digits.slice(0, 4)} ${digits.slice(4)}` : `+44${digits}`;
      return `/api/v1/lookup?phone=${encodeURIComponent(typed)}`;
    }
    default:
      return `/api/v1/lookup?externalId=${externalId(n)}`;
  }
}

function load(port: number, key: string, customers: number, duration: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let i = 0;
  return new Promise<{ latencies: number[]; statuses: Map<number, number>; result: autocannon.Result }>(
    (resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          duration,
          headers: { authorization: `Bearer ${key}` },
          requests: [
            { method: 'GET', setupRequest: (req) => ({ ...req, path: randomPath(customers, i++) }) },
          ],
        },
        (error, result) => (error ? reject(error) : resolve({ latencies, statuses, result })),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      });
    },
  );
}

async function main() {
  const customers = Number(process.argv[2] ?? 100_000);
  const touchpoints = Number(process.argv[3] ?? 5_000_000);
  const duration = Number(process.argv[4] ?? 30);
  const pgUrl = process.argv[5] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!normalizePhone(`+44${phoneDigits(customers - 1)}`))
    throw new Error('the bench phone range is not valid');

  const name = `rapport_bench_lookup_${customers}_${touchpoints}`;
  const url = withDatabase(pgUrl, name);
  const reuse = (await admin(pgUrl, 'select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!reuse) await admin(pgUrl, `create database "${name}"`);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  let key: string;
  let seeding = false;
  try {
    await migrateDatabase(database);
    const services = createServices({ database, clock: systemClock });
    let workspace = await services.workspaces.findBySlug('bench');
    if (workspace) {
      log(`lookup: reusing ${name} (seeded by an earlier run)`);
    } else {
      workspace = (
        await services.workspaces.create({
          slug: 'bench',
          name: 'Bench hotels',
          admin: { email: 'admin@bench.example', password: 'correct horse battery staple' },
        })
      ).workspace;
      const t0 = performance.now();
      seeding = true;
      await seed(url, workspace.id, customers, touchpoints);
      seeding = false;
      log(`lookup: seeded in ${seconds(t0)} s`);
    }
    // The key's secret is shown once; a new one per run.
    key = (
      await services.apiKeys.create(systemActor(workspace.id, 'bench'), {
        name: `lookup bench ${new Date().toISOString()}`,
        role: 'agent',
        scopes: ['read'],
      })
    ).key;
  } finally {
    await database.close();
    // A half-seeded database would be reused as if complete.
    if (seeding) await admin(pgUrl, `drop database if exists "${name}"`);
  }

  const { child, port } = await startServer(url);
  try {
    log(`lookup: warming up for ${WARMUP_SECONDS} s…`);
    await load(port, key, customers, WARMUP_SECONDS);
    log(`lookup: ${CONNECTIONS} clients for ${duration} s…`);
    const { latencies, statuses, result } = await load(port, key, customers, duration);
    const sorted = latencies.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify({
        customers,
        touchpoints,
        connections: CONNECTIONS,
        seconds: duration,
        requests: sorted.length,
        requestsPerSecond: Math.round(sorted.length / duration),
        p50Ms: round(percentile(sorted, 50)),
        p95Ms: round(percentile(sorted, 95)),
        p99Ms: round(percentile(sorted, 99)),
        maxMs: round(sorted.at(-1) ?? Number.NaN),
        statuses: Object.fromEntries(statuses),
        errors: result.errors,
        timeouts: result.timeouts,
      }),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

// Last, so every constant above is initialised before either mode runs.
if (process.argv[2] === 'serve') {
  await serve(process.argv[3]!);
} else {
  await main();
}
