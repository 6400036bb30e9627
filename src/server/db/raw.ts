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
 * Inserts many rows of `table` with one parameter per statement — the rows as a JSON array,
 * spread back into typed columns by `jsonb_to_recordset`, in the order given — for bulk writes,
 * where the query builder's cost per bound value (one per cell) outweighs the database's work.
 * Keys are the table's property names, as in `$inferInsert`, so rows go to JSON.stringify as
 * they are. `same`: values every row shares (the workspace, the actor), sent once a statement.
 * A column no row sets gets its default; one that only some rows set is NULL in the others, so
 * that is refused for a column with a default. `batch` rows a statement (all by default).
 */
export async function insertRows<T extends PgTable, K extends keyof T['$inferInsert'] = never>(
  db: Db,
  table: T,
  rows: readonly Omit<T['$inferInsert'], K>[],
  opts: { same?: Pick<T['$inferInsert'], K>; batch?: number } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const column = (key: string) => {
    const c = columns[key];
    if (!c) throw new Error(`insertRows(${getTableName(table)}): ${key} is not a column`);
    return c;
  };
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (v !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const keys = [...counts.keys()];
  for (const k of keys) {
    if (counts.get(k) !== rows.length && column(k).hasDefault) {
      throw new Error(`insertRows(${getTableName(table)}): ${k} is set on some rows only, and has a default`);
    }
  }
  const same = Object.entries(opts.same ?? {}).filter(([, v]) => v !== undefined);
  // Types come from the Drizzle schema, never from data, so they go in as raw SQL.
  const type = (key: string) => sql.raw(column(key).getSQLType());
  const into = sql.join(
    [...same.map(([k]) => k), ...keys].map((k) => sql.identifier(column(k).name)),
    sql`, `,
  );
  const select = sql.join(
    [
      ...same.map(([k, v]) => sql`${sql.param(v, column(k))}::${type(k)}`),
      ...keys.map((k) => sql`x.${sql.identifier(k)}`),
    ],
    sql`, `,
  );
  const fields = sql.join(
    keys.map((k) => sql.identifier(k)),
    sql`, `,
  );
  const typed = sql.join(
    keys.map((k) => sql`${sql.identifier(k)} ${type(k)}`),
    sql`, `,
  );
  const batch = opts.batch ?? rows.length;
  for (let i = 0; i < rows.length; i += batch) {
    const json = JSON.stringify(rows.slice(i, i + batch));
    await db.execute(sql`
      insert into ${table} (${into})
      select ${select}
      from rows from (jsonb_to_recordset(${json}::jsonb) as (${typed})) with ordinality as x(${fields}, n)
      order by x.n`);
  }
}
