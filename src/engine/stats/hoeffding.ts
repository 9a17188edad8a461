/**
 * Hoeffding bounds for the probability p that a randomized claim holds (each run a Bernoulli
 * trial): with n independent runs and k successes, P(|k/n − p| ≥ ε) ≤ 2·exp(−2nε²).
 */

/** Runs needed so that the observed frequency is within ±ε of p with confidence 1 − δ (two-sided). */
export function hoeffdingSampleSize(epsilon: number, delta: number): number {
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError("epsilon must be in (0, 1)");
  if (!(delta > 0 && delta < 1)) throw new RangeError("delta must be in (0, 1)");
  return Math.ceil(Math.log(2 / delta) / (2 * epsilon * epsilon));
}

/** The half-width ε such that p ∈ [k/n − ε, k/n + ε] with confidence 1 − δ. */
export function hoeffdingHalfWidth(n: number, delta: number): number {
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError("n must be a positive integer");
  if (!(delta > 0 && delta < 1)) throw new RangeError("delta must be in (0, 1)");
  return Math.sqrt(Math.log(2 / delta) / (2 * n));
}

export interface ProbabilityEstimate {
  readonly successes: number;
  readonly runs: number;
  readonly estimate: number;
  /** Confidence interval for p, clipped to [0, 1]. */
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/** The estimate k/n with its two-sided Hoeffding interval at confidence 1 − δ. */
export function hoeffdingEstimate(
  successes: number,
  runs: number,
  delta: number,
): ProbabilityEstimate {
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= runs)) {
    throw new RangeError("successes must be an integer in [0, runs]");
  }
  const eps = hoeffdingHalfWidth(runs, delta);
  const estimate = successes / runs;
  return {
    successes,
    runs,
    estimate,
    lower: Math.max(0, estimate - eps),
    upper: Math.min(1, estimate + eps),
    confidence: 1 - delta,
  };
}

/**
 * Decides "p ≥ threshold" from k successes in n runs at confidence 1 − δ (one-sided Hoeffding):
 * `holds` if the lower bound clears the threshold, `fails` if the upper bound is below it,
 * `undecided` otherwise (more runs are needed).
 */
export function hoeffdingDecide(
  successes: number,
  runs: number,
  threshold: number,
  delta: number,
): "holds" | "fails" | "undecided" {
  const eps = Math.sqrt(Math.log(1 / delta) / (2 * runs));
  const p = successes / runs;
  if (p - eps >= threshold) return "holds";
  if (p + eps < threshold) return "fails";
  return "undecided";
}
