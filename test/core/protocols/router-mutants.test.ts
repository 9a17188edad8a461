/**
 * Examples that pin down router behaviour the property suites leave loose (found by StrykerJS,
 * bench/mutation/equivalent.md): exact effects of the router and its peers, shared append-only
 * logs, channel fill with subscribers that have read part of the log, repeated lag, latencies,
 * metrics of an older state, the decision rule at its thresholds and the safety check on
 * hand-broken states.
 */
import { describe, expect, it } from "vitest";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import {
  appendLog,
  DEFAULT_ROUTER_OPTIONS,
  emptyLog,
  EVENT_KINDS,
  laneOf,
  logAt,
  routerInit,
  routerMachine,
  routerMetrics,
  routerPeerInit,
  routerRecommendation,
  type EventKind,
  type PeerEvent,
  type RouterNodeState,
  type RouterOptions,
  type RouterPeerConfig,
  type RouterState,
} from "../../../src/core/protocols/router.js";

const ctx = (now: number, random: () => number = () => 0.5): NodeContext => ({
  now,
  self: "router",
  random,
});
const ev = (kind: EventKind, hash: string, from = "peer", at = 0): NodeInput<PeerEvent> => ({
  kind: "message",
  from,
  msg: { type: "peer-event", kind, hash, sentAt: at },
});
const tick: NodeInput<PeerEvent> = { kind: "timer", name: "tick" };

function drive(
  options: Partial<RouterOptions>,
  inputs: [number, NodeInput<PeerEvent>][],
  from: RouterNodeState = routerInit("router", options),
) {
  let s = from;
  const violations: string[] = [];
  const effects: unknown[][] = [];
  for (const [t, i] of inputs) {
    const r = routerMachine.step(s, i, ctx(t));
    violations.push(...routerMachine.check(s, r.state).map((v) => v.id));
    effects.push([...r.effects]);
    s = r.state;
  }
  return { state: s as RouterState, violations, effects };
}
const tickTimer = { kind: "setTimer", name: "tick", delay: 10 };

describe("router: constants and logs", () => {
  it("the seed's defaults, every event kind's lane and the machine's name", () => {
    expect(DEFAULT_ROUTER_OPTIONS).toEqual({
      mode: "single",
      capacity: 2048,
      laneCapacity: { control: 256, sync: 512, inventory: 1024, data: 4096 },
      dedup: "off",
      dedupTtlMs: 5000,
      dedupCapacity: 1024,
      subscribers: [{ name: "sync", perTick: 64 }],
      tickMs: 10,
    });
    expect(EVENT_KINDS.map(laneOf)).toEqual([
      "control",
      "control",
      "control",
      "control",
      "sync",
      "inventory",
      "data",
      "data",
    ]);
    expect(routerMachine.name).toBe("router");
    const seg = routerInit("r", { mode: "segmented" });
    expect(Object.values(seg.channels).map((c) => c.capacity)).toEqual([256, 512, 1024, 4096]);
  });

  it("appending to the newest view shares the array; appending to an older view copies it", () => {
    expect(emptyLog()).toEqual({ items: [], length: 0 });
    const a = appendLog(emptyLog<number>(), 1);
    const b = appendLog(a, 2);
    expect(b.items).toBe(a.items);
    // a's view is [1] although its array now holds [1, 2]: reads past the view are undefined.
    expect(logAt(a, 1)).toBeUndefined();
    expect(logAt(a, 0)).toBe(1);
    const c = appendLog(a, 3);
    expect(c.items).not.toBe(a.items);
    expect([logAt(b, 1), logAt(c, 1)]).toEqual([2, 3]);
    expect(b.items.slice(0, b.length)).toEqual([1, 2]);
  });
});

