/**
 * The participants and the graph of a V1 or V2 scenario with an explicit participant list, built
 * exactly as the simulator builds them (src/engine/sim/run.ts: `commonsParticipants`, `specOf`,
 * the options `{epsilon, ...v1|v2, epochMs}`): one capacity slot `s` and one need slot `n` per
 * participant, its recognition weights as given, the graph of `buildGraph` with the run's
 * "population" stream. The models that drive the V1 and V2 nodes (V1Node, V2Node) share it; a
 * divergence from the simulator shows as a simulator trace the model does not explain.
 */
import type { ParticipantSpec } from "../../src/core/protocols/participant.js";
import { Rng } from "../../src/engine/sim/rng.js";
import type { Participant, Scenario } from "../../src/engine/sim/scenario.js";
import { adjacencyOf, buildGraph } from "../../src/engine/sim/topology.js";

/** Virtual time 0 in epoch ms (the simulator's, and the nodes' default). */
export const SIM_EPOCH_MS = 1_700_000_000_000;

/** At most this many participants: beyond, their interleavings are too many to explore. */
export const MAX_COMMONS_NODES = 4;

export interface CommonsParticipant {
  readonly id: string;
  readonly spec: ParticipantSpec;
  readonly startAt: number;
}

export interface CommonsNetwork {
  /** In the scenario's order (the simulator's node indices). */
  readonly participants: readonly CommonsParticipant[];
  /** Neighbours of each node in the scenario's graph (where `broadcast` goes). */
  readonly neighbours: Readonly<Record<string, readonly string[]>>;
}

/** What a V1 / V2 model cannot represent of a scenario (an empty list: nothing). */
export function commonsProblems(s: Scenario): string[] {
  if (!Array.isArray(s.nodes)) return ["nodes: must be an explicit list of participants"];
  const n = (s.nodes as Participant[]).length;
  return n > MAX_COMMONS_NODES ? [`nodes: at most ${MAX_COMMONS_NODES} participants`] : [];
}

/** The participants and graph of a scenario with an explicit participant list (see the module comment). */
export function commonsNetwork(s: Scenario): CommonsNetwork {
  if (!Array.isArray(s.nodes)) throw new Error("the scenario's nodes must be an explicit list");
  const ps = s.nodes as Participant[];
  const ids = ps.map((p) => p.id);
  const weights = Object.fromEntries(ps.map((p) => [p.id, p.recognition]));
  // The simulator draws the graph from Rng.derive(seed, "population"); explicit participants
  // draw nothing before it.
  const graph = buildGraph(s.topology, ids, Rng.derive(s.seed, "population"), weights);
  const adj = adjacencyOf(graph, ids);
  const neighbours: Record<string, string[]> = {};
  ids.forEach((id, i) => {
    neighbours[id] = (adj[i] ?? []).map((j) => ids[j] as string);
  });
  return {
    participants: ps.map((p) => ({
      id: p.id,
      spec: {
        pubKey: p.id,
        capacity_slots: p.capacity > 0 ? [{ id: "s", quantity: p.capacity }] : [],
        need_slots: p.need > 0 ? [{ id: "n", quantity: p.need }] : [],
        recognition_weights: { ...p.recognition },
      },
      startAt: p.startAt ?? 0,
    })),
    neighbours,
  };
}

/** The object without its undefined properties (the simulator's `defined`). */
export function definedOptions<T extends object>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The allocation checks every commons node runs after each step, as model invariants. */
export const ALLOCATION_CHECKS = [
  {
    id: "ALLOC-CAP-1",
    name: "CapacityConservation",
    doc: "Per capacity slot, Σ granted ≤ the slot's quantity",
  },
  {
    id: "ALLOC-CONTRACT-1",
    name: "ContractivePerNeedSlot",
    doc: "Per need slot, Σ granted over all the provider's slots ≤ its quantity",
  },
  {
    id: "ALLOC-CONTRACT-2",
    name: "ContractivePerRecipient",
    doc: "Per recipient, Σ granted ≤ its (residual) need",
  },
  {
    id: "ALLOC-REF-1",
    name: "GrantsWellFormed",
    doc: "Every grant names an existing slot and recipient and is finite and ≥ 0",
  },
] as const;
