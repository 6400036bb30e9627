import type { FitResult, ValueModel } from './types.js';

/*
 * Maximum likelihood for models whose parameters are all positive (BG/NBD, Pareto/NBD,
 * Gamma-Gamma, sBG).
 *
 * The search runs on θ = log(parameter), which removes the positivity constraint and evens out
 * scales (α in days can be 100× r). It has two stages:
 *  1. Nelder–Mead from every starting point, to a loose tolerance. The simplex needs no
 *     derivatives and shrugs off regions where the likelihood is not finite, so it is the robust
 *     way into the right basin; several starts guard against a local maximum.
 *  2. From the best of those, a damped Newton polish with a central-difference Hessian (a
 *     Levenberg–Marquardt shift keeps each step an ascent step). With four parameters a Hessian
 *     stencil costs 21 evaluations and Newton needs two or three of them, fewer evaluations than
 *     a quasi-Newton method with numerical gradients, and it ends with a verified local maximum.
 * Standard errors come from a fresh Hessian on the natural scale at the optimum.
 *
 * A log-likelihood that returns NaN or ±Infinity, or throws, counts as −∞ (the point is refused);
 * so does any θ beyond ±LOG_LIMIT, which keeps a likelihood without an interior maximum (all
 * customers inactive, say) from drifting forever and lets the fit say so.
 */

/** Parameters are kept within e^±25 ≈ 1.4e-11 … 7.2e10; beyond that the likelihood counts as −∞. */
const LOG_LIMIT = 25;
/** A maximum with a parameter beyond e^±18.4 (1e-8 … 1e8) is reported as being on the boundary. */
const LOG_BOUNDARY = Math.log(1e8);
/** Nelder–Mead stops once the simplex's spread in LL is below this, relative to 1 + |LL|. */
const SIMPLEX_TOLERANCE = 1e-7;
/** … and its vertices lie within this distance on the log scale. */
const SIMPLEX_SIZE = 1e-4;
const DEFAULT_TOLERANCE = 1e-10;
const DEFAULT_MAX_ITERATIONS = 2000;
const NEWTON_MAX_ITERATIONS = 50;
/** Central-difference step on the log scale for the Newton polish. */
const LOG_STEP = 1e-4;
/** Starts whose LL is within this of the best (absolute, plus relative to |LL|) count as agreeing. */
const AGREEMENT = 1e-3;

/** Options of {@link maximizeLogLikelihood}. */
export interface MaximizeOptions<P extends string> {
  model: ValueModel;
  /** Parameter names, in a fixed order. */
  names: readonly P[];
  /** The full-sample log-likelihood at positive parameters; NaN, ±Infinity and throws count as −∞. */
  logLikelihood: (p: Record<P, number>) => number;
  /** Starting points (all parameters > 0); at least one. */
  starts: readonly Record<P, number>[];
  /** Customers behind the likelihood (the sum of counts), reported back as `n`. */
  n: number;
  /** Cap on Nelder–Mead iterations from each start (default 2000). */
  maxIterations?: number;
  /** Relative tolerance on the log-likelihood at the end of the Newton polish (default 1e-10). */
  tolerance?: number;
  /** Side of the first Nelder–Mead simplex on the log scale (default 0.5, i.e. a factor e^0.5). */
  initialStep?: number;
  /**
   * Skip the Nelder–Mead stage and polish the best start directly: for a start already close to
   * the optimum (a fit on a subsample, say), where the simplex would only spend evaluations.
   */
  polishOnly?: boolean;
}

/**
 * Maximises a log-likelihood over positive parameters: Nelder–Mead on the log scale from each
 * start, the best polished by damped Newton, standard errors from the Hessian at the optimum.
 * Never throws on a misbehaving likelihood; reports `converged: false` with a reason instead.
 * @example
 * // the MLE of a gamma rate from 3 waiting times: λ = 3 / (1 + 2 + 3) = 0.5
 * const fit = maximizeLogLikelihood({
 *   model: 'sbg', names: ['lambda'], n: 3, starts: [{ lambda: 1 }],
 *   logLikelihood: ({ lambda }) => 3 * Math.log(lambda) - lambda * 6,
 * });
 * fit.params.lambda // ≈ 0.5, fit.standardErrors.lambda ≈ 0.289 (λ/√3)
 */
