/**
 * Rounds needed: after how many rounds a run's largest honest error comes within a tolerance ε
 * and stays there. A run needs t rounds for ε when its largest error is within ε from round t to
 * the end of its horizon T; a run still outside ε at round T is censored (it needs more than T
 * rounds, or never gets there). Over the runs of one point of a sweep: the median with its
 * order-statistic interval, censored runs counted as +∞ (src/audit/intervals.ts).
 *
 * Every statistical sweep of the audit (over the observation noise, the liar fraction or
 * strategy, the learning rate, the population, the horizon, …) is over the per-round estimation
 * setting of SPEC §13.1, so every one of them has this notion; the ledger keeps it at the claim's
 * own ε (`sweep.roundsNeeded`), the report draws it at several ε (report/rounds-needed.ts).
 */
import { medianInterval, round6, type MedianEstimate } from "./intervals.js";

/** Rounds needed for `eps` by a run's errors after rounds 1…T (null: censored). */
export function roundsNeeded(errors: readonly number[], eps: number): number | null {
  if (errors.length === 0 || (errors.at(-1) as number) > eps) return null;
  let t = errors.length;
  while (t > 1 && (errors[t - 2] as number) <= eps) t--;
  return t;
}

/** The horizon T of the runs at one value of a sweep: the value itself when the horizon is swept. */
export function horizonAt(parameter: string, value: number | string, rounds: number): number {
  return parameter === "rounds" ? Number(value) : rounds;
}

/** Rounds needed at one point of a sweep, over the runs the point's SPRT made. */
export interface RoundsNeededPoint {
  readonly value: number | string;
  /** The runs' horizon T (a censored run needs more than T rounds). */
  readonly horizon: number;
  readonly runs: number;
  readonly censored: number;
  /** Median and interval bounds in rounds; null: censored (beyond T). */
  readonly median: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly confidence: number;
}

/** The median rounds needed for `eps` over the runs' errors (each run's errors by round). */
export function roundsNeededOver(
  runs: readonly (readonly number[])[],
  eps: number,
): MedianEstimate {
  return medianInterval(runs.map((errors) => roundsNeeded(errors, eps)));
}

/** A point's rounds needed for `eps` as the ledger keeps it. */
export function roundsNeededPoint(
  value: number | string,
  horizon: number,
  runs: readonly (readonly number[])[],
  eps: number,
): RoundsNeededPoint {
  const m = roundsNeededOver(runs, eps);
  return {
    value,
    horizon,
    runs: m.n,
    censored: m.censored,
    median: m.median,
    lower: m.lower,
    upper: m.upper,
    confidence: round6(m.confidence),
  };
}

/** "34 [30, 37] (0 of 42 censored)", or "> 60 (censored) …" when the median is beyond T. */
export function showRoundsNeeded(p: RoundsNeededPoint): string {
  const b = (x: number | null) => (x === null ? `> ${p.horizon}` : String(x));
  return `${p.median === null ? `> ${p.horizon} (censored)` : String(p.median)} [${b(p.lower)}, ${b(p.upper)}] (${p.censored} of ${p.runs} censored)`;
}
