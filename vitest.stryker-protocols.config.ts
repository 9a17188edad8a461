import { defineConfig } from "vitest/config";

// StrykerJS on src/core/protocols (bench/mutation/run-part.sh with
// STRYKER_VITEST_CONFIG=vitest.stryker-protocols.config.ts): the files of test/core written
// against the protocol nodes — test/core/protocols and dangerous-ids.test.ts (simulator runs of
// v1, v2 and p2p with ids named like Object.prototype members) — and the test of the V2 node's
// in-place step (test/engine/sim/in-place.test.ts: `v2Machine.inPlace` gives the pure step's
// runs, and the pure step never writes its input), the only test of that part of v2-node.ts.
// The other files of test/core reach src/core/protocols only as imports
// (properties/under-test.ts imports the node modules), so the score is a lower bound of, and
// in practice equal to, the one of vitest.stryker.config.ts (all of test/core) with in-place.test.ts
// added — without a dry run of the ITC and allocation suites. Property cases ×0.25, as there.
export default defineConfig({
  test: {
    include: [
      "test/core/protocols/**/*.test.ts",
      "test/core/dangerous-ids.test.ts",
      "test/engine/sim/in-place.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
