import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLines, exportedCell, importedCell } from './csv.js';

describe('exportedCell and importedCell', () => {
  it('guard every cell a spreadsheet would run as a formula, and leave the rest as they are', () => {
    for (const risky of ['=1+1', '+44 20 7946 0958', '-2', '@SUM(A1)', '\t=cmd', '\r=cmd', "'=x", "''+1"]) {
      expect(exportedCell(risky)).toBe(`'${risky}`);
    }
    for (const plain of ['Ana', '', "'twas", '1+1', 'a=b', ' =x']) expect(exportedCell(plain)).toBe(plain);
  });

  it('import back to the very value exported, whatever it was', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', '1') });
    fc.assert(
      fc.property(text, (value) => {
        const out = exportedCell(value);
        expect(importedCell(out)).toBe(value);
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes CSV that parses back to the guarded cells', () => {
    const text = csvLines([
      ['name', 'phone'],
      ['=HYPERLINK("http://evil.example","x")', '+44 1'],
    ]);
    expect(parse(text)).toEqual([
      ['name', 'phone'],
      ['\'=HYPERLINK("http://evil.example","x")', "'+44 1"],
    ]);
  });
});
