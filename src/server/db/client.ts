import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A Drizzle handle on either driver, or a transaction on one. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  kind: DbKind;
  /** The handle to query with: the current transaction when inside `tx`, else the root. */
  q(): Db;
  /** Runs `fn` in a transaction; nested calls join the outer one. */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  /** The pg pool, for COPY; absent on PGlite. */
  pool: pg.Pool | null;
  /** The PGlite instance; absent on PostgreSQL. */
  pglite: PGlite | null;
  close(): Promise<void>;
}

export type DbTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob };

// timestamptz and bigint come back as strings from pg; Drizzle maps the columns it knows, raw
// SQL results need these parsers.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(target: DbTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    const root: Db = drizzlePg(pool, { schema });
    return wrap('postgres', root, pool, null, () => pool.end());
  }
  let unlock = () => {};
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    unlock = lockDataDir(target.dataDir);
  }
  const client = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const root: Db = drizzlePglite(client, { schema });
  return wrap('pglite', root, null, client, async () => {
    await client.close();
    unlock();
  });
}

function wrap(
  kind: DbKind,
  root: Db,
  pool: pg.Pool | null,
  pglite: PGlite | null,
  close: () => Promise<void>,
): Database {
  const store = new AsyncLocalStorage<Db>();
  return {
    kind,
    pool,
    pglite,
    q: () => store.getStore() ?? root,
    tx: (fn) => {
      if (store.getStore()) return fn();
      return root.transaction((t) => store.run(t, fn));
    },
    ping: async () => {
      await root.execute(sql`select 1`);
    },
    close,
  };
}
