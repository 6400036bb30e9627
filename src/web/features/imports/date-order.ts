import type { DateOrder, ImportKind } from '../../../shared/contracts/imports.js';
import type { PlannedColumn } from './mapping.js';

/** The fields of each kind read with the date order (dates and date-times). */
export const DATE_FIELDS: Record<ImportKind, readonly string[]> = {
  customers: ['birthday'],
  orders: ['occurred_at'],
  touchpoints: ['occurred_at'],
  visits: ['starts_at', 'ends_at'],
};

// dd/mm/yyyy, mm-dd-yy, d.m.yyyy …, optionally followed by a time.
const NUMERIC_DATE = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[\sT]|$)/;

/** A cell that shows the date order: its column and value. */
export interface DateProof {
  column: string;
  value: string;
}

/**
 * Which date orders the file's date cells rule in: a first number above 12 can only be a day
 * (`dmy`), a second one above 12 only a day in month-first order (`mdy`). ISO dates and
 * ambiguous ones (03/04/2024) prove nothing.
 * @example dateOrderProof('orders', plan, rows) // { dmy: null, mdy: { column: 'InvoiceDate', value: '12/13/2010 08:26' } }
 */
export function dateOrderProof(
  kind: ImportKind,
  plan: readonly PlannedColumn[],
  rows: readonly { cells: readonly string[] }[],
): Record<DateOrder, DateProof | null> {
  const proof: Record<DateOrder, DateProof | null> = { dmy: null, mdy: null };
  const columns = plan.filter((c) => c.target.type === 'field' && DATE_FIELDS[kind].includes(c.target.field));
  for (const row of rows) {
    for (const column of columns) {
      const value = row.cells[column.index] ?? '';
      const m = NUMERIC_DATE.exec(value);
      if (!m) continue;
      const first = Number(m[1]);
      const second = Number(m[2]);
      if (first > 12 && second <= 12) proof.dmy ??= { column: column.header, value };
      if (second > 12 && first <= 12) proof.mdy ??= { column: column.header, value };
    }
    if (proof.dmy && proof.mdy) break;
  }
  return proof;
}
