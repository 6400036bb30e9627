/**
 * Import throughput: generates an orders CSV (one row per order line, ~N/4 customers named by
 * id and e-mail, ~N/3 orders), imports it through the imports service into a fresh database,
 * and reports rows per second and the process's peak RSS.
 *
 *   tsx bench/import.ts 100000 1000000 --driver postgres --pg-url postgres://postgres@127.0.0.1:5432/postgres
 *   tsx bench/import.ts 100000 --driver pglite
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { workspaces } from '../src/server/db/schema.js';
import { createAuditRepo } from '../src/server/features/audit/audit.repo.js';
import { createAuditLog } from '../src/server/features/audit/audit.service.js';
import { createImportsService } from '../src/server/features/imports/imports.service.js';
import { systemActor } from '../src/server/lib/actor.js';
import { systemClock } from '../src/server/lib/clock.js';
import { newId } from '../src/server/lib/ids.js';

export interface ImportBenchOptions {
  rows: number;
  driver: 'pglite' | 'postgres';
  /** Any database URL of the server to use; the bench creates and drops its own database. */
  pgUrl?: string;
  /** Rows per merge transaction; the service's default when absent. */
  chunkSize?: number;
}

export interface ImportBenchResult {
  rows: number;
  driver: 'pglite' | 'postgres';
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  /** RSS just before the import (runtime, and the embedded database on PGlite). */
  baselineRssMb: number;
  fileMb: number;
}

/** A small deterministic PRNG, so runs import the same file. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` order lines; lines of an order are adjacent, as exports list them. */
async function writeOrdersCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const random = mulberry32(42);
  const customers = Math.max(1, Math.round(rows / 4));
  const skus = Math.max(10, Math.min(5000, Math.round(rows / 20)));
  const start = Date.UTC(2023, 0, 1);
  let buffer = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Email,Country\n';
  let written = 0;
  let order = 0;
  while (written < rows) {
    order++;
    const customer = 1 + Math.floor(random() * customers);
    const at = new Date(start + Math.floor(random() * 730 * 86_400_000))
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    const lines = Math.min(rows - written, 1 + Math.floor(random() * 5));
    for (let l = 0; l < lines; l++) {
      const sku = 10000 + Math.floor(random() * skus);
      const qty = random() < 0.02 ? -1 : 1 + Math.floor(random() * 12);
      const cents = 10 + Math.floor(random() * 5000);
      const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      buffer += `${500000 + order},${sku},"PRODUCT ${sku}, BOXED",${qty},${at},${price},${customer},c${customer}@example.com,United Kingdom\n`;
      written++;
    }
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshDatabase(
  opts: ImportBenchOptions,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (opts.driver === 'pglite') {
    // On disk, as `npm start` runs it: an in-memory database would count every row in RSS.
    const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-pglite-'));
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await migrateDatabase(database);
    return {
      database,
      drop: async () => {
        await database.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = opts.pgUrl ?? process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('the postgres driver needs pgUrl (or BENCH_DATABASE_URL)');
  const name = `rapport_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 4 });
  await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS "${name}"`);
    },
  };
}

export async function runImportBench(opts: ImportBenchOptions): Promise<ImportBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-bench-'));
  const file = join(dir, 'orders.csv');
  const { database, drop } = await freshDatabase(opts);
  try {
    await writeOrdersCsv(file, opts.rows);
    const bytesTotal = (await stat(file)).size;
    const workspaceId = newId();
    await database
      .q()
      .insert(workspaces)
      .values({ id: workspaceId, slug: `bench-${workspaceId}`, name: 'Bench' });
    const audit = createAuditLog({ repo: createAuditRepo(database), clock: systemClock });
    const service = createImportsService({ database, audit, clock: systemClock });

    global.gc?.();
    const baselineRss = process.memoryUsage.rss();
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 25);
    const started = performance.now();
    const report = await service.run(systemActor(workspaceId, 'bench'), {
      kind: 'orders',
      input: createReadStream(file, { highWaterMark: 256 * 1024 }),
      fileName: 'orders.csv',
      bytesTotal,
      defaultCurrency: 'GBP',
      defaultCountry: 'GB',
      ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (report.rejectedCount || report.inserted !== opts.rows) {
      throw new Error(
        `expected ${opts.rows} rows inserted, got ${JSON.stringify({ ...report, rejected: [] })}`,
      );
    }
    return {
      rows: opts.rows,
      driver: opts.driver,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(opts.rows / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      baselineRssMb: Math.round(baselineRss / 1024 / 1024),
      fileMb: Math.round(bytesTotal / 1024 / 102.4) / 10,
    };
  } finally {
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      driver: { type: 'string', default: 'pglite' },
      'pg-url': { type: 'string' },
    },
  });
  const driver = values.driver === 'postgres' ? 'postgres' : 'pglite';
  const sizes = positionals.length ? positionals.map(Number) : [100_000];
  for (const rows of sizes) {
    const result = await runImportBench({
      rows,
      driver,
      ...(values['pg-url'] ? { pgUrl: values['pg-url'] } : {}),
    });
    console.log(JSON.stringify(result));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
