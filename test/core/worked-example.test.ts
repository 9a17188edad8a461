import { describe, expect, it } from "vitest";
import { SEED_000_NETWORK } from "../../properties/examples.js";
import { runDynamics } from "../../src/core/dynamics.js";

const SEED_000 = SEED_000_NETWORK;

const g = (grants: Record<string, Record<string, Record<string, number>>>, p: string, r: string) =>
  grants[p]?.[r]?.["n"] ?? 0;

describe("seed 000's worked example under the reference allocation (SPEC.md §6.5)", () => {
  it("DYN-6 settles with net-of-others residuals to the fixed point of §6.5", () => {
    const run = runDynamics(SEED_000, { residual: "net-of-others" });
    expect(run.settledAt).toBe(19);
    const first = run.rounds[0]!;
    expect(g(first.grants, "P1", "R1")).toBeCloseTo((400 * 300) / 420, 9);
    expect(g(first.grants, "P2", "R2")).toBeCloseTo(175, 9);
    expect(first.denominators["P1"]?.["s"]).toEqual({ mutual: 420, nonMutual: 0 });
    const last = run.rounds.at(-1)!;
    expect(g(last.grants, "P1", "R1")).toBeCloseTo(372.2953, 2);
    expect(g(last.grants, "P1", "R2")).toBeCloseTo(27.7047, 2);
    expect(g(last.grants, "P2", "R1")).toBeCloseTo(50.2076, 2);
    expect(g(last.grants, "P2", "R2")).toBeCloseTo(249.7924, 2);
    expect(last.received["R1"]! + last.received["R2"]!).toBeCloseTo(700, 9);
    expect(last.dampingFactors).toEqual({ R1: 0.5, R2: 0.5 });
    expect(last.networkConverged).toBe(true);
  });

  it("DYN-6 the fixed point (ε = 1e-12) satisfies the equations of §6.5", () => {
    const run = runDynamics(SEED_000, {
      residual: "net-of-others",
      epsilon: 1e-12,
      maxRounds: 500,
    });
    expect(run.settledAt).not.toBeNull();
    const last = run.rounds.at(-1)!.grants;
    const a = g(last, "P1", "R1");
    const b = g(last, "P1", "R2");
    const c = g(last, "P2", "R1");
    const d = g(last, "P2", "R2");
    expect(a + b).toBeCloseTo(400, 9);
    expect(c + d).toBeCloseTo(300, 9);
    expect(a).toBeCloseTo((400 * 0.6 * (500 - c)) / (0.6 * (500 - c) + 0.4 * (300 - d)), 6);
    expect(d).toBeCloseTo((300 * 0.7 * (300 - b)) / (0.3 * (500 - a) + 0.7 * (300 - b)), 6);
    expect(a).toBeCloseTo(372.2953, 4);
    expect(d).toBeCloseTo(249.7924, 4);
  });

  it("DYN-6 the same example never settles under the sequential schedule with damping, and does without", () => {
    expect(
      runDynamics(SEED_000, { residual: "net-of-others", schedule: "sequential", maxRounds: 500 })
        .settledAt,
    ).toBeNull();
    expect(
      runDynamics(SEED_000, { residual: "net-of-others", schedule: "sequential", damping: false })
        .settledAt,
    ).toBe(11);
  });

  it("DYN-6 the naive residual never settles on it", () => {
    expect(runDynamics(SEED_000, { residual: "naive", maxRounds: 500 }).settledAt).toBeNull();
  });
});
