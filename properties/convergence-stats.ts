/**
 * Statistical convergence claims for seed 000's P2P denominator estimators (SPEC.md §13.1).
 *
 * The setting ("per-round estimation"): recipients on a random connected gossip topology of
 * 10–200 nodes, providers that each serve a connected group of up to 20 of them and grant, every
 * round, exactly their proportional share `g = C·MR(P,R)·need(R) / D(P)`, returned at the end of
 * the round. Residual needs therefore stay at the stated needs and every provider's true
 * denominator `D(P) = Σ_R MR(P,R)·need(R)` is fixed: "within ε of the true denominator" has a
 * meaning. What a recipient observes is noisy (`g / ξ`, ξ uniform in [1 − h, 1 + h], so the
 * denominator it infers is `D·ξ`, unbiased), messages are lost, the network may be partitioned
 * for a quarter of the run, and a fraction of recipients may lie in their gossip.
 *
 * The driver is lean and round-based but runs the recipient's real estimator code from
 * `src/core/protocols/denominator.ts`: `recipientInit` (initial estimates), `viewAfterResponse`
 * (method 1: `learnFromAllocation` with the learning-rate schedule), `confidenceOf`,
 * `mergeGossip` (method 2 with constant or adaptive trust) and `tamperP2P` (dishonest gossip).
 *
 * Claims are decided with the stats engine: Wald's SPRT (`src/engine/stats/sprt.ts`) on the
 * Bernoulli outcome "every honest estimate is within ε after T rounds", one run at a time, each
 * run seeded by `deriveSeed(masterSeed, "run:<i>")`; the observed fraction is reported with its
 * Hoeffding interval (`src/engine/stats/hoeffding.ts`).
 */
import fc from "fast-check";
import {
  asQuantity,
  confidenceOf,
  mergeGossip,
  recipientInit,
  tamperP2P,
  viewAfterResponse,
  type ProviderView,
  type TrustMode,
} from "../src/core/protocols/denominator.js";
import type { DishonestStrategy } from "../src/core/protocols/dishonest.js";
import {
  DEFAULT_ROBBINS_MONRO,
  SEED_LEARNING_RATE,
  type LearningRate,
} from "../src/core/protocols/learning-rate.js";
import { sample } from "../src/core/protocols/machine.js";
import type { AllocationResponse, DenominatorGossip } from "../src/core/schemas/messages.js";
import { deriveSeed, Rng } from "../src/engine/sim/rng.js";
import { adjacencyOf, buildGraph, type TopologySpec } from "../src/engine/sim/topology.js";
import { hoeffdingEstimate, type ProbabilityEstimate } from "../src/engine/stats/hoeffding.js";
import { sprtStart, sprtStep, type SprtOptions, type SprtState } from "../src/engine/stats/sprt.js";
import type { InvariantProperty, SuiteName } from "./property.js";

// ---------------------------------------------------------------------------------------------
// The setting

/** The random topologies a run draws from (uniformly), redrawn until connected. */
export const STAT_TOPOLOGIES: readonly TopologySpec[] = [
  { kind: "random-regular", degree: 4 },
  { kind: "erdos-renyi", avgDegree: 5 },
  { kind: "watts-strogatz", k: 4, beta: 0.2 },
  { kind: "barabasi-albert", m: 2 },
];

/** The structure of a run's instance: groups, MR and need ranges, capacities, gossip fanout. */
export interface StatStructure {
  readonly groupSize: number;
  readonly recipientsPerProvider: number;
  readonly mr: { readonly min: number; readonly max: number };
  readonly need: { readonly min: number; readonly max: number };
  readonly capacityShare: number;
  readonly fanout: number;
  readonly roundMs: number;
}

