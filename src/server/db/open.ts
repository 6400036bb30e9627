import type { Config } from '../config.js';
import { pgliteDir } from '../config.js';
import { type Database, openDatabase } from './client.js';
import { migrateDatabase } from './migrate.js';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite) and migrates it. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize })
    : await openDatabase({ kind: 'pglite', dataDir: pgliteDir(config) });
  try {
    await migrateDatabase(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** Where the data lives, for messages (never prints credentials). */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PGlite in ${pgliteDir(config)}`;
  const u = new URL(config.databaseUrl);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
