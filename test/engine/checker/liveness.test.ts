import { describe, expect, it } from "vitest";
import { checkModel } from "../../../src/engine/checker/bfs.js";
import { STUTTER } from "../../../src/engine/checker/result.js";
import { assertBehaviour, assertFairCycle, flicker, reqGrant, stepSpin } from "./hand-models.js";

describe("liveness under weak fairness", () => {
  it("◇(x = 3) holds when Step is weakly fair", () => {
    const r = checkModel(stepSpin(["Step"]), null);
    expect(r.verdict).toBe("ok");
    expect(r.livenessChecked).toEqual(["Reaches3"]);
    expect(checkModel(stepSpin(["Step", "Spin"]), null).verdict).toBe("ok");
  });

  it("without fairness for Step, a lasso spins forever", () => {
    const m = stepSpin(["Spin"]);
    const r = checkModel(m, null);
    expect(r.verdict).toBe("liveness");
    const cex = r.counterexample;
    if (cex === undefined) throw new Error("no lasso");
    expect(cex.kind).toBe("liveness");
    expect(cex.property).toBe("Reaches3");
    expect(cex.loop).toBe(0);
    expect(cex.states).toEqual([
      { x: 0, y: false },
      { x: 0, y: true },
    ]);
    expect(cex.actions).toEqual(["Spin", "Spin"]);
    assertBehaviour(m, null, cex);
    assertFairCycle(m, null, cex, ["Spin"]);
  });

  it("with no fairness at all, stuttering in the initial state is a counterexample", () => {
    const r = checkModel(stepSpin([]), null);
    expect(r.counterexample?.states).toEqual([{ x: 0, y: false }]);
    expect(r.counterexample?.loop).toBe(0);
    expect(r.counterexample?.actions).toEqual([STUTTER]);
  });

  it("weak fairness does not force an action that is only intermittently enabled", () => {
    const r = checkModel(flicker, null);
    expect(r.verdict).toBe("liveness");
    const cex = r.counterexample;
    if (cex === undefined) throw new Error("no lasso");
    assertBehaviour(flicker, null, cex);
    assertFairCycle(flicker, null, cex, ["Flip", "Take"]);
    expect(cex.states.some((s) => s.done)).toBe(false);
    expect(new Set(cex.actions)).toEqual(new Set(["Flip"]));
  });

  it("P ~> Q holds under fairness and fails with a lasso after P without it", () => {
    expect(checkModel(reqGrant(["Grant"]), null).verdict).toBe("ok");
    const m = reqGrant(["Request", "Release"]);
    const r = checkModel(m, null);
    expect(r.verdict).toBe("liveness");
    const cex = r.counterexample;
    if (cex === undefined) throw new Error("no lasso");
    assertBehaviour(m, null, cex);
    assertFairCycle(m, null, cex, ["Request", "Release"]);
    // The stem reaches a request; from there on, no grant.
    const loop = cex.loop ?? -1;
    expect(cex.states[loop]?.req).toBe(true);
    expect(cex.states.slice(loop).every((s) => !s.granted)).toBe(true);
    expect(cex.states).toEqual([
      { req: false, granted: false },
      { req: true, granted: false },
    ]);
    expect(cex.actions).toEqual(["Request", STUTTER]);
  });

  it("is skipped with checkLiveness: false, and not checked on a partial graph", () => {
    const m = stepSpin(["Spin"]);
    expect(checkModel(m, null, { checkLiveness: false }).verdict).toBe("ok");
    const partial = checkModel(m, null, { maxStates: 3 });
    expect(partial.verdict).toBe("budget");
    expect(partial.livenessChecked).toEqual([]);
  });
});
