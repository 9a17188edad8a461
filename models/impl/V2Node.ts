/**
 * -------------------------------- MODULE V2Node --------------------------------
 * The V2 commons protocol (seed 003) as the protocol code runs it: the model drives
 * src/core/protocols/v2-node.ts — publications stamped with Interval Tree Clocks, the
 * stale-update rule, the join of accepted stamps, the debounced recompute, the provider's
 * allocation and the recipient's aggregation — through `machineModel`, on a V2 scenario of
 * `commons-spec simulate` with a few participants (models/impl/commons-nodes.ts builds them as
 * the simulator does; their ids are the ITC seed forked once per node, as in the simulator).
 * Broadcasts go to the scenario graph's neighbours.
 *
 * CONSTANTS  the scenario (participants, V2 options, graph, seed, duration), Latency, Faults,
 *            Checks                                                                (config)
 * VARIABLES  now, nodes, unstarted, network, timers, draws, faults, last   (machine-model.ts)
 * Invariants: the node's own checks (V2-1, ALLOC-CAP-1, ALLOC-CONTRACT-1/2, ALLOC-REF-1) after
 * every step, and across nodes
 *   IdsDisjoint       the ITC ids of any two nodes share no part of the interval (seed 003:
 *                     each participant owns its id; joining a peer's stamp must not merge ids);
 *   IdsCoverSeed      the nodes' ids together are still the whole seed id (nothing lost);
 *   NoPublicationLost unless the network dropped a message: once no commitment (allocation)
 *                     from a neighbour j is in flight to i, i holds j's last published
 *                     declaration (the grants j last published for i).
 * ===============================================================================
 */
import { cmpStr } from "../../src/core/order.js";
import * as itc from "../../src/core/itc/index.js";
import type { Id } from "../../src/core/itc/index.js";
import { disjoint, equalsId, sum } from "../../src/core/itc/ids.js";
import {
  v2Init,
  v2Machine,
  type V2Message,
  type V2State,
} from "../../src/core/protocols/v2-node.js";
import { canonicalText } from "../../src/engine/checker/fingerprint.js";
import {
  machineModel,
  type LiftedNode,
  type LiftedState,
} from "../../src/engine/checker/machine-model.js";
import { builtinScenario } from "../../src/engine/sim/builtins.js";
import { forkStamps } from "../../src/engine/sim/run.js";
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

export const V2_CHECK_IDS = [
  "V2-1",
  "ALLOC-CAP-1",
  "ALLOC-CONTRACT-1",
  "ALLOC-CONTRACT-2",
  "ALLOC-REF-1",
] as const;
export type V2Check = (typeof V2_CHECK_IDS)[number];
export type V2NodeConfig = ScenarioModelConfig<V2Check>;
export type V2NodeState = LiftedState<V2State, V2Message>;

export const v2NodeConfigSchema = scenarioConfigSchema<V2Check>(
  "v2",
  [...V2_CHECK_IDS],
  commonsProblems,
);

/** The V2 nodes of a scenario with an explicit participant list, exactly as the simulator builds them. */
export function v2Nodes(s: Extract<Scenario, { protocol: "v2" }>): LiftedNode<V2State>[] {
  const options = { epsilon: s.epsilon, ...definedOptions(s.v2), epochMs: SIM_EPOCH_MS };
  const ps = commonsNetwork(s).participants;
  const stamps = forkStamps(ps.length);
  return ps.map((p, i) => {
    const stamp = stamps[i];
    if (stamp === undefined) throw new Error("forkStamps returned too few stamps");
    return { id: p.id, startAt: p.startAt, state: v2Init({ spec: p.spec, stamp, options }) };
  });
}

const neighbourCache = new WeakMap<object, Readonly<Record<string, readonly string[]>>>();

/** The scenario graph's neighbours of a configuration (computed once per configuration object). */
function neighboursOf(c: V2NodeConfig): Readonly<Record<string, readonly string[]>> {
  let nb = neighbourCache.get(c);
  if (nb === undefined) {
    nb = commonsNetwork(scenarioOf(c)).neighbours;
    neighbourCache.set(c, nb);
  }
  return nb;
}

const ids = (s: V2NodeState): Id[] => {
  const out: Id[] = [];
  for (const k of Object.keys(s.nodes).sort(cmpStr)) {
    const st = s.nodes[k]?.stamp;
    if (st !== null && st !== undefined) out.push(st.id);
  }
  return out;
};

