import { defineConfig } from "vitest/config";

// StrykerJS on src/core/allocation alone (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-alloc.config.ts): only the tests that target the
// allocation engine may kill a mutant — test/core/allocation and the test/core files that call
// the allocator directly (allocate-validated, core-edges, dangerous-ids) — not the protocol,
// ITC, dynamics or recognition suites, which reach the allocator only through other modules.
// So the score is a LOWER BOUND of the one against all of test/core (vitest.stryker.config.ts).
// With the full set, state.ts ran at 46 mutants in 20 min on the loaded 2-core machine.
// Property cases are scaled down as in vitest.stryker.config.ts (COMMONS_SPEC_RUNS_FACTOR).
export default defineConfig({
  test: {
    include: [
      "test/core/allocation/**/*.test.ts",
      "test/core/allocate-validated.test.ts",
      "test/core/core-edges.test.ts",
      "test/core/dangerous-ids.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
