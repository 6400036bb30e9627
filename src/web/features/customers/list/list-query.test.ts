import { describe, expect, it } from 'vitest';
import { CustomerExportQuery, CustomerListQuery } from '../../../../shared/contracts/customers.js';
import { CUSTOMER_COLUMNS } from '../../../../shared/contracts/saved-views.js';
import { CustomersSearch } from '../customers.search.js';
import {
  activityPresetOf,
  activityPresetRange,
  clearFilters,
  DEFAULT_COLUMNS,
  exportHref,
  filterChips,
  hasFilters,
  listKey,
  majorToMinor,
  minorToMajor,
  nextSort,
  pAliveLabel,
  pAliveOptions,
  toggleColumn,
  toListQuery,
  visibleColumns,
} from './list-query.js';

const formatDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' }).format(new Date(iso));

/** The query string the API client would send, parsed back the way the server parses it. */
function asServerSees(query: object) {
  const params = Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  return CustomerListQuery.parse(params);
}

describe('toListQuery', () => {
  it('sends the API defaults when the URL has no sort, so both spellings share a cache entry', () => {
    expect(toListQuery({}, { limit: 50 })).toEqual({ sort: 'createdAt', order: 'desc', limit: 50 });
    expect(toListQuery({ sort: 'createdAt', order: 'desc' }, { limit: 50 })).toEqual(
      toListQuery({}, { limit: 50 }),
    );
  });

  it('maps every filter of a dashboard link onto the list query the server accepts', () => {
    const search = CustomersSearch.parse({
      q: '  seitz ',
      tag: 'vip',
      channel: 'spa',
      createdFrom: '2026-09-02T23:00:00.000Z',
      createdTo: '2026-09-10T22:59:59.999Z',
      lastActivityFrom: '2026-09-03T00:00:00+01:00',
      lastActivityTo: '2026-11-01T00:00:00.000Z',
      hasOpenTask: false,
      sort: 'fullName',
      order: 'asc',
      cols: ['fullName'],
      view: 'v1',
    });
    const query = toListQuery(search, { limit: 25, cursor: 'abc' });
    expect(query).toEqual({
      q: 'seitz',
      tag: 'vip',
      channel: 'spa',
      createdFrom: '2026-09-02T23:00:00.000Z',
      createdTo: '2026-09-10T22:59:59.999Z',
      lastActivityFrom: '2026-09-03T00:00:00+01:00',
      lastActivityTo: '2026-11-01T00:00:00.000Z',
      hasOpenTask: 'false',
      sort: 'fullName',
      order: 'asc',
      limit: 25,
      cursor: 'abc',
    });
    const parsed = asServerSees(query);
    expect(parsed.hasOpenTask).toBe(false);
    expect(parsed.limit).toBe(25);
    expect(parsed.q).toBe('seitz');
  });

  it('leaves out a blank search and an absent cursor', () => {
    expect(toListQuery({ q: '   ' }, { limit: 100, cursor: undefined })).toEqual({
      sort: 'createdAt',
      order: 'desc',
      limit: 100,
    });
  });

  it('sends hasOpenTask=true as the text the server reads as true', () => {
    expect(asServerSees(toListQuery({ hasOpenTask: true }, { limit: 50 })).hasOpenTask).toBe(true);
  });
});

describe('exportHref', () => {
  it('links the export to the current filters and order, without paging', () => {
    const href = exportHref({ channel: 'spa', hasOpenTask: true, sort: 'fullName', cols: ['tags'] });
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/v1/customers/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      channel: 'spa',
      hasOpenTask: 'true',
      sort: 'fullName',
      order: 'desc',
    });
    expect(CustomerExportQuery.parse(Object.fromEntries(url.searchParams)).channel).toBe('spa');
  });
});

describe('CustomersSearch', () => {
  it('keeps a number-looking search as text (the router JSON-parses ?q=447700900123)', () => {
    expect(CustomersSearch.parse({ q: 447700900123, tag: 2024 })).toEqual({ q: '447700900123', tag: '2024' });
  });

  it('drops malformed values instead of failing', () => {
    expect(
      CustomersSearch.parse({
        channel: 'carrier-pigeon',
        createdFrom: 'yesterday',
        cols: [],
        hasOpenTask: 'yes',
      }),
    ).toEqual({});
  });
});

