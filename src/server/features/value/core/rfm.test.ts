import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS } from '../../../../shared/contracts/value.js';
import { RFM_SEGMENT_GRID, RFM_SEGMENT_LABELS, type RfmInput, rfmScores, rfmSegment } from './rfm.js';

const row = (customerId: string, recencyDays: number, frequency: number, monetary: number): RfmInput => ({
  customerId,
  recencyDays,
  frequency,
  monetary,
});

describe('rfmScores', () => {
  it('gives quintiles on distinct values: more recent, more frequent, more spend = higher', () => {
    const rows = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((v, i) => row(`c${i}`, v, v, v));
    const scores = rfmScores(rows);
    expect(scores.map((s) => s.frequencyScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores.map((s) => s.monetaryScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores.map((s) => s.recencyScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(scores[0]).toMatchObject({ customerId: 'c0', code: '511', fmScore: 1, segment: 'new_customers' });
    expect(scores[9]).toMatchObject({ code: '155', fmScore: 5, segment: 'cannot_lose_them' });
  });

  it('gives equal values equal scores, at the bin of their average rank', () => {
    // 6 of 10 bought once: average rank 3.5 of 10 → ⌈5 · 0.35⌉ = 2.
    const freq = [1, 1, 1, 1, 1, 1, 2, 2, 3, 7];
    const scores = rfmScores(freq.map((f, i) => row(`c${i}`, 5, f, 10)));
    expect(scores.map((s) => s.frequencyScore)).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
    // Everybody equal: the middle bin.
    expect(new Set(scores.map((s) => s.recencyScore))).toEqual(new Set([3]));
    expect(new Set(scores.map((s) => s.monetaryScore))).toEqual(new Set([3]));
  });

  it('takes the number of bins from the options', () => {
    const scores = rfmScores([row('a', 3, 9, 120), row('b', 400, 1, 15)], { bins: 2 });
    expect(scores).toEqual([
      {
        customerId: 'a',
        recencyScore: 2,
        frequencyScore: 2,
        monetaryScore: 2,
        fmScore: 2,
        code: '222',
        segment: 'champions',
      },
      {
        customerId: 'b',
        recencyScore: 1,
        frequencyScore: 1,
        monetaryScore: 1,
        fmScore: 1,
        code: '111',
        segment: 'lost',
      },
    ]);
    const deciles = rfmScores(
      Array.from({ length: 20 }, (_, i) => row(`c${i}`, i, i, i)),
      { bins: 10 },
    );
    expect(deciles.map((s) => s.frequencyScore)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
    ]);
    expect(() => rfmScores([], { bins: 1 })).toThrow(RangeError);
    expect(() => rfmScores([row('a', Number.NaN, 1, 1)])).toThrow(/finite/);
  });

  it('rounds the FM mean half up', () => {
    const scores = rfmScores([row('a', 1, 1, 2), row('b', 2, 2, 1)], { bins: 2 });
    expect(scores.map((s) => [s.frequencyScore, s.monetaryScore, s.fmScore])).toEqual([
      [1, 2, 2],
      [2, 1, 2],
    ]);
  });

  it('is deterministic: scores do not depend on the input order, are monotone and within 1 … bins', () => {
    const arbRow = fc.record({
      recencyDays: fc.integer({ min: 0, max: 30 }),
      frequency: fc.integer({ min: 1, max: 6 }),
      monetary: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbRow, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 9 }),
        (raw, bins) => {
          const rows = raw.map((r, i) => ({ customerId: `c${i}`, ...r }));
          const scores = rfmScores(rows, { bins });
          const reversed = rfmScores([...rows].reverse(), { bins }).reverse();
          expect(reversed).toEqual(scores);
          for (let i = 0; i < rows.length; i += 1) {
            const s = scores[i]!;
            for (const v of [s.recencyScore, s.frequencyScore, s.monetaryScore, s.fmScore]) {
              expect(v).toBeGreaterThanOrEqual(1);
              expect(v).toBeLessThanOrEqual(bins);
            }
            for (let j = 0; j < rows.length; j += 1) {
              const [a, b] = [rows[i]!, rows[j]!];
              if (a.frequency < b.frequency)
                expect(s.frequencyScore).toBeLessThanOrEqual(scores[j]!.frequencyScore);
              if (a.frequency === b.frequency) expect(s.frequencyScore).toBe(scores[j]!.frequencyScore);
              if (a.recencyDays < b.recencyDays)
                expect(s.recencyScore).toBeGreaterThanOrEqual(scores[j]!.recencyScore);
            }
          }
        },
      ),
    );
  });
});

describe('rfmSegment', () => {
  it('covers the 5 × 5 grid with all 11 segments', () => {
    expect(RFM_SEGMENT_GRID).toHaveLength(5);
    for (const line of RFM_SEGMENT_GRID) expect(line).toHaveLength(5);
    expect(new Set(RFM_SEGMENT_GRID.flat())).toEqual(new Set(RFM_SEGMENTS));
    expect(Object.keys(RFM_SEGMENT_LABELS).sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(RFM_SEGMENT_LABELS.cannot_lose_them).toBe('Cannot lose them');
  });

  it('names the corners and the middle', () => {
    expect(rfmSegment(5, 5)).toBe('champions');
    expect(rfmSegment(5, 1)).toBe('new_customers');
    expect(rfmSegment(4, 1)).toBe('promising');
    expect(rfmSegment(1, 5)).toBe('cannot_lose_them');
    expect(rfmSegment(1, 1)).toBe('lost');
    expect(rfmSegment(2, 2)).toBe('hibernating');
    expect(rfmSegment(3, 3)).toBe('need_attention');
    expect(rfmSegment(3, 1)).toBe('about_to_sleep');
    expect(rfmSegment(2, 4)).toBe('at_risk');
    expect(rfmSegment(4, 4)).toBe('loyal');
    expect(rfmSegment(5, 2)).toBe('potential_loyalist');
  });

  it('moves other bin counts linearly onto the 1 … 5 grid', () => {
    expect(rfmSegment(3, 3, 3)).toBe('champions');
    expect(rfmSegment(1, 3, 3)).toBe('cannot_lose_them');
    expect(rfmSegment(2, 2, 3)).toBe('need_attention');
    expect(rfmSegment(10, 1, 10)).toBe('new_customers');
  });
});
