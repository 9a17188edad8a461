/**
 * Wald's sequential probability ratio test for a Bernoulli parameter p: H0: p ≥ p0 against
 * H1: p ≤ p1 (p1 < p0), with error probabilities α (rejecting H0 when it holds) and β
 * (accepting H0 when H1 holds). Runs are fed one at a time until a decision is reached, which
 * typically needs far fewer runs than a fixed-size test.
 */
export interface SprtOptions {
  /** The claimed probability (e.g. 0.95). */
  readonly p0: number;
  /** The alternative it must be told apart from (e.g. 0.90); must be below p0. */
  readonly p1: number;
  readonly alpha: number;
  readonly beta: number;
}

export type SprtDecision = "accept-h0" | "accept-h1" | "continue";

export interface SprtState {
  readonly runs: number;
  readonly successes: number;
  /** log of the likelihood ratio L(H1)/L(H0) so far. */
  readonly llr: number;
  readonly decision: SprtDecision;
}

function check(o: SprtOptions): void {
  if (!(o.p1 > 0 && o.p1 < o.p0 && o.p0 < 1)) throw new RangeError("need 0 < p1 < p0 < 1");
  if (!(o.alpha > 0 && o.alpha < 0.5 && o.beta > 0 && o.beta < 0.5))
    throw new RangeError("alpha and beta must be in (0, 0.5)");
}

export function sprtStart(o: SprtOptions): SprtState {
  check(o);
  return { runs: 0, successes: 0, llr: 0, decision: "continue" };
}

/** Adds one run's outcome. Once a decision is reached, further outcomes are ignored. */
export function sprtStep(o: SprtOptions, s: SprtState, success: boolean): SprtState {
  if (s.decision !== "continue") return s;
  const llr = s.llr + (success ? Math.log(o.p1 / o.p0) : Math.log((1 - o.p1) / (1 - o.p0)));
  const upper = Math.log((1 - o.beta) / o.alpha); // accept H1
  const lower = Math.log(o.beta / (1 - o.alpha)); // accept H0
  const decision: SprtDecision =
    llr >= upper ? "accept-h1" : llr <= lower ? "accept-h0" : "continue";
  return { runs: s.runs + 1, successes: s.successes + (success ? 1 : 0), llr, decision };
}

/**
 * Runs `trial(i)` (i = 0, 1, …) until the test decides or `maxRuns` is reached. Deterministic
 * when `trial` is (pass a seed derived from i).
 */
export function sprtRun(o: SprtOptions, trial: (i: number) => boolean, maxRuns: number): SprtState {
  let s = sprtStart(o);
  for (let i = 0; i < maxRuns && s.decision === "continue"; i++) s = sprtStep(o, s, trial(i));
  return s;
}
