/**
 * The router claims of seed 004 the audit runs in the quick profile (S4-1, S4-4, S4-10, S4-13):
 * the knobs their evidence sets (an array element through `set`, the duplicate fraction of the
 * inventory) and the metrics their rules read (the channel's relief by deduplication, the slowest
 * lane's latency percentiles), each against an oracle computed another way.
 */
import { describe, expect, it } from "vitest";
import { loadClaims } from "../../src/audit/claims.js";
import { repositoryContext } from "../../src/audit/evidence.js";
import { runLedger } from "../../src/audit/ledger.js";
import {
  routerLatencyFigure,
  type ScenarioSource,
} from "../../src/audit/report/scaling-figures.js";
import { summarize } from "../../src/audit/seed-runs.js";
import { scenarioVariant } from "../../src/audit/variants.js";
import { builtinScenario } from "../../src/engine/sim/builtins.js";
import { runScenario, type SimulationReport } from "../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../src/engine/sim/scenario.js";

/** router-burst with `set` applied (as an evidence item's `set`), parsed. */
function burst(set: Readonly<Record<string, number | string | boolean>>): Scenario {
  const b = builtinScenario("router-burst");
  if (b === undefined) throw new Error("no router-burst");
  const v = scenarioVariant(b.document, undefined, set);
  const p = parseScenarioDocument(v.document, "router-burst");
  if (!p.ok) throw new Error(p.errors.join("; "));
  return p.runs[0] as Scenario;
}

function run(set: Readonly<Record<string, number | string | boolean>>, seed = 1): SimulationReport {
  return runScenario(burst(set), { seed }).report;
}

const SMALL = { "nodes.count": 10, "router.blocks": 100 } as const;

describe("set reaches an element of an array", () => {
  it("router.subscribers.0.perTick changes the first subscriber only, and stays a list", () => {
    const s = burst({ "router.subscribers.0.perTick": 7 });
    if (s.protocol !== "router") throw new Error("not a router scenario");
    expect(s.router.subscribers).toEqual([
      { name: "sync", perTick: 7 },
      { name: "control", perTick: 8, lanes: ["control"] },
    ]);
  });

  it("a slower reader loses more of the burst (the knob is used by the run)", () => {
    // 14 events every 10 ms into a 256-event channel: 40 a tick keep up, 2 a tick do not.
    const set = { ...SMALL, "router.blockIntervalMs": 10, "router.capacity": 256 };
    const fast = run(set);
    const slow = run({ ...set, "router.subscribers.0.perTick": 2 });
    expect(fast.router?.lagRate).toBe(0);
    expect(slow.router?.lagRate ?? 0).toBeGreaterThan(0.05);
  });
});

describe("router.duplicateInventory", () => {
  it("absent: every peer announces every block, (peers − 1) / peers duplicates", () => {
    const r = run({ ...SMALL, "router.dedup": "log" });
    expect(r.router?.duplicateRate).toBeCloseTo(0.9, 12);
  });

  it("0: no announcement repeats another", () => {
    const r = run({ ...SMALL, "router.dedup": "log", "router.duplicateInventory": 0 });
    expect(r.router?.duplicateRate).toBe(0);
    expect(r.sentByKind["inv"]).toBe(1000);
  });

  it.each([0.2, 0.5])("%s: the mean duplicate rate over 5 seeds is within 0.02 of it", (d) => {
    // 900 Bernoulli draws of the non-senders a seed: the mean's standard deviation is < 0.008.
    const rates = [1, 2, 3, 4, 5].map(
      (seed) =>
        run({ ...SMALL, "router.dedup": "log", "router.duplicateInventory": d }, seed).router
          ?.duplicateRate ?? -1,
    );
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(Math.abs(mean - d)).toBeLessThan(0.02);
  });

  it("is outside [0, 1]: the field is named", () => {
    const b = builtinScenario("router-burst");
    if (b === undefined) throw new Error("no router-burst");
    const v = scenarioVariant(b.document, undefined, { "router.duplicateInventory": 1.5 });
    const p = parseScenarioDocument(v.document, "router-burst");
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.errors.join("\n")).toMatch(/router\.duplicateInventory/);
  });
});

