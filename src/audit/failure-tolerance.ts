/**
 * Failure tolerance of the P2P protocol (claim S0-20): do the agents that are still alive settle
 * after others crash, and how far from the reference do they settle; and what a newcomer that
 * joins without anyone's permission gets.
 *
 * Setting: the simulator's P2P recipients/providers protocol (corrected provider), 40 nodes, 30 %
 * providers, a random 4-regular graph, latency uniform in 10–60 ms, 20 s of virtual time. Three
 * series over the same seeds: failure-free; crashes (3 providers and 5 recipients, named, each at a
 * time uniform in the allocation round, [0 s, 1 s): every grant of these runs is made by ≈ 1.05 s,
 * so a crash later than that hits a finished allocation and tests nothing); joins (Poisson at 24 a
 * minute between 1 s and 11 s, ≈ 4 a run).
 *
 * Settled: every live recipient is done (the simulator's P2P quiescence). Distance: Σ|held −
 * reference| / Σ need over the live recipients, where the reference is the fixed point the
 * reference core (net-of-others, sequential) gives for the *survivors*: live providers only, and
 * their recognition of live recipients only; "held" counts grants from live providers only. This
 * is the document's reading: its provider resets its allocations at the end of every round (a
 * grant is a share of a round's capacity, not a good kept), so a crashed provider's share ends
 * with it. Counting a crashed provider's earlier grants as held (`survivorGapAll`) compares
 * holdings that include the crashed capacity with a reference that has none of it: it is
 * reported, not decided on. (The simulator's own `referenceGap` keeps crashed providers' capacity
 * in the reference, which is not the survivors' reference.)
 *
 * Decision (one series against the failure-free one): it fails when its settle rate's 95 %
 * Wilson interval lies wholly below the failure-free rate's interval, or when its distance's
 * median interval lies wholly above the failure-free median's interval; it holds when its settle
 * rate reaches the failure-free rate's interval (at or above its lower end) and its median
 * distance lies at or below the upper end of the failure-free interval; undecided otherwise.
 */
import { own } from "../core/dict.js";
import type { ProviderState, RecipientState } from "../core/protocols/denominator.js";
import { p2pReference, runScenario } from "../engine/sim/run.js";
import { Rng } from "../engine/sim/rng.js";
import { parseScenarioDocument, type Scenario } from "../engine/sim/scenario.js";
import { medianInterval, round6, type MedianEstimate } from "./intervals.js";
import type { Decision } from "./per-round-speed.js";

export type ToleranceSeries = "failure-free" | "crashes" | "joins";
export const TOLERANCE_SERIES: readonly ToleranceSeries[] = ["failure-free", "crashes", "joins"];

/** Joins per minute of virtual time, between 1 s and 11 s (≈ 4 a run). */
export const JOINS_PER_MINUTE = 24;

/**
 * Crashes per run: providers and recipients, by name. The simulator's rate-driven churn picks
 * only recipients in P2P runs (providers are not churnable), so the runner names its targets.
 */
export const CRASHED_PROVIDERS = 3;
export const CRASHED_RECIPIENTS = 5;

/**
 * The size of one setting: nodes, and how many providers and recipients crash (S0-20: 40 nodes,
 * 3 and 5; S0-37 scales both with n). Joins stay at `joinsPerMinute` (default JOINS_PER_MINUTE).
 */
export interface ToleranceSize {
  readonly nodes: number;
  readonly crashedProviders: number;
  readonly crashedRecipients: number;
  readonly joinsPerMinute: number;
  /** Name of the crash stream and scenario prefix (S0-20's by default). */
  readonly tag: string;
  /** Crash times are uniform in [from, until) ms. */
  readonly crashWindowMs: readonly [number, number];
}

export const S0_20_SIZE: ToleranceSize = {
  nodes: 40,
  crashedProviders: CRASHED_PROVIDERS,
  crashedRecipients: CRASHED_RECIPIENTS,
  joinsPerMinute: JOINS_PER_MINUTE,
  tag: "s0-20",
  // The allocation round: every grant of the failure-free runs is made by ≈ 1.05 s.
  crashWindowMs: [0, 1000],
};

export interface CrashEvent {
  readonly kind: "crash";
  readonly at: number;
  readonly node: string;
}

/**
 * The crashes of one seed: the size's providers and recipients drawn from the initial population,
 * each at a time uniform in the size's crash window; pure in the seed.
 */
