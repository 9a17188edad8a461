import { defineConfig } from "vitest/config";

// StrykerJS on src/core/itc/compact.ts and encode.ts (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-itc-compact.config.ts): only the differential tests of
// these files — compact.ts and encode.ts against events.ts and reference.ts (compact.test.ts,
// events.test.ts), compact.ts's scratch buffers in a fresh module (compact-scratch), decode and encode against fixed positions and vectors, and the misuse tests of
// every operation (errors.test.ts). A lower bound of the score against all of test/core: the other
// ITC tests (catalog, properties, oracle, nodes) reach every compact.ts mutant too, through the
// operations, and made each run several times longer on the shared machine.
// COMMONS_SPEC_RUNS_FACTOR scales only the property suites run through assertProperty
// (properties/property.ts); these files fix their own numRuns.
export default defineConfig({
  test: {
    include: [
      "test/core/itc/compact.test.ts",
      "test/core/itc/compact-scratch.test.ts",
      "test/core/itc/events.test.ts",
      "test/core/itc/errors.test.ts",
      "test/core/itc/encoding.test.ts",
      "test/core/itc/decode-positions.test.ts",
      "test/core/itc/vectors.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
