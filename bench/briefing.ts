/**
 * "Know Me" briefing latency: seeds the demo hotel group (its upcoming visits included) into a
 * fresh database, then times `GET /briefings`' service call for today's three busiest
 * locations, `runs` times each, after one warm-up call. Relationships are classified first (as
 * the nightly run leaves them): every message said aloud passes the policy check.
 * Usage: npx tsx bench/briefing.ts [customers=20000] [runs=20] [--driver pglite|postgres] [--pg-url URL]
 * PostgreSQL runs create `rapport_bench_briefing_<pid>` and drop it at the end.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedDemo } from '../src/demo/seed.js';
import { createServices } from '../src/server/app.js';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { workspaces } from '../src/server/db/schema.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { withDatabase } from '../test/global-setup.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    driver: { type: 'string', default: 'postgres' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const customers = Number(positionals[0] ?? 20_000);
const runs = Number(positionals[1] ?? 20);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const dbName = `rapport_bench_briefing_${process.pid}`;
let database: Database;
if (values.driver === 'postgres') {
  await admin(values['pg-url'], `create database "${dbName}"`);
  database = await openDatabase({
    kind: 'postgres',
    url: withDatabase(values['pg-url'], dbName),
    poolSize: 10,
  });
} else {
  database = await openDatabase({ kind: 'pglite', dataDir: null });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

try {
  await migrateDatabase(database);
  const workspaceId = randomUUID();
  await database
    .q()
    .insert(workspaces)
    .values({ id: workspaceId, slug: 'bench', name: 'Bench', currency: 'EUR' });
  log(`seeding ${customers} demo customers on ${values.driver}…`);
  const seeded = await seedDemo(database, { workspaceId, customers, seed: 42, now: new Date() });
  await database.q().execute('analyze');
  const services = createServices({ database, clock: systemClock });
  const actor = systemActor(workspaceId, 'bench');
  // As the nightly run leaves it: every customer classified, so the policy check each spoken
  // message passes reads a profile instead of classifying the guest on the spot.
  log('classifying relationships…');
  await services.relationships.recomputeNow(actor);
  const places = (await services.visits.locations(actor, {})).items.slice(0, 3);
  const rows: Record<string, number | string>[] = [];
  for (const { location } of places) {
    const first = await services.briefings.forDay(actor, { location });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await services.briefings.forDay(actor, { location });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push({
      location,
      arrivals: first.entries.length,
      messages: first.summary.messages,
      withMessage: first.summary.customersWithMessage,
      p50Ms: Math.round(percentile(times, 0.5) * 10) / 10,
      p95Ms: Math.round(percentile(times, 0.95) * 10) / 10,
    });
  }
  console.log(
    JSON.stringify({
      driver: values.driver,
      customers: seeded.customers,
      touchpoints: seeded.touchpoints,
      orders: seeded.orders,
      visits: seeded.visits,
      runs,
      locations: rows,
    }),
  );
} finally {
  await database.close();
  if (values.driver === 'postgres') await admin(values['pg-url'], `drop database if exists "${dbName}"`);
}
