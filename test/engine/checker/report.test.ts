import { describe, expect, it } from "vitest";
import { checkModel } from "../../../src/engine/checker/bfs.js";
import {
  counterexampleToItf,
  formatCounterexample,
  formatSummary,
  formatValue,
} from "../../../src/engine/checker/report.js";
import { STUTTER } from "../../../src/engine/checker/result.js";
import { parseTrace, tup } from "../../../src/engine/trace/itf.js";
import { stepSpin, twoPhase } from "./hand-models.js";

describe("reports", () => {
  it("prints values in TLA+ notation", () => {
    expect(formatValue({ b: [1, "x"], a: true })).toBe('[a |-> TRUE, b |-> <<1, "x">>]');
    expect(formatValue(new Set([3, 1]))).toBe("{1, 3}");
    expect(formatValue(new Map([["k", 1]]))).toBe('("k" :> 1)');
    expect(formatValue(tup(1, 2))).toBe("<<1, 2>>");
  });

  it("prints a counterexample step by step with actions and changed variables", () => {
    const c = { rms: ["r1", "r2"], hastyCommit: true };
    const r = checkModel(twoPhase, c);
    const cex = r.counterexample;
    if (cex === undefined) throw new Error("no counterexample");
    const text = formatCounterexample(twoPhase, cex);
    expect(text).toContain("invariant TCConsistent violated");
    expect(text).toContain("State 0: <Initial predicate>");
    cex.actions.forEach((a, i) => expect(text).toContain(`State ${i + 1}: <${a}>`));
    expect(text).toMatch(/\(unchanged: [a-zA-Z, ]+\)/);
    const summary = formatSummary(r);
    expect(summary).toContain("distinct states");
    expect(summary).toContain("states/s");
    expect(summary).toContain("collision probability");
    expect(summary).toContain("TMCommit");
    expect(summary).toContain("verdict: violation — TCConsistent");
  });

  it("prints only the changed fields of records, two levels deep; new keys print the record whole", () => {
    const m = {
      name: "Fields",
      doc: "records of records",
      variables: ["nodes", "n"],
      init: () => [{ nodes: { a: { x: 0, y: 0 }, "b-1": { x: 0 } }, n: 0 }],
      actions: [
        {
          name: "Step",
          doc: "",
          next: (s: { nodes: Record<string, Record<string, number>>; n: number }) => [
            { ...s, nodes: { ...s.nodes, a: { x: 1, y: 0 }, "b-1": { x: 0, z: 2 } } },
          ],
        },
      ],
      invariants: [],
    };
    const text = formatCounterexample(m, {
      kind: "invariant",
      property: "P",
      states: [
        { nodes: { a: { x: 0, y: 0 }, "b-1": { x: 0 } }, n: 0 },
        { nodes: { a: { x: 1, y: 0 }, "b-1": { x: 0, z: 2 } }, n: 0 },
      ],
      actions: ["Step"],
    });
    expect(text).toContain("/\\ nodes.a.x = 1");
    expect(text).not.toContain("nodes.a.y");
    expect(text).toContain('/\\ nodes["b-1"] = [x |-> 0, z |-> 2]');
    expect(text).toContain("(unchanged: n)");
  });

  it("writes ITF that parseTrace reads back to the same states", () => {
    const c = { rms: ["r1", "r2"], hastyCommit: true };
    const cex = checkModel(twoPhase, c).counterexample;
    if (cex === undefined) throw new Error("no counterexample");
    const itf = counterexampleToItf(twoPhase, cex, { config: "x" });
    const { trace, states } = parseTrace(JSON.parse(JSON.stringify(itf)));
    expect(trace.vars).toEqual(twoPhase.variables);
    expect(states).toEqual(cex.states);
    expect(trace.loop).toBeUndefined();
    expect(trace["#meta"]).toMatchObject({
      model: "TwoPhase",
      property: "TCConsistent",
      verdict: "violation",
      config: "x",
    });
    expect(trace.states[1]?.["#meta"]).toEqual({ index: 1, action: cex.actions[0] });
  });

  it("writes lassos with their loop", () => {
    const m = stepSpin([]);
    const cex = checkModel(m, null).counterexample;
    if (cex === undefined) throw new Error("no lasso");
    const itf = counterexampleToItf(m, cex);
    const { trace, states } = parseTrace(JSON.parse(JSON.stringify(itf)));
    expect(trace.loop).toBe(0);
    expect(states).toEqual([{ x: 0, y: false }]);
    expect(trace["#meta"]).toMatchObject({ verdict: "liveness", loopAction: STUTTER });
    expect(formatCounterexample(m, cex)).toContain("Back to state 0 by <(stutter)>");
  });
});
