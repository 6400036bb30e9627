import type { CustomerViewState } from '../../../../shared/contracts/saved-views.js';
import type { CustomersSearch } from '../customers.search.js';
import { normalizeColumns, sameInstant, sortOf, visibleColumns } from './list-query.js';

/**
 * A saved view's state ↔ the list's URL state. Applying a view writes its whole state into
 * the URL (plus `view=<id>`), so the list itself only ever reads the URL. A view remembers every
 * filter (the value filters too), the sort and the visible columns (the Value column too).
 */

/** The fields of a view other than its columns, each with how two of its values compare. */
type Field = Exclude<keyof CustomerViewState, 'columns'>;
type Equal<K extends Field> = (a: CustomerViewState[K], b: CustomerViewState[K]) => boolean;

const same = <T>(a: T, b: T) => a === b;

/**
 * How each field compares: instants as moments (`…Z` and `…+01:00` alike), the rest as values.
 * Keyed by every field of the contract, so a field added to the view is a type error here until
 * "edited" notices it.
 */
const EQUAL: { [K in Field]: Equal<K> } = {
  q: same,
  tag: same,
  channel: same,
  createdFrom: sameInstant,
  createdTo: sameInstant,
  lastActivityFrom: sameInstant,
  lastActivityTo: sameInstant,
  hasOpenTask: same,
  valueTier: same,
  minClvMinor: same,
  maxPAlive: same,
  sort: same,
  order: same,
};
const FIELDS = Object.keys(EQUAL) as Field[];

function fieldDiffers<K extends Field>(key: K, a: CustomerViewState, b: CustomerViewState): boolean {
  return !EQUAL[key](a[key], b[key]);
}

/** What a view would remember of the current URL. */
export function searchToViewState(search: CustomersSearch): CustomerViewState {
  const q = search.q?.trim();
  return {
    ...(q ? { q } : {}),
    ...(search.tag ? { tag: search.tag } : {}),
    ...(search.channel ? { channel: search.channel } : {}),
    ...(search.createdFrom ? { createdFrom: search.createdFrom } : {}),
    ...(search.createdTo ? { createdTo: search.createdTo } : {}),
    ...(search.lastActivityFrom ? { lastActivityFrom: search.lastActivityFrom } : {}),
    ...(search.lastActivityTo ? { lastActivityTo: search.lastActivityTo } : {}),
    ...(search.hasOpenTask !== undefined ? { hasOpenTask: search.hasOpenTask } : {}),
    ...(search.valueTier ? { valueTier: search.valueTier } : {}),
    // Zero is a bound ("CLV at least 0", "P(alive) at most 0"), not "unset".
    ...(search.minClvMinor !== undefined ? { minClvMinor: search.minClvMinor } : {}),
    ...(search.maxPAlive !== undefined ? { maxPAlive: search.maxPAlive } : {}),
    ...sortOf(search),
    columns: visibleColumns(search),
  };
}

/** The URL state that shows a view: its filters, sort and columns, defaults left out. */
export function viewStateToSearch(state: CustomerViewState, viewId?: string): CustomersSearch {
  const cols = normalizeColumns(state.columns);
  return {
    ...(state.q ? { q: state.q } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.createdFrom ? { createdFrom: state.createdFrom } : {}),
    ...(state.createdTo ? { createdTo: state.createdTo } : {}),
    ...(state.lastActivityFrom ? { lastActivityFrom: state.lastActivityFrom } : {}),
    ...(state.lastActivityTo ? { lastActivityTo: state.lastActivityTo } : {}),
    ...(state.hasOpenTask !== undefined ? { hasOpenTask: state.hasOpenTask } : {}),
    ...(state.valueTier ? { valueTier: state.valueTier } : {}),
    ...(state.minClvMinor !== undefined ? { minClvMinor: state.minClvMinor } : {}),
    ...(state.maxPAlive !== undefined ? { maxPAlive: state.maxPAlive } : {}),
    ...(state.sort !== 'createdAt' ? { sort: state.sort } : {}),
    ...(state.order !== 'desc' ? { order: state.order } : {}),
    ...(cols ? { cols } : {}),
    ...(viewId ? { view: viewId } : {}),
  };
}

/**
 * Whether the URL shows something other than the view (so "Update view" has something to
 * save). Instants compare as moments, columns as sets.
 */
export function isViewModified(state: CustomerViewState, search: CustomersSearch): boolean {
  const current = searchToViewState(search);
  const saved = searchToViewState(viewStateToSearch(state));
  return (
    FIELDS.some((key) => fieldDiffers(key, current, saved)) || current.columns.join() !== saved.columns.join()
  );
}
