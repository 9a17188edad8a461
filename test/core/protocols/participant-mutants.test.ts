/**
 * Examples that pin down what the property suites leave loose in participant.ts, dishonest.ts,
 * learning-rate.ts and machine.ts (found by StrykerJS, bench/mutation/equivalent.md): the
 * allocation variant reaching the provider, deterministic summation order, ALLOC-REF-1 in the
 * step check, previous grants carried by under-relaxation, scaling to the residual, the 1e-9
 * cut, messages tampered whether sent or broadcast, schedule boundaries and index clamping.
 */
import { describe, expect, it } from "vitest";
import { dishonestMachine, standardNormal } from "../../../src/core/protocols/dishonest.js";
import {
  DEFAULT_ROBBINS_MONRO,
  learningRateProblem,
} from "../../../src/core/protocols/learning-rate.js";
import {
  pickIndex,
  sample,
  type NodeContext,
  type NodeEffect,
  type NodeMachine,
} from "../../../src/core/protocols/machine.js";
import {
  aggregateReceived,
  checkProviderComputation,
  computeProvider,
  receivedTotal,
  relaxComputation,
  type Declaration,
  type ProviderComputation,
} from "../../../src/core/protocols/participant.js";

const recipient = (id: string, need: number): Declaration => ({
  pubKey: id,
  capacity_slots: [],
  need_slots: [{ id: "n", quantity: need }],
  recognition_weights: { P: 1 },
  damping_factor: 1,
  damping_history: [],
  received: {},
});
const compute = (
  slots: number[],
  others: Declaration[],
  variant: "reference" | "v2-one-pass" = "reference",
) =>
  computeProvider(
    {
      pubKey: "P",
      capacity_slots: slots.map((q, i) => ({ id: `s${i}`, quantity: q })),
      need_slots: [],
      recognition_weights: Object.fromEntries(others.map((o) => [o.pubKey, 1])),
    },
    others,
    "net-of-others",
    variant,
  );
const total = (pc: ProviderComputation, r: string) =>
  Object.values(pc.grants[r] ?? {}).reduce((a, b) => a + b, 0);

describe("participant: provider computation", () => {
  it("computes with the variant it is given", () => {
    const others = [recipient("A", 5)];
    expect(total(compute([10, 10], others), "A")).toBe(5);
    expect(total(compute([10, 10], others, "v2-one-pass"), "A")).not.toBe(
      total(compute([10, 10], others), "A"),
    );
  });

  it("sums received quantities in key order, whatever the insertion order", () => {
    // 1e16 + 1 + 1 loses both ones; 1 + 1 + 1e16 keeps them.
    expect(receivedTotal({ c: { p: 1e16 }, a: { p: 1 }, b: { p: 1 } })).toBe(1e16 + 2);
    expect(receivedTotal({ n: { r: 1e16, p: 1, q: 1 } })).toBe(1e16 + 2);
    expect(Object.keys(aggregateReceived({ P: { b: 1, a: 1 } }))).toEqual(["a", "b"]);
  });

  it("the step check reports a record of an unknown slot (ALLOC-REF-1)", () => {
    const pc = compute([10], [recipient("A", 4)]);
    const [rec] = pc.result.slot_allocations;
    const broken: ProviderComputation = {
      ...pc,
      result: {
        ...pc.result,
        slot_allocations: [{ ...(rec as NonNullable<typeof rec>), availability_slot_id: "nope" }],
      },
    };
    expect(checkProviderComputation(broken).map((v) => v.id)).toContain("ALLOC-REF-1");
  });
});

