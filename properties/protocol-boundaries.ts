/**
 * Boundary classes of the protocol suites' generators (nodes, router, denominator; SPEC.md §11,
 * §13): message schedules with duplicates, replays, late and relayed deliveries, times at and
 * next to every threshold (the 60 s freshness window, V1's 180 s activity window, the dedup TTL,
 * round and debounce timers), and tens of peers, subscribers and recipients. Measured on the
 * generated cases alone. Registered in properties/boundary-catalog.ts.
 */
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import * as O from "./itc-oracle.js";
import type { OStamp } from "./itc-oracle.js";
import {
  arbProviderCase,
  arbRecipientCase,
  P2P_ROUND_MS,
  type ProviderCase,
  type RecipientCase,
} from "./denominator.js";
import {
  arbV1Case,
  arbV2Case,
  arbV2JoinCase,
  NODE_EPOCH_MS,
  V1_FRESHNESS_MS,
  V2_FRESHNESS_MS,
  type V1Case,
  type V2Case,
  type V2JoinCase,
} from "./nodes.js";
import { arbRouterCase, ROUTER_CASES, type RouterCase } from "./router.js";
import { arbFaultSchedule, type FaultSchedule } from "./arbitraries/faults.js";
import { arbSizedTopology, type SizedTopology } from "./arbitraries/topology.js";
import { MIN_MAGNITUDE, MAX_QUANTITY } from "../src/core/schemas/primitives.js";

// ---------------------------------------------------------------------------------------------
// V2

type Delivery = Extract<V2Case["steps"][number], { kind: "deliver" }>;
const deliveries = (c: V2Case): Delivery[] =>
  c.steps.filter((s): s is Delivery => s.kind === "deliver");
const ageOf = (d: Delivery): number =>
  d.at - ((d.msg as { timestamp: number }).timestamp - NODE_EPOCH_MS);
const stampKey = (d: Delivery) => JSON.stringify((d.msg as { stamp: unknown }).stamp);
const stampOf = (d: Delivery): OStamp => (d.msg as unknown as { stamp: OStamp }).stamp;

export const V2_BOUNDARIES = boundaries<V2Case>({
  generator: "arbV2Case",
  ids: ["V2-1", "V2-2", "V2-5"],
  suite: "nodes",
  arbitrary: arbV2Case,
  classes: [
    {
      name: "a publication exactly 60 s old",
      spec: "§13 V2-5",
      hit: (c) => deliveries(c).some((d) => ageOf(d) === V2_FRESHNESS_MS),
      minPer1000: 100,
    },
    {
      name: "a publication 59 999 ms old",
      spec: "§13 V2-5",
      hit: (c) => deliveries(c).some((d) => ageOf(d) === V2_FRESHNESS_MS - 1),
      minPer1000: 100,
    },
    {
      name: "a publication 60 001 ms old",
      spec: "§13 V2-5",
      hit: (c) => deliveries(c).some((d) => ageOf(d) === V2_FRESHNESS_MS + 1),
      minPer1000: 100,
    },
    {
      name: "a publication from a clock ahead (negative age)",
      spec: "§13 V2-5",
      hit: (c) => deliveries(c).some((d) => ageOf(d) < 0),
      minPer1000: 50,
    },
    {
      name: "a publication delivered twice in a row (duplicate)",
      spec: "§13 V2-2",
      hit: (c) =>
        c.steps.some((s, k) => {
          const n = c.steps[k + 1];
          return (
            s.kind === "deliver" &&
            n?.kind === "deliver" &&
            stampKey(s) === stampKey(n) &&
            s.from === n.from
          );
        }),
      minPer1000: 100,
    },
    {
      name: "a publication delivered after a newer one from the same peer (reordered)",
      spec: "§13 V2-2",
      hit: (c) => {
        const newest = new Map<string, OStamp>();
        for (const d of deliveries(c)) {
          const st = stampOf(d);
          const prev = newest.get(d.from);
          if (prev !== undefined && O.leq(st, prev) && !O.leq(prev, st)) return true;
          if (prev === undefined || O.leq(prev, st)) newest.set(d.from, st);
        }
        return false;
      },
      minPer1000: 50,
    },
    {
      name: "a publication A learnt of transitively before it arrived (relayed)",
      spec: "§13 V2-2",
      hit: (c) =>
        c.steps.some((s, k) => {
          const n = c.steps[k + 1];
          return (
            s.kind === "deliver" &&
            n?.kind === "deliver" &&
            s.at === n.at &&
            s.from !== n.from &&
            O.leq(stampOf(n), stampOf(s))
          );
        }),
      minPer1000: 50,
    },
    {
      name: "20 peers or more",
      spec: "§11 (collections)",
      hit: (c) => c.peers.length >= 20,
      minPer1000: 100,
    },
    {
      name: "an allocation and a commitment",
      spec: "§13 V2-2",
      hit: (c) =>
        deliveries(c).some((d) => d.msg.type === "allocation") &&
        deliveries(c).some((d) => d.msg.type === "commitment"),
      minPer1000: 300,
    },
    {
      name: "ticks past the debounce (100 ms) and the heartbeat (20 s)",
      spec: "§13 Decisions",
      hit: (c) => {
        const ticks = c.steps.filter((s) => s.kind === "tick").map((s) => s.at);
        return ticks.some((t) => t >= 100) && ticks.some((t) => t >= 20_000);
      },
      minPer1000: 100,
    },
  ],
});