/** IdsDisjoint: no two nodes' ids overlap. */
function idsDisjoint(s: V2NodeState): boolean {
  const xs = ids(s);
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) if (!disjoint(xs[i] as Id, xs[j] as Id)) return false;
  return true;
}

/** IdsCoverSeed: the sum of the (disjoint) ids is the seed id 1. */
function idsCoverSeed(s: V2NodeState): boolean {
  if (!idsDisjoint(s)) return true; // IdsDisjoint reports it; `sum` needs disjoint ids.
  let acc: Id = 0;
  for (const id of ids(s)) acc = sum(acc, id, "IdsCoverSeed");
  return equalsId(acc, itc.seed().id);
}

const same = (a: unknown, b: unknown): boolean =>
  a === b ||
  (typeof a === "object" &&
    a !== null &&
    typeof b === "object" &&
    b !== null &&
    canonicalText(a) === canonicalText(b));

const isEmpty = (g: Readonly<Record<string, number>> | undefined): boolean =>
  g === undefined || Object.keys(g).length === 0;

/** NoPublicationLost (see the module comment). */
function noPublicationLost(
  s: V2NodeState,
  neighbours: Readonly<Record<string, readonly string[]>>,
): boolean {
  if (s.faults.drops > 0) return true;
  for (const j of Object.keys(s.nodes)) {
    const nj = s.nodes[j] as V2State;
    for (const i of neighbours[j] ?? []) {
      const ni = s.nodes[i];
      if (ni === undefined || ni.status !== "active") continue;
      const flying = (type: V2Message["type"]) =>
        s.network.some((e) => e.from === j && e.to === i && e.msg.type === type);
      if (nj.published !== null && !flying("commitment")) {
        if (!same(ni.peers[j]?.decl, nj.published)) return false;
      }
      if (nj.publishedGrants !== null && !flying("allocation")) {
        const held = ni.allocs[j]?.grants;
        const sent = nj.publishedGrants[i];
        if (!(isEmpty(held) && isEmpty(sent)) && !same(held, sent)) return false;
      }
    }
  }
  return true;
}

export const v2Node = machineModel<V2State, V2Message, V2NodeConfig>({
  name: "V2Node",
  doc: "The V2 commons node of seed 003 as the protocol code runs it (src/core/protocols/v2-node.ts): ITC-stamped publications, the stale-update rule, joined stamps and the debounced recompute, on a small network under every interleaving the latency bounds allow. Ids stay disjoint and cover the seed, allocations respect capacity, and with the per-peer stale rule no publication is lost; the seed's migration rule loses a provider's allocation.",
  machine: v2Machine,
  cite: "seed 003's V2 node, src/core/protocols/v2-node.ts",
  network: (c) =>
    liftedNetwork(c, "V2Node", "v2", (s) => ({
      nodes: v2Nodes(s),
      neighbours: commonsNetwork(s).neighbours,
    })),
  checks: [
    {
      id: "V2-1",
      name: "StampMonotone",
      doc: "A node's own ITC stamp never goes backwards (seed 003: self increment before publishing, join on accept)",
    },
    ...ALLOCATION_CHECKS,
  ],
  invariants: [
    {
      name: "IdsDisjoint",
      doc: "The ITC ids of any two nodes share no part of the interval (joining a peer's stamp never merges ids).",
      holds: idsDisjoint,
    },
    {
      name: "IdsCoverSeed",
      doc: "The nodes' ids together are the whole seed id: no part of the interval is lost.",
      holds: idsCoverSeed,
    },
    {
      name: "NoPublicationLost",
      doc: "Unless the network dropped a message: once no commitment (allocation) from a neighbour j is in flight to i, i holds j's last published declaration (the grants j last published for i).",
      holds: (s, c) => noPublicationLost(s, neighboursOf(c)),
    },
  ],
  // Options never change; they are part of the configuration, not of the state.
  fingerprint: (s) => ({ ...s, options: undefined }),
  withSeed: withScenarioSeed,
});

/** The built-in scenario v2-small (P with capacity 2, R1 and R2 needing 2 and 1). */
export const V2_SMALL: Extract<ScenarioInput, { protocol: "v2" }> = (() => {
  const b = builtinScenario("v2-small");
  if (b === undefined || "compare" in b.document || b.document.protocol !== "v2")
    throw new Error("the built-in scenario v2-small is missing");
  return b.document;
})();

export const v2NodeConfig: V2NodeConfig = {
  scenario: V2_SMALL,
  faults: { drops: 0, duplicates: 0 },
  checks: [...V2_CHECK_IDS],
};