describe("router: events and ticks", () => {
  it("the first event arms the tick timer once; a tick re-arms it only while a backlog is left", () => {
    expect(routerInit("r").tickArmed).toBe(false);
    const { state, effects } = drive({ subscribers: [{ name: "s", perTick: 1 }] }, [
      [0, ev("inv", "a")],
      [0, ev("inv", "b")],
      [10, tick],
      [20, tick],
    ]);
    expect(effects).toEqual([[tickTimer], [], [tickTimer], []]);
    expect(state.tickArmed).toBe(false);
  });

  it("fill counts only what the slowest subscriber has not read", () => {
    const one = drive({ capacity: 4, subscribers: [{ name: "s", perTick: 10 }] }, [
      [0, ev("inv", "a")],
      [0, ev("inv", "b")],
      [10, tick],
      [11, ev("inv", "c")],
      [11, ev("inv", "d")],
    ]);
    expect(one.state.maxUsage).toBe(0.5);
    // The slow subscriber first: the minimum is over all subscribers, not the last one.
    const two = drive(
      {
        capacity: 8,
        subscribers: [
          { name: "slow", perTick: 1 },
          { name: "fast", perTick: 10 },
        ],
      },
      [
        ...(["a", "b", "c", "d"].map((h) => [0, ev("inv", h)]) as [number, NodeInput<PeerEvent>][]),
        [10, tick],
        ...(["e", "f", "g", "h"].map((h) => [11, ev("inv", h)]) as [
          number,
          NodeInput<PeerEvent>,
        ][]),
      ],
    );
    expect(two.state.maxUsage).toBe(7 / 8);
    expect(two.violations).toEqual([]);
  });

  it("peers: only a connect adds a peer, kept sorted", () => {
    const { state } = drive({}, [
      [0, ev("connected", "c", "b")],
      [0, ev("connected", "c", "a")],
      [0, ev("inv", "x", "z")],
    ]);
    expect(state.peers).toEqual(["a", "b"]);
    expect(state.peakPeers).toBe(2);
  });

  it("with dedup off nothing is cached or counted; only inventory counts as inventory", () => {
    const { state } = drive({}, [
      [0, ev("inv", "h")],
      [1, ev("inv", "h")],
      [2, ev("tx", "h")],
    ]);
    expect(state.duplicates).toBe(0);
    expect(state.dedupCache.size).toBe(0);
    expect(state.inventoryReceived).toBe(2);
  });

  it("lag accumulates over ticks, measured from the subscriber's cursor", () => {
    const { state, violations } = drive({ capacity: 2, subscribers: [{ name: "s", perTick: 1 }] }, [
      [0, ev("inv", "1")],
      [0, ev("inv", "2")],
      [0, ev("inv", "3")],
      [0, ev("inv", "4")],
      [10, tick], // lags 1, 2; reads 3
      [11, ev("inv", "5")],
      [11, ev("inv", "6")],
      [11, ev("inv", "7")],
      [20, tick], // lags 4, 5; reads 6
    ]);
    expect(violations).toEqual([]);
    expect(state.subs["s"]?.lagged["all"]).toBe(4);
    expect(state.subs["s"]?.cursor["all"]).toBe(6);
    expect(state.laggedByLane.inventory).toBe(4);
  });

  it("latency is delivery time minus send time; metrics of an older state ignore later deliveries", () => {
    const first = drive({}, [
      [0, ev("inv", "a", "p", 3)],
      [10, tick],
    ]).state;
    expect(first.latencies.inventory.items.slice(0, 1)).toEqual([7]);
    const later = drive(
      {},
      [
        [50, ev("inv", "b", "p", 0)],
        [100, tick],
      ],
      first,
    ).state;
    expect(later.latencies.inventory.items).toBe(first.latencies.inventory.items);
    expect(routerMetrics(later).p99.inventory).toBe(100);
    expect(routerMetrics(first).p99.inventory).toBe(7);
    expect(routerMetrics(first).p50).toEqual({
      control: null,
      sync: null,
      inventory: 7,
      data: null,
    });
  });
});

