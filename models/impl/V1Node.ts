/**
 * -------------------------------- MODULE V1Node --------------------------------
 * The V1 commons protocol (seeds 001/002) as the protocol code runs it: the model drives
 * src/core/protocols/v1-node.ts — rounds on a round timer, round-state and commitment
 * publications with vector clocks, the provider's computation at `computeAt`, the recipient's
 * aggregation at `aggregateAt`, the catch-up to the round a threshold of active peers has
 * reached, the causal (stale-update) rule — through `machineModel`, on a V1 scenario of
 * `commons-spec simulate` with a few participants (models/impl/commons-nodes.ts builds them as
 * the simulator does). Broadcasts go to the scenario graph's neighbours.
 *
 * CONSTANTS  the scenario (participants, V1 options, graph, seed, duration), Latency, Faults,
 *            Checks                                                                (config)
 * VARIABLES  now, nodes, unstarted, network, timers, draws, faults, last   (machine-model.ts)
 * Invariants: the node's own checks (V1-1, ALLOC-CAP-1, ALLOC-CONTRACT-1/2, ALLOC-REF-1) after
 * every step, and across nodes
 *   RoundsWithinOne  the rounds of started nodes differ by at most one (V1Rounds' invariant,
 *                    here on the code's rule: advance on the round timer, catch up to the round
 *                    that `threshold` of the active peers have reached);
 *   ClocksSound      no node's vector clock counts more events of j than j has had;
 *   PeerRoundsSound  no node believes a peer to be in a later round than it is;
 *   NoDeclarationLost  unless the network dropped a message, a node holds the declaration of
 *                    every neighbour that has published one once no commitment from that
 *                    neighbour is in flight (seed 001: the commitment is what providers
 *                    allocate over).
 * ===============================================================================
 */
import { cmpStr } from "../../src/core/order.js";
import {
  v1Init,
  v1Machine,
  type V1Message,
  type V1State,
} from "../../src/core/protocols/v1-node.js";
import * as vclock from "../../src/core/vclock.js";
import {
  machineModel,
  type LiftedNode,
  type LiftedState,
} from "../../src/engine/checker/machine-model.js";
import { builtinScenario } from "../../src/engine/sim/builtins.js";
import type { Scenario, ScenarioInput } from "../../src/engine/sim/scenario.js";
import {
  ALLOCATION_CHECKS,
  commonsNetwork,
  commonsProblems,
  definedOptions,
  SIM_EPOCH_MS,
} from "./commons-nodes.js";
import {
  liftedNetwork,
  scenarioConfigSchema,
  scenarioOf,
  withScenarioSeed,
  type ScenarioModelConfig,
} from "./scenario-config.js";

export const V1_CHECK_IDS = [
  "V1-1",
  "ALLOC-CAP-1",
  "ALLOC-CONTRACT-1",
  "ALLOC-CONTRACT-2",
  "ALLOC-REF-1",
] as const;
export type V1Check = (typeof V1_CHECK_IDS)[number];
export type V1NodeConfig = ScenarioModelConfig<V1Check>;
export type V1NodeState = LiftedState<V1State, V1Message>;

export const v1NodeConfigSchema = scenarioConfigSchema<V1Check>(
  "v1",
  [...V1_CHECK_IDS],
  commonsProblems,
);

/** The V1 nodes of a scenario with an explicit participant list, exactly as the simulator builds them. */
export function v1Nodes(s: Extract<Scenario, { protocol: "v1" }>): LiftedNode<V1State>[] {
  const options = { epsilon: s.epsilon, ...definedOptions(s.v1), epochMs: SIM_EPOCH_MS };
  return commonsNetwork(s).participants.map((p) => ({
    id: p.id,
    startAt: p.startAt,
    state: v1Init({ spec: p.spec, options }),
  }));
}

const started = (s: V1NodeState): string[] =>
  Object.keys(s.nodes)
    .filter((id) => !s.unstarted.includes(id) && s.nodes[id]?.status === "active")
    .sort(cmpStr);

/** RoundsWithinOne: the rounds of started, active nodes differ by at most one. */
function roundsWithinOne(s: V1NodeState): boolean {
  const rounds = started(s).map((id) => (s.nodes[id] as V1State).round);
  return rounds.length === 0 || Math.max(...rounds) - Math.min(...rounds) <= 1;
}

/** ClocksSound: vc_i[j] ≤ vc_j[j] for all nodes i, j. */
function clocksSound(s: V1NodeState): boolean {
  for (const i of Object.values(s.nodes))
    for (const j of Object.values(s.nodes))
      if (vclock.get(i.vc, j.id) > vclock.get(j.vc, j.id)) return false;
  return true;
}

