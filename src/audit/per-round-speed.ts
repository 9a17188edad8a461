/**
 * How fast the per-round estimation setting of SPEC §13.1 converges, and what makes it faster or
 * slower (claims S0-18 and S0-19 of seed 000). Both experiments measure **rounds needed**
 * (src/audit/rounds-needed.ts): the first round from which every honest estimate stays within ε
 * of its true denominator up to the horizon T; a run still outside ε at T is censored (+∞).
 *
 * - The law (S0-18): the document puts the rounds to converge at log(N) × diameter × (1 + noise).
 *   Runs at fixed n over topologies of very different diameter (ring: n/2; grid: ≈ 2√n; a
 *   random 4-regular graph: ≈ log n); per run the ratio rounds / (ln n · D), D the diameter of
 *   that run's graph. Per point (topology, n) the median ratio with its order-statistic interval.
 *   Decision: the law holds if one constant lies in every point's interval, fails if two points'
 *   intervals are disjoint. Besides: the least-squares slope of rounds against ln n · D and the
 *   exponent b of rounds ≈ c·(ln n · D)^b (the law has b = 1), each with a percentile bootstrap
 *   interval over the runs (seeded, so the ledger is byte-identical).
 * - The factors (S0-19): one factor at a time from one base setting, its values ordered from the
 *   one the document says converges faster to the one it says converges slower. Decision per
 *   factor: holds if the median's interval at the "faster" end lies wholly below the one at the
 *   "slower" end, fails if it lies wholly above, undecided otherwise.
 *
 * Every run is seeded by `runSeed(masterSeed, i)`, i = 0 … runs − 1, the same at every point.
 */
import {
  buildInstance,
  diameterOf,
  runEstimation,
  runSeed,
  STAT_CLAIM,
  STAT_SETTING,
  type EstimationSetting,
} from "../../properties/convergence-stats.js";
import { Rng } from "../engine/sim/rng.js";
import { medianInterval, round6, roundMedian, slope, type MedianEstimate } from "./intervals.js";
import { roundsNeeded } from "./rounds-needed.js";
import { applyStatParams, type StatParamValue } from "./stat-params.js";

export type Decision = "holds" | "fails" | "undecided";

/** Parameters (as `commons-spec stats --set`) every run of both experiments shares. */
export const PER_ROUND_BASE: readonly (readonly [string, StatParamValue])[] = [
  // A longer horizon than STAT-1's 60 rounds, so that slow points are measured, not censored.
  ["rounds", 100],
  // No partition: a partition of rounds (T/4, T/2] would put its own delay into rounds needed.
  ["partition", 0],
];

/** The setting of STAT-1 with `PER_ROUND_BASE` and `params` applied. */
export function perRoundSetting(
  params: readonly (readonly [string, StatParamValue])[],
): EstimationSetting {
  return applyStatParams({ setting: STAT_SETTING, claim: STAT_CLAIM }, [
    ...PER_ROUND_BASE,
    ...params,
  ]).setting;
}

/** One run: its rounds needed (null: censored) and its graph's diameter. */
export interface SpeedSample {
  readonly run: number;
  readonly seed: number;
  readonly nodes: number;
  readonly diameter: number;
  readonly rounds: number | null;
}

/** `runs` runs of a setting (errors after every round → rounds needed for ε). */
export function sampleRounds(
  s: EstimationSetting,
  masterSeed: number,
  runs: number,
  withDiameter = false,
): SpeedSample[] {
  const out: SpeedSample[] = [];
  for (let i = 0; i < runs; i++) {
    const seed = runSeed(masterSeed, i);
    const errors: number[] = [];
    const r = runEstimation(s, seed, i, (t, err) => (errors[t - 1] = err));
    out.push({
      run: i,
      seed,
      nodes: r.nodes,
      diameter: withDiameter ? diameterOf(buildInstance(s, seed).adj) : 0,
      rounds: roundsNeeded(errors, s.epsilon),
    });
  }
  return out;
}

const inf = (x: number | null) => (x === null ? Number.POSITIVE_INFINITY : x);

// ---------------------------------------------------------------------------------------------
// The law: rounds against ln n × diameter

export interface LawOptions {
  readonly topologies: readonly string[];
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly masterSeed: number;
  /** Bootstrap resamples for the slope's and the exponent's intervals. */
  readonly resamples: number;
}

export interface LawSample extends SpeedSample {
  readonly topology: string;
  /** ln n · D. */
  readonly x: number;
  /** rounds / (ln n · D); null: censored. */
  readonly ratio: number | null;
}

export interface LawPoint {
  readonly topology: string;
  readonly nodes: number;
  readonly diameter: MedianEstimate;
  readonly rounds: MedianEstimate;
  readonly ratio: MedianEstimate;
}

export interface BootstrapEstimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly resamples: number;
  /** Uncensored runs the fit uses. */
  readonly n: number;
}

