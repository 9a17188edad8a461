/**
 * Runs a scenario (SPEC.md §Simulation): builds the participants, the topology, the network and
 * the fault schedule from the scenario and its seed, runs the simulator, and reports
 * convergence, messages, stamp sizes, topology and the outcome of every safety check.
 */
import { runDynamics, type DynamicsNetwork } from "../../core/dynamics.js";
import * as itc from "../../core/itc/index.js";
import type { Stamp } from "../../core/itc/index.js";
import {
  denominatorMachine,
  providerInit,
  recipientInit,
  tamperP2P,
  type DenominatorState,
  type ProviderState,
  type RecipientState,
} from "../../core/protocols/denominator.js";
import { dishonestMachine, type DishonestStrategy } from "../../core/protocols/dishonest.js";
import type { LogValue, NodeMachine } from "../../core/protocols/machine.js";
import type { ParticipantSpec } from "../../core/protocols/participant.js";
import {
  routerInit,
  routerMachine,
  routerMetrics,
  routerPeerInit,
  routerRecommendation,
  type RouterMetrics,
  type RouterNodeState,
  type RouterState,
} from "../../core/protocols/router.js";
import { v1Init, v1Machine, type V1State } from "../../core/protocols/v1-node.js";
import { tamperV2, v2Init, v2Machine, type V2State } from "../../core/protocols/v2-node.js";
import type { P2PMessage } from "../../core/schemas/messages.js";
import * as vclock from "../../core/vclock.js";
import type { ItfTrace } from "../trace/itf.js";
import { changeObserver, injectionsOf, planNeedChanges } from "./need-changes.js";
import { Network, type LinkModel } from "./network.js";
import { Rng } from "./rng.js";
import type { Participant, Population, Scenario } from "./scenario.js";
import {
  simulate,
  type ChurnEvent,
  type IdSpaceAccount,
  type SimNodeInit,
  type SimResult,
  type SpawnRequest,
  type ViolationRecord,
} from "./simulator.js";
import {
  adjacencyOf,
  buildGraph,
  liveTopologyStats,
  topologyStats,
  type TopologyStats,
} from "./topology.js";
import { dict, own } from "../../core/dict.js";

/** The safety checks each protocol runs at every step (SPEC.md §Simulation). */
export const PROTOCOL_CHECKS: Readonly<
  Record<Scenario["protocol"], readonly (readonly [string, string])[]>
> = {
  v2: [
    ["ALLOC-CAP-1", "capacity conservation: per slot, Σ granted ≤ slot quantity"],
    ["ALLOC-CONTRACT-1", "contractiveness per need slot (over all the provider's slots)"],
    ["ALLOC-CONTRACT-2", "contractiveness per recipient: Σ granted ≤ its (residual) need"],
    ["ALLOC-REF-1", "every grant names an existing slot and recipient, finite and ≥ 0"],
    ["V2-1", "a node's own ITC stamp never goes backwards"],
    [
      "ITC-ID-1",
      "(at the run's end) ITC id space lost only to crashes, dropped messages, heirless leavers",
    ],
  ],
  v1: [
    ["ALLOC-CAP-1", "capacity conservation: per slot, Σ granted ≤ slot quantity"],
    ["ALLOC-CONTRACT-1", "contractiveness per need slot (over all the provider's slots)"],
    ["ALLOC-CONTRACT-2", "contractiveness per recipient: Σ granted ≤ its (residual) need"],
    ["ALLOC-REF-1", "every grant names an existing slot and recipient, finite and ≥ 0"],
    ["V1-1", "a node's vector clock and round never go backwards"],
  ],
  p2p: [
    ["P2P-1", "capacity conservation: Σ grants held by recipients ≤ the provider's capacity"],
    ["P2P-2", "a provider never grants more than it has (capacity − Σ outstanding)"],
    ["P2P-3", "a grant never exceeds the request's residual need or expected allocation"],
    ["P2P-4", "the provider's available = capacity − Σ current_allocations (its own bookkeeping)"],
    ["P2P-5", "a recipient's residual = max(0, need − satisfaction)"],
    ["P2P-6", "denominator estimates are finite and non-negative"],
  ],
  router: [
    ["ROUTER-1", "no channel holds more than its capacity"],
    ["ROUTER-2", "per subscriber and channel: delivered + lagged + pending = emitted"],
    ["ROUTER-3", "a dropped duplicate was seen within the TTL"],
  ],
};

export interface CheckOutcome {
  readonly id: string;
  readonly title: string;
  readonly held: boolean;
  readonly violations: number;
  readonly first?: ViolationRecord;
}

export interface Convergence {
  /** Did the run reach the protocol's notion of convergence? */
  readonly converged: boolean;
  /** Virtual time (ms) at which it did (last significant change / quiescence / round). */
  readonly time: number | null;
  /** Rounds, where the protocol has rounds. */
  readonly rounds: number | null;
  /** Messages sent up to that time. */
  readonly messages: number | null;
  readonly notes: readonly string[];
}