describe('filters', () => {
  it('knows whether anything narrows the list, and clears only filters', () => {
    expect(hasFilters({ sort: 'fullName', cols: ['tags'], view: 'v' })).toBe(false);
    expect(hasFilters({ hasOpenTask: false })).toBe(true);
    expect(hasFilters({ q: 'ann' })).toBe(true);
    expect(clearFilters({ q: 'ann', channel: 'spa', sort: 'fullName', cols: ['tags'], view: 'v' })).toEqual({
      sort: 'fullName',
      cols: ['tags'],
      view: 'v',
    });
  });

  it('reads dashboard filters as sentences in the workspace zone', () => {
    const chips = filterChips(
      {
        q: 'ann',
        lastActivityFrom: '2026-09-02T23:00:00.000Z',
        lastActivityTo: '2026-06-01T12:00:00.000Z',
        createdFrom: '2026-01-01T00:00:00.000Z',
        createdTo: '2026-09-10T22:59:59.999Z',
        hasOpenTask: true,
        channel: 'front_desk',
        tag: 'vip',
      },
      formatDate,
      'Europe/London',
    );
    expect(chips.map((c) => c.label)).toEqual([
      'Channel: Front desk',
      'Tagged “vip”',
      'Active since 3 Sept 2026',
      'No activity since 1 Jun 2026',
      'Created from 1 Jan 2026',
      'Created until 10 Sept 2026',
      'Has an open task',
    ]);
    expect(filterChips({ hasOpenTask: false }, formatDate, 'Europe/London')).toEqual([
      { keys: ['hasOpenTask'], label: 'No open task' },
    ]);
  });

  it('reads a "to" bound picked as a day (its last millisecond) as "after" that day', () => {
    const label = (lastActivityTo: string) =>
      filterChips({ lastActivityTo }, formatDate, 'Europe/London')[0]?.label;
    expect(label('2026-09-10T22:59:59.999Z')).toBe('No activity after 10 Sept 2026');
    expect(label('2026-09-02T23:00:00.000Z')).toBe('No activity since 3 Sept 2026');
  });
});

describe('nextSort', () => {
  it('flips the order on the same column and starts names A→Z, dates newest first', () => {
    expect(nextSort({}, 'createdAt')).toEqual({ sort: undefined, order: 'asc' });
    expect(nextSort({ order: 'asc' }, 'createdAt')).toEqual({ sort: undefined, order: undefined });
    expect(nextSort({}, 'fullName')).toEqual({ sort: 'fullName', order: 'asc' });
    expect(nextSort({ sort: 'fullName', order: 'asc' }, 'fullName')).toEqual({
      sort: 'fullName',
      order: undefined,
    });
    expect(nextSort({ sort: 'fullName', order: 'asc' }, 'updatedAt')).toEqual({
      sort: 'updatedAt',
      order: undefined,
    });
  });
});

describe('columns', () => {
  it('shows the default columns without cols, in canonical order with them', () => {
    expect(visibleColumns({})).toEqual([...DEFAULT_COLUMNS]);
    expect(visibleColumns({ cols: ['createdAt', 'fullName'] })).toEqual(['fullName', 'createdAt']);
  });

  it('toggles a column, never hides the last one, and returns to no cols for the defaults', () => {
    expect(toggleColumn({}, 'city', true)).toEqual([
      'fullName',
      'primaryEmail',
      'primaryPhone',
      'tags',
      'city',
      'lastActivityAt',
      'value',
      'createdAt',
    ]);
    expect(toggleColumn({ cols: ['fullName'] }, 'fullName', false)).toEqual(['fullName']);
    expect(toggleColumn({}, 'value', false)).toEqual([
      'fullName',
      'primaryEmail',
      'primaryPhone',
      'tags',
      'lastActivityAt',
      'createdAt',
    ]);
    const withCity = toggleColumn({}, 'city', true);
    expect(toggleColumn({ cols: withCity }, 'city', false)).toBeUndefined();
  });
});

describe('the Value column', () => {
  it('is a contract column like the others, shown by default after the last activity', () => {
    expect(DEFAULT_COLUMNS).toContain('value');
    expect(DEFAULT_COLUMNS.every((c) => CUSTOMER_COLUMNS.includes(c))).toBe(true);
    expect(visibleColumns({ cols: ['createdAt', 'value', 'lastActivityAt', 'fullName'] })).toEqual([
      'fullName',
      'lastActivityAt',
      'value',
      'createdAt',
    ]);
    expect(CustomersSearch.parse({ cols: ['value'] }).cols).toEqual(['value']);
    expect(CustomersSearch.parse({ cols: ['value', 'nope'] }).cols).toBeUndefined();
  });
});

