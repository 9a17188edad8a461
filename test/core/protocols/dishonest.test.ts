/**
 * Dishonest agents (dishonest.ts) and learning-rate schedules (learning-rate.ts): the wrapper lies
 * in outgoing messages only; schedules are validated with a message naming the broken condition.
 */
import { describe, expect, it } from "vitest";
import {
  dishonestMachine,
  standardNormal,
  type Tamper,
} from "../../../src/core/protocols/dishonest.js";
import {
  DEFAULT_ROBBINS_MONRO,
  learningRateAt,
  learningRateProblem,
  SEED_LEARNING_RATE,
} from "../../../src/core/protocols/learning-rate.js";
import type { NodeContext, NodeMachine } from "../../../src/core/protocols/machine.js";

/** A toy machine: on a message it forwards `n` to A, broadcasts it, sets a timer and logs. */
interface S {
  readonly got: number;
}
const inner: NodeMachine<S, number> = {
  name: "toy",
  step(s, input) {
    if (input.kind !== "message")
      return { state: s, effects: [{ kind: "setTimer", name: "t", delay: 1 }] };
    return {
      state: { got: s.got + input.msg },
      effects: [
        { kind: "send", to: "A", msg: input.msg },
        { kind: "broadcast", msg: input.msg },
        { kind: "setTimer", name: "t", delay: 1 },
        { kind: "log", event: "got", data: { n: input.msg } },
      ],
    };
  },
  kindOf: (m) => (m > 0 ? "positive" : "other"),
  check: (p, n) => (n.got < p.got ? [{ id: "TOY", message: "went down" }] : []),
  view: (s) => ({ got: s.got }),
};
const ctx: NodeContext = { now: 0, self: "L", random: () => 0.5 };

describe("dishonest wrapper", () => {
  const tamper: Tamper<number> = (m, st) => (st.kind === "inflate" ? m * st.factor : m);
  const liar = dishonestMachine(inner, { kind: "inflate", factor: 10 }, tamper);

  it("rewrites sent and broadcast messages, leaves other effects and its own state honest", () => {
    const r = liar.step({ got: 0 }, { kind: "message", from: "B", msg: 3 }, ctx);
    expect(r.state).toEqual({ got: 3 });
    expect(r.effects).toEqual([
      { kind: "send", to: "A", msg: 30 },
      { kind: "broadcast", msg: 30 },
      { kind: "setTimer", name: "t", delay: 1 },
      { kind: "log", event: "got", data: { n: 3 } },
    ]);
  });

  it("returns the inner step as is when nothing is sent, and delegates name, kinds, checks and views", () => {
    const honest = inner.step({ got: 1 }, { kind: "start" }, ctx);
    const wrapped = liar.step({ got: 1 }, { kind: "start" }, ctx);
    expect(wrapped).toEqual(honest);
    expect(liar.name).toBe("toy+inflate");
    expect(liar.kindOf(5)).toBe("positive");
    expect(liar.check({ got: 2 }, { got: 1 })).toEqual([{ id: "TOY", message: "went down" }]);
    expect(liar.view({ got: 7 })).toEqual({ got: 7 });
  });

  it("standardNormal is Box–Muller of two draws, and survives a draw of 0", () => {
    const draws = [0.25, 0.5];
    expect(standardNormal(() => draws.shift() ?? 0)).toBeCloseTo(
      -Math.sqrt(-2 * Math.log(0.25)),
      12,
    );
    const z = standardNormal(() => 0);
    expect(Number.isFinite(z)).toBe(true);
    expect(z).toBeGreaterThan(30); // u clamped to the smallest positive double
  });
});

describe("learning-rate schedules: validation and values", () => {
  it("accepts the seed's and the default schedules", () => {
    expect(learningRateProblem(SEED_LEARNING_RATE)).toBeUndefined();
    expect(learningRateProblem(DEFAULT_ROBBINS_MONRO)).toBeUndefined();
    expect(learningRateProblem({ kind: "constant", alpha: 1 })).toBeUndefined();
  });

  it("names the broken condition", () => {
    const rm = { kind: "robbins-monro", a: 0.6, b: 1, gamma: 0.75 } as const;
    expect(learningRateProblem({ kind: "constant", alpha: 0 })).toBe("alpha must be in (0, 1]");
    expect(learningRateProblem({ kind: "constant", alpha: 1.5 })).toBe("alpha must be in (0, 1]");
    expect(learningRateProblem({ ...rm, a: 0 })).toBe("a must be a positive number");
    expect(learningRateProblem({ ...rm, a: Infinity })).toBe("a must be a positive number");
    expect(learningRateProblem({ ...rm, b: -1 })).toBe("b must be a non-negative number");
    expect(learningRateProblem({ ...rm, b: Infinity })).toBe("b must be a non-negative number");
    expect(learningRateProblem({ ...rm, gamma: 0.5 })).toMatch(/^gamma must satisfy/);
    expect(learningRateProblem({ ...rm, gamma: 1.01 })).toMatch(/^gamma must satisfy/);
    expect(learningRateProblem({ ...rm, a: 3, b: 1, gamma: 1 })).toBe(
      "a / (1 + b)^gamma must be at most 1",
    );
  });

  it("α_t = a / (t + b)^γ, with t < 1 read as 1; constant α never changes", () => {
    expect(learningRateAt(DEFAULT_ROBBINS_MONRO, 1)).toBeCloseTo(0.6 / 2 ** 0.75, 12);
    expect(learningRateAt(DEFAULT_ROBBINS_MONRO, 0)).toBe(learningRateAt(DEFAULT_ROBBINS_MONRO, 1));
    expect(learningRateAt(DEFAULT_ROBBINS_MONRO, 15)).toBeCloseTo(0.6 / 16 ** 0.75, 12);
    expect(learningRateAt(SEED_LEARNING_RATE, 1000)).toBe(0.3);
  });
});
