/**
 * ---------------------------- MODULE P2PDenominator ----------------------------
 * Seed 000's P2P asynchronous denominator algorithm, as the protocol code runs it: the model
 * drives src/core/protocols/denominator.ts — the recipients' rounds, requests, learning and
 * gossip, the provider's grant decision (`seed`: exactly as written, `corrected`: accounting
 * for every grant) — through `machineModel`, on a network given by a simulator scenario
 * (models/impl/scenario-config.ts). Messages may be delivered in any order and at any time the
 * latency bounds allow; randomness (start offsets, gossip partners) is the simulator's per-node
 * stream, so a simulator run of the same scenario is one behaviour of this model and
 * `commons-spec trace validate` follows it step by step.
 *
 * CONSTANTS  the scenario (nodes, capacities, needs, MR, p2p options, seed, duration),
 *            Latency, Faults, Checks                                               (config)
 * VARIABLES  now, nodes, unstarted, network, timers, draws, faults, last   (machine-model.ts)
 * Invariants: the node's own checks P2P-1…6 after every step, and HeldWithinCapacity across
 * nodes: what recipients hold from a provider plus its grants in flight ≤ its capacity.
 * ===============================================================================
 */
import {
  denominatorMachine,
  P2P_CHECK_IDS,
  type DenominatorState,
} from "../../src/core/protocols/denominator.js";
import type { P2PMessage } from "../../src/core/schemas/messages.js";
import {
  machineModel,
  type LiftedNode,
  type LiftedState,
} from "../../src/engine/checker/machine-model.js";
import { builtinScenario } from "../../src/engine/sim/builtins.js";
import { p2pParticipantState } from "../../src/engine/sim/run.js";
import type { Participant, Scenario, ScenarioInput } from "../../src/engine/sim/scenario.js";
import {
  liftedNetwork,
  scenarioConfigSchema,
  withScenarioSeed,
  type ScenarioModelConfig,
} from "./scenario-config.js";

export type P2PCheck = (typeof P2P_CHECK_IDS)[number];
export type P2PDenominatorConfig = ScenarioModelConfig<P2PCheck>;
export type P2PDenominatorState = LiftedState<DenominatorState, P2PMessage>;

export const p2pDenominatorConfigSchema = scenarioConfigSchema<P2PCheck>(
  "p2p",
  [...P2P_CHECK_IDS] as [P2PCheck, ...P2PCheck[]],
  (s) => (Array.isArray(s.nodes) ? [] : ["nodes: must be an explicit list of participants"]),
);

/** The nodes of a p2p scenario with an explicit participant list, exactly as the simulator builds them. */
export function p2pNodes(
  s: Extract<Scenario, { protocol: "p2p" }>,
): LiftedNode<DenominatorState>[] {
  return (s.nodes as Participant[]).map((p) => ({
    id: p.id,
    startAt: p.startAt ?? 0,
    state: p2pParticipantState(s, p),
  }));
}

/** HeldWithinCapacity: Σ over recipients of what they hold from P, plus P's grants in flight, ≤ P's capacity. */
function heldWithinCapacity(s: P2PDenominatorState): boolean {
  for (const p of Object.values(s.nodes)) {
    if (p.role !== "provider") continue;
    let held = 0;
    for (const r of Object.values(s.nodes))
      if (r.role === "recipient") held += r.providers[p.id]?.received ?? 0;
    for (const e of s.network)
      if (e.from === p.id && e.msg.type === "allocation_response") held += e.msg.allocated_amount;
    if (held > p.capacity + 1e-9 * Math.max(1, p.capacity)) return false;
  }
  return true;
}

export const p2pDenominator = machineModel<DenominatorState, P2PMessage, P2PDenominatorConfig>({
  name: "P2PDenominator",
  doc: "Seed 000's recipients and provider as the protocol code runs them (src/core/protocols/denominator.ts), on a small network under every message interleaving: does a provider ever grant more than it has? The seed's provider does (its round reset returns capacity recipients still hold); the corrected one does not.",
  machine: denominatorMachine,
  cite: "seed 000's recipient and provider, src/core/protocols/denominator.ts",
  network: (c) => liftedNetwork(c, "P2PDenominator", "p2p", (s) => ({ nodes: p2pNodes(s) })),
  checks: [
    {
      id: "P2P-2",
      name: "NeverGrantsMoreThanItHas",
      doc: "A grant never exceeds capacity − Σ grants still held (seed 000: 'a provider never grants more than it has')",
    },
    {
      id: "P2P-1",
      name: "CapacityConservation",
      doc: "A provider never has more granted and held than its capacity",
    },
    {
      id: "P2P-3",
      name: "GrantWithinRequest",
      doc: "A grant is at most the request's expected allocation and residual need",
    },
    {
      id: "P2P-4",
      name: "BookMatchesAvailable",
      doc: "The provider's available = capacity − Σ current_allocations (its own bookkeeping)",
    },
    {
      id: "P2P-5",
      name: "ResidualIsNeedMinusSatisfaction",
      doc: "A recipient's residual = max(0, need − satisfaction)",
    },
    {
      id: "P2P-6",
      name: "EstimatesFinite",
      doc: "Denominator estimates stay finite and non-negative",
    },
  ],
  invariants: [
    {
      name: "HeldWithinCapacity",
      doc: "Across nodes: what the recipients hold from a provider plus its grants in flight never exceeds its capacity.",
      holds: heldWithinCapacity,
    },
  ],
  withSeed: withScenarioSeed,
});

/** The network of the built-in scenario p2p-small (1 provider of capacity 3, needs 3 and 2). */
export const P2P_SMALL: Extract<ScenarioInput, { protocol: "p2p" }> = (() => {
  const b = builtinScenario("p2p-small");
  if (b === undefined || "compare" in b.document || b.document.protocol !== "p2p")
    throw new Error("the built-in scenario p2p-small is missing");
  return b.document;
})();

const ALL_CHECKS: readonly P2PCheck[] = [...P2P_CHECK_IDS];

/** Asynchronous: any message may be delayed past any later event (the latency has no bound). */
export const p2pDenominatorConfig: P2PDenominatorConfig = {
  scenario: P2P_SMALL,
  latency: { min: 0, max: null },
  faults: { drops: 0, duplicates: 0 },
  checks: ALL_CHECKS,
};