type JoinOp = V2JoinCase["ops"][number];
export const V2_JOIN_BOUNDARIES = boundaries<V2JoinCase>({
  generator: "arbV2JoinCase",
  ids: ["V2-4"],
  suite: "nodes",
  arbitrary: arbV2JoinCase,
  classes: [
    { name: "two newcomers", spec: "§13 V2-4", hit: (c) => c.newcomers === 2, minPer1000: 300 },
    {
      name: "a message delivered twice",
      spec: "§13 V2-4",
      hit: (c) => c.ops.some((o: JoinOp) => o.op === "duplicate"),
      minPer1000: 300,
    },
    {
      name: "a message dropped",
      spec: "§13 V2-4",
      hit: (c) => c.ops.some((o: JoinOp) => o.op === "drop"),
      minPer1000: 300,
    },
    {
      name: "a tick at the join-retry edge (999, 1 000, 1 001 ms)",
      spec: "§13 V2-4",
      hit: (c) => c.ops.some((o: JoinOp) => o.op === "tick" && [999, 1000, 1001].includes(o.dt)),
      minPer1000: 100,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// V1

type V1Delivery = Extract<V1Case["steps"][number], { kind: "deliver" }>;
/** Gaps between a peer's two round states that cross the 180 s activity window's edge. */
function silentGap(c: V1Case, gap: (ms: number) => boolean): boolean {
  const last = new Map<string, number>();
  for (const s of c.steps) {
    if (s.kind !== "deliver" || s.msg.type !== "round-state") continue;
    for (const [, at] of last) if (gap(s.at - at)) return true;
    last.set((s as V1Delivery).from, s.at);
  }
  return false;
}

export const V1_BOUNDARIES = boundaries<V1Case>({
  generator: "arbV1Case(round states)",
  ids: ["V1-2"],
  suite: "nodes",
  arbitrary: arbV1Case(true),
  classes: [
    {
      name: "a peer silent exactly 180 s (no longer active)",
      spec: "§13 V1-2",
      hit: (c) => silentGap(c, (ms) => ms === V1_FRESHNESS_MS),
      minPer1000: 30,
    },
    {
      name: "a peer silent 179 999 ms (still active)",
      spec: "§13 V1-2",
      hit: (c) => silentGap(c, (ms) => ms === V1_FRESHNESS_MS - 1),
      minPer1000: 30,
    },
    {
      name: "a threshold other than ½ (¼, ⅓, ⅔, ¾, 1)",
      spec: "§13 V1-2",
      hit: (c) => c.threshold !== 0.5,
      minPer1000: 500,
    },
    { name: "20 peers", spec: "§11 (collections)", hit: (c) => c.peers >= 20, minPer1000: 50 },
    {
      name: "a round state delivered again (replay)",
      spec: "§13 V1-2",
      hit: (c) => {
        const seen = new Set<string>();
        for (const s of c.steps) {
          if (s.kind !== "deliver") continue;
          const k = JSON.stringify(s.msg);
          if (seen.has(k)) return true;
          seen.add(k);
        }
        return false;
      },
      minPer1000: 200,
    },
  ],
});

export const V1_TIMED_BOUNDARIES = boundaries<V1Case>({
  generator: "arbV1Case(timers)",
  ids: ["V1-1"],
  suite: "nodes",
  arbitrary: arbV1Case(false),
  classes: [
    {
      name: "a round timer fires (90 s pass)",
      spec: "§13 V1-1",
      hit: (c) => c.steps.some((s) => s.kind === "tick" && s.at >= 90_000),
      minPer1000: 300,
    },
    {
      name: "commitments and results delivered",
      spec: "§13 V1-1",
      hit: (c) =>
        c.steps.some((s) => s.kind === "deliver" && s.msg.type === "commitment") &&
        c.steps.some((s) => s.kind === "deliver" && s.msg.type === "results"),
      minPer1000: 300,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Router

type Emit = Extract<RouterCase["steps"][number], { kind: "emit" }>;

/** Gaps since an inventory item was last accepted as new (SPEC's rule, ignoring evictions). */
function ttlGaps(c: RouterCase): number[] {
  const accepted = new Map<string, number>();
  const gaps: number[] = [];
  for (const s of c.steps) {
    if (s.kind !== "emit" || s.event.kind !== "inv") continue;
    const last = accepted.get(s.event.hash);
    if (last !== undefined) gaps.push(s.at - last - c.config.dedupTtlMs);
    if (c.config.dedup === "off" || last === undefined || s.at - last >= c.config.dedupTtlMs)
      accepted.set(s.event.hash, s.at);
  }
  return gaps;
}

function overflows(c: RouterCase): boolean {
  const count = new Map<string, number>();
  for (const s of c.steps) {
    if (s.kind !== "emit") continue;
    const k = c.config.mode === "single" ? "all" : s.event.kind;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const cap =
    c.config.mode === "single"
      ? c.config.capacity
      : Math.min(...Object.values(c.config.laneCapacity));
  return [...count.values()].some((n) => n > cap);
}

const routerClasses = [
  {
    name: "an item re-announced exactly one TTL after its acceptance",
    spec: "§13 ROUTER-3",
    hit: (c: RouterCase) => ttlGaps(c).includes(0),
    minPer1000: 30,
  },
  {
    name: "an item re-announced 1 ms before its TTL ends",
    spec: "§13 ROUTER-3",
    hit: (c: RouterCase) => ttlGaps(c).includes(-1),
    minPer1000: 20,
  },
  {
    name: "an item re-announced 1 ms after its TTL ends",
    spec: "§13 ROUTER-3",
    hit: (c: RouterCase) => ttlGaps(c).includes(1),
    minPer1000: 20,
  },
  {
    name: "a channel sent more events than its capacity",
    spec: "§13 ROUTER-1/2",
    hit: overflows,
    minPer1000: 300,
  },
  {
    name: "capacity 1",
    spec: "§13 ROUTER-1",
    hit: (c: RouterCase) =>
      c.config.capacity === 1 || Object.values(c.config.laneCapacity).includes(1),
    minPer1000: 200,
  },
  {
    name: "20 subscribers",
    spec: "§11 (collections)",
    hit: (c: RouterCase) => c.config.subscribers.length >= 20,
    minPer1000: 50,
  },
  {
    name: "a dedup cache of 20–40 items",
    spec: "§13 ROUTER-3",
    hit: (c: RouterCase) => c.config.dedupCapacity >= 20,
    minPer1000: 100,
  },
  {
    name: "more distinct items than the cache holds (evictions)",
    spec: "§13 ROUTER-3",
    hit: (c: RouterCase) =>
      new Set(
        c.steps
          .filter((s): s is Emit => s.kind === "emit" && s.event.kind === "inv")
          .map((s) => s.event.hash),
      ).size > c.config.dedupCapacity,
    minPer1000: 100,
  },
  {
    name: "an event the peer sent earlier (late)",
    spec: "§13",
    hit: (c: RouterCase) => c.steps.some((s) => s.kind === "emit" && s.event.sentAt < s.at),
    minPer1000: 300,
  },
];

export const ROUTER_BOUNDARIES = boundaries<RouterCase>({
  generator: "arbRouterCase",
  ids: ["ROUTER-1", "ROUTER-2"],
  suite: "router",
  arbitrary: arbRouterCase(ROUTER_CASES["ROUTER-2"]),
  classes: routerClasses.filter((k) => !/TTL|cache|items/.test(k.name)),
});

export const ROUTER_DEDUP_BOUNDARIES = boundaries<RouterCase>({
  generator: "arbRouterCase(dedup)",
  ids: ["ROUTER-3"],
  suite: "router",
  arbitrary: arbRouterCase(ROUTER_CASES["ROUTER-3"]),
  classes: routerClasses,
});

export const ROUTER_LANES_BOUNDARIES = boundaries<RouterCase>({
  generator: "arbRouterCase(segmented)",
  ids: ["ROUTER-4"],
  suite: "router",
  arbitrary: arbRouterCase(ROUTER_CASES["ROUTER-4"]),
  classes: [
    {
      name: "control and data events waiting together",
      spec: "§13 ROUTER-4",
      hit: (c) =>
        c.steps.some(
          (s) =>
            s.kind === "emit" &&
            ["ping", "pong", "connected", "disconnected"].includes(s.event.kind),
        ) &&
        c.steps.some(
          (s) => s.kind === "emit" && (s.event.kind === "block" || s.event.kind === "tx"),
        ),
      minPer1000: 500,
    },
    ...routerClasses.filter((k) => /capacity|late/.test(k.name)),
  ],
});

// ---------------------------------------------------------------------------------------------
// P2P denominator agents

export const PROVIDER_BOUNDARIES = boundaries<ProviderCase>({
  generator: "arbProviderCase",
  ids: ["P2P-1", "P2P-2", "P2P-3"],
  suite: "denominator",
  arbitrary: arbProviderCase(),
  classes: [
    {
      name: "a request delivered again (duplicate or replay)",
      spec: "§13 P2P-1…3",
      hit: (c) =>
        c.requests.some((r, k) => c.requests.findIndex((x) => x.request === r.request) < k),
      minPer1000: 200,
    },
    {
      name: "a request sent before an earlier-delivered one (late)",
      spec: "§13 P2P-1…3",
      hit: (c) => c.requests.some((r) => r.request.timestamp < r.at),
      minPer1000: 300,
    },
    {
      name: "a request from a recipient it does not serve",
      spec: "§13 P2P-3",
      hit: (c) =>
        c.requests.some((r) => !Object.hasOwn(c.config.recipients, r.request.recipient_id)),
      minPer1000: 300,
    },
    {
      name: "20 recipients or more",
      spec: "§11 (collections)",
      hit: (c) => Object.keys(c.config.recipients).length >= 20,
      minPer1000: 100,
    },
    {
      name: "capacity 1e-9 (the smallest) or 1e15 (the largest)",
      spec: "§1",
      hit: (c) => c.config.capacity === MIN_MAGNITUDE || c.config.capacity === MAX_QUANTITY,
      minPer1000: 50,
    },
    {
      name: "an amount asked of 1e-9 or 1.5e-9",
      spec: "§1",
      hit: (c) =>
        c.requests.some(
          (r) =>
            r.request.expected_allocation <= 1.5 * MIN_MAGNITUDE &&
            r.request.expected_allocation > 0,
        ),
      minPer1000: 100,
    },
    {
      name: "two requests exactly one round (1 s) apart",
      spec: "§13 P2P-2",
      hit: (c) =>
        c.requests.some((r, k) => k > 0 && r.at - (c.requests[k - 1]?.at ?? 0) === P2P_ROUND_MS),
      minPer1000: 50,
    },
    {
      name: "capacity exhausted exactly",
      spec: "§13 P2P-1",
      hit: (c) => {
        let left = c.config.capacity;
        for (const { request: q } of c.requests) {
          if (!Object.hasOwn(c.config.recipients, q.recipient_id)) continue;
          left -= Math.min(q.expected_allocation, q.residual_need, left);
          if (left === 0 && c.config.capacity > 0) return true;
        }
        return false;
      },
      minPer1000: 100,
    },
  ],
});

type RStep = RecipientCase["steps"][number];
export const RECIPIENT_BOUNDARIES = boundaries<RecipientCase>({
  generator: "arbRecipientCase",
  ids: ["P2P-5", "P2P-6", "P2P-7", "P2P-8"],
  suite: "denominator",
  arbitrary: arbRecipientCase(),
  classes: [
    {
      name: "a response delivered again (duplicate)",
      spec: "§13 P2P-5",
      hit: (c) => {
        let responded = false;
        for (const s of c.steps as readonly RStep[]) {
          if (s.kind === "respond") responded = true;
          if (s.kind === "duplicate" && responded) return true;
        }
        return false;
      },
      minPer1000: 200,
    },
    {
      name: "gossip delivered again later (replay)",
      spec: "§13 P2P-7",
      hit: (c) => {
        let gossiped = false;
        for (const s of c.steps as readonly RStep[]) {
          if (s.kind === "gossip") gossiped = true;
          if (s.kind === "regossip" && gossiped) return true;
        }
        return false;
      },
      minPer1000: 200,
    },
    {
      name: "a response to a request of an earlier round (late)",
      spec: "§13 P2P-5",
      hit: (c) => {
        let rounds = 0;
        for (const s of c.steps as readonly RStep[]) {
          if (s.kind === "round") rounds++;
          if (s.kind === "respond" && rounds >= 2 && s.pick > 0) return true;
        }
        return false;
      },
      minPer1000: 200,
    },
    {
      name: "gossip from a stranger, from itself, about an unknown provider",
      spec: "§13 P2P-7",
      hit: (c) => {
        const g = (c.steps as readonly RStep[]).filter(
          (s): s is Extract<RStep, { kind: "gossip" }> => s.kind === "gossip",
        );
        return (
          g.some((s) => s.gossip.sender_id === "R99") &&
          g.some((s) => s.gossip.sender_id === c.config.id) &&
          g.some((s) => !Object.hasOwn(c.config.providers, s.gossip.provider_id))
        );
      },
      minPer1000: 20,
    },
    {
      name: "20 providers",
      spec: "§11 (collections)",
      hit: (c) => Object.keys(c.config.providers).length >= 20,
      minPer1000: 100,
    },
    {
      name: "20–40 gossip partners",
      spec: "§11 (collections)",
      hit: (c) => c.config.partners.length >= 20,
      minPer1000: 100,
    },
    {
      name: "gossip with confidence 0 or 1",
      spec: "§13 P2P-7",
      hit: (c) =>
        (c.steps as readonly RStep[]).some(
          (s) => s.kind === "gossip" && (s.gossip.confidence === 0 || s.gossip.confidence === 1),
        ),
      minPer1000: 200,
    },
    {
      name: "a stray response",
      spec: "§13 P2P-5",
      hit: (c) => (c.steps as readonly RStep[]).some((s) => s.kind === "stray"),
      minPer1000: 300,
    },
    {
      name: "rounds exactly one round period apart",
      spec: "§13 P2P-5",
      hit: (c) => {
        let last: number | undefined;
        for (const s of c.steps as readonly RStep[]) {
          if (s.kind !== "round") continue;
          if (last !== undefined && s.at - last === P2P_ROUND_MS) return true;
          last = s.at;
        }
        return false;
      },
      minPer1000: 20,
    },
  ],
});

export const PROTOCOL_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  V2_BOUNDARIES,
  V2_JOIN_BOUNDARIES,
  V1_BOUNDARIES,
  V1_TIMED_BOUNDARIES,
  ROUTER_BOUNDARIES,
  ROUTER_DEDUP_BOUNDARIES,
  ROUTER_LANES_BOUNDARIES,
  PROVIDER_BOUNDARIES,
  RECIPIENT_BOUNDARIES,
];

// ---------------------------------------------------------------------------------------------
// The simulator's scenario arbitraries (commons-spec/arbitraries): fault schedules, topologies

export const FAULT_BOUNDARIES = boundaries<FaultSchedule>({
  generator: "arbFaultSchedule",
  suite: "nodes",
  arbitrary: arbFaultSchedule({ durationMs: 10_000 }),
  classes: [
    {
      name: "no loss, no duplication",
      spec: "§13",
      hit: (f) => f.network.loss === 0 && f.network.duplicate === 0,
      minPer1000: 50,
    },
    {
      name: "loss of 1 % or more",
      spec: "§13",
      hit: (f) => f.network.loss >= 0.01,
      minPer1000: 300,
    },
    {
      name: "duplication of 1 % or more",
      spec: "§13",
      hit: (f) => f.network.duplicate >= 0.01,
      minPer1000: 300,
    },
    {
      name: "a partition that heals",
      spec: "§13",
      hit: (f) => f.partitions.some((p) => p.heal !== undefined),
      minPer1000: 200,
    },
    {
      name: "a partition that never heals",
      spec: "§13",
      hit: (f) => f.partitions.some((p) => p.heal === undefined),
      minPer1000: 100,
    },
    {
      name: "a crash",
      spec: "§13",
      hit: (f) =>
        f.churn.events.some((e) => e.kind === "crash") ||
        f.churn.rates.some((r) => r.kind === "crash"),
      minPer1000: 200,
    },
  ],
});

export const TOPOLOGY_BOUNDARIES = boundaries<SizedTopology>({
  generator: "arbSizedTopology",
  suite: "nodes",
  arbitrary: arbSizedTopology({ minNodes: 1, maxNodes: 50 }),
  classes: [
    { name: "one node", spec: "§13", hit: (t) => t.count === 1, minPer1000: 5 },
    { name: "20 to 50 nodes", spec: "§13", hit: (t) => t.count >= 20, minPer1000: 300 },
    ...(["ring", "star", "full-mesh", "barabasi-albert"] as const).map((k) => ({
      name: `a ${k} topology`,
      spec: "§13",
      hit: (t: SizedTopology) => t.topology.kind === k,
      minPer1000: 30,
    })),
  ],
});

/** The simulator's scenario arbitraries, measured too (bench/RESULTS.md). */
export const SCENARIO_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  FAULT_BOUNDARIES,
  TOPOLOGY_BOUNDARIES,
];
