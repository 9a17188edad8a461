import { describe, expect, it } from "vitest";
import { assertProperty, runProperty } from "../../properties/property.js";
import {
  judgeRouterCase,
  referenceRouter,
  routerProperties,
  type ReferenceRouterHandle,
  type RouterCase,
  type RouterStep,
} from "../../properties/router.js";
import type { RouterConfig, RouterUnderTest } from "../../properties/under-test.js";
import type { EventKind } from "../../src/core/protocols/router.js";
import refresh from "../mutants/router-dedup-refresh-on-drop.js";
import singleLane from "../mutants/router-single-lane.js";
import { thirdPartyRouter } from "../mutants/_router.js";

const config = (over: Partial<RouterConfig> = {}): RouterConfig => ({
  mode: "single",
  capacity: 2,
  laneCapacity: { control: 1, sync: 1, inventory: 2, data: 2 },
  dedup: "off",
  dedupTtlMs: 10,
  dedupCapacity: 2,
  subscribers: ["s0"],
  ...over,
});
const emit = (kind: EventKind, hash: string, at: number): RouterStep => ({
  kind: "emit",
  at,
  from: "peer0",
  event: { type: "peer-event", kind, hash, sentAt: at },
});
const read = (max: number, at: number): RouterStep => ({ kind: "read", at, subscriber: "s0", max });
const IDS = ["ROUTER-1", "ROUTER-2", "ROUTER-3", "ROUTER-4"];

describe("the router suite holds for the reference router", () => {
  for (const p of routerProperties(referenceRouter, "reference")) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});

describe("the reference router as a RouterUnderTest", () => {
  it("a read returns the last `capacity` events and counts the rest as lagged", () => {
    const h = referenceRouter.create(config());
    for (const [i, k] of (["block", "tx", "block"] as const).entries())
      expect(
        referenceRouter.emit(
          h,
          "peer0",
          { type: "peer-event", kind: k, hash: `h${i}`, sentAt: i },
          i,
        ),
      ).toBe("forwarded");
    const r = referenceRouter.read(h, "s0", 8, 5);
    expect(r.lagged).toBe(1);
    expect(r.events.map((e) => e.hash)).toEqual(["h1", "h2"]);
    expect(referenceRouter.read(h, "s0", 8, 6)).toEqual({ events: [], lagged: 0 });
  });

  it("segmented: control is read first, within the budget; dedup drops within the TTL only", () => {
    const h = referenceRouter.create(config({ mode: "segmented", dedup: "drop" }));
    const ev = (kind: EventKind, hash: string, t: number) =>
      referenceRouter.emit(h, "peer0", { type: "peer-event", kind, hash, sentAt: t }, t);
    expect(ev("inv", "a", 0)).toBe("forwarded");
    expect(ev("block", "b", 1)).toBe("forwarded");
    expect(ev("ping", "p", 2)).toBe("forwarded");
    expect(ev("inv", "a", 9)).toBe("dropped");
    expect(ev("inv", "a", 10)).toBe("forwarded");
    expect(referenceRouter.read(h, "s0", 1, 11).events.map((e) => e.hash)).toEqual(["p"]);
    expect(referenceRouter.read(h, "s0", 8, 11).events.map((e) => `${e.kind}:${e.hash}`)).toEqual([
      "inv:a",
      "inv:a",
      "block:b",
    ]);
    expect(() => referenceRouter.read(h, "nobody", 1, 12)).toThrow(/no subscriber nobody/);
  });

  it("one item announced twice at once is judged in the router's favour", () => {
    const c: RouterCase = {
      config: config({ capacity: 1 }),
      steps: [emit("inv", "a", 1), emit("inv", "a", 1)],
    };
    for (const id of IDS) expect(judgeRouterCase(referenceRouter, c, id)).toBeUndefined();
  });
});

