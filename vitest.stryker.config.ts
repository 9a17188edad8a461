import { defineConfig } from "vitest/config";

// The tests StrykerJS runs against each mutant of src/core: the core's property suites and
// unit tests (test/core), without the CLI and verify tests, and without the 100 000-level
// trees (ITC-11 stays in the normal suite); property cases are scaled down (see
// COMMONS_SPEC_RUNS_FACTOR in properties/property.ts) so that a run finishes in hours, not days.
export default defineConfig({
  test: {
    include: ["test/core/**/*.test.ts"],
    exclude: ["test/core/itc/deep.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    env: { COMMONS_SPEC_RUNS_FACTOR: "0.25" },
  },
});
