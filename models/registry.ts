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
import {
  denominatorGossip,
  denominatorGossipConfig,
  denominatorGossipConfigSchema,
} from "./DenominatorGossip.js";
import { itcCausality, itcCausalityConfig, itcCausalityConfigSchema } from "./ItcCausality.js";
import { router, routerConfig, routerConfigSchema } from "./Router.js";
import {
  slotAllocation,
  slotAllocationConfig,
  slotAllocationConfigSchema,
} from "./SlotAllocation.js";
import { v1Rounds, v1RoundsConfig, v1RoundsConfigSchema } from "./V1Rounds.js";

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
}

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

/** Model names, in catalogue order. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);
