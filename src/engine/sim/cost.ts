/**
 * The cost of a scenario, estimated before it runs (SPEC.md §Simulation, "Cost limit"), so a
 * document that would run for days or outgrow memory — a 10⁶-node full mesh, 10⁹ joins per
 * minute — is refused with the field that makes it expensive instead of being started.
 *
 * Two figures, both deliberately pessimistic (upper bounds of the order of magnitude, not
 * predictions):
 * - **events**: messages sent over the duration — every node publishing to each of its
 *   neighbours once per protocol period (V2: the debounce interval, and the heartbeat; V1: a
 *   round, three messages per neighbour; P2P: a round, requests and replies to every neighbour
 *   and gossip to `fanout` partners; router: every peer's announcements and pings, the router's
 *   ticks) — and the nodes' timers, plus the churn records and the edges the topology
 *   generator builds;
 * - **memory**: bytes of node state, about 8 KiB per node and neighbour (measured on V2 networks
 *   of 10³–10⁵ nodes, bench/RESULTS.md), nodes that join by churn included.
 *
 * Measured against runs of the built-in scenarios (test/engine/sim/cost.test.ts) the event
 * estimate is 1–100 × the events the run processes; at ≈ 5 000–20 000 events per wall second,
 * the default limit of 5·10⁷ stands for tens of minutes to a few hours of wall time.
 */
import type { Scenario } from "./scenario.js";

