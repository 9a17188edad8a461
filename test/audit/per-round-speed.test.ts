/**
 * The per-round speed experiments of claims S0-18 (rounds against ln n × diameter) and S0-19
 * (one factor at a time): the decision rules on hand-made points, the gossip knobs of the
 * per-round setting (absent, a run is what it was; each one changes what it says), the diameter
 * against the engine's own, and the verdicts the catalogue's two claims get from their items.
 */
import { describe, expect, it } from "vitest";
import {
  buildInstance,
  diameterOf,
  runEstimation,
  runSeed,
  STAT_SETTING,
  type EstimationSetting,
} from "../../properties/convergence-stats.js";
import { loadClaims } from "../../src/audit/claims.js";
import { repositoryContext } from "../../src/audit/evidence.js";
import { runLedger } from "../../src/audit/ledger.js";
import {
  PER_ROUND_FACTOR_SECONDS_PER_RUN,
  PER_ROUND_LAW_SECONDS_PER_RUN,
  PER_ROUND_RUNS,
} from "../../src/audit/profiles.js";
import type { MedianEstimate } from "../../src/audit/intervals.js";
import {
  factorDecision,
  LAW_EXPECTED,
  lawDecision,
  measureFactor,
  measureLaw,
  outcomeAgainst,
  perRoundSetting,
  SPEED_FACTORS,
  type FactorPoint,
} from "../../src/audit/per-round-speed.js";
import { applyStatParams, StatParamError } from "../../src/audit/stat-params.js";
import { STAT_CLAIM } from "../../properties/convergence-stats.js";
import { decideVerdict, type OutcomeForVerdict } from "../../src/audit/verdict.js";
import { Rng } from "../../src/engine/sim/rng.js";
import { adjacencyOf, buildGraph, topologyStats } from "../../src/engine/sim/topology.js";
import { rid } from "../../properties/convergence-stats.js";

const m = (median: number | null, lower: number | null, upper: number | null): MedianEstimate => ({
  n: 10,
  median,
  lower,
  upper,
  confidence: 0.98,
  censored: 0,
});

describe("lawDecision: one constant within every point's ratio interval", () => {
  it("holds when the intervals share a value, fails when two are disjoint", () => {
    expect(lawDecision([{ ratio: m(1, 0.8, 1.2) }, { ratio: m(1.1, 1.0, 1.4) }]).decision).toBe(
      "holds",
    );
    const r = lawDecision([{ ratio: m(1, 0.8, 1.2) }, { ratio: m(0.1, 0.05, 0.15) }]);
    expect(r).toEqual({ decision: "fails", largestLower: 0.8, smallestUpper: 0.15 });
  });

  it("counts a censored bound as +∞ and is undecided when every point is censored", () => {
    // Upper bound ∞ (censored runs above the median): still overlaps anything above its lower.
    expect(lawDecision([{ ratio: m(1, 0.8, null) }, { ratio: m(5, 4, 6) }]).decision).toBe("holds");
    // Lower bound ∞: lies above every finite interval.
    expect(lawDecision([{ ratio: m(null, null, null) }, { ratio: m(5, 4, 6) }]).decision).toBe(
      "fails",
    );
    expect(lawDecision([{ ratio: m(null, null, null) }]).decision).toBe("undecided");
  });
});

describe("factorDecision: the document's faster end against its slower end", () => {
  const p = (rounds: MedianEstimate): FactorPoint => ({ value: 0, rounds });
  it("holds when the faster end's interval lies wholly below, fails when wholly above", () => {
    expect(factorDecision([p(m(20, 18, 22)), p(m(25, 20, 30)), p(m(40, 35, 44))])).toBe("holds");
    expect(factorDecision([p(m(40, 35, 44)), p(m(25, 20, 30)), p(m(20, 18, 22))])).toBe("fails");
    expect(factorDecision([p(m(20, 18, 30)), p(m(25, 20, 30))])).toBe("undecided");
  });

  it("treats censored medians as beyond the horizon", () => {
    expect(factorDecision([p(m(22, 21, 27)), p(m(null, null, null))])).toBe("holds");
    expect(factorDecision([p(m(null, null, null)), p(m(55, 54, 57))])).toBe("fails");
    expect(factorDecision([p(m(null, null, null)), p(m(null, null, null))])).toBe("undecided");
  });
});