export function planCrashes(
  seed: number,
  providers: readonly string[],
  recipients: readonly string[],
  size: ToleranceSize = S0_20_SIZE,
): CrashEvent[] {
  const rng = Rng.derive(seed, `${size.tag}:crashes`);
  const [from, until] = size.crashWindowMs;
  const draw = (xs: readonly string[], k: number): string[] => {
    const pool = [...xs];
    const out: string[] = [];
    while (out.length < k && pool.length > 0)
      out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as string);
    return out;
  };
  return [...draw(providers, size.crashedProviders), ...draw(recipients, size.crashedRecipients)]
    .map((node) => ({
      kind: "crash" as const,
      at: from + Math.floor(rng.float() * (until - from)),
      node,
    }))
    .sort((a, b) => a.at - b.at || a.node.localeCompare(b.node));
}

/** The scenario of one series (seeds are given at run time). */
export function toleranceScenario(
  series: ToleranceSeries,
  crashes: readonly CrashEvent[] = [],
  size: ToleranceSize = S0_20_SIZE,
): Scenario {
  const rates =
    series === "joins"
      ? [{ kind: "join", perMinute: size.joinsPerMinute, from: 1000, until: 11_000 }]
      : [];
  const doc = {
    name: `${size.tag}-${series}`,
    protocol: "p2p",
    seed: 1,
    duration: 20_000,
    nodes: {
      count: size.nodes,
      providerFraction: 0.3,
      capacity: { min: 100, max: 300 },
      need: { min: 20, max: 120 },
    },
    topology: { kind: "random-regular", degree: 4 },
    network: { latency: { dist: "uniform", min: 10, max: 60 } },
    churn: { events: series === "crashes" ? crashes : [], rates },
    p2p: { provider: "corrected", roundMs: 1000, skipExhausted: true },
  };
  const p = parseScenarioDocument(doc, doc.name);
  if (!p.ok) throw new Error(`${size.tag} scenario ${series}: ${p.errors.join("; ")}`);
  return p.runs[0] as Scenario;
}

/** One run, reduced. */
export interface ToleranceSample {
  readonly series: ToleranceSeries;
  readonly seed: number;
  /** The initial population's providers and recipients (ids). */
  readonly providers: readonly string[];
  readonly recipients: readonly string[];
  /** Every live recipient done (P2P quiescence). */
  readonly settled: boolean;
  readonly crashed: number;
  readonly joined: number;
  readonly liveRecipients: number;
  readonly doneRecipients: number;
  /** Every live recipient of the initial population done (newcomers left out). */
  readonly initialSettled: boolean;
  /** Newcomers (joined recipients) done, and what they hold in all. */
  readonly newcomersDone: number;
  readonly newcomersHeld: number;
  /** Newcomers with no provider among their neighbours (done at once, holding nothing). */
  readonly newcomersWithoutProvider: number;
  /** Live recipients that no live provider recognises, and how many of them hold nothing. */
  readonly unrecognised: number;
  readonly unrecognisedEmpty: number;
  /** Distance to the survivors' reference (null when there is no live recipient). */
  readonly survivorGap: number | null;
  /** The same, counting every grant ever received (a crashed provider's included). */
  readonly survivorGapAll: number | null;
  /** The simulator's referenceGap (crashed providers' capacity kept in the reference). */
  readonly simulatorGap: number | null;
  readonly violated: readonly string[];
  /** Messages sent over the run. */
  readonly messages: number;
  /** Time of the run's last positive grant (ms). */
  readonly lastGrantMs: number;
  /**
   * Live recipients not done that still wait on a crashed provider (one that never reported
   * itself exhausted): they ask it every round and never get an answer.
   */
  readonly waitingOnCrashed: number;
}

type Node = RecipientState | ProviderState;

/**
 * Distance of the live recipients' holdings to the survivors' reference; pure. `held`: "live"
 * counts only grants received from providers still alive (what the survivors give each other),
 * "all" every grant ever received (a crashed provider's earlier grants included).
 */