describe("router peers: exact effects", () => {
  const config: RouterPeerConfig = {
    id: "p1",
    router: "router",
    index: 1,
    peers: 2,
    blocks: 2,
    burstStartMs: 100,
    blockIntervalMs: 50,
    txPerBlock: 1,
    pingMs: 30,
    untilMs: 1000,
  };
  const send = (kind: EventKind, hash: string, sentAt: number) => ({
    kind: "send",
    to: "router",
    msg: { type: "peer-event", kind, hash, sentAt },
  });
  const step = (s: RouterNodeState, i: NodeInput<PeerEvent>, t: number) =>
    routerMachine.step(s, i, ctx(t));

  it("start, ping and block timers", () => {
    const s0 = routerPeerInit(config);
    const st = step(s0, { kind: "start" }, 0);
    expect(st.effects).toEqual([
      send("connected", "conn:p1", 0),
      { kind: "setTimer", name: "block", delay: 125 },
      { kind: "setTimer", name: "ping", delay: 15 },
    ]);
    expect(step(st.state, { kind: "timer", name: "ping" }, 30).effects).toEqual([
      send("ping", "ping:p1:30", 30),
      { kind: "setTimer", name: "ping", delay: 30 },
    ]);
    // An unknown timer or a message is ignored even with blocks left to send.
    for (const i of [{ kind: "timer", name: "other" }, ev("tx", "x")] as const) {
      const r = step(st.state, i, 40);
      expect(r.state).toBe(st.state);
      expect(r.effects).toEqual([]);
    }
    const b0 = step(st.state, { kind: "timer", name: "block" }, 125);
    expect(b0.effects).toEqual([
      send("inv", "block:0", 125),
      { kind: "setTimer", name: "block", delay: 50 },
    ]);
    const b1 = step(b0.state, { kind: "timer", name: "block" }, 175);
    expect(b1.effects).toEqual([
      send("inv", "block:1", 175),
      send("headers", "hdr:1", 175),
      send("block", "block:1", 175),
      send("tx", "tx:1:0", 175),
    ]);
  });
});

describe("router: the decision rule at its thresholds", () => {
  const base = routerMetrics(routerInit("r"));
  const rec = (lagRate: number, duplicateRate: number, peakPeers: number) =>
    routerRecommendation({ ...base, lagRate, duplicateRate, peakPeers });
  it("≤ 1 % lag, ≤ 30 % duplicates and ≤ 150 peers are below the thresholds", () => {
    expect(rec(0.01, 0.9, 500)).toBe("no change: lag rate 1.0 % ≤ 1 %");
    expect(rec(0.02, 0.3, 150)).toBe(
      "increase channel size: lag rate 2.0 % > 1 %, duplicate rate 30.0 % ≤ 30 %, 150 peers ≤ 150",
    );
    expect(rec(0.02, 0.31, 150)).toBe(
      "implement deduplication: lag rate 2.0 % > 1 % and duplicate rate 31.0 % > 30 %",
    );
    expect(rec(0.02, 0.3, 151)).toBe(
      "implement segmented fanout: lag rate 2.0 % > 1 % and 151 peers > 150",
    );
  });
});

describe("router: the safety check on hand-broken states", () => {
  const { state } = drive({ subscribers: [{ name: "s", perTick: 10 }] }, [
    [0, ev("inv", "a")],
    [0, ev("inv", "b")],
    [10, tick],
  ]);
  const st = state.subs["s"] as NonNullable<(typeof state.subs)[string]>;
  const check = (prev: RouterState, next: RouterState) => routerMachine.check(prev, next);

  it("ROUTER-2: a cursor beyond a (replaced) channel, or an account that does not add up", () => {
    const shrunk = { ...state, channels: { all: { capacity: 2048, log: emptyLog<never>() } } };
    // delivered 2 + lagged 0 + pending (0 - 2) adds up to 0 emitted, but the cursor is past the log.
    expect(check(state, shrunk as unknown as RouterState).map((v) => v.id)).toEqual(["ROUTER-2"]);
    const miscounted = { ...state, subs: { s: { ...st, delivered: { all: 1 } } } };
    expect(check(state, miscounted)).toEqual([
      {
        id: "ROUTER-2",
        message: "router: subscriber s on all: delivered + lagged + pending = 1 ≠ 2 emitted",
      },
    ]);
  });

  it("ROUTER-3 looks at a new drop only; nothing unchanged is re-checked", () => {
    const stale = { ...state, lastDrop: { hash: "h", seenAt: 100, at: 5100 } };
    expect(check(state, stale)).toEqual([
      { id: "ROUTER-3", message: "router: dropped h seen 5000 ms ago" },
    ]);
    // The same (already reported) drop on a later step, and a state without a drop.
    expect(check(stale, { ...stale, subs: { ...stale.subs } })).toEqual([]);
    expect(check(stale, { ...stale, lastDrop: null })).toEqual([]);
    expect(check(stale, { ...stale, received: 9 })).toEqual([]);
    // A step that leaves channels, subscribers and the last drop alone is not re-checked.
    const miscounted = { ...state, subs: { s: { ...st, delivered: { all: 1 } } } };
    expect(check(miscounted, { ...miscounted, received: 9 })).toEqual([]);
  });
});