describe("outcomeAgainst: an experiment's outcome relative to the toolkit's finding", () => {
  it("supports when the decision is the one found, contradicts when it is the other", () => {
    expect(outcomeAgainst("fails", LAW_EXPECTED)).toBe("supports");
    expect(outcomeAgainst("holds", LAW_EXPECTED)).toBe("contradicts");
    expect(outcomeAgainst("holds", "holds")).toBe("supports");
    expect(outcomeAgainst("undecided", "holds")).toBe("inconclusive");
  });
});

describe("the per-round setting's gossip knobs", () => {
  const base: EstimationSetting = { ...STAT_SETTING, rounds: 30 };
  const seeds = [0, 1, 2].map((i) => runSeed(7, i));

  it("left at their defaults, a run is exactly the run without them (STAT-1 … STAT-3 stand)", () => {
    const same: EstimationSetting = { ...base, fanout: 3, gossipEvery: 1, delay: 0, hint: 1 };
    for (const seed of seeds) expect(runEstimation(same, seed)).toEqual(runEstimation(base, seed));
  });

  it("a fixed topology keeps the rest of the instance (needs, groups, MR) of the same seed", () => {
    const seed = seeds[0] as number;
    const drawn = buildInstance(base, seed);
    const ring = buildInstance({ ...base, topology: { kind: "ring" } }, seed);
    expect(ring.needs).toEqual(drawn.needs);
    expect(ring.n).toBe(drawn.n);
    expect(ring.topology).toBe("ring");
    expect(ring.adj.every((xs) => xs.length === 2)).toBe(true);
  });

  it("each knob changes the runs (no hint: every run stays outside ε)", () => {
    const err = (s: EstimationSetting) => seeds.map((x) => runEstimation(s, x).maxError);
    const ref = err(base);
    for (const k of [{ fanout: 1 }, { gossipEvery: 3 }, { delay: 2 }, { hint: 1.15 }])
      expect(err({ ...base, ...k }), JSON.stringify(k)).not.toEqual(ref);
    // Without a hint the recipient infers 2·MR·need (the seed's fallback), not D.
    for (const x of seeds) expect(runEstimation({ ...base, hint: 0 }, x).ok).toBe(false);
  });

  it("stats parameters name the knob when a value is wrong", () => {
    const t = { setting: STAT_SETTING, claim: STAT_CLAIM };
    expect(applyStatParams(t, [["topology", "random-regular:6"]]).setting.topology).toEqual({
      kind: "random-regular",
      degree: 6,
    });
    expect(() => applyStatParams(t, [["topology", "hexagon"]])).toThrow(/topology=hexagon/);
    expect(() => applyStatParams(t, [["fanout", 1.5]])).toThrow(StatParamError);
    expect(() => applyStatParams(t, [["delay", -1]])).toThrow(/delay/);
    expect(() => applyStatParams(t, [["gossipEvery", 0]])).toThrow(/gossipEvery/);
    expect(() => applyStatParams(t, [["hint", -0.5]])).toThrow(/hint/);
  });
});

describe("diameterOf", () => {
  it("agrees with the engine's exact diameter (topologyStats)", () => {
    for (const [spec, n] of [
      [{ kind: "ring" } as const, 11],
      [{ kind: "grid" } as const, 30],
      [{ kind: "random-regular", degree: 4 } as const, 40],
      [{ kind: "barabasi-albert", m: 2 } as const, 50],
    ] as const) {
      const ids = Array.from({ length: n }, (_, i) => rid(i));
      const g = buildGraph(spec, ids, Rng.derive(3, "g"));
      const adj = adjacencyOf(g, ids);
      expect(diameterOf(adj), spec.kind).toBe(
        topologyStats(g, ids, adj, Rng.derive(3, "d")).diameter,
      );
    }
    expect(diameterOf(Array.from({ length: 10 }, (_, i) => [(i + 9) % 10, (i + 1) % 10]))).toBe(5);
  });
});

describe("the experiments, small", () => {
  it("the law on a ring and a random 4-regular graph: no constant ratio (the diameter barely matters)", () => {
    const r = measureLaw({
      topologies: ["ring", "random-regular:4"],
      sizes: [10, 60],
      runs: 5,
      masterSeed: 1,
      resamples: 200,
    });
    expect(r.points).toHaveLength(4);
    const ring60 = r.points.find((p) => p.topology === "ring" && p.nodes === 60);
    expect(ring60?.diameter.median).toBe(30);
    expect(r.decision).toBe("fails");
    // Rounds grow far slower than ln n · D: the fitted exponent is well below the law's 1.
    expect(r.exponent.upper).toBeLessThan(0.5);
    expect(
      measureLaw({ topologies: ["ring"], sizes: [10], runs: 3, masterSeed: 1, resamples: 50 }),
    ).toEqual(
      measureLaw({ topologies: ["ring"], sizes: [10], runs: 3, masterSeed: 1, resamples: 50 }),
    );
  });

  it("a factor: delay slows convergence beyond the intervals; its base is the sweep's base", () => {
    const delay = SPEED_FACTORS.find((f) => f.id === "delay");
    if (delay === undefined) throw new Error("no delay factor");
    const r = measureFactor({ ...delay, values: [0, 4] }, 1, 5);
    expect(r.decision).toBe("holds");
    const s = perRoundSetting([["nodes", 100]]);
    expect(s).toMatchObject({ rounds: 100, partitionChance: 0, nodes: { min: 100, max: 100 } });
  });
});

