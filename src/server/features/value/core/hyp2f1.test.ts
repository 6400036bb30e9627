import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyp2f1, logHyp2f1APlusOne } from './hyp2f1.js';

interface ReferenceCase {
  a: number;
  b: number;
  c: number;
  z: number;
  /** The value rounded to a double; null when it is beyond the double range. */
  value: number | null;
  /** ln |2F1|, from 60-digit mpmath. */
  log: number;
}

const reference = JSON.parse(
  readFileSync(new URL('./fixtures/hyp2f1-reference.json', import.meta.url), 'utf8'),
) as { dps: number; cases: ReferenceCase[] };

/** Relative error of the value implied by a log, |F/F_ref − 1| = |expm1(ln F − ln F_ref)|. */
const relativeErrorOfLog = (log: number, refLog: number) => Math.abs(Math.expm1(log - refLog));

/** The bound asserted on the c = a + 1 line; the worst point of the fixture is at 9.6e-13. */
const LINE_BOUND = 2e-12;

const onLine = reference.cases.filter((c) => c.c === c.a + 1);
const general = reference.cases.filter((c) => c.c !== c.a + 1);

function worstOf(cases: readonly ReferenceCase[]) {
  let worst = { error: 0, at: '' };
  for (const c of cases) {
    const error = relativeErrorOfLog(logHyp2f1APlusOne(c.a, c.b, c.z), c.log);
    // NaN must fail the bound, so compare with !(error <= worst).
    if (!(error <= worst.error)) worst = { error, at: `a=${c.a} b=${c.b} z=${c.z}` };
  }
  return worst;
}

describe('logHyp2f1APlusOne against 60-digit mpmath (fixtures/hyp2f1-reference.json)', () => {
  it('covers the range the Pareto/NBD visits', () => {
    expect(reference.dps).toBeGreaterThanOrEqual(50);
    expect(onLine.length).toBeGreaterThan(3000);
    expect(Math.max(...onLine.map((c) => c.a))).toBeGreaterThanOrEqual(1000);
    expect(Math.min(...onLine.map((c) => c.z))).toBeLessThanOrEqual(-1000);
    expect(Math.max(...onLine.map((c) => c.z))).toBeGreaterThanOrEqual(0.9999);
  });

  const regions: [string, (c: ReferenceCase) => boolean][] = [
    ['z < −1 (far negative)', (c) => c.z < -1],
    ['−1 ≤ z < 0', (c) => c.z >= -1 && c.z < 0],
    ['0 ≤ z ≤ 0.5 (series)', (c) => c.z >= 0 && c.z <= 0.5],
    ['0.5 < z ≤ 0.99 (continued fraction)', (c) => c.z > 0.5 && c.z <= 0.99],
    ['0.99 < z ≤ 0.9999', (c) => c.z > 0.99 && c.z <= 0.9999],
    ['z > 0.9999 (split integral)', (c) => c.z > 0.9999],
  ];
  for (const [name, inRegion] of regions) {
    it(`relative error < ${LINE_BOUND} for ${name}`, () => {
      const cases = onLine.filter(inRegion);
      expect(cases.length).toBeGreaterThan(100);
      const worst = worstOf(cases);
      expect(worst.error, `worst at ${worst.at}`).toBeLessThan(LINE_BOUND);
    });
  }

  it(`relative error < ${LINE_BOUND} for b within 1e-7 of an integer, where z → 1 − z is degenerate`, () => {
    const cases = onLine.filter((c) => Math.abs(c.b - Math.round(c.b)) <= 1e-7 && c.b >= 1);
    expect(cases.length).toBeGreaterThan(500);
    const worst = worstOf(cases);
    expect(worst.error, `worst at ${worst.at}`).toBeLessThan(LINE_BOUND);
  });

  it('hyp2f1 returns the values themselves on the line, in either argument order', () => {
    let worst = 0;
    for (const c of onLine) {
      if (c.value === null || c.value > 1e300) continue;
      worst = Math.max(worst, Math.abs(hyp2f1(c.a, c.b, c.c, c.z) / c.value - 1));
      worst = Math.max(worst, Math.abs(hyp2f1(c.b, c.a, c.c, c.z) / c.value - 1));
    }
    // exp() of a log near 700 multiplies the log's absolute error by up to 700.
    expect(worst).toBeLessThan(1e-10);
  });

  it('hyp2f1 off the line (c ≠ a + 1, inside the unit disc) matches via @stdlib', () => {
    expect(general.length).toBeGreaterThan(5);
    for (const c of general) {
      expect(
        Math.abs(hyp2f1(c.a, c.b, c.c, c.z) / c.value! - 1),
        `a=${c.a} b=${c.b} c=${c.c} z=${c.z}`,
      ).toBeLessThan(1e-13);
    }
  });
});

