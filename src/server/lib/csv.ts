import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make a spreadsheet read a cell as a formula ("CSV injection": `=`, `+`, `-`,
 * `@`, and tab or carriage return, which some spreadsheets skip before one), after any run of
 * apostrophes — so that a value that begins with an apostrophe and then one of them survives
 * the round trip too.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * A cell as exported: one a spreadsheet would run as a formula gets a leading apostrophe, which
 * spreadsheets show as text (`=HYPERLINK(…)` stays text; `+44 20 7946 0958` too). The imports
 * take it off again (`importedCell`), so an export imports back unchanged.
 * @example exportedCell('=1+1') === "'=1+1"; exportedCell('Ana') === 'Ana'
 */
export function exportedCell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

/**
 * A cell as imported: the apostrophe an export put before a formula character taken off again
 * (one, and only before a formula character: `'twas` stays as it is).
 * @example importedCell("'=1+1") === '=1+1'; importedCell("''=x") === "'=x"
 */
export function importedCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

/** CSV lines (RFC 4180 quoting) of `rows`, every cell guarded as `exportedCell` does: the one CSV writer of exports. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => row.map(exportedCell)));
}
