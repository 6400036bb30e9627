import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/** Raw `execute` results carry `rows` on both drivers; anything else is a driver change. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error('unexpected result shape from the database driver');
}

export type ArrayItem = string | number | null;
/**
 * A PostgreSQL array literal of `items` (a statement parameter, cast to the column's array type):
 * numbers as JSON would write them (non-finite ones as NULL, as JSON.stringify makes them null),
 * strings quoted when they need it.
 */
export function pgArray(items: readonly ArrayItem[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (i) out += ',';
    if (x === null || x === undefined) out += 'NULL';
    else if (typeof x === 'number') out += Number.isFinite(x) ? String(x) : 'NULL';
    else if (x !== '' && !/[\s{}",\\]/.test(x) && x.toUpperCase() !== 'NULL') out += x;
    else out += `"${x.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

/**
 * Inserts many rows of `table` in one statement with one parameter — the rows as a JSON array,
 * spread back into typed columns by `jsonb_to_recordset`, in the order given — for bulk writes,
 * where the query builder's cost per bound value outweighs the database's work. Keys are the
 * table's property names, as in `$inferInsert`. A column no row sets gets its default; one that
 * only some rows set is NULL in the others, so that is refused for a column with a default.
 */
export async function insertRows<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (v !== undefined && columns[k]) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const keys = [...counts.keys()];
  for (const k of keys) {
    if (counts.get(k) !== rows.length && columns[k]!.hasDefault) {
      throw new Error(`insertRows(${getTableName(table)}): ${k} is set on some rows only, and has a default`);
    }
  }
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const names = keys.map((k) => ident(columns[k]!.name)).join(', ');
  const fields = keys.map((k) => ident(k)).join(', ');
  const typed = keys.map((k) => `${ident(k)} ${columns[k]!.getSQLType()}`).join(', ');
  await db.execute(sql`
    insert into ${table} (${sql.raw(names)})
    select ${sql.raw(fields)}
    from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (${sql.raw(typed)}))
      with ordinality as x(${sql.raw(fields)}, n)
    order by x.n`);
}