describe('logHyp2f1APlusOne, closed forms and identities', () => {
  it('2F1(1, 1; 2; z) = −ln(1 − z)/z', () => {
    for (const z of [-1000, -3, -0.5, 1e-9, 0.25, 0.5, 0.9, 0.999999, 1 - 1e-12]) {
      const expected = -Math.log1p(-z) / z;
      expect(Math.exp(logHyp2f1APlusOne(1, 1, z)) / expected - 1).toBeCloseTo(0, 12);
    }
  });

  it('2F1(1, b; 2; z) = [1 − (1 − z)^(1−b)] / ((1 − b) z) for b in (0, 50], z in (−1000, 1 − 1e-6)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.oneof(
          fc.double({ min: -1000, max: -1e-3, noNaN: true }),
          fc.double({ min: 1e-3, max: 0.999, noNaN: true }),
          fc.double({ min: 1, max: 6, noNaN: true }).map((k) => 1 - 10 ** -k),
        ),
        (b, z) => {
          const e = (1 - b) * Math.log1p(-z);
          const expected = b === 1 ? -Math.log1p(-z) / z : Math.expm1(e) / ((b - 1) * z);
          const got = Math.exp(logHyp2f1APlusOne(1, b, z));
          return Math.abs(got / expected - 1) < 1e-11;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('2F1(a, a + 1; a + 1; z) = (1 − z)^(−a)', () => {
    for (const a of [0.3, 1, 7.5, 40]) {
      for (const z of [-50, -0.7, 0.2, 0.6, 0.9]) {
        expect(logHyp2f1APlusOne(a, a + 1, z) / (-a * Math.log1p(-z)) - 1).toBeCloseTo(0, 12);
      }
    }
  });

  it('satisfies (b − 1) z F(a, b) / a + F(a − 1, b − 1) = (1 − z)^(1−b), a sum of positive terms', () => {
    // Integration by parts of the incomplete beta integral; F(a, b) is 2F1(a, b; a + 1; z).
    fc.assert(
      fc.property(
        fc.double({ min: 1.5, max: 500, noNaN: true }),
        fc.double({ min: 1.01, max: 40, noNaN: true }),
        fc.oneof(
          fc.double({ min: 1e-3, max: 0.99, noNaN: true }),
          fc.double({ min: 2, max: 9, noNaN: true }).map((k) => 1 - 10 ** -k),
        ),
        (a, b, z) => {
          const w = 1 - z;
          const lhs =
            Math.log((b - 1) * z) +
            logHyp2f1APlusOne(a, b, z) -
            Math.log(a) +
            Math.log1p(
              Math.exp(
                logHyp2f1APlusOne(a - 1, b - 1, z) -
                  Math.log((b - 1) * z) -
                  logHyp2f1APlusOne(a, b, z) +
                  Math.log(a),
              ),
            );
          return Math.abs(Math.expm1(lhs - (1 - b) * Math.log(w))) < 1e-11;
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is continuous across the switch to the split integral (1 − z = min(½, 1/a))', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 2000, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (a, b) => {
          const u0 = Math.min(0.5, 1 / a);
          const below = logHyp2f1APlusOne(a, b, 1 - u0 * (1 + 1e-9), u0 * (1 + 1e-9));
          const above = logHyp2f1APlusOne(a, b, 1 - u0 * (1 - 1e-9), u0 * (1 - 1e-9));
          // The function itself moves by about b·1e-9 / u₀ · u₀ = b·1e-9 in log over that step.
          return Math.abs(below - above) < 3e-9 * (1 + b);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the caller’s 1 − z, so z = 1 − 1e-15 is not rounded to a different point', () => {
    const w = 1e-15;
    // b = 2: 2F1(a, 2; a+1; z) ~ a / w for tiny w, and a/(b − 1) w^(1−b) is its leading term.
    const got = logHyp2f1APlusOne(3, 2, 1 - w, w);
    expect(got - Math.log(3 / w)).toBeLessThan(1e-10);
    expect(got - Math.log(3 / w)).toBeGreaterThan(-1e-10 - 1e-13);
  });

  it('is 0 at z = 0 and b = 0, NaN outside its domain', () => {
    expect(logHyp2f1APlusOne(5, 3, 0)).toBe(0);
    expect(logHyp2f1APlusOne(5, 0, 0.7)).toBe(0);
    expect(logHyp2f1APlusOne(0, 1, 0.5)).toBeNaN();
    expect(logHyp2f1APlusOne(1, -1, 0.5)).toBeNaN();
    expect(logHyp2f1APlusOne(1, 1, 1)).toBeNaN();
    expect(logHyp2f1APlusOne(1, Number.NaN, 0.5)).toBeNaN();
    expect(logHyp2f1APlusOne(1, 1, Number.NaN)).toBeNaN();
  });

  it('stays finite where the function itself passes the double range (b ≥ a + 1, large a)', () => {
    // 2F1(a, a + 1; a + 1; z) = (1 − z)^(−a): e^966 at a = 1393.4, z = ½.
    for (const [a, z] of [
      [1393.391723399618, 0.5],
      [1393.391723399618, 0.9],
      [5000, 0.3],
    ] as const) {
      const expected = -a * Math.log1p(-z);
      expect(expected).toBeGreaterThan(709);
      expect(Math.abs(logHyp2f1APlusOne(a, a + 1, z) / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('is finite and increasing in z over a wide random range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 4, noNaN: true }).map((e) => 10 ** e),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: -6, max: 0.999999, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (a, bFraction, z, dz) => {
          // b in (0, a + 1): the Pareto/NBD's range. For b > 0 every term of the series grows with z.
          const b = bFraction * (a + 1);
          const at = logHyp2f1APlusOne(a, b, z);
          const further = logHyp2f1APlusOne(a, b, z + dz * (1 - z));
          // The value is good to ~1e-12 relative, so its log to ~1e-12 absolute (for small logs,
          // near z = 1, the rounding of 1 − z in z + dz(1 − z) alone moves it by more than 1e-12 relative).
          return (
            Number.isFinite(at) &&
            Number.isFinite(further) &&
            further >= at - 1e-12 * Math.max(1, Math.abs(at))
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
