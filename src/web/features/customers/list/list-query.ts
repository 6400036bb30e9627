import type { z } from 'zod';
import type { Channel } from '../../../../shared/contracts/common.js';
import type {
  CUSTOMER_SORTS,
  CustomerExportQuery,
  CustomerListQuery,
} from '../../../../shared/contracts/customers.js';
import { CUSTOMER_COLUMNS, type CustomerColumn } from '../../../../shared/contracts/saved-views.js';
import { CHANNEL_LABELS } from '../../../../shared/contracts/touchpoints.js';
import { queryString } from '../../../lib/api.js';
import { minorPerMajor } from '../../dashboard/dashboard.charts.js';
import { LAPSED_P_ALIVE, TIER_LABELS } from '../../value/value.labels.js';
import type { CustomersSearch } from '../customers.search.js';
import { addDays, dayOf, startOfDay } from './dates.js';

/**
 * The customers list's URL state (`CustomersSearch`) as the API's list and export queries,
 * plus the small decisions around it: defaults, visible columns, sort toggling, filter chips
 * and last-activity presets. Pure, so every rule is unit-tested.
 */

export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** What the list shows when the URL names no columns: who, how to reach them, how recent, their value. */
export const DEFAULT_COLUMNS: readonly CustomerColumn[] = [
  'fullName',
  'primaryEmail',
  'primaryPhone',
  'tags',
  'lastActivityAt',
  'value',
  'createdAt',
];

