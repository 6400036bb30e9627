import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { Channel } from '../../../shared/contracts/common.js';
import { CHANNELS } from '../../../shared/contracts/common.js';
import type { ContactPoint, PostalAddress } from '../../../shared/contracts/customers.js';
import type { IdentityKind } from '../../../shared/contracts/identities.js';
import {
  type DateOrder,
  IMPORT_FIELD_ALIASES as FIELD_ALIASES,
  IMPORT_EXPORT_ONLY_COLUMNS,
  IMPORT_MULTI_FIELDS,
  IMPORT_REQUIRED_COLUMNS,
  type ImportField,
  type ImportKind,
  type ImportMapping,
  type ImportRejection,
  type ImportRejectionCode,
  normalizeHeaderName,
} from '../../../shared/contracts/imports.js';
import type { OrderStatus } from '../../../shared/contracts/orders.js';
import { ORDER_STATUSES } from '../../../shared/contracts/orders.js';
import { VISIT_STATUSES, type VisitStatus } from '../../../shared/contracts/visits.js';
import { normalizeEmail, normalizePhone } from '../../../shared/normalize.js';
import { importedCell } from '../../lib/csv.js';
import { buildSearchText, displayName, prepareContacts } from '../customers/customer-row.js';
import { identityKey } from '../identity/identity.core.js';

// ---------------------------------------------------------------------------------------------
// Reading CSV
// ---------------------------------------------------------------------------------------------

/** One CSV record: the physical line it starts on (header = 1) and its raw cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The CSV cannot be read from `line` on; everything before it was yielded. */
export interface CsvFailure {
  line: number;
  message: string;
}

/** Longest record accepted, in characters: an unclosed quote must not swallow a whole file. */
export const MAX_RECORD_CHARS = 1_000_000;

/** How much of the file is read to find the header's delimiter, at most. */
const SNIFF_BYTES = 64 * 1024;
/** Bytes parsed in one synchronous stretch. */
const PIECE_BYTES = 16 * 1024;

/**
 * The delimiter of a header line: whichever of `,` `;` or tab occurs most outside quotes;
 * `,` when none does.
 * @example sniffDelimiter('id;name;email') // ';'
 */
export function sniffDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/**
 * Streams CSV records out of `input` in batches, each named by the physical line it starts on.
 * Accepts UTF-8 with or without BOM, `,` `;` or tab (sniffed from the header), CRLF, LF or CR,
 * and quoted fields with line breaks. Reading stops at the first record that cannot be parsed
 * (an unclosed quote makes the rest of the file ambiguous); the generator then returns it as a
 * `CsvFailure`. Memory stays bounded by one input chunk plus one batch of records.
 */