describe("dedupRelief: the channel's relief by deduplication", () => {
  it("equals 1 − events in the channel with dropping / events in the channel without (two runs)", () => {
    for (const d of [0.3, 0.6]) {
      const set = { ...SMALL, "router.duplicateInventory": d };
      const log = run({ ...set, "router.dedup": "log" });
      const drop = run({ ...set, "router.dedup": "drop" });
      // The same traffic reaches the router in both runs (peers do not react to it).
      expect(drop.sentByKind).toEqual(log.sentByKind);
      const without = log.router?.received ?? 0;
      const withDrop = (drop.router?.received ?? 0) - (drop.router?.droppedDuplicates ?? 0);
      const relief = summarize(drop, "drop", 0.1).metrics.dedupRelief;
      expect(relief).toBeCloseTo(1 - withDrop / without, 12);
      expect(relief).toBeGreaterThan(0);
      // Dropping removes exactly the duplicate announcements: the duplicate rate of the
      // inventory times the inventory's share of all events sent.
      const sent = Object.values(drop.sentByKind).reduce((a, b) => a + b, 0);
      const inv = drop.sentByKind["inv"] ?? 0;
      expect(relief).toBeCloseTo(((drop.router?.duplicateRate ?? 0) * inv) / sent, 12);
      // Log mode forwards every duplicate: no relief.
      expect(summarize(log, "log", 0.1).metrics.dedupRelief).toBe(0);
    }
  });

  it("is null for a protocol without a router", () => {
    const b = builtinScenario("p2p-small");
    if (b === undefined) throw new Error("no p2p-small");
    const p = parseScenarioDocument(b.document, "p2p-small");
    if (!p.ok) throw new Error(p.errors.join("; "));
    const r = runScenario(p.runs[0] as Scenario, { seed: 1 }).report;
    const m = summarize(r, "p2p", 0.1).metrics;
    expect([m.dedupRelief, m.worstLaneP50Ms, m.worstLaneP99Ms]).toEqual([null, null, null]);
  });
});

describe("worstLaneP50Ms / worstLaneP99Ms: the slowest lane's percentiles", () => {
  it("with no network delay and a 10 ms read tick under light load, every event waits one or two ticks", () => {
    // Steady light load (14 events per 100 ms against 40 read per 10 ms): an event reaching an
    // idle router waits the tick it arms (10 ms); pings of several peers in one tick can wait a
    // second tick for the control reader (8 a tick).
    const r = run({
      ...SMALL,
      "router.blocks": 40,
      "router.blockIntervalMs": 100,
      "network.latency.min": 0,
      "network.latency.max": 0,
    });
    const m = summarize(r, "steady", 0.1).metrics;
    const p99 = Object.values(r.router?.p99 ?? {}).filter((x): x is number => x !== null);
    expect(p99).toHaveLength(4);
    expect(m.worstLaneP99Ms).toBe(Math.max(...p99));
    expect(m.worstLaneP50Ms).toBe(10);
    expect([10, 20]).toContain(m.worstLaneP99Ms);
    // The slowest lane, not a typical one: some lane's p99 is below the worst.
    expect(Math.min(...p99)).toBeLessThan(m.worstLaneP99Ms ?? 0);
  });
});

describe("the catalogue's router claims, run as the quick audit runs them", () => {
  it("S4-10: the relief rises with the duplicate fraction and crosses 30 % between 40 and 50 %", async () => {
    const run = await runLedger(loadClaims(), repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S4-10"],
      catalogueSha256: "0".repeat(64),
    });
    const c = run.ledger.claims[0];
    expect(c?.verdict).toMatchObject({ status: "conditional", asExpected: true });
    const points = (c?.evidence ?? []).flatMap((e) => {
      const m = e.simulation?.measure;
      const f = e.simulation?.set?.["router.duplicateInventory"];
      return m?.metric === "dedupRelief" && m.op === ">=" && typeof f === "number"
        ? [{ f, relief: m.median, outcome: e.outcome }]
        : [];
    });
    expect(points.map((p) => p.f)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    // Over 5 seeds, with an interval; rising with the fraction, and always below it.
    for (const [i, p] of points.entries()) {
      expect(p.relief).toMatchObject({ n: 5, censored: 0 });
      expect(p.relief.lower ?? Infinity).toBeLessThanOrEqual(p.relief.median ?? -Infinity);
      expect(p.relief.median ?? 1).toBeLessThan(p.f);
      if (i > 0) expect(p.relief.median ?? 0).toBeGreaterThan(points[i - 1]?.relief.median ?? 1);
    }
    expect(points.map((p) => p.outcome)).toEqual([
      "contradicts",
      "contradicts",
      "contradicts",
      "contradicts",
      "supports",
      "supports",
    ]);
  });
});

describe("the router latency figure keeps each configuration apart", () => {
  const source = (set: ScenarioSource["set"], ms: number): ScenarioSource => ({
    scenario: "router-burst",
    variant: "toolkit",
    set,
    quietFraction: 0.1,
    rows: [1, 2, 3, 4, 5].map((seed) => ({
      protocol: "router",
      seed,
      "p50:sync": ms + seed,
      "p99:sync": 2 * ms + seed,
    })),
  });

  it("a scenario resized through set is a series of its own, with its own median", () => {
    const fig = routerLatencyFigure([source({}, 100), source({ "router.capacity": 4096 }, 1000)]);
    const medians = (fig?.rows ?? []).filter(
      (r) => r.series === "median" && r.percentile === "p50",
    );
    expect(medians.map((r) => [r.scenario, r.ms, r.lower, r.upper])).toEqual([
      ["router-burst", 103, 101, 105],
      ["router-burst (router.capacity=4096)", 1003, 1001, 1005],
    ]);
    expect(fig?.title).toMatch(/targets \(router-burst in 2 configurations\)$/);
    expect(routerLatencyFigure([source({}, 100)])?.title).toMatch(/targets \(router-burst\)$/);
  });
});