export function survivorGap(
  states: readonly Node[],
  alive: readonly boolean[],
  held: "live" | "all" = "live",
): number | null {
  const live = states.filter((_, i) => alive[i] === true);
  const recips = live.filter((x): x is RecipientState => x.role === "recipient");
  const provs = live.filter((x): x is ProviderState => x.role === "provider");
  if (recips.length === 0) return null;
  const last = p2pReference(provs, recips, new Set(recips.map((x) => x.id)));
  let num = 0;
  let den = 0;
  const liveProviders = new Set(provs.map((p) => p.id));
  const holding = (x: RecipientState): number =>
    held === "all"
      ? x.satisfaction
      : Object.entries(x.providers).reduce(
          (a, [pid, v]) => a + (liveProviders.has(pid) ? v.received : 0),
          0,
        );
  for (const x of recips) {
    num += Math.abs(Math.min(holding(x), x.statedNeed) - (own(last?.received ?? {}, x.id) ?? 0));
    den += x.statedNeed;
  }
  return den > 0 ? num / den : 0;
}

/** Runs one series at one seed (`crashes`: the crash series' events). */
export function runTolerance(
  series: ToleranceSeries,
  seed: number,
  crashes: readonly CrashEvent[] = [],
  size: ToleranceSize = S0_20_SIZE,
): ToleranceSample {
  const s = toleranceScenario(series, crashes, size);
  const out = runScenario(s, { seed });
  const states = out.result.states as readonly Node[];
  const alive = out.result.alive;
  const initial = out.report.nodes.initial;
  const recips = states.filter(
    (x, i): x is RecipientState => x.role === "recipient" && alive[i] === true,
  );
  const liveProviders = states.filter(
    (x, i): x is ProviderState => x.role === "provider" && alive[i] === true,
  );
  const initialIds = new Set(states.slice(0, initial).map((x) => x.id));
  const recognised = new Set(liveProviders.flatMap((p) => Object.keys(p.recipients)));
  const unrec = recips.filter((x) => !recognised.has(x.id));
  const crashedIds = new Set(states.filter((_, i) => alive[i] !== true).map((x) => x.id));
  const waiting = recips.filter(
    (x) =>
      !x.done && Object.entries(x.providers).some(([p, v]) => crashedIds.has(p) && !v.exhausted),
  );
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    series,
    seed,
    providers: states.filter((x, i) => x.role === "provider" && i < initial).map((x) => x.id),
    recipients: states.filter((x, i) => x.role === "recipient" && i < initial).map((x) => x.id),
    settled: out.report.convergence.converged,
    crashed: alive.filter((a) => a !== true).length,
    joined: states.length - initial,
    liveRecipients: recips.length,
    doneRecipients: recips.filter((x) => x.done).length,
    initialSettled: recips.every((x) => x.done || !initialIds.has(x.id)),
    newcomersDone: recips.filter((x) => x.done && !initialIds.has(x.id)).length,
    newcomersWithoutProvider: recips.filter(
      (x) => !initialIds.has(x.id) && Object.keys(x.providers).length === 0,
    ).length,
    newcomersHeld: recips.reduce((a, x) => a + (initialIds.has(x.id) ? 0 : x.satisfaction), 0),
    unrecognised: unrec.length,
    unrecognisedEmpty: unrec.filter((x) => x.satisfaction <= 0).length,
    survivorGap: survivorGap(states, alive, "live"),
    survivorGapAll: survivorGap(states, alive, "all"),
    simulatorGap: num(out.report.metrics["referenceGap"]),
    violated: out.report.checks.filter((c) => !c.held).map((c) => c.id),
    messages: out.result.messages.sent,
    lastGrantMs: out.report.convergence.time ?? 0,
    waitingOnCrashed: waiting.length,
  };
}