export interface StampStats {
  readonly kind: "itc" | "vclock";
  readonly nodes: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly protocol: Scenario["protocol"];
  readonly seed: number;
  readonly replay: string;
  readonly duration: number;
  readonly endTime: number;
  readonly wallMs: number;
  readonly nodes: {
    readonly initial: number;
    readonly alive: number;
    readonly joins: number;
    readonly leaves: number;
    readonly crashes: number;
    readonly dishonest: number;
  };
  readonly topology: TopologyStats;
  readonly topologyAfterChurn?: TopologyStats;
  readonly events: number;
  readonly messages: SimResult<unknown>["messages"];
  readonly sentByKind: Readonly<Record<string, number>>;
  readonly deliveredByKind: Readonly<Record<string, number>>;
  readonly convergence: Convergence;
  readonly stamps?: StampStats;
  /** V2: where the ITC id space is at the end of the run (ITC-ID-1). */
  readonly idSpace?: IdSpaceAccount;
  readonly router?: RouterMetrics & { readonly recommendation: string };
  readonly metrics: Readonly<Record<string, number | string | boolean | null>>;
  readonly checks: readonly CheckOutcome[];
  readonly ok: boolean;
  readonly stoppedEarly: boolean;
}

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** How the scenario is named on the replay line (a built-in name or a file path). */
  readonly source?: string;
  readonly traceStates?: number;
  readonly stopOnViolation?: boolean;
  readonly onProgress?: (time: number, duration: number) => void;
  /** Every step, for tests that follow a run step by step. */
  readonly onStep?: Parameters<typeof simulate>[0]["onStep"];
  readonly now?: () => number;
  /** Step nodes with their machines' pure steps only (see `SimOptions.pureSteps`). */
  readonly pureSteps?: boolean;
}

export interface RunOutput {
  readonly report: SimulationReport;
  readonly trace?: ItfTrace;
  readonly result: SimResult<unknown>;
}

const EPOCH = 1_700_000_000_000;

/** The object without its undefined properties (for exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = dict();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

function padId(prefix: string, i: number, n: number): string {
  return `${prefix}${String(i).padStart(Math.max(1, String(n - 1).length), "0")}`;
}

function uniform(rng: Rng, r: { min: number; max: number }, integer = false): number {
  if (integer) return rng.int(Math.ceil(r.min), Math.max(Math.ceil(r.min), Math.floor(r.max)));
  return Math.round((r.min + (r.max - r.min) * rng.float()) * 100) / 100;
}

/** The seed stamp forked into n disjoint stamps, balanced (ids of depth ⌈log₂ n⌉). */
export function forkStamps(n: number): Stamp[] {
  const out: Stamp[] = [];
  const go = (s: Stamp, k: number) => {
    if (k === 1) {
      out.push(s);
      return;
    }
    const [a, b] = itc.fork(s);
    go(a, Math.ceil(k / 2));
    go(b, Math.floor(k / 2));
  };
  if (n > 0) go(itc.seed(), n);
  return out;
}

