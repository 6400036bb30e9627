/// <reference lib="dom" />
/**
 * Web app speed with a big workspace: the customers list's first page and the customer 360
 * after a click, measured in Chromium with the Performance API, on PostgreSQL.
 * Usage: npx tsx bench/web.ts [customers=100000] [runs=10] [pg-url]
 * Targets (issue #3): list first page visible < 1 s; 360 visible < 1 s after navigation.
 * The seeded database (`rapport_bench_web_<customers>`) is kept and reused by the next run,
 * since seeding 100,000 customers takes minutes; drop it with `dropdb` when done.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { CHROMIUM_PATH, launchBrowser, logIn } from '../e2e/harness.js';
import { seedDemo } from '../src/demo/seed.js';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/client.js';
import { migrateDatabase } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/lib/clock.js';
import { ensureWebBuild, WEB_DIST } from '../src/server/web-build.js';
import { withDatabase } from '../test/global-setup.js';

const customers = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 10);
const pgUrl = process.argv[4] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** What "visible" means: a data row of the list; the 360's name heading and its timeline. */
const LIST_READY = 'table[aria-label="Customers"] tbody tr a[href^="/customers/"]';
const C360_READY = '[aria-label="Timeline"] li';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Gzipped sizes (KB) of the first load (entry script + CSS) and of each route's chunk. */
function bundleSizes() {
  const dir = join(WEB_DIST, 'assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.gz'));
  const kb = (f: string) => Math.round((statSync(join(dir, f)).size / 1024) * 10) / 10;
  const entry = files.filter((f) => /^index-.*\.(js|css)\.gz$/.test(f));
  const routes = files
    .filter((f) => /^[A-Z].*Page-.*\.js\.gz$|Settings.*\.js\.gz$/.test(f))
    .map((f) => ({ chunk: f.replace(/-[\w-]+\.js\.gz$/, ''), kb: kb(f) }));
  return {
    entryKb: Math.round(entry.reduce((sum, f) => sum + kb(f), 0) * 10) / 10,
    totalKb: Math.round(files.reduce((sum, f) => sum + kb(f), 0) * 10) / 10,
    routes,
  };
}

await ensureWebBuild(log);
const name = `rapport_bench_web_${customers}`;
const client = new pg.Client({ connectionString: pgUrl });
await client.connect();
const reuse = (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
await client.end();
if (!reuse) await admin(`create database "${name}"`);
const database = await openDatabase({ kind: 'postgres', url: withDatabase(pgUrl, name), poolSize: 10 });
const browser = await launchBrowser();
try {
  await migrateDatabase(database);
  const { app, services } = await buildApp({
    database,
    clock: systemClock,
    webRoot: WEB_DIST,
    loginsPerMinute: 1000,
  });
  const password = 'correct horse battery staple';
  const adminEmail = 'admin@bench.example';
  let summary = { customers, touchpoints: 0 };
  const existing = await services.workspaces.findBySlug('bench');
  if (existing) {
    log(`web: reusing ${name} (seeded by an earlier run)`);
    const rows = await database.q().execute(sql`select count(*)::int as n from touchpoints`);
    summary = {
      customers,
      touchpoints: Number((rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0),
    };
  } else {
    const { workspace } = await services.workspaces.create({
      slug: 'bench',
      name: 'Bench hotels',
      admin: { email: adminEmail, password },
    });
    log(`web: seeding ${customers.toLocaleString('en')} demo customers into PostgreSQL…`);
    const seeded = performance.now();
    summary = await seedDemo(database, { workspaceId: workspace.id, customers, seed: 42, now: new Date() });
    log(
      `web: seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s (${summary.touchpoints} touch points)`,
    );
    await database.q().execute(sql`analyze`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const { page } = browser;
  // Records when each "ready" selector first matches, relative to the navigation's start. No
  // named inner functions: tsx would wrap them in a `__name` helper the page does not have.
  await page.addInitScript(
    ([list, c360]) => {
      const marks: Record<string, number> = {};
      (window as unknown as { __rapportMarks: Record<string, number> }).__rapportMarks = marks;
      new MutationObserver(() => {
        if (marks.list === undefined && document.querySelector(list)) marks.list = performance.now();
        if (marks.c360 === undefined && document.querySelector(c360)) marks.c360 = performance.now();
      }).observe(document, { childList: true, subtree: true });
    },
    [LIST_READY, C360_READY] as const,
  );
  await logIn(page, url, { email: adminEmail, password });

  const listMs: number[] = [];
  const c360Ms: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await page.goto(`${url}/customers`);
    await page.waitForSelector(LIST_READY);
    const listAt = await page.evaluate(
      () =>
        (window as unknown as { __rapportMarks: Record<string, number> }).__rapportMarks.list ?? Number.NaN,
    );
    // A different customer each run, so the 360 is never served from the client cache.
    const link = page.locator(LIST_READY).nth(i % 20);
    const start = await page.evaluate(() => {
      const marks = (window as unknown as { __rapportMarks: Record<string, number> }).__rapportMarks;
      delete marks.c360;
      return performance.now();
    });
    await link.click();
    await page.waitForURL((u) => /^\/customers\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.waitForSelector('[aria-label="Timeline"]');
    const c360At = await page.evaluate(
      () =>
        (window as unknown as { __rapportMarks: Record<string, number> }).__rapportMarks.c360 ?? Number.NaN,
    );
    if (Number.isNaN(listAt) || Number.isNaN(c360At))
      throw new Error(`a ready mark was not recorded: list ${listAt}, 360 ${c360At}`);
    if (i === 0) continue; // the first run warms the browser cache and the server
    listMs.push(listAt);
    c360Ms.push(c360At - start);
  }
  await app.close();
  const round = (n: number) => Math.round(n);
  console.log(
    JSON.stringify({
      customers: summary.customers,
      touchpoints: summary.touchpoints,
      runs,
      chromium: CHROMIUM_PATH,
      listMedianMs: round(percentile(listMs, 50)),
      listP95Ms: round(percentile(listMs, 95)),
      listMaxMs: round(Math.max(...listMs)),
      c360MedianMs: round(percentile(c360Ms, 50)),
      c360P95Ms: round(percentile(c360Ms, 95)),
      c360MaxMs: round(Math.max(...c360Ms)),
      ...bundleSizes(),
    }),
  );
} finally {
  await browser.close();
  await database.close();
}
