import { describe, expect, it } from "vitest";
import {
  PER_ROUND_RUNS,
  PROFILES,
  SCENARIO_SECONDS_PER_SEED,
  profileFor,
  scenarioSecondsPerSeed,
} from "../../src/audit/profiles.js";
import { BUILTIN_SCENARIOS } from "../../src/engine/sim/builtins.js";

// The audit plans its profiles from estimated CPU seconds per seed (src/audit/profiles.ts). A
// built-in scenario without an estimate would be taken for cheap (1 s) and run in the quick
// profile whatever it costs; a change of unit or limit could silently move scenarios between
// profiles. Both are pinned here; the figures themselves are in bench/RESULTS.md.

describe("audit profiles: the cost table", () => {
  it("every built-in scenario has a measured estimate", () => {
    for (const s of BUILTIN_SCENARIOS)
      expect(SCENARIO_SECONDS_PER_SEED, s.name).toHaveProperty([s.name]);
  });

  it("estimates are positive and finite, and unknown names cost the default 1 s", () => {
    for (const [name, seconds] of Object.entries(SCENARIO_SECONDS_PER_SEED)) {
      expect(Number.isFinite(seconds), name).toBe(true);
      expect(seconds, name).toBeGreaterThan(0);
    }
    expect(scenarioSecondsPerSeed("no-such-scenario")).toBe(1);
  });

  it("the profile limits grow from quick to full", () => {
    expect(PROFILES.quick.maxSecondsPerSeed).toBeLessThan(PROFILES.standard.maxSecondsPerSeed);
    expect(PROFILES.standard.maxSecondsPerSeed).toBeLessThan(PROFILES.full.maxSecondsPerSeed);
    expect(PROFILES.full.maxSecondsPerSeed).toBe(Number.POSITIVE_INFINITY);
  });

  it("places each scenario in the profile it has always run in", () => {
    const placement = Object.fromEntries(
      Object.keys(SCENARIO_SECONDS_PER_SEED).map((name) => [name, profileFor(name)]),
    );
    expect(placement).toMatchObject({
      "seed-000-worked-example": "quick",
      "p2p-small": "quick",
      "v2-100": "quick",
      "dishonest-20": "quick",
      "router-burst": "quick",
      "router-burst-lanes": "quick",
      'v1-vs-v2-100{"nodes.count":10}': "quick",
      'v1-vs-v2-100@documents{"nodes.count":10}': "quick",
      "partition-heal": "standard",
      "v1-vs-v2-100": "standard",
      "v2-100@documents": "standard",
      'v1-vs-v2-100@documents{"duration":270000}[v1-100]': "standard",
      "v2-10000": "full",
      'v1-vs-v2-100@documents{"duration":2700000}[v1-100]': "full",
    });
  });

  it("keeps the per-round speed experiments (S0-18, S0-19) out of the quick profile", () => {
    // ≈ 42 s and ≈ 18 s of CPU at the standard profile's 20 runs per point: listed, not run.
    expect(PER_ROUND_RUNS.quick).toBe(0);
    expect(PER_ROUND_RUNS.standard).toBeGreaterThanOrEqual(10);
    expect(PER_ROUND_RUNS.full).toBeGreaterThan(PER_ROUND_RUNS.standard);
  });
});
