import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORT_REJECTION_CODES, type ImportRejection } from '../../../shared/contracts/imports.js';
import { parseCsv } from './csv-reader.js';
import { countByCode, csvCell, rejectedFileName, rejectedRowsCsv } from './rejections.js';

const rejection = (over: Partial<ImportRejection> = {}): ImportRejection => ({
  line: 3,
  column: 'email',
  code: 'INVALID_EMAIL',
  message: "'ann@' is not a valid e-mail address",
  ...over,
});

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('email')).toBe('email');
    expect(csvCell("'ann@' is not valid")).toBe("'ann@' is not valid");
    expect(csvCell('')).toBe('');
  });

  it('quotes delimiters, quotes, line breaks and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44 7911')).toBe("'+44 7911");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });
});

describe('rejectedRowsCsv', () => {
  it('writes a header and one CRLF line per rejection', () => {
    const text = rejectedRowsCsv([
      rejection(),
      rejection({
        line: 7,
        column: null,
        code: 'TOO_FEW_COLUMNS',
        message: 'the row has 1 cell, the header 2',
      }),
    ]);
    expect(text).toBe(
      'line,column,code,message\r\n3,email,INVALID_EMAIL,\'ann@\' is not a valid e-mail address\r\n7,,TOO_FEW_COLUMNS,"the row has 1 cell, the header 2"\r\n',
    );
  });

  it('writes only the header when nothing was rejected', () => {
    expect(rejectedRowsCsv([])).toBe('line,column,code,message\r\n');
  });

  it('reads back as the same rows with any CSV reader (apart from defused formulas)', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', ',', ';', '"', '\n', '\r', "'", '<', 'é', '=', '-'),
    });
    const arb = fc.array(
      fc.record({
        line: fc.integer({ min: 1, max: 1_000_000 }),
        column: fc.option(text, { nil: null }),
        code: fc.constantFrom(...IMPORT_REJECTION_CODES),
        message: text,
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const csv = rejectedRowsCsv(rows);
        const defused = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        const expected = [
          ['line', 'column', 'code', 'message'],
          ...rows.map((r) => [String(r.line), defused(r.column ?? ''), r.code, defused(r.message)]),
        ];
        expect(parse(csv, { relax_column_count: false })).toEqual(expected);
        expect(parseCsv(csv).records.map((r) => r.cells)).toEqual(expected);
      }),
    );
  });
});

describe('rejectedFileName', () => {
  it('names the download after the upload', () => {
    expect(rejectedFileName('Guests 2024.csv')).toBe('Guests 2024-rejected.csv');
    expect(rejectedFileName('orders.final.CSV')).toBe('orders.final-rejected.csv');
    expect(rejectedFileName('noext')).toBe('noext-rejected.csv');
    expect(rejectedFileName('.csv')).toBe('import-rejected.csv');
  });
});

describe('countByCode', () => {
  it('counts per code, most first', () => {
    const counts = countByCode([
      rejection({ code: 'REQUIRED' }),
      rejection(),
      rejection({ code: 'INVALID_DATE' }),
      rejection(),
      rejection(),
    ]);
    expect(counts).toEqual([
      { code: 'INVALID_EMAIL', count: 3 },
      { code: 'REQUIRED', count: 1 },
      { code: 'INVALID_DATE', count: 1 },
    ]);
  });

  it('is empty for no rejections', () => {
    expect(countByCode([])).toEqual([]);
  });
});
