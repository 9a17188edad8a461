import { describe, expect, it } from "vitest";
import { checkModel } from "../../../src/engine/checker/bfs.js";
import type { Model } from "../../../src/engine/checker/model.js";
import type { ProgressReport } from "../../../src/engine/checker/result.js";
import {
  assertBehaviour,
  counter,
  referenceSearch,
  twoPhase,
  type Grid,
  type GridConfig,
} from "./hand-models.js";

describe("breadth-first search", () => {
  it("explores the counter grid completely: (max+1)² states, depth 2·max", () => {
    for (const max of [0, 1, 3, 6]) {
      const r = checkModel(counter, { max, limit: 100 });
      expect(r.verdict).toBe("ok");
      expect(r.distinctStates).toBe((max + 1) ** 2);
      expect(r.depth).toBe(2 * max);
      expect(r.queueSize).toBe(0);
      // Every state but the last row/column has two successors; the corner none.
      expect(r.generatedStates).toBe(1 + 2 * max * (max + 1));
    }
  });

  it("reproduces TLC's figure for TwoPhase with 3 RMs (288 distinct states) and agrees with a plain BFS", () => {
    for (const rms of [["r1"], ["r1", "r2"], ["r1", "r2", "r3"]]) {
      const c = { rms, hastyCommit: false };
      const r = checkModel(twoPhase, c);
      const ref = referenceSearch(twoPhase, c);
      expect(r.verdict).toBe("ok");
      expect(r.distinctStates).toBe(ref.distinct);
      expect(r.depth).toBe(ref.depth);
    }
    expect(
      checkModel(twoPhase, { rms: ["r1", "r2", "r3"], hastyCommit: false }).distinctStates,
    ).toBe(288);
  });

  it("returns a shortest counterexample, replayable step by step", () => {
    const c = { rms: ["r1", "r2", "r3"], hastyCommit: true };
    const r = checkModel(twoPhase, c);
    expect(r.verdict).toBe("violation");
    const cex = r.counterexample;
    expect(cex?.kind).toBe("invariant");
    expect(cex?.property).toBe("TCConsistent");
    expect(cex?.states.length).toBe(referenceSearch(twoPhase, c).firstViolationDepth + 1);
    expect(cex?.states.length).toBe(6);
    if (cex === undefined) throw new Error("no counterexample");
    assertBehaviour(twoPhase, c, cex);
    const last = cex.states[cex.states.length - 1];
    expect(last !== undefined && twoPhase.invariants[0]?.holds(last, c)).toBe(false);
    expect(cex.states.slice(0, -1).every((s) => twoPhase.invariants[0]?.holds(s, c))).toBe(true);

    const grid = checkModel(counter, { max: 5, limit: 7 });
    expect(grid.counterexample?.property).toBe("SumBelowLimit");
    expect(grid.counterexample?.states.length).toBe(8); // x + y = 7 needs 7 steps
  });

  it("reports deadlocks unless the state is terminal or deadlock checking is off", () => {
    const { terminal: _terminal, ...noTerminal } = counter;
    const r = checkModel(noTerminal, { max: 2, limit: 100 });
    expect(r.verdict).toBe("deadlock");
    expect(r.counterexample?.kind).toBe("deadlock");
    expect(r.counterexample?.states.at(-1)).toEqual({ x: 2, y: 2 });
    expect(r.counterexample?.states.length).toBe(5);
    expect(checkModel(noTerminal, { max: 2, limit: 100 }, { checkDeadlock: false }).verdict).toBe(
      "ok",
    );
    expect(checkModel(counter, { max: 2, limit: 100 }).verdict).toBe("ok");
  });

  it("stops at maxStates with a partial result, and not when the graph is exactly that size", () => {
    const r = checkModel(counter, { max: 9, limit: 100 }, { maxStates: 30 });
    expect(r.verdict).toBe("budget");
    expect(r.stoppedBy).toBe("maxStates");
    expect(r.distinctStates).toBe(30);
    expect(r.queueSize).toBeGreaterThan(0);
    const exact = checkModel(counter, { max: 4, limit: 100 }, { maxStates: 25 });
    expect(exact.verdict).toBe("ok");
    expect(exact.stoppedBy).toBeUndefined();
  });

  it("depth-bounded mode expands nothing at maxDepth", () => {
    const r = checkModel(counter, { max: 9, limit: 100 }, { maxDepth: 3 });
    expect(r.verdict).toBe("budget");
    expect(r.stoppedBy).toBe("maxDepth");
    expect(r.depth).toBe(3);
    expect(r.distinctStates).toBe(1 + 2 + 3 + 4);
    // A violation within the bound is still found.
    expect(checkModel(counter, { max: 9, limit: 2 }, { maxDepth: 3 }).verdict).toBe("violation");
    // A graph shallower than the bound completes.
    expect(checkModel(counter, { max: 1, limit: 100 }, { maxDepth: 3 }).verdict).toBe("ok");
  });

  it("stops at the memory budget with a partial report instead of crashing", () => {
    const r = checkModel(counter, { max: 400, limit: 10_000 }, { memoryBudgetBytes: 200_000 });
    expect(r.verdict).toBe("budget");
    expect(r.stoppedBy).toBe("memory");
    expect(r.distinctStates).toBeGreaterThan(100);
    expect(r.distinctStates).toBeLessThan(401 * 401);
    expect(r.memoryBytes).toBeGreaterThan(200_000);
  });

  it("checks but does not expand states outside the constraint", () => {
    const constrained: Model<Grid, GridConfig> = { ...counter, constraint: (s) => s.x + s.y <= 2 };
    const r = checkModel(constrained, { max: 5, limit: 100 }, { checkDeadlock: false });
    expect(r.verdict).toBe("ok");
    expect(r.distinctStates).toBe(10); // sums 0..3
    expect(r.constrainedStates).toBe(4); // the sum-3 diagonal
    // States outside the constraint are still checked.
    expect(checkModel(constrained, { max: 5, limit: 3 }).counterexample?.property).toBe(
      "SumBelowLimit",
    );
  });

  it("checks action properties on every transition", () => {
    const m: Model<Grid, GridConfig> = {
      ...counter,
      actionProperties: [
        {
          name: "NoDiagonalJump",
          doc: "IncY never brings y above x + 1",
          holds: (b, a, action) => action !== "IncY" || a.y <= b.x + 1,
        },
      ],
    };
    const r = checkModel(m, { max: 3, limit: 100 });
    expect(r.verdict).toBe("violation");
    expect(r.counterexample?.kind).toBe("action-property");
    expect(r.counterexample?.actions).toEqual(["IncY", "IncY"]);
  });

  it("counts coverage per action", () => {
    const r = checkModel(counter, { max: 2, limit: 100 });
    expect(r.coverage).toEqual([
      { action: "IncX", enabled: 6, taken: 6, distinctNew: 2 },
      { action: "IncY", enabled: 6, taken: 6, distinctNew: 6 },
    ]);
  });

  it("symmetry and view merge states", () => {
    const sym: Model<Grid, GridConfig> = {
      ...counter,
      symmetry: (s) => (s.x <= s.y ? s : { x: s.y, y: s.x }),
    };
    expect(checkModel(sym, { max: 3, limit: 100 }).distinctStates).toBe(10);
    expect(checkModel(sym, { max: 3, limit: 100 }, { symmetry: false }).distinctStates).toBe(16);
    const view: Model<Grid, GridConfig> = { ...counter, view: (s) => s.x };
    expect(checkModel(view, { max: 3, limit: 100 }).distinctStates).toBe(4);
  });

  it("a counterexample through symmetric states replays", () => {
    const sym: Model<Grid, GridConfig> = {
      ...counter,
      symmetry: (s) => (s.x <= s.y ? s : { x: s.y, y: s.x }),
      invariants: [{ name: "YBelow3", doc: "", holds: (s) => s.y < 3 }],
    };
    const r = checkModel(sym, { max: 4, limit: 100 });
    expect(r.counterexample?.property).toBe("YBelow3");
    if (r.counterexample === undefined) throw new Error("no counterexample");
    assertBehaviour(sym, { max: 4, limit: 100 }, r.counterexample);
    expect(r.counterexample.states.at(-1)?.y).toBe(3);
  });

  it("reports progress through the callback, with time from the injected clock", () => {
    let t = 0;
    const reports: ProgressReport[] = [];
    const r = checkModel(
      counter,
      { max: 60, limit: 1000 },
      {
        now: () => (t += 1),
        progressEveryStates: 1000,
        progressIntervalMs: 0,
        onProgress: (p) => reports.push(p),
      },
    );
    expect(reports.length).toBe(3); // 61² = 3721 states
    expect(reports.map((p) => p.distinctStates)).toEqual([1000, 2000, 3000]);
    expect(r.elapsedMs).toBe(t - 1);
    expect(r.statesPerSecond).toBeGreaterThan(0);
    const timed: ProgressReport[] = [];
    let clock = 0;
    checkModel(
      counter,
      { max: 60, limit: 1000 },
      {
        now: () => (clock += 10),
        progressEveryStates: 0,
        progressIntervalMs: 50,
        onProgress: (p) => timed.push(p),
      },
    );
    expect(timed.length).toBeGreaterThan(0);
  });

  it("is deterministic: the same run twice gives the same result", () => {
    const c = { rms: ["r1", "r2", "r3"], hastyCommit: true };
    const a = checkModel(twoPhase, c);
    const b = checkModel(twoPhase, c);
    expect(JSON.stringify({ ...a, elapsedMs: 0 })).toBe(JSON.stringify({ ...b, elapsedMs: 0 }));
  });

  it("rejects malformed models", () => {
    const dup: Model<Grid, GridConfig> = {
      ...counter,
      actions: [...counter.actions, ...counter.actions],
    };
    expect(() => checkModel(dup, { max: 1, limit: 10 })).toThrow(/duplicate name IncX/);
  });
});
