/**
 * The nightly value recompute on PostgreSQL: `customers` customers and about `orders` orders
 * (issue #5 target: 1,000,000 / 20,000,000 in under 5 minutes with under 2 GB of memory).
 * Seeds a fresh database set-based in SQL (each customer: a first purchase day within two
 * years, a lifetime, and purchase days spread over it), then runs the real value service —
 * the same code as the nightly job — in this process, timing each phase and sampling RSS.
 *
 *   tsx bench/value.ts [customers=1000000] [orders=20000000] [pg-url]
 *
 * Prints one JSON line. The database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServices } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { withDatabase } from '../test/global-setup.js';

const [
  customersArg = '1000000',
  ordersArg = '20000000',
  baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres',
] = process.argv.slice(2);
const CUSTOMERS = Number(customersArg);
const ORDERS = Number(ordersArg);
const log = (line: string) => process.stderr.write(`${line}\n`);
const since = (t: number) => Math.round((performance.now() - t) / 100) / 10;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function seed(url: string, workspaceId: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = (text: string, params: unknown[] = []) => c.query(text, params);
  try {
    await q('set session_replication_role = replica');
    await q(`set work_mem = '256MB'`);
    await q(`set maintenance_work_mem = '1GB'`);
    await q('select setseed(0.42)');
    const actor = JSON.stringify({ type: 'system', id: null, name: 'bench' });
    let t0 = performance.now();
    // Order ids ascend with the rows, so the primary key is built by appending (random UUIDs
    // made the 20M-row load three times slower with the index far larger than memory).
    // Per customer: first purchase up to 730 days ago, an exponential lifetime (mean 300 days),
    // and a number of purchase days with mean ORDERS / CUSTOMERS (geometric), over that life.
    const mean = ORDERS / CUSTOMERS;
    await q(
      `create unlogged table bench_customers as
       select n, md5('c' || n)::uuid as id, floor(random() * 730)::int as first_ago,
              ceil(-ln(1 - random()) * 300)::int as life,
              least(999, 1 + floor(ln(1 - random()) / ln(1 - 1 / $1::float8)))::int as k
       from generate_series(0, $2 - 1) n`,
      [mean, CUSTOMERS],
    );
    await q(
      `insert into customers (workspace_id, id, given_name, family_name, full_name, search_text, created_at, updated_at,
         created_by, updated_by)
       select $1, id, 'Guest', 'Number ' || n, 'Guest Number ' || n, 'guest number ' || n, now(), now(), $2::jsonb, $2::jsonb
       from bench_customers`,
      [workspaceId, actor],
    );
    log(`value: ${CUSTOMERS.toLocaleString('en')} customers in ${since(t0)} s`);
    const indexes = await q(
      `select indexname, indexdef from pg_indexes where tablename = 'orders' and indexname not in (
         select conname from pg_constraint where conrelid = 'orders'::regclass and contype = 'p')`,
    );
    for (const r of indexes.rows) await q(`drop index "${r.indexname}"`);
    t0 = performance.now();
    await q(
      `insert into orders (workspace_id, id, customer_id, channel, occurred_at, currency, total_minor, status,
         created_by, updated_by)
       select $1, ('00000000-0000-7000-8000-' || lpad(to_hex(b.n * 1000 + j), 12, '0'))::uuid, b.id, 'web',
              date_trunc('day', now()) - b.first_ago * interval '1 day'
                + case when j = 1 then interval '0' else floor(random() * least(b.life, b.first_ago + 1)) * interval '1 day' end
                + interval '12 hours',
              'EUR', 2000 + floor(random() * 18000)::int, 'completed', $2::jsonb, $2::jsonb
       from bench_customers b, generate_series(1, b.k) j`,
      [workspaceId, actor],
    );
    log(`value: orders in ${since(t0)} s`);
    t0 = performance.now();
    for (const r of indexes.rows) await q(r.indexdef);
    await q('drop table bench_customers');
    await q('analyze');
    log(`value: order indexes rebuilt and analysed in ${since(t0)} s`);
    const { rows } = await q('select count(*)::bigint as n from orders');
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

async function main() {
  const name = `rapport_bench_value_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = withDatabase(baseUrl, name);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  try {
    await migrateDatabase(database);
    const services = createServices({ database, clock: systemClock });
    const { workspace } = await services.workspaces.create({
      slug: 'bench',
      name: 'Bench retail',
      admin: { email: 'bench@example.com', password: 'correct horse battery' },
    });
    const orders = await seed(url, workspace.id);
    const phases: Record<string, number> = {};
    let phase = '';
    let phaseStart = performance.now();
    let peakRss = process.memoryUsage().rss;
    const baselineRss = peakRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const t0 = performance.now();
    const run = await services.value.recomputeNow(systemActor(workspace.id, 'bench'), (p) => {
      if (p && p.phase !== phase) {
        if (phase) phases[phase] = since(phaseStart);
        phase = p.phase;
        phaseStart = performance.now();
        log(`value: ${phase}…`);
      }
    });
    if (phase) phases[phase] = since(phaseStart);
    const seconds = since(t0);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (run.status !== 'succeeded') throw new Error(`the run ${run.status}: ${run.error}`);
    process.stdout.write(
      `${JSON.stringify({
        customers: run.customers,
        orders,
        seconds,
        phases,
        baselineRssMb: Math.round(baselineRss / 1048576),
        peakRssMb: Math.round(peakRss / 1048576),
        bgnbd: run.fits.find((f) => f.model === 'bgnbd')?.params,
        best: run.validation?.best ?? null,
      })}\n`,
    );
  } finally {
    await database.close();
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

await main();