describe("router invariants judge what an implementation delivers", () => {
  it("ROUTER-1 catches a channel that keeps more than its capacity", () => {
    const roomy: RouterUnderTest<ReferenceRouterHandle> = {
      ...referenceRouter,
      create: (c) => referenceRouter.create({ ...c, capacity: c.capacity + 1 }),
    };
    const c: RouterCase = {
      config: config(),
      steps: [emit("block", "a", 0), emit("block", "b", 1), emit("block", "c", 2)],
    };
    expect(judgeRouterCase(roomy, c, "ROUTER-1")?.message).toMatch(
      /draining s0: s0 received block a \(sent at 0\), event 1 of channel all, although 2 newer ones were forwarded into it \(capacity 2\)/,
    );
  });

  it("ROUTER-2 catches a loss that is not counted, and an event delivered twice", () => {
    const quiet: RouterUnderTest<ReferenceRouterHandle> = {
      ...referenceRouter,
      read: (h, s, max, now) => ({ ...referenceRouter.read(h, s, max, now), lagged: 0 }),
    };
    const c: RouterCase = {
      config: config(),
      steps: [emit("block", "a", 0), emit("block", "b", 1), emit("block", "c", 2), read(8, 3)],
    };
    expect(judgeRouterCase(quiet, c, "ROUTER-2")?.message).toMatch(
      /s0 has lost 1 events so far but only 0 were counted as lagged/,
    );
    const echo: RouterUnderTest<ReferenceRouterHandle> = {
      ...referenceRouter,
      read: (h, s, max, now) => {
        const r = referenceRouter.read(h, s, max, now);
        return { ...r, events: [...r.events, ...r.events.slice(0, 1)] };
      },
    };
    expect(judgeRouterCase(echo, c, "ROUTER-2")?.message).toMatch(
      /received block b \(sent at 1\), which was not forwarded, or not after/,
    );
  });

  it("ROUTER-3 catches a cache refreshed by dropped duplicates, and dedup without a TTL", () => {
    const c: RouterCase = {
      config: config({ dedup: "drop" }),
      steps: [emit("inv", "a", 0), emit("inv", "a", 6), emit("inv", "a", 12)],
    };
    const mutant = refresh.node?.router as RouterUnderTest<unknown>;
    expect(judgeRouterCase(mutant, c, "ROUTER-3")?.message).toMatch(
      /step 3: inv a \(sent at 12\) from peer0 at 12 ms: dropped as a duplicate, but it was last accepted 12 ms ago, TTL 10 ms/,
    );
    expect(judgeRouterCase(referenceRouter, c, "ROUTER-3")).toBeUndefined();
    const forgetful: RouterUnderTest<ReferenceRouterHandle> = {
      ...referenceRouter,
      create: (cfg) => referenceRouter.create({ ...cfg, dedup: "off" }),
    };
    expect(judgeRouterCase(forgetful, c, "ROUTER-3")?.message).toMatch(
      /step 2: .*not recognised as a duplicate of the item accepted 6 ms ago/,
    );
  });

  it("ROUTER-4 catches one shared lane: data is served while control waits", () => {
    const c: RouterCase = {
      config: config({ mode: "segmented" }),
      steps: [emit("block", "b", 0), emit("ping", "p", 1), read(1, 2)],
    };
    const mutant = singleLane.node?.router as RouterUnderTest<unknown>;
    expect(judgeRouterCase(mutant, c, "ROUTER-4")?.message).toMatch(
      /step 3: s0 reads up to 1 at 2 ms: s0 received block b \(sent at 0\) \(lane data\) while ping p \(sent at 1\) waited in the higher-priority lane control/,
    );
    for (const id of IDS) expect(judgeRouterCase(referenceRouter, c, id)).toBeUndefined();
  });

  it("an independent router written from SPEC §11/§13 passes every router property (the suite is not the reference's mirror)", () => {
    for (const p of routerProperties(thirdPartyRouter(), "third-party"))
      expect(runProperty(p, { seed: 42 }).ok, p.id).toBe(true);
  });

  it("ROUTER-2 catches a read that comes back short while events wait; ROUTER-3 one TTL later is new", () => {
    const short = thirdPartyRouter({ readOneLane: true });
    const c: RouterCase = {
      config: config({ mode: "segmented" }),
      steps: [emit("ping", "p", 0), emit("block", "b", 0), read(4, 1)],
    };
    const v = judgeRouterCase(short, c, "ROUTER-2");
    expect(v?.code).toBe("read-short");
    expect(v?.message).toMatch(
      /1 event\(s\), though 2 were waiting for it in its channels and the budget is 4/,
    );
    const d: RouterCase = {
      config: config({ dedup: "drop" }),
      steps: [emit("inv", "a", 0), emit("inv", "a", 10)],
    };
    expect(judgeRouterCase(thirdPartyRouter({ ttlInclusive: true }), d, "ROUTER-3")?.code).toBe(
      "non-duplicate-deduplicated",
    );
    expect(judgeRouterCase(referenceRouter, d, "ROUTER-3")).toBeUndefined();
  });
});
