/**
 * The three scaling experiments of the audit (issue 10), each a sweep over n of a built-in
 * scenario (src/audit/scaling-sweeps.ts) reduced to growth exponents with their intervals and a
 * decision rule stated in spec/claims.json:
 *
 * - `v2-scaling` (S3-25): V2 (`v2-100` resized, the toolkit's protocol) at each n; messages sent
 *   until the run settled, fitted against n. The rule: linear growth — the exponent's interval
 *   contains 1 — with at most a quarter of the seeds censored (a run that did not settle with the
 *   quiet margin within the horizon); settle time and the messages over the whole horizon are
 *   reported beside it.
 * - `itc-op-cost` (S2-14): the same V2 runs' final stamps (each node's own and the ones it last
 *   accepted from its peers), the cost of leq and join counted as visits of the paper's recursive
 *   definitions (src/audit/itc-op-cost.ts). The rule: growth faster than logarithmic — the
 *   exponent's interval lies above the one a log₂ n curve has over the same sizes — for the merge
 *   or the comparison.
 * - `v1-scaling` (S2-19): V1 as the documents describe it, every participant sending its
 *   round-state to every other (`v1-vs-v2-100` resized, its V1 run, the documents' variant), over a
 *   few rounds: messages per round and the size of a vector clock. The rule: each participant's
 *   work per round grows with n — messages per round with an exponent above 1.5 and clock bytes
 *   above 0.8 (all-to-all: 2 and 1 expected).
 * - `v1-convergence` (S2-19): V1 with the toolkit's neighbour gossip (an all-to-all V1 over 60
 *   rounds is too slow to simulate beyond a few tens of participants) at each n: whether it
 *   converges within 60 rounds. The rule: no threshold near 100 — at some n below 100 at most half
 *   the runs converge.
 */
import type { Stamp } from "../core/itc/index.js";
import type { V2State } from "../core/protocols/v2-node.js";
import { SCALING_SECONDS_PER_SEED, type AuditProfile } from "./profiles.js";
import { measureOpCost, type OpCost, type OperandPair } from "./itc-op-cost.js";
import {
  decideContains,
  decideExponent,
  fitExponent,
  logarithmicExponent,
  runSizeSweep,
  type Decision,
  type ExponentFit,
  type SizeRun,
  type SizeSweepOptions,
} from "./scaling-sweeps.js";

export const SCALING_EXPERIMENTS = [
  "v2-scaling",
  "itc-op-cost",
  "v1-scaling",
  "v1-convergence",
] as const;
export type ScalingExperiment = (typeof SCALING_EXPERIMENTS)[number];

/** More censored seeds than this fraction: the rule is undecided (inconclusive). */
export const MAX_CENSORED_FRACTION = 0.25;

/** Thresholds of S2-19's cost rule: per-round messages and clock bytes against n. */
export const V1_MESSAGES_MIN_EXPONENT = 1.5;
export const V1_CLOCK_MIN_EXPONENT = 0.8;

/** V1 round length (ms) of the scenario (`v1-vs-v2-100`, the library's default). */
const V1_ROUND_MS = 90_000;

/** Where the documents place the figures S2-19 extrapolates to. */
export const V1_EXTRAPOLATE_TO = 10_000;

/** Pairs of stamps measured per run (S2-14). */
export const ITC_OP_PAIRS = 200;

/** What each experiment runs in a profile: the sweep's sizes and horizon. */
export function scalingSweep(
  experiment: ScalingExperiment,
  profile: AuditProfile,
  seeds: readonly number[],
): SizeSweepOptions {
  const q = profile.quietFraction;
  const big = profile.name === "full";
  switch (experiment) {
    case "v2-scaling":
    case "itc-op-cost":
      return {
        scenario: "v2-100",
        sizes: profile.name === "quick" ? [10, 20, 40] : [10, 30, 100, 300, ...(big ? [1000] : [])],
        seeds,
        set: { duration: profile.name === "quick" ? 60_000 : 120_000 },
        quietFraction: q,
      };
    case "v1-scaling":
      return {
        scenario: "v1-vs-v2-100",
        variant: "documents",
        runs: ["v1-100"],
        sizes: profile.name === "quick" ? [10, 20, 40] : [10, 20, 40, 80, ...(big ? [160] : [])],
        seeds,
        set: { duration: 5 * V1_ROUND_MS },
        quietFraction: q,
      };
    case "v1-convergence":
      return {
        scenario: "v1-vs-v2-100",
        runs: ["v1-100"],
        sizes: profile.name === "quick" ? [10, 30] : [10, 30, 100, 300, ...(big ? [1000] : [])],
        seeds,
        set: { duration: 60 * V1_ROUND_MS },
        quietFraction: q,
      };
  }
}

