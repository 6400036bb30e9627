import { describe, expect, it } from 'vitest';
import { CustomerViewState } from '../../../../shared/contracts/saved-views.js';
import type { CustomersSearch } from '../customers.search.js';
import { DEFAULT_COLUMNS } from './list-query.js';
import { isViewModified, searchToViewState, viewStateToSearch } from './view-state.js';

describe('searchToViewState', () => {
  it('fills the defaults a view must carry (sort, order, columns)', () => {
    const state = searchToViewState({});
    expect(state).toEqual({ sort: 'createdAt', order: 'desc', columns: [...DEFAULT_COLUMNS] });
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
        { sort: 'createdAt', order: 'desc', columns: [...DEFAULT_COLUMNS], hasOpenTask: true },
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
      cols: ['fullName', 'createdAt'],
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
      cols: ['fullName', 'tags'],
    };
    expect(viewStateToSearch(searchToViewState(search), 'v')).toEqual({ ...search, view: 'v' });
  });
});

describe('isViewModified', () => {
  const state = CustomerViewState.parse({
    channel: 'spa',
    lastActivityFrom: '2026-09-03T00:00:00+01:00',
    columns: [...DEFAULT_COLUMNS],
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
