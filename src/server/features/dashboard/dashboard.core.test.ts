import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dashboardWindows,
  dayKey,
  isoWeekStart,
  monthKey,
  monthStarts,
  newestOf,
  weekStarts,
  zeroFilled,
} from './dashboard.core.js';

const d = (iso: string) => new Date(iso);

describe('dashboard dates', () => {
  it('puts each window and the one before it back from now', () => {
    expect(dashboardWindows(d('2025-06-18T12:00:00Z'), 90, 30)).toEqual({
      activeSince: d('2025-03-20T12:00:00Z'),
      previousActiveSince: d('2024-12-20T12:00:00Z'),
      newSince: d('2025-05-19T12:00:00Z'),
      previousNewSince: d('2025-04-19T12:00:00Z'),
    });
  });

  it('starts ISO weeks on Monday 00:00 UTC', () => {
    expect(isoWeekStart(d('2025-06-18T12:00:00Z'))).toEqual(d('2025-06-16T00:00:00Z')); // Wednesday
    expect(isoWeekStart(d('2025-06-16T00:00:00Z'))).toEqual(d('2025-06-16T00:00:00Z')); // Monday
    expect(isoWeekStart(d('2025-06-15T23:59:59.999Z'))).toEqual(d('2025-06-09T00:00:00Z')); // Sunday
    expect(isoWeekStart(d('2025-01-01T05:00:00Z'))).toEqual(d('2024-12-30T00:00:00Z')); // across a year
  });

  it('lists the weeks up to the current one, oldest first', () => {
    const weeks = weekStarts(d('2025-06-18T12:00:00Z'), 26).map(dayKey);
    expect(weeks).toHaveLength(26);
    expect(weeks.slice(0, 2)).toEqual(['2024-12-23', '2024-12-30']);
    expect(weeks.at(-1)).toBe('2025-06-16');
    // across the end of summer time elsewhere nothing shifts: UTC has none
    expect(weekStarts(d('2025-11-05T00:00:00Z'), 3).map(dayKey)).toEqual([
      '2025-10-20',
      '2025-10-27',
      '2025-11-03',
    ]);
  });

  it('lists calendar months up to the current one, across a year', () => {
    expect(monthStarts(d('2025-02-28T23:00:00Z'), 4).map(monthKey)).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(monthStarts(d('2025-06-18T12:00:00Z'), 12)[0]).toEqual(d('2024-07-01T00:00:00Z'));
    expect(addMonths(d('2024-12-01T00:00:00Z'), 1)).toEqual(d('2025-01-01T00:00:00Z'));
  });
});

describe('dashboard series', () => {
  it('zero-fills missing keys in the keys’ order and ignores rows outside them', () => {
    const rows = [
      { k: '2025-03', n: 2 },
      { k: '2025-01', n: 5 },
      { k: '1999-01', n: 9 },
    ];
    expect(
      zeroFilled(
        ['2025-01', '2025-02', '2025-03'],
        rows,
        (r) => r.k,
        (k) => ({ k, n: 0 }),
      ),
    ).toEqual([
      { k: '2025-01', n: 5 },
      { k: '2025-02', n: 0 },
      { k: '2025-03', n: 2 },
    ]);
  });

  it('merges newest-first lists by time then id, and cuts to the limit', () => {
    const at = (id: string, iso: string) => ({ id, occurredAt: d(iso) });
    const merged = newestOf(
      [
        [at('t2', '2025-06-02T00:00:00Z'), at('t1', '2025-06-01T00:00:00Z')],
        [
          at('o3', '2025-06-03T00:00:00Z'),
          at('o2', '2025-06-02T00:00:00Z'),
          at('o0', '2025-05-01T00:00:00Z'),
        ],
      ],
      4,
    );
    expect(merged.map((x) => x.id)).toEqual(['o3', 't2', 'o2', 't1']);
    expect(newestOf([[], []], 10)).toEqual([]);
  });
});