/** Estimated CPU seconds per seed of an experiment's sweep in a profile (src/audit/profiles.ts). */
export function scalingSecondsPerSeed(
  experiment: ScalingExperiment,
  profile: AuditProfile,
): number {
  return SCALING_SECONDS_PER_SEED[sweepWork(experiment)]?.[profile.name] ?? 1;
}

/** The work an experiment's sweep is: experiments with the same work share one sweep. */
export function sweepWork(experiment: ScalingExperiment): string {
  return experiment === "itc-op-cost" ? "v2-scaling" : experiment;
}

/** One row of an experiment's data: a run at one size and seed. */
export interface ScalingRow {
  readonly n: number;
  readonly seed: number;
  readonly converged: boolean;
  readonly censored: boolean;
  readonly values: Readonly<Record<string, number | null>>;
}

/** An experiment's result: its rows, fits and the decisions of its rule. */
export interface ScalingResult {
  readonly experiment: ScalingExperiment;
  readonly sweep: SizeSweepOptions;
  readonly rows: readonly ScalingRow[];
  readonly fits: readonly ExponentFit[];
  readonly rules: readonly {
    readonly metric: string;
    readonly rule: string;
    readonly decision: Decision;
  }[];
  /** What a log₂ n curve's exponent is over the sizes (S2-14's threshold). */
  readonly logarithmicExponent?: number;
  /** Converged runs per n (of `runs`). */
  readonly convergedPerN: readonly {
    readonly n: number;
    readonly converged: number;
    readonly runs: number;
  }[];
}

/** Runs of a V2 sweep with the operand costs of their final stamps. */
export interface V2Sweep {
  readonly runs: readonly SizeRun[];
  readonly costs: ReadonlyMap<string, OpCost>;
}

/** The pairs V2 compares at the end of a run: each active node's stamp and its peers' last ones. */
export function finalOperandPairs(
  states: readonly unknown[],
  alive: readonly boolean[],
): OperandPair[] {
  const out: OperandPair[] = [];
  states.forEach((st, i) => {
    if (alive[i] !== true) return;
    const s = st as V2State;
    if (s.status !== "active" || s.stamp === null) return;
    const own = s.stamp;
    for (const peer of Object.keys(s.lastCommitStamp).sort())
      out.push({ own, peer: s.lastCommitStamp[peer] as Stamp });
  });
  return out;
}

export function runV2Sweep(o: SizeSweepOptions): V2Sweep {
  const costs = new Map<string, OpCost>();
  const runs = runSizeSweep(o, (n, seed, out) => {
    costs.set(
      `${n}:${seed}`,
      measureOpCost(
        finalOperandPairs(out.result.states, out.result.alive),
        ITC_OP_PAIRS,
        seed,
        String(n),
      ),
    );
  });
  return { runs, costs };
}

function convergedPerN(rows: readonly ScalingRow[], sizes: readonly number[]) {
  return sizes.map((n) => {
    const at = rows.filter((r) => r.n === n);
    return { n, converged: at.filter((r) => r.converged).length, runs: at.length };
  });
}

function valueOf(rows: readonly ScalingRow[], metric: string) {
  return (n: number, seed: number): number | null =>
    rows.find((r) => r.n === n && r.seed === seed)?.values[metric] ?? null;
}

/** S3-25 from a V2 sweep. */
export function v2ScalingResult(sweep: SizeSweepOptions, s: V2Sweep): ScalingResult {
  const rows: ScalingRow[] = s.runs.map((r) => ({
    n: r.n,
    seed: r.seed,
    converged: r.summary.converged,
    censored: r.summary.censored,
    values: {
      messagesToSettle: r.summary.metrics.messagesToSettle,
      settleMs: r.summary.metrics.settleMs,
      messages: r.summary.metrics.messages,
    },
  }));
  const fit = (m: string) => fitExponent(m, sweep.sizes, sweep.seeds, valueOf(rows, m));
  const toSettle = fit("messagesToSettle");
  const fits = [toSettle, fit("settleMs"), fit("messages")];
  return {
    experiment: "v2-scaling",
    sweep,
    rows,
    fits,
    rules: [
      {
        metric: "messagesToSettle",
        rule: `the exponent's interval contains 1, with at most ${MAX_CENSORED_FRACTION * 100} % of the seeds censored`,
        decision: decideContains(toSettle, 1, MAX_CENSORED_FRACTION),
      },
    ],
    convergedPerN: convergedPerN(rows, sweep.sizes),
  };
}