/** Fixed structure of every run (SPEC.md §13.1). */
export const STAT_STRUCTURE = {
  /** Recipients per provider: a BFS ball of this many around a random anchor (all, if fewer). */
  groupSize: 20,
  /** One provider per this many recipients (rounded up). */
  recipientsPerProvider: 10,
  /** MR(P,R) uniform in this range. */
  mr: { min: 0.5, max: 1 },
  /** Stated need uniform in this range. */
  need: { min: 60, max: 120 },
  /** A provider's capacity is this fraction of its recipients' total need (a scarce commons). */
  capacityShare: 0.2,
  /** Gossip fanout (the seed's min(3, partners)). */
  fanout: 3,
  /** Round period (virtual ms), for message timestamps only. */
  roundMs: 1000,
} as const;

export interface EstimationSetting {
  /** Number of recipients (topology nodes), uniform in [min, max]. */
  readonly nodes: { readonly min: number; readonly max: number };
  /** T: estimates are checked at the end of round T. */
  readonly rounds: number;
  /** ε: an estimate is good when |estimate − D| ≤ ε·D. */
  readonly epsilon: number;
  readonly learningRate: LearningRate;
  readonly trust: TrustMode;
  /** h: observation noise ξ uniform in [1 − h, 1 + h] (0 ≤ h < 1). */
  readonly noise: number;
  /** Probability that any one message (request, response, gossip) is lost. */
  readonly loss: number;
  /** Probability that a run has a partition (two halves, nothing crosses) in rounds (T/4, T/2]. */
  readonly partitionChance: number;
  /** Fraction of recipients (rounded) that lie in their gossip, and how. */
  readonly dishonest: { readonly fraction: number; readonly strategy: DishonestStrategy };
  // The gossip factors below are optional: absent, a run is exactly what it was before they
  // existed (same draws, same result), so STAT-1 … STAT-3 and every recorded figure stand.
  /**
   * A fixed gossip topology instead of one drawn uniformly from STAT_TOPOLOGIES (the draw is
   * still made, so needs, groups and MR values are those of the same seed with the drawn one).
   */
  readonly topology?: TopologySpec;
  /** Gossip fanout: partners each gossip message goes to (default STAT_STRUCTURE.fanout, 3). */
  readonly fanout?: number;
  /** Recipients gossip only in every k-th round (default 1: every round). */
  readonly gossipEvery?: number;
  /** Gossip sent in round t is delivered in round t + delay (default 0: the same round). */
  readonly delay?: number;
  /**
   * The capacity hint a response carries, as a multiple of the provider's true capacity
   * (default 1: accurate; 0: no hint, so the recipient falls back on the seed's 2 × grant).
   */
  readonly hint?: number;
}

/** The inflate ×5 strategy of the `dishonest-20` scenario. */
export const INFLATE_5: DishonestStrategy = { kind: "inflate", factor: 5 };

/** The base setting of STAT-1: Robbins–Monro (0.6, 1, 0.75), adaptive trust, everyone honest. */
export const STAT_SETTING: EstimationSetting = {
  nodes: { min: 10, max: 200 },
  rounds: 60,
  epsilon: 0.1,
  learningRate: DEFAULT_ROBBINS_MONRO,
  trust: "adaptive",
  noise: 0.3,
  loss: 0.05,
  partitionChance: 0.5,
  dishonest: { fraction: 0, strategy: INFLATE_5 },
};

/** The claim "P(success) ≥ p0", decided by the SPRT against p ≤ p1 with errors α and β. */
export interface StatClaim extends SprtOptions {
  /** Give up (verdict `undecided`) after this many runs. */
  readonly maxRuns: number;
}

/** p0 = 95 %, indifference region down to p1 = 85 %, α = β = 1 % (99 % confidence either way). */
export const STAT_CLAIM: StatClaim = { p0: 0.95, p1: 0.85, alpha: 0.01, beta: 0.01, maxRuns: 1000 };

/**
 * The documented tolerance (SPEC.md §13.1): the largest fraction of recipients inflating their
 * gossip ×5 (adaptive trust) at which STAT-1 still holds. Measured: none — the claim fails as
 * soon as a liar is present (`npx tsx bench/convergence-stats.ts`, bench/RESULTS.md).
 */
