import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { AppError } from './app-error.js';
import { isUuid } from './ids.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SortDirection = 'asc' | 'desc';

/** What a sort column holds, so a cursor's value can be checked before it reaches SQL. */
export type CursorKind = 'date' | 'text' | 'number';

/** Cursors are opaque to clients: base64url JSON of the last row's sort value and id. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const invalidCursor = () =>
  new AppError('VALIDATION_FAILED', {}, [{ path: 'querystring.cursor', message: 'is not a valid cursor' }]);

/**
 * Reads a cursor back into its sort value and row id; a forged or stale cursor answers 400
 * naming `querystring.cursor`, never a database error. `null` values pass only when `nullable`.
 */
export function decodeCursor(
  cursor: string,
  kind: CursorKind,
  nullable = false,
): { value: Date | string | number | null; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [value, id] = parsed as [unknown, unknown];
  if (typeof id !== 'string' || !isUuid(id)) throw invalidCursor();
  if (value === null) {
    if (!nullable) throw invalidCursor();
    return { value: null, id };
  }
  switch (kind) {
    case 'date': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidCursor();
      return { value: new Date(value), id };
    }
    case 'text':
      if (typeof value !== 'string') throw invalidCursor();
      return { value, id };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor();
      return { value, id };
  }
}

/**
 * Keyset condition for "rows after the cursor" in (sortColumn, id) order. The sort expression
 * must be NOT NULL so the row comparison is total; when it coalesces nulls, pass that stand-in
 * as `nullAs` and cursors may carry null.
 */
export function afterCursor(
  sortColumn: AnyColumn | SQL,
  idColumn: AnyColumn,
  direction: SortDirection,
  cursor: string | undefined,
  kind: CursorKind,
  opts: { nullAs?: SQL } = {},
): SQL | undefined {
  if (!cursor) return undefined;
  const { value, id } = decodeCursor(cursor, kind, opts.nullAs !== undefined);
  const v = value === null ? opts.nullAs : value;
  return direction === 'asc'
    ? sql`(${sortColumn}, ${idColumn}) > (${v}, ${id})`
    : sql`(${sortColumn}, ${idColumn}) < (${v}, ${id})`;
}

/** Trims the look-ahead row and builds the next cursor from the last row kept. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => readonly unknown[]): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
