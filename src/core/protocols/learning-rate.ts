/**
 * Learning-rate schedules of the P2P denominator estimators (seed 000, SPEC.md §P2P).
 *
 * - `constant`: α_t = α for every update (the seed uses α = 0.3). Σα = ∞ but Σα² = ∞ too, so
 *   an estimate fed noisy observations keeps a variance proportional to α and never settles.
 * - `robbins-monro`: α_t = a / (t + b)^γ with ½ < γ ≤ 1 and a > 0, b ≥ 0, t = 1, 2, … the
 *   number of updates so far. Then Σα_t = ∞ and Σα_t² < ∞ (the seed's convergence condition 2).
 */
export type LearningRate =
  | { readonly kind: "constant"; readonly alpha: number }
  | {
      readonly kind: "robbins-monro";
      readonly a: number;
      readonly b: number;
      readonly gamma: number;
    };

/** The seed's schedule: constant α = 0.3. */
export const SEED_LEARNING_RATE: LearningRate = { kind: "constant", alpha: 0.3 };

/** A Robbins–Monro schedule starting near the seed's 0.3 and decaying as t^-0.75. */
export const DEFAULT_ROBBINS_MONRO: LearningRate = {
  kind: "robbins-monro",
  a: 0.6,
  b: 1,
  gamma: 0.75,
};

/**
 * Why a schedule is invalid, or undefined when it is valid: α in (0, 1]; for Robbins–Monro
 * a > 0, b ≥ 0, ½ < γ ≤ 1 and a / (1 + b)^γ ≤ 1 (the first step may not overshoot).
 */
export function learningRateProblem(lr: LearningRate): string | undefined {
  if (lr.kind === "constant") {
    return lr.alpha > 0 && lr.alpha <= 1 ? undefined : "alpha must be in (0, 1]";
  }
  if (!(lr.a > 0) || !Number.isFinite(lr.a)) return "a must be a positive number";
  if (!(lr.b >= 0) || !Number.isFinite(lr.b)) return "b must be a non-negative number";
  if (!(lr.gamma > 0.5 && lr.gamma <= 1))
    return "gamma must satisfy 1/2 < gamma <= 1 (Robbins–Monro: Σα = ∞, Σα² < ∞)";
  if (lr.a / Math.pow(1 + lr.b, lr.gamma) > 1) return "a / (1 + b)^gamma must be at most 1";
  return undefined;
}

/** α for the t-th update (t = 1, 2, …). */
export function learningRateAt(lr: LearningRate, t: number): number {
  if (lr.kind === "constant") return lr.alpha;
  return lr.a / Math.pow(Math.max(1, t) + lr.b, lr.gamma);
}