/** PeerRoundsSound: what i believes of j's round is at most j's round. */
function peerRoundsSound(s: V1NodeState): boolean {
  for (const i of Object.values(s.nodes))
    for (const j of Object.keys(i.peerRounds))
      if ((i.peerRounds[j]?.round ?? 0) > (s.nodes[j]?.round ?? Infinity)) return false;
  return true;
}

export const v1Node = machineModel<V1State, V1Message, V1NodeConfig>({
  name: "V1Node",
  doc: "The V1 commons node of seeds 001/002 as the protocol code runs it (src/core/protocols/v1-node.ts): rounds on a timer, catch-up at a threshold of active peers, vector clocks and the stale-update rule, on a small network under every interleaving the latency bounds allow. Rounds stay within one of each other whatever the threshold (the code never leapfrogs: it only catches up to a round a peer already has); the seed's stale rule loses declarations.",
  machine: v1Machine,
  cite: "seed 001/002's V1 round node, src/core/protocols/v1-node.ts",
  network: (c) =>
    liftedNetwork(c, "V1Node", "v1", (s) => ({
      nodes: v1Nodes(s),
      neighbours: commonsNetwork(s).neighbours,
    })),
  checks: [
    {
      id: "V1-1",
      name: "ClockAndRoundMonotone",
      doc: "A node's vector clock and round never go backwards (seed 001: self increment before publishing)",
    },
    ...ALLOCATION_CHECKS,
  ],
  invariants: [
    {
      name: "RoundsWithinOne",
      doc: "The rounds of the started nodes differ by at most one (V1Rounds' RoundsWithinOne, on the code's advancement rule).",
      holds: roundsWithinOne,
    },
    {
      name: "ClocksSound",
      doc: "No node's vector clock counts more events of a node j than j has had (clocks merge by pointwise maximum of clocks that were sent).",
      holds: clocksSound,
    },
    {
      name: "PeerRoundsSound",
      doc: "No node believes a peer to be in a later round than the peer is (round-states are true when sent and rounds never go back).",
      holds: peerRoundsSound,
    },
    {
      name: "NoDeclarationLost",
      doc: "Unless the network dropped a message: once no commitment from a neighbour j is in flight to i and j has published (entered a round), i holds j's declaration.",
      holds: (s, c) => {
        if (s.faults.drops > 0) return true;
        return noDeclarationLost(s, neighboursOf(c));
      },
    },
  ],
  // Options never change; they are part of the configuration, not of the state.
  fingerprint: (s) => ({ ...s, options: undefined }),
  withSeed: withScenarioSeed,
});

const neighbourCache = new WeakMap<object, Readonly<Record<string, readonly string[]>>>();

/** The scenario graph's neighbours of a configuration (computed once per configuration object). */
function neighboursOf(c: V1NodeConfig): Readonly<Record<string, readonly string[]>> {
  let nb = neighbourCache.get(c);
  if (nb === undefined) {
    nb = commonsNetwork(scenarioOf(c)).neighbours;
    neighbourCache.set(c, nb);
  }
  return nb;
}

function noDeclarationLost(
  s: V1NodeState,
  neighbours: Readonly<Record<string, readonly string[]>>,
): boolean {
  for (const j of Object.keys(s.nodes)) {
    const nj = s.nodes[j] as V1State;
    if (vclock.get(nj.vc, j) === 0) continue; // j has not entered a round: published nothing
    for (const i of neighbours[j] ?? []) {
      const ni = s.nodes[i];
      if (ni === undefined || ni.peers[j] !== undefined) continue;
      const inFlight = s.network.some(
        (e) => e.from === j && e.to === i && e.msg.type === "commitment",
      );
      if (!inFlight) return false;
    }
  }
  return true;
}

/** The built-in scenario v1-small (P1, P2 with capacity 2, R needing 3, 100 ms rounds). */
export const V1_SMALL: Extract<ScenarioInput, { protocol: "v1" }> = (() => {
  const b = builtinScenario("v1-small");
  if (b === undefined || "compare" in b.document || b.document.protocol !== "v1")
    throw new Error("the built-in scenario v1-small is missing");
  return b.document;
})();

/** v1-small with participant `id` starting at `startAt` (ms). */
export function v1SmallStartingAt(
  id: string,
  startAt: number,
): Extract<ScenarioInput, { protocol: "v1" }> {
  const nodes = V1_SMALL.nodes;
  if (!Array.isArray(nodes)) throw new Error("v1-small lists its participants");
  return { ...V1_SMALL, nodes: nodes.map((n) => (n.id === id ? { ...n, startAt } : n)) };
}

export const v1NodeConfig: V1NodeConfig = {
  scenario: V1_SMALL,
  faults: { drops: 0, duplicates: 0 },
  checks: [...V1_CHECK_IDS],
};
