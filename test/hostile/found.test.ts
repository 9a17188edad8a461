/**
 * Defects the hostile fuzz found (test/hostile/parsers.ts, bench/hostile-fuzz.ts), each kept as
 * a regression test with the input that showed it.
 */
import { describe, expect, it } from "vitest";
import { P2P_SMALL } from "../../models/impl/P2PDenominator.js";
import { CATALOGUE } from "../../models/registry.js";
import { parseLog } from "../../src/engine/checker/trace-log.js";
import { runScenario } from "../../src/engine/sim/run.js";
import { scenario } from "../engine/sim/helpers.js";

describe("found by the hostile fuzz", () => {
  // bench/hostile-fuzz.ts --runs 20000 --seed 1 --only itf (path 4777): a simulator trace whose
  // input.kind is an object with a non-callable toString threw a TypeError from the parser.
  it.each([
    ["an object with a hostile toString", JSON.parse('{"toString": 1, "valueOf": "x"}') as unknown],
    ["toString", "toString"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
  ])("a simulator trace whose input.kind is %s is rejected, naming the field", (_what, kind) => {
    const trace = JSON.parse(
      JSON.stringify(runScenario(scenario(P2P_SMALL), { traceStates: 10, seed: 4 }).trace),
    ) as { states: { input: Record<string, unknown> }[] };
    (trace.states[0] as { input: Record<string, unknown> }).input.kind = kind;
    const m = CATALOGUE["P2PDenominator"];
    if (m === undefined) throw new Error("no P2PDenominator");
    const r = parseLog(JSON.stringify(trace), "run.itf.json", m.model, true);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatch(/^trace\.states\[0\]\.input\.kind: .* cannot be followed/);
  });
});
