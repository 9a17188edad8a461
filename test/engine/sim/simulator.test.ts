import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../src/engine/trace/itf.js";
import { p2pDoc, run, v1Doc, v2Doc } from "./helpers.js";

const FAULTS: Record<string, Record<string, unknown>> = {
  loss: { network: { latency: { dist: "uniform", min: 10, max: 60 }, loss: 0.1 } },
  duplication: { network: { latency: { dist: "uniform", min: 10, max: 60 }, duplicate: 0.2 } },
  reordering: { network: { latency: { dist: "exponential", mean: 200, min: 1 } } },
  partition: { partitions: [{ at: 2_000, heal: 9_000, groups: 3, assignment: "random" }] },
  churn: {
    churn: {
      events: [
        { kind: "join", at: 1_500, count: 3 },
        { kind: "leave", at: 3_000, count: 2 },
        { kind: "crash", at: 4_000, count: 2 },
      ],
      rates: [{ kind: "join", perMinute: 20, from: 5_000, until: 15_000 }],
    },
  },
};

describe("SIM-1 determinism", () => {
  it("SIM-1 the same seed gives a byte-identical ITF trace; another seed does not", () => {
    const faulty = { ...FAULTS["duplication"], ...FAULTS["churn"], ...FAULTS["partition"] };
    const a = JSON.stringify(run(v2Doc(faulty), { traceStates: 5_000 }).trace);
    const b = JSON.stringify(run(v2Doc(faulty), { traceStates: 5_000 }).trace);
    const c = JSON.stringify(run(v2Doc(faulty), { traceStates: 5_000, seed: 4 }).trace);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const p = JSON.stringify(run(p2pDoc(FAULTS["loss"]), { traceStates: 5_000 }).trace);
    expect(p).toBe(JSON.stringify(run(p2pDoc(FAULTS["loss"]), { traceStates: 5_000 }).trace));
    // It is a well-formed ITF trace.
    const parsed = parseTrace(JSON.parse(a));
    expect(parsed.trace.vars).toEqual(["now", "node", "input", "view", "violations"]);
  });
});

describe("SIM-2 safety at every step under every fault kind", () => {
  for (const [fault, over] of Object.entries(FAULTS)) {
    it(`SIM-2 ${fault}: V2, V1 and the corrected P2P provider violate nothing`, () => {
      for (const doc of [v2Doc(over), v1Doc(over), p2pDoc(over)]) {
        const { report } = run(doc);
        expect(
          report.checks.filter((c) => !c.held).map((c) => `${c.id}: ${c.first?.message}`),
        ).toEqual([]);
        expect(report.events).toBeGreaterThan(100);
      }
    });
  }

  it("SIM-9 dishonest agents (every strategy) do not break safety", () => {
    for (const strategy of [
      { kind: "inflate", factor: 10 },
      { kind: "deflate", factor: 10 },
      { kind: "noise", sigma: 1 },
      { kind: "collude", value: 1 },
      { kind: "lie-need", factor: 4 },
    ]) {
      const { report } = run(p2pDoc({ dishonest: { fraction: 0.3, strategy } }));
      expect(report.nodes.dishonest).toBeGreaterThan(0);
      expect(report.ok).toBe(true);
    }
    expect(
      run(v2Doc({ dishonest: { fraction: 0.3, strategy: { kind: "lie-need", factor: 3 } } })).report
        .ok,
    ).toBe(true);
    expect(
      run(v1Doc({ dishonest: { fraction: 0.3, strategy: { kind: "lie-need", factor: 3 } } })).report
        .ok,
    ).toBe(true);
  });

  it("SIM-2 churn really happens: joins fork ids, leavers hand them back, crashed nodes go silent", () => {
    const { report, result } = run(v2Doc(FAULTS["churn"]));
    expect(report.nodes.joins).toBeGreaterThanOrEqual(3);
    expect(report.nodes.leaves).toBe(2);
    expect(report.nodes.crashes).toBe(2);
    expect(report.topologyAfterChurn).toBeDefined();
    expect(result.messages.toDead).toBeGreaterThan(0);
    // The id space is accounted for: what is lost is lost to the two crashes, nothing vanished.
    const ids = report.idSpace;
    expect(ids?.initial).toBe(1);
    expect(ids?.lost).toBeGreaterThan(0);
    expect(ids?.lostToCrashes).toBe(ids?.lost);
    expect(report.checks.find((c) => c.id === "ITC-ID-1")?.held).toBe(true);
  });

  // Leaves only (no crash, no loss): sponsors that leave before those they sponsored, several
  // leaves at the same instant (the hand-back races the heir's own leave), joiners that leave.
  const leavesOnly = {
    churn: {
      events: [
        { kind: "join", at: 1_500, count: 6 },
        { kind: "leave", at: 3_000, count: 4 },
        { kind: "leave", at: 3_020, count: 3 },
        { kind: "join", at: 6_000, count: 4 },
      ],
      rates: [
        { kind: "leave", perMinute: 60, from: 4_000, until: 16_000 },
        { kind: "join", perMinute: 60, from: 4_000, until: 16_000 },
      ],
    },
  };

  it("ITC-ID-1 leavers hand their id back: with no crash and no loss no id space is lost", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { report } = run(v2Doc({ ...leavesOnly, seed }));
      expect(report.nodes.leaves, `seed ${seed}`).toBeGreaterThanOrEqual(15);
      expect(report.idSpace, `seed ${seed}`).toMatchObject({ initial: 1, lost: 0 });
      expect(report.idSpace?.live, `seed ${seed}`).toBeGreaterThan(0.5);
      expect(report.ok, `seed ${seed}`).toBe(true);
    }
  });

  it("ITC-ID-1 under crashes, loss and partitions the lost id space is reported by cause", () => {
    const { report } = run(
      v2Doc({
        ...leavesOnly,
        churn: {
          ...leavesOnly.churn,
          events: [...leavesOnly.churn.events, { kind: "crash", at: 5_000, count: 3 }],
        },
        network: { latency: { dist: "uniform", min: 10, max: 60 }, loss: 0.2 },
        partitions: [{ at: 8_000, heal: 12_000, groups: 2 }],
      }),
    );
    const ids = report.idSpace;
    expect(ids?.lostToCrashes).toBeGreaterThan(0);
    expect(ids?.lostToNetwork).toBeGreaterThan(0);
    expect(ids?.unexplained).toBe(0);
    expect(ids?.lost).toBeCloseTo(
      (ids?.lostToCrashes ?? 0) + (ids?.lostToNetwork ?? 0) + (ids?.lostNoHeir ?? 0),
      12,
    );
    expect(report.checks.find((c) => c.id === "ITC-ID-1")?.held).toBe(true);
  });
});

