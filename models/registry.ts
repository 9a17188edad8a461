/**
 * The catalogue of models: each with its configurations (bounds and variants) and the result
 * recorded for each — verdict, distinct states, depth and, for the configurations that must
 * fail, the property violated and the length of the (shortest) counterexample. CI runs
 * `commons-spec model check-expected`, which re-runs every configuration and compares.
 *
 * Configurations marked `slow` take seconds to minutes: `check-expected` runs them, the test
 * suite does not.
 */
import type { z } from "zod";
import type { ExpectedResult } from "../src/engine/checker/expected.js";
import type { Model } from "../src/engine/checker/model.js";
import type { ModelSource } from "../src/engine/checker/parallel.js";
import { denominatorGossipConfigSchema } from "./config/DenominatorGossip.js";
import { routerConfigSchema } from "./config/Router.js";
import { denominatorGossip, denominatorGossipConfig } from "./DenominatorGossip.js";
import { itcCausality, itcCausalityConfig, itcCausalityConfigSchema } from "./ItcCausality.js";
import { router, routerConfig } from "./Router.js";
import {
  slotAllocation,
  slotAllocationConfig,
  slotAllocationConfigSchema,
} from "./SlotAllocation.js";
import { v1Rounds, v1RoundsConfig, v1RoundsConfigSchema } from "./V1Rounds.js";
import {
  P2P_SMALL,
  p2pDenominator,
  p2pDenominatorConfig,
  p2pDenominatorConfigSchema,
} from "./impl/P2PDenominator.js";
import {
  ROUTER_SMALL,
  routerNode,
  routerNodeConfig,
  routerNodeConfigSchema,
} from "./impl/RouterNode.js";
import {
  V1_SMALL,
  v1Node,
  v1NodeConfig,
  v1NodeConfigSchema,
  v1SmallStartingAt,
} from "./impl/V1Node.js";
import { V2_SMALL, v2Node, v2NodeConfig, v2NodeConfigSchema } from "./impl/V2Node.js";

export interface ModelConfigEntry<C> {
  /** What this configuration shows. */
  readonly doc: string;
  readonly config: C;
  readonly expected: ExpectedResult;
  /** The configuration must fail with `expected.property`; CI checks that it does. */
  readonly mustFail?: true;
  /** Takes long: run by `check-expected`, not by the test suite. */
  readonly slow?: true;
}

export interface RegisteredModel<S, C> {
  readonly model: Model<S, C>;
  /** Validates a configuration (a `--config file.json`, merged over the default). */
  readonly configSchema: z.ZodType<C>;
  readonly defaultConfig: string;
  readonly configs: Readonly<Record<string, ModelConfigEntry<C>>>;
  /** Where parallel search workers import the model from (models with a layout). */
  readonly source?: ModelSource;
}

/** The module (beside this one) and export that define a model, for parallel workers. */
const sourceOf = (file: string, exportName: string): ModelSource => ({
  module: new URL(file, import.meta.url).href,
  exportName,
});

/** Erases the state and config types (sound: models are only ever run with their own configs). */
function register<S, C>(m: RegisteredModel<S, C>): RegisteredModel<unknown, unknown> {
  return m as unknown as RegisteredModel<unknown, unknown>;
}

