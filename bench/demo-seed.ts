/**
 * Seeds the demo business into a fresh in-memory PGlite and prints how long it took.
 * Usage: npx tsx bench/demo-seed.ts [customers=10000] [seed=42]
 * The budget is 30 s for 10,000 customers (first start on a laptop).
 */
import { randomUUID } from 'node:crypto';
import { seedDemo } from '../src/demo/seed.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { workspaces } from '../src/server/db/schema.js';

const customers = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 42);

const database = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  await migrateDatabase(database);
  const workspaceId = randomUUID();
  await database
    .q()
    .insert(workspaces)
    .values({ id: workspaceId, slug: 'bench', name: 'Bench', currency: 'EUR' });
  const started = performance.now();
  const summary = await seedDemo(database, { workspaceId, customers, seed, now: new Date() });
  const seconds = (performance.now() - started) / 1000;
  const rows =
    summary.customers +
    summary.identities +
    summary.orders +
    summary.orderLines +
    summary.touchpoints +
    summary.notes +
    summary.tasks;
  console.log(
    JSON.stringify({
      customers: summary.customers,
      orders: summary.orders,
      orderLines: summary.orderLines,
      touchpoints: summary.touchpoints,
      rows,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / seconds),
    }),
  );
} finally {
  await database.close();
}
