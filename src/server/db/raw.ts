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
