import type { CustomerBulkTagResult } from '../../../../shared/contracts/customers.js';

/**
 * "Tagged 12 customers (3 unchanged)": what a bulk-tag did, in one sentence.
 * @example bulkTagMessage({ updated: 1, unchanged: 0, notFound: [] }) === 'Tagged 1 customer'
 */
export function bulkTagMessage(r: CustomerBulkTagResult): string {
  const parts = [`Tagged ${r.updated} customer${r.updated === 1 ? '' : 's'}`];
  const notes: string[] = [];
  if (r.unchanged) notes.push(`${r.unchanged} unchanged`);
  if (r.notFound.length) notes.push(`${r.notFound.length} no longer found`);
  if (notes.length) parts.push(`(${notes.join(', ')})`);
  return parts.join(' ');
}

/** Error messages for the two inputs of the bulk-tag form. */
export type BulkTagErrors = { add?: string; remove?: string };

/** Field errors of a bulk-tag request onto its inputs (`add.0` → add); the rest (e.g. `ids`) for a notification. */
export function sortBulkTagErrors(errors: Record<string, string>): { fields: BulkTagErrors; rest: string[] } {
  const fields: BulkTagErrors = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const head = path.split('.')[0];
    if (head === 'add' || head === 'remove') fields[head] ??= message;
    else rest.push(message);
  }
  return { fields, rest };
}
