import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { BROWSER_TESTS_SKIPPED_MESSAGE, hasChromium } from '../e2e/harness.js';
import { openDatabase } from '../src/server/db/client.js';
import { MIGRATIONS_DIR, migrateDatabase } from '../src/server/db/migrate.js';
import { ensureWebBuild } from '../src/server/web-build.js';

/**
 * Migrates one template database per run; each test file then gets a fresh copy of it
 * (a PGlite data-dir dump, or `CREATE DATABASE … TEMPLATE` on PostgreSQL), which is much faster
 * than migrating per file.
 */
export default async function setup(project: TestProject) {
  // The browser tests drive the built app; build it once here (only when it is stale).
  if (hasChromium && wantsBrowserTests()) await ensureWebBuild((line) => process.stdout.write(`${line}\n`));
  else if (!hasChromium) process.stdout.write(`${BROWSER_TESTS_SKIPPED_MESSAGE}\n`);
  const hash = migrationsHash();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `rapport_tpl_${hash}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build_${process.pid}`;
        await admin.query(`create database "${building}"`);
        const db = await openDatabase({ kind: 'postgres', url: withDatabase(url, building), poolSize: 2 });
        await migrateDatabase(db);
        await db.close();
        try {
          await admin.query(`alter database "${building}" rename to "${template}"`);
        } catch {
          // another run built it first
          await admin.query(`drop database if exists "${building}"`);
        }
      }
      await dropStaleTestDatabases(admin, template);
    } finally {
      await admin.end();
    }
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = join(process.cwd(), '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-template-${hash}.tar`);
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrateDatabase(db);
  const dump = await db.pglite!.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
}

/** Whether this run includes e2e/ (not when a developer runs one server test file). */
function wantsBrowserTests(): boolean {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run');
  return filters.length === 0 || filters.some((f) => f.includes('e2e'));
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  }
  return h.digest('hex').slice(0, 12);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Test databases left behind by a killed run, and templates of older migrations, two hours on. */
async function dropStaleTestDatabases(admin: pg.Client, currentTemplate: string) {
  const res = await admin.query<{ datname: string }>(
    `select datname from pg_database
      where (datname like 'rapport\\_t\\_%' or (datname like 'rapport\\_tpl\\_%' and datname <> $1))
        and datname not in (select datname from pg_stat_activity where datname is not null)
        -- Another checkout's run may be between two tests: only what outlived any run goes.
        and (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '2 hours'`,
    [currentTemplate],
  );
  for (const { datname } of res.rows) await admin.query(`drop database if exists "${datname}"`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplate: string;
  }
}
