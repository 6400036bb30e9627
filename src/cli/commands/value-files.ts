/**
 * Readers and writers of the files `rapport value` works on: summary CSVs in the lifetimes naming
 * and order files (CSV with a header, or the CDNOW whitespace format). Every problem is a
 * {@link CliError} with exit code 2 naming the flag, column or line.
 */
import { readFile } from 'node:fs/promises';
import type { SummaryOrder } from '../../server/features/value/core/summary.js';
import { CliError } from '../context.js';

/** Exit code of every input problem (bad flag, file, column or row). */
export const INPUT_ERROR = 2;
const inputError = (message: string) => new CliError(message, INPUT_ERROR);

/** Reads a whole file; a missing or unreadable one names the flag it came from. */
export async function readInput(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'unreadable');
    throw inputError(`${flag} ${file}: cannot read (${why})`);
  }
}

/**
 * Rows of a delimited text (RFC 4180: quoted cells, doubled quotes, CRLF or LF, line breaks inside
 * quotes) with the 1-based line each starts on; cells trimmed, blank lines skipped. Hand-written
 * rather than csv-parse: on the 541,909-line UCI Online Retail file this takes under a second
 * where csv-parse took about ten.
 */
function* csvRecords(
  text: string,
  delimiter: string,
  where: string,
): Generator<{ cells: string[]; line: number }> {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      // Leading blanks before an opening quote are allowed (trimmed anyway).
      let j = i;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) && text.charCodeAt(j) !== d)
        j += 1;
      if (text.charCodeAt(j) === 34) {
        cell = '';
        i = j + 1;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw inputError(`${where} line ${startLine}: a quoted cell is never closed`);
          cell += text.slice(i, q);
          i = q + 1;
          if (text.charCodeAt(i) === 34) {
            cell += '"';
            i += 1;
          } else break;
        }
        for (let k = cell.indexOf('\n'); k >= 0; k = cell.indexOf('\n', k + 1)) line += 1;
        // Anything between the closing quote and the delimiter is kept, as csv-parse's relax_quotes would.
        j = i;
        while (j < n && text.charCodeAt(j) !== d && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13)
          j += 1;
        cell += text.slice(i, j);
        i = j;
      } else {
        j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j += 1;
        }
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell.trim());
      if (i < n && text.charCodeAt(i) === d) {
        i += 1;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === 13) i += 1;
    if (text.charCodeAt(i) === 10) i += 1;
    line += 1;
    if (cells.length === 1 && cells[0] === '') continue;
    yield { cells, line: startLine };
  }
}

/** The delimiter of a header line: the most frequent of comma, semicolon and tab. */
function delimiterOf(headerLine: string): string {
  const count = (c: string) => headerLine.split(c).length - 1;
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a));
  return best ?? ',';
}

