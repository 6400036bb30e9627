import stdlibHyp2f1 from '@stdlib/math-base-special-hyp2f1';

/**
 * The Gauss hypergeometric function 2F1 for the Pareto/NBD likelihood.
 *
 * The likelihood only ever needs the family 2F1(a, b; a + 1; z) with a = r + s + x > 0,
 * 0 < b < a + 1 (b = s + 1 or r + x) and 0 ≤ z < 1 (Fader & Hardie 2005). That family is an
 * incomplete beta integral,
 *
 *   2F1(a, b; a + 1; z) = a z^(−a) ∫_0^z t^(a−1) (1 − t)^(−b) dt,
 *
 * so it is positive for every a > 0, z < 1, and each region of z gets a form without cancellation:
 * - |z| ≤ ½: Euler's transformation, (1 − z)^(1−b) · 2F1(1, a+1−b; a+1; z), whose series has
 *   terms shrinking by at least |z| (and all positive for z > 0);
 * - ½ < z < 1 − u₀: Pfaff's transformation, (1 − z)^(−b) · 2F1(1, b; a+1; −z/(1 − z)), by Gauss's
 *   continued fraction, which converges on the whole cut plane in ~15/√(1 − z) steps (the series
 *   needs ~1/(1 − z)), and whose elements are all positive at a negative argument;
 * - z within u₀ = min(½, 1/a) of 1: the integral is split at 1 − u₀. Below, it is the same
 *   function at a safe distance from 1; above, (1 − t)^(−b) t^(a−1) is integrated term by term in
 *   u = 1 − t. This replaces the z → 1 − z connection formula, whose two terms have cancelling
 *   poles whenever b is near an integer (b = s + 1 with s ≈ 1 is common), by a sum whose
 *   near-integer terms are computed with expm1 and need no special case;
 * - z < −½: Euler's form again (its fraction's elements are positive at negative z), or, far out
 *   (z < 1 − 1/u₀), Pfaff's other form, which maps z to z/(z − 1), close to 1, and the split.
 * Values come back as logarithms because (1 − z)^(−b) overflows for b = 50, 1 − z = 1e-7.
 *
 * Accuracy against 60-digit mpmath (fixtures/hyp2f1-reference.json: 3,789 points with
 * a ∈ [0.01, 1e5], b ∈ [0.01, 50], z ∈ [−1000, 1 − 1e-10], integer and near-integer b, and 400
 * random points): worst relative error of the value 9.6e-13 (hyp2f1.test.ts asserts < 2e-12).
 * @stdlib's Cephes port, by comparison, is good to ~1e-14 for −1 ≤ z ≤ 0.9 but returns wrong
 * values or NaN for many points with z > 0.9 or z < −1 on this line.
 */

/** Smallest double such that 1 + EPS ≠ 1 — the series and fraction stop below it. */
const EPS = 2 ** -53;
const TINY = 1e-300;
/** A running sum above this is divided by it (and its log carried apart) before it can overflow. */
const RESCALE_ABOVE = 1e250;
const LOG_RESCALE = Math.log(RESCALE_ABOVE);
/** Bounds the work of one evaluation (NaN beyond it); never reached on the fixture's range. */
const MAX_TERMS = 200_000;

/**
 * ln 2F1(a, b; a + 1; z), the natural log of the Gauss hypergeometric function on the line
 * c = a + 1 used by the Pareto/NBD likelihood. The value is positive for every a > 0 and z < 1,
 * so the log always exists.
 *
 * @param a first parameter, > 0 (for the Pareto/NBD, r + s + x)
 * @param b second parameter, ≥ 0 (Pareto/NBD: s + 1 or r + x, so 0 < b < a + 1; larger b works too)
 * @param z argument, < 1
 * @param oneMinusZ 1 − z, if the caller can compute it without cancellation — e.g.
 *   (min(α, β) + τ) / (max(α, β) + τ) in the Pareto/NBD, where z = 1 − 1e-12 is possible
 * @returns ln 2F1(a, b; a + 1; z); NaN outside the domain (a ≤ 0, b < 0, z ≥ 1, NaN inputs)
 * @example logHyp2f1APlusOne(1, 1, 0.5) // ln(2 ln 2) ≈ 0.3266
 */