export function maximizeLogLikelihood<P extends string>(opts: MaximizeOptions<P>): FitResult<P> {
  const { names } = opts;
  const k = names.length;
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const initialStep = opts.initialStep ?? 0.5;

  const toRecord = (values: readonly number[]) => {
    const rec = {} as Record<P, number>;
    for (let i = 0; i < k; i++) rec[names[i]!] = values[i]!;
    return rec;
  };
  const llNatural = (values: readonly number[]): number => {
    for (const v of values) if (!(v > 0) || !Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
    return safeCall(() => opts.logLikelihood(toRecord(values)));
  };
  // What the searches minimise: −LL over θ = log(parameters), +∞ where refused.
  const cost = (theta: readonly number[]): number => {
    for (const t of theta) if (!(Math.abs(t) <= LOG_LIMIT)) return Number.POSITIVE_INFINITY;
    return -llNatural(theta.map(Math.exp));
  };

  const emptySe = () => {
    const se = {} as Record<P, number | null>;
    for (const name of names) se[name] = null;
    return se;
  };
  const notFitted = (logLikelihood: number, message: string): FitResult<P> => {
    // Echo the first start rather than NaN, so that no output is NaN; `converged: false` and
    // the message say these are not estimates.
    const first = opts.starts[0];
    return {
      model: opts.model,
      params: toRecord(names.map((name) => (first ? first[name] : 1))),
      logLikelihood,
      standardErrors: emptySe(),
      converged: false,
      iterations: 0,
      starts: opts.starts.length,
      n: opts.n,
      message,
    };
  };
  if (opts.n === 0)
    return notFitted(0, 'there are no customers to fit; the parameters are the starting values.');

  let iterations = 0;
  const runs: { theta: number[]; f: number }[] = [];
  const feasibleStarts: number[][] = [];
  for (const start of opts.starts) {
    const theta = names.map((name) => Math.log(start[name]));
    if (!theta.every(Number.isFinite)) continue;
    const clamped = theta.map((t) => Math.max(-LOG_LIMIT + 1, Math.min(LOG_LIMIT - 1, t)));
    if (!Number.isFinite(cost(clamped))) continue;
    feasibleStarts.push(clamped);
    if (opts.polishOnly) {
      runs.push({ theta: clamped, f: cost(clamped) });
      continue;
    }
    const nm = nelderMead(cost, clamped, initialStep, maxIterations, SIMPLEX_TOLERANCE, SIMPLEX_SIZE);
    iterations += nm.iterations;
    runs.push({ theta: nm.x, f: nm.f });
  }

  if (runs.length === 0) {
    return notFitted(
      Number.NEGATIVE_INFINITY,
      opts.starts.length === 0
        ? 'no starting point was given.'
        : `the log-likelihood is not finite at any of the ${opts.starts.length} starting points.`,
    );
  }

  runs.sort((p, q) => p.f - q.f);
  const bestRun = runs[0]!;
  let polish = newtonPolish(cost, bestRun.theta, bestRun.f, tolerance);
  iterations += polish.iterations;
  if (!polish.converged && polish.reason !== 'boundary') {
    // Newton can stall where the simplex stopped short in a curved valley: a fresh, smaller
    // simplex from where Newton ended, then Newton again, usually gets there.
    const nm = nelderMead(cost, polish.x, 0.1, maxIterations, SIMPLEX_TOLERANCE * 1e-3, SIMPLEX_SIZE * 1e-2);
    iterations += nm.iterations;
    const again = newtonPolish(cost, nm.x, nm.f, tolerance);
    iterations += again.iterations;
    if (again.f <= polish.f) polish = again;
  }

  const thetaHat = polish.x;
  const values = thetaHat.map(Math.exp);
  const params = toRecord(values);
  const logLikelihood = -polish.f;
  const atBoundary = names.filter((_, i) => Math.abs(thetaHat[i]!) >= LOG_BOUNDARY);

  const standardErrors = emptySe();
  // A converged Newton polish ends one tiny step from its last stencil; by the chain rule
  // (∂/∂θ = x ∂/∂x) that stencil gives the natural-scale Hessian too,
  // H_ij = (∂²LL/∂θ_i∂θ_j − δ_ij ∂LL/∂θ_i) / (x_i x_j), which saves a second stencil on large
  // data. Otherwise a fresh one is taken.
  const hessian = polish.stencil
    ? polish.stencil.hessian.map((row, i) =>
        row.map((v, j) => (-v + (i === j ? polish.stencil!.gradient[i]! : 0)) / (values[i]! * values[j]!)),
      )
    : numericalHessian(llNatural, values);
  // At the boundary the quadratic approximation behind standard errors does not hold.
  const covariance = atBoundary.length === 0 ? invertNegativeDefinite(hessian) : null;
  if (covariance) {
    for (let i = 0; i < k; i++) standardErrors[names[i]!] = Math.sqrt(covariance[i]![i]!);
  }

  const agreeing = runs.filter((r) => r.f - bestRun.f <= AGREEMENT * (1 + Math.abs(bestRun.f))).length;
  const converged = polish.converged && atBoundary.length === 0 && covariance !== null;
  const notes: string[] = [];
  if (converged) {
    notes.push(`converged to a maximum (log-likelihood ${formatNumber(logLikelihood)})`);
  } else if (atBoundary.length > 0) {
    notes.push(
      `did not converge: ${atBoundary.map((name) => `${name} = ${formatNumber(params[name])}`).join(', ')} ran to the ` +
        'edge of the parameter space, so the likelihood has no interior maximum: the data cannot ' +
        'pin these parameters down (too few customers or events of some kind, or a model that does not fit)',
    );
  } else if (!polish.converged) {
    notes.push(`did not converge: ${polish.reason}`);
  } else {
    notes.push(
      'did not converge: the log-likelihood is flat or saddle-shaped at the best point found, so ' +
        'the parameters are not identified by these data',
    );
  }
  notes.push(
    `${agreeing} of ${opts.starts.length} starting points reached the best log-likelihood` +
      (feasibleStarts.length < opts.starts.length
        ? ` (${opts.starts.length - feasibleStarts.length} had a non-finite log-likelihood)`
        : ''),
  );
  if (!covariance && atBoundary.length === 0) {
    notes.push('standard errors unavailable: the Hessian is not negative definite there');
  }

  return {
    model: opts.model,
    params,
    logLikelihood,
    standardErrors,
    converged,
    iterations,
    starts: opts.starts.length,
    n: opts.n,
    message: `${notes.join('; ')}.`,
  };
}

function safeCall(f: () => number): number {
  try {
    const v = f();
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

const formatNumber = (v: number) =>
  Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toFixed(4) : v.toExponential(3);

interface SimplexResult {
  x: number[];
  f: number;
  iterations: number;
}

/**
 * Nelder–Mead minimisation with the standard coefficients (reflect 1, expand 2, contract ½,
 * shrink ½). Stops when the vertices' values agree to `ftol` relative to 1 + |f| and the simplex
 * fits in a box of side `xtol`, or after `maxIterations`. Vertices where f is +∞ are allowed: they
 * simply lose every comparison.
 */
function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  step: number,
  maxIterations: number,
  ftol: number,
  xtol: number,
): SimplexResult {
  const k = x0.length;
  const vertices: { x: number[]; f: number }[] = [{ x: [...x0], f: f(x0) }];
  for (let i = 0; i < k; i++) {
    // Prefer a finite vertex: try the step forwards, backwards, then smaller.
    let vertex: { x: number[]; f: number } | undefined;
    for (const s of [step, -step, step / 4, -step / 4, step / 16, -step / 16]) {
      const x = [...x0];
      x[i]! += s;
      const fx = f(x);
      vertex = { x, f: fx };
      if (Number.isFinite(fx)) break;
    }
    vertices.push(vertex!);
  }

  const combine = (c: readonly number[], toward: readonly number[], t: number) =>
    c.map((ci, j) => ci + t * (toward[j]! - ci));

  let iterations = 0;
  while (iterations < maxIterations) {
    vertices.sort((p, q) => p.f - q.f);
    const best = vertices[0]!;
    const worst = vertices[k]!;
    const spread = worst.f - best.f;
    let size = 0;
    for (let i = 1; i <= k; i++) {
      for (let j = 0; j < k; j++) size = Math.max(size, Math.abs(vertices[i]!.x[j]! - best.x[j]!));
    }
    if (spread <= ftol * (1 + Math.abs(best.f)) && size <= xtol) break;
    iterations++;

    const centroid = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) centroid[j]! += vertices[i]!.x[j]! / k;

    const reflected = combine(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.f) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = f(expanded);
      vertices[k] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
      continue;
    }
    if (fr < vertices[k - 1]!.f) {
      vertices[k] = { x: reflected, f: fr };
      continue;
    }
    const outside = fr < worst.f;
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
    const fc = f(contracted);
    if (outside ? fc <= fr : fc < worst.f) {
      vertices[k] = { x: contracted, f: fc };
      continue;
    }
    for (let i = 1; i <= k; i++) {
      const x = combine(best.x, vertices[i]!.x, 0.5);
      vertices[i] = { x, f: f(x) };
    }
  }
  vertices.sort((p, q) => p.f - q.f);
  return { x: vertices[0]!.x, f: vertices[0]!.f, iterations };
}