export interface LawResult {
  readonly samples: readonly LawSample[];
  readonly points: readonly LawPoint[];
  /** The largest lower bound and the smallest upper bound of the points' ratio intervals (null: ∞). */
  readonly largestLower: number | null;
  readonly smallestUpper: number | null;
  readonly decision: Decision;
  /** Least-squares slope of rounds against ln n · D (rounds per unit). */
  readonly slope: BootstrapEstimate;
  /** b in rounds ≈ c·(ln n · D)^b: the law has b = 1. */
  readonly exponent: BootstrapEstimate;
  /** Least-squares slope of rounds against ln n alone, all topologies pooled (rounds per unit). */
  readonly lnSlope: BootstrapEstimate;
  readonly censored: number;
}

/**
 * The law's decision from the points' ratio intervals: holds when one constant lies in all of
 * them, fails when two are disjoint, undecided when every point is censored.
 */
export function lawDecision(points: readonly Pick<LawPoint, "ratio">[]): {
  decision: Decision;
  largestLower: number | null;
  smallestUpper: number | null;
} {
  const lows = points.map((p) => inf(p.ratio.lower));
  const ups = points.map((p) => inf(p.ratio.upper));
  const largestLower = Math.max(...lows);
  const smallestUpper = Math.min(...ups);
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  const decision: Decision =
    points.length === 0 || ups.every((u) => !Number.isFinite(u))
      ? "undecided"
      : largestLower > smallestUpper
        ? "fails"
        : "holds";
  return { decision, largestLower: fin(largestLower), smallestUpper: fin(smallestUpper) };
}

function bootstrap(
  xs: readonly number[],
  ys: readonly number[],
  fit: (xs: readonly number[], ys: readonly number[]) => number,
  resamples: number,
  rng: Rng,
): BootstrapEstimate {
  const n = xs.length;
  const estimate = n >= 2 ? fit(xs, ys) : 0;
  const stats: number[] = [];
  for (let b = 0; b < resamples && n >= 2; b++) {
    const bx: number[] = [];
    const by: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = rng.int(0, n - 1);
      bx.push(xs[k] as number);
      by.push(ys[k] as number);
    }
    stats.push(fit(bx, by));
  }
  stats.sort((a, b) => a - b);
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.floor(q * stats.length))] ?? 0;
  return {
    estimate: round6(estimate),
    lower: round6(at(0.025)),
    upper: round6(at(0.975)),
    confidence: 0.95,
    resamples,
    n,
  };
}

/** Runs the law experiment: every topology × size, `runs` runs each. */
export function measureLaw(o: LawOptions): LawResult {
  const samples: LawSample[] = [];
  const points: LawPoint[] = [];
  for (const topology of o.topologies)
    for (const n of o.sizes) {
      const s = perRoundSetting([
        ["topology", topology],
        ["nodes", n],
      ]);
      const xs = sampleRounds(s, o.masterSeed, o.runs, true).map((x) => {
        const lnD = Math.log(x.nodes) * x.diameter;
        return {
          ...x,
          topology,
          x: round6(lnD),
          ratio: x.rounds === null ? null : round6(x.rounds / lnD),
        };
      });
      samples.push(...xs);
      points.push({
        topology,
        nodes: n,
        diameter: roundMedian(medianInterval(xs.map((x) => x.diameter))),
        rounds: roundMedian(medianInterval(xs.map((x) => x.rounds))),
        ratio: roundMedian(medianInterval(xs.map((x) => x.ratio))),
      });
    }
  const done = samples.filter((x) => x.rounds !== null);
  const rng = Rng.derive(o.masterSeed, "per-round-law:bootstrap");
  const xs = done.map((x) => x.x);
  const ys = done.map((x) => x.rounds as number);
  const slopeFit = bootstrap(xs, ys, slope, o.resamples, rng);
  const exponentFit = bootstrap(
    xs.map(Math.log),
    ys.map(Math.log),
    slope,
    o.resamples,
    Rng.derive(o.masterSeed, "per-round-law:bootstrap-exponent"),
  );
  const lnSlope = bootstrap(
    done.map((x) => Math.log(x.nodes)),
    ys,
    slope,
    o.resamples,
    Rng.derive(o.masterSeed, "per-round-law:bootstrap-ln"),
  );
  return {
    samples,
    points,
    ...lawDecision(points),
    slope: slopeFit,
    exponent: exponentFit,
    lnSlope,
    censored: samples.length - done.length,
  };
}

// ---------------------------------------------------------------------------------------------
// The factors

/** One factor of S0-19: a parameter and its values, from the document's faster to its slower. */
export interface SpeedFactor {
  readonly id: string;
  /** The factor in the document's terms. */
  readonly label: string;
  readonly parameter: string;
  /** From the value the document says converges faster to the one it says converges slower. */
  readonly values: readonly StatParamValue[];
  /** Parameters fixed for this factor on top of the base (e.g. a learning rate, a noise level). */
  readonly set?: readonly (readonly [string, StatParamValue])[];
  /**
   * What the toolkit found (bench/RESULTS.md, 2026-12-07 session 6): the document's direction
   * holds, or fails. The audit's evidence cites a factor expected to fail with role `refutes`.
   */
  readonly expect: "holds" | "fails";
}

