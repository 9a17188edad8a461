/**
 * Edge cases of the seed-004 router (SPEC.md §13, ROUTER rows): subscribers of some lanes only
 * (skipped events, lag counted per lane, offered events), peers, TTL expiry and LRU eviction of
 * the dedup cache, and the peers' burst generator.
 */
import { describe, expect, it } from "vitest";
import type { NodeContext, NodeEffect, NodeInput } from "../../../src/core/protocols/machine.js";
import {
  appendLog,
  emptyLog,
  laneOf,
  logAt,
  percentile,
  routerInit,
  routerMachine,
  routerMetrics,
  routerPeerInit,
  type EventKind,
  type PeerEvent,
  type RouterNodeState,
  type RouterOptions,
  type RouterPeerConfig,
  type RouterPeerState,
  type RouterState,
} from "../../../src/core/protocols/router.js";

const ctx = (now: number, random: () => number = () => 0): NodeContext => ({
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

/** Steps a router through `inputs` at the given times, checking safety after every step. */
function drive(options: Partial<RouterOptions>, inputs: [number, NodeInput<PeerEvent>][]) {
  let s: RouterNodeState = routerInit("router", options);
  const violations: string[] = [];
  for (const [t, i] of inputs) {
    const r = routerMachine.step(s, i, ctx(t));
    violations.push(...routerMachine.check(s, r.state).map((v) => v.id));
    s = r.state;
  }
  return { state: s as RouterState, violations };
}

describe("router: subscribers of some lanes", () => {
  it("skips other lanes' events without spending its budget on them, and records latency only for its lanes", () => {
    const { state, violations } = drive(
      { subscribers: [{ name: "inv", perTick: 1, lanes: ["inventory"] }] },
      [
        [0, ev("tx", "t1")],
        [0, ev("inv", "i1")],
        [0, ev("tx", "t2")],
        [0, ev("inv", "i2")],
        [10, tick],
      ],
    );
    expect(violations).toEqual([]);
    const sub = state.subs["inv"];
    // One tick of budget 1: t1 skipped, i1 delivered; the cursor stops before t2.
    expect(sub?.cursor["all"]).toBe(2);
    expect(sub?.delivered["all"]).toBe(2);
    expect(state.latencies.inventory.length).toBe(1);
    expect(state.latencies.data.length).toBe(0);
    expect(state.tickArmed).toBe(true); // backlog left
    const drained = routerMachine.step(state, tick, ctx(20)).state as RouterState;
    expect(drained.subs["inv"]?.cursor["all"]).toBe(4);
    expect(drained.latencies.inventory.length).toBe(2);
    expect(drained.tickArmed).toBe(false);
  });

  it("ROUTER-2 counts lost events per channel, but per lane only those the subscriber reads", () => {
    const events: [number, NodeInput<PeerEvent>][] = [
      [0, ev("tx", "t1")],
      [0, ev("tx", "t2")],
      [0, ev("inv", "i1")],
      [0, ev("inv", "i2")],
      [0, ev("inv", "i3")],
    ];
    const { state, violations } = drive(
      { capacity: 2, subscribers: [{ name: "inv", perTick: 10, lanes: ["inventory"] }] },
      [...events, [10, tick]],
    );
    expect(violations).toEqual([]);
    const sub = state.subs["inv"];
    expect(sub?.lagged["all"]).toBe(3); // t1, t2, i1 were overwritten
    expect(sub?.delivered["all"]).toBe(2);
    expect(state.laggedByLane).toEqual({ control: 0, sync: 0, inventory: 1, data: 0 });
    const m = routerMetrics(state);
    // Offered: the 3 inventory events it subscribes to, not the 2 data events.
    expect(m.lagRate).toBeCloseTo(1 / 3, 12);
    expect(m.capacityUsage).toBe(1);
  });
});

describe("router: peers and duplicate detection", () => {
  it("tracks connected peers (peak and current) and ignores other timers", () => {
    const { state } = drive({}, [
      [0, ev("connected", "c", "b")],
      [0, ev("connected", "c", "a")],
      [0, ev("connected", "c", "a")], // reconnect of a known peer
      [1, ev("disconnected", "d", "b")],
    ]);
    expect(state.peers).toEqual(["a"]);
    expect(state.peakPeers).toBe(2);
    expect(state.received).toBe(4);
    const r = routerMachine.step(state, { kind: "timer", name: "other" }, ctx(2));
    expect(r.state).toBe(state);
    expect(routerMachine.step(state, { kind: "start" }, ctx(2)).state).toBe(state);
  });

  it("ROUTER-3 forgets an item after the TTL: the same hash is new again and is forwarded", () => {
    const { state, violations } = drive({ dedup: "drop", dedupTtlMs: 100 }, [
      [0, ev("inv", "h")],
      [99, ev("inv", "h")], // within the TTL: dropped
      [100, ev("inv", "h")], // exactly the TTL: new again
      [150, ev("inv", "h")], // within the TTL of the re-acceptance at 100: dropped
    ]);
    expect(violations).toEqual([]);
    expect(state.duplicates).toBe(2);
    expect(state.droppedDuplicates).toBe(2);
    expect(state.channels["all"]?.log.length).toBe(2);
    expect(state.lastDrop).toEqual({ hash: "h", seenAt: 100, at: 150 });
  });

  it("ROUTER-3 the cache keeps the most recent items: past its size the least recently accepted is evicted", () => {
    const { state } = drive({ dedup: "log", dedupCapacity: 2 }, [
      [0, ev("inv", "a")],
      [1, ev("inv", "b")],
      [2, ev("inv", "c")], // evicts a
      [3, ev("inv", "a")], // not a duplicate any more; evicts b
      [4, ev("inv", "c")], // duplicate
      [5, ev("inv", "b")], // evicted: not a duplicate
    ]);
    // A duplicate (c at 4) does not refresh its entry; b at 5 evicts c, accepted before a.
    expect([...state.dedupCache.keys()]).toEqual(["a", "b"]);
    expect(state.duplicates).toBe(1);
    expect(routerMetrics(state).duplicateRate).toBeCloseTo(1 / 6, 12);
    // log mode forwards duplicates: all 6 reached the channel.
    expect(state.channels["all"]?.log.length).toBe(6);
    expect(state.dedupCache.size).toBe(2);
    expect(state.dedupCache.get("b")).toBe(5);
    expect(state.dedupCache.has("c")).toBe(false);
  });

  it("the check reports a drop older than the TTL (ROUTER-3) and a subscriber beyond the log (ROUTER-2)", () => {
    const { state } = drive({ dedup: "drop" }, [[0, ev("inv", "h")]]);
    const ids = (next: RouterState) => routerMachine.check(state, next).map((v) => v.id);
    expect(ids({ ...state, lastDrop: { hash: "h", seenAt: 0, at: 5000 } })).toEqual(["ROUTER-3"]);
    expect(ids({ ...state, lastDrop: { hash: "h", seenAt: 0, at: 4999 } })).toEqual([]);
    const sub = state.subs["sync"];
    const ahead = {
      ...state,
      subs: { sync: { ...(sub as NonNullable<typeof sub>), cursor: { all: 5 } } },
    };
    expect(ids(ahead)).toContain("ROUTER-2");
  });
});

describe("router peers (the burst generator)", () => {
  const config: RouterPeerConfig = {
    id: "p1",
    router: "router",
    index: 1,
    peers: 2,
    blocks: 2,
    burstStartMs: 100,
    blockIntervalMs: 50,
    txPerBlock: 2,
    pingMs: 30,
    untilMs: 1000,
  };
  const peerStep = (s: RouterPeerState, i: NodeInput<PeerEvent>, t: number) => {
    const r = routerMachine.step(
      s,
      i,
      ctx(t, () => 0.5),
    );
    return { state: r.state as RouterPeerState, effects: r.effects };
  };
  const sent = (effects: readonly NodeEffect<PeerEvent>[]) =>
    effects.flatMap((e) => (e.kind === "send" ? [e.msg.hash] : []));

  it("connects, pings until untilMs, announces every block and sends the data of its own blocks", () => {
    let s = routerPeerInit(config);
    const st = peerStep(s, { kind: "start" }, 0);
    expect(sent(st.effects)).toEqual(["conn:p1"]);
    expect(st.effects).toContainEqual({ kind: "setTimer", name: "block", delay: 125 });
    expect(st.effects).toContainEqual({ kind: "setTimer", name: "ping", delay: 15 });
    s = st.state;
    const b0 = peerStep(s, { kind: "timer", name: "block" }, 125);
    expect(sent(b0.effects)).toEqual(["block:0"]); // block 0 is peer 0's: inventory only
    const b1 = peerStep(b0.state, { kind: "timer", name: "block" }, 175);
    expect(sent(b1.effects)).toEqual(["block:1", "hdr:1", "block:1", "tx:1:0", "tx:1:1"]);
    expect(b1.effects.some((e) => e.kind === "setTimer")).toBe(false); // the last block
    expect(b0.state.sent).toBe(2); // connected + block:0
    // The last block arms no timer; all five of its events still count as sent.
    expect(b1.state.sent).toBe(7);
    // No block left, a ping after untilMs, an unknown timer or a message: nothing happens.
    for (const [i, t] of [
      [{ kind: "timer", name: "block" }, 200],
      [{ kind: "timer", name: "ping" }, 1001],
      [{ kind: "timer", name: "other" }, 10],
      [ev("tx", "x"), 10],
    ] as const) {
      const r = peerStep(b1.state, i, t);
      expect(r.state).toBe(b1.state);
      expect(r.effects).toEqual([]);
    }
    const ping = peerStep(b1.state, { kind: "timer", name: "ping" }, 1000);
    expect(sent(ping.effects)).toEqual(["ping:p1:1000"]);
    expect(routerMachine.view(ping.state)).toEqual({
      role: "peer",
      next: 2,
      sent: b1.state.sent + 1,
    });
    expect(routerMachine.check(b1.state, ping.state)).toEqual([]);
  });

  it("a peer without pings arms only its block timer", () => {
    const r = peerStep(routerPeerInit({ ...config, pingMs: 0 }), { kind: "start" }, 0);
    expect(r.effects.filter((e) => e.kind === "setTimer")).toEqual([
      { kind: "setTimer", name: "block", delay: 125 },
    ]);
  });

  it("lanes and percentiles", () => {
    expect((["ping", "headers", "inv", "block"] as const).map(laneOf)).toEqual([
      "control",
      "sync",
      "inventory",
      "data",
    ]);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 99)).toBe(5);
    expect(percentile([5, 1, 3, 2, 4], 0)).toBe(1);
  });
});