/** A rate with its 95 % Wilson score interval. */
export interface RateEstimate {
  readonly k: number;
  readonly n: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

export function wilson(k: number, n: number, z = 1.959964): RateEstimate {
  if (n === 0) return { k, n, rate: 0, lower: 0, upper: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return {
    k,
    n,
    rate: round6(p),
    lower: round6(Math.max(0, c - h)),
    upper: round6(Math.min(1, c + h)),
  };
}

export interface SeriesSummary {
  readonly series: ToleranceSeries;
  readonly settle: RateEstimate;
  readonly gap: MedianEstimate;
  /** Distance counting a crashed provider's earlier grants as still held (not decided on). */
  readonly gapAll: MedianEstimate;
  readonly crashed: MedianEstimate;
  readonly joined: MedianEstimate;
  readonly unrecognised: number;
  readonly unrecognisedEmpty: number;
  /** Runs whose initial recipients all settled (newcomers left out). */
  readonly initialSettle: RateEstimate;
  readonly newcomers: number;
  readonly newcomersDone: number;
  readonly newcomersWithoutProvider: number;
  readonly newcomersHeld: number;
  readonly violated: number;
  /** Live recipients, over all runs, left waiting on a crashed provider. */
  readonly waitingOnCrashed: number;
  /** The latest grant of any run (ms). */
  readonly lastGrantMs: number;
}

export function summarizeSeries(
  series: ToleranceSeries,
  xs: readonly ToleranceSample[],
): SeriesSummary {
  const r = (m: MedianEstimate): MedianEstimate => ({
    ...m,
    median: m.median === null ? null : round6(m.median),
    lower: m.lower === null ? null : round6(m.lower),
    upper: m.upper === null ? null : round6(m.upper),
  });
  return {
    series,
    settle: wilson(xs.filter((x) => x.settled).length, xs.length),
    // A run with no live recipient has nothing to measure: left out.
    gap: r(medianInterval(xs.flatMap((x) => (x.survivorGap === null ? [] : [x.survivorGap])))),
    gapAll: r(
      medianInterval(xs.flatMap((x) => (x.survivorGapAll === null ? [] : [x.survivorGapAll]))),
    ),
    crashed: r(medianInterval(xs.map((x) => x.crashed))),
    joined: r(medianInterval(xs.map((x) => x.joined))),
    unrecognised: xs.reduce((a, x) => a + x.unrecognised, 0),
    unrecognisedEmpty: xs.reduce((a, x) => a + x.unrecognisedEmpty, 0),
    initialSettle: wilson(xs.filter((x) => x.initialSettled).length, xs.length),
    newcomers: xs.reduce((a, x) => a + x.joined, 0),
    newcomersDone: xs.reduce((a, x) => a + x.newcomersDone, 0),
    newcomersWithoutProvider: xs.reduce((a, x) => a + x.newcomersWithoutProvider, 0),
    newcomersHeld: round6(xs.reduce((a, x) => a + x.newcomersHeld, 0)),
    violated: xs.filter((x) => x.violated.length > 0).length,
    waitingOnCrashed: xs.reduce((a, x) => a + x.waitingOnCrashed, 0),
    lastGrantMs: round6(xs.reduce((a, x) => Math.max(a, x.lastGrantMs), 0)),
  };
}

/** The decision for one series against the failure-free one (see the module comment); pure. */
export function decideTolerance(base: SeriesSummary, other: SeriesSummary): Decision {
  const b = base.gap;
  const o = other.gap;
  const settleFails = other.settle.upper < base.settle.lower;
  const gapFails = o.lower !== null && b.upper !== null && o.lower > b.upper;
  if (settleFails || gapFails) return "fails";
  const settleHolds = other.settle.rate >= base.settle.lower;
  const gapHolds = o.median !== null && b.upper !== null && o.median <= b.upper;
  return settleHolds && gapHolds ? "holds" : "undecided";
}

export interface ToleranceResult {
  readonly samples: readonly ToleranceSample[];
  readonly series: readonly SeriesSummary[];
  readonly crashes: Decision;
  readonly joins: Decision;
}

export function measureTolerance(seeds: readonly number[]): ToleranceResult {
  const samples: ToleranceSample[] = [];
  for (const seed of seeds) {
    // The same seed builds the same population in every series (its own random stream).
    const base = runTolerance("failure-free", seed);
    samples.push(
      base,
      runTolerance("crashes", seed, planCrashes(seed, base.providers, base.recipients)),
      runTolerance("joins", seed),
    );
  }
  const series = TOLERANCE_SERIES.map((s) =>
    summarizeSeries(
      s,
      samples.filter((x) => x.series === s),
    ),
  );
  const [base, crashes, joins] = series as [SeriesSummary, SeriesSummary, SeriesSummary];
  return {
    samples,
    series,
    crashes: decideTolerance(base, crashes),
    joins: decideTolerance(base, joins),
  };
}

/** The headings of bench/RESULTS.md this experiment reproduces, one per evidence item. */
export const TOLERANCE_HEADINGS = {
  crashes: "P2P failure tolerance: survivors after crashes (S0-20)",
  joins: "P2P failure tolerance: newcomers joining unrecognised (S0-20)",
} as const;

/**
 * Scale (claim S0-37): the same P2P setting at n nodes, with churn scaled with n — 20 % of the
 * nodes crash in the allocation round, between 0 s and 1 s, as in S0-20 (7.5 % of n providers,
 * 12.5 % recipients: S0-20's 3 and 5 of 40), and, reported separately, 10 % of n join between
 * 1 s and 11 s (0.6·n a minute). The decision is `decideScaling`'s.
 */
export function scalingSize(nodes: number): ToleranceSize {
  return {
    nodes,
    crashedProviders: Math.round(0.075 * nodes),
    crashedRecipients: Math.round(0.125 * nodes),
    joinsPerMinute: 0.6 * nodes,
    tag: "s0-37",
    // The allocation round, as S0-20's: every grant is made by ≈ 1.05 s at n = 100 and 1 000.
    crashWindowMs: [0, 1000],
  };
}

/** One n: its crash and join series, and messages sent per node (crash series). */
export interface ChurnScalePoint {
  readonly n: number;
  readonly crashes: SeriesSummary;
  readonly joins: SeriesSummary;
  readonly messagesPerNode: MedianEstimate;
}

export interface ChurnScaleResult {
  readonly samples: readonly (ToleranceSample & { readonly n: number })[];
  readonly points: readonly ChurnScalePoint[];
  /** The largest n's crash series against the smallest n's. */
  readonly crashes: Decision;
  /** The join series against its own initial recipients, at every n (fails = joiners keep runs open). */
  readonly joins: Decision;
}

export function measureScaling(
  sizes: readonly number[],
  seeds: readonly number[],
): ChurnScaleResult {
  const samples: (ToleranceSample & { readonly n: number })[] = [];
  for (const n of sizes) {
    const size = scalingSize(n);
    for (const seed of seeds) {
      // The crash plan needs the population; a crash-free run of the joins series gives the
      // same initial population (same seed, same node stream), so no failure-free run is needed.
      const joins = runTolerance("joins", seed, [], size);
      const crashes = runTolerance(
        "crashes",
        seed,
        planCrashes(seed, joins.providers, joins.recipients, size),
        size,
      );
      samples.push({ ...crashes, n }, { ...joins, n });
    }
  }
  const points = sizes.map((n): ChurnScalePoint => {
    const at = samples.filter((x) => x.n === n);
    const crash = at.filter((x) => x.series === "crashes");
    return {
      n,
      crashes: summarizeSeries("crashes", crash),
      joins: summarizeSeries(
        "joins",
        at.filter((x) => x.series === "joins"),
      ),
      messagesPerNode: medianInterval(crash.map((x) => round6(x.messages / n))),
    };
  });
  return { samples, points, ...decideScaling(points) };
}

/**
 * The S0-37 decisions over points ordered by n; pure. Crashes: fails when at some n the
 * survivors' settle rate lies wholly below that of the join series' initial recipients (the same
 * population without crashes), else the largest n's crash series against the smallest n's (fails
 * when it degrades beyond the intervals). Joins: fails when at some n the runs with newcomers
 * settle wholly less often than their own initial recipients do (newcomers keep runs open),
 * holds when they settle as often at every n.
 */
export function decideScaling(points: readonly ChurnScalePoint[]): {
  crashes: Decision;
  joins: Decision;
} {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined)
    return { crashes: "undecided", joins: "undecided" };
  // At every n the survivors must settle as often as the same population does without crashes:
  // the join series' initial recipients (no crash; a newcomer is never recognised, so it takes
  // nothing from them). Without this, sizes that both fail would pass as "no degradation".
  const belowCrashFree = points.some((p) => p.crashes.settle.upper < p.joins.initialSettle.lower);
  // Joins: the runs with newcomers against their own initial recipients (who are not affected).
  const joinsFail = points.some((p) => p.joins.settle.upper < p.joins.initialSettle.lower);
  const joinsHold = points.every((p) => p.joins.settle.rate >= p.joins.initialSettle.lower);
  return {
    crashes: belowCrashFree ? "fails" : decideTolerance(first.crashes, last.crashes),
    joins: joinsFail ? "fails" : joinsHold ? "holds" : "undecided",
  };
}

/** The n of each profile (full: 10 000 was not affordable, ≈ 100× the CPU of n = 1 000). */
export const SCALING_SIZES: readonly number[] = [100, 1000];

export const SCALING_TOLERANCE_HEADINGS = {
  crashes: "P2P at scale: survivors after crashes, n = 100 and 1 000 (S0-37)",
  joins: "P2P at scale: newcomers joining, n = 100 and 1 000 (S0-37)",
} as const;
