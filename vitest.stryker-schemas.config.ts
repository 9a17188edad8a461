import { defineConfig } from "vitest/config";

// StrykerJS on src/core/schemas (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-schemas.config.ts): only the schema tests directly under
// test/core may kill a mutant (not the itc, allocation, protocols or compat suites, nor the
// dynamics and vclock ones), so the score is a lower bound of the one against all of test/core.
// Property cases are scaled down (×0.25).
export default defineConfig({
  test: {
    include: [
      "test/core/schemas.test.ts",
      "test/core/schemas-edges.test.ts",
      "test/core/schemas-id-record.test.ts",
      "test/core/dangerous-ids.test.ts",
      "test/core/allocate-validated.test.ts",
      "test/core/modules-load.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
