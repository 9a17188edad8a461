/**
 * `commons-spec stats`: a statistical claim's SPRT with the toolkit's parameters overridden and
 * over a grid. Good input prints the seed, one row per point with its decision and a replay
 * command that reproduces that row; bad input exits 2 naming the parameter.
 */
import { describe, expect, it } from "vitest";
import { decideClaim, STAT_CLAIM, statClaims } from "../../properties/convergence-stats.js";
import { dependenceOf, runStatSweep } from "../../src/audit/stat-sweep.js";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";

async function stats(...args: string[]) {
  const io = capture();
  const code = await main(["stats", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const stat2 = statClaims().find((c) => c.id === "STAT-2")!;

describe("commons-spec stats", () => {
  it("sweeps a parameter: one row per value, the decision the SPRT reaches there, seed and replay", async () => {
    const r = await stats("--claim", "S0-6", "--sweep", "noise=0.2:0.3:0.1", "--seed", "1");
    expect(r.code).toBe(0);
    expect(r.out).toContain("STAT-2 — ");
    expect(r.out).toContain("master seed 1");
    expect(r.out).toMatch(/^0\.2 +fails +\d+/m);
    expect(r.out).toMatch(/^0\.3 +fails +5 +0\/5/m);
    expect(r.out).toContain("commons-spec stats --claim STAT-2 --seed 1 --set noise=0.3");
    expect(r.out).toContain("over noise: fails at every noise swept (0.2, 0.3)");
    // The oracle: the engine run directly at the same setting.
    const direct = decideClaim({ ...stat2.setting, noise: 0.2 }, STAT_CLAIM, 1);
    expect(r.out).toMatch(new RegExp(`^0\\.2 +${direct.decision} +${direct.sprt.runs} `, "m"));
  });

  it("--json gives every point structured, and --set fixes a parameter at every point", async () => {
    const r = await stats(
      "--claim",
      "STAT-2",
      "--set",
      "rounds=20,sprt.maxRuns=30",
      "--sweep",
      "noise=0.1,0.3",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      masterSeed: number;
      set: Record<string, number>;
      setting: { rounds: number };
      test: { maxRuns: number };
      points: { at: { noise: number }; decision: string; runs: number; reproduce: string }[];
    };
    expect(j.masterSeed).toBe(1);
    expect(j.set).toEqual({ rounds: 20, "sprt.maxRuns": 30 });
    expect(j.setting.rounds).toBe(20);
    expect(j.test.maxRuns).toBe(30);
    expect(j.points.map((p) => p.at.noise)).toEqual([0.1, 0.3]);
    // Accepting H0 takes 42 straight successes: with 30 runs at most the SPRT stays undecided.
    expect(j.points[0]).toMatchObject({ decision: "undecided", runs: 30 });
    expect(j.points[1]?.decision).toBe("fails");
    expect(j.points[1]?.reproduce).toBe(
      "commons-spec stats --claim STAT-2 --seed 1 --set rounds=20,sprt.maxRuns=30,noise=0.3",
    );
    // The replay command reproduces the row.
    const again = await stats(
      "--claim",
      "STAT-2",
      "--seed",
      "1",
      "--set",
      "rounds=20,sprt.maxRuns=30,noise=0.3",
      "--json",
    );
    const k = JSON.parse(again.out) as { points: { decision: string; runs: number }[] };
    expect(k.points[0]).toMatchObject({ decision: "fails", runs: j.points[1]?.runs });
  });

  it("--run replays one run of a point", async () => {
    const r = await stats("--claim", "STAT-2", "--set", "noise=0.3", "--run", "0");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^run +0 +FAIL/m);
    expect(r.out).toContain(
      "replay: commons-spec stats --claim STAT-2 --seed 1 --set noise=0.3 --run 0",
    );
  });

  it("a catalogue claim runs with the parameters its evidence fixes; --set and --sweep override them", async () => {
    // S0-26's first evidence item is STAT-2 with the document's adaptive rule (rate=adaptive:0.3):
    // `stats --claim S0-26` must test that rule, not STAT-2's own constant rate.
    const claim = await stats("--claim", "S0-26", "--set", "noise=0.3", "--run", "0", "--json");
    expect(claim.code).toBe(0);
    expect(claim.err).toContain("S0-26: STAT-2 with rate=adaptive:0.3");
    const got = JSON.parse(claim.out) as { stat: string; set: [string, unknown][] };
    expect(got.stat).toBe("STAT-2");
    expect(got.set).toEqual([
      ["rate", "adaptive:0.3"],
      ["noise", 0.3],
    ]);
    // The oracle: the same run through STAT-2 with the rate written out.
    const direct = await stats(
      "--claim",
      "STAT-2",
      "--set",
      "rate=adaptive:0.3,noise=0.3",
      "--run",
      "0",
      "--json",
    );
    expect((JSON.parse(claim.out) as { run: unknown }).run).toEqual(
      (JSON.parse(direct.out) as { run: unknown }).run,
    );
    const own = await stats(
      "--claim",
      "S0-26",
      "--set",
      "rate=constant:0.3",
      "--run",
      "0",
      "--json",
    );
    expect((JSON.parse(own.out) as { set: unknown }).set).toEqual([["rate", "constant:0.3"]]);
    const swept = await stats(
      "--claim",
      "S0-26",
      "--sweep",
      "rate=constant:0.3",
      "--set",
      "rounds=20,sprt.maxRuns=30",
      "--json",
    );
    expect(swept.code).toBe(0);
    expect((JSON.parse(swept.out) as { set: unknown }).set).toEqual({
      rounds: 20,
      "sprt.maxRuns": 30,
    });
    // STAT-n itself fixes nothing.
    const plain = await stats("--claim", "STAT-2", "--run", "0", "--json");
    expect((JSON.parse(plain.out) as { set: unknown }).set).toEqual([]);
    expect(plain.err).toBe("");
  });

  it("--list-parameters names every parameter", async () => {
    const r = await stats("--list-parameters");
    expect(r.code).toBe(0);
    for (const p of ["noise", "epsilon", "rounds", "rate", "liars", "strategy", "sprt.alpha"])
      expect(r.out).toMatch(new RegExp(`^  ${p.replace(".", "\\.")} `, "m"));
  });

  it.each([
    [["--claim", "STAT-2", "--set", "foo=1"], /unknown parameter "foo"/],
    [["--claim", "STAT-2", "--set", "noise=2"], /noise=2: must be a number in \[0, 1\)/],
    [["--claim", "STAT-2", "--set", "noise=0.7"], /noise 0\.7 lets an observed grant exceed/],
    [["--claim", "STAT-2", "--sweep", "noise=a,b"], /noise=a: must be a number/],
    [["--claim", "STAT-2", "--set", "rate=constant:2"], /rate=constant:2: alpha must be in/],
    [["--claim", "STAT-2", "--set", "rate=adaptive:0"], /rate=adaptive:0: alpha must be in/],
    [["--claim", "STAT-2", "--set", "rate=adaptive"], /rate=adaptive: must be .*adaptive:α/],
    [["--claim", "STAT-2", "--set", "strategy=inflate:0.5"], /inflate needs a factor above 1/],
    [["--claim", "STAT-2", "--set", "sprt.p1=0.99"], /sprt\.p1 \(0\.99\) must be below sprt\.p0/],
    [["--claim", "STAT-2", "--set", "noise=0.1,noise=0.2"], /noise is set twice/],
    [["--claim", "STAT-2", "--sweep", "rounds=1:1000:1"], /1000 grid points, more than 400/],
    [["--claim", "STAT-2", "--sweep", "noise=0,0.1", "--run", "1"], /--run replays one point/],
    [["--claim", "STAT-9"], /unknown claim "STAT-9"/],
    [["--claim", "S9-99"], /unknown claim "S9-99"/],
    [["--claim", "S4-3"], /S4-3: its evidence has no statistical test/],
    [["--sweep", "noise=0,0.1"], /--claim ID is required/],
  ])("bad input %j exits 2 naming it", async (args, message) => {
    const r = await stats(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
  });
});

describe("dependenceOf", () => {
  const point = (noise: number, decision: "holds" | "fails" | "undecided") => ({
    at: { noise },
    decision,
    runs: 1,
    successes: 0,
    estimate: { p: 0, lower: 0, upper: 0, confidence: 0.99 },
    worstError: 0,
    reproduce: "",
  });
  it("states a monotone boundary either way, a scattered set, and undecided points", () => {
    expect(
      dependenceOf("noise", [point(0, "holds"), point(0.1, "holds"), point(0.2, "fails")]),
    ).toMatchObject({
      condition: "holds for noise ≤ 0.1, fails for noise ≥ 0.2",
      boundary: { holdsUpTo: 0.1, failsFrom: 0.2 },
      monotone: true,
    });
    expect(dependenceOf("noise", [point(0, "fails"), point(0.1, "holds")]).condition).toBe(
      "fails for noise ≤ 0, holds for noise ≥ 0.1",
    );
    expect(
      dependenceOf("noise", [point(0, "holds"), point(0.1, "fails"), point(0.2, "holds")]),
    ).toMatchObject({
      monotone: false,
      condition: "holds for noise ∈ {0, 0.2}, fails for noise ∈ {0.1}",
    });
    expect(
      dependenceOf("noise", [point(0, "holds"), point(0.1, "undecided"), point(0.2, "fails")])
        .condition,
    ).toBe("holds for noise ≤ 0, fails for noise ≥ 0.2; undecided at noise = 0.1");
  });

  it("runStatSweep checks the whole grid before running anything", () => {
    expect(() =>
      runStatSweep({
        stat: "STAT-2",
        masterSeed: 1,
        axes: [{ parameter: "noise", values: [0.3, 0.9] }],
      }),
    ).toThrow(/noise=0\.9/);
  });
});