export const DISHONEST_TOLERANCE = 0;

/** The fraction STAT-3 shows rejected: 2 % (one liar from 25 recipients on, four at 200). */
export const ABOVE_TOLERANCE = 0.02;

/** Why a setting cannot be run, or undefined. */
export function settingProblem(s: EstimationSetting): string | undefined {
  if (!(Number.isInteger(s.nodes.min) && s.nodes.min >= 4 && s.nodes.max >= s.nodes.min))
    return "nodes: need integers 4 ≤ min ≤ max";
  if (!(Number.isInteger(s.rounds) && s.rounds >= 1)) return "rounds must be a positive integer";
  if (!(s.epsilon > 0)) return "epsilon must be positive";
  if (!(s.noise >= 0 && s.noise < 1)) return "noise must be in [0, 1)";
  if (!(s.loss >= 0 && s.loss < 1)) return "loss must be in [0, 1)";
  if (!(s.partitionChance >= 0 && s.partitionChance <= 1)) return "partitionChance in [0, 1]";
  if (!(s.dishonest.fraction >= 0 && s.dishonest.fraction < 1))
    return "dishonest fraction in [0, 1)";
  // Every grant, even observed at its largest, stays below the need (capacity ≤ 20 % of the
  // group's need, MR ≥ 0.5), so the residual the recipient learns from is exactly its need.
  const worst = STAT_STRUCTURE.capacityShare / (STAT_STRUCTURE.mr.min * (1 - s.noise));
  if (!(worst < 1)) return `noise ${s.noise} lets an observed grant exceed the need`;
  if (s.fanout !== undefined && !(Number.isInteger(s.fanout) && s.fanout >= 0))
    return "fanout must be an integer ≥ 0";
  if (s.gossipEvery !== undefined && !(Number.isInteger(s.gossipEvery) && s.gossipEvery >= 1))
    return "gossipEvery must be a positive integer";
  if (s.delay !== undefined && !(Number.isInteger(s.delay) && s.delay >= 0))
    return "delay must be an integer ≥ 0 (rounds)";
  if (s.hint !== undefined && !(s.hint >= 0 && Number.isFinite(s.hint)))
    return "hint must be a finite number ≥ 0";
  return undefined;
}

/**
 * The diameter of a connected graph given by adjacency lists (BFS from every node; the largest
 * eccentricity). Every instance's graph is connected (buildInstance redraws until it is).
 */
export function diameterOf(adj: readonly (readonly number[])[]): number {
  const n = adj.length;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let diameter = 0;
  for (let src = 0; src < n; src++) {
    dist.fill(-1);
    dist[src] = 0;
    queue[0] = src;
    let tail = 1;
    for (let h = 0; h < tail; h++) {
      const v = queue[h] as number;
      const d = (dist[v] as number) + 1;
      for (const w of adj[v] as number[])
        if (dist[w] === -1) {
          dist[w] = d;
          queue[tail++] = w;
          if (d > diameter) diameter = d;
        }
    }
  }
  return diameter;
}

// ---------------------------------------------------------------------------------------------
// One run

/** One instance: topology, providers and their groups, MR, needs, liars. */
export interface Instance {
  readonly n: number;
  readonly topology: string;
  readonly adj: readonly (readonly number[])[];
  readonly needs: readonly number[];
  /** Per provider: its recipients (indices), MR per recipient (same order), capacity, D. */
  readonly providers: readonly {
    readonly id: string;
    readonly anchor: number;
    readonly members: readonly number[];
    readonly mr: readonly number[];
    readonly capacity: number;
    readonly denominator: number;
  }[];
  readonly liar: readonly boolean[];
  readonly partitioned: boolean;
  /** Side of each recipient during the partition (by BFS order from node 0: first half = 0). */
  readonly side: readonly number[];
}

function uniform(rng: Rng, r: { readonly min: number; readonly max: number }): number {
  return r.min + (r.max - r.min) * rng.float();
}