describe("router: metrics, views and the check on quiet steps", () => {
  it("an idle router: lag rate 0, no percentiles, nothing to check, an empty view", () => {
    const s = routerInit("router", { mode: "segmented" });
    const m = routerMetrics(s);
    expect([m.lagRate, m.duplicateRate, m.capacityUsage]).toEqual([0, 0, 0]);
    expect(m.p50).toEqual({ control: null, sync: null, inventory: null, data: null });
    expect(routerMachine.check(s, { ...s, received: 5 })).toEqual([]);
    expect(routerMachine.view(s)).toEqual({
      role: "router",
      emitted: { control: 0, sync: 0, inventory: 0, data: 0 },
      duplicates: 0,
      lagged: { control: 0, sync: 0, inventory: 0, data: 0 },
      peers: 0,
    });
    expect(routerMachine.kindOf({ type: "peer-event", kind: "inv", hash: "h", sentAt: 0 })).toBe(
      "inv",
    );
  });

  it("append-only logs: a read outside the view is undefined; percentiles beyond 100 have no rank", () => {
    const log = appendLog(appendLog(emptyLog<number>(), 1), 2);
    expect([logAt(log, -1), logAt(log, 0), logAt(log, 1), logAt(log, 2)]).toEqual([
      undefined,
      1,
      2,
      undefined,
    ]);
    expect(percentile([1, 2], 150)).toBeNull();
  });
});