export interface CostLimits {
  /** Largest estimated number of events (default 5·10⁷). */
  readonly events: number;
  /** Largest estimated node state in bytes (default 4 GiB). */
  readonly memoryBytes: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = { events: 5e7, memoryBytes: 4 * 2 ** 30 };

/** Bytes of state per node and neighbour (and per node itself). */
const BYTES_PER_NODE_AND_NEIGHBOUR = 8 * 1024;

export interface CostEstimate {
  /** Nodes at the start, and expected to join by churn. */
  readonly nodes: number;
  readonly joins: number;
  /** Mean degree of the topology. */
  readonly degree: number;
  /** Churn records the fault schedule holds. */
  readonly churnRecords: number;
  readonly events: number;
  readonly memoryBytes: number;
}

export interface CostVerdict {
  readonly estimate: CostEstimate;
  readonly limits: CostLimits;
  /** Undefined when both figures are within the limits. */
  readonly over?: {
    readonly what: "events" | "memory";
    readonly value: number;
    readonly limit: number;
    /** The scenario field whose value makes the run expensive (`nodes.count`, `churn.rates[0].perMinute`, …). */
    readonly field: string;
    /** Its value, as written. */
    readonly fieldValue: string;
  };
}

/** The quantities the estimate depends on; `culprit` resets them one at a time. */
interface Params {
  nodes: number;
  degree: number;
  duration: number;
  /** Messages each node sends per neighbour and per ms. */
  perNeighbourPerMs: number;
  /** Messages per node and ms, independent of the degree (gossip, pings). */
  perNodePerMs: number;
  /** Messages per node, once (router announcements). */
  perNodeOnce: number;
  /** Messages per ms, independent of the nodes (router ticks). */
  fixedPerMs: number;
  joins: number;
  churnRecords: number;
}

function meanDegree(s: Scenario, n: number): number {
  const t = s.topology;
  switch (t.kind) {
    case "ring":
      return 2;
    case "grid":
      return 4;
    case "random-regular":
      return t.degree;
    case "erdos-renyi":
      return t.avgDegree;
    case "watts-strogatz":
      return t.k;
    case "barabasi-albert":
      return 2 * t.m;
    case "star":
      return 2;
    case "full-mesh":
      return Math.max(0, n - 1);
    case "recognition":
      return 2 * t.perNode;
    case "explicit":
      return n === 0 ? 0 : (2 * t.edges.length) / n;
  }
}

function nodeCount(s: Scenario): number {
  const n = Array.isArray(s.nodes) ? s.nodes.length : s.nodes.count;
  return s.protocol === "router" ? n + 1 : n;
}

function paramsOf(s: Scenario): Params {
  const nodes = nodeCount(s);
  let joins = 0;
  let churnRecords = 0;
  for (const e of s.churn.events) {
    churnRecords += e.count;
    if (e.kind === "join") joins += e.count;
  }
  for (const r of s.churn.rates) {
    const expected = (r.perMinute * (r.until - r.from)) / 60_000;
    churnRecords += expected;
    if (r.kind === "join") joins += expected;
  }
  const p: Params = {
    nodes,
    degree: meanDegree(s, nodes),
    duration: s.duration,
    perNeighbourPerMs: 0,
    perNodePerMs: 0,
    perNodeOnce: 0,
    fixedPerMs: 0,
    joins,
    churnRecords,
  };
  switch (s.protocol) {
    case "v2": {
      const debounce = Math.max(s.v2.debounceMs ?? 100, 1);
      const heartbeat = s.v2.heartbeatMs ?? 20_000;
      p.perNeighbourPerMs = 1 / debounce + 1 / heartbeat;
      p.perNodePerMs = 1 / debounce + 1 / heartbeat; // the debounce and heartbeat timers
      break;
    }
    case "v1":
      p.perNeighbourPerMs = 3 / (s.v1.roundMs ?? 90_000);
      p.perNodePerMs = 3 / (s.v1.roundMs ?? 90_000); // compute, aggregate and round-end timers
      break;
    case "p2p":
      p.perNeighbourPerMs = 2 / s.p2p.roundMs;
      p.perNodePerMs = (s.p2p.fanout + 1) / s.p2p.roundMs; // gossip, and the round timer
      break;
    case "router": {
      const r = s.router;
      p.perNodeOnce = r.blocks * (1 + r.txPerBlock);
      p.perNodePerMs = r.pingMs > 0 ? 1 / r.pingMs : 0;
      p.fixedPerMs = r.subscribers.reduce((a, x) => a + x.perTick, 0) / r.tickMs;
      break;
    }
  }
  return p;
}

function eventsOf(p: Params): number {
  const nodes = p.nodes + p.joins;
  // Joiners are present half of the time on average; counted in full (an upper bound).
  const messages =
    nodes * p.degree * p.perNeighbourPerMs * p.duration +
    nodes * (p.perNodePerMs * p.duration + p.perNodeOnce + 1) +
    p.fixedPerMs * p.duration;
  const edges = (p.nodes * p.degree) / 2;
  return messages + p.churnRecords + edges;
}

function memoryOf(p: Params): number {
  return (p.nodes + p.joins) * (1 + p.degree) * BYTES_PER_NODE_AND_NEIGHBOUR;
}

/** The estimate of a scenario (see the module comment). */
export function estimateCost(s: Scenario): CostEstimate {
  const p = paramsOf(s);
  return {
    nodes: p.nodes,
    joins: p.joins,
    degree: p.degree,
    churnRecords: p.churnRecords,
    events: eventsOf(p),
    memoryBytes: memoryOf(p),
  };
}

/** Degree fields of the topology kinds, for naming them. */
function degreeField(s: Scenario): { field: string; value: string } {
  const t = s.topology;
  switch (t.kind) {
    case "random-regular":
      return { field: "topology.degree", value: String(t.degree) };
    case "erdos-renyi":
      return { field: "topology.avgDegree", value: String(t.avgDegree) };
    case "watts-strogatz":
      return { field: "topology.k", value: String(t.k) };
    case "barabasi-albert":
      return { field: "topology.m", value: String(t.m) };
    case "recognition":
      return { field: "topology.perNode", value: String(t.perNode) };
    case "explicit":
      return { field: "topology.edges", value: `${t.edges.length} edges` };
    default:
      return { field: "topology.kind", value: t.kind };
  }
}

/** The scenario with its protocol's periods at their defaults. */
function typicalPeriods(s: Scenario): Scenario {
  switch (s.protocol) {
    case "v2":
      return { ...s, v2: {} };
    case "v1":
      return { ...s, v1: {} };
    case "p2p":
      return { ...s, p2p: { ...s.p2p, roundMs: 1000, fanout: Math.min(3, s.p2p.fanout) } };
    case "router":
      return {
        ...s,
        router: {
          ...s.router,
          tickMs: 10,
          pingMs: 1000,
          subscribers: [{ name: "sync", perTick: 64 }],
        },
      };
  }
}

/**
 * The field that makes the scenario expensive: of the fields the estimate depends on, the one
 * whose reset to a typical value (100 nodes, degree 6, one minute, no churn, the protocol's
 * default period) lowers the figure most.
 */
function culprit(s: Scenario, measure: (p: Params) => number): { field: string; value: string } {
  const base = paramsOf(s);
  const typical = paramsOf(typicalPeriods(s));
  const candidates: { field: string; value: string; p: Params }[] = [
    { ...degreeField(s), p: { ...base, degree: Math.min(base.degree, 6) } },
    { field: "duration", value: String(s.duration), p: { ...base, duration: 60_000 } },
  ];
  const period =
    s.protocol === "v2"
      ? { field: "v2.debounceMs", value: s.v2.debounceMs }
      : s.protocol === "v1"
        ? { field: "v1.roundMs", value: s.v1.roundMs }
        : s.protocol === "p2p"
          ? { field: "p2p.roundMs", value: s.p2p.roundMs }
          : { field: "router.tickMs", value: s.router.tickMs };
  candidates.push({
    field: period.field,
    value: String(period.value ?? "default"),
    p: {
      ...base,
      perNeighbourPerMs: typical.perNeighbourPerMs,
      perNodePerMs: typical.perNodePerMs,
      fixedPerMs: typical.fixedPerMs,
    },
  });
  if (s.protocol === "router")
    candidates.push({
      field: "router.blocks",
      value: String(s.router.blocks),
      p: { ...base, perNodeOnce: Math.min(base.perNodeOnce, 150) },
    });
  s.churn.rates.forEach((r, i) => {
    const expected = (r.perMinute * (r.until - r.from)) / 60_000;
    candidates.push({
      field: `churn.rates[${i}].perMinute`,
      value: String(r.perMinute),
      p: {
        ...base,
        churnRecords: base.churnRecords - expected,
        joins: base.joins - (r.kind === "join" ? expected : 0),
      },
    });
  });
  s.churn.events.forEach((e, i) => {
    candidates.push({
      field: `churn.events[${i}].count`,
      value: String(e.count),
      p: {
        ...base,
        churnRecords: base.churnRecords - e.count,
        joins: base.joins - (e.kind === "join" ? e.count : 0),
      },
    });
  });
  // The node count last: on a tie, the other field is the more specific answer.
  candidates.push({
    field: Array.isArray(s.nodes) ? "nodes" : "nodes.count",
    value: String(base.nodes - (s.protocol === "router" ? 1 : 0)),
    p: { ...base, nodes: 100, degree: s.topology.kind === "full-mesh" ? 99 : base.degree },
  });
  let best = candidates[0] as (typeof candidates)[number];
  let bestValue = Infinity;
  for (const c of candidates) {
    const v = measure(c.p);
    if (v < bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return { field: best.field, value: best.value };
}

/** The estimate, and which limit it exceeds (events first), naming the field responsible. */
export function checkCost(s: Scenario, limits: CostLimits = DEFAULT_COST_LIMITS): CostVerdict {
  const estimate = estimateCost(s);
  if (estimate.events > limits.events) {
    const c = culprit(s, eventsOf);
    return {
      estimate,
      limits,
      over: {
        what: "events",
        value: estimate.events,
        limit: limits.events,
        field: c.field,
        fieldValue: c.value,
      },
    };
  }
  if (estimate.memoryBytes > limits.memoryBytes) {
    const c = culprit(s, memoryOf);
    return {
      estimate,
      limits,
      over: {
        what: "memory",
        value: estimate.memoryBytes,
        limit: limits.memoryBytes,
        field: c.field,
        fieldValue: c.value,
      },
    };
  }
  return { estimate, limits };
}

function sci(x: number): string {
  if (x < 1e6) return String(Math.round(x));
  const e = Math.floor(Math.log10(x));
  return `${(x / 10 ** e).toFixed(1)}e${e}`;
}

function bytes(x: number): string {
  return x >= 2 ** 30 ? `${(x / 2 ** 30).toFixed(1)} GiB` : `${Math.round(x / 2 ** 20)} MiB`;
}

/** One sentence: why the scenario is refused (for a verdict with `over`). */
export function formatCostRefusal(name: string, v: CostVerdict): string {
  const o = v.over;
  if (o === undefined) return "";
  const e = v.estimate;
  const shape = `${e.nodes} nodes${e.joins > 0 ? ` + ${sci(e.joins)} joining` : ""}, mean degree ${e.degree.toFixed(1)}`;
  const figure =
    o.what === "events"
      ? `about ${sci(o.value)} events (${shape}), above the limit of ${sci(o.limit)}`
      : `about ${bytes(o.value)} of node state (${shape}), above the limit of ${bytes(o.limit)}`;
  return `${name}: too expensive to run — ${figure}; the cost comes mostly from ${o.field} (${o.fieldValue}). Lower it, or pass --force to run anyway`;
}
