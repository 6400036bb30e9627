import type { RepeatSummary, SpendSummary } from './types.js';

/*
 * Likelihoods of the value models depend on a customer only through the summary, so customers
 * with identical summaries contribute identical terms: fitting on distinct rows weighted by count
 * gives the same log-likelihood for a fraction of the work.
 *
 * The rows are grouped with an open-addressing hash table on the numbers' bit patterns rather
 * than a Map of string keys: building a million key strings costs more than the fit it saves.
 * Equality is exact (30.43 and 30.430000001 stay apart), with −0 taken as 0.
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** A 32-bit mix of a double's bit pattern. */
function hashNumber(value: number, seed: number): number {
  bits[0] = value + 0; // −0 + 0 is +0
  let h = Math.imul(seed ^ words[0]!, 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13) ^ words[1]!, 0xc2b2_ae35);
  return h ^ (h >>> 16);
}

/** Groups rows by a tuple of numbers, keeping first-appearance order and summing counts. */
class TupleCounter {
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;
  /** keys[i·arity + j] is component j of distinct tuple i. */
  private keys: number[] = [];
  readonly counts: number[] = [];

  constructor(private readonly arity: number) {}

  get size(): number {
    return this.counts.length;
  }

  key(i: number, j: number): number {
    return this.keys[i * this.arity + j]!;
  }

  /** Counts the tuple and answers its index among the distinct tuples. */
  add(tuple: readonly number[], count: number): number {
    let slot = this.hash(tuple) & this.mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at < 0) break;
      if (this.equals(at, tuple)) {
        this.counts[at]! += count;
        return at;
      }
      slot = (slot + 1) & this.mask;
    }
    const index = this.counts.length;
    for (const v of tuple) this.keys.push(v + 0);
    this.counts.push(count);
    this.slots[slot] = index;
    // Keep the table at most half full so that probes stay short.
    if (2 * this.counts.length > this.mask) this.grow();
    return index;
  }

  private hash(tuple: readonly number[]): number {
    let h = 0x9e37_79b9;
    for (const v of tuple) h = hashNumber(v, h);
    return h;
  }

  private equals(index: number, tuple: readonly number[]): boolean {
    const base = index * this.arity;
    for (let j = 0; j < this.arity; j++) if (this.keys[base + j] !== tuple[j]! + 0) return false;
    return true;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    const tuple = new Array<number>(this.arity);
    for (let i = 0; i < this.counts.length; i++) {
      for (let j = 0; j < this.arity; j++) tuple[j] = this.key(i, j);
      let slot = this.hash(tuple) & this.mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    }
  }
}

const weightOf = (count: number | undefined) => (count === undefined ? 1 : count);

/**
 * Merges rows with identical (x, tx, T) into one row carrying the summed `count`, in order of
 * first appearance. Rows whose total count is 0 are dropped.
 * @example
 * collapseRepeatSummaries([{ x: 0, tx: 0, T: 39 }, { x: 0, tx: 0, T: 39 }, { x: 1, tx: 2, T: 39 }])
 * // [{ x: 0, tx: 0, T: 39, count: 2 }, { x: 1, tx: 2, T: 39, count: 1 }]
 */
export function collapseRepeatSummaries(rows: Iterable<RepeatSummary>): RepeatSummary[] {
  const counter = new TupleCounter(3);
  const tuple = [0, 0, 0];
  for (const row of rows) {
    tuple[0] = row.x;
    tuple[1] = row.tx;
    tuple[2] = row.T;
    counter.add(tuple, weightOf(row.count));
  }
  const out: RepeatSummary[] = [];
  for (let i = 0; i < counter.size; i++) {
    const count = counter.counts[i]!;
    if (count !== 0) out.push({ x: counter.key(i, 0), tx: counter.key(i, 1), T: counter.key(i, 2), count });
  }
  return out;
}

/**
 * The distinct (x, tx, T) of the rows, in order of first appearance, and for each row the index
 * of its distinct summary: per-summary work (predictions) is done once and looked up per row,
 * without a key string per row.
 * @example indexRepeatSummaries([{ x: 1, tx: 2, T: 9 }, { x: 0, tx: 0, T: 9 }, { x: 1, tx: 2, T: 9 }])
 * // { distinct: [{ x: 1, tx: 2, T: 9 }, { x: 0, tx: 0, T: 9 }], index: Uint32Array [0, 1, 0] }
 */
export function indexRepeatSummaries(rows: readonly RepeatSummary[]): {
  distinct: RepeatSummary[];
  index: Uint32Array;
} {
  const counter = new TupleCounter(3);
  const tuple = [0, 0, 0];
  const index = new Uint32Array(rows.length);
  rows.forEach((row, i) => {
    tuple[0] = row.x;
    tuple[1] = row.tx;
    tuple[2] = row.T;
    index[i] = counter.add(tuple, 1);
  });
  const distinct: RepeatSummary[] = [];
  for (let i = 0; i < counter.size; i++) {
    distinct.push({ x: counter.key(i, 0), tx: counter.key(i, 1), T: counter.key(i, 2) });
  }
  return { distinct, index };
}

/**
 * Merges rows with identical (x, mx) into one row carrying the summed `count`, in order of first
 * appearance. Rows whose total count is 0 are dropped.
 * @example
 * collapseSpendSummaries([{ x: 1, mx: 20 }, { x: 1, mx: 20 }]) // [{ x: 1, mx: 20, count: 2 }]
 */
export function collapseSpendSummaries(rows: Iterable<SpendSummary>): SpendSummary[] {
  const counter = new TupleCounter(2);
  const tuple = [0, 0];
  for (const row of rows) {
    tuple[0] = row.x;
    tuple[1] = row.mx;
    counter.add(tuple, weightOf(row.count));
  }
  const out: SpendSummary[] = [];
  for (let i = 0; i < counter.size; i++) {
    const count = counter.counts[i]!;
    if (count !== 0) out.push({ x: counter.key(i, 0), mx: counter.key(i, 1), count });
  }
  return out;
}

/**
 * A systematic sample of about `target` customers of collapsed rows: walking the rows in order,
 * one customer is kept every `customers / target` of the cumulative count. Deterministic (a fit
 * on it stays reproducible), and as good as a random sample when rows come in no particular
 * order of (x, tx, T). The fits search their starting points on it before polishing on all rows.
 * @example systematicSample([{ x: 0, tx: 0, T: 10, count: 10 }], 10, 5) // [{ x: 0, tx: 0, T: 10, count: 5 }]
 */
export function systematicSample(
  rows: readonly RepeatSummary[],
  customers: number,
  target: number,
): RepeatSummary[] {
  const step = customers / target;
  const out: RepeatSummary[] = [];
  let cumulative = 0;
  let taken = 0;
  for (const row of rows) {
    cumulative += row.count ?? 1;
    const upTo = Math.floor(cumulative / step);
    if (upTo > taken) {
      out.push({ x: row.x, tx: row.tx, T: row.T, count: upTo - taken });
      taken = upTo;
    }
  }
  return out;
}
