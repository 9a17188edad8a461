/**
 * What each model's counterexamples say about the protocol, and that the models' properties
 * catch broken variants (every invariant here is able to fail).
 */
import { describe, expect, it } from "vitest";
import {
  denominatorGossip,
  denominatorGossipConfig,
  type GossipState,
} from "../../models/DenominatorGossip.js";
import { itcCausality, itcCausalityConfig, type ItcState } from "../../models/ItcCausality.js";
import { MODELS } from "../../models/registry.js";
import { router, routerConfig, type RouterState } from "../../models/Router.js";
import {
  computeGrants,
  settled,
  slotAllocation,
  slotAllocationConfig,
  type SlotState,
} from "../../models/SlotAllocation.js";
import { v1Rounds, v1RoundsConfig, type V1State } from "../../models/V1Rounds.js";
import * as itc from "../../src/core/itc/index.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import type { Action, Model } from "../../src/engine/checker/model.js";
import { simulate } from "../../src/engine/checker/simulate.js";

function replaceAction<S, C>(
  m: Model<S, C>,
  name: string,
  next: Action<S, C>["next"],
): Model<S, C> {
  return { ...m, actions: m.actions.map((a) => (a.name === name ? { ...a, next } : a)) };
}

describe("ItcCausality", () => {
  it("uses the core ITC: a fork that copies the id instead of splitting it breaks LiveIdsDisjoint", () => {
    const bad = replaceAction(itcCausality, "Fork", (s: ItcState, c) =>
      s.procs.length >= c.maxProcs
        ? []
        : s.procs.map((p) => ({ ...s, procs: [...s.procs, { stamp: p.stamp, hist: p.hist }] })),
    );
    const r = checkModel(bad, itcCausalityConfig, { checkDeadlock: false });
    expect(r.counterexample?.property).toBe("LiveIdsDisjoint");
    expect(r.counterexample?.states.length).toBe(2);
  });

  it("a receive that forgets the message's history breaks LeqMatchesHistory", () => {
    const bad = replaceAction(itcCausality, "Receive", (s: ItcState) =>
      s.bag.flatMap((m, k) =>
        s.procs.map((p, i) => ({
          procs: s.procs.map((q, j) =>
            j === i
              ? {
                  stamp: itc.receive(p.stamp, m.stamp),
                  hist: [...p.hist, `e${s.nextEvent}`].sort(),
                }
              : q,
          ),
          bag: s.bag.filter((_, x) => x !== k),
          nextEvent: s.nextEvent + 1,
        })),
      ),
    );
    const r = checkModel(bad, itcCausalityConfig);
    expect(r.counterexample?.property).toBe("LeqMatchesHistory");
    expect(r.counterexample?.actions).toContain("Receive");
  });
});

describe("SlotAllocation", () => {
  const atomic = { ...slotAllocationConfig, visibility: "atomic" as const };

  it("settles with net-of-others when each recomputation is immediately visible", () => {
    const r = checkModel(slotAllocation, atomic);
    expect(r.verdict).toBe("ok");
    expect(r.livenessChecked).toEqual(["EventuallySettled"]);
  });

  it("asynchronously, a fair interleaving keeps both providers re-covering R1 from stale views", () => {
    const cex = checkModel(slotAllocation, slotAllocationConfig).counterexample;
    if (cex?.loop === undefined) throw new Error("no lasso");
    const cycle = cex.states.slice(cex.loop);
    expect(cycle.some((s) => settled(s, slotAllocationConfig))).toBe(false);
    // Around the cycle, R1's total grant goes above its need and back.
    const totals = cycle.map((s: SlotState) => s.alloc.P1.R1 + s.alloc.P2.R1);
    expect(Math.max(...totals)).toBeGreaterThan(slotAllocationConfig.need.R1);
    expect(Math.min(...totals)).toBeLessThan(slotAllocationConfig.need.R1);
  });

  it("recomputes with the core allocation: net-of-others ignores P's own grant, naive subtracts it", () => {
    const s: SlotState = {
      alloc: { P1: { R1: 2, R2: 0 }, P2: { R1: 0, R2: 0 } },
      published: { P1: { R1: 0, R2: 0 }, P2: { R1: 0, R2: 0 } },
      seen: { P1: { R1: 0, R2: 0 }, P2: { R1: 0, R2: 0 } },
    };
    // Residuals 2 and 1, equal MR: water-filling gives 4/3 and 2/3, rounded down.
    expect(computeGrants(s, slotAllocationConfig, "P1")).toEqual({ R1: 1, R2: 0 });
    expect(computeGrants(s, { ...slotAllocationConfig, residual: "naive" }, "P1")).toEqual({
      R1: 0,
      R2: 1,
    });
  });

  it("TierPriority catches a recomputation that serves the one-way recipient before the mutual one", () => {
    const tp = slotAllocation.actionProperties?.find((p) => p.name === "TierPriority");
    const zero = { R1: 0, R2: 0 };
    const before: SlotState = {
      alloc: { P1: zero, P2: zero },
      published: { P1: zero, P2: zero },
      seen: { P1: zero, P2: zero },
    };
    const bad = { ...before, alloc: { P1: zero, P2: { R1: 1, R2: 1 } } };
    const good = { ...before, alloc: { P1: zero, P2: { R1: 2, R2: 0 } } };
    expect(tp?.holds(before, bad, "RecomputeP2", slotAllocationConfig)).toBe(false);
    expect(tp?.holds(before, good, "RecomputeP2", slotAllocationConfig)).toBe(true);
  });
});

