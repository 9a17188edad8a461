import { defineConfig } from "vitest/config";

// StrykerJS on src/core/compat (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-compat.config.ts): only test/core/compat and the edge tests
// of core-edges.test.ts (which reach compat/location.ts and time.ts) may kill a mutant, so the
// score is a lower bound of the one against all of test/core. Property cases are scaled down (×0.25).
export default defineConfig({
  test: {
    include: ["test/core/compat/**/*.test.ts", "test/core/core-edges.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
