import type { Customer } from '../../../shared/contracts/customers.js';
import { csvLines } from '../../lib/csv.js';

/** CSV columns of a customer export; the customers import reads the same names. */
export const CUSTOMER_EXPORT_COLUMNS = [
  'rapport_id',
  'full_name',
  'given_name',
  'family_name',
  'email',
  'phone',
  'emails',
  'phones',
  'birthday',
  'locale',
  'time_zone',
  'tags',
  'prefers_human_service',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'created_at',
  'updated_at',
] as const;

export type CustomerExportFormat = 'csv' | 'json';

export function customerCsvRow(c: Customer): string[] {
  return [
    c.id,
    c.fullName,
    c.givenName ?? '',
    c.familyName ?? '',
    c.primaryEmail ?? '',
    c.primaryPhone ?? '',
    c.emails.map((e) => e.value).join('|'),
    c.phones.map((p) => p.value).join('|'),
    c.birthday ?? '',
    c.locale ?? '',
    c.timeZone ?? '',
    c.tags.join('|'),
    String(c.prefersHumanService),
    c.address?.line1 ?? '',
    c.address?.line2 ?? '',
    c.address?.city ?? '',
    c.address?.region ?? '',
    c.address?.postalCode ?? '',
    c.address?.country ?? '',
    c.createdAt.toISOString(),
    c.updatedAt.toISOString(),
  ];
}

/** Rows per CSV chunk: large enough to amortise the encoder, small enough to stream. */
const CSV_CHUNK_ROWS = 500;

/**
 * The text of a customer export, chunk by chunk, as customers arrive: CSV with a header row, or
 * a JSON array of customers. The one encoder of customer exports (CLI and HTTP).
 */
export async function* customerExportChunks(
  rows: AsyncIterable<Customer>,
  format: CustomerExportFormat,
): AsyncGenerator<string> {
  if (format === 'json') {
    let first = true;
    yield '[';
    for await (const c of rows) {
      yield `${first ? '' : ','}\n${JSON.stringify(c)}`;
      first = false;
    }
    yield '\n]\n';
    return;
  }
  yield csvLines([[...CUSTOMER_EXPORT_COLUMNS]]);
  let batch: string[][] = [];
  for await (const c of rows) {
    batch.push(customerCsvRow(c));
    if (batch.length >= CSV_CHUNK_ROWS) {
      yield csvLines(batch);
      batch = [];
    }
  }
  if (batch.length) yield csvLines(batch);
}

/** `customers-2025-06-18.csv`: the export's date (UTC) in the file name. */
export function customerExportFileName(at: Date, format: CustomerExportFormat): string {
  return `customers-${at.toISOString().slice(0, 10)}.${format}`;
}
