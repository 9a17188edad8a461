/**
 * A seeded fuzz of every parser of untrusted input (test/hostile/parsers.ts) at a CI-sized
 * budget: each input parses, or is rejected with the project's typed user error — never another
 * exception — and what parses round-trips where a serializer exists. The seed is printed with
 * the command that replays it; `HOSTILE_SEED=<n>` and `HOSTILE_RUNS=<n>` change it and the
 * budget. `node --import tsx bench/hostile-fuzz.ts --deep` runs 10⁶ inputs per parser.
 */
import { afterAll, describe, expect, it } from "vitest";
import { fuzz, OracleError, parserTargets, scratch } from "./parsers.js";

const seed = Number(process.env["HOSTILE_SEED"] ?? "42");
const runs = Number(process.env["HOSTILE_RUNS"] ?? "300");
const s = scratch();
afterAll(() => s.dispose());
const targets = parserTargets(s);

describe(`hostile fuzz of every parser (seed ${seed}, ${runs} inputs each; replay: HOSTILE_SEED=${seed} npx vitest run test/hostile/fuzz.test.ts)`, () => {
  it.each(targets.map((t) => [t.name, t] as const))(
    "%s: parses or throws the typed user error, never anything else",
    (_name, t) => {
      const counts = fuzz(t, seed, runs);
      // Both sides of the oracle are exercised.
      expect(counts.accepted, "inputs accepted").toBeGreaterThan(0);
      expect(counts.rejected, "inputs rejected").toBeGreaterThan(0);
    },
  );

  it("the oracle fails on a parser that throws anything else", () => {
    const broken = {
      name: "broken",
      arbitrary: targets[0]?.arbitrary ?? (undefined as never),
      check(): "accepted" {
        throw new OracleError(
          "broken",
          "threw something other than the typed user error: TypeError",
        );
      },
    };
    expect(() => fuzz(broken, seed, 5)).toThrow(
      new RegExp(`Property failed after 1 tests[\\s\\S]*seed: ${seed}`),
    );
  });
});
