import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { AppError } from './app-error.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SortDirection = 'asc' | 'desc';

/** Cursors are opaque to clients: base64url JSON of the last row's sort value and id. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) return parsed;
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION_FAILED', {}, [
    { path: 'querystring.cursor', message: 'is not a valid cursor' },
  ]);
}

/**
 * Keyset condition for "rows after the cursor" in (sortColumn, id) order. Sort columns must be
 * NOT NULL so the row comparison is total.
 */
export function afterCursor(
  sortColumn: AnyColumn | SQL,
  idColumn: AnyColumn,
  direction: SortDirection,
  cursor: string | undefined,
  decodeValue: (v: unknown) => unknown = (v) => v,
): SQL | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  if (typeof id !== 'string') {
    throw new AppError('VALIDATION_FAILED', {}, [
      { path: 'querystring.cursor', message: 'is not a valid cursor' },
    ]);
  }
  const v = decodeValue(value);
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
