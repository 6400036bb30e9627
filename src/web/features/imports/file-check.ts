import { type CsvPreview, previewCsv } from './csv-reader.js';

/** How much of a file the preview reads: enough for the header and many rows, instantly. */
export const PREVIEW_BYTES = 64 * 1024;

// Browsers report .csv as any of these, depending on the system's file associations.
const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'text/x-csv',
]);
const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|numbers)$/i;

/**
 * Why a chosen file cannot be imported, or null when it can: it must be a non-empty CSV
 * (by its `.csv` name, or a CSV/text type when the name has no extension).
 * @example fileProblem({ name: 'guests.xlsx', type: '', size: 10 }) // "…save the sheet as CSV…"
 */
export function fileProblem(file: { name: string; type: string; size: number }): string | null {
  if (SPREADSHEET.test(file.name)) {
    return `“${file.name}” is a spreadsheet workbook. Save the sheet as CSV (UTF-8) in your spreadsheet app, then choose that file.`;
  }
  const csvName = /\.csv$/i.test(file.name);
  const noExtension = !/\.[^./\\]+$/.test(file.name);
  if (!csvName && !(noExtension && CSV_TYPES.has(file.type))) {
    return `“${file.name}” is not a CSV file. Choose a file ending in .csv.`;
  }
  if (file.size === 0) return `“${file.name}” is empty. Choose a CSV file with a header row and data rows.`;
  return null;
}

/** What the preview learnt from the first bytes of a file. */
export interface FilePreview {
  preview: CsvPreview | null;
  /** Text that is not UTF-8 (a Windows-1252 export, say) shows as U+FFFD and imports so. */
  notUtf8: boolean;
  /** NUL characters: a binary file with a .csv name. */
  binary: boolean;
}

/**
 * Reads and parses the first `PREVIEW_BYTES` of `file`. A multi-byte character cut at the end
 * of the slice is no encoding problem: it is in the last record, which the preview drops.
 */
export async function readFilePreview(file: Blob): Promise<FilePreview> {
  const complete = file.size <= PREVIEW_BYTES;
  const bytes = await file.slice(0, PREVIEW_BYTES).arrayBuffer();
  const text = new TextDecoder('utf-8').decode(bytes);
  const body = complete ? text : text.slice(0, Math.max(0, text.length - 4));
  return {
    preview: previewCsv(text, complete),
    notUtf8: body.includes('\uFFFD'),
    binary: text.includes('\u0000'),
  };
}

/**
 * A file size for people, in the locale's words.
 * @example formatBytes(1_234_567, 'en-GB') === '1.2 MB'
 */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

/** A CSV with just the example header of a kind, for people who start from a blank file. */
export function templateCsv(header: string): Blob {
  return new Blob([`${header}\r\n`], { type: 'text/csv;charset=utf-8' });
}