describe("DenominatorGossip", () => {
  it("the seed's overwrite lets the provider grant more than its capacity", () => {
    const cfg = { ...denominatorGossipConfig, book: "seed" as const };
    const cex = checkModel(denominatorGossip, cfg).counterexample;
    if (cex === undefined) throw new Error("no counterexample");
    const last = cex.states[cex.states.length - 1] as GossipState;
    const granted = last.held.R1 + last.held.R2 + last.responses.reduce((t, m) => t + m.amount, 0);
    expect(granted).toBeGreaterThan(cfg.capacity);
    // R1 was granted twice; the book only remembers the second grant.
    expect(cex.actions.filter((a) => a === "GrantR1").length).toBe(2);
    const toR1 = last.held.R1 + (last.responses.find((m) => m.to === "R1")?.amount ?? 0);
    expect(last.book.R1).toBeLessThan(toR1);
  });

  it("random walks find the over-grant too, and never in the corrected variant", () => {
    const seed = { ...denominatorGossipConfig, book: "seed" as const };
    expect(simulate(denominatorGossip, seed, { seed: 1, depth: 20, walks: 2000 }).verdict).toBe(
      "violation",
    );
    expect(
      simulate(denominatorGossip, denominatorGossipConfig, { seed: 1, depth: 20, walks: 500 })
        .verdict,
    ).toBe("ok");
  });
});

describe("V1Rounds", () => {
  it("at 50 % two participants leave the third two rounds behind, without any partition", () => {
    const cex = checkModel(v1Rounds, { ...v1RoundsConfig, thresholdPct: 50 }).counterexample;
    const last = cex?.states.at(-1) as V1State;
    const rounds = [last.round.A, last.round.B, last.round.C];
    expect(Math.max(...rounds) - Math.min(...rounds)).toBe(2);
    expect(cex?.actions).not.toContain("Repartition");
  });

  it("under partitions even the all-peers rule fails: an isolated participant advances alone", () => {
    const cex = checkModel(v1Rounds, { ...v1RoundsConfig, partitions: true }).counterexample;
    expect(cex?.property).toBe("RoundsWithinOne");
    expect(cex?.actions).toContain("Repartition");
    expect((cex?.states.at(-1) as V1State).partition).toEqual(["ABC"]);
  });

  it("with all peers and no partition, everyone reaches the last round (liveness holds)", () => {
    const r = checkModel(v1Rounds, v1RoundsConfig);
    expect(r.verdict).toBe("ok");
    expect(r.livenessChecked).toEqual(["EventuallyAllAtMaxRound"]);
  });
});

describe("Router", () => {
  it("with one shared lane, data overwrites a pending control message, which is never consumed", () => {
    const cex = checkModel(router, { ...routerConfig, lanes: "single" }).counterexample;
    if (cex?.loop === undefined) throw new Error("no lasso");
    const cycle = cex.states.slice(cex.loop) as RouterState[];
    expect(cycle.every((s) => s.ctlPending && !s.lanes.flat().includes("ctl"))).toBe(true);
    expect(cex.actions).toContain("EmitControl");
  });

  it("split lanes keep control messages: NoNonDuplicateDropped and ControlNeverStarved hold", () => {
    const r = checkModel(router, routerConfig);
    expect(r.verdict).toBe("ok");
    expect(r.livenessChecked).toEqual(["ControlNeverStarved"]);
  });

  it("a dedup that refreshes on every sighting drops an item whose TTL has passed", () => {
    const cex = checkModel(router, { ...routerConfig, refreshOnDrop: true }).counterexample;
    const before = cex?.states.at(-2) as RouterState;
    expect(before.fwdAge.a).toBe(routerConfig.ttl);
    expect(cex?.actions.at(-1)).toBe("Receive");
    expect((cex?.states.at(-1) as RouterState).last).toBe("drop a");
  });

  it("the registry's must-fail Router configs are the two seed-004 risks", () => {
    const configs = MODELS["Router"]?.configs ?? {};
    expect(
      Object.entries(configs)
        .filter(([, e]) => e.mustFail === true)
        .map(([n, e]) => [n, e.expected.property]),
    ).toEqual([
      ["single-lane", "ControlNeverStarved"],
      ["refresh-on-drop", "NoNonDuplicateDropped"],
    ]);
  });
});
