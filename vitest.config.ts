import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    coverage: {
      provider: "v8",
      include: ["src/core/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "reports/coverage",
      // Adequacy target of issue 5: src/core ≥ 95 % lines and branches, the protocol state
      // machines (src/core/protocols) included (bench/RESULTS.md, "Adequacy").
      thresholds: {
        "src/core/!(protocols)/**": { lines: 95, branches: 95 },
        "src/core/*.ts": { lines: 95, branches: 95 },
        "src/core/protocols/**": { lines: 95, branches: 95 },
      },
    },
  },
});