function expandChurn(s: Scenario, rng: Rng): ChurnEvent[] {
  const out: ChurnEvent[] = [];
  for (const e of s.churn.events)
    for (let k = 0; k < e.count; k++)
      out.push(
        e.kind === "join" ? { kind: "join", at: e.at } : { kind: e.kind, at: e.at, node: e.node },
      );
  for (const r of s.churn.rates) {
    let t = r.from;
    for (;;) {
      t += rng.exponential(60_000 / r.perMinute);
      if (t >= r.until) break;
      out.push({ kind: r.kind, at: t });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function pickDishonest(s: Scenario, eligible: readonly string[], rng: Rng): Set<string> {
  if (s.dishonest === undefined) return new Set();
  if (s.dishonest.nodes !== undefined) return new Set(s.dishonest.nodes);
  const k = Math.round(s.dishonest.fraction * eligible.length);
  const pool = [...eligible];
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, pool.length - 1);
    const t = pool[i] as string;
    pool[i] = pool[j] as string;
    pool[j] = t;
  }
  return new Set(pool.slice(0, k));
}

interface Built<S, M> {
  readonly ids: string[];
  readonly nodes: SimNodeInit<S, M>[];
  readonly graph: ReturnType<typeof buildGraph>;
  readonly adjacency: number[][];
  readonly spawn?: (r: SpawnRequest) => SimNodeInit<S, M>;
  readonly dishonest: number;
}

/** Participants (commons protocols): explicit or generated, with recognition and topology. */
function commonsParticipants(
  s: Scenario,
  rng: Rng,
): {
  ids: string[];
  specs: ParticipantSpec[];
  graph: ReturnType<typeof buildGraph>;
  startAt: number[];
} {
  if (Array.isArray(s.nodes)) {
    const ps = s.nodes as Participant[];
    const ids = ps.map((p) => p.id);
    const specs = ps.map((p) => specOf(p.id, p.capacity, p.need, p.recognition));
    const weights = Object.fromEntries(ps.map((p) => [p.id, p.recognition]));
    const graph = buildGraph(s.topology, ids, rng, weights);
    return { ids, specs, graph, startAt: ps.map((p) => p.startAt ?? 0) };
  }
  const pop = s.nodes as Population;
  const n = pop.count;
  const ids = Array.from({ length: n }, (_, i) => padId("n", i, n));
  const roles = ids.map(() => {
    const provider = rng.float() < pop.providerFraction;
    return { provider, recipient: !provider || rng.float() < pop.bothFraction };
  });
  let weights: Record<string, Record<string, number>> = dict();
  if (s.topology.kind === "recognition") {
    const { perNode, reciprocity } = s.topology;
    weights = Object.fromEntries(ids.map((id) => [id, {} as Record<string, number>]));
    for (let i = 0; i < n; i++) {
      const a = ids[i] as string;
      for (let k = 0; k < Math.min(perNode, n - 1); k++) {
        let j = rng.int(0, n - 1);
        if (j === i) j = (j + 1) % n;
        const b = ids[j] as string;
        (weights[a] as Record<string, number>)[b] = uniform(rng, pop.weight, true);
        if (rng.chance(reciprocity) && (weights[b] as Record<string, number>)[a] === undefined)
          (weights[b] as Record<string, number>)[a] = uniform(rng, pop.weight, true);
      }
    }
  }
  const graph = buildGraph(s.topology, ids, rng, weights);
  if (s.topology.kind !== "recognition") {
    const adj = adjacencyOf(graph, ids);
    weights = dict();
    ids.forEach((id, i) => {
      const w: Record<string, number> = dict();
      for (const j of adj[i] as number[]) w[ids[j] as string] = uniform(rng, pop.weight, true);
      weights[id] = w;
    });
  }
  const specs = ids.map((id, i) =>
    specOf(
      id,
      roles[i]?.provider === true ? uniform(rng, pop.capacity) : 0,
      roles[i]?.recipient === true ? uniform(rng, pop.need) : 0,
      own(weights, id) ?? {},
    ),
  );
  const startAt = ids.map(() => (pop.startJitterMs > 0 ? rng.float() * pop.startJitterMs : 0));
  return { ids, specs, graph, startAt };
}

function specOf(
  id: string,
  capacity: number,
  need: number,
  recognition: Readonly<Record<string, number>>,
): ParticipantSpec {
  return {
    pubKey: id,
    capacity_slots: capacity > 0 ? [{ id: "s", quantity: capacity }] : [],
    need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
    recognition_weights: { ...recognition },
  };
}

function spawnSpec(s: Scenario, r: SpawnRequest): ParticipantSpec {
  const rng = Rng.derive(s.seed, `spawn:${r.id}`);
  const pop: Population = Array.isArray(s.nodes)
    ? {
        count: 1,
        providerFraction: 0,
        bothFraction: 0,
        capacity: { min: 50, max: 150 },
        need: { min: 20, max: 80 },
        weight: { min: 1, max: 10 },
        startJitterMs: 0,
      }
    : (s.nodes as Population);
  const provider = rng.float() < pop.providerFraction;
  const w: Record<string, number> = dict();
  for (const nb of r.neighbours) w[nb] = uniform(rng, pop.weight, true);
  return specOf(
    r.id,
    provider ? uniform(rng, pop.capacity) : 0,
    provider ? 0 : uniform(rng, pop.need),
    w,
  );
}

function withDishonesty<S, M>(
  machine: NodeMachine<S, M>,
  liar: boolean,
  strategy: DishonestStrategy | undefined,
  tamper: (m: M, st: DishonestStrategy, r: () => number) => M,
): NodeMachine<S, M> {
  return liar && strategy !== undefined ? dishonestMachine(machine, strategy, tamper) : machine;
}

function buildV2(s: Extract<Scenario, { protocol: "v2" }>, rng: Rng): Built<V2State, unknown> {
  const { ids, specs, graph, startAt } = commonsParticipants(s, rng);
  const stamps = forkStamps(ids.length);
  const liars = pickDishonest(s, ids, Rng.derive(s.seed, "dishonest"));
  const options = { epsilon: s.epsilon, ...defined(s.v2), epochMs: EPOCH };
  const machine = v2Machine as unknown as NodeMachine<V2State, unknown>;
  const liarMachine = withDishonesty(machine, true, s.dishonest?.strategy, tamperV2 as never);
  const nodes = specs.map((spec, i) => ({
    id: spec.pubKey,
    machine: liars.has(spec.pubKey) ? liarMachine : machine,
    state: v2Init({ spec, stamp: stamps[i] as Stamp, options }),
    startAt: startAt[i] ?? 0,
  }));
  return {
    ids,
    nodes,
    graph,
    adjacency: adjacencyOf(graph, ids),
    dishonest: liars.size,
    spawn: (r) => ({
      id: r.id,
      machine,
      state: v2Init({
        spec: spawnSpec(s, r),
        stamp: null,
        sponsor: r.sponsor,
        contacts: r.neighbours,
        options,
      }),
    }),
  };
}

function buildV1(s: Extract<Scenario, { protocol: "v1" }>, rng: Rng): Built<V1State, unknown> {
  const { ids, specs, graph, startAt } = commonsParticipants(s, rng);
  const liars = pickDishonest(s, ids, Rng.derive(s.seed, "dishonest"));
  const options = { epsilon: s.epsilon, ...defined(s.v1), epochMs: EPOCH };
  const machine = v1Machine as unknown as NodeMachine<V1State, unknown>;
  const liarMachine = withDishonesty(machine, true, s.dishonest?.strategy, ((
    m: { type: string; decl?: ParticipantSpec },
    st: DishonestStrategy,
  ) => {
    if (m.type !== "commitment" || st.kind !== "lie-need" || m.decl === undefined) return m;
    return {
      ...m,
      decl: {
        ...m.decl,
        need_slots: m.decl.need_slots.map((n) => ({ ...n, quantity: n.quantity * st.factor })),
      },
    };
  }) as never);
  const nodes = specs.map((spec, i) => ({
    id: spec.pubKey,
    machine: liars.has(spec.pubKey) ? liarMachine : machine,
    state: v1Init({ spec, options }),
    startAt: startAt[i] ?? 0,
  }));
  return {
    ids,
    nodes,
    graph,
    adjacency: adjacencyOf(graph, ids),
    dishonest: liars.size,
    spawn: (r) => ({
      id: r.id,
      machine,
      state: v1Init({ spec: spawnSpec(s, r), options, newcomer: true }),
    }),
  };
}

/** The recipient options of a p2p scenario (every recipient gets them). */
export function p2pRecipientOptions(s: Extract<Scenario, { protocol: "p2p" }>) {
  const o = s.p2p;
  return {
    roundMs: o.roundMs,
    learningRate: o.learningRate,
    composition: o.composition,
    trust: o.trust,
    capacityGuess: o.capacityGuess,
    fanout: o.fanout,
    skipExhausted: o.skipExhausted,
    partnerRefreshRounds: o.partnerRefreshRounds,
  };
}

/**
 * The initial state of one listed participant of a p2p scenario: a provider when it has
 * capacity, a recipient otherwise. The model that drives this code (models/impl/P2PDenominator.ts)
 * builds its nodes with it too.
 */
export function p2pParticipantState(
  s: Extract<Scenario, { protocol: "p2p" }>,
  p: Participant,
): DenominatorState {
  if (p.capacity > 0)
    return providerInit({
      id: p.id,
      capacity: p.capacity,
      variant: s.p2p.provider,
      recipients: p.recognition,
      roundMs: s.p2p.roundMs,
    });
  return recipientInit({
    id: p.id,
    statedNeed: p.need,
    providers: p.recognition,
    partners: p.partners ?? [],
    options: {
      ...p2pRecipientOptions(s),
      ...(p.startOffset !== undefined ? { startOffset: p.startOffset } : {}),
    },
  });
}

function buildP2P(
  s: Extract<Scenario, { protocol: "p2p" }>,
  rng: Rng,
): Built<DenominatorState, P2PMessage> {
  const o = s.p2p;
  const recipientOptions = p2pRecipientOptions(s);
  let ids: string[];
  let graph: ReturnType<typeof buildGraph>;
  const states: DenominatorState[] = [];
  const startAt: number[] = [];
  if (Array.isArray(s.nodes)) {
    const ps = s.nodes as Participant[];
    ids = ps.map((p) => p.id);
    const mrs = Object.fromEntries(ps.map((p) => [p.id, p.recognition]));
    graph = buildGraph(s.topology, ids, rng, mrs);
    for (const p of ps) {
      startAt.push(p.startAt ?? 0);
      states.push(p2pParticipantState(s, p));
    }
  } else {
    const pop = s.nodes as Population;
    const n = pop.count;
    const isProvider = Array.from({ length: n }, () => rng.float() < pop.providerFraction);
    ids = isProvider.map((p, i) => padId(p ? "P" : "R", i, n));
    graph = buildGraph(s.topology, ids, rng);
    const adj = adjacencyOf(graph, ids);
    const mr = new Map<string, number>();
    ids.forEach((a, i) => {
      for (const j of adj[i] as number[]) {
        if (j < i) continue;
        const b = ids[j] as string;
        if (isProvider[i] !== isProvider[j]) mr.set(`${a}|${b}`, uniform(rng, o.mr));
      }
    });
    const mrOf = (a: string, b: string) =>
      mr.get(a < b ? `${a}|${b}` : `${b}|${a}`) ?? mr.get(`${a}|${b}`) ?? mr.get(`${b}|${a}`);
    ids.forEach((id, i) => {
      startAt.push(pop.startJitterMs > 0 ? rng.float() * pop.startJitterMs : 0);
      const nbrs = (adj[i] as number[]).map((j) => ids[j] as string);
      const links: Record<string, number> = dict();
      for (const nb of nbrs) {
        const m = mrOf(id, nb);
        if (m !== undefined) links[nb] = m;
      }
      if (isProvider[i])
        states.push(
          providerInit({
            id,
            capacity: uniform(rng, pop.capacity),
            variant: o.provider,
            recipients: links,
            roundMs: o.roundMs,
          }),
        );
      else
        states.push(
          recipientInit({
            id,
            statedNeed: uniform(rng, pop.need),
            providers: links,
            partners: nbrs.filter((nb) => !isProvider[ids.indexOf(nb)]),
            options: recipientOptions,
          }),
        );
    });
  }
  const recipients = states
    .filter((x): x is RecipientState => x.role === "recipient")
    .map((r) => r.id);
  const liars = pickDishonest(s, recipients, Rng.derive(s.seed, "dishonest"));
  const liarMachine = withDishonesty(denominatorMachine, true, s.dishonest?.strategy, tamperP2P);
  const nodes = states.map((st, i) => ({
    id: ids[i] as string,
    machine: liars.has(ids[i] as string) ? liarMachine : denominatorMachine,
    state: st,
    startAt: startAt[i] ?? 0,
    churnable: st.role === "recipient",
  }));
  return {
    ids,
    nodes,
    graph,
    adjacency: adjacencyOf(graph, ids),
    dishonest: liars.size,
    spawn: (r) => {
      const rr = Rng.derive(s.seed, `spawn:${r.id}`);
      const providers: Record<string, number> = dict();
      for (const nb of r.neighbours) if (nb.startsWith("P")) providers[nb] = uniform(rr, o.mr);
      const pop = Array.isArray(s.nodes) ? { need: { min: 20, max: 80 } } : (s.nodes as Population);
      return {
        id: r.id,
        machine: denominatorMachine,
        state: recipientInit({
          id: r.id,
          statedNeed: uniform(rr, pop.need),
          providers,
          partners: r.neighbours.filter((nb) => !nb.startsWith("P")),
          options: recipientOptions,
        }),
      };
    },
  };
}

/**
 * The router and its peers of a router scenario: ids and initial states, in simulator order
 * (the router first). The model that drives the router code (models/impl/RouterNode.ts) builds
 * its nodes with this too, so a simulator run is one of its behaviours.
 */
export function routerScenarioNodes(
  s: Extract<Scenario, { protocol: "router" }>,
): { readonly id: string; readonly state: RouterNodeState }[] {
  const o = s.router;
  const count = Array.isArray(s.nodes) ? s.nodes.length : (s.nodes as Population).count;
  const peers = Array.from({ length: count }, (_, i) => padId("peer", i, count));
  return [
    {
      id: "router",
      state: routerInit("router", {
        mode: o.mode,
        capacity: o.capacity,
        laneCapacity: o.laneCapacity,
        dedup: o.dedup,
        dedupTtlMs: o.dedupTtlMs,
        dedupCapacity: o.dedupCapacity,
        subscribers: o.subscribers.map((x) => ({
          name: x.name,
          perTick: x.perTick,
          ...(x.lanes !== undefined ? { lanes: x.lanes } : {}),
        })),
        tickMs: o.tickMs,
      }),
    },
    ...peers.map((id, index) => ({
      id,
      state: routerPeerInit({
        id,
        router: "router",
        index,
        peers: count,
        blocks: o.blocks,
        burstStartMs: o.burstStartMs,
        blockIntervalMs: o.blockIntervalMs,
        txPerBlock: o.txPerBlock,
        pingMs: o.pingMs,
        untilMs: s.duration,
        ...(o.duplicateInventory !== undefined ? { duplicateInventory: o.duplicateInventory } : {}),
      }) as RouterNodeState,
    })),
  ];
}

function buildRouter(
  s: Extract<Scenario, { protocol: "router" }>,
  rng: Rng,
): Built<RouterNodeState, unknown> {
  const inits = routerScenarioNodes(s);
  const ids = inits.map((n) => n.id);
  const graph = buildGraph({ kind: "star", center: "router" }, ids, rng);
  const machine = routerMachine as unknown as NodeMachine<RouterNodeState, unknown>;
  const nodes: SimNodeInit<RouterNodeState, unknown>[] = inits.map((n) => ({
    ...n,
    machine,
    ...(n.id === "router" ? { churnable: false } : {}),
  }));
  return { ids, nodes, graph, adjacency: adjacencyOf(graph, ids), dishonest: 0 };
}

// ---------------------------------------------------------------------------------------------
// Trackers: convergence from log effects.

interface Tracker {
  onLog(
    time: number,
    node: string,
    event: string,
    data: Readonly<Record<string, LogValue>>,
    sent: number,
  ): void;
  finish(r: SimResult<unknown>): {
    convergence: Convergence;
    metrics: Record<string, number | string | boolean | null>;
  };
}

function v2Tracker(epsilon: number): Tracker {
  const flags = new Map<string, boolean>();
  let converged = 0;
  let lastChange = 0;
  let lastChangeSent = 0;
  let since: number | null = null;
  let sinceSent = 0;
  let first: number | null = null;
  let recomputes = 0;
  return {
    onLog(time, node, event, data, sent) {
      if (event !== "recompute") return;
      recomputes++;
      const c = data["converged"] === true;
      const was = flags.get(node);
      if (was !== c) {
        if (was === true) converged--;
        if (c) converged++;
        flags.set(node, c);
      }
      const change = Number(data["change"]);
      if (change < 0 || change >= epsilon) {
        lastChange = time;
        lastChangeSent = sent;
      }
      const net = flags.size > 0 && 5 * converged >= 4 * flags.size;
      if (net && since === null) {
        since = time;
        sinceSent = sent;
        first ??= time;
      } else if (!net) since = null;
    },
    finish(r) {
      const settleMargin = r.endTime - lastChange;
      const ok = since !== null;
      return {
        convergence: {
          converged: ok,
          time: ok ? lastChange : null,
          rounds: null,
          messages: ok ? lastChangeSent : null,
          notes: [
            `last allocation change ≥ ε at ${fmtMs(lastChange)} (${lastChangeSent} messages sent by then); quiet for ${fmtMs(settleMargin)} until the end`,
            ok
              ? `≥ 80 % of providers converged (Δ denominators < ε) from ${fmtMs(since)} on (${sinceSent} messages); first reached at ${fmtMs(first)}`
              : `the ≥ 80 % provider-convergence flag did not hold at the end (${converged}/${flags.size})`,
          ],
        },
        metrics: { providersConverged: converged, providers: flags.size, recomputes },
      };
    },
  };
}

function v1Tracker(roundMs: number): Tracker {
  const rounds = new Map<number, { total: number; conv: number; time: number; sent: number }>();
  return {
    onLog(time, _node, event, data, sent) {
      if (event !== "recompute") return;
      const r = Number(data["round"]);
      const e = rounds.get(r) ?? { total: 0, conv: 0, time, sent };
      e.total++;
      if (data["converged"] === true) e.conv++;
      e.time = Math.max(e.time, time);
      e.sent = Math.max(e.sent, sent);
      rounds.set(r, e);
    },
    finish() {
      const rs = [...rounds.keys()].sort((a, b) => a - b);
      const ok = (r: number) => {
        const e = rounds.get(r);
        return e !== undefined && 5 * e.conv >= 4 * e.total;
      };
      // Ignore the last round if it is incomplete (fewer providers computed than in the one before).
      let last = rs.length - 1;
      if (
        last > 0 &&
        (rounds.get(rs[last] as number)?.total ?? 0) <
          (rounds.get(rs[last - 1] as number)?.total ?? 0)
      )
        last--;
      let from: number | null = null;
      for (let k = last; k >= 0; k--) {
        if (ok(rs[k] as number)) from = rs[k] as number;
        else break;
      }
      const e = from === null ? undefined : rounds.get(from);
      return {
        convergence: {
          converged: from !== null,
          time: e?.time ?? null,
          rounds: from === null ? null : from + 1,
          messages: e?.sent ?? null,
          notes: [
            from === null
              ? `never ≥ 80 % of providers converged in every round to the end (${rs.length} rounds computed)`
              : `from round ${from} on, ≥ 80 % of providers converged every round (round length ${fmtMs(roundMs)})`,
          ],
        },
        metrics: { roundsComputed: rs.length },
      };
    },
  };
}

function p2pTracker(s: Extract<Scenario, { protocol: "p2p" }>): Tracker {
  let lastGrant = 0;
  let lastGrantSent = 0;
  let grants = 0;
  return {
    onLog(time, _node, event, data, sent) {
      if (event === "grant" && Number(data["granted"]) > 0) {
        lastGrant = time;
        lastGrantSent = sent;
        grants++;
      }
    },
    finish(r) {
      const states = r.states as readonly DenominatorState[];
      const recips = states.filter(
        (x, i): x is RecipientState => x.role === "recipient" && r.alive[i] === true,
      );
      const provs = states.filter((x): x is ProviderState => x.role === "provider");
      const satisfied = recips.filter((x) => x.residual < x.options.satisfiedBelow).length;
      const over = recips.filter((x) => x.satisfaction > x.statedNeed * (1 + 1e-9) + 1e-9).length;
      const done = recips.filter((x) => x.done).length;
      const quiescent = done === recips.length;
      // Denominator-estimate error of recipients against the true current denominators.
      const trueDen = new Map<string, number>();
      const byId = new Map(states.map((x) => [x.id, x] as const));
      for (const p of provs) {
        let d = 0;
        for (const rid of Object.keys(p.recipients)) {
          const rs = byId.get(rid);
          if (rs?.role === "recipient") d += (own(p.recipients, rid) ?? 0) * rs.statedNeed;
        }
        trueDen.set(p.id, d);
      }
      let err = 0;
      let nErr = 0;
      for (const x of recips)
        for (const pid of Object.keys(x.providers)) {
          const d = trueDen.get(pid) ?? 0;
          const e = own(x.providers, pid)?.estDenominator ?? 0;
          if (d > 0 && e > 0) {
            err += Math.abs(Math.log(e / d));
            nErr++;
          }
        }
      // Distance to the reference fixed point (net-of-others, sequential) for small networks.
      let gap: number | null = null;
      if (recips.length > 0 && recips.length <= 300 && provs.length <= 100) {
        const last = p2pReference(provs, recips);
        if (last !== undefined) {
          let num = 0;
          let den = 0;
          for (const x of recips) {
            num += Math.abs(
              Math.min(x.satisfaction, x.statedNeed) - (own(last.received, x.id) ?? 0),
            );
            den += x.statedNeed;
          }
          gap = den > 0 ? num / den : 0;
        }
      }
      const maxRound = recips.reduce((m, x) => Math.max(m, x.round), 0);
      return {
        convergence: {
          converged: quiescent,
          time: lastGrant,
          rounds: Math.ceil(lastGrant / s.p2p.roundMs),
          messages: lastGrantSent,
          notes: [
            `last grant at ${fmtMs(lastGrant)} (${lastGrantSent} messages by then); ${done}/${recips.length} recipients done (satisfied, or every provider exhausted), ${satisfied} satisfied, ${over} over-allocated`,
            gap === null
              ? "distance to the reference fixed point: not computed (network too large)"
              : `distance to the reference fixed point (Σ|held − reference| / Σ need): ${(100 * gap).toFixed(1)} %`,
          ],
        },
        metrics: {
          grants,
          satisfied,
          overAllocated: over,
          recipients: recips.length,
          providers: provs.length,
          estimateLogError: nErr === 0 ? null : err / nErr,
          referenceGap: gap,
          maxRound,
          outstandingOverCapacity: provs.filter((p) => p.ledgerTotal > p.capacity * (1 + 1e-9))
            .length,
        },
      };
    },
  };
}

function fmtMs(t: number | null): string {
  if (t === null) return "—";
  return t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t % 1 === 0 ? 0 : 1)} ms`;
}

function stampStats(r: SimResult<unknown>, protocol: Scenario["protocol"]): StampStats | undefined {
  const sizes: number[] = [];
  r.states.forEach((st, i) => {
    if (r.alive[i] !== true) return;
    if (protocol === "v2") {
      const s = st as V2State;
      if (s.stamp !== null && s.status === "active") sizes.push(itc.encode(s.stamp).length);
    } else if (protocol === "v1") {
      const s = st as V1State;
      if (s.status === "active") sizes.push(vclock.byteLength(s.vc));
    }
  });
  if (sizes.length === 0) return undefined;
  return {
    kind: protocol === "v2" ? "itc" : "vclock",
    nodes: sizes.length,
    meanBytes: sizes.reduce((a, b) => a + b, 0) / sizes.length,
    maxBytes: Math.max(...sizes),
  };
}

/**
 * The reference fixed point of a P2P population (the reference core's dynamics: net-of-others,
 * sequential, no damping, at most 300 rounds): each provider's capacity shared by its recognition
 * weights, each recipient asking its stated need. With `only`, a provider's recognition of
 * recipients outside it is dropped (the survivors' reference of a run with crashes). The last
 * round, or undefined when the dynamics ran none.
 */
export function p2pReference(
  provs: readonly ProviderState[],
  recips: readonly RecipientState[],
  only?: ReadonlySet<string>,
) {
  const net: DynamicsNetwork = {
    providers: provs.map((p) => ({
      pubKey: p.id,
      capacity_slots: [{ id: "s", quantity: p.capacity }],
      recognition: Object.fromEntries(
        Object.entries(p.recipients)
          .filter(([k]) => only === undefined || only.has(k))
          .map(([k, v]) => [k, { mr: v, share: v }]),
      ),
    })),
    recipients: recips.map((x) => ({
      pubKey: x.id,
      need_slots: [{ id: "n", quantity: x.statedNeed }],
    })),
  };
  return runDynamics(net, {
    residual: "net-of-others",
    schedule: "sequential",
    damping: false,
    maxRounds: 300,
  }).rounds.at(-1);
}

/** Runs one scenario and reports. */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunOutput {
  const s: Scenario = opts.seed === undefined ? scenario : { ...scenario, seed: opts.seed };
  const clock = opts.now ?? (() => 0);
  const t0 = clock();
  const rng = Rng.derive(s.seed, "population");
  const built =
    s.protocol === "v2"
      ? buildV2(s, rng)
      : s.protocol === "v1"
        ? buildV1(s, rng)
        : s.protocol === "p2p"
          ? buildP2P(s, rng)
          : buildRouter(s, rng);
  const b = built as Built<unknown, unknown>;
  const topo = topologyStats(b.graph, b.ids, b.adjacency, Rng.derive(s.seed, "topology-stats"));
  const link = (l: {
    latency?: LinkModel["latency"] | undefined;
    loss?: number | undefined;
    duplicate?: number | undefined;
  }): LinkModel => ({
    latency: l.latency ?? s.network.latency,
    loss: l.loss ?? s.network.loss,
    duplicate: l.duplicate ?? s.network.duplicate,
  });
  const network = new Network(
    link({}),
    s.network.links.map((x) => ({ a: x.a, b: x.b, link: link(x) })),
  );
  const tracker: Tracker =
    s.protocol === "v2"
      ? v2Tracker(s.epsilon)
      : s.protocol === "v1"
        ? v1Tracker(s.v1.roundMs ?? 90_000)
        : s.protocol === "p2p"
          ? p2pTracker(s)
          : {
              onLog: () => undefined,
              finish: () => ({
                convergence: {
                  converged: true,
                  time: null,
                  rounds: null,
                  messages: null,
                  notes: [],
                },
                metrics: {},
              }),
            };
  const churn = expandChurn(s, Rng.derive(s.seed, "churn"));
  // Need changes (V1/V2 only: the schema says so): planned from the built nodes, observed.
  const nc = s.needChanges;
  const plan =
    nc === undefined
      ? []
      : planNeedChanges(
          s,
          nc,
          b.ids,
          b.nodes.map((n) => (n.state as { decl: Parameters<typeof planNeedChanges>[3][0] }).decl),
          b.adjacency,
        );
  const observer = nc === undefined ? undefined : changeObserver(plan, nc);
  const onStep =
    observer === undefined
      ? opts.onStep
      : (r: Parameters<NonNullable<RunOptions["onStep"]>>[0]) => {
          observer.onStep(r);
          opts.onStep?.(r);
        };
  const result = simulate<unknown, unknown>({
    seed: s.seed,
    duration: s.duration,
    nodes: b.nodes,
    adjacency: b.adjacency,
    network,
    partitions: s.partitions.map((p) => ({
      at: p.at,
      heal: p.heal,
      groups: p.assignment === "explicit" ? (p.explicit?.length ?? p.groups) : p.groups,
      assignment: p.assignment,
      explicit: p.explicit,
    })),
    churn,
    ...(b.spawn !== undefined ? { spawn: b.spawn } : {}),
    onLog: (t, n, e, d, sent) => tracker.onLog(t, n, e, d, sent),
    ...(onStep !== undefined ? { onStep } : {}),
    ...(observer !== undefined ? { injections: injectionsOf(plan), onSend: observer.onSend } : {}),
    ...(opts.traceStates !== undefined ? { traceStates: opts.traceStates } : {}),
    ...(opts.stopOnViolation === true ? { stopOnViolation: true } : {}),
    ...(opts.pureSteps === true ? { pureSteps: true } : {}),
    ...(opts.onProgress !== undefined
      ? { onProgress: (t: number) => opts.onProgress?.(t, s.duration), progressEvery: 20_000 }
      : {}),
  });
  const finished = tracker.finish(result);
  const convergence = finished.convergence;
  const metrics =
    observer === undefined ? finished.metrics : { ...finished.metrics, ...observer.metrics() };
  const ids = result.idSpace;
  const checks: CheckOutcome[] = PROTOCOL_CHECKS[s.protocol].map(([id, title]) => {
    if (id === "ITC-ID-1" && ids !== undefined) {
      // A run-end check (not per step): the share no cause explains must be nil.
      const held = ids.unexplained <= 1e-9;
      return {
        id,
        title,
        held,
        violations: held ? 0 : 1,
        ...(held
          ? {}
          : {
              first: {
                id,
                message: `${ids.unexplained} of the id space vanished (lost ${ids.lost}: crashes ${ids.lostToCrashes}, network ${ids.lostToNetwork}, no heir ${ids.lostNoHeir})`,
                time: result.endTime,
                node: "",
                event: result.events,
              },
            }),
      };
    }
    const n = result.violationCounts[id] ?? 0;
    const first = result.violations.find((v) => v.id === id);
    return { id, title, held: n === 0, violations: n, ...(first !== undefined ? { first } : {}) };
  });
  for (const id of Object.keys(result.violationCounts).sort()) {
    if (checks.some((c) => c.id === id)) continue;
    const first = result.violations.find((v) => v.id === id);
    checks.push({
      id,
      title: "allocation invariant (SPEC.md §5.6)",
      held: false,
      violations: result.violationCounts[id] ?? 0,
      ...(first !== undefined ? { first } : {}),
    });
  }
  const stamps = stampStats(result, s.protocol);
  let router: SimulationReport["router"];
  if (s.protocol === "router") {
    const rs = result.states[0] as RouterState;
    const m = routerMetrics(rs);
    router = { ...m, recommendation: routerRecommendation(m) };
  }
  const churned = result.churn.joins + result.churn.leaves + result.churn.crashes > 0;
  const source = opts.source ?? s.name ?? "scenario.json";
  const report: SimulationReport = {
    scenario: s.name ?? source,
    protocol: s.protocol,
    seed: s.seed,
    replay: `commons-spec simulate ${source} --seed ${s.seed}`,
    duration: s.duration,
    endTime: result.endTime,
    wallMs: clock() - t0,
    nodes: {
      initial: b.ids.length,
      alive: result.alive.filter(Boolean).length,
      joins: result.churn.joins,
      leaves: result.churn.leaves,
      crashes: result.churn.crashes,
      dishonest: b.dishonest,
    },
    topology: topo,
    ...(churned
      ? {
          topologyAfterChurn: liveTopologyStats(
            result.ids,
            result.adjacency,
            (i) => result.alive[i] === true,
            Rng.derive(s.seed, "topology-stats"),
          ),
        }
      : {}),
    events: result.events,
    messages: result.messages,
    sentByKind: result.sentByKind,
    deliveredByKind: result.deliveredByKind,
    convergence,
    ...(stamps !== undefined ? { stamps } : {}),
    ...(ids !== undefined ? { idSpace: ids } : {}),
    ...(router !== undefined ? { router } : {}),
    metrics,
    checks,
    ok: checks.every((c) => c.held),
    stoppedEarly: result.stoppedEarly,
  };
  return {
    report,
    result: result as SimResult<unknown>,
    ...(result.trace !== undefined ? { trace: result.trace } : {}),
  };
}