/** The API's defaults, so a URL without `sort`/`order` and one with them spelled out are the same list. */
export const DEFAULT_SORT: CustomerSort = 'createdAt';
export const DEFAULT_ORDER: SortOrder = 'desc';

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** The URL fields that narrow the list (as opposed to how it is sorted and shown). */
export const FILTER_KEYS = [
  'q',
  'tag',
  'channel',
  'createdFrom',
  'createdTo',
  'lastActivityFrom',
  'lastActivityTo',
  'hasOpenTask',
  'valueTier',
  'minClvMinor',
  'maxPAlive',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type CustomerFilters = Pick<CustomersSearch, FilterKey>;

/** The filter fields that are set; unset ones are left out rather than `undefined`. */
export function filtersOf(search: CustomersSearch): CustomerFilters {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = search[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out as CustomerFilters;
}

export function hasFilters(search: CustomersSearch): boolean {
  return Object.keys(filtersOf(search)).length > 0;
}

/** Every filter off; sort, columns and the saved view stay. */
export function clearFilters(search: CustomersSearch): CustomersSearch {
  const out: CustomersSearch = { ...search };
  for (const key of FILTER_KEYS) delete out[key];
  return out;
}

export function sortOf(search: CustomersSearch): { sort: CustomerSort; order: SortOrder } {
  return { sort: search.sort ?? DEFAULT_SORT, order: search.order ?? DEFAULT_ORDER };
}

/**
 * The sort after clicking a sortable column's header: the same column flips its order; a new
 * column starts A→Z for names and newest first for dates. Defaults are left out of the URL.
 */
export function nextSort(
  search: CustomersSearch,
  column: CustomerSort,
): Pick<CustomersSearch, 'sort' | 'order'> {
  const current = sortOf(search);
  const order: SortOrder =
    current.sort === column
      ? current.order === 'asc'
        ? 'desc'
        : 'asc'
      : column === 'fullName'
        ? 'asc'
        : 'desc';
  return {
    sort: column === DEFAULT_SORT ? undefined : column,
    order: order === DEFAULT_ORDER ? undefined : order,
  };
}

/** The coerced numbers of the contract (`unknown` as zod inputs) as the numbers this module sends. */
type NumberParams = { limit?: number; minClvMinor?: number; maxPAlive?: number };
type ListParams = Omit<z.input<typeof CustomerListQuery>, keyof NumberParams> & NumberParams;
type ExportParams = Omit<z.input<typeof CustomerExportQuery>, keyof NumberParams> & NumberParams;

function filterParams(search: CustomersSearch): Omit<ListParams, 'limit' | 'cursor' | 'sort' | 'order'> {
  const f = filtersOf(search);
  return {
    ...(f.q?.trim() ? { q: f.q.trim() } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.createdFrom ? { createdFrom: f.createdFrom } : {}),
    ...(f.createdTo ? { createdTo: f.createdTo } : {}),
    ...(f.lastActivityFrom ? { lastActivityFrom: f.lastActivityFrom } : {}),
    ...(f.lastActivityTo ? { lastActivityTo: f.lastActivityTo } : {}),
    ...(f.hasOpenTask !== undefined ? { hasOpenTask: f.hasOpenTask ? 'true' : 'false' } : {}),
    ...(f.valueTier ? { valueTier: f.valueTier } : {}),
    ...(f.minClvMinor !== undefined ? { minClvMinor: f.minClvMinor } : {}),
    ...(f.maxPAlive !== undefined ? { maxPAlive: f.maxPAlive } : {}),
  };
}

/**
 * The `GET /customers` query for the URL state and one page. Sort and order are always sent,
 * so the cache key of "default sort" and "createdAt desc spelled out" is the same.
 */
export function toListQuery(
  search: CustomersSearch,
  page: { limit: number; cursor?: string | undefined },
): ListParams {
  return {
    ...filterParams(search),
    ...sortOf(search),
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/** The export link for exactly the rows the list shows (all pages), in the list's order. */
export function exportHref(search: CustomersSearch, format: 'csv' | 'json' = 'csv'): string {
  const params: ExportParams = { format, ...filterParams(search), ...sortOf(search) };
  return `/api/v1/customers/export${queryString(params)}`;
}

/** The visible columns, always in the canonical order so the table never reshuffles. */
export function visibleColumns(search: CustomersSearch): CustomerColumn[] {
  const chosen = new Set<CustomerColumn>(search.cols?.length ? search.cols : DEFAULT_COLUMNS);
  return CUSTOMER_COLUMNS.filter((c) => chosen.has(c));
}

/**
 * `cols` after showing or hiding one column: never empty (the last column cannot be hidden),
 * and `undefined` when it is the default set, so plain links stay short.
 */
export function toggleColumn(
  search: CustomersSearch,
  column: CustomerColumn,
  visible: boolean,
): CustomersSearch['cols'] {
  const current = new Set(visibleColumns(search));
  if (visible) current.add(column);
  else if (current.size > 1) current.delete(column);
  return normalizeColumns(CUSTOMER_COLUMNS.filter((c) => current.has(c)));
}

/** Columns in canonical order, or `undefined` for the default set. */
export function normalizeColumns(columns: readonly CustomerColumn[]): CustomersSearch['cols'] {
  const set = new Set(columns);
  const ordered = CUSTOMER_COLUMNS.filter((c) => set.has(c));
  if (ordered.length === 0) return undefined;
  const isDefault = ordered.length === DEFAULT_COLUMNS.length && DEFAULT_COLUMNS.every((c) => set.has(c));
  return isDefault ? undefined : ordered;
}

/** A stable text key of what the list shows (not which page): when it changes, paging starts over. */
export function listKey(search: CustomersSearch, limit: number): string {
  return JSON.stringify({ ...filterParams(search), ...sortOf(search), limit });
}

// Last activity presets -----------------------------------------------------------------

export const ACTIVITY_PRESETS = ['any', 'active30', 'active90', 'inactive90', 'custom'] as const;
export type ActivityPreset = (typeof ACTIVITY_PRESETS)[number];

export const ACTIVITY_PRESET_LABELS: Record<ActivityPreset, string> = {
  any: 'Any time',
  active30: 'Active in the last 30 days',
  active90: 'Active in the last 90 days',
  inactive90: 'No activity for 90+ days',
  custom: 'Custom range…',
};

/**
 * The last-activity bounds of a preset, counted in whole days back from today in the
 * workspace's zone (a day boundary, so the link stays the same all day and caches well).
 * `custom` and `any` set nothing; the custom inputs fill the bounds themselves.
 */
export function activityPresetRange(
  preset: ActivityPreset,
  now: Date,
  timeZone: string,
): Pick<CustomersSearch, 'lastActivityFrom' | 'lastActivityTo'> {
  const daysAgo = (n: number) => {
    const day = addDays(dayOf(now, timeZone), -n);
    return day ? startOfDay(day, timeZone)?.toISOString() : undefined;
  };
  switch (preset) {
    case 'active30':
      return { lastActivityFrom: daysAgo(30), lastActivityTo: undefined };
    case 'active90':
      return { lastActivityFrom: daysAgo(90), lastActivityTo: undefined };
    case 'inactive90':
      return { lastActivityFrom: undefined, lastActivityTo: daysAgo(90) };
    case 'any':
    case 'custom':
      return { lastActivityFrom: undefined, lastActivityTo: undefined };
    default:
      return assertNever(preset);
  }
}

/** Which preset the URL's last-activity bounds are (today), `custom` for any other bounds. */
export function activityPresetOf(search: CustomersSearch, now: Date, timeZone: string): ActivityPreset {
  const from = search.lastActivityFrom;
  const to = search.lastActivityTo;
  if (!from && !to) return 'any';
  for (const preset of ['active30', 'active90', 'inactive90'] as const) {
    const range = activityPresetRange(preset, now, timeZone);
    if (sameInstant(range.lastActivityFrom, from) && sameInstant(range.lastActivityTo, to)) return preset;
  }
  return 'custom';
}

/** Two optional ISO instants are the same moment (`…Z` and `…+01:00` spellings alike). */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Date.parse(a) === Date.parse(b);
}

// Filter chips --------------------------------------------------------------------------

export interface FilterChip {
  /** The URL fields the chip stands for; removing the chip clears them. */
  keys: FilterKey[];
  label: string;
}

/** Whether an instant is the last millisecond of a day in the zone (what the "to" date inputs write). */
function isEndOfDay(iso: string, timeZone: string): boolean {
  const ms = Date.parse(iso);
  return dayOf(new Date(ms), timeZone) !== dayOf(new Date(ms + 1), timeZone);
}

/**
 * The active filters as sentences for chips ("Active since 3 Sep 2026"). The search text is
 * not a chip: the search box shows it. `formatDate` is the workspace formatter's `date`, and
 * `timeZone` its zone: a "to" bound at the end of a day reads "after" that day (activity on
 * it counts), one at its start (a dashboard tile's instant) reads "since". Channels read as the
 * workspace labels them (`channelLabel`, from the touch-point catalogue), and the minimum CLV
 * in the workspace's money (`formatMoney`, minor units).
 */
export function filterChips(
  search: CustomersSearch,
  formatDate: (d: string) => string,
  timeZone: string,
  channelLabel: (channel: Channel) => string = (c) => CHANNEL_LABELS[c],
  formatMoney: (minor: number) => string = String,
): FilterChip[] {
  const f = filtersOf(search);
  const chips: FilterChip[] = [];
  if (f.channel) chips.push({ keys: ['channel'], label: `Channel: ${channelLabel(f.channel as Channel)}` });
  if (f.tag) chips.push({ keys: ['tag'], label: `Tagged “${f.tag}”` });
  if (f.lastActivityFrom)
    chips.push({ keys: ['lastActivityFrom'], label: `Active since ${formatDate(f.lastActivityFrom)}` });
  if (f.lastActivityTo) {
    const word = isEndOfDay(f.lastActivityTo, timeZone) ? 'after' : 'since';
    chips.push({ keys: ['lastActivityTo'], label: `No activity ${word} ${formatDate(f.lastActivityTo)}` });
  }
  if (f.createdFrom)
    chips.push({ keys: ['createdFrom'], label: `Created from ${formatDate(f.createdFrom)}` });
  if (f.createdTo) chips.push({ keys: ['createdTo'], label: `Created until ${formatDate(f.createdTo)}` });
  if (f.hasOpenTask !== undefined)
    chips.push({ keys: ['hasOpenTask'], label: f.hasOpenTask ? 'Has an open task' : 'No open task' });
  if (f.valueTier) chips.push({ keys: ['valueTier'], label: `Value tier: ${TIER_LABELS[f.valueTier]}` });
  if (f.minClvMinor !== undefined)
    chips.push({ keys: ['minClvMinor'], label: `CLV at least ${formatMoney(f.minClvMinor)}` });
  if (f.maxPAlive !== undefined) chips.push({ keys: ['maxPAlive'], label: pAliveLabel(f.maxPAlive) });
  return chips;
}

// Value filters -------------------------------------------------------------------------

/** The maximum-P(alive) choices of the filter; the first is the "likely lapsed" line. */
export const P_ALIVE_PRESETS = [LAPSED_P_ALIVE, 0.1, 0.5, 0.7] as const;

/**
 * A maximum P(alive) as the filter names it.
 * @example pAliveLabel(0.3) === 'Likely lapsed: P(alive) ≤ 0.3'; pAliveLabel(0.5) === 'P(alive) ≤ 0.5'
 */
export function pAliveLabel(max: number): string {
  const bound = `P(alive) ≤ ${max}`;
  if (max <= 0.1) return `Almost certainly lapsed: ${bound}`;
  if (max <= LAPSED_P_ALIVE) return `Likely lapsed: ${bound}`;
  return bound;
}

/** The P(alive) filter's options, with the URL's value among them even when it is no preset. */
export function pAliveOptions(current: number | undefined): { value: string; label: string }[] {
  const values = new Set<number>(P_ALIVE_PRESETS);
  if (current !== undefined) values.add(current);
  return [...values].sort((a, b) => a - b).map((v) => ({ value: String(v), label: pAliveLabel(v) }));
}

/**
 * Major units typed into a money input as integer minor units of the currency, or undefined for
 * an empty or unusable input (a comma is read as the decimal point).
 * @example majorToMinor('12.5', 'EUR') === 1250; majorToMinor('500', 'JPY') === 500; majorToMinor('', 'EUR') === undefined
 */
export function majorToMinor(text: string, currency: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value * minorPerMajor(currency));
}

/** Minor units as the major-unit text a money input shows. @example minorToMajor(1250, 'EUR') === '12.5' */
export function minorToMajor(minor: number, currency: string): string {
  return String(minor / minorPerMajor(currency));
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value ${String(value)}`);
}
