import { describe, expect, it } from 'vitest';
import { CustomerViewState } from '../../../../shared/contracts/saved-views.js';
import type { CustomersSearch } from '../customers.search.js';
import { DEFAULT_COLUMNS } from './list-query.js';
import { isViewModified, searchToViewState, viewStateToSearch } from './view-state.js';

const VIEW_DEFAULTS = [...DEFAULT_COLUMNS];

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
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
      sort: 'fullName',
      order: 'asc',
      cols: ['value', 'tags', 'fullName'],
      view: 'v1',
    };
    const state = searchToViewState(search);
    expect(state).toEqual({
      q: 'ann',
      tag: 'vip',
      channel: 'spa',
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      lastActivityFrom: '2026-03-01T00:00:00.000Z',
      lastActivityTo: '2026-04-01T00:00:00.000Z',
      hasOpenTask: false,
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
      sort: 'fullName',
      order: 'asc',
      columns: ['fullName', 'tags', 'value'],
    });
    expect(CustomerViewState.parse(state)).toEqual(state);
  });

  it('keeps a zero value bound, which is a filter and not "unset"', () => {
    expect(searchToViewState({ minClvMinor: 0, maxPAlive: 0 })).toMatchObject({
      minClvMinor: 0,
      maxPAlive: 0,
    });
  });

  it('remembers the Value column like any other, and its absence', () => {
    expect(searchToViewState({}).columns).toContain('value');
    expect(searchToViewState({ cols: ['value'] }).columns).toEqual(['value']);
    expect(searchToViewState({ cols: ['fullName', 'tags'] }).columns).toEqual(['fullName', 'tags']);
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
      cols: ['fullName', 'createdAt'],
      view: 'v2',
    });
  });

  it('round-trips: URL → view → URL is the same list, value filters and Value column included', () => {
    const search: CustomersSearch = {
      q: 'ann',
      channel: 'spa',
      lastActivityTo: '2026-04-01T00:00:00.000Z',
      hasOpenTask: false,
      valueTier: 'high',
      minClvMinor: 25_050,
      maxPAlive: 0.5,
      sort: 'fullName',
      order: 'asc',
      cols: ['fullName', 'tags', 'value'],
    };
    expect(viewStateToSearch(searchToViewState(search), 'v')).toEqual({ ...search, view: 'v' });
  });

  it('round-trips through the stored contract (what the server keeps and sends back)', () => {
    const search: CustomersSearch = { valueTier: 'low', minClvMinor: 0, maxPAlive: 0.1, cols: ['value'] };
    const stored = CustomerViewState.parse(JSON.parse(JSON.stringify(searchToViewState(search))));
    expect(viewStateToSearch(stored)).toEqual(search);
    expect(isViewModified(stored, search)).toBe(false);
  });

  it('applies a view without the Value column without it: the view decides, like any column', () => {
    expect(
      viewStateToSearch({
        sort: 'createdAt',
        order: 'desc',
        columns: ['fullName', 'tags'],
        valueTier: 'top',
      }),
    ).toEqual({ valueTier: 'top', cols: ['fullName', 'tags'] });
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

  it('notices a changed value filter or Value column, like the other filters and columns', () => {
    const applied = viewStateToSearch(state, 'v');
    expect(isViewModified(state, { ...applied, valueTier: 'top' })).toBe(true);
    expect(isViewModified(state, { ...applied, minClvMinor: 0 })).toBe(true);
    expect(isViewModified(state, { ...applied, maxPAlive: 0.3 })).toBe(true);
    expect(isViewModified(state, { ...applied, cols: VIEW_DEFAULTS.filter((c) => c !== 'value') })).toBe(
      true,
    );

    const valued = CustomerViewState.parse({
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
      columns: ['fullName', 'value'],
    });
    const shown = viewStateToSearch(valued, 'v');
    expect(isViewModified(valued, shown)).toBe(false);
    expect(isViewModified(valued, { ...shown, valueTier: 'high' })).toBe(true);
    expect(isViewModified(valued, { ...shown, valueTier: undefined })).toBe(true);
    expect(isViewModified(valued, { ...shown, minClvMinor: 50_001 })).toBe(true);
    expect(isViewModified(valued, { ...shown, maxPAlive: undefined })).toBe(true);
    expect(isViewModified(valued, { ...shown, cols: ['fullName'] })).toBe(true);
  });
});