interface PolishResult {
  x: number[];
  f: number;
  iterations: number;
  converged: boolean;
  reason: string;
  /** Gradient and Hessian of the cost on the log scale at the last Newton iterate, when converged. */
  stencil?: { gradient: number[]; hessian: number[][] };
}

/**
 * Damped Newton minimisation with a central-difference gradient and Hessian on a step of
 * LOG_STEP. A Levenberg–Marquardt shift makes the Hessian positive definite when it is not (far
 * from the optimum or on a ridge), and a backtracking (Armijo) line search makes every step a
 * descent step. Converged when half the Newton decrement gᵀH⁻¹g, the predicted remaining gain,
 * is below `tolerance` relative to 1 + |f|, at a point where the unshifted Hessian is positive
 * definite.
 */
function newtonPolish(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  f0: number,
  tolerance: number,
): PolishResult {
  let x = [...x0];
  let fx = f0;
  let iterations = 0;
  if (x.some((t) => Math.abs(t) >= LOG_BOUNDARY)) {
    return { x, f: fx, iterations, converged: false, reason: 'boundary' };
  }
  while (iterations < NEWTON_MAX_ITERATIONS) {
    iterations++;
    const { gradient, hessian } = finiteDifferences(f, x, fx, LOG_STEP);
    if (!gradient.every(Number.isFinite) || !hessian.every((row) => row.every(Number.isFinite))) {
      return {
        x,
        f: fx,
        iterations,
        converged: false,
        reason: 'the log-likelihood is not finite right next to the best point found',
      };
    }
    let shift = 0;
    let factor = cholesky(hessian);
    const scale = Math.max(...hessian.map((row, i) => Math.abs(row[i]!)), 1e-12);
    while (!factor) {
      shift = shift === 0 ? 1e-8 * scale : shift * 10;
      if (shift > 1e12 * scale) break;
      factor = cholesky(hessian.map((row, i) => row.map((v, j) => (i === j ? v + shift : v))));
    }
    if (!factor) {
      return { x, f: fx, iterations, converged: false, reason: 'the Hessian could not be regularised' };
    }
    const direction = choleskySolve(factor, gradient).map((v) => -v);
    const decrement = -dot(gradient, direction);
    if (shift === 0 && decrement / 2 <= tolerance * (1 + Math.abs(fx))) {
      // One last full step costs one evaluation and, Newton being quadratic, squares the error.
      const last = x.map((xi, j) => xi + direction[j]!);
      const fLast = f(last);
      if (fLast <= fx)
        return { x: last, f: fLast, iterations, converged: true, reason: '', stencil: { gradient, hessian } };
      return { x, f: fx, iterations, converged: true, reason: '', stencil: { gradient, hessian } };
    }
    let t = 1;
    let moved = false;
    for (let halvings = 0; halvings < 40; halvings++) {
      const trial = x.map((xi, j) => xi + t * direction[j]!);
      const ft = f(trial);
      if (ft <= fx - 1e-4 * t * decrement) {
        x = trial;
        fx = ft;
        moved = true;
        break;
      }
      t /= 2;
    }
    if (!moved) {
      // No descent left along the Newton direction: within rounding of the optimum when the
      // predicted gain is tiny, otherwise genuinely stuck.
      const tiny = decrement / 2 <= 1e3 * tolerance * (1 + Math.abs(fx));
      return {
        x,
        f: fx,
        iterations,
        converged: tiny && shift === 0,
        reason: 'the Newton polish could not improve the log-likelihood any further',
      };
    }
    if (x.some((t) => Math.abs(t) >= LOG_BOUNDARY)) {
      return { x, f: fx, iterations, converged: false, reason: 'boundary' };
    }
  }
  return {
    x,
    f: fx,
    iterations,
    converged: false,
    reason: `the Newton polish needed more than ${NEWTON_MAX_ITERATIONS} iterations`,
  };
}