describe("SIM-3/SIM-4 convergence", () => {
  for (const topology of [
    { kind: "ring" },
    { kind: "grid" },
    { kind: "watts-strogatz", k: 4, beta: 0.2 },
    { kind: "barabasi-albert", m: 2 },
    { kind: "full-mesh" },
  ]) {
    it(`SIM-3 V2 (net-of-others, λ = 0.5) settles on a connected ${topology.kind}`, () => {
      const { report } = run(v2Doc({ topology, duration: 30_000 }));
      expect(report.topology.components).toBe(1);
      expect(report.convergence.converged).toBe(true);
      expect(report.convergence.time).toBeLessThan(25_000);
    });
  }

  it("SIM-4 V2 settles again after a partition heals", () => {
    const { report } = run(
      v2Doc({ duration: 150_000, partitions: [{ at: 10_000, heal: 80_000, groups: 2 }] }),
    );
    expect(report.messages.partitioned).toBeGreaterThan(0);
    expect(report.convergence.converged).toBe(true);
    expect(report.convergence.time).toBeGreaterThan(80_000); // it moved again after the heal …
    expect(report.convergence.time).toBeLessThan(140_000); // … and settled before the end
  });

  it("SIM-6 V1 settles after enough rounds; P2P recipients reach quiescence", () => {
    const v1 = run(v1Doc({ duration: 80 * 5_000 })).report;
    expect(v1.convergence.converged).toBe(true);
    expect(v1.convergence.rounds).toBeGreaterThan(3);
    const p2p = run(p2pDoc()).report;
    expect(p2p.convergence.converged).toBe(true);
  });

  it("SIM-5 the naive residual oscillates where net-of-others settles (and λ = 1 oscillates too)", () => {
    const naive = run(v2Doc({ v2: { residual: "naive" } })).report;
    const corrected = run(v2Doc()).report;
    expect(corrected.convergence.converged).toBe(true);
    expect(naive.convergence.converged).toBe(false);
    expect(naive.messages.sent).toBeGreaterThan(2 * corrected.messages.sent);
    // Two providers that can each cover R's need (DYN-4): with λ = 1 they move together forever.
    const covering = (relaxation: number) =>
      run({
        protocol: "v2",
        seed: 1,
        duration: 20_000,
        nodes: [
          { id: "A", capacity: 1, recognition: { R: 1 } },
          { id: "B", capacity: 1, recognition: { R: 1 } },
          { id: "R", need: 1, recognition: { A: 1, B: 1 } },
        ],
        topology: { kind: "full-mesh" },
        v2: { relaxation },
      }).report;
    expect(covering(1).convergence.converged).toBe(false);
    expect(covering(1).messages.sent).toBeGreaterThan(300);
    expect(covering(0.5).convergence.converged).toBe(true);
    expect(covering(0.5).messages.sent).toBeLessThan(60);
  });
});

describe("V2-1 and V1-1 monotone clocks", () => {
  it("V2-1 no node's ITC stamp ever goes backwards, under duplication, churn and partitions", () => {
    const { report, result } = run(
      v2Doc({ ...FAULTS["duplication"], ...FAULTS["churn"], ...FAULTS["partition"] }),
    );
    expect(report.checks.find((c) => c.id === "V2-1")?.held).toBe(true);
    expect(result.steps).toBeGreaterThan(1000);
  });
});
