import { describe, expect, it } from 'vitest';
import { CustomerViewState } from '../../../../shared/contracts/saved-views.js';
import type { CustomersSearch } from '../customers.search.js';
import { isViewColumn } from './columns.js';
import { DEFAULT_COLUMNS } from './list-query.js';
import { isViewModified, searchToViewState, viewStateToSearch } from './view-state.js';

/** The default columns a view can hold (the contract has no Value column). */
const VIEW_DEFAULTS = DEFAULT_COLUMNS.filter(isViewColumn);

describe('searchToViewState', () => {
  it('fills the defaults a view must carry (sort, order, columns)', () => {
    const state = searchToViewState({});
    expect(state).toEqual({ sort: 'createdAt', order: 'desc', columns: VIEW_DEFAULTS });
    expect(CustomerViewState.parse(state)).toEqual(state);
  });

  it('keeps every filter and the trimmed search, and drops the view id', () => {
    const search: CustomersSearch = {
      q: ' ann ',
      tag: 'vip',
      channel: 'spa',
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      lastActivityFrom: '2026-03-01T00:00:00.000Z',
      lastActivityTo: '2026-04-01T00:00:00.000Z',
      hasOpenTask: false,
      sort: 'fullName',
      order: 'asc',
      cols: ['tags', 'fullName'],
      view: 'v1',
    };
    expect(searchToViewState(search)).toEqual({
      q: 'ann',
      tag: 'vip',
      channel: 'spa',
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      lastActivityFrom: '2026-03-01T00:00:00.000Z',
      lastActivityTo: '2026-04-01T00:00:00.000Z',
      hasOpenTask: false,
      sort: 'fullName',
      order: 'asc',
      columns: ['fullName', 'tags'],
    });
  });
});

describe('viewStateToSearch', () => {
  it('writes a view into the URL with its id, leaving defaults out', () => {
    expect(
      viewStateToSearch(
        { sort: 'createdAt', order: 'desc', columns: VIEW_DEFAULTS, hasOpenTask: true },
        'v1',
      ),
    ).toEqual({ hasOpenTask: true, view: 'v1' });
    expect(
      viewStateToSearch(
        { sort: 'updatedAt', order: 'asc', columns: ['createdAt', 'fullName'], channel: 'web' },
        'v2',
      ),
    ).toEqual({
      channel: 'web',
      sort: 'updatedAt',
      order: 'asc',
      cols: ['fullName', 'value', 'createdAt'],
      view: 'v2',
    });
  });

  it('round-trips: URL → view → URL is the same list', () => {
    const search: CustomersSearch = {
      q: 'ann',
      channel: 'spa',
      lastActivityTo: '2026-04-01T00:00:00.000Z',
      hasOpenTask: false,
      sort: 'fullName',
      order: 'asc',
      cols: ['fullName', 'tags', 'value'],
    };
    expect(viewStateToSearch(searchToViewState(search), 'v')).toEqual({ ...search, view: 'v' });
  });
});

describe('what the view contract cannot hold yet', () => {
  it('leaves out the value filters and the Value column, and shows the Value column with every view', () => {
    const search: CustomersSearch = {
      tag: 'vip',
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
      cols: ['fullName', 'value'],
    };
    const state = searchToViewState(search);
    expect(state).toEqual({ tag: 'vip', sort: 'createdAt', order: 'desc', columns: ['fullName'] });
    expect(CustomerViewState.parse(state)).toEqual(state);
    expect(viewStateToSearch(state)).toEqual({ tag: 'vip', cols: ['fullName', 'value'] });
  });

  it('keeps Name when only the Value column is shown, so the view still has a column', () => {
    expect(searchToViewState({ cols: ['value'] }).columns).toEqual(['fullName']);
  });
});

describe('isViewModified', () => {
  const state = CustomerViewState.parse({
    channel: 'spa',
    lastActivityFrom: '2026-09-03T00:00:00+01:00',
    columns: VIEW_DEFAULTS,
  });

  it('is unchanged right after applying the view', () => {
    expect(isViewModified(state, viewStateToSearch(state, 'v'))).toBe(false);
  });

  it('treats two spellings of one instant and columns in another order as unchanged', () => {
    const search: CustomersSearch = {
      channel: 'spa',
      lastActivityFrom: '2026-09-02T23:00:00.000Z',
      sort: 'createdAt',
      order: 'desc',
      cols: [...DEFAULT_COLUMNS].reverse(),
      view: 'v',
    };
    expect(isViewModified(state, search)).toBe(false);
  });

  it('notices a changed filter, sort or column', () => {
    const applied = viewStateToSearch(state, 'v');
    expect(isViewModified(state, { ...applied, channel: 'web' })).toBe(true);
    expect(isViewModified(state, { ...applied, hasOpenTask: false })).toBe(true);
    expect(isViewModified(state, { ...applied, order: 'asc' })).toBe(true);
    expect(isViewModified(state, { ...applied, cols: ['fullName'] })).toBe(true);
    expect(isViewModified(state, { ...applied, lastActivityFrom: undefined })).toBe(true);
  });
});
