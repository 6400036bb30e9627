import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { withDatabase } from './global-setup.js';

let pgliteDump: Blob | null = null;

/**
 * A fresh, migrated database of its own for one test file: PGlite by default, PostgreSQL when
 * TEST_DATABASE_URL is set. Call `close()` in afterAll.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (url && template) {
    const name = `rapport_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `create database "${name}" template "${template}"`);
    const db = await openDatabase({ kind: 'postgres', url: withDatabase(url, name), poolSize: 5 });
    return {
      ...db,
      close: async () => {
        await db.close();
        await adminQuery(url, `drop database if exists "${name}"`);
      },
    };
  }
  pgliteDump ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
  return openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: pgliteDump });
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
