/**
 * What a sweep reports (SPEC.md §13.2): one row per run (seed × grid point) and, per grid point,
 * the spread over seeds — median, a distribution-free interval for the median (order
 * statistics), min and max of convergence time, messages and stamp sizes, and how many runs
 * converged with the required quiet margin (Clopper–Pearson interval). Runs that did not
 * converge within the horizon are censored: they count as beyond the horizon, never as
 * converged at the end.
 */
import { clopperPearson, quantileInterval } from "../stats/binomial.js";
import { convergenceVerdict, type ConvergenceStatus } from "./convergence.js";
import type { SimulationReport } from "./run.js";
import type { SweepParam, SweepPlan, SweepResult } from "./sweep.js";

/** One run of a sweep, as the table shows it. Everything but `wallMs` is deterministic. */
export interface SweepRow {
  readonly index: number;
  readonly run: string;
  readonly gridIndex: number;
  readonly params: readonly SweepParam[];
  readonly seed: number;
  readonly replay: string;
  /** Set when the run itself failed (the simulator threw, or its worker died). */
  readonly error?: string;
  readonly status: ConvergenceStatus | "error";
  readonly censored: boolean;
  /** When the criterion was reached (ms), if it held at the end. */
  readonly convergedAt: number | null;
  /** Quiet time after that until the end (ms). */
  readonly quietMs: number | null;
  /** Messages sent up to convergence (converged runs only). */
  readonly messagesToConvergence: number | null;
  readonly messagesSent: number | null;
  readonly events: number | null;
  readonly stampMaxBytes: number | null;
  readonly stampMeanBytes: number | null;
  readonly checksHeld: number;
  readonly checksViolated: readonly string[];
  readonly ok: boolean;
  readonly horizonMs: number;
  readonly wallMs: number | null;
}

/** Median, its interval, min and max of a sample in which `null` is censored (beyond every value). */
export interface SpreadSummary {
  readonly n: number;
  readonly censored: number;
  /** null: censored (the median lies beyond the horizon). */
  readonly median: number | null;
  /** null with fewer than two runs. */
  readonly ci: {
    readonly lower: number | null;
    readonly upper: number | null;
    /** Actual coverage of [x(l), x(u)]. */
    readonly coverage: number;
    /** False when n is too small for the requested confidence: the interval is [min, max]. */
    readonly attained: boolean;
  } | null;
  readonly min: number | null;
  readonly max: number | null;
}

export interface GroupSummary {
  readonly run: string;
  readonly gridIndex: number;
  readonly params: readonly SweepParam[];
  readonly runs: number;
  readonly errors: number;
  readonly converged: {
    readonly k: number;
    readonly n: number;
    readonly lower: number;
    readonly upper: number;
  } | null;
  readonly atEnd: number;
  readonly notConverged: number;
  readonly convergenceTime: SpreadSummary;
  /** Over the runs whose criterion held at the end (converged or at-end). */
  readonly quietTime: SpreadSummary;
  readonly messagesToConvergence: SpreadSummary;
  readonly messagesSent: SpreadSummary;
  readonly stampMaxBytes: SpreadSummary;
  readonly stampMeanBytes: SpreadSummary;
  readonly safetyHeld: number;
  readonly horizonMs: number;
}

export const SWEEP_CONFIDENCE = 0.95;

/** The row of one run. */
export function sweepRow(
  plan: SweepPlan,
  result: SweepResult,
  quietMarginMs: number | undefined,
): SweepRow {
  const p = plan.points[result.index];
  if (p === undefined) throw new RangeError(`no point ${result.index} in the plan`);
  const base = {
    index: p.index,
    run: p.run,
    gridIndex: p.gridIndex,
    params: p.params,
    seed: p.seed,
    replay: `commons-spec simulate ${p.source} --seed ${p.seed}`,
    horizonMs: p.scenario.duration,
  };
  if (!result.ok)
    return {
      ...base,
      error: result.error,
      status: "error",
      censored: true,
      convergedAt: null,
      quietMs: null,
      messagesToConvergence: null,
      messagesSent: null,
      events: null,
      stampMaxBytes: null,
      stampMeanBytes: null,
      checksHeld: 0,
      checksViolated: [],
      ok: false,
      wallMs: null,
    };
  return rowOfReport(base, result.report, quietMarginMs);
}