function bfsOrder(adj: readonly (readonly number[])[], src: number): number[] {
  const seen = new Uint8Array(adj.length);
  const order = [src];
  seen[src] = 1;
  for (let h = 0; h < order.length; h++)
    for (const w of adj[order[h] as number] as number[])
      if (seen[w] === 0) {
        seen[w] = 1;
        order.push(w);
      }
  return order;
}

/** The id of recipient i (R000, R001, …). */
export function rid(i: number): string {
  return `R${String(i).padStart(3, "0")}`;
}

/**
 * The instance of a run from its seed. `structure` changes only the scales (needs, capacity
 * share): the draws, and so the topology, groups and MR values, are the same for every structure.
 */
export function buildInstance(
  s: EstimationSetting,
  seed: number,
  structure: StatStructure = STAT_STRUCTURE,
): Instance {
  const rng = Rng.derive(seed, "instance");
  const n = rng.int(s.nodes.min, s.nodes.max);
  const drawn = STAT_TOPOLOGIES[rng.int(0, STAT_TOPOLOGIES.length - 1)] as TopologySpec;
  const spec = s.topology ?? drawn;
  const ids = Array.from({ length: n }, (_, i) => rid(i));
  let adj: number[][] = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt === 100) throw new Error(`no connected ${spec.kind} graph on ${n} nodes`);
    const g = buildGraph(spec, ids, Rng.derive(seed, `topology:${attempt}`));
    adj = adjacencyOf(g, ids);
    if (bfsOrder(adj, 0).length === n) break;
  }
  const needs = ids.map(() => uniform(rng, structure.need));
  const k = Math.ceil(n / structure.recipientsPerProvider);
  const providers = Array.from({ length: k }, (_, p) => {
    const anchor = rng.int(0, n - 1);
    const members = bfsOrder(adj, anchor)
      .slice(0, structure.groupSize)
      .sort((a, b) => a - b);
    const mr = members.map(() => uniform(rng, structure.mr));
    let denominator = 0;
    let total = 0;
    members.forEach((r, j) => {
      denominator += (mr[j] as number) * (needs[r] as number);
      total += needs[r] as number;
    });
    return {
      id: `P${String(p).padStart(2, "0")}`,
      anchor,
      members,
      mr,
      capacity: structure.capacityShare * total,
      denominator,
    };
  });
  const liars = new Set(
    sample(rng.asFunction(), ids, Math.round(s.dishonest.fraction * n)).map((id) =>
      Number(id.slice(1)),
    ),
  );
  const partitioned = rng.chance(s.partitionChance);
  const side = new Array<number>(n).fill(0);
  bfsOrder(adj, 0).forEach((v, i) => (side[v] = i < n / 2 ? 0 : 1));
  return {
    n,
    topology: spec.kind,
    adj,
    needs,
    providers,
    liar: ids.map((_, i) => liars.has(i)),
    partitioned,
    side,
  };
}

/** The worst honest estimate of a run. */
export interface WorstEstimate {
  readonly recipient: string;
  readonly provider: string;
  readonly estimate: number;
  readonly denominator: number;
  readonly relativeError: number;
}

export interface EstimationRun {
  readonly run: number;
  readonly seed: number;
  readonly nodes: number;
  readonly topology: string;
  readonly providers: number;
  /** Honest (recipient, provider) estimates checked. */
  readonly estimates: number;
  readonly dishonest: number;
  readonly partitioned: boolean;
  /** max over honest estimates of |estimate − D| / D at the end of round T. */
  readonly maxError: number;
  readonly worst: WorstEstimate | undefined;
  /** Every honest estimate is within ε. */
  readonly ok: boolean;
}

interface Gossip {
  readonly to: number;
  readonly msg: DenominatorGossip;
}

/**
 * One run of the per-round estimation setting from `seed`: builds the instance, plays T rounds
 * and measures the honest estimates against the true denominators. `onRound` (for reports) sees the
 * largest honest relative error at the end of every round; it reads the estimates and draws
 * nothing, so the run is the same with or without it.
 */
