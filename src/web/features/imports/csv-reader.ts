/**
 * A small CSV reader for the import preview. It reads the way the server's importer does
 * (`readCsv` in src/server/features/imports/imports.core.ts, csv-parse with relaxed quotes), so
 * the columns, cells and line numbers people see before running are the ones the report will
 * name:
 * - a UTF-8 BOM is dropped; the delimiter is `,` `;` or tab, sniffed from the header line;
 * - records end at CRLF, LF or a lone CR;
 * - a cell that starts with `"` is quoted: `""` is a quote, delimiters and line breaks are
 *   text, and the quote closes only before a delimiter, a line break or the end;
 * - a quote anywhere else is a plain character, and a quoted cell whose closing quote is
 *   followed by more text (`"abc"def`) is kept as written, quotes included;
 * - each record is named by the physical line it starts on (the header is line 1).
 */

export type CsvDelimiter = ',' | ';' | '\t';

/** One record: the 1-based physical line it starts on and its cells as written. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The text cannot be read from `line` on (everything before it was). */
export interface CsvFailure {
  line: number;
  message: string;
}

export interface CsvParseResult {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  failure: CsvFailure | null;
}

export interface CsvParseOptions {
  /** Sniffed from the first line when not given. */
  delimiter?: CsvDelimiter;
  /**
   * The text is only the start of a file (a preview slice): the last record may be cut off,
   * so it is dropped unless a line break ends it, and a quote still open at the end is not
   * an error.
   */
  partial?: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The delimiter of the header line: whichever of `,` `;` or tab occurs most outside quotes,
 * `,` when none does (ties go to `,`, then `;`), as the server decides.
 * @example sniffDelimiter('id;name;email\n1;Ann;ann@example.com') === ';'
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/**
 * Splits CSV text into records.
 * @example parseCsv('a,b\r\n"x, ""y""",2\n').records
 *   // [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, "y"', '2'] }]
 */
export function parseCsv(input: string, opts: CsvParseOptions = {}): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = opts.delimiter ?? sniffDelimiter(text);
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  // Whether the last record was ended by a line break (and not by the end of the text).
  let terminated = true;

  while (i < n) {
    const start = line;
    const cells: string[] = [];
    terminated = false;
    // One record: cells until a line break outside quotes or the end of the text.
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted cell.
        let value = '';
        let from = i + 1;
        let j = from;
        let relaxed = false;
        for (;;) {
          if (j >= n) {
            if (opts.partial) return { delimiter, records, failure: null };
            return {
              delimiter,
              records,
              failure: {
                line: start,
                message: 'a quoted cell is never closed; the file cannot be read from this line on',
              },
            };
          }
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            const next = j + 1 < n ? text.charCodeAt(j + 1) : -1;
            if (next === QUOTE) {
              value += `${text.slice(from, j)}"`;
              j += 2;
              from = j;
              continue;
            }
            value += text.slice(from, j);
            if (next === -1 || next === delim || next === LF || next === CR) {
              i = j + 1;
              break;
            }
            // Text after the closing quote: keep the cell as written (csv-parse's relaxed
            // quotes), and read on as an unquoted cell in which quotes are plain characters.
            value = `"${value}"`;
            relaxed = true;
            i = j + 1;
            break;
          }
          if (c === LF) line++;
          else if (c === CR && text.charCodeAt(j + 1) !== LF) line++;
          j++;
        }
        if (relaxed) {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === LF || c === CR) break;
            k++;
          }
          value += text.slice(i, k);
          i = k;
        }
        cells.push(value);
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        cells.push(text.slice(i, k));
        i = k;
      }
      // After a cell: a delimiter (another cell follows), a line break, or the end.
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        // A delimiter at the very end still opens one last, empty cell.
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      terminated = true;
      break;
    }
    records.push({ line: start, cells });
  }
  if (opts.partial && !terminated && records.length) records.pop();
  return { delimiter, records, failure: null };
}

/** What the preview shows of a file: its header, its data rows, and how much of it that is. */
export interface CsvPreview {
  delimiter: CsvDelimiter;
  /** Header cells, trimmed, as the server reads them. */
  header: string[];
  /** Data rows read (blank lines left out), each with its line in the file. */
  rows: CsvRecord[];
  /** The whole file was read, so `rows.length` is its row count. */
  complete: boolean;
  /** Where reading stopped on a malformed record (only when `complete`). */
  failure: CsvFailure | null;
}

/** A record of empty cells: a blank line, which the importer skips. */
function isBlank(record: CsvRecord): boolean {
  return record.cells.every((c) => c.trim() === '');
}

/**
 * Reads the header and rows of a file's text (or of its first bytes when `complete` is false).
 * The header is the first non-blank record, as on the server. Null when there is none.
 * @example previewCsv('email\nann@example.com\n', true)?.rows[0] // { line: 2, cells: ['ann@example.com'] }
 */
export function previewCsv(text: string, complete: boolean): CsvPreview | null {
  const { delimiter, records, failure } = parseCsv(text, { partial: !complete });
  const headerAt = records.findIndex((r) => !isBlank(r));
  const header = records[headerAt];
  if (!header) return null;
  return {
    delimiter,
    header: header.cells.map((c) => c.trim()),
    rows: records.slice(headerAt + 1).filter((r) => !isBlank(r)),
    complete,
    failure,
  };
}
