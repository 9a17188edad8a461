/**
 * Built-in scenarios of `commons-spec simulate <name>` (SPEC.md §Simulation). Each is a
 * scenario document validated by the same schema as files.
 */
import type { ScenarioInput, SuiteInput } from "./scenario.js";

export interface BuiltinScenario {
  readonly name: string;
  readonly summary: string;
  readonly document: ScenarioInput | SuiteInput;
}

const lognormal = { dist: "lognormal", median: 40, sigma: 0.5, min: 5 } as const;

/** Seed 000's agents: R1 needs 500, R2 300; P1 400 (MR 0.6/0.4), P2 300 (MR 0.3/0.7). */
const SEED_000_NODES = [
  { id: "R1", need: 500, recognition: { P1: 0.6, P2: 0.3 }, partners: ["R2"], startOffset: 0 },
  { id: "R2", need: 300, recognition: { P1: 0.4, P2: 0.7 }, partners: ["R1"], startOffset: 2 },
  { id: "P1", capacity: 400, recognition: { R1: 0.6, R2: 0.4 } },
  { id: "P2", capacity: 300, recognition: { R1: 0.3, R2: 0.7 } },
];
const SEED_000_EDGES: [string, string][] = [
  ["R1", "P1"],
  ["R1", "P2"],
  ["R2", "P1"],
  ["R2", "P2"],
  ["R1", "R2"],
];

const v2Population = (count: number, degree: number) =>
  ({
    protocol: "v2",
    nodes: { count, providerFraction: 0.3, startJitterMs: 1000 },
    topology: { kind: "random-regular", degree },
    network: { latency: lognormal, loss: 0.01, duplicate: 0.01 },
  }) as const;