describe('value filters', () => {
  it('reads them from a link and sends them to the server as the contract takes them', () => {
    const search = CustomersSearch.parse({ valueTier: 'top', minClvMinor: 50_000, maxPAlive: 0.3 });
    const query = toListQuery(search, { limit: 50 });
    expect(query).toEqual({
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
      sort: 'createdAt',
      order: 'desc',
      limit: 50,
    });
    const parsed = asServerSees(query);
    expect(parsed.valueTier).toBe('top');
    expect(parsed.minClvMinor).toBe(50_000);
    expect(parsed.maxPAlive).toBe(0.3);
    expect(
      CustomerExportQuery.parse(Object.fromEntries(new URL(exportHref(search), 'http://x').searchParams)),
    ).toMatchObject({
      valueTier: 'top',
      minClvMinor: 50_000,
      maxPAlive: 0.3,
    });
  });

  it('keeps a zero bound (a filter, not "unset") and drops what the contract would refuse', () => {
    expect(toListQuery({ maxPAlive: 0, minClvMinor: 0 }, { limit: 25 })).toMatchObject({
      maxPAlive: 0,
      minClvMinor: 0,
    });
    expect(CustomersSearch.parse({ valueTier: 'gold', minClvMinor: -5, maxPAlive: 2 })).toEqual({});
    expect(CustomersSearch.parse({ minClvMinor: 12.5 }).minClvMinor).toBeUndefined();
  });

  it('counts as filters, clears with the others and reads as chips', () => {
    const search = { valueTier: 'high', minClvMinor: 50_000, maxPAlive: 0.3, sort: 'fullName' } as const;
    expect(hasFilters(search)).toBe(true);
    expect(clearFilters(search)).toEqual({ sort: 'fullName' });
    const money = (minor: number) => `€${minor / 100}`;
    expect(filterChips(search, formatDate, 'Europe/London', undefined, money)).toEqual([
      { keys: ['valueTier'], label: 'Value tier: High' },
      { keys: ['minClvMinor'], label: 'CLV at least €500' },
      { keys: ['maxPAlive'], label: 'Likely lapsed: P(alive) ≤ 0.3' },
    ]);
  });

  it('names the P(alive) choices and keeps a hand-made bound among them', () => {
    expect(pAliveLabel(0.05)).toBe('Almost certainly lapsed: P(alive) ≤ 0.05');
    expect(pAliveLabel(0.7)).toBe('P(alive) ≤ 0.7');
    expect(pAliveOptions(undefined).map((o) => o.value)).toEqual(['0.1', '0.3', '0.5', '0.7']);
    expect(pAliveOptions(0.25).map((o) => o.value)).toEqual(['0.1', '0.25', '0.3', '0.5', '0.7']);
    expect(pAliveOptions(0.3)).toHaveLength(4);
  });

  it('turns major units typed into minor units of the currency, and back', () => {
    expect(majorToMinor('500', 'EUR')).toBe(50_000);
    expect(majorToMinor(' 12,5 ', 'EUR')).toBe(1250);
    // 19.99 × 100 is 1998.9999999999998 in floating point.
    expect(majorToMinor('19.99', 'EUR')).toBe(1999);
    expect(majorToMinor('500', 'JPY')).toBe(500);
    expect(majorToMinor('1.5', 'KWD')).toBe(1500);
    expect(majorToMinor('', 'EUR')).toBeUndefined();
    expect(majorToMinor('-1', 'EUR')).toBeUndefined();
    expect(majorToMinor('abc', 'EUR')).toBeUndefined();
    expect(minorToMajor(50_000, 'EUR')).toBe('500');
    expect(minorToMajor(1250, 'EUR')).toBe('12.5');
    expect(minorToMajor(500, 'JPY')).toBe('500');
  });
});

describe('listKey', () => {
  it('changes with filters, sort and page size but not with columns or the view', () => {
    const base = listKey({ channel: 'spa' }, 50);
    expect(listKey({ channel: 'spa', cols: ['tags'], view: 'v' }, 50)).toBe(base);
    expect(listKey({ channel: 'spa', sort: 'createdAt', order: 'desc' }, 50)).toBe(base);
    expect(listKey({ channel: 'web' }, 50)).not.toBe(base);
    expect(listKey({ channel: 'spa', order: 'asc' }, 50)).not.toBe(base);
    expect(listKey({ channel: 'spa' }, 25)).not.toBe(base);
  });
});

describe('last activity presets', () => {
  const now = new Date('2026-12-01T21:50:00.000Z');
  const tz = 'Europe/London';

  it('counts whole days back from today in the workspace zone', () => {
    expect(activityPresetRange('active30', now, tz)).toEqual({
      lastActivityFrom: '2026-11-01T00:00:00.000Z',
      lastActivityTo: undefined,
    });
    expect(activityPresetRange('inactive90', now, tz)).toEqual({
      lastActivityFrom: undefined,
      lastActivityTo: '2026-09-01T23:00:00.000Z',
    });
    expect(activityPresetRange('any', now, tz)).toEqual({
      lastActivityFrom: undefined,
      lastActivityTo: undefined,
    });
  });

  it('recognises a preset in the URL and calls anything else custom', () => {
    expect(activityPresetOf({}, now, tz)).toBe('any');
    expect(activityPresetOf({ ...activityPresetRange('active90', now, tz) }, now, tz)).toBe('active90');
    expect(activityPresetOf({ lastActivityTo: '2026-09-02T00:00:00+01:00' }, now, tz)).toBe('inactive90');
    expect(activityPresetOf({ lastActivityFrom: '2026-11-03T10:00:00.000Z' }, now, tz)).toBe('custom');
    expect(
      activityPresetOf(
        { ...activityPresetRange('active30', now, tz), lastActivityTo: now.toISOString() },
        now,
        tz,
      ),
    ).toBe('custom');
  });
});