const firstLines = (text: string, n: number): string[] => {
  const out: string[] = [];
  for (const line of text.slice(0, 64 * 1024).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    out.push(line.replace(/^\uFEFF/, ''));
    if (out.length === n) break;
  }
  return out;
};

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
/** A plain decimal number (no thousands separators, no currency sign), or null. */
export function parseNumber(text: string | undefined): number | null {
  const t = (text ?? '').trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

// ---------------------------------------------------------------- summary files

/** One row of a summary file, in the file's own time unit. */
export interface SummaryFileRow {
  customerId: string;
  x: number;
  tx: number;
  T: number;
  /** Present when the file was read with `monetary: true`. */
  mx?: number;
}

export const SUMMARY_COLUMNS = ['customer_id', 'frequency', 'recency', 'T'] as const;

/**
 * A summary CSV with a header naming `customer_id,frequency,recency,T` (and `monetary_value` when
 * `monetary`), in any order and any case (an exact match wins); other columns are ignored.
 */
export async function readSummaryFile(file: string, opts: { monetary: boolean }): Promise<SummaryFileRow[]> {
  const text = await readInput(file, '--summary');
  const [header] = firstLines(text, 1);
  if (header === undefined) throw inputError(`--summary ${file}: the file is empty (needs a header row)`);
  const wanted: string[] = [...SUMMARY_COLUMNS, ...(opts.monetary ? ['monetary_value'] : [])];
  const rows: SummaryFileRow[] = [];
  let index: Record<string, number> | null = null;
  for (const { cells, line } of csvRecords(text, delimiterOf(header), `--summary ${file}`)) {
    if (!index) {
      index = {};
      for (const name of wanted) {
        let at = cells.indexOf(name);
        if (at < 0) at = cells.findIndex((c) => c.toLowerCase() === name.toLowerCase());
        if (at < 0) {
          throw inputError(
            `--summary ${file}: no column '${name}' (needs ${wanted.join(',')}; found ${cells.join(',')})`,
          );
        }
        index[name] = at;
      }
      continue;
    }
    const cell = (name: string) => cells[index![name]!];
    const num = (name: string) => {
      const v = parseNumber(cell(name));
      if (v === null)
        throw inputError(`--summary ${file} line ${line}: ${name} '${cell(name) ?? ''}' is not a number`);
      return v;
    };
    const customerId = cell('customer_id') ?? '';
    if (customerId === '') throw inputError(`--summary ${file} line ${line}: customer_id is empty`);
    const x = num('frequency');
    const tx = num('recency');
    const T = num('T');
    const where = `--summary ${file} line ${line}`;
    if (x < 0) throw inputError(`${where}: frequency must be ≥ 0`);
    if (tx < 0) throw inputError(`${where}: recency must be ≥ 0`);
    if (tx > T) throw inputError(`${where}: recency ${tx} is greater than T ${T}`);
    const row: SummaryFileRow = { customerId, x, tx, T };
    if (opts.monetary) {
      const mx = num('monetary_value');
      if (x > 0 && !(mx > 0)) throw inputError(`${where}: monetary_value must be > 0 when frequency > 0`);
      row.mx = mx;
    }
    rows.push(row);
  }
  if (!index) throw inputError(`--summary ${file}: the file is empty (needs a header row)`);
  if (rows.length === 0) throw inputError(`--summary ${file}: no customers after the header`);
  return rows;
}

// ---------------------------------------------------------------- order files

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function calendarDay(y: number, m: number, d: number): Date | null {
  if (m < 1 || m > 12 || d < 1 || d > (MONTH_DAYS[m - 1] ?? 0)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d ? date : null; // 29 February of a common year
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;

/**
 * The calendar day of an order date, as written: `YYYY-MM-DD`, `YYYYMMDD`, an ISO timestamp
 * (`2010-12-01T08:26:00Z`, `2010-12-01 08:26:00`, with or without an offset) or the UCI style
 * `M/D/YYYY H:MM` (`12/1/2010 8:26`, month first). The time and offset are not used to move
 * the day: an order is on the day its system wrote down. Returned as that day's UTC midnight;
 * null when the text is none of these or not a real day.
 */
export function parseOrderDate(text: string): Date | null {
  const t = text.trim();
  let m = ISO.exec(t) ?? COMPACT.exec(t);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = US.exec(t);
  if (m) return calendarDay(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

/** `--calibration-end 1997-09-30` and friends: a strict YYYY-MM-DD day. */
export function parseDayFlag(text: string | undefined, flag: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((text ?? '').trim());
  const d = m ? calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!d)
    throw inputError(`${flag} must be a day as YYYY-MM-DD${text === undefined ? '' : `, got '${text}'`}`);
  return d;
}

/** Accepted header names (compared lower-case with spaces, '_' and '-' removed), in priority order. */
export const ORDER_COLUMNS = {
  customer: ['customerid', 'customer', 'id'],
  date: ['date', 'orderdate', 'occurredat', 'timestamp', 'invoicedate', 'datetime'],
  amount: ['amount', 'monetaryvalue', 'total', 'value', 'revenue', 'sales', 'price', 'dollars'],
  gift: ['isgift', 'gift'],
  quantity: ['quantity', 'qty'],
  unitPrice: ['unitprice'],
} as const;
const normalizeHeader = (h: string) => h.toLowerCase().replace(/[\s_-]+/g, '');

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '']);

/** Why a row was left out (each reason is warned about on stderr, never silent). */
export type SkipReason = 'no customer id' | 'negative amount';

export interface OrdersFile {
  orders: SummaryOrder[];
  format: 'csv' | 'cdnow';
  /** Whether the file has a gift column (is_gift or gift). */
  hasGift: boolean;
  skipped: Record<SkipReason, number[]>;
}

/**
 * An order file: a CSV with a header (columns matched by {@link ORDER_COLUMNS}; when there is no
 * amount column, `quantity × unit_price`), or the CDNOW whitespace format without a header (4 or 5
 * numeric columns: [master id,] id, YYYYMMDD, count, dollars; a header line before them is
 * skipped). A row with a bad date or amount stops the read with its line number. Rows without a
 * customer id (guest orders) and with a negative amount (returns, cancellations: not purchases)
 * are skipped and listed in `skipped` by line.
 */
export async function readOrdersFile(file: string): Promise<OrdersFile> {
  const text = await readInput(file, '--orders');
  const [l1, l2] = firstLines(text, 2);
  if (l1 === undefined) throw inputError(`--orders ${file}: the file is empty`);
  const skipped: OrdersFile['skipped'] = { 'no customer id': [], 'negative amount': [] };
  const numericRow = (l: string | undefined) => {
    const tokens = (l ?? '').trim().split(/\s+/);
    return (tokens.length === 4 || tokens.length === 5) && tokens.every((t) => parseNumber(t) !== null);
  };
  const noDelimiter = !l1.includes(',') && !l1.includes(';');
  if (noDelimiter && (numericRow(l1) || numericRow(l2))) {
    return {
      orders: readWhitespaceOrders(file, text, !numericRow(l1)),
      format: 'cdnow',
      hasGift: false,
      skipped,
    };
  }

  const orders: SummaryOrder[] = [];
  let cols: {
    customer: number;
    date: number;
    amount: number;
    quantity: number;
    unitPrice: number;
    gift: number;
  } | null = null;
  for (const { cells, line } of csvRecords(text, delimiterOf(l1), `--orders ${file}`)) {
    if (!cols) {
      const names = cells.map(normalizeHeader);
      const find = (candidates: readonly string[]) => {
        for (const c of candidates) {
          const at = names.indexOf(c);
          if (at >= 0) return at;
        }
        return -1;
      };
      const missing = (what: string, candidates: readonly string[]) =>
        inputError(
          `--orders ${file}: no ${what} column (one of ${candidates.join(', ')}; found ${cells.join(', ')})`,
        );
      cols = {
        customer: find(ORDER_COLUMNS.customer),
        date: find(ORDER_COLUMNS.date),
        amount: find(ORDER_COLUMNS.amount),
        quantity: find(ORDER_COLUMNS.quantity),
        unitPrice: find(ORDER_COLUMNS.unitPrice),
        gift: find(ORDER_COLUMNS.gift),
      };
      if (cols.customer < 0) throw missing('customer', ['customer_id', 'customerid', 'customer', 'id']);
      if (cols.date < 0)
        throw missing('date', ['date', 'order_date', 'occurred_at', 'timestamp', 'invoicedate', 'datetime']);
      if (cols.amount < 0 && (cols.quantity < 0 || cols.unitPrice < 0)) {
        throw missing('amount', [
          'amount',
          'monetary_value',
          'total',
          'value',
          'revenue',
          'sales',
          'price',
          'dollars',
          'or quantity with unit_price',
        ]);
      }
      continue;
    }
    const where = `--orders ${file} line ${line}`;
    const dateText = cells[cols.date] ?? '';
    const at = parseOrderDate(dateText);
    if (!at) {
      throw inputError(
        `${where}: date '${dateText}' is not YYYY-MM-DD, YYYYMMDD, an ISO timestamp or M/D/YYYY H:MM`,
      );
    }
    let amount: number;
    if (cols.amount >= 0) {
      const v = parseNumber(cells[cols.amount]);
      if (v === null) throw inputError(`${where}: amount '${cells[cols.amount] ?? ''}' is not a number`);
      amount = v;
    } else {
      const q = parseNumber(cells[cols.quantity]);
      const p = parseNumber(cells[cols.unitPrice]);
      if (q === null) throw inputError(`${where}: quantity '${cells[cols.quantity] ?? ''}' is not a number`);
      if (p === null)
        throw inputError(`${where}: unit price '${cells[cols.unitPrice] ?? ''}' is not a number`);
      amount = q * p;
    }
    let personal = true;
    if (cols.gift >= 0) {
      const g = (cells[cols.gift] ?? '').toLowerCase();
      if (TRUE.has(g)) personal = false;
      else if (!FALSE.has(g))
        throw inputError(`${where}: gift flag '${cells[cols.gift]}' is not true or false`);
    }
    const customerId = normalizeCustomerId(cells[cols.customer] ?? '');
    if (customerId === '') {
      skipped['no customer id'].push(line);
      continue;
    }
    if (amount < 0) {
      skipped['negative amount'].push(line);
      continue;
    }
    orders.push({ customerId, at, amount, personal });
  }
  if (!cols) throw inputError(`--orders ${file}: the file is empty`);
  return { orders, format: 'csv', hasGift: cols.gift >= 0, skipped };
}

/** `17850.0` (a spreadsheet's float) → `17850`; anything else as written. */
function normalizeCustomerId(raw: string): string {
  const t = raw.trim();
  const m = /^(\d+)\.0+$/.exec(t);
  return m ? m[1]! : t;
}

function readWhitespaceOrders(file: string, text: string, hasHeader: boolean): SummaryOrder[] {
  const orders: SummaryOrder[] = [];
  const lines = text.split(/\r?\n/);
  let width = 0;
  let headerSeen = !hasHeader;
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i]!.replace(/^\uFEFF/, '').trim();
    if (raw === '') continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    const where = `--orders ${file} line ${i + 1}`;
    const tokens = raw.split(/\s+/);
    if (width === 0) width = tokens.length;
    if (tokens.length !== width) throw inputError(`${where}: ${tokens.length} columns, expected ${width}`);
    const [id, ymd, , dollars] = width === 5 ? tokens.slice(1) : tokens;
    const at = parseOrderDate(ymd ?? '');
    if (!at) throw inputError(`${where}: date '${ymd ?? ''}' is not YYYYMMDD`);
    const amount = parseNumber(dollars);
    if (amount === null) throw inputError(`${where}: dollars '${dollars ?? ''}' is not a number`);
    if (!/^\d+$/.test(id ?? ''))
      throw inputError(`${where}: customer id '${id ?? ''}' is not a whole number`);
    // The ids are zero-padded numbers (0001): the summary files write them without the zeros.
    orders.push({ customerId: String(Number(id)), at, amount });
  }
  return orders;
}

// ---------------------------------------------------------------- output

/**
 * A number for CSV output: 6 decimals with trailing zeros trimmed (38.857143, 2, 0.5); values
 * under 0.001 keep 6 significant digits instead (1.23457e-7), so small probabilities survive.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return String(Math.abs(v) >= 1e-3 ? Number(v.toFixed(6)) : Number(v.toPrecision(6)));
}

/** One CSV line (RFC 4180 quoting where needed). */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells
    .map((c) => {
      const s = typeof c === 'number' ? formatNumber(c) : c;
      return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',');
}