export const MODELS: Readonly<Record<string, RegisteredModel<unknown, unknown>>> = {
  ItcCausality: register({
    model: itcCausality,
    configSchema: itcCausalityConfigSchema,
    defaultConfig: "two",
    configs: {
      two: {
        doc: "One participant that may fork into two; 3 events, 1 message in flight.",
        config: itcCausalityConfig,
        expected: { verdict: "ok", distinctStates: 1359, depth: 9 },
      },
      three: {
        doc: "Up to three participants (ids at most 2 levels deep); 2 events, 1 message in flight.",
        config: { maxProcs: 3, maxEvents: 2, maxBag: 1, maxIdDepth: 2 },
        expected: { verdict: "ok", distinctStates: 22875, depth: 13 },
      },
      "three-deep": {
        doc: "Up to three participants, 3 events, 1 message in flight.",
        config: { maxProcs: 3, maxEvents: 3, maxBag: 1, maxIdDepth: 2 },
        expected: { verdict: "ok", distinctStates: 266219, depth: 16 },
        slow: true,
      },
    },
  }),
  SlotAllocation: register({
    model: slotAllocation,
    configSchema: slotAllocationConfigSchema,
    defaultConfig: "net-of-others-atomic",
    configs: {
      "net-of-others-atomic": {
        doc: "Net-of-others residual, each recomputation immediately visible (sequential schedule): settles under fairness.",
        config: { ...slotAllocationConfig, visibility: "atomic" },
        expected: { verdict: "ok", distinctStates: 5, depth: 2 },
      },
      "net-of-others": {
        doc: "Net-of-others residual with asynchronous publication and delivery: a fair interleaving (the synchronous one) never settles — both providers keep re-covering R1 from stale views.",
        config: slotAllocationConfig,
        expected: {
          verdict: "liveness",
          property: "EventuallySettled",
          distinctStates: 53,
          counterexampleStates: 18,
        },
        mustFail: true,
      },
      "net-of-others-settles": {
        doc: "Net-of-others, asynchronous, on a network where no recipient can be covered twice over (capacities 3/2, needs 3/2): every fair behaviour settles.",
        config: { ...slotAllocationConfig, capacity: { P1: 3, P2: 2 }, need: { R1: 3, R2: 2 } },
        expected: { verdict: "ok", distinctStates: 22, depth: 8 },
      },
      naive: {
        doc: "Naive residual (need minus everything received, own grant included), asynchronous: oscillates (DYN-3).",
        config: { ...slotAllocationConfig, residual: "naive" },
        expected: {
          verdict: "liveness",
          property: "EventuallySettled",
          distinctStates: 11144,
          counterexampleStates: 29,
        },
        mustFail: true,
      },
      "naive-atomic": {
        doc: "Naive residual even with immediate visibility: a provider alternates on its own.",
        config: { ...slotAllocationConfig, residual: "naive", visibility: "atomic" },
        expected: {
          verdict: "liveness",
          property: "EventuallySettled",
          distinctStates: 13,
          counterexampleStates: 5,
        },
        mustFail: true,
      },
      "naive-large": {
        doc: "Naive residual, asynchronous, capacities and needs 3: a larger graph for the same lasso.",
        config: {
          ...slotAllocationConfig,
          residual: "naive",
          capacity: { P1: 3, P2: 3 },
          need: { R1: 3, R2: 3 },
        },
        expected: {
          verdict: "liveness",
          property: "EventuallySettled",
          distinctStates: 434230,
          counterexampleStates: 38,
        },
        mustFail: true,
        slow: true,
      },
    },
  }),
  DenominatorGossip: register({
    model: denominatorGossip,
    source: sourceOf("./DenominatorGossip.js", "denominatorGossip"),
    configSchema: denominatorGossipConfigSchema,
    defaultConfig: "corrected",
    configs: {
      corrected: {
        doc: "Capacity 3, needs 3 and 2; the book accumulates every grant: never over-grants.",
        config: denominatorGossipConfig,
        expected: { verdict: "ok", distinctStates: 123, depth: 10 },
      },
      seed: {
        doc: "The seed's book update (current_allocations[R] = granted): a second grant to R1 frees the first in the book, and the provider over-grants.",
        config: { ...denominatorGossipConfig, book: "seed" },
        expected: {
          verdict: "violation",
          property: "NeverOverGrants",
          distinctStates: 104,
          counterexampleStates: 8,
        },
        mustFail: true,
      },
      "corrected-large": {
        doc: "Capacity 5, needs 4 and 3, accumulating book.",
        config: { capacity: 5, need: { R1: 4, R2: 3 }, book: "corrected" },
        expected: { verdict: "ok", distinctStates: 359, depth: 10 },
      },
    },
  }),
  V1Rounds: register({
    model: v1Rounds,
    configSchema: v1RoundsConfigSchema,
    defaultConfig: "all-peers",
    configs: {
      "all-peers": {
        doc: "Advance when all active peers are at my round or ahead, no partitions: within one round, and everyone reaches round 3.",
        config: v1RoundsConfig,
        expected: { verdict: "ok", distinctStates: 565, depth: 17 },
      },
      "two-thirds": {
        doc: "Threshold 67 %: with two peers it needs both, so it is the all-peers rule.",
        config: { ...v1RoundsConfig, thresholdPct: 67 },
        expected: { verdict: "ok", distinctStates: 565, depth: 17 },
      },
      half: {
        doc: "The seeds' 50 %: two participants leapfrog and leave the third two rounds behind.",
        config: { ...v1RoundsConfig, thresholdPct: 50 },
        expected: {
          verdict: "violation",
          property: "RoundsWithinOne",
          distinctStates: 36,
          counterexampleStates: 5,
        },
        mustFail: true,
      },
      "all-peers-partitions": {
        doc: "All active peers, with partitions: a participant cut off has no active peer and advances alone; after healing it is two rounds ahead.",
        config: { ...v1RoundsConfig, partitions: true },
        expected: {
          verdict: "violation",
          property: "RoundsWithinOne",
          distinctStates: 163,
          counterexampleStates: 5,
        },
        mustFail: true,
      },
    },
  }),
  Router: register({
    model: router,
    source: sourceOf("./Router.js", "router"),
    configSchema: routerConfigSchema,
    defaultConfig: "lanes",
    configs: {
      lanes: {
        doc: "Control lane (capacity 1) served first, data lane of 2, dedup LRU of 1 entry, TTL 2.",
        config: routerConfig,
        expected: { verdict: "ok", distinctStates: 82, depth: 7 },
      },
      "lanes-large": {
        doc: "Data lane of 3, dedup LRU of 2 entries, TTL 3.",
        config: { ...routerConfig, laneCapacity: 3, cacheSize: 2, ttl: 3 },
        expected: { verdict: "ok", distinctStates: 246, depth: 13 },
      },
      "single-lane": {
        doc: "One shared lane (the current single broadcast channel): data overwrites a pending control message, which is never delivered.",
        config: { ...routerConfig, lanes: "single" },
        expected: {
          verdict: "liveness",
          property: "ControlNeverStarved",
          distinctStates: 117,
          counterexampleStates: 7,
        },
        mustFail: true,
      },
      "refresh-on-drop": {
        doc: "Dedup that refreshes the entry of every dropped duplicate: an item re-announced every tick is dropped forever, long after its TTL.",
        config: { ...routerConfig, refreshOnDrop: true },
        expected: {
          verdict: "violation",
          property: "NoNonDuplicateDropped",
          distinctStates: 77,
          counterexampleStates: 6,
        },
        mustFail: true,
      },
    },
  }),
};

