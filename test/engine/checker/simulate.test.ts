import { describe, expect, it } from "vitest";
import { simulate, walkSeed } from "../../../src/engine/checker/simulate.js";
import { assertBehaviour, counter, twoPhase } from "./hand-models.js";

describe("simulation (seeded random walks)", () => {
  const c3 = { rms: ["r1", "r2", "r3"], hastyCommit: false };

  it("is reproducible: the same seed gives the same walks, another seed others", () => {
    const a = simulate(twoPhase, c3, { seed: 7, depth: 20, walks: 50 });
    const b = simulate(twoPhase, c3, { seed: 7, depth: 20, walks: 50 });
    const c = simulate(twoPhase, c3, { seed: 8, depth: 20, walks: 50 });
    expect(a).toEqual(b);
    expect(a.verdict).toBe("ok");
    expect(a.steps).toBe(50 * 20); // TwoPhase never deadlocks
    expect(JSON.stringify(a.coverage)).not.toBe(JSON.stringify(c.coverage));
    expect(walkSeed(7, 0)).not.toBe(walkSeed(7, 1));
    expect(walkSeed(7, 3)).toBe(walkSeed(7, 3));
  });

  it("finds a violation and returns the violating walk as a replayable counterexample", () => {
    const bug = { rms: ["r1", "r2", "r3"], hastyCommit: true };
    const r = simulate(twoPhase, bug, { seed: 1, depth: 30, walks: 500 });
    expect(r.verdict).toBe("violation");
    const cex = r.counterexample;
    if (cex === undefined) throw new Error("no counterexample");
    expect(cex.property).toBe("TCConsistent");
    assertBehaviour(twoPhase, bug, cex);
    // Re-running just up to that walk gives the same walk.
    const again = simulate(twoPhase, bug, { seed: 1, depth: 30, walks: cex.walk + 1 });
    expect(again.counterexample).toEqual(cex);
    expect(again.walks).toBe(cex.walk + 1);
  });

  it("reports deadlocks, unless terminal", () => {
    const { terminal: _terminal, ...noTerminal } = counter;
    const r = simulate(noTerminal, { max: 2, limit: 100 }, { seed: 3, depth: 10, walks: 5 });
    expect(r.verdict).toBe("deadlock");
    expect(r.counterexample?.states.at(-1)).toEqual({ x: 2, y: 2 });
    expect(
      simulate(counter, { max: 2, limit: 100 }, { seed: 3, depth: 10, walks: 5 }).verdict,
    ).toBe("ok");
    expect(
      simulate(
        noTerminal,
        { max: 2, limit: 100 },
        { seed: 3, depth: 10, walks: 5, checkDeadlock: false },
      ).verdict,
    ).toBe("ok");
  });

  it("counts coverage and distinct states", () => {
    const r = simulate(counter, { max: 3, limit: 100 }, { seed: 5, depth: 6, walks: 200 });
    expect(r.distinctStates).toBe(16);
    expect(r.depth).toBe(6);
    const taken = r.coverage.reduce((s, x) => s + x.taken, 0);
    expect(taken).toBe(r.steps);
    expect(r.coverage.reduce((s, x) => s + x.distinctNew, 0)).toBe(15);
  });

  it("rejects bad options", () => {
    expect(() =>
      simulate(counter, { max: 1, limit: 9 }, { seed: 1, depth: -1, walks: 1 }),
    ).toThrow();
    expect(() =>
      simulate(counter, { max: 1, limit: 9 }, { seed: 1, depth: 1, walks: 0 }),
    ).toThrow();
  });
});