export function logHyp2f1APlusOne(a: number, b: number, z: number, oneMinusZ = 1 - z): number {
  if (!(a > 0) || !(b >= 0) || !(z < 1) || !(oneMinusZ > 0)) return Number.NaN;
  if (z === 0 || b === 0) return 0;
  if (z >= 0) return logOnUnitInterval(a, b, z, oneMinusZ);
  // Negative z: ζ = z/(z − 1) lies in (0, 1), and 1 − ζ = 1/(1 − z).
  const zeta = -z / oneMinusZ;
  if (1 / oneMinusZ >= splitPoint(a) && b <= a + 1) {
    // Euler: 2F1(a, b; a+1; z) = (1 − z)^(1−b) 2F1(1, a+1−b; a+1; z); at negative z the series
    // alternates but shrinks by |z| ≤ ½ a term, and the continued fraction's elements are all
    // positive (B = a + 1 − b ≥ 0), so neither cancels.
    const B = a + 1 - b;
    const g = z >= -0.5 ? seriesOneB(B, a, z) : fractionOneB(B, a, z);
    return (1 - b) * Math.log(oneMinusZ) + Math.log(g);
  }
  // ζ near 1 (z ≪ −1): the other Pfaff form, 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; ζ),
  // which reaches the split evaluation. Its two logs cancel in part, costing ~a·ln(1 − z)·1e-16.
  return -a * Math.log(oneMinusZ) + logOnUnitInterval(a, a + 1 - b, zeta, 1 / oneMinusZ);
}

/**
 * Where the integral is split (in u = 1 − t): the term-by-term series above 1 − u₀ cancels by at
 * most e^(2 a u₀) ≈ 7.4, and the evaluation below it needs few fraction steps (≲ 15/√u₀, and far
 * fewer for large a, where the fraction's even coefficients are O(1/a²)).
 */
function splitPoint(a: number): number {
  return Math.min(0.5, 1 / a);
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real parameters.
 *
 * On the Pareto/NBD line c = a + 1 (or c = b + 1, by symmetry) it uses the stable evaluation of
 * {@link logHyp2f1APlusOne}. Elsewhere it defers to @stdlib's port of Cephes, which is accurate
 * inside the unit disc but loses digits as z → 1 — the reason this module exists.
 *
 * @param a first parameter
 * @param b second parameter
 * @param c third parameter (not 0, −1, −2, …)
 * @param z argument, < 1
 * @returns 2F1(a, b; c; z) (Infinity when it exceeds the double range)
 * @example hyp2f1(1, 1, 2, 0.5) // 2 ln 2 ≈ 1.3863
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z < 1) {
    if (a > 0 && b >= 0 && c === a + 1) return Math.exp(logHyp2f1APlusOne(a, b, z));
    if (b > 0 && a >= 0 && c === b + 1) return Math.exp(logHyp2f1APlusOne(b, a, z));
  }
  return stdlibHyp2f1(a, b, c, z);
}

/** ln 2F1(a, b; a + 1; z) for 0 < z < 1, w = 1 − z. */
function logOnUnitInterval(a: number, b: number, z: number, w: number): number {
  const u0 = splitPoint(a);
  if (w >= u0) return logDirect(a, b, z, w);

  // 2F1 = a z^(−a) (J₁ + J₂) with J₁ = ∫_0^(1−u₀) and J₂ = ∫_(1−u₀)^z of t^(a−1) (1 − t)^(−b) dt.
  const logJ1 = a * Math.log1p(-u0) - Math.log(a) + logDirect(a, b, 1 - u0, u0);
  const logJ2 = logUpperPiece(a, b, w, u0);
  return Math.log(a) - a * Math.log1p(-w) + logAddExp(logJ1, logJ2);
}

/**
 * ln J₂ = ln ∫_w^(u₀) (1 − u)^(a−1) u^(−b) du, by expanding (1 − u)^(a−1) = Σ (1−a)_k/k! u^k
 * and integrating each power exactly: ∫ u^(ε−1) du = (u₀^ε − w^ε)/ε with ε = k + 1 − b. That
 * quotient is written with expm1 so ε → 0 (integer b) gives its limit ln(u₀/w) with no loss.
 * A scale factor max(u₀, w)^(1−b)-like is pulled out so nothing overflows.
 */
function logUpperPiece(a: number, b: number, w: number, u0: number): number {
  const L = Math.log(u0 / w); // > 0
  let logScale: number;
  let sum = 0;
  let coef = 1; // (1 − a)_k / k!
  let pw = 1; // w^k
  let pu = 1; // u₀^k
  // For b ≥ 1 the integral is dominated by its lower end w (scale w^(1−b)); for b < 1 by u₀.
  const lowerEndDominates = b >= 1;
  logScale = (1 - b) * (lowerEndDominates ? Math.log(w) : Math.log(u0));
  const shrink = lowerEndDominates ? Math.exp((1 - b) * L) : 1; // (u₀/w)^(1−b) ≤ 1 when b ≥ 1
  for (let k = 0; k < MAX_TERMS; k++) {
    const eps = k + 1 - b;
    let phi: number;
    if (lowerEndDominates) {
      // w^k ((u₀/w)^ε − 1)/ε
      const x = eps * L;
      phi = x <= 1 ? (eps === 0 ? pw * L : (pw * Math.expm1(x)) / eps) : (pu * shrink - pw) / eps;
    } else {
      // u₀^k (1 − (w/u₀)^ε)/ε with ε > 0
      phi = (-pu * Math.expm1(-eps * L)) / eps;
    }
    const term = coef * phi;
    sum += term;
    if (coef === 0 || Math.abs(term) <= EPS * Math.abs(sum)) break;
    coef *= (k + 1 - a) / (k + 1);
    pw *= w;
    pu *= u0;
  }
  if (!(sum > 0)) return Number.NaN;
  logScale += Math.log(sum);
  return logScale;
}

