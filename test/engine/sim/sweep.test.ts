import { describe, expect, it } from "vitest";
import { convergenceVerdict, describeVerdict } from "../../../src/engine/sim/convergence.js";
import { runScenario, type SimulationReport } from "../../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../../src/engine/sim/scenario.js";
import {
  parseSeedList,
  parseSweepAxis,
  planSweep,
  runSweep,
  runSweepPoint,
  type SweepAxis,
  type SweepPlan,
} from "../../../src/engine/sim/sweep.js";
import { spread, summarizeGroups, sweepRow } from "../../../src/engine/sim/sweep-summary.js";

function scenario(doc: unknown): Scenario {
  const p = parseScenarioDocument(doc, "t");
  if (!p.ok) throw new Error(p.errors.join("; "));
  return p.runs[0] as Scenario;
}

const small = scenario({
  name: "small",
  protocol: "v2",
  duration: 4000,
  nodes: { count: 10 },
  topology: { kind: "ring" },
  network: { loss: 0.02, duplicate: 0.02 },
});

function axis(t: string): SweepAxis {
  const r = parseSweepAxis(t);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function plan(runs: readonly Scenario[], axes: readonly SweepAxis[], seeds?: number[]): SweepPlan {
  const r = planSweep(runs, "small", "small.json", axes, seeds);
  if (!r.ok) throw new Error(r.error.join("; "));
  return r.value;
}

/** A report without its wall time (the only thing that differs between runs of one seed). */
function strip(r: SimulationReport): Omit<SimulationReport, "wallMs"> {
  const { wallMs: _w, ...rest } = r;
  return rest;
}

describe("seed lists and sweep axes", () => {
  it("parses ranges, lists and both", () => {
    expect(parseSeedList("1..4")).toEqual({ ok: true, value: [1, 2, 3, 4] });
    expect(parseSeedList("1,5,9")).toEqual({ ok: true, value: [1, 5, 9] });
    expect(parseSeedList("1..3, 10")).toEqual({ ok: true, value: [1, 2, 3, 10] });
    expect(parseSeedList("-2..0")).toEqual({ ok: true, value: [-2, -1, 0] });
    expect(parseSeedList("7")).toEqual({ ok: true, value: [7] });
  });

  it("rejects bad seed lists with a reason", () => {
    for (const [t, why] of [
      ["4..1", /goes down/],
      ["1..3,2", /twice/],
      ["x", /not a seed/],
      ["1.5", /not a seed/],
      ["1..", /not a seed/],
      ["99999999999", /not a seed/],
      ["1..200000", /more than/],
    ] as const) {
      const r = parseSeedList(t);
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
  });

  it("parses values as JSON, ranges and aliases", () => {
    expect(axis("n=10,20")).toEqual({ key: "n", path: ["nodes", "count"], values: [10, 20] });
    expect(axis("network.loss=0:0.3:0.1").values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axis("network.links.0.loss=0.5").path).toEqual(["network", "links", 0, "loss"]);
    expect(axis("v2.staleRule=seed-literal,per-peer").values).toEqual(["seed-literal", "per-peer"]);
    expect(axis('topology=[{"kind":"ring"},{"kind":"full-mesh"}]').values).toHaveLength(2);
    expect(axis("v2.damping=true,false").values).toEqual([true, false]);
  });

  it("rejects bad axes", () => {
    for (const [t, why] of [
      ["n", /key=value/],
      ["=1", /key=value/],
      ["seed=1,2", /--seeds/],
      ["protocol=v1", /protocol/],
      ["n=", /no values/],
      ["n=1,1", /twice/],
      ["loss=0.3:0.1:0.1", /from ≤ to/],
      ["a..b=1", /not a field path/],
    ] as const) {
      const r = parseSweepAxis(t);
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
  });

  it("plans run × grid × seeds, validating every swept scenario by the schema", () => {
    const p = plan([small], [axis("n=8,12"), axis("loss=0,0.1")], [1, 2]);
    expect(p.points).toHaveLength(8);
    expect(p.points.map((x) => [x.gridIndex, x.seed])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ]);
    const last = p.points[7];
    expect(last?.scenario.nodes).toMatchObject({ count: 12 });
    expect(last?.scenario.network.loss).toBe(0.1);
    expect(last?.source).toBe("small.json --sweep n=12 --sweep loss=0.1");
    // Without seeds: the scenario's own.
    expect(plan([small], []).points.map((x) => x.seed)).toEqual([42]);
    // A swept value the schema rejects names the value and the field.
    const bad = planSweep([small], "small", "small.json", [axis("loss=0.5,2")], [1]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.join("\n")).toMatch(/--sweep loss=2: network\.loss: .*1/);
    const typo = planSweep([small], "small", "s", [axis("network.los=0.5")], [1]);
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.error.join("\n")).toMatch(/network.*los/);
    const idx = planSweep([small], "small", "s", [axis("network.links.3.loss=0.5")], [1]);
    expect(idx.ok).toBe(false);
    if (!idx.ok) expect(idx.error.join("\n")).toMatch(/network\.links has 0 entries/);
  });
});

describe("convergence with a quiet margin", () => {
  const base = {
    protocol: "v2" as const,
    duration: 60_000,
    endTime: 60_000,
    convergence: { converged: true, time: 20_000, rounds: null, messages: 900, notes: [] },
  };
  it("SWEEP-2 converged only with the margin of quiet before the end; at the end is censored", () => {
    const ok = convergenceVerdict(base);
    expect(ok).toMatchObject({
      status: "converged",
      censored: false,
      quietMs: 40_000,
      messages: 900,
    });
    expect(describeVerdict(ok)).toMatch(/^yes, at 20\.0 s .*quiet for 40\.0 s/);
    const late = convergenceVerdict({
      ...base,
      convergence: { ...base.convergence, time: 59_900 },
    });
    expect(late).toMatchObject({ status: "at-end", censored: true, quietMs: 100, messages: null });
    expect(describeVerdict(late)).toMatch(
      /only 100 ms before the end.*6000 ms of quiet \(censored\)/,
    );
    // The margin decides: 40 s of quiet is not enough for a 45 s margin.
    expect(convergenceVerdict(base, 45_000).status).toBe("at-end");
    expect(convergenceVerdict(base, 40_000).status).toBe("converged");
    const no = convergenceVerdict({
      ...base,
      convergence: { ...base.convergence, converged: false },
    });
    expect(no).toMatchObject({ status: "not-converged", censored: true, time: null });
    expect(convergenceVerdict({ ...base, protocol: "router" }).status).toBe("n/a");
  });

  it("spread: censored values sort last and make the median censored when they are half", () => {
    const s = spread([3, null, 1, 2, null]);
    expect(s).toMatchObject({ n: 5, censored: 2, median: 3, min: 1, max: null });
    expect(s.ci).toMatchObject({ lower: 1, upper: null, attained: false });
    expect(spread([4, 1, null, null]).median).toBeNull();
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
    expect(spread([7]).ci).toBeNull();
  });
});

describe("parallel sweeps", () => {
  const p = plan([small], [axis("n=8,11")], [1, 2, 3]);

  it("SWEEP-1 every point's report equals a plain run of that seed, whatever the worker count", async () => {
    const sequential = p.points.map((x) => strip(runSweepPoint(x)));
    // The same as `simulate --seed s` (runScenario with the seed and the source).
    const plain = runScenario(p.points[0]?.scenario as Scenario, {
      seed: 1,
      source: "small.json --sweep n=8",
    }).report;
    expect(sequential[0]).toEqual(strip(plain));
    // The comparison is not vacuous: seeds and sizes give different reports.
    expect(sequential[0]).not.toEqual(sequential[1]);
    expect(sequential[0]).not.toEqual(sequential[3]);
    for (const workers of [1, 2, 3]) {
      const seen: number[] = [];
      const out = await runSweep(p, { workers, onResult: (r) => seen.push(r.index) });
      expect(out.interrupted).toBe(false);
      expect(out.workers).toBe(workers);
      expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
      const reports = out.results.map((r) => {
        if (r?.ok !== true) throw new Error(`point failed: ${JSON.stringify(r)}`);
        return strip(r.report);
      });
      expect(reports, `workers ${workers}`).toEqual(sequential);
      const rows = out.results.map((r) => sweepRow(p, r as NonNullable<typeof r>, undefined));
      const groups = summarizeGroups(rows);
      expect(groups.map((g) => [g.params[0]?.value, g.runs])).toEqual([
        [8, 3],
        [11, 3],
      ]);
      expect(rows[4]?.replay).toBe("commons-spec simulate small.json --sweep n=11 --seed 2");
    }
  });

  it("an abort keeps the finished points and says it was interrupted", async () => {
    const ac = new AbortController();
    const out = await runSweep(p, { workers: 1, signal: ac.signal, onResult: () => ac.abort() });
    expect(out.interrupted).toBe(true);
    const done = out.results.filter((r) => r !== undefined);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(6);
  });

  it("a worker that dies fails its point, not the sweep", async () => {
    const one = plan([small], [], [1]);
    const out = await runSweep(one, { workers: 1, memoryMb: 1 });
    expect(out.interrupted).toBe(false);
    expect(out.results[0]).toMatchObject({ ok: false });
    const row = sweepRow(one, out.results[0] as NonNullable<(typeof out.results)[0]>, undefined);
    expect(row).toMatchObject({ status: "error", ok: false, censored: true });
  });
});
