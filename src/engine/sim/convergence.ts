/**
 * Convergence with a required quiet margin (SPEC.md §13.2). A run's tracker says whether the
 * protocol's criterion held at the end and when the run last moved (V2: the last allocation
 * change ≥ ε; V1: the first round of the final converged streak; P2P: the last grant). That
 * is only evidence of convergence if the run then stayed quiet for a while before the horizon:
 * a criterion met 10 ms before the end says nothing about whether it would hold. So a run is
 *
 * - `converged` when the criterion held at the end and the run was quiet for at least the margin;
 * - `at-end` (censored) when the criterion held at the end but was reached less than the margin
 *   before the horizon;
 * - `not-converged` (censored) when the criterion did not hold at the end;
 * - `n/a` for protocols without a convergence notion (the router).
 *
 * Censored runs count as "beyond the horizon" in every statistic of convergence time.
 */
import type { SimulationReport } from "./run.js";

export type ConvergenceStatus = "converged" | "at-end" | "not-converged" | "n/a";

export interface ConvergenceVerdict {
  readonly status: ConvergenceStatus;
  /** True for `at-end` and `not-converged`: the run says nothing about when it converges. */
  readonly censored: boolean;
  /** Virtual time (ms) the criterion was reached (the last significant change), when known. */
  readonly time: number | null;
  /** Quiet time (ms) from then to the end of the run, when the criterion held at the end. */
  readonly quietMs: number | null;
  /** Messages sent up to `time`, when the run converged. */
  readonly messages: number | null;
  /** The required quiet margin (ms). */
  readonly marginMs: number;
}

/** The default quiet margin: 10 % of the horizon. */
export const DEFAULT_QUIET_FRACTION = 0.1;

export function defaultQuietMargin(durationMs: number): number {
  return DEFAULT_QUIET_FRACTION * durationMs;
}

type ReportPart = Pick<SimulationReport, "protocol" | "convergence" | "endTime" | "duration">;

/** Classifies a run's convergence against a quiet margin (default 10 % of its horizon). */
export function convergenceVerdict(r: ReportPart, marginMs?: number): ConvergenceVerdict {
  const margin = marginMs ?? defaultQuietMargin(r.duration);
  const c = r.convergence;
  if (r.protocol === "router")
    return {
      status: "n/a",
      censored: false,
      time: null,
      quietMs: null,
      messages: null,
      marginMs: margin,
    };
  if (!c.converged || c.time === null)
    return {
      status: "not-converged",
      censored: true,
      time: null,
      quietMs: null,
      messages: null,
      marginMs: margin,
    };
  const quiet = Math.max(0, r.endTime - c.time);
  const ok = quiet >= margin;
  return {
    status: ok ? "converged" : "at-end",
    censored: !ok,
    time: c.time,
    quietMs: quiet,
    messages: ok ? c.messages : null,
    marginMs: margin,
  };
}

function fmt(t: number): string {
  return t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t % 1 === 0 ? 0 : 1)} ms`;
}

/** One line for a human: what the verdict means. */
export function describeVerdict(v: ConvergenceVerdict): string {
  switch (v.status) {
    case "n/a":
      return "no convergence criterion for this protocol";
    case "not-converged":
      return "no — the criterion did not hold at the end of the horizon (censored)";
    case "at-end":
      return `not shown — the criterion held at the end, but the run last changed at ${fmt(v.time ?? 0)}, only ${fmt(v.quietMs ?? 0)} before the end: less than the required ${fmt(v.marginMs)} of quiet (censored)`;
    case "converged":
      return `yes, at ${fmt(v.time ?? 0)} virtual${v.messages !== null ? ` (${v.messages} messages)` : ""}, then quiet for ${fmt(v.quietMs ?? 0)} until the end (margin ${fmt(v.marginMs)})`;
  }
}