/** ln 2F1(a, b; a + 1; z) for 0 < z ≤ 1 − u₀ (not close to 1), w = 1 − z. */
function logDirect(a: number, b: number, z: number, w: number): number {
  const B = a + 1 - b;
  if (B <= 0) {
    // Outside the Pareto/NBD range (b ≥ a + 1): Euler's form would alternate in sign, so sum
    // 2F1 itself, whose terms a/(a+k) (b)_k/k! z^k are all positive.
    return logSeriesDirect(a, b, z);
  }
  if (z <= 0.5 || B > a + 1) {
    // Euler: 2F1(a, b; a+1; z) = (1 − z)^(1−b) 2F1(1, a+1−b; a+1; z), a series of positive terms
    // (B > a + 1, i.e. b < 0, is only reached from negative z with b > a + 1; longer, still positive).
    return (1 - b) * Math.log(w) + Math.log(seriesOneB(B, a, z));
  }
  // Pfaff: 2F1(a, b; a+1; z) = (1 − z)^(−b) 2F1(1, b; a+1; −z/(1 − z)). At that negative
  // argument every element of the continued fraction is positive (0 < b < a + 1), so no step
  // cancels; at z itself each step would subtract numbers close to 1 and lose ~ε/(1 − z).
  return -b * Math.log(w) + Math.log(fractionOneB(b, a, -z / w));
}

/**
 * 2F1(1, B; C + 1; z) by its series for B > 0: the terms are positive, and shrink by
 * (B+k) z/(C+1+k) < z when B ≤ C + 1; for larger B they first grow, until k ≈ (B z − C − 1)/(1 − z).
 */
function seriesOneB(B: number, C: number, z: number): number {
  let term = 1;
  let sum = 1;
  const peak = (B * z - C - 1) / (1 - z);
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((B + k) * z) / (C + 1 + k);
    sum += term;
    if (k > peak && Math.abs(term) <= EPS * Math.abs(sum)) return sum;
  }
  return Number.NaN;
}

/**
 * ln 2F1(a, b; a + 1; z) by the function's own series (all terms positive for b > 0). The sum
 * can pass the double range long before it converges (b = a + 1 = 1394 at z = 0.4 is e^711), so
 * it is carried as mantissa × e^offset, rescaled whenever it grows large.
 */
function logSeriesDirect(a: number, b: number, z: number): number {
  let pochhammer = 1; // (b)_k z^k / k!, divided by e^offset
  let sum = 1;
  let offset = 0;
  // Terms grow until k ≈ b z / (1 − z); only a small term past that peak means convergence.
  const peak = (b * z) / (1 - z);
  for (let k = 0; k < MAX_TERMS; k++) {
    pochhammer *= ((b + k) * z) / (k + 1);
    const term = (pochhammer * a) / (a + k + 1);
    sum += term;
    if (k > peak && term <= EPS * sum) return offset + Math.log(sum);
    if (sum > RESCALE_ABOVE) {
      sum /= RESCALE_ABOVE;
      pochhammer /= RESCALE_ABOVE;
      offset += LOG_RESCALE;
    }
  }
  return Number.NaN;
}

/**
 * 2F1(1, B; C + 1; z) by Gauss's continued fraction for F(α+1, β; γ+1; z)/F(α, β; γ; z) at α = 0,
 * evaluated with the modified Lentz method. It converges on the whole cut plane, geometrically
 * with ratio ≈ (1 − √(1−z))²/(1 + √(1−z))², so far faster than the series near z = 1.
 */
function fractionOneB(B: number, C: number, z: number): number {
  let f = 1;
  let c = 1;
  let d = 0;
  for (let n = 1; n <= MAX_TERMS; n++) {
    let k: number;
    if (n % 2 === 1) {
      const m = (n - 1) / 2;
      k = ((B + m) * (C + m)) / ((C + 2 * m) * (C + 2 * m + 1));
    } else {
      const m = n / 2;
      k = (m * (C - B + m)) / ((C + 2 * m - 1) * (C + 2 * m));
    }
    const an = -k * z;
    d = 1 + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    d = 1 / d;
    c = 1 + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= EPS) return 1 / f;
  }
  return Number.NaN;
}

/** ln(eˣ + eʸ) without overflow. */
function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  return x > y ? x + Math.log1p(Math.exp(y - x)) : y + Math.log1p(Math.exp(x - y));
}
