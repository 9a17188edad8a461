/**
 * The mutant zoo (test/mutants/manifest.ts), run through `verify` at default settings: every
 * mutant is caught, naming one of its expected invariants, with a shrunk counterexample and a
 * replay path for every failure. The zoo is split into shards (test/verify/zoo-*.test.ts) so
 * that the test runner spreads it over the cores. Isolated and in-process runs are compared on
 * every other mutant: their agreement is a property of the runner, checked across all suites.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture } from "../helpers/capture.js";
import { MUTANTS } from "../mutants/manifest.js";

/** How many zoo-*.test.ts files share the zoo. */
export const ZOO_SHARDS = 4;

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** An outcome without its wall-clock figures (the only thing two runs may differ in). */
function withoutTimes(o: Record<string, unknown>): Record<string, unknown> {
  const { ms: _ms, ...rest } = o;
  return rest;
}

/** Registers the tests of shard `shard` (0-based) of the zoo. */
export function zooShard(shard: number): void {
  describe(`the mutant zoo, shard ${shard + 1}/${ZOO_SHARDS}: verify catches every mutant, naming the invariant`, () => {
    MUTANTS.forEach((m, k) => {
      if (k % ZOO_SHARDS !== shard) return;
      const compare = Math.floor(k / ZOO_SHARDS) % 2 === 0;
      it(`${m.file}${compare ? " (isolated and in-process agree)" : ""}`, async () => {
        const run = async (...extra: string[]) => {
          const io = capture();
          const code = await main(["verify", here(`../mutants/${m.file}`), "--json", ...extra], io);
          expect(code, io.stderr() + io.stdout()).toBe(1);
          return (JSON.parse(io.stdout()) as { outcomes: Record<string, unknown>[] }).outcomes;
        };
        const isolated = await run();
        const violated = isolated.filter((o) => o["status"] === "violated").map((o) => o["id"]);
        expect(
          violated.some((id) => m.caughtBy.includes(id as string)),
          `violated ${violated.join(", ")}`,
        ).toBe(true);
        // Every failure has its shrunk counterexample and replay path.
        for (const o of isolated)
          for (const f of o["failures"] as Record<string, unknown>[]) {
            expect(f["counterexample"]).toBeDefined();
            expect(f["path"]).toMatch(/^\d+(:\d+)*$/);
          }
        if (!compare) return;
        // Same verdicts, failure classes, counterexamples and paths as in this process.
        const inProcess = await run("--in-process");
        expect(isolated.map(withoutTimes)).toEqual(inProcess.map(withoutTimes));
      });
    });
  });
}