/** S2-14 from the same V2 sweep. */
export function itcOpCostResult(sweep: SizeSweepOptions, s: V2Sweep): ScalingResult {
  const rows: ScalingRow[] = s.runs.map((r) => {
    const c = s.costs.get(`${r.n}:${r.seed}`);
    return {
      n: r.n,
      seed: r.seed,
      converged: r.summary.converged,
      censored: r.summary.censored,
      values: {
        pairs: c?.pairs ?? null,
        leqVisits: c === undefined || c.pairs === 0 ? null : c.leqVisits,
        joinVisits: c === undefined || c.pairs === 0 ? null : c.joinVisits,
        operandBits: c === undefined || c.pairs === 0 ? null : c.operandBits,
      },
    };
  });
  const fit = (m: string) => fitExponent(m, sweep.sizes, sweep.seeds, valueOf(rows, m));
  const log = logarithmicExponent(sweep.sizes);
  const fits = [fit("joinVisits"), fit("leqVisits"), fit("operandBits")];
  return {
    experiment: "itc-op-cost",
    sweep,
    rows,
    fits,
    rules: fits.slice(0, 2).map((f) => ({
      metric: f.metric,
      rule: `the exponent's interval lies above ${log} (a log₂ n curve over the same sizes)`,
      decision: decideExponent(f, ">", log, MAX_CENSORED_FRACTION),
    })),
    logarithmicExponent: log,
    convergedPerN: convergedPerN(rows, sweep.sizes),
  };
}

/** S2-19's cost rule from an all-to-all V1 sweep. */
export function v1ScalingResult(sweep: SizeSweepOptions, runs: readonly SizeRun[]): ScalingResult {
  const rows: ScalingRow[] = runs.map((r) => {
    const total = Object.values(r.summary.sentByKind).reduce((a, b) => a + b, 0);
    return {
      n: r.n,
      seed: r.seed,
      converged: r.summary.converged,
      censored: r.summary.censored,
      values: {
        messagesPerRound: r.rounds === null || r.rounds === 0 ? null : total / r.rounds,
        roundStatesPerRound: r.summary.metrics.roundStatesPerRound,
        clockBytes: r.summary.metrics.stampMeanBytes,
      },
    };
  });
  const fit = (m: string) =>
    fitExponent(m, sweep.sizes, sweep.seeds, valueOf(rows, m), V1_EXTRAPOLATE_TO);
  const messages = fit("messagesPerRound");
  const clock = fit("clockBytes");
  return {
    experiment: "v1-scaling",
    sweep,
    rows,
    fits: [messages, fit("roundStatesPerRound"), clock],
    rules: [
      {
        metric: "messagesPerRound",
        rule: `the exponent's interval lies above ${V1_MESSAGES_MIN_EXPONENT}`,
        decision: decideExponent(messages, ">", V1_MESSAGES_MIN_EXPONENT, MAX_CENSORED_FRACTION),
      },
      {
        metric: "clockBytes",
        rule: `the exponent's interval lies above ${V1_CLOCK_MIN_EXPONENT}`,
        decision: decideExponent(clock, ">", V1_CLOCK_MIN_EXPONENT, MAX_CENSORED_FRACTION),
      },
    ],
    convergedPerN: convergedPerN(rows, sweep.sizes),
  };
}

/**
 * S2-19's threshold: whether V1 converges within the horizon, per n. The rule "no threshold near
 * 100" holds when at some n below 100 at most half the runs converged, fails when more than half
 * converged at every n below 100 and at most half at every n above.
 */
export function v1ConvergenceResult(
  sweep: SizeSweepOptions,
  runs: readonly SizeRun[],
): ScalingResult {
  const rows: ScalingRow[] = runs.map((r) => ({
    n: r.n,
    seed: r.seed,
    converged: r.summary.converged,
    censored: r.summary.censored,
    values: {
      settleRounds: r.summary.metrics.settleRounds,
      messagesPerRound:
        r.rounds === null || r.rounds === 0
          ? null
          : Object.values(r.summary.sentByKind).reduce((a, b) => a + b, 0) / r.rounds,
      clockBytes: r.summary.metrics.stampMeanBytes,
    },
  }));
  const per = convergedPerN(rows, sweep.sizes);
  return {
    experiment: "v1-convergence",
    sweep,
    rows,
    fits: [
      fitExponent("messagesPerRound", sweep.sizes, sweep.seeds, valueOf(rows, "messagesPerRound")),
    ],
    rules: [
      {
        metric: "converged",
        rule: "at some n below 100, at most half the runs converge within the horizon",
        decision: thresholdDecision(per),
      },
    ],
    convergedPerN: per,
  };
}

/** The decision of S2-19's threshold rule from converged counts per n (pure). */
export function thresholdDecision(
  per: readonly { readonly n: number; readonly converged: number; readonly runs: number }[],
): Decision {
  const below = per.filter((p) => p.n < 100 && p.runs > 0);
  if (below.length === 0) return "undecided";
  if (below.some((p) => 2 * p.converged <= p.runs)) return "holds";
  const above = per.filter((p) => p.n > 100 && p.runs > 0);
  return above.length > 0 && above.every((p) => 2 * p.converged <= p.runs) ? "fails" : "undecided";
}
