import betaRandom from '@stdlib/random-base-beta';
import gammaRandom from '@stdlib/random-base-gamma';
import mt19937 from '@stdlib/random-base-mt19937';

/**
 * A seeded source of randomness. Every draw of the demo generator comes from one of these, so
 * the same seed gives the same business, ids included.
 */
export interface Random {
  /** Uniform on [0, 1) with 53 bits of resolution. */
  next(): number;
  /** 32 uniform random bits as an unsigned integer in [0, 2^32). */
  uint32(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform on [min, max). */
  uniform(min: number, max: number): number;
  /** true with probability `p` (0..1). */
  chance(p: number): boolean;
  /** One element, each equally likely. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** One value, chosen with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** Gamma(shape, rate): mean shape/rate, variance shape/rate². */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b) on (0, 1): mean a/(a+b). */
  beta(a: number, b: number): number;
  /** Exponential with `rate` events per unit time: mean 1/rate (in that unit). */
  exponential(rate: number): number;
  /** Poisson count with the given mean (≥ 0). */
  poisson(mean: number): number;
  /**
   * A UUID in the version 7 layout (RFC 9562): `ms` (Unix milliseconds) in the first 48 bits,
   * the rest from this stream, so demo ids sort by time like ids minted by `newId`.
   */
  uuid(ms: number): string;
}

const TWO_26 = 67_108_864;
const TWO_53 = 9_007_199_254_740_992;
/** A constant word in every key, so that seed 0 on stream 0 still gives MT19937 a non-zero key. */
const KEY_TAG = 0x5241_5050;
/** Knuth's multiplication method needs e^-mean to stay well above the smallest double. */
const POISSON_CHUNK = 50;

/**
 * Opens the stream `stream` of seed `seed`: MT19937 keyed with both, feeding the maintained
 * @stdlib gamma (Marsaglia–Tsang) and beta samplers. Streams of one seed are independent
 * sequences, so adding draws to one part of the generator does not shift another part.
 * @param seed any safe integer, negative included
 * @param stream a non-negative integer naming the sequence
 * @example createRandom(42).gamma(0.25, 4) // a purchase rate per week
 */
export function createRandom(seed: number, stream = 0): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(stream) || stream < 0 || stream > 0xffff_ffff) {
    throw new RangeError(`stream must be a 32-bit unsigned integer, got ${stream}`);
  }
  const key = Uint32Array.of(seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, stream, KEY_TAG);
  const bits = mt19937.factory({ seed: key });
  // The same 53-bit construction as MT19937's genrand_res53.
  const next = () => ((bits() >>> 5) * TWO_26 + (bits() >>> 6)) / TWO_53;
  const gamma = gammaRandom.factory({ prng: next });
  const beta = betaRandom.factory({ prng: next });

  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be > 0, got ${value}`);
  };

  const poissonSmall = (mean: number) => {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = next();
    while (product > limit) {
      count++;
      product *= next();
    }
    return count;
  };

  return {
    next,
    uint32: () => bits() >>> 0,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uniform: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      if (!(total > 0)) throw new RangeError('weights must not all be zero');
      let u = next() * total;
      for (const [value, w] of choices) {
        if (u < w) return value;
        u -= w;
      }
      // Rounding can leave u a hair above the last weight.
      return choices[choices.length - 1]![0];
    },
    gamma: (shape, rate) => {
      positive('shape', shape);
      positive('rate', rate);
      return gamma(shape, rate);
    },
    beta: (a, b) => {
      positive('a', a);
      positive('b', b);
      return beta(a, b);
    },
    exponential: (rate) => {
      positive('rate', rate);
      // 1 - u is in (0, 1], so the log is finite.
      return -Math.log(1 - next()) / rate;
    },
    poisson: (mean) => {
      if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be ≥ 0, got ${mean}`);
      // A sum of independent Poisson counts is Poisson with the summed mean.
      let count = 0;
      let left = mean;
      while (left > POISSON_CHUNK) {
        count += poissonSmall(POISSON_CHUNK);
        left -= POISSON_CHUNK;
      }
      return count + poissonSmall(left);
    },
    uuid: (ms) => uuidV7(ms, bits() >>> 0, bits() >>> 0, bits() >>> 0),
  };
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

function uuidV7(ms: number, r0: number, r1: number, r2: number): string {
  const t = Math.max(0, Math.floor(ms));
  const timeHigh = Math.floor(t / 2 ** 16) % 2 ** 32;
  const timeLow = t % 2 ** 16;
  const version = 0x7000 | (r0 & 0x0fff);
  const variant = 0x8000 | ((r0 >>> 12) & 0x3fff);
  return `${hex(timeHigh, 8)}-${hex(timeLow, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(r1 & 0xffff, 4)}${hex(r2, 8)}`;
}