function rowOfReport(
  base: Pick<SweepRow, "index" | "run" | "gridIndex" | "params" | "seed" | "replay" | "horizonMs">,
  r: SimulationReport,
  quietMarginMs: number | undefined,
): SweepRow {
  const v = convergenceVerdict(r, quietMarginMs);
  return {
    ...base,
    replay: r.replay,
    status: v.status,
    censored: v.censored,
    convergedAt: v.time,
    quietMs: v.quietMs,
    messagesToConvergence: v.messages,
    messagesSent: r.messages.sent,
    events: r.events,
    stampMaxBytes: r.stamps?.maxBytes ?? null,
    stampMeanBytes: r.stamps?.meanBytes ?? null,
    checksHeld: r.checks.filter((c) => c.held).length,
    checksViolated: r.checks.filter((c) => !c.held).map((c) => c.id),
    ok: r.ok,
    wallMs: r.wallMs,
  };
}

/** Median, interval, min and max; `null` entries are censored and sort after every number. */
export function spread(values: readonly (number | null)[]): SpreadSummary {
  const finite = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const censored = values.length - finite.length;
  const n = values.length;
  const at = (rank: number): number | null =>
    rank <= finite.length ? (finite[rank - 1] ?? null) : null;
  if (n === 0) return { n: 0, censored: 0, median: null, ci: null, min: null, max: null };
  let median: number | null;
  if (n % 2 === 1) median = at((n + 1) / 2);
  else {
    const a = at(n / 2);
    const b = at(n / 2 + 1);
    median = a === null || b === null ? null : (a + b) / 2;
  }
  // One run has no interval for its median.
  const q = n >= 2 ? quantileInterval(n, 0.5, SWEEP_CONFIDENCE) : null;
  return {
    n,
    censored,
    median,
    ci:
      q === null
        ? null
        : { lower: at(q.lower), upper: at(q.upper), coverage: q.coverage, attained: q.attained },
    min: at(1),
    max: at(n),
  };
}

/** Per grid point (run × parameter combination), in plan order. */
export function summarizeGroups(rows: readonly SweepRow[]): GroupSummary[] {
  const groups = new Map<string, SweepRow[]>();
  for (const r of rows) {
    const k = `${r.run}\u0000${r.gridIndex}`;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
    else g.push(r);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as SweepRow;
    const good = g.filter((r) => r.status !== "error");
    const withCriterion = good.filter((r) => r.status !== "n/a");
    const k = good.filter((r) => r.status === "converged").length;
    const n = withCriterion.length;
    const cp = n > 0 ? clopperPearson(k, n, SWEEP_CONFIDENCE) : null;
    const reached = withCriterion.filter((r) => r.status === "converged" || r.status === "at-end");
    return {
      run: first.run,
      gridIndex: first.gridIndex,
      params: first.params,
      runs: g.length,
      errors: g.length - good.length,
      converged: cp === null ? null : { k, n, lower: cp.lower, upper: cp.upper },
      atEnd: good.filter((r) => r.status === "at-end").length,
      notConverged: good.filter((r) => r.status === "not-converged").length,
      convergenceTime: spread(
        withCriterion.map((r) => (r.status === "converged" ? r.convergedAt : null)),
      ),
      quietTime: spread(reached.map((r) => r.quietMs)),
      messagesToConvergence: spread(
        withCriterion.map((r) => (r.status === "converged" ? r.messagesToConvergence : null)),
      ),
      messagesSent: spread(good.map((r) => r.messagesSent)),
      stampMaxBytes: spread(
        good.filter((r) => r.stampMaxBytes !== null).map((r) => r.stampMaxBytes),
      ),
      stampMeanBytes: spread(
        good.filter((r) => r.stampMeanBytes !== null).map((r) => r.stampMeanBytes),
      ),
      safetyHeld: good.filter((r) => r.ok).length,
      horizonMs: first.horizonMs,
    };
  });
}