/** What the toolkit found of the law: no constant fits rounds / (ln n · D). */
export const LAW_EXPECTED: Decision = "fails";

/** An experiment's outcome relative to what the toolkit expects of it. */
export function outcomeAgainst(
  decision: Decision,
  expected: Decision,
): "supports" | "contradicts" | "inconclusive" {
  return decision === "undecided"
    ? "inconclusive"
    : decision === expected
      ? "supports"
      : "contradicts";
}

/** The base of the factor sweeps: 100 recipients on a random 4-regular graph. */
export const FACTOR_BASE: readonly (readonly [string, StatParamValue])[] = [
  ["nodes", 100],
  ["topology", "random-regular:4"],
];

/** The factors of S0-19, each with the RESULTS.md heading the audit's evidence names. */
export const SPEED_FACTORS: readonly SpeedFactor[] = [
  {
    id: "degree",
    expect: "fails",
    label: "gossip network density (degree of a random regular graph, fanout 3)",
    parameter: "topology",
    values: ["random-regular:12", "random-regular:6", "random-regular:3"],
  },
  {
    id: "fanout",
    expect: "holds",
    label: "gossip fanout (partners per message)",
    parameter: "fanout",
    values: [9, 3, 1],
  },
  {
    id: "frequency",
    expect: "holds",
    label: "gossip frequency (gossip every k-th round)",
    parameter: "gossipEvery",
    values: [1, 2, 4],
  },
  {
    id: "delay",
    expect: "holds",
    label: "gossip delay (rounds in flight)",
    parameter: "delay",
    values: [0, 2, 4],
  },
  {
    id: "hints",
    expect: "holds",
    label: "capacity hints (accurate, 15 % high, none)",
    parameter: "hint",
    values: [1, 1.15, 0],
  },
  {
    id: "dishonesty",
    expect: "holds",
    label: "dishonest gossip (fraction of recipients inflating ×5)",
    parameter: "liars",
    values: [0, 0.02, 0.05],
  },
  {
    id: "rate-rm",
    expect: "holds",
    label: "learning rate, Robbins–Monro scale a (the toolkit's schedule)",
    parameter: "rate",
    values: ["robbins-monro:1.2:1:0.75", "robbins-monro:0.6:1:0.75", "robbins-monro:0.3:1:0.75"],
  },
  {
    id: "rate-constant",
    expect: "fails",
    label: "learning rate, the document's constant α, at the toolkit's noise 0.3",
    parameter: "rate",
    values: ["constant:0.3", "constant:0.15", "constant:0.05"],
  },
  {
    id: "rate-constant-low-noise",
    expect: "holds",
    label: "learning rate, the document's constant α, at noise 0.1",
    parameter: "rate",
    values: ["constant:0.3", "constant:0.15", "constant:0.05"],
    set: [["noise", 0.1]],
  },
];

/** The bench/RESULTS.md heading whose figures a factor's experiment reproduces. */
export function factorHeading(f: Pick<SpeedFactor, "id">): string {
  return `Per-round convergence speed factor: ${f.id}`;
}

/** The bench/RESULTS.md heading of the law experiment. */
export const LAW_HEADING = "Per-round rounds to ε against ln n × diameter";

export interface FactorPoint {
  readonly value: StatParamValue;
  readonly rounds: MedianEstimate;
}

export interface FactorResult {
  readonly factor: string;
  readonly parameter: string;
  readonly samples: readonly (SpeedSample & { readonly value: StatParamValue })[];
  readonly points: readonly FactorPoint[];
  /** Holds: rounds at the faster end's interval lies wholly below the slower end's. */
  readonly decision: Decision;
}

/** The decision on one factor from its points (faster end first). */
export function factorDecision(points: readonly FactorPoint[]): Decision {
  const fast = points[0]?.rounds;
  const slow = points[points.length - 1]?.rounds;
  if (fast === undefined || slow === undefined || points.length < 2) return "undecided";
  if (inf(fast.upper) < inf(slow.lower)) return "holds";
  if (inf(slow.upper) < inf(fast.lower)) return "fails";
  return "undecided";
}

/** Runs one factor: every value, `runs` runs each, from the base setting. */
export function measureFactor(f: SpeedFactor, masterSeed: number, runs: number): FactorResult {
  const samples: (SpeedSample & { value: StatParamValue })[] = [];
  const points = f.values.map((value) => {
    const s = perRoundSetting([...FACTOR_BASE, ...(f.set ?? []), [f.parameter, value]]);
    const xs = sampleRounds(s, masterSeed, runs).map((x) => ({ ...x, value }));
    samples.push(...xs);
    return { value, rounds: roundMedian(medianInterval(xs.map((x) => x.rounds))) };
  });
  return {
    factor: f.id,
    parameter: f.parameter,
    samples,
    points,
    decision: factorDecision(points),
  };
}
