import type { CustomerViewState } from '../../../../shared/contracts/saved-views.js';
import type { CustomersSearch } from '../customers.search.js';
import { isViewColumn } from './columns.js';
import { normalizeColumns, sameInstant, sortOf, visibleColumns } from './list-query.js';

/**
 * A saved view's state ↔ the list's URL state. Applying a view writes its whole state into
 * the URL (plus `view=<id>`), so the list itself only ever reads the URL.
 *
 * The view contract (`CustomerViewState`) has no value filters (tier, minimum CLV, maximum
 * P(alive)) and no Value column yet: a view leaves the value filters out, and the Value column is
 * shown with every view applied.
 */

const DATE_FIELDS = ['createdFrom', 'createdTo', 'lastActivityFrom', 'lastActivityTo'] as const;

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
    ...sortOf(search),
    columns: viewColumns(search),
  };
}

/** The visible columns a view can hold; Name when only the Value column is shown. */
function viewColumns(search: CustomersSearch): CustomerViewState['columns'] {
  const columns = visibleColumns(search).filter(isViewColumn);
  return columns.length ? columns : ['fullName'];
}

/** The URL state that shows a view: its filters, sort and columns, defaults left out. */
export function viewStateToSearch(state: CustomerViewState, viewId?: string): CustomersSearch {
  const cols = normalizeColumns([...state.columns, 'value']);
  return {
    ...(state.q ? { q: state.q } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.createdFrom ? { createdFrom: state.createdFrom } : {}),
    ...(state.createdTo ? { createdTo: state.createdTo } : {}),
    ...(state.lastActivityFrom ? { lastActivityFrom: state.lastActivityFrom } : {}),
    ...(state.lastActivityTo ? { lastActivityTo: state.lastActivityTo } : {}),
    ...(state.hasOpenTask !== undefined ? { hasOpenTask: state.hasOpenTask } : {}),
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
  for (const key of DATE_FIELDS) if (!sameInstant(current[key], saved[key])) return true;
  return (
    current.q !== saved.q ||
    current.tag !== saved.tag ||
    current.channel !== saved.channel ||
    current.hasOpenTask !== saved.hasOpenTask ||
    current.sort !== saved.sort ||
    current.order !== saved.order ||
    current.columns.join() !== saved.columns.join()
  );
}
