import {
  IMPORT_EXPORT_ONLY_COLUMNS,
  IMPORT_FIELD_ALIASES,
  IMPORT_MULTI_FIELDS,
  IMPORT_REQUIRED_COLUMNS,
  type ImportField,
  type ImportKind,
  type ImportMapping,
  normalizeHeaderName,
} from '../../../shared/contracts/imports.js';

/**
 * The column mapping of the import screen, computed from the shared alias table the server maps
 * by (`mapHeader` in src/server/features/imports/imports.core.ts), so "automatic" shows what
 * the server will do and only the columns someone changed are sent as overrides.
 */

/** Where a column's cells go. */
export type ColumnTarget =
  | { type: 'field'; field: string }
  /** Kept as a custom attribute (customers) or a property (touch points). */
  | { type: 'extra' }
  /**
   * Not imported: `chosen` by the person, `no-header` (an empty header cell), `export-only`
   * (a column of Rapport's own export the import does not take), or `not-kept` (orders keep
   * no custom columns).
   */
  | { type: 'ignored'; reason: 'chosen' | 'no-header' | 'export-only' | 'not-kept' };

/** Let the server's alias table decide. */
export const AUTO = 'auto';
/** Do not import the column. */
export const IGNORE = 'ignore';
/** What someone picked for a column: automatic, ignore, or a field name. */
export type ColumnChoice = typeof AUTO | typeof IGNORE | string;

/** Choices by normalised header: the server applies an override to every column of that name. */
export type ColumnChoices = Readonly<Record<string, ColumnChoice>>;

/** The fields of a kind, in the alias table's order. */
export function fieldsOf<K extends ImportKind>(kind: K): ImportField<K>[] {
  return Object.keys(IMPORT_FIELD_ALIASES[kind]) as ImportField<K>[];
}

const aliasIndexes = new Map<ImportKind, Map<string, string>>();
function aliasIndex(kind: ImportKind): Map<string, string> {
  let index = aliasIndexes.get(kind);
  if (!index) {
    index = new Map();
    for (const [field, aliases] of Object.entries(IMPORT_FIELD_ALIASES[kind])) {
      for (const alias of aliases as readonly string[]) index.set(normalizeHeaderName(alias), field);
    }
    aliasIndexes.set(kind, index);
  }
  return index;
}

/**
 * What the server does with a column when no mapping names it.
 * @example automaticTarget('customers', 'E-mail Address') // { type: 'field', field: 'email' }
 * @example automaticTarget('customers', 'Email 2') // { type: 'field', field: 'email' } (a second e-mail)
 * @example automaticTarget('orders', 'Room') // { type: 'ignored', reason: 'not-kept' }
 */
export function automaticTarget(kind: ImportKind, header: string): ColumnTarget {
  const name = header.replace(/^\uFEFF/, '').trim();
  if (name === '') return { type: 'ignored', reason: 'no-header' };
  const norm = normalizeHeaderName(name);
  const index = aliasIndex(kind);
  const direct = index.get(norm);
  if (direct) return { type: 'field', field: direct };
  const numbered = /^(.*?)(\d+)$/.exec(norm);
  const base = numbered ? index.get(numbered[1] ?? '') : undefined;
  if (base && (IMPORT_MULTI_FIELDS[kind] as readonly string[]).includes(base)) {
    return { type: 'field', field: base };
  }
  if (IMPORT_EXPORT_ONLY_COLUMNS[kind].includes(norm)) return { type: 'ignored', reason: 'export-only' };
  return kind === 'orders' ? { type: 'ignored', reason: 'not-kept' } : { type: 'extra' };
}

/** One file column with its automatic target, the choice made and the target that results. */
export interface PlannedColumn {
  /** 0-based position in the file. */
  index: number;
  header: string;
  auto: ColumnTarget;
  choice: ColumnChoice;
  target: ColumnTarget;
}

/** The key a column's choice is stored under (see `ColumnChoices`). */
export function choiceKey(header: string): string {
  return normalizeHeaderName(header.trim());
}

