/**
 * Serial opportunistic claims: a customer whose compensated claims are far above their peers'.
 * Pure: the caller loads each customer's approved compensation over the window.
 */

/**
 * The `q` quantile (0–1) of `values` by linear interpolation between closest ranks (the
 * "type 7" estimator of R and NumPy); null for no values.
 * @example quantile([10, 20, 30, 40], 0.5) === 25
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** One customer's compensated claims over the window: how many cases, and the approved total (minor units). */
export interface ClaimsTally {
  claims: number;
  totalMinor: number;
}

export interface ClaimsRule {
  /** Fewest compensated claims before a customer can be flagged. */
  minClaims: number;
  /** A total above this many times the peers' median flags (with enough claims). */
  medianMultiple: number;
  /** Fewest peers for a comparison to mean anything; with fewer nobody is flagged. */
  minPeers: number;
}

export const DEFAULT_CLAIMS_RULE: ClaimsRule = { minClaims: 3, medianMultiple: 3, minPeers: 5 };

export interface ClaimsVerdict {
  peers: { customers: number; medianMinor: number | null; p95Minor: number | null };
  flagged: boolean;
  reasons: string[];
}

/**
 * Whether `customer` claims far more than their peers: flagged when they have at least
 * `minClaims` compensated claims and their total is above the peers' 95th percentile or above
 * `medianMultiple` × the peers' median. Peers are the other customers with approved compensation
 * in the same window (the customer is left out, so they are not compared with themselves), and
 * at least `minPeers` of them are needed. `formatMinor` words amounts in the reasons.
 * @example
 * claimsVerdict({ claims: 4, totalMinor: 90_000 }, [5000, 8000, 6000, 7000, 9000].map((t) => ({ claims: 1, totalMinor: t })))
 * // → flagged: true (90,000 is above the p95 of 8,800 and above 3 × the median of 7,000)
 */
export function claimsVerdict(
  customer: ClaimsTally,
  peers: readonly ClaimsTally[],
  rule: ClaimsRule = DEFAULT_CLAIMS_RULE,
  formatMinor: (minor: number) => string = (m) => String(Math.round(m)),
): ClaimsVerdict {
  const totals = peers.map((p) => p.totalMinor);
  const medianMinor = quantile(totals, 0.5);
  const p95Minor = quantile(totals, 0.95);
  const stats = { customers: peers.length, medianMinor, p95Minor };
  if (customer.claims < rule.minClaims || peers.length < rule.minPeers) {
    return { peers: stats, flagged: false, reasons: [] };
  }
  const reasons: string[] = [];
  const total = customer.totalMinor;
  if (p95Minor !== null && total > p95Minor) {
    reasons.push(
      `${customer.claims} compensated claims totalling ${formatMinor(total)}, above what 95% of ${peers.length} other compensated customers received (${formatMinor(p95Minor)})`,
    );
  }
  if (medianMinor !== null && total > rule.medianMultiple * medianMinor) {
    reasons.push(
      `${formatMinor(total)} is more than ${rule.medianMultiple} × the typical compensated customer's ${formatMinor(medianMinor)}`,
    );
  }
  return { peers: stats, flagged: reasons.length > 0, reasons };
}