/**
 * Models that drive the protocol code (models/impl/, src/engine/checker/machine-model.ts). They
 * have no TLA+ twin: their state is the node code's own.
 */
export const IMPL_MODELS: Readonly<Record<string, RegisteredModel<unknown, unknown>>> = {
  P2PDenominator: register({
    model: p2pDenominator,
    configSchema: p2pDenominatorConfigSchema,
    defaultConfig: "corrected",
    configs: {
      corrected: {
        doc: "The p2p-small network (capacity 3, needs 2 and 2, gossip) for 1.5 s, any latency: the corrected provider never grants more than it has.",
        config: { ...p2pDenominatorConfig, scenario: { ...P2P_SMALL, duration: 1500 } },
        expected: { verdict: "ok", distinctStates: 866, depth: 15 },
      },
      seed: {
        doc: "The seed's provider, same bounds: R1 is granted 2; R2's request is delayed past the round reset (available = capacity again) and the provider grants 2 when it has 1.",
        config: {
          ...p2pDenominatorConfig,
          scenario: { ...P2P_SMALL, duration: 1500, p2p: { ...P2P_SMALL.p2p, provider: "seed" } },
        },
        expected: {
          verdict: "violation",
          property: "NeverGrantsMoreThanItHas",
          distinctStates: 41,
          counterexampleStates: 9,
        },
        mustFail: true,
      },
      "corrected-2000": {
        doc: "The corrected provider for 2 s (two rounds of each recipient), any latency.",
        config: { ...p2pDenominatorConfig, scenario: { ...P2P_SMALL, duration: 2000 } },
        expected: { verdict: "ok", distinctStates: 22798, depth: 19 },
        slow: true,
      },
      "p2p-small": {
        doc: "The built-in simulator scenario p2p-small exactly (latency 5–40 ms, 2.5 s): the configuration to validate its runs against (commons-spec trace validate … --config p2p-small).",
        config: { ...p2pDenominatorConfig, scenario: P2P_SMALL, latency: undefined },
        expected: { verdict: "ok", distinctStates: 20, depth: 15 },
      },
      "seed-p2p-small": {
        doc: "The seed's provider on p2p-small's own latencies (5–40 ms): R2 asks again after the round reset and is granted what R1 still holds.",
        config: {
          ...p2pDenominatorConfig,
          scenario: { ...P2P_SMALL, p2p: { ...P2P_SMALL.p2p, provider: "seed" } },
          latency: undefined,
        },
        expected: {
          verdict: "violation",
          property: "NeverGrantsMoreThanItHas",
          distinctStates: 19,
          counterexampleStates: 15,
        },
        mustFail: true,
      },
    },
  }),
  RouterNode: register({
    model: routerNode,
    configSchema: routerNodeConfigSchema,
    defaultConfig: "lanes",
    configs: {
      lanes: {
        doc: "Two peers announce one block to a router with segmented lanes (control 2, others 1) and a subscriber reading one event per tick; latency 1–10 ms.",
        config: { ...routerNodeConfig, latency: undefined },
        expected: { verdict: "ok", distinctStates: 809, depth: 16 },
      },
      "lanes-async": {
        doc: "The same with any latency: every arrival order.",
        config: routerNodeConfig,
        expected: { verdict: "ok", distinctStates: 24089, depth: 16 },
        slow: true,
      },
      "single-lane": {
        doc: "One shared channel of 2: the block's inventory overwrites a peer's connected event before the slow subscriber reads it.",
        config: {
          ...routerNodeConfig,
          latency: undefined,
          scenario: {
            ...ROUTER_SMALL,
            router: { ...ROUTER_SMALL.router, mode: "single", capacity: 2 },
          },
        },
        expected: {
          verdict: "violation",
          property: "ControlNeverLagged",
          distinctStates: 117,
          counterexampleStates: 10,
        },
        mustFail: true,
      },
    },
  }),
  V1Node: register({
    model: v1Node,
    configSchema: v1NodeConfigSchema,
    defaultConfig: "v1-small",
    configs: {
      "v1-small": {
        doc: "The built-in scenario v1-small exactly (P1, P2 with capacity 2, R needing 3, a triangle, 100 ms rounds, 50 % threshold, latency 5 ms, 250 ms): rounds within one, clocks sound, no declaration lost. The configuration to validate its runs against.",
        config: v1NodeConfig,
        expected: { verdict: "ok", distinctStates: 171, depth: 65 },
      },
      "full-threshold": {
        doc: "The same with the full threshold (catch up only when every active peer is in a later round): as with 50 %, rounds stay within one — the code advances on its round timer and only ever catches up to a round a peer already has, so no threshold lets two nodes leapfrog (V1Rounds' half does not reproduce).",
        config: {
          ...v1NodeConfig,
          scenario: { ...V1_SMALL, v1: { ...V1_SMALL.v1, threshold: 1 } },
        },
        expected: { verdict: "ok", distinctStates: 171, depth: 65 },
      },
      "late-recipient-full": {
        doc: "R starts 1.5 rounds late, full threshold: the providers' round-states reach it before its start and it catches up at once (a node hears only active peers, so one ahead suffices); rounds stay within one.",
        config: {
          ...v1NodeConfig,
          scenario: { ...v1SmallStartingAt("R", 150), v1: { ...V1_SMALL.v1, threshold: 1 } },
        },
        expected: { verdict: "ok", distinctStates: 167, depth: 61 },
      },
      "drop-1": {
        doc: "v1-small where the network may lose one message: rounds, clocks and the allocation checks still hold.",
        config: { ...v1NodeConfig, faults: { drops: 1, duplicates: 0 } },
        expected: { verdict: "ok", distinctStates: 3593, depth: 65 },
      },
      "duplicate-1": {
        doc: "v1-small where the network may deliver one message twice (the per-peer rule drops the copy).",
        config: { ...v1NodeConfig, faults: { drops: 0, duplicates: 1 } },
        expected: { verdict: "ok", distinctStates: 1872, depth: 67 },
      },
      "seed-stale-rule": {
        doc: "The seed's stale rule (a publication is stale when the sender's counter is ≤ my entry for it): a round-state and the commitment published with it carry the same clock, so whichever arrives second is dropped — P2 never holds P1's declaration.",
        config: {
          ...v1NodeConfig,
          scenario: { ...V1_SMALL, v1: { ...V1_SMALL.v1, staleRule: "seed" } },
        },
        expected: {
          verdict: "violation",
          property: "NoDeclarationLost",
          distinctStates: 14,
          counterexampleStates: 6,
        },
        mustFail: true,
      },
    },
  }),
  V2Node: register({
    model: v2Node,
    configSchema: v2NodeConfigSchema,
    defaultConfig: "v2-small",
    configs: {
      "v2-small": {
        doc: "The built-in scenario v2-small exactly (P with capacity 2, R1 and R2 needing 2 and 1, a triangle, latency 5 ms, 300 ms): ids disjoint and covering the seed, stamps monotone, allocations within capacity, no publication lost. The configuration to validate its runs against.",
        config: v2NodeConfig,
        expected: { verdict: "ok", distinctStates: 35, depth: 19 },
      },
      "latency-2-8": {
        doc: "v2-small with any latency in 2–8 ms: publications of different nodes arrive in every order.",
        config: { ...v2NodeConfig, latency: { min: 2, max: 8 } },
        expected: { verdict: "ok", distinctStates: 2207, depth: 19 },
      },
      "async-200": {
        doc: "v2-small for 200 ms on an asynchronous network (any delay): every node's first publication, in every order.",
        config: {
          ...v2NodeConfig,
          latency: { min: 0, max: null },
          scenario: { ...V2_SMALL, duration: 200 },
        },
        expected: { verdict: "ok", distinctStates: 2938, depth: 14 },
      },
      "drop-1": {
        doc: "v2-small where the network may lose one message.",
        config: { ...v2NodeConfig, faults: { drops: 1, duplicates: 0 } },
        expected: { verdict: "ok", distinctStates: 240, depth: 19 },
      },
      "duplicate-2": {
        doc: "v2-small where the network may deliver two messages twice (the per-peer rule drops the copies).",
        config: { ...v2NodeConfig, faults: { drops: 0, duplicates: 2 } },
        expected: { verdict: "ok", distinctStates: 1293, depth: 23 },
      },
      "seed-migration": {
        doc: "Seed 003's migration-guide stale rule, leq(peer, mine): a provider's commitment and allocation carry the same stamp, so once one is accepted (and its stamp joined) the other is stale — R1 loses P's commitment (or, in the other order, its grants).",
        config: {
          ...v2NodeConfig,
          scenario: { ...V2_SMALL, v2: { staleRule: "seed-migration" } },
        },
        expected: {
          verdict: "violation",
          property: "NoPublicationLost",
          distinctStates: 13,
          counterexampleStates: 9,
        },
        mustFail: true,
      },
    },
  }),
};

/** Names of the models of `MODELS` (the TLA+-style models with a twin in spec/), in order. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** Every model the CLI knows: the TLA+-style models, then those that drive the protocol code. */
export const CATALOGUE: Readonly<Record<string, RegisteredModel<unknown, unknown>>> = {
  ...MODELS,
  ...IMPL_MODELS,
};

/** Names of every model of the catalogue, in order. */
export const CATALOGUE_NAMES: readonly string[] = Object.keys(CATALOGUE);