/**
 * Every column of the header with where it goes, given the choices made.
 * @example planColumns('customers', ['Mail', 'Notes'], { notes: 'ignore' })[1]?.target
 *   // { type: 'ignored', reason: 'chosen' }
 */
export function planColumns(
  kind: ImportKind,
  headers: readonly string[],
  choices: ColumnChoices,
): PlannedColumn[] {
  const known = new Set<string>(fieldsOf(kind));
  return headers.map((header, index) => {
    const auto = automaticTarget(kind, header);
    // A column without a header cannot be named in a mapping, so it stays as the server has it.
    const stored = auto.type === 'ignored' && auto.reason === 'no-header' ? AUTO : choices[choiceKey(header)];
    const choice = stored === IGNORE || (stored !== undefined && known.has(stored)) ? stored : AUTO;
    const target: ColumnTarget =
      choice === AUTO
        ? auto
        : choice === IGNORE
          ? { type: 'ignored', reason: 'chosen' }
          : { type: 'field', field: choice };
    return { index, header, auto, choice, target };
  });
}

/**
 * The `mapping` to send: only the columns whose choice changes what the server would do, so
 * a file mapped as is sends no mapping at all.
 * @example mappingOverrides(planColumns('customers', ['Mail', 'Notes'], { mail: 'email', notes: 'ignore' }))
 *   // { Notes: null }   ('Mail' maps to email anyway)
 */
export function mappingOverrides(plan: readonly PlannedColumn[]): ImportMapping {
  const mapping: ImportMapping = {};
  for (const column of plan) {
    if (column.choice === AUTO) continue;
    if (column.choice === IGNORE) {
      if (column.auto.type !== 'ignored') mapping[column.header] = null;
    } else if (column.auto.type !== 'field' || column.auto.field !== column.choice) {
      mapping[column.header] = column.choice;
    }
  }
  return mapping;
}

/** What would make the server refuse the whole file, found before uploading it. */
export interface MappingProblems<K extends ImportKind = ImportKind> {
  /** Required columns no column maps to, each as its alternatives (one of them is enough). */
  missing: (readonly ImportField<K>[])[];
  /** Fields that take one column but several map to them. */
  duplicates: { field: string; headers: string[] }[];
}

/**
 * The required columns missing and the fields mapped twice, as the server checks them.
 * @example mappingProblems('customers', planColumns('customers', ['first_name'], {})).missing
 *   // [['external_id', 'email', 'phone']]
 */
export function mappingProblems<K extends ImportKind>(
  kind: K,
  plan: readonly PlannedColumn[],
): MappingProblems<K> {
  const byField = new Map<string, string[]>();
  for (const column of plan) {
    if (column.target.type !== 'field') continue;
    const list = byField.get(column.target.field) ?? [];
    list.push(column.header);
    byField.set(column.target.field, list);
  }
  const multi = IMPORT_MULTI_FIELDS[kind] as readonly string[];
  const required = IMPORT_REQUIRED_COLUMNS[kind] as readonly (readonly ImportField<K>[])[];
  return {
    missing: required.filter((alternatives) => !alternatives.some((f) => byField.has(f))),
    duplicates: [...byField]
      .filter(([field, headers]) => headers.length > 1 && !multi.includes(field))
      .map(([field, headers]) => ({ field, headers })),
  };
}

/** The file columns the import will not keep, as the run's report lists them. */
export function ignoredColumns(plan: readonly PlannedColumn[]): string[] {
  return plan
    .filter((c) => c.target.type === 'ignored' && c.target.reason !== 'no-header')
    .map((c) => c.header);
}

/** The accepted headers of a field, for hints: `email (email, email_address, mail)`. */
export function aliasesOf(kind: ImportKind, field: string): readonly string[] {
  return (IMPORT_FIELD_ALIASES[kind] as Record<string, readonly string[]>)[field] ?? [];
}
