/**
 * Distribution-free intervals for what the audit measures over seeds: the median with its
 * order-statistic confidence interval (exact binomial coverage, valid with right-censored runs
 * counted as +∞), and least-squares slopes for log–log fits. No assumption of normality: with 5
 * to 20 seeds there is too little data to check one.
 */

/**
 * A median over seeds with its interval. A null bound (or median) is +∞: it falls on a censored
 * run.
 */
export interface MedianEstimate {
  readonly n: number;
  readonly median: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Exact coverage of [lower, upper] (binomial, p = 1/2). */
  readonly confidence: number;
  /** Runs counted as +∞ (censored). */
  readonly censored: number;
}

function binomialHalfCdf(n: number, k: number): number {
  // P(Bin(n, 1/2) ≤ k)
  let sum = 0;
  let c = 1;
  for (let i = 0; i <= k; i++) {
    sum += c;
    c = (c * (n - i)) / (i + 1);
  }
  return sum / 2 ** n;
}

/**
 * The median of `xs` (null entries are right-censored: larger than every observed value) with
 * the order-statistic interval [x₍k₎, x₍n−k+1₎] of the largest k whose exact coverage is at least
 * `level` (k = 1 when no k reaches it: the coverage says how much was reached).
 */
export function medianInterval(xs: readonly (number | null)[], level = 0.95): MedianEstimate {
  const n = xs.length;
  const censored = xs.filter((x) => x === null).length;
  if (n === 0) return { n, median: null, lower: null, upper: null, confidence: 0, censored };
  const sorted = xs.map((x) => (x === null ? Number.POSITIVE_INFINITY : x)).sort((a, b) => a - b);
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && 1 - 2 * binomialHalfCdf(n, k) >= level) k++;
  const coverage = 1 - 2 * binomialHalfCdf(n, k - 1);
  const at = (i: number) => {
    const v = sorted[i] as number;
    return Number.isFinite(v) ? v : null;
  };
  const mid =
    n % 2 === 1
      ? (sorted[(n - 1) / 2] as number)
      : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  return {
    n,
    median: Number.isFinite(mid) ? mid : null,
    lower: at(k - 1),
    upper: at(n - k),
    confidence: coverage,
    censored,
  };
}

/** Least-squares slope of y on x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** Rounds for the ledger: 6 significant digits, so that the JSON does not carry float noise. */
export function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/** A median estimate with its figures rounded by {@link round6} (null bounds stay null). */
export function roundMedian(e: MedianEstimate): MedianEstimate {
  const r = (x: number | null) => (x === null ? null : round6(x));
  return {
    ...e,
    median: r(e.median),
    lower: r(e.lower),
    upper: r(e.upper),
    confidence: round6(e.confidence),
  };
}

export type Comparison = ">" | ">=" | "<" | "<=";

function holds(x: number, op: Comparison, v: number): boolean {
  switch (op) {
    case ">":
      return x > v;
    case ">=":
      return x >= v;
    case "<":
      return x < v;
    case "<=":
      return x <= v;
  }
}

/**
 * Whether "median op value" is decided by the interval: `holds` when every value of the interval
 * satisfies it, `fails` when none does, `undecided` when the interval straddles the threshold.
 * An unbounded upper end (censored runs) is +∞.
 */
export function decideMedian(
  e: MedianEstimate,
  op: Comparison,
  value: number,
): "holds" | "fails" | "undecided" {
  if (e.n === 0) return "undecided";
  const lo = e.lower ?? Number.POSITIVE_INFINITY;
  const hi = e.upper ?? Number.POSITIVE_INFINITY;
  if (holds(lo, op, value) && holds(hi, op, value)) return "holds";
  if (!holds(lo, op, value) && !holds(hi, op, value)) return "fails";
  return "undecided";
}