/**
 * Central-difference gradient and Hessian of f at x, one step h for every coordinate. The mixed
 * derivatives use the diagonal points x ± h(e_i + e_j) together with the axis points the
 * gradient already needs:
 *   ∂²f/∂x_i∂x_j ≈ [f(x+h e_i+h e_j) + f(x−h e_i−h e_j) − f(x±h e_i) − f(x±h e_j) + 2f(x)] / 2h²,
 * second-order accurate like the four-corner formula but with 2 evaluations a pair instead of 4
 * (21 instead of 33 for four parameters; on large data each one is a pass over the rows).
 */
function finiteDifferences(
  f: (x: readonly number[]) => number,
  x: readonly number[],
  fx: number,
  h: number,
): { gradient: number[]; hessian: number[][] } {
  const k = x.length;
  const at = (i: number, j: number, sign: number) => {
    const y = [...x];
    y[i]! += sign * h;
    if (j >= 0) y[j]! += sign * h;
    return f(y);
  };
  const gradient = new Array<number>(k);
  const axisSum = new Array<number>(k);
  const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    const plus = at(i, -1, 1);
    const minus = at(i, -1, -1);
    gradient[i] = (plus - minus) / (2 * h);
    axisSum[i] = plus + minus;
    hessian[i]![i] = (plus - 2 * fx + minus) / (h * h);
  }
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const v = (at(i, j, 1) + at(i, j, -1) - axisSum[i]! - axisSum[j]! + 2 * fx) / (2 * h * h);
      hessian[i]![j] = v;
      hessian[j]![i] = v;
    }
  }
  return { gradient, hessian };
}

