import { defineConfig } from "vitest/config";

// StrykerJS on src/core/allocation/state.ts under a deadline: only the tests written against
// the allocation state and sessions (state.test.ts: the state against SPEC §3–§5 and
// patch = buildState; engine.test.ts: results bit for bit and kept preparation never stale;
// session-mutants.test.ts). Fewer tests than vitest.stryker-alloc.config.ts, so the score is
// an even lower LOWER BOUND of the one against all of test/core. Property cases ×0.25.
export default defineConfig({
  test: {
    include: [
      "test/core/allocation/state.test.ts",
      "test/core/allocation/engine.test.ts",
      "test/core/allocation/session-mutants.test.ts",
    ],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
