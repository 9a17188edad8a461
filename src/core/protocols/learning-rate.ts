/**
 * Learning-rate schedules of the P2P denominator estimators (seed 000, SPEC.md §P2P).
 *
 * - `constant`: α_t = α for every update (the seed uses α = 0.3). Σα = ∞ but Σα² = ∞ too, so
 *   an estimate fed noisy observations keeps a variance proportional to α and never settles.
 * - `robbins-monro`: α_t = a / (t + b)^γ with ½ < γ ≤ 1 and a > 0, b ≥ 0, t = 1, 2, … the
 *   number of updates so far. Then Σα_t = ∞ and Σα_t² < ∞ (the seed's convergence condition 2).
 * - `adaptive`: seed 000's "adaptive damping" (Challenge 4), a rate with state. It starts at α
 *   (the seed: 0.3). Before each update the learner looks at its last three estimates e₁, e₂, e₃
 *   (the estimates its own last three updates produced, gossip included): they *oscillate* when
 *   (e₂ − e₁)·(e₃ − e₂) < 0, the one sign change three estimates can show. On oscillation the
 *   rate is halved and the request damping set to 0.5; otherwise the rate is raised by 10 %, at
 *   most to α, and the damping is 1. The update then uses the new rate. With fewer than three
 *   estimates there is no oscillation. There is no floor: the rate may halve towards 0.
 *   (`adaptiveStep`, SPEC.md §13.1 "Adaptive learning rate".)
 */
export type LearningRate =
  | { readonly kind: "constant"; readonly alpha: number }
  | { readonly kind: "adaptive"; readonly alpha: number }
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
  if (lr.kind === "constant" || lr.kind === "adaptive") {
    return lr.alpha > 0 && lr.alpha <= 1 ? undefined : "alpha must be in (0, 1]";
  }
  if (!(lr.a > 0) || !Number.isFinite(lr.a)) return "a must be a positive number";
  if (!(lr.b >= 0) || !Number.isFinite(lr.b)) return "b must be a non-negative number";
  if (!(lr.gamma > 0.5 && lr.gamma <= 1))
    return "gamma must satisfy 1/2 < gamma <= 1 (Robbins–Monro: Σα = ∞, Σα² < ∞)";
  if (lr.a / Math.pow(1 + lr.b, lr.gamma) > 1) return "a / (1 + b)^gamma must be at most 1";
  return undefined;
}

/**
 * α for the t-th update (t = 1, 2, …). For `adaptive`, whose rate depends on the estimates, this
 * is its starting (and largest) rate α; the rate in force is in the learner's `AdaptiveState`.
 */
export function learningRateAt(lr: LearningRate, t: number): number {
  if (lr.kind !== "robbins-monro") return lr.alpha;
  return lr.a / Math.pow(Math.max(1, t) + lr.b, lr.gamma);
}

/** The state the `adaptive` schedule keeps per estimate. */
export interface AdaptiveState {
  /** The rate the last update used (α before the first update). */
  readonly rate: number;
  /** The last (at most three) estimates the learner's updates produced, oldest first. */
  readonly recent: readonly number[];
  /** The request damping: 0.5 after an update that saw oscillation, else 1. */
  readonly damping: number;
}

/** The seed's factors: halve on oscillation, else raise by 10 %; damping 0.5 on oscillation. */
export const ADAPTIVE_RULE = { down: 0.5, up: 1.1, damping: 0.5 } as const;

/** The `adaptive` schedule's state before any update. */
export function adaptiveStart(lr: { readonly alpha: number }): AdaptiveState {
  return { rate: lr.alpha, recent: [], damping: 1 };
}

/**
 * Whether the last three estimates oscillate: exactly three, and the two successive differences
 * have opposite signs ((e₂ − e₁)·(e₃ − e₂) < 0; a zero difference is no sign change).
 */
export function isOscillating(recent: readonly number[]): boolean {
  if (recent.length < 3) return false;
  const n = recent.length;
  const e1 = recent[n - 3] as number;
  const e2 = recent[n - 2] as number;
  const e3 = recent[n - 1] as number;
  return (e2 - e1) * (e3 - e2) < 0;
}

/** The rate and damping the next update uses, from the state before it (the seed's rule). */
export function adaptiveStep(
  lr: { readonly alpha: number },
  s: AdaptiveState,
): { readonly rate: number; readonly damping: number } {
  return isOscillating(s.recent)
    ? { rate: s.rate * ADAPTIVE_RULE.down, damping: ADAPTIVE_RULE.damping }
    : { rate: Math.min(lr.alpha, s.rate * ADAPTIVE_RULE.up), damping: 1 };
}

/** The state after an update that used `step` and produced `estimate`. */
export function adaptiveAfter(
  s: AdaptiveState,
  step: { readonly rate: number; readonly damping: number },
  estimate: number,
): AdaptiveState {
  const r = s.recent;
  const recent = r.length < 3 ? [...r, estimate] : [r[1] as number, r[2] as number, estimate];
  return { rate: step.rate, recent, damping: step.damping };
}