export function runEstimation(
  s: EstimationSetting,
  seed: number,
  run = 0,
  onRound?: (round: number, maxError: number) => void,
): EstimationRun {
  const problem = settingProblem(s);
  if (problem !== undefined) throw new RangeError(problem);
  const inst = buildInstance(s, seed);
  const { n, adj, needs, providers } = inst;
  const K = providers.length;
  const net = Rng.derive(seed, "network");
  const noise = Rng.derive(seed, "noise");
  const gossipRng = Rng.derive(seed, "gossip");
  const random = gossipRng.asFunction();
  const ids = Array.from({ length: n }, (_, i) => rid(i));
  // Per recipient: the providers it uses and its view of each (from recipientInit).
  const provOf: number[][] = ids.map(() => []);
  const mrOf: number[][] = ids.map(() => []);
  providers.forEach((p, k) =>
    p.members.forEach((r, j) => {
      provOf[r]?.push(k);
      mrOf[r]?.push(p.mr[j] as number);
    }),
  );
  const slot = new Int32Array(n * K).fill(-1);
  const views: ProviderView[][] = ids.map((id, r) => {
    const ps = provOf[r] as number[];
    ps.forEach((k, j) => (slot[r * K + k] = j));
    const st = recipientInit({
      id,
      statedNeed: needs[r] as number,
      providers: Object.fromEntries(
        ps.map((k, j) => [(providers[k] as Instance["providers"][number]).id, mrOf[r]?.[j] ?? 0]),
      ),
      partners: (adj[r] as number[]).map((j) => ids[j] as string),
      options: { learningRate: s.learningRate, trust: s.trust, roundMs: STAT_STRUCTURE.roundMs },
    });
    return ps.map(
      (k) => st.providers[(providers[k] as Instance["providers"][number]).id] as ProviderView,
    );
  });
  // trust[r·n + sender]: NaN = never heard (adaptive trust starts at 0.5).
  const trust = new Float64Array(n * n).fill(NaN);
  const partners = ids.map((_, r) => (adj[r] as number[]).slice());
  const lo = Math.floor(s.rounds / 4);
  const hi = Math.floor(s.rounds / 2);
  const fanout = s.fanout ?? STAT_STRUCTURE.fanout;
  const gossipEvery = s.gossipEvery ?? 1;
  const delay = s.delay ?? 0;
  const hint = s.hint ?? 1;
  /** Gossip in flight, by the round it is delivered in. */
  const inFlight = new Map<number, Gossip[]>();
  for (let t = 1; t <= s.rounds; t++) {
    const split = inst.partitioned && t > lo && t <= hi;
    const apart = (a: number, b: number) => split && inst.side[a] !== inst.side[b];
    const now = t * STAT_STRUCTURE.roundMs;
    const gossips = (t - 1) % gossipEvery === 0;
    const sent: Gossip[] = [];
    for (let r = 0; r < n; r++) {
      const ps = provOf[r] as number[];
      const vs = views[r] as ProviderView[];
      for (let j = 0; j < ps.length; j++) {
        const k = ps[j] as number;
        const p = providers[k] as Instance["providers"][number];
        // Request and response each cross the network; a partition cuts the provider off.
        if (apart(r, p.anchor) || net.chance(s.loss) || net.chance(s.loss)) continue;
        const mr = mrOf[r]?.[j] as number;
        const need = needs[r] as number;
        const share = (p.capacity * mr * need) / p.denominator;
        const xi = 1 - s.noise + 2 * s.noise * noise.float();
        const response: AllocationResponse = {
          type: "allocation_response",
          provider_id: p.id,
          recipient_id: ids[r] as string,
          allocated_amount: share / xi,
          ...(hint > 0 ? { capacity_hint: p.capacity * hint } : {}),
          timestamp: now,
        };
        const residualAfter = Math.max(0, need - response.allocated_amount);
        const v = viewAfterResponse(vs[j] as ProviderView, response, residualAfter, s.learningRate);
        vs[j] = v;
        const plist = partners[r] as number[];
        if (plist.length === 0 || !gossips) continue;
        // The message gossipEffects sends after a response.
        let msg: DenominatorGossip = {
          type: "denominator_gossip",
          sender_id: ids[r] as string,
          provider_id: p.id,
          estimated_denominator: asQuantity(v.estDenominator),
          my_residual_need: asQuantity(residualAfter),
          my_mr_value: mr,
          confidence: confidenceOf(v.history),
          timestamp: now,
        };
        if (inst.liar[r] === true) {
          const lied = tamperP2P(msg, s.dishonest.strategy, random);
          if (lied.type === "denominator_gossip") msg = lied;
        }
        for (const to of sample(random, plist, Math.min(fanout, plist.length))) {
          if (apart(r, to) || net.chance(s.loss)) continue;
          sent.push({ to, msg });
        }
      }
    }
    // Without delay a round's gossip arrives in that round (as before the delay existed).
    let outbox = sent;
    if (delay > 0) {
      const due = inFlight.get(t + delay);
      if (due === undefined) inFlight.set(t + delay, sent);
      else due.push(...sent);
      outbox = inFlight.get(t) ?? [];
      inFlight.delete(t);
    }
    // Gossip of the round arrives in a random order.
    for (let i = outbox.length - 1; i > 0; i--) {
      const j = gossipRng.int(0, i);
      const x = outbox[i] as Gossip;
      outbox[i] = outbox[j] as Gossip;
      outbox[j] = x;
    }
    for (const { to, msg } of outbox) {
      const k = Number(msg.provider_id.slice(1));
      const j = slot[to * K + k] as number;
      if (j < 0) continue; // the receiver does not use this provider
      const sender = Number(msg.sender_id.slice(1));
      const vs = views[to] as ProviderView[];
      const v = vs[j] as ProviderView;
      const prev = trust[to * n + sender] as number;
      const m = mergeGossip(
        v.estDenominator,
        msg.estimated_denominator,
        msg.confidence,
        s.trust,
        Number.isNaN(prev) ? undefined : prev,
      );
      if (m.trust !== undefined) trust[to * n + sender] = m.trust;
      // As onGossip does (`{ ...v, estDenominator }`), field by field (spread is slow on Node 20).
      vs[j] = {
        mr: v.mr,
        estCapacity: v.estCapacity,
        estDenominator: m.estimate,
        lastAllocation: v.lastAllocation,
        history: v.history,
        updates: v.updates,
        exhausted: v.exhausted,
        received: v.received,
        adaptive: v.adaptive,
      };
    }
    if (onRound !== undefined) {
      // The largest honest error at the end of round t (the same measure as after round T).
      let worstNow = 0;
      for (let r = 0; r < n; r++) {
        if (inst.liar[r] === true) continue;
        const ps = provOf[r] as number[];
        for (let j = 0; j < ps.length; j++) {
          const p = providers[ps[j] as number] as Instance["providers"][number];
          const est = (views[r] as ProviderView[])[j]?.estDenominator as number;
          const err = Math.abs(est - p.denominator) / p.denominator;
          worstNow = Number.isNaN(err) ? Infinity : Math.max(worstNow, err);
          if (worstNow === Infinity) break;
        }
        if (worstNow === Infinity) break;
      }
      onRound(t, worstNow);
    }
  }
  let maxError = 0;
  let worst: WorstEstimate | undefined;
  let estimates = 0;
  for (let r = 0; r < n; r++) {
    if (inst.liar[r] === true) continue;
    const ps = provOf[r] as number[];
    ps.forEach((k, j) => {
      const p = providers[k] as Instance["providers"][number];
      const est = (views[r] as ProviderView[])[j]?.estDenominator as number;
      const err = Math.abs(est - p.denominator) / p.denominator;
      estimates++;
      if (worst === undefined || !(err <= maxError)) {
        maxError = Number.isNaN(err) ? Infinity : err;
        worst = {
          recipient: ids[r] as string,
          provider: p.id,
          estimate: est,
          denominator: p.denominator,
          relativeError: err,
        };
      }
    });
  }
  return {
    run,
    seed,
    nodes: n,
    topology: inst.topology,
    providers: K,
    estimates,
    dishonest: inst.liar.filter(Boolean).length,
    partitioned: inst.partitioned,
    maxError,
    worst,
    ok: maxError <= s.epsilon,
  };
}

