/**
 * Simulation evidence over seeds. The audit never rests a figure on one run: a scenario runs
 * once per seed and each run is reduced to a `SeedSummary` (its convergence with a required quiet
 * margin, its counts and sizes). The runner is an interface — run a scenario over seeds, get one
 * summary per seed, in seed order — so that a parallel sweep engine can take the place of the
 * sequential implementation below without changing the audit.
 *
 * Convergence with a quiet margin: a run has converged only if the simulator's notion of
 * convergence held *and* nothing significant changed during the last `quietMarginMs` of the run
 * (a run that ran out of events is quiet for good). A run that does not meet this within its
 * horizon is *censored*: its settle time is unknown and larger than the horizon, never "converged
 * at the end".
 */
import { runScenario, type SimulationReport } from "../engine/sim/run.js";
import type { Scenario } from "../engine/sim/scenario.js";
import { DEFAULT_V1_OPTIONS } from "../core/protocols/v1-node.js";
import { SCENARIO_METRICS, type ScenarioMetric } from "./claims.js";

export { SCENARIO_METRICS, type ScenarioMetric } from "./claims.js";

/** Time metrics: a censored run counts as +∞ (null). */
const CENSORED_METRICS: ReadonlySet<ScenarioMetric> = new Set([
  "settleMs",
  "settleRounds",
  "messagesToSettle",
]);

/** Latency metrics of need changes: null means +∞ (a percentile that fell on an unseen change). */
const CHANGE_LATENCY_METRICS: ReadonlySet<ScenarioMetric> = new Set(
  SCENARIO_METRICS.filter((m) => m.startsWith("changeTo")),
);

/** One run of one scenario at one seed, reduced to what the audit reports. */
export interface SeedSummary {
  readonly run: string;
  readonly seed: number;
  /** The run's protocol (v1, v2, p2p, router) and its number of nodes at the start. */
  readonly protocol: string;
  readonly nodes: number;
  /** Converged with the quiet margin met (false for a protocol without convergence: router). */
  readonly converged: boolean;
  /**
   * Not converged within the horizon with the margin: time metrics are null (+∞). Never for a
   * protocol without a notion of convergence.
   */
  readonly censored: boolean;
  /**
   * Quiet time before the end of the run (ms): the horizon minus the last significant change;
   * null when it does not apply (a quiescent P2P run is quiet for good; a router run has no
   * convergence).
   */
  readonly quietMs: number | null;
  readonly horizonMs: number;
  /** Safety checks of the run that were violated (ids). */
  readonly violated: readonly string[];
  readonly sentByKind: Readonly<Record<string, number>>;
  /**
   * Router runs: delivery latency percentiles per lane (ms, nearest rank; null when the lane
   * delivered nothing). Absent for other protocols.
   */
  readonly latency?: {
    readonly p50: Readonly<Record<string, number | null>>;
    readonly p99: Readonly<Record<string, number | null>>;
  };
  readonly metrics: Readonly<Record<ScenarioMetric, number | null>>;
  /** Runs with need changes: how many were injected (absent otherwise). */
  readonly needChanges?: number;
}

/** What to run: a scenario document's runs over seeds. */
export interface SeedRunRequest {
  /** The runs of the scenario (a suite has several). */
  readonly runs: readonly Scenario[];
  readonly seeds: readonly number[];
  /** The quiet margin as a fraction of each run's horizon. */
  readonly quietFraction: number;
}

/** Runs a scenario × seeds; returns the summaries in (run, seed) order. */
export interface SeedRunner {
  readonly run: (req: SeedRunRequest) => Promise<readonly SeedSummary[]>;
}

/** The quiet margin (ms) a run of horizon `durationMs` must end with. */
export function quietMarginMs(durationMs: number, quietFraction: number): number {
  return quietFraction * durationMs;
}

