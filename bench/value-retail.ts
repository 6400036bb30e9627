/**
 * Customer value end to end on a real retailer's data (issue #5): the UCI Online Retail file
 * (541,909 invoice lines, Dec 2010 – Dec 2011, ../shared/data/online_retail.csv) imported with
 * the CSV importer into a GBP workspace on PostgreSQL, then the nightly value run — summaries,
 * fits, holdout validation, per-customer scores — as of the day after the last invoice.
 *
 *   tsx bench/value-retail.ts [file] [pg-url]
 *
 * Prints one JSON line: import counts and seconds, the run's customers, orders, fits and the
 * validation's errors per model. The database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import pg from 'pg';
import { createServices } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemActor } from '../src/server/lib/actor.js';
import { fixedClock } from '../src/server/lib/clock.js';
import { withDatabase } from '../test/global-setup.js';

const [file = '../shared/data/online_retail.csv', baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres'] =
  process.argv.slice(2);
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

const name = `rapport_bench_retail_${randomBytes(4).toString('hex')}`;
await admin(`create database "${name}"`);
const database = await openDatabase({ kind: 'postgres', url: withDatabase(baseUrl, name), poolSize: 4 });
try {
  await migrateDatabase(database);
  // The day after the last invoice (2011-12-09), so the holdout is the file's last 26 weeks.
  const services = createServices({ database, clock: fixedClock('2011-12-10T12:00:00Z') });
  const { workspace } = await services.workspaces.create({
    slug: 'retail',
    name: 'UCI Online Retail',
    currency: 'GBP',
    timeZone: 'Europe/London',
    locale: 'en-GB',
    admin: { email: 'analyst@example.com', password: 'correct horse battery' },
  });
  const actor = systemActor(workspace.id, 'bench');
  let t0 = performance.now();
  log(`retail: importing ${file}…`);
  const report = await services.imports.run(actor, {
    kind: 'orders',
    input: createReadStream(file),
    fileName: basename(file),
    bytesTotal: statSync(file).size,
    mapping: {},
    ...(await services.workspaces.importDefaults(workspace.id)),
    dateOrder: 'mdy',
  });
  const importSeconds = since(t0);
  log(
    `retail: imported in ${importSeconds} s: ${report.inserted} inserted, ${report.rejectedCount} rejected`,
  );
  const rejectedByCode: Record<string, number> = {};
  for (const r of report.rejected) rejectedByCode[r.code] = (rejectedByCode[r.code] ?? 0) + 1;

  t0 = performance.now();
  const run = await services.value.recomputeNow(actor);
  const runSeconds = since(t0);
  if (run.status !== 'succeeded') throw new Error(`the run ${run.status}: ${run.error}`);
  const round = (v: number) => Number(v.toPrecision(4));
  process.stdout.write(
    `${JSON.stringify({
      lines: report.inserted + report.updated + report.unchanged + report.rejectedCount,
      inserted: report.inserted,
      rejected: report.rejectedCount,
      rejectedByCode,
      importSeconds,
      runSeconds,
      customers: run.customers,
      orders: run.orders,
      asOf: run.asOf,
      fits: run.fits.map((f) => ({
        model: f.model,
        converged: f.converged,
        logLikelihood: Math.round(f.logLikelihood * 10) / 10,
        params: Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, round(v)])),
      })),
      validation: run.validation && {
        calibrationEnd: run.validation.calibrationEnd,
        customers: run.validation.customers,
        actualHoldoutPurchases: run.validation.actualHoldoutPurchases,
        errors: run.validation.errors.map((e) => ({
          model: e.model,
          mae: round(e.mae),
          rmse: round(e.rmse),
          totalPredicted: Math.round(e.totalPredicted),
        })),
        best: run.validation.best,
      },
    })}\n`,
  );
} finally {
  await database.close();
  await admin(`drop database if exists "${name}" with (force)`);
}