/** The seed of run `i` under a master seed. */
export function runSeed(masterSeed: number, i: number): number {
  return deriveSeed(masterSeed, `run:${i}`);
}

// ---------------------------------------------------------------------------------------------
// Deciding a claim

export type StatDecision = "holds" | "fails" | "undecided";

export interface StatVerdict {
  readonly masterSeed: number;
  /** holds = SPRT accepted p ≥ p0; fails = it accepted p ≤ p1; undecided = maxRuns reached. */
  readonly decision: StatDecision;
  readonly sprt: SprtState;
  /** The observed fraction with its two-sided Hoeffding interval at the claim's confidence. */
  readonly estimate: ProbabilityEstimate;
  /** The first run that failed, if any (replay it with `--run`). */
  readonly firstFailure: EstimationRun | undefined;
  /** Largest maxError seen over the runs. */
  readonly worstError: number;
}

/**
 * Decides "P(every honest estimate within ε after T rounds) ≥ p0" for a setting: runs
 * i = 0, 1, … (seeded by `runSeed(masterSeed, i)`) through Wald's SPRT until it decides or
 * `maxRuns` is reached. `onRun` sees every run (for reports).
 */
export function decideClaim(
  s: EstimationSetting,
  claim: StatClaim,
  masterSeed: number,
  onRun?: (r: EstimationRun) => void,
  run: (s: EstimationSetting, seed: number, i: number) => EstimationRun = runEstimation,
): StatVerdict {
  let st = sprtStart(claim);
  let firstFailure: EstimationRun | undefined;
  let worstError = 0;
  for (let i = 0; i < claim.maxRuns && st.decision === "continue"; i++) {
    const r = run(s, runSeed(masterSeed, i), i);
    onRun?.(r);
    worstError = Math.max(worstError, r.maxError);
    if (!r.ok && firstFailure === undefined) firstFailure = r;
    st = sprtStep(claim, st, r.ok);
  }
  const decision: StatDecision =
    st.decision === "accept-h0" ? "holds" : st.decision === "accept-h1" ? "fails" : "undecided";
  return {
    masterSeed,
    decision,
    sprt: st,
    estimate: hoeffdingEstimate(st.successes, Math.max(1, st.runs), claim.alpha),
    firstFailure,
    worstError,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/**
 * The command that replays a claim (or one of its runs) from its master seed, from the installed
 * package (`commons-spec audit stat`; bench/convergence-stats.ts --claim does the same).
 */
export function replayStatCommand(id: string, masterSeed: number, run?: number): string {
  return `commons-spec audit stat ${id} --seed ${masterSeed}${run !== undefined ? ` --run ${run}` : ""}`;
}

/** One line: the SPRT decision, runs, the estimate with its interval, the seed and the replay. */
export function describeVerdict(
  id: string,
  claim: StatClaim,
  v: StatVerdict,
  replay: (id: string, masterSeed: number, run?: number) => string = replayStatCommand,
): string {
  const e = v.estimate;
  const f = v.firstFailure;
  return [
    `${id}: SPRT (H0 p ≥ ${claim.p0} vs H1 p ≤ ${claim.p1}, α = ${claim.alpha}, β = ${claim.beta}) ${
      v.decision === "holds"
        ? "accepted H0"
        : v.decision === "fails"
          ? "accepted H1 (rejected the claim)"
          : "stayed undecided (run limit reached)"
    } after ${v.sprt.runs} runs`,
    `${e.successes}/${e.runs} runs with every honest estimate within ε, p̂ = ${pct(e.estimate)}, ` +
      `${pct(e.confidence)} Hoeffding interval [${pct(e.lower)}, ${pct(e.upper)}] (indicative: the SPRT stopped on the data)`,
    `largest error ${pct(v.worstError)}`,
    ...(f !== undefined && f.worst !== undefined
      ? [
          `first failing run ${f.run} (${f.topology}, ${f.nodes} nodes, ${f.dishonest} dishonest${f.partitioned ? ", partitioned" : ""}): ` +
            `${f.worst.recipient}'s estimate of ${f.worst.provider} is ${f.worst.estimate.toFixed(1)} against ${f.worst.denominator.toFixed(1)} (${pct(f.worst.relativeError)}); ` +
            `replay: ${replay(id, v.masterSeed, f.run)}`,
        ]
      : []),
    `master seed ${v.masterSeed}; replay: ${replay(id, v.masterSeed)}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------
// The claims as catalogue properties

/** One statistical claim of SPEC.md §13.1: a setting and the verdict the engine must reach. */
export interface StatClaimSpec {
  readonly id: string;
  readonly title: string;
  readonly setting: EstimationSetting;
  /** `holds`: the SPRT must accept the claim; `fails`: it must reject it. */
  readonly expect: "holds" | "fails";
}

/** The statistical claims of SPEC.md §13.1 (STAT-1 … STAT-3). */
export function statClaims(): StatClaimSpec[] {
  return [
    {
      id: "STAT-1",
      title:
        "Robbins–Monro rates on random connected topologies of 10–200 nodes with noise, loss and partitions: every honest estimate within ε = 10 % of the true denominator after T = 60 rounds in ≥ 95 % of runs (SPRT, 99 %)",
      setting: STAT_SETTING,
      expect: "holds",
    },
    {
      id: "STAT-2",
      title: "the same claim with the seed's constant α = 0.3 is rejected at 99 % confidence",
      setting: { ...STAT_SETTING, learningRate: SEED_LEARNING_RATE },
      expect: "fails",
    },
    {
      id: "STAT-3",
      title: `dishonest tolerance ${DISHONEST_TOLERANCE}: with ${pct(ABOVE_TOLERANCE)} of recipients inflating their gossip ×5 (adaptive trust) the claim is rejected at 99 % confidence`,
      setting: {
        ...STAT_SETTING,
        dishonest: { fraction: ABOVE_TOLERANCE, strategy: INFLATE_5 },
      },
      expect: "fails",
    },
  ];
}

export interface ConvergenceStatsOptions {
  /** The suite the properties report under (default "denominator"). */
  readonly suite?: SuiteName;
  readonly claim?: StatClaim;
}

/**
 * One statistical claim as a catalogue property: one experiment (`numRuns` 1) whose master seed
 * fast-check draws from the run's seed (never shrunk: a smaller seed is not a simpler
 * counterexample). The SPRT runs the estimation runs; the property fails with the verdict, the
 * estimate, its interval and the replay command when the engine does not reach the expected
 * decision, and `describeLastRun` gives the same line after a success.
 */
export function statClaimProperty(
  c: StatClaimSpec,
  suite: SuiteName = "denominator",
  claim: StatClaim = STAT_CLAIM,
): InvariantProperty {
  let last: string | undefined;
  return {
    id: c.id,
    suite,
    title: c.title,
    numRuns: 1,
    build: () =>
      fc.property(fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })), (masterSeed) => {
        const v = decideClaim(c.setting, claim, masterSeed);
        last = describeVerdict(c.id, claim, v);
        if (v.decision !== c.expect)
          throw new Error(
            `expected the claim to ${c.expect === "holds" ? "hold" : "be rejected"}: ${last}`,
          );
      }),
    describeLastRun: () => last,
  };
}

/** STAT-1 … STAT-3 (SPEC.md §13.1) as catalogue properties. */
export function convergenceStatsProperties(
  options: ConvergenceStatsOptions = {},
): InvariantProperty[] {
  return statClaims().map((c) => statClaimProperty(c, options.suite, options.claim));
}
