/**
 * Shared shapes of the customer-value models (issue #5). Pure data: no I/O, no clock.
 * Times are in the summary's own unit (weeks or days); every model function names the unit it
 * expects, and parameters fitted in one unit only apply to summaries in that unit.
 */

/**
 * One customer's repeat-purchase summary, or `count` identical ones.
 * - `x`: repeat purchases in the calibration window (the first purchase is not counted)
 * - `tx`: time of the last repeat purchase, measured from the first purchase (0 when x = 0)
 * - `T`: time from the first purchase to the end of the calibration window (tx ≤ T)
 * - `count`: how many customers share these values (a weight; default 1)
 * @example const row: RepeatSummary = { x: 2, tx: 30.43, T: 38.86 } // weeks
 */
export interface RepeatSummary {
  x: number;
  tx: number;
  T: number;
  count?: number;
}

/**
 * Mean spend of a customer's repeat purchases (`mx`, in minor units or any money unit) over `x`
 * of them; only rows with x > 0 inform the Gamma-Gamma model.
 * @example const row: SpendSummary = { x: 2, mx: 22.35 }
 */
export interface SpendSummary {
  x: number;
  mx: number;
  count?: number;
}

/** The models whose fits share the {@link FitResult} shape. */
export type ValueModel = 'bgnbd' | 'pareto-nbd' | 'gamma-gamma' | 'sbg';

/**
 * The outcome of a maximum-likelihood fit.
 * @example
 * const fit = fitBgNbd(rows);
 * if (!fit.converged) console.warn(fit.message);
 * fit.params.r; fit.standardErrors.r; // r and its standard error (null when not estimable)
 */
export interface FitResult<P extends string> {
  model: ValueModel;
  params: Record<P, number>;
  /** Full-sample log-likelihood: the sum over customers (weighted by count), not the mean. */
  logLikelihood: number;
  /**
   * Asymptotic standard errors from the numerical Hessian of the log-likelihood at the optimum,
   * on the natural (not log) scale; null when that Hessian is not negative definite, or when the
   * maximum lies on the edge of the parameter space.
   */
  standardErrors: Record<P, number | null>;
  /** True only when the search met its tolerance at an interior, strict local maximum. */
  converged: boolean;
  /** Iterations of the search summed over every stage and starting point. */
  iterations: number;
  /** Starting points tried. */
  starts: number;
  /** Customers the fit used (the sum of counts). */
  n: number;
  /** A plain-words diagnostic: how the search ended and anything a reader should know. */
  message: string;
}
