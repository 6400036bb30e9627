import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, previewCsv, sniffDelimiter } from './csv-reader.js';

const cells = (text: string, opts?: Parameters<typeof parseCsv>[1]) =>
  parseCsv(text, opts).records.map((r) => r.cells);
const lines = (text: string) => parseCsv(text).records.map((r) => r.line);

describe('parseCsv', () => {
  it('splits plain records on LF, CRLF and lone CR', () => {
    expect(cells('a,b\n1,2\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(lines('a,b\n1,2\r\n3,4\r5,6')).toEqual([1, 2, 3, 4]);
  });

  it('does not make a record of the final line break', () => {
    expect(cells('a\n1\n')).toEqual([['a'], ['1']]);
    expect(cells('a\r\n1\r\n')).toEqual([['a'], ['1']]);
  });

  it('reads quoted cells with delimiters, escaped quotes and line breaks inside', () => {
    const text = 'name,note\n"Lee, Ann","She said ""hi"""\n"Omar","two\nlines"\n';
    expect(cells(text)).toEqual([
      ['name', 'note'],
      ['Lee, Ann', 'She said "hi"'],
      ['Omar', 'two\nlines'],
    ]);
  });

  it('names a multi-line record by its first line and counts the lines it spans', () => {
    const text = 'a,b\n"x\ny\r\nz",1\n2,3\n"p\rq",4\n5,6\n';
    expect(lines(text)).toEqual([1, 2, 5, 6, 8]);
  });

  it('keeps CRLF inside quotes as written', () => {
    expect(cells('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('drops a leading BOM', () => {
    expect(cells('\uFEFFemail,name\nann@example.com,Ann\n')[0]).toEqual(['email', 'name']);
  });

  it('keeps empty cells, an empty last cell and blank lines', () => {
    expect(cells('a,,c,\n\n1,2,3,4')).toEqual([['a', '', 'c', ''], [''], ['1', '2', '3', '4']]);
    expect(cells('""')).toEqual([['']]);
    expect(cells('')).toEqual([]);
  });

  it('treats quotes inside unquoted cells, and text after a closing quote, as written', () => {
    expect(cells('ab"c,5 "in",x\n')).toEqual([['ab"c', '5 "in"', 'x']]);
    expect(cells('"abc"def,x\n')).toEqual([['"abc"def', 'x']]);
    expect(cells('"a""b"c,d\n')).toEqual([['"a"b"c', 'd']]);
  });

  it('keeps the text a CSV cell holds, markup included, as plain text', () => {
    expect(cells('note\n"<script>alert(1)</script>"\n')[1]).toEqual(['<script>alert(1)</script>']);
  });

  it('reports an unclosed quote on the line its record starts', () => {
    const result = parseCsv('a,b\n1,2\n"open,3\n4,5\n');
    expect(result.records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(result.failure?.line).toBe(3);
    expect(result.failure?.message).toMatch(/never closed/);
  });

  it('uses the delimiter it is given', () => {
    expect(cells('a;b,c\n', { delimiter: ';' })).toEqual([['a', 'b,c']]);
    expect(cells('a\tb\n', { delimiter: '\t' })).toEqual([['a', 'b']]);
  });

  it('sniffs `;` files', () => {
    const result = parseCsv('email;first_name\nann@example.com;Ann\n');
    expect(result.delimiter).toBe(';');
    expect(result.records[1]?.cells).toEqual(['ann@example.com', 'Ann']);
  });

  describe('partial text (the first bytes of a file)', () => {
    it('drops the last record, which may be cut off', () => {
      expect(cells('a,b\n1,2\n3,4', { partial: true })).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
    });

    it('keeps the last record when a line break ends it', () => {
      expect(cells('a,b\n1,2\n', { partial: true })).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
    });

    it('takes a quote still open at the end as cut off, not malformed', () => {
      const result = parseCsv('a,b\n1,2\n"cut\noff', { partial: true });
      expect(result.failure).toBeNull();
      expect(result.records).toHaveLength(2);
    });
  });

  // csv-parse with the server's options is the reference: the preview must split every input
  // the way the import will, and number its lines the way the report will.
  const serverParse = (text: string, delimiter: string) =>
    parse(text, {
      bom: true,
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  const breaksIn = (row: string[]) =>
    row.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

  it('splits any text as the server’s csv-parse does, with the same line numbers', () => {
    const piece = fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', '\r', '\r\n', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom(',', ';'), (pieces, delimiter) => {
        const text = pieces.join('');
        let expected: string[][] | null;
        try {
          expected = serverParse(text, delimiter);
        } catch {
          expected = null;
        }
        const result = parseCsv(text, { delimiter: delimiter as ',' | ';' });
        if (expected === null) {
          expect(result.failure).not.toBeNull();
          return;
        }
        expect(result.failure).toBeNull();
        expect(result.records.map((r) => r.cells)).toEqual(expected);
        let line = 1;
        const expectedLines = expected.map((row) => {
          const at = line;
          line += 1 + breaksIn(row);
          return at;
        });
        expect(result.records.map((r) => r.line)).toEqual(expectedLines);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back whatever a CSV writer writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', '<', 'ü') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1 }), (rows) => {
        const width = rows[0]?.length ?? 0;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        // Line breaks of either kind must be quoted, whatever the record delimiter.
        const text = stringify(table, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
        expect(cells(text)).toEqual(table);
      }),
    );
  });
});

describe('sniffDelimiter', () => {
  it('picks the delimiter used most in the header, outside quotes', () => {
    expect(sniffDelimiter('a,b,c')).toBe(',');
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('"a;b;c",d')).toBe(',');
    expect(sniffDelimiter('\uFEFFid;name')).toBe(';');
  });

  it('looks at the header line only', () => {
    expect(sniffDelimiter('id\n1;2;3;4')).toBe(',');
  });

  it('falls back to a comma for one-column files and ties', () => {
    expect(sniffDelimiter('email')).toBe(',');
    expect(sniffDelimiter('a,b;c')).toBe(',');
  });
});

describe('previewCsv', () => {
  it('trims the header and leaves blank lines out of the rows, keeping their lines', () => {
    const preview = previewCsv(
      '\n Email , First name\nann@example.com,Ann\n\n,\nbob@example.com,Bob\n',
      true,
    );
    expect(preview?.header).toEqual(['Email', 'First name']);
    expect(preview?.rows).toEqual([
      { line: 3, cells: ['ann@example.com', 'Ann'] },
      { line: 6, cells: ['bob@example.com', 'Bob'] },
    ]);
    expect(preview?.complete).toBe(true);
  });

  it('is null for a file with no header', () => {
    expect(previewCsv('', true)).toBeNull();
    expect(previewCsv('\n\n , \n', true)).toBeNull();
  });

  it('passes a malformed record on, so the screen can warn before the run', () => {
    expect(previewCsv('a\n"x\n', true)?.failure?.line).toBe(2);
  });
});