/**
 * The matrix of second derivatives of `f` at `x` by central differences, each coordinate stepped
 * by h_i = ε^¼·max(|x_i|, 1e-8) (ε the double precision unit roundoff: the step that balances
 * truncation against rounding for a second difference). Non-finite values of f propagate as NaN
 * entries rather than throwing.
 * @example numericalHessian(([a, b]) => a * a * b, [1, 2]) // ≈ [[4, 2], [2, 0]]
 */
export function numericalHessian(f: (x: readonly number[]) => number, x: readonly number[]): number[][] {
  const k = x.length;
  const h = x.map((xi) => Number.EPSILON ** 0.25 * Math.max(Math.abs(xi), 1e-8));
  const evaluate = (y: readonly number[]) => {
    const v = safeCall(() => f(y));
    return Number.isFinite(v) ? v : Number.NaN;
  };
  const shifted = (moves: readonly (readonly [number, number])[]) => {
    const y = [...x];
    for (const [i, s] of moves) y[i]! += s * h[i]!;
    return evaluate(y);
  };
  const f0 = evaluate(x);
  const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    const hi = h[i]!;
    hessian[i]![i] = (shifted([[i, 1]]) - 2 * f0 + shifted([[i, -1]])) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const v =
        (shifted([
          [i, 1],
          [j, 1],
        ]) -
          shifted([
            [i, 1],
            [j, -1],
          ]) -
          shifted([
            [i, -1],
            [j, 1],
          ]) +
          shifted([
            [i, -1],
            [j, -1],
          ])) /
        (4 * hi * h[j]!);
      hessian[i]![j] = v;
      hessian[j]![i] = v;
    }
  }
  return hessian;
}

/**
 * (−H)⁻¹ for a Hessian H of a log-likelihood: the asymptotic covariance of the estimates. Null
 * when −H is not positive definite (not a strict maximum, or NaN entries).
 * @example invertNegativeDefinite([[-4, 1], [1, -3]]) // [[3/11, 1/11], [1/11, 4/11]]
 */
export function invertNegativeDefinite(hessian: readonly (readonly number[])[]): number[][] | null {
  const k = hessian.length;
  const factor = cholesky(hessian.map((row) => row.map((v) => -v)));
  if (!factor) return null;
  const inverse: number[][] = [];
  for (let j = 0; j < k; j++) {
    const unit = new Array<number>(k).fill(0);
    unit[j] = 1;
    inverse.push(choleskySolve(factor, unit));
  }
  // Columns of the inverse of a symmetric matrix are its rows.
  return inverse;
}

/** Lower-triangular L with A = L·Lᵀ, or null when A is not (numerically) positive definite. */
function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const k = a.length;
  const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let m = 0; m < j; m++) sum -= l[i]![m]! * l[j]![m]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·y = b. */
function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const k = b.length;
  const z = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let sum = b[i]!;
    for (let m = 0; m < i; m++) sum -= l[i]![m]! * z[m]!;
    z[i] = sum / l[i]![i]!;
  }
  const y = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let m = i + 1; m < k; m++) sum -= l[m]![i]! * y[m]!;
    y[i] = sum / l[i]![i]!;
  }
  return y;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