export async function* readCsv(
  input: AsyncIterable<Buffer | string | Uint8Array>,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<CsvRecord[], CsvFailure | null> {
  let parser: ReturnType<typeof parse> | null = null;
  let failure: Error | null = null;
  let nextLine = 1;
  let batch: CsvRecord[] = [];
  const head: Buffer[] = [];
  let headBytes = 0;

  const start = (sample: Buffer) => {
    const text = sample.toString('utf8').replace(/^\uFEFF/, '');
    const p = parse({
      bom: true,
      delimiter: sniffDelimiter(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
    });
    // Records arrive synchronously from write(), in file order, so the line count stays exact
    // and a parse error cannot overtake the records before it.
    p.on('data', (cells: string[]) => {
      batch.push({ line: nextLine, cells });
      nextLine += 1 + lineBreaks(cells);
    });
    p.on('error', (err: Error) => {
      failure ??= err;
    });
    return p;
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  read: for await (const chunk of input) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    onBytes(buf.length);
    let data = buf;
    if (!parser) {
      head.push(buf);
      headBytes += buf.length;
      if (headBytes < SNIFF_BYTES && !buf.includes(10) && !buf.includes(13)) continue;
      data = Buffer.concat(head);
      parser = start(data);
    }
    // Small pieces keep each synchronous stretch short, so a merge waiting on the database
    // gets its replies promptly while the next chunk is parsed.
    for (let at = 0; at < data.length; at += PIECE_BYTES) {
      parser.write(data.subarray(at, at + PIECE_BYTES));
      if (parser.destroyed) await settle();
      if (batch.length) {
        const out = batch;
        batch = [];
        yield out;
      }
      if (failure) break read;
    }
  }
  if (!failure) {
    const p = parser ?? start(Buffer.concat(head));
    if (!parser && headBytes) p.write(Buffer.concat(head));
    await new Promise<void>((resolve) => {
      p.once('end', resolve);
      p.once('error', () => resolve());
      p.end();
    });
  }
  if (batch.length) yield batch;
  if (!failure) return null;
  const err = failure as Error & { code?: string };
  const reason =
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed'
      : err.code === 'CSV_MAX_RECORD_SIZE'
        ? `the record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`
        : err.message;
  return { line: nextLine, message: `${reason}; the file was not read from this line on` };
}

/** Physical line breaks inside a record's quoted cells (CRLF counts once). */
function lineBreaks(cells: string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13 && cell.charCodeAt(i + 1) !== 10) n++;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Header mapping
// ---------------------------------------------------------------------------------------------

// The field table, match keys and header normalisation live in the shared contract so the web
// app's mapping screen guesses exactly what this file maps.
export type CustomerField = keyof (typeof FIELD_ALIASES)['customers'];
export type OrderField = keyof (typeof FIELD_ALIASES)['orders'];
export type TouchpointField = keyof (typeof FIELD_ALIASES)['touchpoints'];
export type VisitField = keyof (typeof FIELD_ALIASES)['visits'];
type FieldOf<K extends ImportKind> = ImportField<K>;

const MULTI_FIELDS: Record<ImportKind, readonly string[]> = IMPORT_MULTI_FIELDS;
const REQUIRED_COLUMNS: Record<ImportKind, readonly (readonly string[])[]> = IMPORT_REQUIRED_COLUMNS;
const EXPORT_ONLY_COLUMNS: Record<ImportKind, ReadonlySet<string>> = {
  customers: new Set(IMPORT_EXPORT_ONLY_COLUMNS.customers),
  orders: new Set(IMPORT_EXPORT_ONLY_COLUMNS.orders),
  touchpoints: new Set(IMPORT_EXPORT_ONLY_COLUMNS.touchpoints),
  visits: new Set(IMPORT_EXPORT_ONLY_COLUMNS.visits),
};

const aliasIndex = new Map<ImportKind, Map<string, string>>();
function aliasesOf(kind: ImportKind): Map<string, string> {
  let index = aliasIndex.get(kind);
  if (!index) {
    index = new Map();
    for (const [field, aliases] of Object.entries(FIELD_ALIASES[kind])) {
      for (const alias of aliases as readonly string[]) index.set(normalizeHeaderName(alias), field);
    }
    aliasIndex.set(kind, index);
  }
  return index;
}

/** A column of the file: its 0-based position and its header as written. */
export interface ColumnRef {
  index: number;
  header: string;
}

export interface HeaderMap<K extends ImportKind = ImportKind> {
  kind: K;
  headers: string[];
  /** Columns per field; only multi-valued fields have more than one. */
  fields: Partial<Record<FieldOf<K>, ColumnRef[]>>;
  /** Unmapped columns kept as custom attributes (customers) or properties (touch points, visits). */
  extras: ColumnRef[];
  /** Unmapped columns dropped (orders keep no custom columns) or ignored by the mapping. */
  ignored: string[];
}

export type HeaderResult<K extends ImportKind> =
  | { ok: true; map: HeaderMap<K> }
  | { ok: false; problems: string[] };

/**
 * Maps a header row to fields by alias, with `override` (file column → field, or null to drop)
 * taking precedence. Problems (a required column missing, two columns for one field, an
 * override naming an unknown field) fail the whole file rather than every row.
 */
export function mapHeader<K extends ImportKind>(
  kind: K,
  headerCells: readonly string[],
  override: ImportMapping = {},
): HeaderResult<K> {
  const index = aliasesOf(kind);
  const known = new Set(Object.keys(FIELD_ALIASES[kind]));
  const multi = new Set(MULTI_FIELDS[kind]);
  const headers = headerCells.map((h) => h.replace(/^\uFEFF/, '').trim());
  const overrides = new Map(Object.entries(override).map(([k, v]) => [normalizeHeaderName(k), v]));
  const problems: string[] = [];
  for (const [column, field] of Object.entries(override)) {
    if (field !== null && !known.has(field)) {
      problems.push(`mapping for '${column}': '${field}' is not a ${kind} field`);
    }
  }
  const fields: Record<string, ColumnRef[]> = {};
  const extras: ColumnRef[] = [];
  const ignored: string[] = [];
  headers.forEach((header, i) => {
    const norm = normalizeHeaderName(header);
    const ref = { index: i, header };
    let field: string | null | undefined = overrides.has(norm) ? overrides.get(norm) : index.get(norm);
    if (field === undefined) {
      const numbered = /^(.*?)(\d+)$/.exec(norm);
      const base = numbered ? index.get(numbered[1] ?? '') : undefined;
      if (base && multi.has(base)) field = base;
    }
    if (field === null || (field === undefined && (header === '' || EXPORT_ONLY_COLUMNS[kind].has(norm)))) {
      if (header !== '') ignored.push(header);
      return;
    }
    if (field === undefined) {
      if (kind === 'orders') ignored.push(header);
      else extras.push(ref);
      return;
    }
    const list = fields[field] ?? [];
    fields[field] = list;
    if (list.length && !multi.has(field)) {
      problems.push(
        `columns '${list[0]?.header}' and '${header}' both map to ${field}; pass a mapping to choose one`,
      );
    }
    list.push(ref);
  });
  for (const alternatives of REQUIRED_COLUMNS[kind]) {
    if (!alternatives.some((f) => fields[f]?.length)) {
      const accepted = alternatives
        .map((f) => `${f} (${(FIELD_ALIASES[kind] as Record<string, readonly string[]>)[f]?.join(', ')})`)
        .join(' or ');
      problems.push(`the file has no column for ${accepted}`);
    }
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    map: { kind, headers, fields: fields as HeaderMap<K>['fields'], extras, ignored },
  };
}

// ---------------------------------------------------------------------------------------------
// Value parsing
// ---------------------------------------------------------------------------------------------

/** Why a value was refused, before it is tied to a line and column. */
export interface ValueError {
  code: ImportRejectionCode;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ValueError };

const fail = (code: ImportRejectionCode, message: string): { ok: false; error: ValueError } => ({
  ok: false,
  error: { code, message },
});

/** A value quoted for a message, shortened so a pasted paragraph does not flood the report. */
export function quote(value: string): string {
  return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
}

const supportedCurrencies = new Set(Intl.supportedValuesOf('currency'));
const digitsCache = new Map<string, number>();

/**
 * Decimal places of a currency's minor unit (ISO 4217 via ICU), or null for an unknown code.
 * @example currencyDigits('EUR') // 2; currencyDigits('JPY') // 0; currencyDigits('KWD') // 3
 */
export function currencyDigits(currency: string): number | null {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!supportedCurrencies.has(currency)) return null;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

/** A decimal as written: sign, integer digits and fraction digits, without separators. */
interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:[.,](\d*))?$/;

/**
 * Reads a decimal written with `.` or `,` as the decimal mark. A single mark is always the
 * decimal mark; thousands separators are only recognised when both marks appear ("1,234.50",
 * "1.234,50") or one repeats ("1,234,567"), so "1,234" reads as 1.234 and an amount with too
 * many decimals is refused rather than silently scaled. Spaces between digit groups and a
 * leading currency symbol are allowed.
 */
function parseDecimal(text: string): Decimal | null {
  let s = text
    .replace(/^([+-]?)\s*[€$£¥]\s*/, '$1')
    .replace(/\s*[€$£¥]$/, '')
    .replace(/(\d)[\s\u00a0\u202f](?=\d)/g, '$1');
  const simple = PLAIN_DECIMAL.exec(s);
  if (simple) {
    const int = simple[2] ?? '';
    const frac = simple[3] ?? '';
    if (!int && !frac) return null;
    return { negative: simple[1] === '-', int: int || '0', frac };
  }
  const sign = s.startsWith('-') || s.startsWith('+') ? s[0] : '';
  s = s.slice(sign ? 1 : 0);
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let group: string;
  let decimal: string | null;
  if (lastDot !== -1 && lastComma !== -1) {
    decimal = lastDot > lastComma ? '.' : ',';
    group = decimal === '.' ? ',' : '.';
  } else {
    group = lastDot !== -1 ? '.' : ',';
    decimal = null;
  }
  const [intPart, fracPart, extra] = decimal ? s.split(decimal) : [s, ''];
  if (extra !== undefined || intPart === undefined) return null;
  const groups = intPart.split(group);
  if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
  if (!/^\d*$/.test(fracPart ?? '')) return null;
  return { negative: sign === '-', int: groups.join(''), frac: fracPart ?? '' };
}

/**
 * Parses an amount in major units into integer minor units of `currency`, exactly (string
 * arithmetic, no floats). More decimals than the currency has are refused, never rounded.
 * @example parseMoney('1 234,50', 'EUR') // { ok: true, value: 123450 }
 * @example parseMoney('2.505', 'EUR') // refused: 3 decimals, EUR has 2
 */
export function parseMoney(text: string, currency: string): Parsed<number> {
  const digits = currencyDigits(currency);
  if (digits === null) return fail('INVALID_VALUE', `${quote(currency)} is not an ISO 4217 currency code`);
  const d = parseDecimal(text.trim());
  if (!d) return fail('INVALID_NUMBER', `${quote(text)} is not an amount`);
  if (d.frac.length > digits) {
    return fail(
      'INVALID_NUMBER',
      `${quote(text)} has ${d.frac.length} decimals, ${currency} has ${digits} (write thousands without a separator)`,
    );
  }
  const minor = BigInt(d.int + d.frac.padEnd(digits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return fail('INVALID_NUMBER', `${quote(text)} is too large`);
  const value = Number(minor);
  return { ok: true, value: d.negative && value !== 0 ? -value : value };
}

const INTEGER = /^([+-]?)(\d+)(?:\.0*)?$/;

/** A whole number ("3", "-2", "3.0"), within ±2^31; "1,000" is refused as ambiguous. */
export function parseInteger(text: string): Parsed<number> {
  const m = INTEGER.exec(text.trim());
  if (!m) return fail('INVALID_NUMBER', `${quote(text)} is not a whole number`);
  const n = Number(m[2]);
  if (n > 2_147_483_647) return fail('INVALID_NUMBER', `${quote(text)} is too large`);
  return { ok: true, value: m[1] === '-' && n !== 0 ? -n : n };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't', 'x', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f', 'off']);

/** yes/no, true/false, 1/0, y/n, t/f, x (ticked). */
export function parseBoolean(text: string): Parsed<boolean> {
  const v = text.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return { ok: true, value: true };
  if (FALSE_WORDS.has(v)) return { ok: true, value: false };
  return fail('INVALID_VALUE', `${quote(text)} is not yes/no (true/false, 1/0)`);
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_DATE_TIME =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface DateOptions {
  dateOrder: DateOrder;
  /** IANA zone for local times without an offset. */
  timeZone: string;
}

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offset: string | undefined;
  hasTime: boolean;
}

function splitDate(text: string, dateOrder: DateOrder): DateParts | null {
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    return {
      y: Number(iso[1]),
      mo: Number(iso[2]),
      d: Number(iso[3]),
      h: Number(iso[4] ?? 0),
      mi: Number(iso[5] ?? 0),
      s: Number(iso[6] ?? 0),
      ms: Number((iso[7] ?? '0').slice(0, 3).padEnd(3, '0')),
      offset: iso[8],
      hasTime: iso[4] !== undefined,
    };
  }
  const sl = SLASH_DATE_TIME.exec(text);
  if (!sl) return null;
  const a = Number(sl[1]);
  const b = Number(sl[2]);
  let h = Number(sl[4] ?? 0);
  const meridiem = sl[7]?.toUpperCase();
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  return {
    y: Number(sl[3]),
    mo: dateOrder === 'dmy' ? b : a,
    d: dateOrder === 'dmy' ? a : b,
    h,
    mi: Number(sl[5] ?? 0),
    s: Number(sl[6] ?? 0),
    ms: 0,
    offset: sl[8],
    hasTime: sl[4] !== undefined,
  };
}

function validParts(p: DateParts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.h > 23 || p.mi > 59 || p.s > 59) return false;
  const dt = new Date(Date.UTC(p.y, p.mo - 1, p.d));
  return dt.getUTCFullYear() === p.y && dt.getUTCMonth() === p.mo - 1 && dt.getUTCDate() === p.d;
}

const dateOrderHint = (o: DateOrder) => (o === 'dmy' ? 'day/month/year' : 'month/day/year');

/**
 * Parses a date-time: ISO 8601 (`2024-03-05`, `2024-03-05T14:30:00Z`, `2024-03-05 14:30+01:00`)
 * or `05/03/2024 14:30` read in `dateOrder`. Times without an offset are local to
 * `timeZone`; a date alone is midnight there.
 */
export function parseDateTime(text: string, opts: DateOptions): Parsed<Date> {
  const p = splitDate(text.trim(), opts.dateOrder);
  if (!p || !validParts(p)) {
    return fail(
      'INVALID_DATE',
      `${quote(text)} is not a date (use 2024-03-05 or 2024-03-05T14:30:00Z; other dates are read as ${dateOrderHint(opts.dateOrder)})`,
    );
  }
  const local = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  let utc: number;
  if (p.offset) {
    const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(p.offset);
    const minutes = m ? (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1) : 0;
    utc = local - minutes * 60_000;
  } else {
    utc = zonedToUtc(local, opts.timeZone);
  }
  return { ok: true, value: new Date(utc) };
}

/** A calendar date (no time): ISO or in `dateOrder`; returned as `YYYY-MM-DD`. */
export function parseDate(text: string, dateOrder: DateOrder): Parsed<string> {
  const p = splitDate(text.trim(), dateOrder);
  if (!p || p.hasTime || !validParts(p) || p.y < 1850) {
    return fail(
      'INVALID_DATE',
      `${quote(text)} is not a date (use 1990-04-23; other dates are read as ${dateOrderHint(dateOrder)})`,
    );
  }
  return {
    ok: true,
    value: `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`,
  };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset of `timeZone` from UTC at the UTC instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, timeZone: string): number {
  let fmt = zoneFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(utcMs))) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - (utcMs - (utcMs % 1000));
}