describe("the catalogue's verdicts on S0-18 and S0-19", () => {
  const claims = loadClaims().claims;
  const claim = (id: string) => {
    const c = claims.find((x) => x.id === id);
    if (c === undefined) throw new Error(`no ${id}`);
    return c;
  };
  const outcomes = (id: string, f: (i: number) => OutcomeForVerdict["outcome"]) =>
    claim(id).evidence.map((e, i) => ({
      label: e.kind === "results" ? e.heading : `${e.kind} ${i}`,
      role: e.role,
      outcome: e.role === "qualifies" ? ("recorded" as const) : f(i),
    }));

  it("S0-18: no constant ratio (as the toolkit found) → refuted as catalogued", () => {
    expect(
      decideVerdict(
        claim("S0-18"),
        outcomes("S0-18", () => "supports"),
      ),
    ).toMatchObject({
      status: "refuted",
      asExpected: true,
    });
    // A constant that fits would leave the refutation unreproduced: inconclusive, not as recorded.
    expect(
      decideVerdict(
        claim("S0-18"),
        outcomes("S0-18", () => "contradicts"),
      ),
    ).toMatchObject({
      status: "inconclusive",
      asExpected: false,
    });
  });

  it("S0-19: seven factors as the document says and two against it → conditional as catalogued", () => {
    const c = claim("S0-19");
    const against = c.evidence.flatMap((e, i) =>
      e.kind === "results" && e.role === "refutes" ? [i] : [],
    );
    expect(against.map((i) => (c.evidence[i] as { heading: string }).heading)).toEqual([
      "Per-round convergence speed factor: degree",
      "Per-round convergence speed factor: rate-constant",
    ]);
    expect(c.evidence.filter((e) => e.role === "confirms")).toHaveLength(7);
    const v = decideVerdict(
      c,
      outcomes("S0-19", () => "supports"),
    );
    expect(v).toMatchObject({ status: "conditional", asExpected: true });
    expect(v.condition).toMatch(/fails for network density/);
    // The two against the document turning round would confirm the claim: not as recorded.
    const turned = new Set(against);
    expect(
      decideVerdict(
        c,
        outcomes("S0-19", (i) => (turned.has(i) ? "contradicts" : "supports")),
      ),
    ).toMatchObject({ status: "confirmed", asExpected: false });
    // A factor expected to hold failing is a second refutation: still conditional.
    const fanout = c.evidence.findIndex(
      (e) => e.kind === "results" && e.heading.endsWith(": fanout"),
    );
    expect(
      decideVerdict(
        c,
        outcomes("S0-19", (i) => (i === fanout ? "contradicts" : "supports")),
      ).reason,
    ).toMatch(/refuted by .*fanout/s);
    // Not run in the quick profile: not run, with its cost.
    expect(
      decideVerdict(
        c,
        outcomes("S0-19", () => "not-run"),
      ).status,
    ).toBe("not-run");
  });
});

describe("the quick profile", () => {
  it("lists S0-18 and S0-19 as not run, with the standard profile's cost", async () => {
    const run = await runLedger(loadClaims(), repositoryContext(), {
      profile: "quick",
      seed: 1,
      only: ["S0-18", "S0-19"],
    });
    const [law, factors] = run.ledger.claims;
    expect(law?.verdict).toMatchObject({ status: "not-run", profile: "standard" });
    expect(factors?.verdict).toMatchObject({ status: "not-run", profile: "standard" });
    const runs = PER_ROUND_RUNS.standard;
    expect(law?.verdict.costSeconds).toBe(Math.round(PER_ROUND_LAW_SECONDS_PER_RUN * runs));
    // Nine factors of three values each.
    expect(factors?.verdict.costSeconds).toBe(
      9 * Math.max(1, Math.round(PER_ROUND_FACTOR_SECONDS_PER_RUN * 3 * runs)),
    );
    expect(run.artifacts.size).toBe(0);
  });
});
