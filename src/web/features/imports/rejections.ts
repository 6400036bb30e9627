import type { ImportRejection, ImportRejectionCode } from '../../../shared/contracts/imports.js';

/** Columns of the downloaded rejected-rows file. */
export const REJECTED_CSV_HEADER = ['line', 'column', 'code', 'message'] as const;

/**
 * One CSV cell: quoted when it holds a quote, a delimiter (`,` or `;`, since spreadsheets in
 * many locales split on `;`), a line break or edge spaces. A cell that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`: column names and
 * messages quote the uploaded file, which anyone may have written.
 * @example csvCell('say "hi"') === '"say ""hi"""'
 * @example csvCell('=HYPERLINK("x")') === '"\'=HYPERLINK(""x"")"'
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The rejected rows as a CSV file (header `line,column,code,message`, CRLF line ends), in the
 * order given. A row-level rejection has an empty column.
 * @example rejectedRowsCsv([{ line: 3, column: 'email', code: 'INVALID_EMAIL', message: "'ann@' is not a valid e-mail address" }])
 *   // "line,column,code,message\r\n3,email,INVALID_EMAIL,'ann@' is not a valid e-mail address\r\n"
 */
export function rejectedRowsCsv(rejections: readonly ImportRejection[]): string {
  const rows = [REJECTED_CSV_HEADER.join(',')];
  for (const r of rejections) {
    rows.push([String(r.line), csvCell(r.column ?? ''), r.code, csvCell(r.message)].join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * The download's file name: the upload's, without its extension, plus `-rejected.csv`.
 * @example rejectedFileName('Guests 2024.csv') === 'Guests 2024-rejected.csv'
 */
export function rejectedFileName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]*$/, '').trim() || 'import';
  return `${base}-rejected.csv`;
}

/**
 * How many rejections each code has, most first (ties in code order of first appearance).
 * @example countByCode([{ code: 'REQUIRED' }, { code: 'INVALID_EMAIL' }, { code: 'INVALID_EMAIL' }])
 *   // [{ code: 'INVALID_EMAIL', count: 2 }, { code: 'REQUIRED', count: 1 }]
 */
export function countByCode(
  rejections: readonly Pick<ImportRejection, 'code'>[],
): { code: ImportRejectionCode; count: number }[] {
  const counts = new Map<ImportRejectionCode, number>();
  for (const r of rejections) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count);
}
