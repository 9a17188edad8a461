import { describe, expect, it } from "vitest";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import {
  appendLog,
  emptyLog,
  routerInit,
  routerMachine,
  routerMetrics,
  routerRecommendation,
  type EventKind,
  type PeerEvent,
  type RouterNodeState,
  type RouterOptions,
  type RouterState,
} from "../../../src/core/protocols/router.js";

const ctx = (now: number): NodeContext => ({ now, self: "router", random: () => 0 });
const ev = (kind: EventKind, hash: string, at = 0): NodeInput<PeerEvent> => ({
  kind: "message",
  from: "peer",
  msg: { type: "peer-event", kind, hash, sentAt: at },
});

function feed(options: Partial<RouterOptions>, events: NodeInput<PeerEvent>[], ticks: number) {
  let s: RouterNodeState = routerInit("router", options);
  const violations: string[] = [];
  let t = 0;
  const step = (i: NodeInput<PeerEvent>) => {
    const r = routerMachine.step(s, i, ctx(t));
    violations.push(...routerMachine.check(s, r.state).map((v) => v.id));
    s = r.state;
  };
  for (const e of events) step(e);
  for (let k = 0; k < ticks; k++) {
    t += 10;
    step({ kind: "timer", name: "tick" });
  }
  return { state: s as RouterState, violations };
}

describe("router (seed 004)", () => {
  it("ROUTER-1 no channel ever holds more than its capacity, however long the burst", () => {
    const events = Array.from({ length: 500 }, (_, i) =>
      ev(i % 3 === 0 ? "inv" : "block", `h${i}`),
    );
    const { state, violations } = feed(
      { capacity: 32, subscribers: [{ name: "s", perTick: 1 }] },
      events,
      5,
    );
    expect(violations).toEqual([]);
    expect(routerMetrics(state).capacityUsage).toBe(1);
  });

  it("ROUTER-2 a slow subscriber loses the oldest events of a full channel, and the loss is counted", () => {
    const events = Array.from({ length: 100 }, (_, i) => ev("block", `b${i}`));
    const { state, violations } = feed(
      { capacity: 32, subscribers: [{ name: "slow", perTick: 5 }] },
      events,
      30,
    );
    const m = routerMetrics(state);
    expect(m.lagged.data).toBe(68); // 100 emitted, 32 kept
    expect(state.subs["slow"]?.delivered["all"]).toBe(32);
    expect(m.lagRate).toBeCloseTo(0.68, 9);
    expect(violations).toEqual([]);
  });

  it("ROUTER-4 segmented lanes keep control traffic when a data flood overflows its lane", () => {
    const flood = Array.from({ length: 300 }, (_, i) => ev("block", `b${i}`));
    const events = [
      ...flood.slice(0, 150),
      ev("ping", "p1"),
      ...flood.slice(150),
      ev("ping", "p2"),
    ];
    const single = feed({ capacity: 64, subscribers: [{ name: "s", perTick: 4 }] }, events, 100);
    const lanes = feed(
      {
        mode: "segmented",
        laneCapacity: { control: 8, sync: 8, inventory: 8, data: 64 },
        subscribers: [{ name: "s", perTick: 4 }],
      },
      events,
      100,
    );
    expect(routerMetrics(single.state).lagged.control).toBeGreaterThan(0);
    expect(routerMetrics(lanes.state).lagged.control).toBe(0);
    expect(lanes.violations).toEqual([]);
  });

  it("ROUTER-3 deduplicates inventory within the TTL (drop mode) and counts duplicates (log mode)", () => {
    const events = [ev("inv", "h"), ev("inv", "h"), ev("inv", "h"), ev("inv", "k")];
    const drop = feed({ dedup: "drop" }, events, 2);
    expect(drop.state.droppedDuplicates).toBe(2);
    expect(routerMetrics(drop.state).duplicateRate).toBe(0.5);
    const log = feed({ dedup: "log" }, events, 2);
    expect(log.state.droppedDuplicates).toBe(0);
    expect(log.state.channels["all"]?.log.length).toBe(4);
    expect(drop.violations).toEqual([]);
  });

  it("ROUTER-5 turns the seed's decision rule into a recommendation", () => {
    const base = {
      received: 1,
      lagged: { control: 0, sync: 0, inventory: 0, data: 0 },
      capacityUsage: 0,
      droppedDuplicates: 0,
      p50: { control: null, sync: null, inventory: null, data: null },
      p99: { control: null, sync: null, inventory: null, data: null },
    };
    expect(
      routerRecommendation({ ...base, lagRate: 0.005, duplicateRate: 0.9, peakPeers: 500 }),
    ).toMatch(/^no change/);
    expect(
      routerRecommendation({ ...base, lagRate: 0.05, duplicateRate: 0.4, peakPeers: 10 }),
    ).toMatch(/^implement deduplication/);
    expect(
      routerRecommendation({ ...base, lagRate: 0.05, duplicateRate: 0.1, peakPeers: 200 }),
    ).toMatch(/^implement segmented fanout/);
    expect(
      routerRecommendation({ ...base, lagRate: 0.05, duplicateRate: 0.1, peakPeers: 10 }),
    ).toMatch(/^increase channel size/);
  });

  it("append-only logs never change an older view", () => {
    const a = appendLog(emptyLog<number>(), 1);
    const b = appendLog(a, 2);
    const c = appendLog(a, 3); // branches from a: must copy
    expect(b.items.slice(0, b.length)).toEqual([1, 2]);
    expect(c.items.slice(0, c.length)).toEqual([1, 3]);
    expect(a.items.slice(0, a.length)).toEqual([1]);
  });
});
