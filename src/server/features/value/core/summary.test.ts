import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SummaryOrder, summarizeOrders } from './summary.js';

/** ../shared/data beside the checkout (this file is src/server/features/value/core/). */
const dataFile = (name: string) =>
  fileURLToPath(new URL(`../../../../../../shared/data/${name}`, import.meta.url));
const csvRows = (name: string) =>
  readFileSync(dataFile(name), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map(Number));

/** CDNOW_sample.txt: master id, sample id, YYYYMMDD, CDs, dollars; the sample id (no zeros) is the customer. */
function cdnowOrders(): SummaryOrder[] {
  return readFileSync(dataFile('CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, id, ymd, , dollars] = l.trim().split(/\s+/);
      return {
        customerId: String(Number(id)),
        at: new Date(`${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6, 8)}T00:00:00Z`),
        amount: Number(dollars),
      };
    });
}

/** Recency and T are never near a rounding tie (days / 7). The files print 27.0 or 27.00: compare numbers. */
const round2 = (v: number) => Number(v.toFixed(2));
/** Half up on the shortest decimal form (22.345 → 22.35): how the _with_transactions file rounds. */
const roundHalfUp2 = (v: number) => Math.round(Number(v.toPrecision(12)) * 100 + 1e-9) / 100;

/**
 * Python's round(v, 2): the exact binary value, ties to even (20.125 → 20.12, 22.345 → 22.34,
 * because the double nearest 22.345 is a little below it). How cdnow_calibration_holdout.csv rounds.
 */
function roundPython2(v: number): number {
  const exact = v.toFixed(40); // exact decimal expansion of the double (it needs fewer digits than this)
  const [int, frac] = exact.split('.') as [string, string];
  const kept = BigInt(int + frac.slice(0, 2));
  const rest = frac.slice(2);
  const half = `5${'0'.repeat(rest.length - 1)}`;
  const up = rest > half || (rest === half && kept % 2n === 1n);
  const cents = (kept + (up ? 1n : 0n)).toString().padStart(3, '0');
  return Number(`${cents.slice(0, -2)}.${cents.slice(-2)}`);
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const order = (customerId: string, iso: string, amount: number, personal?: boolean): SummaryOrder => ({
  customerId,
  at: new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso),
  amount,
  ...(personal === undefined ? {} : { personal }),
});

describe('summarizeOrders on CDNOW', () => {
  const summary = summarizeOrders(cdnowOrders(), {
    calibrationEnd: day('1997-09-30'),
    observationEnd: day('1998-06-30'),
    unit: 'week',
  });
  const byId = new Map(summary.map((r) => [r.customerId, r]));

  it('has the 2,357 customers, 2,457 calibration and 1,882 holdout repeat purchases of the README', () => {
    expect(summary).toHaveLength(2357);
    expect(summary.reduce((s, r) => s + r.frequency, 0)).toBe(2457);
    expect(summary.reduce((s, r) => s + (r.frequencyHoldout ?? 0), 0)).toBe(1882);
    expect(summary.filter((r) => r.frequency === 0)).toHaveLength(1411);
    expect(summary[0]).toMatchObject({ customerId: '1', frequency: 2, durationHoldout: 39 });
    expect(summary[0]!.T).toBeCloseTo(272 / 7, 12);
  });

  it('reproduces cdnow_customers_summary.csv (frequency, recency, T to 2 decimals)', () => {
    const ref = csvRows('cdnow_customers_summary.csv');
    expect(ref).toHaveLength(2357);
    const got = ref.map(([id]) => {
      const r = byId.get(String(id))!;
      return [id, r.frequency, round2(r.recency), round2(r.T)];
    });
    expect(got).toEqual(ref);
  });

  it('reproduces zbar of cdnow_customers_summary_with_transactions.csv (rounded half up)', () => {
    const ref = csvRows('cdnow_customers_summary_with_transactions.csv');
    expect(ref).toHaveLength(2357);
    const got = ref.map(([id]) => {
      const r = byId.get(String(id))!;
      return [id, r.frequency, round2(r.recency), round2(r.T), roundHalfUp2(r.monetaryValue)];
    });
    expect(got).toEqual(ref);
  });

  it('reproduces the holdout purchases (and the rest) of cdnow_calibration_holdout.csv', () => {
    const ref = csvRows('cdnow_calibration_holdout.csv');
    expect(ref).toHaveLength(2357);
    const got = ref.map(([id]) => {
      const r = byId.get(String(id))!;
      return [
        id,
        r.frequency,
        round2(r.recency),
        round2(r.T),
        roundPython2(r.monetaryValue),
        r.frequencyHoldout,
      ];
    });
    expect(got).toEqual(ref);
  });

  it('defaults the observation end to the last order (1998-06-30 in the sample)', () => {
    const dflt = summarizeOrders(cdnowOrders(), { calibrationEnd: day('1997-09-30'), unit: 'week' });
    expect(dflt).toEqual(summary);
  });
});

