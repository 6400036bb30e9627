import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collapseRepeatSummaries,
  collapseSpendSummaries,
  indexRepeatSummaries,
  systematicSample,
} from './collapse.js';
import type { RepeatSummary } from './types.js';

const key = (r: RepeatSummary) => `${r.x}|${r.tx}|${r.T}`;

describe('indexRepeatSummaries', () => {
  it('maps every row to its distinct summary, in order of first appearance', () => {
    const rows = [
      { x: 1, tx: 2, T: 9 },
      { x: 0, tx: 0, T: 9 },
      { x: 1, tx: 2, T: 9 },
      { x: 1, tx: 2.0000001, T: 9 },
      { x: 0, tx: -0, T: 9 },
    ];
    const { distinct, index } = indexRepeatSummaries(rows);
    expect(distinct.map(key)).toEqual(['1|2|9', '0|0|9', '1|2.0000001|9']);
    expect([...index]).toEqual([0, 1, 0, 2, 1]);
  });

  it('agrees with collapsing on random rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.nat(3), tx: fc.nat(3), T: fc.integer({ min: 3, max: 5 }) }), {
          maxLength: 60,
        }),
        (rows) => {
          const { distinct, index } = indexRepeatSummaries(rows);
          expect(distinct.map(key)).toEqual(collapseRepeatSummaries(rows).map(key));
          rows.forEach((r, i) => {
            expect(key(distinct[index[i]!]!)).toBe(key(r));
          });
        },
      ),
    );
  });
});

describe('collapseRepeatSummaries', () => {
  it('merges identical rows into counts, in order of first appearance', () => {
    const rows = [
      { x: 0, tx: 0, T: 39 },
      { x: 1, tx: 2.5, T: 39 },
      { x: 0, tx: 0, T: 39, count: 3 },
      { x: 1, tx: 2.5, T: 38 },
      { x: 1, tx: 2.5, T: 39 },
    ];
    expect(collapseRepeatSummaries(rows)).toEqual([
      { x: 0, tx: 0, T: 39, count: 4 },
      { x: 1, tx: 2.5, T: 39, count: 2 },
      { x: 1, tx: 2.5, T: 38, count: 1 },
    ]);
  });

  it('keeps values that differ in the last bit apart and treats −0 as 0', () => {
    const rows = [
      { x: 1, tx: 0.1 + 0.2, T: 5 },
      { x: 1, tx: 0.3, T: 5 },
      { x: 0, tx: -0, T: 5 },
      { x: 0, tx: 0, T: 5 },
    ];
    const out = collapseRepeatSummaries(rows);
    expect(out).toHaveLength(3);
    expect(out[2]).toEqual({ x: 0, tx: 0, T: 5, count: 2 });
    expect(Object.is(out[2]!.tx, -0)).toBe(false);
  });

  it('drops rows whose total count is zero and accepts any iterable', () => {
    function* rows() {
      yield { x: 2, tx: 1, T: 3, count: 0 };
      yield { x: 3, tx: 1, T: 3 };
    }
    expect(collapseRepeatSummaries(rows())).toEqual([{ x: 3, tx: 1, T: 3, count: 1 }]);
  });

  it('survives growing its table past many thousands of distinct rows', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ x: i % 7, tx: (i % 1000) / 7, T: 200 }));
    const out = collapseRepeatSummaries([...rows, ...rows]);
    const distinct = new Set(rows.map(key)).size;
    expect(out).toHaveLength(distinct);
    expect(out.every((r) => r.count! % 2 === 0)).toBe(true);
  });

  it('preserves every customer: the expansion of the collapsed rows is the input multiset', () => {
    const row = fc.record({
      x: fc.integer({ min: 0, max: 3 }),
      tx: fc.constantFrom(0, 1.5, 2, 7 / 3),
      T: fc.constantFrom(3, 4),
      count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const tally = (list: RepeatSummary[]) => {
          const m = new Map<string, number>();
          for (const r of list) m.set(key(r), (m.get(key(r)) ?? 0) + (r.count ?? 1));
          return m;
        };
        const out = collapseRepeatSummaries(rows);
        expect(new Set(out.map(key)).size).toBe(out.length);
        expect(tally(out)).toEqual(tally(rows));
      }),
    );
  });
});

describe('collapseSpendSummaries', () => {
  it('merges identical (x, mx) rows', () => {
    expect(
      collapseSpendSummaries([
        { x: 1, mx: 20 },
        { x: 2, mx: 20 },
        { x: 1, mx: 20, count: 2 },
      ]),
    ).toEqual([
      { x: 1, mx: 20, count: 3 },
      { x: 2, mx: 20, count: 1 },
    ]);
  });
});

describe('systematicSample', () => {
  it('keeps about the target number of customers, spread in proportion over the rows', () => {
    // Row i holds 1, 2 or 3 customers; T identifies the row.
    const rows: RepeatSummary[] = Array.from({ length: 999 }, (_, i) => ({
      x: 1,
      tx: 1,
      T: i + 1,
      count: 1 + (i % 3),
    }));
    const customers = rows.reduce((s, r) => s + (r.count ?? 1), 0);
    const sample = systematicSample(rows, customers, 500);
    expect(sample.reduce((s, r) => s + (r.count ?? 1), 0)).toBe(500);
    const sampledFrom = (c: number) =>
      sample.filter((r) => rows[r.T - 1]!.count === c).reduce((s, r) => s + (r.count ?? 1), 0);
    // Each customer has the same chance: rows of three give three times as many as rows of one.
    expect(sampledFrom(3) / sampledFrom(1)).toBeGreaterThan(2.8);
    expect(sampledFrom(3) / sampledFrom(1)).toBeLessThan(3.2);
  });

  it('keeps everyone when the target is the whole population', () => {
    const rows: RepeatSummary[] = [
      { x: 1, tx: 2, T: 3, count: 4 },
      { x: 0, tx: 0, T: 3 },
    ];
    expect(systematicSample(rows, 5, 5)).toEqual([
      { x: 1, tx: 2, T: 3, count: 4 },
      { x: 0, tx: 0, T: 3, count: 1 },
    ]);
  });
});
