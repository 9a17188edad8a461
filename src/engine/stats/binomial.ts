/**
 * Distribution-free intervals from the binomial distribution (SPEC.md §13.2):
 *
 * - a confidence interval for a quantile from order statistics: with n independent samples
 *   sorted x(1) ≤ … ≤ x(n), the p-quantile ξ lies in [x(l), x(u)] with probability
 *   P(l ≤ B < u), B ~ Binomial(n, p), whatever the distribution (continuous or not, the
 *   interval is at least that conservative) — so it holds for convergence times, message counts
 *   and stamp sizes alike, and right-censored samples (a run that did not converge within the
 *   horizon) simply sort last;
 * - the Clopper–Pearson ("exact") interval for a proportion k/n.
 *
 * Computed in log space, so n in the thousands does not underflow.
 */

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACT: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACT.length; i <= n; i++) LOG_FACT.push((LOG_FACT[i - 1] ?? 0) + Math.log(i));
  return LOG_FACT[n] ?? 0;
}

function checkN(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError("n must be a positive integer");
}

/** P(B = k), B ~ Binomial(n, p). */
export function binomialPmf(n: number, p: number, k: number): number {
  checkN(n);
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(B ≤ k), B ~ Binomial(n, p). */
export function binomialCdf(n: number, p: number, k: number): number {
  checkN(n);
  if (k < 0) return 0;
  if (k >= n) return 1;
  let s = 0;
  for (let i = 0; i <= Math.floor(k); i++) s += binomialPmf(n, p, i);
  return Math.min(1, s);
}

export interface QuantileInterval {
  /** 1-based ranks of the order statistics that bound the interval: [x(lower), x(upper)]. */
  readonly lower: number;
  readonly upper: number;
  /** The interval's actual coverage P(lower ≤ B < upper) — at least `confidence` when `attained`. */
  readonly coverage: number;
  /** False when no pair of ranks reaches the requested confidence (too few samples): the
   *  interval is then [x(1), x(n)], with its (lower) coverage stated. */
  readonly attained: boolean;
}

/**
 * Ranks [l, u] of the distribution-free interval for the p-quantile from n samples at the
 * requested confidence, equal-tailed: each tail P(B ≤ l − 1) and P(B ≥ u) is at most
 * (1 − confidence)/2, with l as large and u as small as that allows.
 */
export function quantileInterval(n: number, p: number, confidence = 0.95): QuantileInterval {
  checkN(n);
  if (!(p > 0 && p < 1)) throw new RangeError("p must be in (0, 1)");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const tail = (1 - confidence) / 2;
  // cdf[k] = P(B ≤ k)
  const cdf: number[] = [];
  let s = 0;
  for (let k = 0; k <= n; k++) {
    s += binomialPmf(n, p, k);
    cdf.push(Math.min(1, s));
  }
  const at = (k: number) => (k < 0 ? 0 : k >= n ? 1 : (cdf[k] ?? 1));
  // Largest l with P(B ≤ l − 1) ≤ tail; smallest u with P(B ≥ u) = 1 − P(B ≤ u − 1) ≤ tail.
  let l = 0;
  while (l + 1 <= n && at(l) <= tail) l++;
  let u = n + 1;
  while (u - 1 >= 1 && 1 - at(u - 2) <= tail) u--;
  if (l >= 1 && u <= n && l <= u) {
    return { lower: l, upper: u, coverage: at(u - 1) - at(l - 1), attained: true };
  }
  return { lower: 1, upper: n, coverage: at(n - 1) - at(0), attained: false };
}

export interface ProportionInterval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/** Clopper–Pearson interval for a proportion from k successes in n trials. */
export function clopperPearson(k: number, n: number, confidence = 0.95): ProportionInterval {
  checkN(n);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new RangeError("k must be in [0, n]");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const tail = (1 - confidence) / 2;
  // Bisection on p: P(B ≥ k | p) rises with p; P(B ≤ k | p) falls with p.
  const solve = (f: (p: number) => number, rising: boolean): number => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) < tail === rising) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = k === 0 ? 0 : solve((p) => 1 - binomialCdf(n, p, k - 1), true);
  const upper = k === n ? 1 : solve((p) => binomialCdf(n, p, k), false);
  return { lower, upper, confidence };
}
