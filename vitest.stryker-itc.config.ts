import { defineConfig } from "vitest/config";

// StrykerJS on src/core/itc alone (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-itc.config.ts): only the ITC tests may kill a mutant, so
// the score is a lower bound of the one against all of test/core. The full set made every mutant
// of ids.ts/ops.ts run the protocol suites too (they use ITC), too slow on a loaded machine.
export default defineConfig({
  test: {
    include: ["test/core/itc/**/*.test.ts"],
    exclude: ["test/core/itc/deep.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
