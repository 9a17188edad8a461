/**
 * ------------------------------ MODULE RouterNode ------------------------------
 * Seed 004's message router as the protocol code runs it: the model drives
 * src/core/protocols/router.ts — peers announcing a burst of blocks (connected, inv, headers,
 * block, tx, ping) and the router's bounded broadcast channel(s), dedup cache and per-tick
 * subscribers — through `machineModel`, on a router scenario of `commons-spec simulate` scaled
 * down to a few peers. Events reach the router in any order the latency bounds allow.
 *
 * CONSTANTS  the scenario (peers, blocks, channel mode and capacities, dedup, subscribers,
 *            seed, duration), Latency, Faults, Checks                              (config)
 * VARIABLES  now, nodes, unstarted, network, timers, draws, faults, last   (machine-model.ts)
 * Invariants: the router's own checks ROUTER-1…3 after every step, and ControlNeverLagged: no
 * subscriber ever loses a control event (seed 004's reason for segmented lanes).
 * ===============================================================================
 */
import {
  LANES,
  routerMachine,
  type AppendLog,
  type PeerEvent,
  type RouterNodeState,
  type RouterState,
} from "../../src/core/protocols/router.js";
import {
  machineModel,
  type LiftedNode,
  type LiftedState,
} from "../../src/engine/checker/machine-model.js";
import { routerScenarioNodes } from "../../src/engine/sim/run.js";
import type { Population, Scenario, ScenarioInput } from "../../src/engine/sim/scenario.js";
import {
  liftedNetwork,
  scenarioConfigSchema,
  withScenarioSeed,
  type ScenarioModelConfig,
} from "./scenario-config.js";

export const ROUTER_CHECK_IDS = ["ROUTER-1", "ROUTER-2", "ROUTER-3"] as const;
export type RouterCheck = (typeof ROUTER_CHECK_IDS)[number];
export type RouterNodeConfig = ScenarioModelConfig<RouterCheck>;
export type RouterNodeModelState = LiftedState<RouterNodeState, PeerEvent>;

/** At most this many peers: beyond, the interleavings of their events are too many to explore. */
export const MAX_ROUTER_PEERS = 4;

export const routerNodeConfigSchema = scenarioConfigSchema<RouterCheck>(
  "router",
  [...ROUTER_CHECK_IDS],
  (s) => {
    const n = Array.isArray(s.nodes) ? s.nodes.length : (s.nodes as Population).count;
    return n > MAX_ROUTER_PEERS ? [`nodes: at most ${MAX_ROUTER_PEERS} peers`] : [];
  },
);

/** The router and its peers of a router scenario, exactly as the simulator builds them. */
export function routerNodes(
  s: Extract<Scenario, { protocol: "router" }>,
): LiftedNode<RouterNodeState>[] {
  return routerScenarioNodes(s).map((n) => ({ ...n, startAt: 0 }));
}

/** A log trimmed to its length, in a fresh array (the router appends in place). */
function ownLog<T>(l: AppendLog<T>): AppendLog<T> {
  return { items: l.items.slice(0, l.length), length: l.length };
}

function ownRouter(s: RouterState): RouterState {
  const channels: Record<string, RouterState["channels"][string]> = {};
  for (const c of Object.keys(s.channels)) {
    const ch = s.channels[c] as RouterState["channels"][string];
    channels[c] = { ...ch, log: ownLog(ch.log) };
  }
  const latencies = { ...s.latencies };
  for (const l of LANES) latencies[l] = ownLog(s.latencies[l]);
  return { ...s, channels, latencies };
}

export const routerNode = machineModel<RouterNodeState, PeerEvent, RouterNodeConfig>({
  name: "RouterNode",
  doc: "Seed 004's router as the protocol code runs it (src/core/protocols/router.ts): a few peers' burst of announcements reaches the router in every order; the channels never overflow, every event is accounted for, and with one shared channel a slow subscriber loses control events that segmented lanes keep.",
  machine: routerMachine,
  cite: "seed 004's router and peers, src/core/protocols/router.ts",
  network: (c) =>
    liftedNetwork(c, "RouterNode", "router", (s) => {
      const nodes = routerNodes(s);
      const peers = nodes.slice(1).map((n) => n.id);
      return {
        nodes,
        neighbours: { router: peers, ...Object.fromEntries(peers.map((id) => [id, ["router"]])) },
      };
    }),
  checks: [
    {
      id: "ROUTER-1",
      name: "ChannelsWithinCapacity",
      doc: "No channel ever holds more than its capacity",
    },
    {
      id: "ROUTER-2",
      name: "EveryEventAccounted",
      doc: "Per subscriber and channel: delivered + lagged + pending = emitted",
    },
    {
      id: "ROUTER-3",
      name: "DropsOnlyWithinTtl",
      doc: "A dropped duplicate was seen within the TTL",
    },
  ],
  invariants: [
    {
      name: "ControlNeverLagged",
      doc: "No subscriber ever loses a control event (connected, ping) to an overflowing channel (seed 004, Scenario B).",
      holds: (s) => {
        const r = s.nodes["router"];
        return r === undefined || r.role !== "router" || r.laggedByLane.control === 0;
      },
    },
  ],
  own: (s) => (s.role === "router" ? ownRouter(s) : s),
  fingerprint: (s) =>
    s.role === "router"
      ? // The options never change; the dedup cache's order is its LRU order, which matters.
        { ...s, options: undefined, dedupCache: [...s.dedupCache] }
      : { ...s, config: undefined },
  withSeed: withScenarioSeed,
});

/** Two peers announce one block (inventory, headers, block data) to a router read by a slow subscriber. */
export const ROUTER_SMALL: Extract<ScenarioInput, { protocol: "router" }> = {
  name: "router-small",
  protocol: "router",
  seed: 1,
  duration: 200,
  nodes: { count: 2 },
  topology: { kind: "star" },
  network: { latency: { dist: "uniform", min: 1, max: 10 } },
  router: {
    mode: "segmented",
    laneCapacity: { control: 2, sync: 1, inventory: 1, data: 1 },
    dedup: "drop",
    dedupTtlMs: 100,
    dedupCapacity: 2,
    subscribers: [{ name: "sync", perTick: 1 }],
    tickMs: 10,
    blocks: 1,
    blockIntervalMs: 5,
    txPerBlock: 0,
    pingMs: 0,
    burstStartMs: 5,
  },
};

export const routerNodeConfig: RouterNodeConfig = {
  scenario: ROUTER_SMALL,
  latency: { min: 0, max: null },
  faults: { drops: 0, duplicates: 0 },
  checks: [...ROUTER_CHECK_IDS],
};