/** Reduces one simulation report; pure. */
export function summarize(
  r: SimulationReport,
  run: string,
  quietFraction: number,
  /** A V1 run's round length (ms), for its round-states per round. */
  v1RoundMs?: number,
): SeedSummary {
  const c = r.convergence;
  // The router has no notion of convergence: nothing to censor, no settle time.
  const hasNotion = r.protocol !== "router";
  // P2P convergence is quiescence (no message in flight, nothing left to ask): quiet for good.
  const quiescent = r.protocol === "p2p" && c.converged;
  const quietMs =
    !hasNotion || quiescent ? null : c.time === null ? 0 : Math.max(0, r.duration - c.time);
  const margin = quietMarginMs(r.duration, quietFraction);
  const converged =
    hasNotion && c.converged && c.time !== null && (quietMs === null || quietMs >= margin);
  const censored = hasNotion && !converged;
  const num = (v: unknown): number | null =>
    typeof v === "number" && Number.isFinite(v) ? v : null;
  const total = Object.values(r.sentByKind).reduce((a, b) => a + b, 0);
  const metrics: Record<ScenarioMetric, number | null> = {
    settleMs: converged ? c.time : null,
    settleRounds: converged ? c.rounds : null,
    messagesToSettle: converged ? c.messages : null,
    messages: total,
    referenceGap: num(r.metrics["referenceGap"]),
    lagRate: r.router?.lagRate ?? null,
    controlLagged: r.router === undefined ? null : (r.router.lagged["control"] ?? 0),
    capacityUsage: r.router?.capacityUsage ?? null,
    duplicateRate: r.router?.duplicateRate ?? null,
    stampMeanBytes: r.stamps?.meanBytes ?? null,
    stampMaxBytes: r.stamps?.maxBytes ?? null,
    roundStatesPerRound: roundStatesPerRound(r, v1RoundMs),
    dedupRelief: dedupRelief(r),
    worstLaneP50Ms: worstLane(r.router?.p50),
    worstLaneP99Ms: worstLane(r.router?.p99),
    changeToPublishP50Ms: num(r.metrics["changeToPublishP50Ms"]),
    changeToPublishP90Ms: num(r.metrics["changeToPublishP90Ms"]),
    changeToPublishMaxMs: num(r.metrics["changeToPublishMaxMs"]),
    changeToVisibleP50Ms: num(r.metrics["changeToVisibleP50Ms"]),
    changeToVisibleP90Ms: num(r.metrics["changeToVisibleP90Ms"]),
    changeToVisibleMaxMs: num(r.metrics["changeToVisibleMaxMs"]),
    peakRate: num(r.metrics["peakRate"]),
    peakToMeanRate: num(r.metrics["peakToMeanRate"]),
  };
  const needChanges = num(r.metrics["needChanges"]);
  return {
    run,
    seed: r.seed,
    protocol: r.protocol,
    nodes: r.nodes.initial,
    converged,
    censored,
    quietMs,
    horizonMs: r.duration,
    violated: r.checks.filter((x) => !x.held).map((x) => x.id),
    sentByKind: r.sentByKind,
    ...(r.router !== undefined ? { latency: { p50: r.router.p50, p99: r.router.p99 } } : {}),
    metrics,
    ...(needChanges !== null ? { needChanges } : {}),
  };
}

/**
 * V1's round-state messages sent per round begun within the horizon (rounds start at 0, one every
 * `roundMs`; an all-to-all V1 sends N(N − 1) a round, whatever becomes of them); null for other
 * protocols.
 */
function roundStatesPerRound(r: SimulationReport, roundMs: number | undefined): number | null {
  if (r.protocol !== "v1" || roundMs === undefined || !(roundMs > 0)) return null;
  const rounds = Math.ceil(r.duration / roundMs);
  return rounds > 0 ? (r.sentByKind["round-state"] ?? 0) / rounds : null;
}

/**
 * Router runs: the share of the events reaching the router that deduplication kept out of the
 * channel (duplicates dropped over events received; 0 unless dedup drops). The traffic is the
 * same with and without dropping (peers do not react to the router), so this is the relief of
 * the channel against the same run without deduplication. Null for other protocols.
 */
function dedupRelief(r: SimulationReport): number | null {
  const m = r.router;
  if (m === undefined) return null;
  return m.received === 0 ? 0 : m.droppedDuplicates / m.received;
}

/** The slowest lane's percentile (ms) over the lanes that delivered something; null if none. */
function worstLane(p: Readonly<Record<string, number | null>> | undefined): number | null {
  if (p === undefined) return null;
  const xs = Object.values(p).filter((x): x is number => x !== null);
  return xs.length === 0 ? null : Math.max(...xs);
}

/**
 * The summaries a metric is about: for need-change latencies, the runs that had a change (a run
 * whose population gave no recipient a provider neighbour has none, and no latency to report).
 */
export function summariesMeasuring(
  m: ScenarioMetric,
  xs: readonly SeedSummary[],
): readonly SeedSummary[] {
  return CHANGE_LATENCY_METRICS.has(m) ? xs.filter((x) => x.needChanges !== 0) : xs;
}

/**
 * Whether a null value of `m` in these summaries means +∞ rather than "does not apply": a
 * need-change latency percentile in runs that injected need changes (it fell on a change never
 * seen within the horizon).
 */
export function nullIsInfinite(m: ScenarioMetric, xs: readonly SeedSummary[]): boolean {
  return (
    CHANGE_LATENCY_METRICS.has(m) && xs.length > 0 && xs.every((x) => x.needChanges !== undefined)
  );
}

/** Whether a metric is a time (censored runs count as +∞). */
export function isCensoredMetric(m: ScenarioMetric): boolean {
  return CENSORED_METRICS.has(m);
}

/** The sequential runner: one run after the other, in this process. */
export const sequentialSeedRunner: SeedRunner = {
  run: (req) => {
    const out: SeedSummary[] = [];
    for (const s of req.runs)
      for (const seed of req.seeds)
        out.push(
          summarize(
            runScenario(s, { seed }).report,
            s.name ?? "run",
            req.quietFraction,
            s.protocol === "v1" ? (s.v1.roundMs ?? DEFAULT_V1_OPTIONS.roundMs) : undefined,
          ),
        );
    return Promise.resolve(out);
  },
};