describe("participant: under-relaxation", () => {
  it("carries a previous grant the new computation dropped while the need is still open, in key order", () => {
    const prev = compute([10], [recipient("B", 4), recipient("A", 4)]);
    const full = compute([10], [recipient("B", 4), recipient("A", 4)]);
    const next: ProviderComputation = {
      ...full,
      result: {
        ...full.result,
        slot_allocations: full.result.slot_allocations.filter((r) => r.recipient_pubkey !== "A"),
      },
    };
    const relaxed = relaxComputation(prev, next, 0.5);
    expect(relaxed.grants).toEqual({ A: { n: 2 }, B: { n: 4 } });
    expect(relaxed.result.slot_allocations.map((r) => r.recipient_pubkey)).toEqual(["A", "B"]);
  });

  it("scales a need slot's relaxed grants down to its residual", () => {
    const prev = compute([10], [recipient("A", 10)]);
    const next = compute([10], [recipient("A", 4)]);
    // 0.5·10 + 0.5·4 = 7 > 4: scaled to 4.
    expect(total(relaxComputation(prev, next, 0.5), "A")).toBe(4);
  });

  it("keeps a relaxed grant of exactly 1e-9 and drops smaller ones", () => {
    const prev = compute([10], [recipient("B", 1)]);
    const keep = relaxComputation(prev, compute([10], [recipient("A", 2e-9)]), 0.5);
    expect(keep.grants).toEqual({ A: { n: 1e-9 } });
    const drop = relaxComputation(prev, compute([10], [recipient("A", 1.9e-9)]), 0.5);
    expect(drop.grants).toEqual({});
  });
});

describe("dishonest wrapper: which steps are rewritten", () => {
  const machine = (effects: NodeEffect<number>[]): NodeMachine<null, number> => ({
    name: "fixed",
    step: (s) => ({ state: s, effects }),
    kindOf: () => "n",
    check: () => [],
    view: () => ({}),
  });
  const ctx: NodeContext = { now: 0, self: "x", random: () => 0.5 };
  const wrap = (effects: NodeEffect<number>[]) =>
    dishonestMachine(machine(effects), { kind: "inflate", factor: 2 }, (m) => m * 10);

  it("tampers with a step that only sends, or only broadcasts", () => {
    expect(
      wrap([{ kind: "send", to: "a", msg: 1 }]).step(null, { kind: "start" }, ctx).effects,
    ).toEqual([{ kind: "send", to: "a", msg: 10 }]);
    expect(
      wrap([{ kind: "broadcast", msg: 2 }]).step(null, { kind: "start" }, ctx).effects,
    ).toEqual([{ kind: "broadcast", msg: 20 }]);
  });

  it("passes a step that sends nothing through untouched", () => {
    const effects: NodeEffect<number>[] = [{ kind: "setTimer", name: "t", delay: 1 }];
    const r = wrap(effects).step(null, { kind: "start" }, ctx);
    expect(r.effects).toBe(effects);
  });

  it("standard normal draws by Box–Muller", () => {
    const draws = [0.5, 0.1];
    const z = standardNormal(() => draws.shift() as number);
    expect(z).toBeCloseTo(Math.sqrt(2 * Math.log(2)) * Math.cos(0.2 * Math.PI), 12);
  });
});

describe("learning rates and machine helpers at their boundaries", () => {
  it("b = 0 and a first step of exactly 1 are valid; the default schedule is Robbins–Monro", () => {
    expect(learningRateProblem({ kind: "robbins-monro", a: 0.5, b: 0, gamma: 1 })).toBeUndefined();
    expect(learningRateProblem({ kind: "robbins-monro", a: 2, b: 1, gamma: 1 })).toBeUndefined();
    expect(DEFAULT_ROBBINS_MONRO).toEqual({ kind: "robbins-monro", a: 0.6, b: 1, gamma: 0.75 });
  });

  it("pickIndex clamps a draw of 1 (a model checker may pass any function); sample of all items is a permutation", () => {
    expect(pickIndex(() => 1, 3)).toBe(2);
    const s = sample(() => 0.5, [1, 2, 3], 3);
    expect([...s].sort()).toEqual([1, 2, 3]);
    expect(sample(() => 0.5, [1, 2], 5)).toHaveLength(2);
  });
});
