import { defineConfig } from "vitest/config";

// StrykerJS on the top-level files of src/core (vclock, dynamics, convergence, recognition, dict,
// damping, errors, order, residual, tolerance) and src/core/schemas (bench/mutation/run-part.sh
// with STRYKER_VITEST_CONFIG=vitest.stryker-core-top.config.ts): only the tests directly under
// test/core may kill a mutant (not the itc, allocation, protocols or compat suites), so the score
// is a lower bound of the one against all of test/core. Property cases are scaled down (×0.25).
export default defineConfig({
  test: {
    include: ["test/core/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