/** The UTC instant of a wall-clock time in `timeZone` (the earlier one when clocks go back). */
function zonedToUtc(localMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return localMs;
  // Offsets change at most hourly, so one lookup serves every row of the same local hour.
  const hourKey = `${timeZone}\u0000${Math.floor(localMs / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return localMs - cached;
  const first = zoneOffset(localMs, timeZone);
  let utc = localMs - first;
  const second = zoneOffset(utc, timeZone);
  if (second !== first) utc = localMs - second;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(hourKey, localMs - utc);
  return utc;
}

const validZones = new Map<string, boolean>();
/** True for an IANA zone name the runtime knows. */
export function isTimeZone(tz: string): boolean {
  let ok = validZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(tz, ok);
  }
  return ok;
}

let countryNames: Map<string, string> | null = null;
/** ISO 3166-1 alpha-2 code of a code or an English country name ("United Kingdom" → GB). */
export function parseCountry(text: string): Parsed<string> {
  const v = text.trim();
  if (!countryNames) {
    countryNames = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        // ICU also names reserved codes (EU, UN, UK…); only real regions count.
        const name = isSupportedCountry(code) ? names.of(code) : undefined;
        if (name) {
          countryNames.set(code.toLowerCase(), code);
          countryNames.set(name.toLowerCase(), code);
        }
      }
    }
    countryNames.set('uk', 'GB');
    countryNames.set('usa', 'US');
  }
  const code = countryNames.get(v.toLowerCase());
  return code
    ? { ok: true, value: code }
    : fail('INVALID_VALUE', `${quote(text)} is not a country (use an ISO code such as GB)`);
}

/** A BCP 47 tag in canonical form (`en_gb` → `en-GB`). */
export function parseLocale(text: string): Parsed<string> {
  try {
    const [canonical] = Intl.getCanonicalLocales(text.trim().replace(/_/g, '-'));
    if (canonical) return { ok: true, value: canonical };
  } catch {
    // refused below
  }
  return fail('INVALID_VALUE', `${quote(text)} is not a language tag such as en-GB`);
}

const CHANNEL_ALIASES: Record<string, Channel> = {
  online: 'web',
  website: 'web',
  ecommerce: 'web',
  webshop: 'web',
  instore: 'store',
  shop: 'store',
  retail: 'store',
  mobileapp: 'app',
  call: 'phone',
  telephone: 'phone',
  callcentre: 'phone',
  callcenter: 'phone',
  livechat: 'chat',
  frontdesk: 'front_desk',
  reception: 'front_desk',
  mail: 'post',
};
const CHANNEL_SET = new Set<string>(CHANNELS);

/** A channel by name or common synonym ("online" → web, "in store" → store). */
export function parseChannel(text: string): Parsed<Channel> {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (CHANNEL_SET.has(v)) return { ok: true, value: v as Channel };
  const alias = CHANNEL_ALIASES[v.replace(/_/g, '')];
  if (alias) return { ok: true, value: alias };
  return fail('INVALID_VALUE', `${quote(text)} is not a channel (one of ${CHANNELS.join(', ')})`);
}

function parseCurrency(text: string): Parsed<string> {
  const code = text.toUpperCase();
  return currencyDigits(code) === null
    ? fail('INVALID_VALUE', `${quote(text)} is not an ISO 4217 currency code`)
    : { ok: true, value: code };
}

function parseTimeZone(text: string): Parsed<string> {
  return isTimeZone(text)
    ? { ok: true, value: text }
    : fail('INVALID_VALUE', `${quote(text)} is not an IANA time zone`);
}

function parseSatisfaction(text: string): Parsed<number> {
  const n = parseInteger(text);
  return n.ok && n.value >= 1 && n.value <= 5
    ? n
    : fail('INVALID_VALUE', `${quote(text)} is not a satisfaction score from 1 to 5`);
}

const STATUS_ALIASES: Record<string, OrderStatus> = {
  complete: 'completed',
  paid: 'completed',
  fulfilled: 'completed',
  shipped: 'completed',
  delivered: 'completed',
  canceled: 'cancelled',
  cancel: 'cancelled',
  refund: 'refunded',
  returned: 'refunded',
  open: 'pending',
  new: 'pending',
};

export function parseOrderStatus(text: string): Parsed<OrderStatus> {
  const v = text.trim().toLowerCase();
  if ((ORDER_STATUSES as readonly string[]).includes(v)) return { ok: true, value: v as OrderStatus };
  const alias = STATUS_ALIASES[v];
  if (alias) return { ok: true, value: alias };
  return fail('INVALID_VALUE', `${quote(text)} is not an order status (one of ${ORDER_STATUSES.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export interface RowOptions {
  defaultCurrency: string;
  defaultCountry: CountryCode;
  dateOrder: DateOrder;
  timeZone: string;
  /** External-id system of customer ids without a source column. */
  source: string;
}

/** The external id of a customer in the system it came from. */
export interface ExternalId {
  source: string;
  value: string;
}

/** How an order or touch point row names its customer; at least one is set. */
export interface CustomerRef {
  externalId: ExternalId | null;
  /** Normalised. */
  email: string | null;
  /** Identity keys (see `identityKey`) of the two, computed once while the row is validated. */
  extKey: string | null;
  emailKey: string | null;
}

/** A customer ref with its identity keys. */
export function customerRef(externalId: ExternalId | null, email: string | null): CustomerRef {
  return {
    externalId,
    email,
    extKey: externalId ? identityKey('external_id', externalId.source, externalId.value) : null,
    emailKey: email ? identityKey('email', '', email) : null,
  };
}

/** A value from the file with the column it came from (for conflict messages). */
export interface Sourced<T> {
  value: T;
  raw: string;
  column: string;
}

/** A valid customer row. Absent fields are undefined: an empty cell never erases data. */
export interface CustomerRow {
  line: number;
  externalId: Sourced<ExternalId> | null;
  /** Normalised, de-duplicated, in column order: the first is a match key and the primary. */
  emails: Sourced<string>[];
  /** E.164, de-duplicated, in column order: the first is the match key of a row without id and e-mail. */
  phones: Sourced<string>[];
  loyaltyNumber: Sourced<string> | null;
  givenName?: string;
  familyName?: string;
  fullName?: string;
  birthday?: string;
  locale?: string;
  timeZone?: string;
  tags?: string[];
  prefersHumanService?: boolean;
  address?: PostalAddress;
  attributes?: Record<string, string>;
}

/** A valid order-line row. */
export interface OrderRow {
  line: number;
  orderId: string;
  /** Position of this row among the file's rows of the same order, from 1. */
  lineNo: number;
  customer: CustomerRef;
  /** The column naming the customer, for messages. */
  customerColumn: string;
  occurredAt: Date;
  channel: Channel;
  location: string | null;
  currency: string;
  status: OrderStatus;
  sku: string | null;
  description: string | null;
  quantity: number;
  unitPriceMinor: number;
  isGift: boolean;
  /** The order's total when the file gives one; else it is the sum of the lines. */
  totalMinor: number | null;
}

/** A valid touch point row. */
export interface TouchpointRow {
  line: number;
  messageId: string;
  customer: CustomerRef;
  customerColumn: string;
  channel: Channel;
  type: string;
  occurredAt: Date;
  source: string | null;
  satisfaction: number | null;
  properties: Record<string, string>;
}

export type RowResult<T> = { ok: true; row: T } | { ok: false; rejection: ImportRejection } | null;

/** Thrown inside a row validator to reject the row; caught by the validator's wrapper. */
class RowRejected {
  constructor(readonly rejection: ImportRejection) {}
}

/** Reads the cells of one record by field, and rejects it naming the file's column. */
class Cells<F extends string> {
  cells: readonly string[] = [];
  line = 0;

  constructor(private readonly map: HeaderMap) {}

  /** Points the reader at the next record (one reader per header serves every row). */
  reset(record: CsvRecord): this {
    this.cells = record.cells;
    this.line = record.line;
    return this;
  }

  private refs(field: F): ColumnRef[] | undefined {
    return (this.map.fields as Partial<Record<string, ColumnRef[]>>)[field];
  }

  /** The header of `field`'s column, or the field name when the file has none. */
  column(field: F): string {
    return this.refs(field)?.[0]?.header ?? field;
  }

  has(field: F): boolean {
    return Boolean(this.refs(field)?.length);
  }

  /** The trimmed value, or undefined when the cell is empty or the column absent. */
  get(field: F): string | undefined {
    const ref = this.refs(field)?.[0];
    if (!ref) return undefined;
    const v = clean(this.cells[ref.index]);
    return v === '' ? undefined : v;
  }

  /** Every non-empty value of a multi-column field, with its column. */
  all(field: F): { value: string; column: string }[] {
    const out: { value: string; column: string }[] = [];
    for (const ref of this.refs(field) ?? []) {
      const v = clean(this.cells[ref.index]);
      if (v !== '') out.push({ value: v, column: ref.header });
    }
    return out;
  }

  extras(): Record<string, string> | undefined {
    let out: Record<string, string> | undefined;
    for (const ref of this.map.extras) {
      const v = clean(this.cells[ref.index]);
      if (v === '') continue;
      if (v.length > 1000) this.reject(ref.header, 'TOO_LONG', `is longer than 1000 characters`);
      out ??= {};
      out[ref.header] = v;
    }
    return out;
  }

  reject(column: string | null, code: ImportRejectionCode, message: string): never {
    throw new RowRejected({ line: this.line, column, code, message });
  }

  rejectField(field: F, error: ValueError): never {
    this.reject(this.column(field), error.code, error.message);
  }

  required(field: F, what: string): string {
    const v = this.get(field);
    if (v === undefined) this.reject(this.column(field), 'REQUIRED', `${what} is required`);
    return v;
  }

  text(field: F, max: number): string | undefined {
    const v = this.get(field);
    if (v !== undefined && v.length > max) {
      this.reject(this.column(field), 'TOO_LONG', `${quote(v)} is longer than ${max} characters`);
    }
    return v;
  }

  /** The parsed value (undefined when empty), rejecting the row when it does not parse. */
  parsed<T, A = undefined>(field: F, parser: (v: string, arg: A) => Parsed<T>, arg?: A): T | undefined {
    const v = this.get(field);
    if (v === undefined) return undefined;
    const r = parser(v, arg as A);
    if (!r.ok) this.rejectField(field, r.error);
    return r.value;
  }
}

function clean(cell: string | undefined): string {
  if (cell === undefined) return '';
  // PostgreSQL text cannot hold NUL. An export's guard before a formula character comes off.
  return importedCell((cell.includes('\u0000') ? cell.replaceAll('\u0000', '') : cell).trim());
}

/** Checks the cell count and skips blank rows (all cells empty: trailing lines of exports). */
function checkShape(map: HeaderMap, record: CsvRecord): ImportRejection | 'blank' | null {
  const { cells, line } = record;
  let blank = true;
  for (const c of cells) {
    if (c.trim() !== '') {
      blank = false;
      break;
    }
  }
  if (blank) return 'blank';
  const n = map.headers.length;
  if (cells.length > n && cells.slice(n).some((c) => c.trim() !== '')) {
    return {
      line,
      column: null,
      code: 'TOO_MANY_COLUMNS',
      message: `the row has ${cells.length} cells, the header ${n}`,
    };
  }
  if (cells.length < n) {
    return {
      line,
      column: null,
      code: 'TOO_FEW_COLUMNS',
      message: `the row has ${cells.length} cells, the header ${n}`,
    };
  }
  return null;
}

const readers = new WeakMap<HeaderMap, Cells<string>>();

function validated<F extends string, T, X>(
  map: HeaderMap,
  record: CsvRecord,
  read: (c: Cells<F>, opts: RowOptions, extra: X) => T,
  opts: RowOptions,
  extra: X,
): RowResult<T> {
  const shape = checkShape(map, record);
  if (shape === 'blank') return null;
  if (shape) return { ok: false, rejection: shape };
  let reader = readers.get(map);
  if (!reader) {
    reader = new Cells<string>(map);
    readers.set(map, reader);
  }
  try {
    return { ok: true, row: read(reader.reset(record) as Cells<F>, opts, extra) };
  } catch (e) {
    if (e instanceof RowRejected) return { ok: false, rejection: e.rejection };
    throw e;
  }
}

function emailOf(c: Cells<string>, value: string, column: string): string {
  const email = value.length <= 254 ? normalizeEmail(value) : null;
  if (!email) c.reject(column, 'INVALID_EMAIL', `${quote(value)} is not a valid e-mail address`);
  return email;
}

function externalIdOf(c: Cells<string>, value: string | undefined, column: string, source: string) {
  if (value === undefined) return null;
  if (value.length > 200) c.reject(column, 'TOO_LONG', `${quote(value)} is longer than 200 characters`);
  return { source, value };
}

/**
 * Validates a customers-file record into a typed row, or the first problem of the row.
 * Returns null for a blank row.
 */
export function validateCustomerRow(
  map: HeaderMap<'customers'>,
  record: CsvRecord,
  opts: RowOptions,
): RowResult<CustomerRow> {
  return validated(map, record, readCustomer, opts, undefined);
}

function readCustomer(c: Cells<CustomerField>, opts: RowOptions): CustomerRow {
  const source = c.text('source', 50) ?? opts.source;
  const extValue = c.get('external_id');
  const ext = externalIdOf(c, extValue, c.column('external_id'), source);
  const country = c.parsed('country', parseCountry);
  const phoneCountry = country && isSupportedCountry(country) ? country : opts.defaultCountry;
  const emails: Sourced<string>[] = [];
  for (const { value, column } of c.all('email')) {
    const email = emailOf(c, value, column);
    if (!emails.some((e) => e.value === email)) emails.push({ value: email, raw: value, column });
  }
  const phones: Sourced<string>[] = [];
  for (const { value, column } of c.all('phone')) {
    const phone = normalizePhone(value, phoneCountry);
    if (!phone) c.reject(column, 'INVALID_PHONE', `${quote(value)} is not a valid phone number`);
    if (!phones.some((p) => p.value === phone)) phones.push({ value: phone, raw: value, column });
  }
  if (!ext && !emails.length && !phones.length) {
    c.reject(
      c.has('external_id') ? c.column('external_id') : c.has('email') ? c.column('email') : c.column('phone'),
      'REQUIRED',
      'a customer row needs an external id, an e-mail address or a phone number to match on',
    );
  }
  const loyalty = c.text('loyalty_number', 200);
  const birthday = c.parsed('birthday', parseDate, opts.dateOrder);
  const locale = c.parsed('locale', parseLocale);
  const timeZone = c.parsed('time_zone', parseTimeZone);
  const tagsCell = c.get('tags');
  let tags: string[] | undefined;
  if (tagsCell !== undefined) {
    tags = [
      ...new Set(
        tagsCell
          .split(/[|;]/)
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    const long = tags.find((t) => t.length > 50);
    if (long) c.reject(c.column('tags'), 'TOO_LONG', `tag ${quote(long)} is longer than 50 characters`);
    if (tags.length > 50) c.reject(c.column('tags'), 'INVALID_VALUE', 'more than 50 tags');
  }
  const address: PostalAddress = {};
  const line1 = c.text('address_line1', 200);
  const line2 = c.text('address_line2', 200);
  const city = c.text('city', 100);
  const region = c.text('region', 100);
  const postalCode = c.text('postal_code', 20);
  if (line1 !== undefined) address.line1 = line1;
  if (line2 !== undefined) address.line2 = line2;
  if (city !== undefined) address.city = city;
  if (region !== undefined) address.region = region;
  if (postalCode !== undefined) address.postalCode = postalCode;
  if (country !== undefined) address.country = country;
  const row: CustomerRow = {
    line: c.line,
    externalId: ext && extValue ? { value: ext, raw: extValue, column: c.column('external_id') } : null,
    emails,
    phones,
    loyaltyNumber: loyalty ? { value: loyalty, raw: loyalty, column: c.column('loyalty_number') } : null,
  };
  const givenName = c.text('given_name', 100);
  const familyName = c.text('family_name', 100);
  const fullName = c.text('full_name', 200);
  const prefers = c.parsed('prefers_human_service', parseBoolean);
  if (givenName !== undefined) row.givenName = givenName;
  if (familyName !== undefined) row.familyName = familyName;
  if (fullName !== undefined) row.fullName = fullName;
  if (birthday !== undefined) row.birthday = birthday;
  if (locale !== undefined) row.locale = locale;
  if (timeZone !== undefined) row.timeZone = timeZone;
  if (tags !== undefined) row.tags = tags;
  if (prefers !== undefined) row.prefersHumanService = prefers;
  if (Object.keys(address).length) row.address = address;
  const attributes = c.extras();
  if (attributes) row.attributes = attributes;
  return row;
}

function customerRefOf(
  c: Cells<'customer_external_id' | 'customer_email'>,
  opts: RowOptions,
): { customer: CustomerRef; customerColumn: string } {
  const ext = externalIdOf(c, c.get('customer_external_id'), c.column('customer_external_id'), opts.source);
  const emailCell = c.get('customer_email');
  const email = emailCell === undefined ? null : emailOf(c, emailCell, c.column('customer_email'));
  if (!ext && !email) {
    c.reject(
      c.has('customer_external_id') ? c.column('customer_external_id') : c.column('customer_email'),
      'REQUIRED',
      'the row names no customer (give a customer id or e-mail)',
    );
  }
  return {
    customer: customerRef(ext, email),
    customerColumn: ext ? c.column('customer_external_id') : c.column('customer_email'),
  };
}

/**
 * What a file has said so far about each of its orders: how many rows it had (so each row gets
 * its line number, rejected rows included, and a line keeps its number when a fixed file is
 * imported again) and whether its header (from its first valid row) was written, with or
 * without a total. One number per order keeps a file of a million orders small.
 */
export class OrderBook {
  private readonly state = new Map<string, number>();

  /** Numbers the next row of `orderId`: 1, 2, 3… */
  nextLine(orderId: string): number {
    const v = (this.state.get(orderId) ?? 0) + 4;
    this.state.set(orderId, v);
    return Math.floor(v / 4);
  }

  /** Undefined until the order's header was written; then whether it carried a total. */
  header(orderId: string): boolean | undefined {
    const h = (this.state.get(orderId) ?? 0) % 4;
    return h === 0 ? undefined : h === 2;
  }

  setHeader(orderId: string, withTotal: boolean): void {
    const v = this.state.get(orderId) ?? 0;
    this.state.set(orderId, v - (v % 4) + (withTotal ? 2 : 1));
  }
}

/** Validates an orders-file record (one order line, or a whole order when the file has no SKUs). */
export function validateOrderRow(
  map: HeaderMap<'orders'>,
  record: CsvRecord,
  opts: RowOptions,
  book: OrderBook,
): RowResult<OrderRow> {
  return validated(map, record, readOrder, opts, book);
}

function readOrder(c: Cells<OrderField>, opts: RowOptions, book: OrderBook): OrderRow {
  const orderId = c.get('order_id');
  const lineNo = orderId === undefined ? 0 : book.nextLine(orderId);
  if (orderId === undefined) c.reject(c.column('order_id'), 'REQUIRED', 'the order id is required');
  if (orderId.length > 200)
    c.rejectField('order_id', { code: 'TOO_LONG', message: 'is longer than 200 characters' });
  const { customer, customerColumn } = customerRefOf(c, opts);
  const occurredAt = c.parsed('occurred_at', parseDateTime, opts);
  if (!occurredAt) c.reject(c.column('occurred_at'), 'REQUIRED', 'the order date is required');
  const cur = c.parsed('currency', parseCurrency) ?? opts.defaultCurrency;
  const quantity = c.parsed('quantity', parseInteger) ?? 1;
  if (quantity === 0) c.reject(c.column('quantity'), 'INVALID_VALUE', 'the quantity is 0');
  const totalMinor = c.parsed('total', parseMoney, cur) ?? null;
  let unitPriceMinor = c.parsed('unit_price', parseMoney, cur);
  if (unitPriceMinor === undefined) {
    // A row per order (no SKU, no price): one line carrying the whole total.
    if (totalMinor === null || c.get('sku') !== undefined || quantity !== 1) {
      c.reject(c.column('unit_price'), 'REQUIRED', 'the unit price is required');
    }
    unitPriceMinor = totalMinor;
  }
  if (!Number.isSafeInteger(quantity * unitPriceMinor)) {
    c.reject(c.column('quantity'), 'INVALID_NUMBER', 'quantity × unit price is too large');
  }
  return {
    line: c.line,
    orderId,
    lineNo,
    customer,
    customerColumn,
    occurredAt,
    channel: c.parsed('channel', parseChannel) ?? 'web',
    location: c.text('location', 200) ?? null,
    currency: cur,
    status: c.parsed('status', parseOrderStatus) ?? 'completed',
    sku: c.text('sku', 100) ?? null,
    description: c.text('description', 500) ?? null,
    quantity,
    unitPriceMinor,
    isGift: c.parsed('is_gift', parseBoolean) ?? false,
    totalMinor,
  };
}

/**
 * Validates a touch-points-file record. Without a message id the row gets one derived from its
 * content (customer, channel, type, time, source, satisfaction, properties), so importing the
 * same file twice stores each touch point once.
 */
export function validateTouchpointRow(
  map: HeaderMap<'touchpoints'>,
  record: CsvRecord,
  opts: RowOptions,
): RowResult<TouchpointRow> {
  return validated(map, record, readTouchpoint, opts, undefined);
}

function readTouchpoint(c: Cells<TouchpointField>, opts: RowOptions): TouchpointRow {
  const { customer, customerColumn } = customerRefOf(c, opts);
  const type = c.required('type', 'the type');
  if (type.length > 100)
    c.rejectField('type', { code: 'TOO_LONG', message: 'is longer than 100 characters' });
  const occurredAt = c.parsed('occurred_at', parseDateTime, opts);
  if (!occurredAt) c.reject(c.column('occurred_at'), 'REQUIRED', 'the date is required');
  const satisfaction = c.parsed('satisfaction', parseSatisfaction);
  const row: Omit<TouchpointRow, 'messageId'> = {
    line: c.line,
    customer,
    customerColumn,
    channel: c.parsed('channel', parseChannel) ?? 'other',
    type,
    occurredAt,
    source: c.text('source', 100) ?? null,
    satisfaction: satisfaction ?? null,
    properties: c.extras() ?? {},
  };
  const messageId = c.text('message_id', 200) ?? deriveMessageId(row);
  return { ...row, messageId };
}

/**
 * A message id from a touch point's identifying content: the same row always gets the same id.
 * @example deriveMessageId(row) // 'import:5f0c…' (32 hex digits)
 */
export function deriveMessageId(row: Omit<TouchpointRow, 'messageId' | 'line' | 'customerColumn'>): string {
  const props = Object.keys(row.properties)
    .sort()
    .map((k) => [k, row.properties[k]]);
  const content = JSON.stringify([
    row.customer.externalId?.source ?? null,
    row.customer.externalId?.value ?? null,
    row.customer.externalId ? null : row.customer.email,
    row.channel,
    row.type,
    row.occurredAt.toISOString(),
    row.source,
    row.satisfaction,
    props,
  ]);
  return `import:${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Visits
// ---------------------------------------------------------------------------------------------

const VISIT_STATUS_ALIASES: Record<string, VisitStatus> = {
  reserved: 'booked',
  booking: 'booked',
  tentative: 'booked',
  confirmed: 'confirmed',
  guaranteed: 'confirmed',
  checked_in: 'arrived',
  in_house: 'arrived',
  seated: 'arrived',
  checked_out: 'completed',
  departed: 'completed',
  done: 'completed',
  canceled: 'cancelled',
  cancel: 'cancelled',
  noshow: 'no_show',
};

/** A visit status by name or a booking system's word for it ("checked in" → arrived). */
export function parseVisitStatus(text: string): Parsed<VisitStatus> {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((VISIT_STATUSES as readonly string[]).includes(v)) return { ok: true, value: v as VisitStatus };
  const alias = VISIT_STATUS_ALIASES[v] ?? VISIT_STATUS_ALIASES[v.replace(/_/g, '')];
  if (alias) return { ok: true, value: alias };
  return fail('INVALID_VALUE', `${quote(text)} is not a visit status (one of ${VISIT_STATUSES.join(', ')})`);
}

/** The identities a visit row names its customer by, in the order they are tried. */
export interface VisitCustomerRef {
  keys: (IdentityRef & { key: string })[];
  /** "id '123' or e-mail 'a@b.c'", for the rejection message. */
  described: string;
  column: string;
}

/** A valid visit row. Absent optional cells are null: they leave a stored visit's value alone. */
export interface VisitRow {
  line: number;
  /** The booking system and its id of the visit; derived from the content when the file has none. */
  source: string;
  externalId: string;
  customer: VisitCustomerRef;
  startsAt: Date;
  endsAt: Date | null;
  location: string;
  type: string;
  status: VisitStatus | null;
  properties: Record<string, string>;
}

/**
 * Validates a visits-file record: the customer (external id, e-mail or phone; the first the
 * workspace knows wins), the start, the location and the type are required; other columns are
 * kept as properties (room type, party size…). Without a visit id the row gets one derived from
 * its content, so importing the same file twice stores each visit once.
 */
export function validateVisitRow(
  map: HeaderMap<'visits'>,
  record: CsvRecord,
  opts: RowOptions,
): RowResult<VisitRow> {
  return validated(map, record, readVisit, opts, undefined);
}

function readVisit(c: Cells<VisitField>, opts: RowOptions): VisitRow {
  const source = c.text('source', 50) ?? opts.source;
  const keys: VisitCustomerRef['keys'] = [];
  const named: string[] = [];
  let column: string | null = null;
  const ext = c.text('customer_external_id', 200);
  if (ext !== undefined) {
    keys.push({ kind: 'external_id', source, value: ext, key: identityKey('external_id', source, ext) });
    named.push(`id ${quote(ext)}`);
    column = c.column('customer_external_id');
  }
  const emailCell = c.get('customer_email');
  if (emailCell !== undefined) {
    const email = emailOf(c, emailCell, c.column('customer_email'));
    keys.push({ kind: 'email', source: '', value: email, key: identityKey('email', '', email) });
    named.push(`e-mail ${quote(email)}`);
    column ??= c.column('customer_email');
  }
  const phoneCell = c.get('customer_phone');
  if (phoneCell !== undefined) {
    const phone = normalizePhone(phoneCell, opts.defaultCountry);
    if (!phone)
      c.reject(
        c.column('customer_phone'),
        'INVALID_PHONE',
        `${quote(phoneCell)} is not a valid phone number`,
      );
    keys.push({ kind: 'phone', source: '', value: phone, key: identityKey('phone', '', phone) });
    named.push(`phone ${quote(phone)}`);
    column ??= c.column('customer_phone');
  }
  if (!column) {
    c.reject(
      c.has('customer_external_id')
        ? c.column('customer_external_id')
        : c.has('customer_email')
          ? c.column('customer_email')
          : c.column('customer_phone'),
      'REQUIRED',
      'the row names no customer (give a customer id, e-mail or phone)',
    );
  }
  const startsAt = c.parsed('starts_at', parseDateTime, opts);
  if (!startsAt) c.reject(c.column('starts_at'), 'REQUIRED', 'the start is required');
  const endsAt = c.parsed('ends_at', parseDateTime, opts) ?? null;
  if (endsAt && endsAt < startsAt)
    c.reject(c.column('ends_at'), 'INVALID_VALUE', 'the visit ends before it starts');
  const location = c.required('location', 'the location');
  if (location.length > 200)
    c.rejectField('location', { code: 'TOO_LONG', message: 'is longer than 200 characters' });
  const type = c.required('type', 'the type').toLowerCase();
  if (type.length > 64) c.rejectField('type', { code: 'TOO_LONG', message: 'is longer than 64 characters' });
  const customer = { keys, described: named.join(' or '), column };
  const row: Omit<VisitRow, 'externalId'> = {
    line: c.line,
    source,
    customer,
    startsAt,
    endsAt,
    location,
    type,
    status: c.parsed('status', parseVisitStatus) ?? null,
    properties: c.extras() ?? {},
  };
  const externalId = c.text('visit_id', 200) ?? deriveVisitId(row);
  return { ...row, externalId };
}

/**
 * A visit id from what identifies a visit: who, when, where and what. The same row always gets
 * the same id; a row whose start moved is another visit (give the file a visit id to move one).
 * @example deriveVisitId(row) // 'import:9b1e…' (32 hex digits)
 */
export function deriveVisitId(row: Pick<VisitRow, 'customer' | 'startsAt' | 'location' | 'type'>): string {
  const content = JSON.stringify([
    row.customer.keys[0]?.key ?? null,
    row.startsAt.toISOString(),
    row.location,
    row.type,
  ]);
  return `import:${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------

/** The key of an identity in maps and sets (the unique index, workspace aside). */
export { identityKey };

export interface IdentityRef {
  kind: IdentityKind;
  source: string;
  value: string;
}

/** An identity to insert, with the raw value the file had. */
export interface NewIdentity extends IdentityRef {
  customerId: string;
  rawValue: string | null;
}

/** The stored fields of a customer the import reads and writes. */
export interface CustomerState {
  id: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string;
  emails: ContactPoint[];
  phones: ContactPoint[];
  primaryEmail: string | null;
  primaryPhone: string | null;
  address: PostalAddress | null;
  birthday: string | null;
  locale: string | null;
  timeZone: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  prefersHumanService: boolean;
  searchText: string;
}

/**
 * The identity keys (see `identityKey`) a customer row is matched on, in precedence order: its
 * external id, then its first e-mail; only a row with neither is matched on its first phone.
 * A phone is weaker evidence (households and switchboards share one), so it never overrides an
 * id or e-mail the row gives: such a row whose phone is another customer's is a conflict.
 * @example customerMatchKeys(phoneOnlyRow) // ['phone\u0000\u0000+447911123456']
 */
export function customerMatchKeys(row: CustomerRow): string[] {
  const keys: string[] = [];
  if (row.externalId) {
    keys.push(identityKey('external_id', row.externalId.value.source, row.externalId.value.value));
  }
  const email = row.emails[0];
  if (email) keys.push(identityKey('email', '', email.value));
  const phone = row.phones[0];
  if (!keys.length && phone) keys.push(identityKey('phone', '', phone.value));
  return keys;
}

/** The customer owning the first of `keys` (see `customerMatchKeys`) that `owners` knows, or null. */
export function matchedCustomer(keys: readonly string[], owners: ReadonlyMap<string, string>): string | null {
  for (const key of keys) {
    const owner = owners.get(key);
    if (owner) return owner;
  }
  return null;
}

/** The identities a customer row implies, with the column each comes from. */
export function rowIdentities(row: CustomerRow): (IdentityRef & { raw: string; column: string })[] {
  const out: (IdentityRef & { raw: string; column: string })[] = [];
  if (row.externalId) {
    out.push({
      kind: 'external_id',
      source: row.externalId.value.source,
      value: row.externalId.value.value,
      raw: row.externalId.raw,
      column: row.externalId.column,
    });
  }
  for (const e of row.emails)
    out.push({ kind: 'email', source: '', value: e.value, raw: e.raw, column: e.column });
  for (const p of row.phones)
    out.push({ kind: 'phone', source: '', value: p.value, raw: p.raw, column: p.column });
  if (row.loyaltyNumber) {
    out.push({
      kind: 'loyalty',
      source: '',
      value: row.loyaltyNumber.value,
      raw: row.loyaltyNumber.raw,
      column: row.loyaltyNumber.column,
    });
  }
  return out;
}

/**
 * The customer after applying a row: fields present in the row replace stored ones, empty cells
 * leave them; e-mails, phones and tags are added to (the stored primary stays primary);
 * attributes and address parts merge. The display name follows the name parts unless it was
 * set explicitly. Normalisation, primaries and search text come from the same helpers as the
 * customers API, so imported customers look like created ones.
 */
export function applyCustomerRow(
  prev: CustomerState | null,
  id: string,
  row: CustomerRow,
  defaultCountry: CountryCode,
): CustomerState {
  const base: CustomerState = prev ?? {
    id,
    givenName: null,
    familyName: null,
    fullName: '',
    emails: [],
    phones: [],
    primaryEmail: null,
    primaryPhone: null,
    address: null,
    birthday: null,
    locale: null,
    timeZone: null,
    tags: [],
    attributes: {},
    prefersHumanService: false,
    searchText: '',
  };
  const emails = [...base.emails];
  for (const e of row.emails) {
    if (!emails.some((x) => x.value === e.value)) emails.push({ value: e.value, primary: !emails.length });
  }
  const phones = [...base.phones];
  for (const p of row.phones) {
    if (!phones.some((x) => x.value === p.value)) phones.push({ value: p.value, primary: !phones.length });
  }
  const contacts = prepareContacts(emails, phones, [], defaultCountry);
  const givenName = row.givenName ?? base.givenName;
  const familyName = row.familyName ?? base.familyName;
  const nameWasDerived = base.fullName === '' || base.fullName === displayName(base);
  const fullName =
    row.fullName ??
    (nameWasDerived && (row.givenName !== undefined || row.familyName !== undefined)
      ? displayName({ givenName, familyName })
      : base.fullName);
  const tags = row.tags ? [...new Set([...base.tags, ...row.tags])] : base.tags;
  return {
    id: base.id,
    givenName,
    familyName,
    fullName,
    emails: contacts.emails,
    phones: contacts.phones,
    primaryEmail: contacts.primaryEmail,
    primaryPhone: contacts.primaryPhone,
    address: row.address ? { ...(base.address ?? {}), ...row.address } : base.address,
    birthday: row.birthday ?? base.birthday,
    locale: row.locale ?? base.locale,
    timeZone: row.timeZone ?? base.timeZone,
    tags,
    attributes: row.attributes ? { ...base.attributes, ...row.attributes } : base.attributes,
    prefersHumanService: row.prefersHumanService ?? base.prefersHumanService,
    searchText: buildSearchText(fullName, contacts.emails, contacts.phones),
  };
}

/** Structural equality for JSON-like values, ignoring object key order (jsonb reorders keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b || (a == null && b == null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameJson(ao[k], bo[k]));
}

/** The customer each order or touch point row names, and what to create for those not found. */
export interface CustomerResolution {
  /** Per input ref: the customer id, or null when not found and not created. */
  customerIds: (string | null)[];
  created: { id: string; ref: CustomerRef }[];
  identities: NewIdentity[];
}

/**
 * Resolves customer refs by external id, then e-mail, against `owners` (identity key →
 * customer id). With `create`, an unknown customer is created (once per file chunk) with the
 * ids the row gives, and an external id found only through its e-mail is attached to that
 * customer so later rows match directly.
 */
export function resolveCustomers(
  refs: readonly CustomerRef[],
  owners: ReadonlyMap<string, string>,
  create: boolean,
  newId: () => string,
): CustomerResolution {
  const known = new Map(owners);
  const created: CustomerResolution['created'] = [];
  const identities: NewIdentity[] = [];
  const customerIds = refs.map((ref) => {
    const { extKey, emailKey } = ref;
    const byExt = extKey ? known.get(extKey) : undefined;
    if (byExt) return byExt;
    const byEmail = emailKey ? known.get(emailKey) : undefined;
    if (!byEmail && !create) return null;
    const id = byEmail ?? newId();
    if (!byEmail) {
      created.push({ id, ref });
      if (emailKey && ref.email) {
        known.set(emailKey, id);
        identities.push({ customerId: id, kind: 'email', source: '', value: ref.email, rawValue: ref.email });
      }
    }
    if (extKey && ref.externalId && create) {
      known.set(extKey, id);
      identities.push({
        customerId: id,
        kind: 'external_id',
        source: ref.externalId.source,
        value: ref.externalId.value,
        rawValue: ref.externalId.value,
      });
    }
    return id;
  });
  return { customerIds, created, identities };
}

/**
 * An order as its first valid row in the file describes it. Later rows of the same order only
 * add lines: with "last row wins", a re-run would flip an inconsistent order's header back and
 * forth across chunks and report updates for an unchanged file.
 */
export interface OrderHeader {
  orderId: string;
  customerId: string;
  occurredAt: Date;
  channel: Channel;
  location: string | null;
  currency: string;
  status: OrderStatus;
  /** The file's total, or null to use the sum of the lines. */
  totalMinor: number | null;
  /** Sum of this chunk's lines: the total of a new order whose lines are all in the chunk. */
  linesSumMinor: number;
}

/**
 * The headers of the orders whose first valid row is in this chunk, in first-seen order; marks
 * them written in `book`.
 */
export function orderHeaders(
  rows: readonly OrderRow[],
  customerIds: readonly string[],
  book: OrderBook,
): OrderHeader[] {
  const byId = new Map<string, OrderHeader>();
  rows.forEach((r, i) => {
    const header = byId.get(r.orderId);
    if (header) {
      header.linesSumMinor += r.quantity * r.unitPriceMinor;
      return;
    }
    if (book.header(r.orderId) !== undefined) return;
    book.setHeader(r.orderId, r.totalMinor !== null);
    byId.set(r.orderId, {
      orderId: r.orderId,
      customerId: customerIds[i] ?? '',
      occurredAt: r.occurredAt,
      channel: r.channel,
      location: r.location,
      currency: r.currency,
      status: r.status,
      totalMinor: r.totalMinor,
      linesSumMinor: r.quantity * r.unitPriceMinor,
    });
  });
  return [...byId.values()];
}