/** Seed 004's burst: 100 peers announce 50 blocks to one router, read by a sync and a control subscriber. */
const routerBurst = (
  name: string,
  mode: "single" | "segmented",
  dedup: "log" | "drop",
): ScenarioInput => ({
  name,
  protocol: "router",
  seed: 42,
  duration: 5_000,
  nodes: { count: 100 },
  topology: { kind: "star" },
  network: { latency: { dist: "uniform", min: 1, max: 10 } },
  router: {
    mode,
    dedup,
    subscribers: [
      { name: "sync", perTick: 40 },
      { name: "control", perTick: 8, lanes: ["control"] },
    ],
    blocks: 50,
    blockIntervalMs: 5,
    txPerBlock: 2,
  },
});

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  {
    name: "seed-000-worked-example",
    summary:
      "seed 000's R1/R2/P1/P2 with the seed's provider, exactly as written: reproduces round 1 and finds the over-grant",
    document: {
      name: "seed-000-worked-example",
      description:
        "Seed 000's sequence diagram with the seed provider (min(expected, available, residual), current_allocations[R] = granted, reset_allocations every round) and the seed recipient (α = 0.3, capacity guess 1000, trust 0.5, requests every provider each round).",
      protocol: "p2p",
      seed: 0,
      duration: 3500,
      nodes: SEED_000_NODES,
      topology: { kind: "explicit", edges: SEED_000_EDGES },
      network: { latency: { dist: "constant", ms: 10 } },
      p2p: {
        provider: "seed",
        roundMs: 1000,
        learningRate: { kind: "constant", alpha: 0.3 },
        composition: false,
        trust: "constant",
        skipExhausted: false,
      },
    },
  },
  {
    name: "seed-000-corrected",
    summary: "the same agents with the corrected provider (accounts for every grant)",
    document: {
      name: "seed-000-corrected",
      protocol: "p2p",
      seed: 0,
      duration: 10_000,
      nodes: SEED_000_NODES,
      topology: { kind: "explicit", edges: SEED_000_EDGES },
      network: { latency: { dist: "constant", ms: 10 } },
      p2p: { provider: "corrected", roundMs: 1000, skipExhausted: true },
    },
  },
  {
    name: "p2p-small",
    summary:
      "seed 000 at model-checking scale: one provider (capacity 3), two recipients (needs 2 and 2); validates against the P2PDenominator model",
    document: {
      name: "p2p-small",
      description:
        "The network of the P2PDenominator model (models/impl): P with capacity 3 recognises R1 and R2 equally; each needs 2 and asks every round; they gossip to each other. `commons-spec trace validate run.itf.json --model P2PDenominator --config p2p-small` follows a run of it step by step.",
      protocol: "p2p",
      seed: 1,
      duration: 2500,
      nodes: [
        { id: "P", capacity: 3, recognition: { R1: 0.5, R2: 0.5 } },
        { id: "R1", need: 2, recognition: { P: 0.5 }, partners: ["R2"] },
        { id: "R2", need: 2, recognition: { P: 0.5 }, partners: ["R1"] },
      ],
      topology: {
        kind: "explicit",
        edges: [
          ["P", "R1"],
          ["P", "R2"],
          ["R1", "R2"],
        ],
      },
      network: { latency: { dist: "uniform", min: 5, max: 40 } },
      p2p: { provider: "corrected", roundMs: 1000, skipExhausted: false },
    },
  },
  {
    name: "v1-small",
    summary:
      "V1 at model-checking scale: two providers and a recipient in a triangle, 100 ms rounds; validates against the V1Node model",
    document: {
      name: "v1-small",
      description:
        "The network of the V1Node model (models/impl): P1 and P2 (capacity 2 each) recognise R, which needs 3 and recognises both; they start 1 ms apart and play rounds of 100 ms (compute at 40 %, aggregate at 80 %, the seeds' 50 % catch-up threshold). `commons-spec trace validate run.itf.json --model V1Node --config v1-small` follows a run of it step by step.",
      protocol: "v1",
      seed: 1,
      duration: 250,
      nodes: [
        { id: "P1", capacity: 2, recognition: { R: 1 } },
        { id: "P2", capacity: 2, recognition: { R: 1 }, startAt: 1 },
        { id: "R", need: 3, recognition: { P1: 1, P2: 1 }, startAt: 2 },
      ],
      topology: { kind: "full-mesh" },
      network: { latency: { dist: "constant", ms: 5 } },
      v1: { roundMs: 100 },
    },
  },
  {
    name: "v2-small",
    summary:
      "V2 at model-checking scale: a provider and two recipients, debounced recompute, ITC stamps; validates against the V2Node model",
    document: {
      name: "v2-small",
      description:
        "The network of the V2Node model (models/impl): P (capacity 2) recognises R1 and R2, which need 2 and 1 and recognise P; the three start 1 ms apart with ids forked from the ITC seed, publish on change after the 100 ms debounce and join the stamps they accept. `commons-spec trace validate run.itf.json --model V2Node --config v2-small` follows a run of it step by step.",
      protocol: "v2",
      seed: 1,
      duration: 300,
      nodes: [
        { id: "P", capacity: 2, recognition: { R1: 1, R2: 1 } },
        { id: "R1", need: 2, recognition: { P: 1 }, startAt: 1 },
        { id: "R2", need: 1, recognition: { P: 1 }, startAt: 2 },
      ],
      topology: { kind: "full-mesh" },
      network: { latency: { dist: "constant", ms: 5 } },
    },
  },
  {
    name: "v2-100",
    summary: "100 V2 nodes, random 6-regular, log-normal latency, 1 % loss, 1 % duplication",
    document: { name: "v2-100", seed: 42, duration: 60_000, ...v2Population(100, 6) },
  },
  {
    name: "v2-10000",
    summary:
      "10 000 V2 nodes, random 6-regular, 10 s virtual (a few minutes of wall time: progress bar)",
    document: {
      name: "v2-10000",
      seed: 42,
      duration: 10_000,
      ...v2Population(10_000, 6),
      v2: { stampMerge: "none" },
    },
  },
  {
    name: "partition-heal",
    summary:
      "100 V2 nodes split in two at 30 s, healed at 120 s: converge, diverge, converge again",
    document: {
      name: "partition-heal",
      seed: 42,
      duration: 240_000,
      ...v2Population(100, 6),
      partitions: [{ at: 30_000, heal: 120_000, groups: 2, assignment: "contiguous" }],
    },
  },
  {
    name: "dishonest-20",
    summary:
      "P2P denominator gossip, 100 nodes, 20 % of recipients inflate gossiped denominators ×5",
    document: {
      name: "dishonest-20",
      protocol: "p2p",
      seed: 42,
      duration: 60_000,
      nodes: {
        count: 100,
        providerFraction: 0.3,
        capacity: { min: 100, max: 300 },
        need: { min: 20, max: 120 },
      },
      topology: { kind: "random-regular", degree: 6 },
      network: { latency: lognormal, loss: 0.01 },
      dishonest: { fraction: 0.2, strategy: { kind: "inflate", factor: 5 } },
      p2p: { provider: "corrected", trust: "constant", composition: true },
    },
  },
  {
    name: "router-burst",
    summary:
      "seed 004's stress test: 100 peers announce 50 blocks to one router (single 2048 channel)",
    document: routerBurst("router-burst", "single", "log"),
  },
  {
    name: "router-burst-lanes",
    summary: "the same burst with seed 004's segmented lanes and duplicate dropping",
    document: routerBurst("router-burst-lanes", "segmented", "drop"),
  },
  {
    name: "v1-vs-v2-100",
    summary: "the same 100 participants and 6-regular graph under V1 (90 s rounds) and V2",
    document: {
      name: "v1-vs-v2-100",
      compare: [
        {
          name: "v1-100",
          protocol: "v1",
          seed: 42,
          duration: 10_800_000,
          nodes: { count: 100, providerFraction: 0.3, startJitterMs: 1000 },
          topology: { kind: "random-regular", degree: 6 },
          network: { latency: lognormal },
        },
        {
          name: "v2-100 (same graph)",
          protocol: "v2",
          seed: 42,
          duration: 120_000,
          nodes: { count: 100, providerFraction: 0.3, startJitterMs: 1000 },
          topology: { kind: "random-regular", degree: 6 },
          network: { latency: lognormal },
        },
      ],
    },
  },
];

export function builtinScenario(name: string): BuiltinScenario | undefined {
  return BUILTIN_SCENARIOS.find((b) => b.name === name);
}