describe('summarizeOrders', () => {
  const calibrationEnd = day('2024-01-29');

  it('collapses same-day orders (UTC calendar day) into one purchase with the summed spend', () => {
    const rows = summarizeOrders(
      [
        order('a', '2024-01-01T09:00:00Z', 10),
        order('a', '2024-01-01T23:59:59Z', 5), // same day: still the first purchase
        order('a', '2024-01-15T00:00:00Z', 20),
        order('a', '2024-01-15T18:30:00Z', 6),
        order('a', '2024-01-22', 4),
      ],
      { calibrationEnd, unit: 'week' },
    );
    expect(rows).toEqual([{ customerId: 'a', frequency: 2, recency: 3, T: 4, monetaryValue: 15 }]);
  });

  it('measures recency and T in days or fractional weeks', () => {
    const orders = [order('a', '2024-01-01', 1), order('a', '2024-01-11', 1)];
    const days = summarizeOrders(orders, { calibrationEnd, unit: 'day' });
    const weeks = summarizeOrders(orders, { calibrationEnd, unit: 'week' });
    expect(days[0]).toMatchObject({ frequency: 1, recency: 10, T: 28 });
    expect(weeks[0]).toMatchObject({ frequency: 1, recency: 10 / 7, T: 4 });
  });

  it('gives zero recency and zero monetary value to a customer without repeat purchases', () => {
    const rows = summarizeOrders([order('a', '2024-01-08', 99), order('a', '2024-01-08', 1)], {
      calibrationEnd,
      unit: 'day',
    });
    expect(rows).toEqual([{ customerId: 'a', frequency: 0, recency: 0, T: 21, monetaryValue: 0 }]);
  });

  it('counts a first purchase on the calibration end day with T = 0', () => {
    const rows = summarizeOrders([order('a', '2024-01-29', 5)], { calibrationEnd, unit: 'week' });
    expect(rows).toEqual([{ customerId: 'a', frequency: 0, recency: 0, T: 0, monetaryValue: 0 }]);
  });

  it('leaves out customers who first buy after calibration end, and counts later purchases as holdout', () => {
    const rows = summarizeOrders(
      [
        order('late', '2024-02-01', 50),
        order('a', '2024-01-01', 10),
        order('a', '2024-01-29', 30), // the calibration end day is in calibration
        order('a', '2024-01-30', 7),
        order('a', '2024-02-12', 7),
        order('a', '2024-02-12', 7),
        order('a', '2024-03-01', 7), // after the observation end: ignored
      ],
      { calibrationEnd, observationEnd: day('2024-02-26'), unit: 'week' },
    );
    expect(rows).toEqual([
      {
        customerId: 'a',
        frequency: 1,
        recency: 4,
        T: 4,
        monetaryValue: 30,
        frequencyHoldout: 2,
        durationHoldout: 4,
      },
    ]);
  });

  it('adds holdout fields only when there is a holdout period', () => {
    const rows = summarizeOrders([order('a', '2024-01-01', 1)], { calibrationEnd, unit: 'day' });
    expect(rows[0]).not.toHaveProperty('frequencyHoldout');
    const asked = summarizeOrders([order('a', '2024-01-01', 1)], {
      calibrationEnd,
      observationEnd: day('2024-02-05'),
      unit: 'day',
    });
    expect(asked[0]).toMatchObject({ frequencyHoldout: 0, durationHoldout: 7 });
  });

  it('leaves gifts out of frequency, recency, spend and holdout when asked, but a gift starts the clock', () => {
    const orders = [
      order('g', '2024-01-01', 40, false), // a gift: the customer's first order
      order('g', '2024-01-08', 10, true),
      order('g', '2024-01-08', 90, false), // gift on a personal day: not in the day's spend
      order('g', '2024-01-22', 99, false), // gift-only day: no purchase
      order('g', '2024-02-05', 5, false), // holdout gift
      order('g', '2024-02-05', 1),
      order('only-gifts', '2024-01-15', 25, false),
    ];
    const all = summarizeOrders(orders, { calibrationEnd, unit: 'week' });
    expect(all).toEqual([
      {
        customerId: 'g',
        frequency: 2,
        recency: 3,
        T: 4,
        monetaryValue: 99.5,
        frequencyHoldout: 1,
        durationHoldout: 1,
      },
      {
        customerId: 'only-gifts',
        frequency: 0,
        recency: 0,
        T: 2,
        monetaryValue: 0,
        frequencyHoldout: 0,
        durationHoldout: 1,
      },
    ]);
    const personal = summarizeOrders(orders, { calibrationEnd, unit: 'week', excludeNonPersonal: true });
    expect(personal).toEqual([
      {
        customerId: 'g',
        frequency: 1,
        recency: 1,
        T: 4,
        monetaryValue: 10,
        frequencyHoldout: 1,
        durationHoldout: 1,
      },
      {
        customerId: 'only-gifts',
        frequency: 0,
        recency: 0,
        T: 2,
        monetaryValue: 0,
        frequencyHoldout: 0,
        durationHoldout: 1,
      },
    ]);
  });

  it('does not depend on the order of the input, only on who bought what when', () => {
    const base = [
      order('a', '2024-01-03', 3),
      order('b', '2024-01-05', 4),
      order('a', '2024-01-01', 1),
      order('a', '2024-01-20', 2),
      order('b', '2024-01-05', 6),
    ];
    const rows = summarizeOrders(base, { calibrationEnd, unit: 'day' });
    expect(rows).toEqual([
      { customerId: 'a', frequency: 2, recency: 19, T: 28, monetaryValue: 2.5 },
      { customerId: 'b', frequency: 0, recency: 0, T: 24, monetaryValue: 0 },
    ]);
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: base.length }), (shuffled) => {
        const again = summarizeOrders(shuffled, { calibrationEnd, unit: 'day' });
        expect([...again].sort((p, q) => p.customerId.localeCompare(q.customerId))).toEqual(rows);
      }),
    );
  });

  it('keeps 0 ≤ recency ≤ T and frequency ≤ distinct days − 1 for any orders', () => {
    const start = Date.UTC(2024, 0, 1);
    const arbOrder = fc.record({
      customerId: fc.constantFrom('a', 'b', 'c'),
      at: fc.integer({ min: 0, max: 60 * 86_400 }).map((s) => new Date(start + s * 1000)),
      amount: fc.integer({ min: 0, max: 10_000 }),
      personal: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbOrder, { maxLength: 40 }), fc.boolean(), (orders, excludeNonPersonal) => {
        for (const r of summarizeOrders(orders, { calibrationEnd, unit: 'week', excludeNonPersonal })) {
          expect(r.recency).toBeGreaterThanOrEqual(0);
          expect(r.recency).toBeLessThanOrEqual(r.T);
          const days = new Set(
            orders
              .filter((o) => o.customerId === r.customerId)
              .map((o) => Math.floor(o.at.getTime() / 86_400_000)),
          );
          expect(r.frequency + (r.frequencyHoldout ?? 0)).toBeLessThanOrEqual(days.size - 1);
          if (r.frequency === 0) expect(r.monetaryValue).toBe(0);
        }
      }),
    );
  });

  it('rejects invalid dates and an observation end before calibration end', () => {
    expect(() => summarizeOrders([order('a', 'nope', 1)], { calibrationEnd, unit: 'day' })).toThrow(
      RangeError,
    );
    expect(() =>
      summarizeOrders([], { calibrationEnd, observationEnd: day('2024-01-01'), unit: 'day' }),
    ).toThrow(/observationEnd/);
  });
});
