// Behaviour tests written against survivors of StrykerJS on src/core's top-level files
// (bench/mutation/run-part.sh core-top-changed, 2026-12-07; see bench/mutation/equivalent.md).
import { describe, expect, it } from "vitest";
import { runDynamics, type DynamicsNetwork } from "../../src/core/dynamics.js";
import { recognitionShares, shareOf } from "../../src/core/recognition.js";

describe("recognition sums in key order", () => {
  // 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6: the total depends on the
  // order of addition, so summing in insertion order would make shares depend on it.
  const forward = { a: 0.1, b: 0.2, c: 0.3 };
  const backward = { c: 0.3, b: 0.2, a: 0.1 };
  const total = 0.1 + 0.2 + 0.3;

  it("shares and shareOf are the same bits whatever the insertion order", () => {
    expect(total).not.toBe(0.3 + 0.2 + 0.1);
    for (const w of [forward, backward]) {
      expect(recognitionShares(w)).toEqual({ a: 0.1 / total, b: 0.2 / total, c: 0.3 / total });
      expect(shareOf(w, "a")).toBe(0.1 / total);
    }
  });

  it("the shares' keys come out sorted", () => {
    expect(Object.keys(recognitionShares(backward))).toEqual(["a", "b", "c"]);
    expect(Object.keys(recognitionShares({ z: 1, m: 2, a: 0 }))).toEqual(["a", "m", "z"]);
  });
});

describe("dynamics: recipients a provider does not recognise", () => {
  const base = (
    recognition: DynamicsNetwork["providers"][number]["recognition"],
  ): DynamicsNetwork => ({
    providers: [{ pubKey: "P", capacity_slots: [{ id: "s", quantity: 10 }], recognition }],
    recipients: [
      { pubKey: "A", need_slots: [{ id: "n", quantity: 4 }] },
      { pubKey: "B", need_slots: [{ id: "n", quantity: 4 }] },
    ],
  });

  it("an entry with mr 0 and share 0 is the same as no entry", () => {
    const without = runDynamics(base({ A: { mr: 0.5, share: 1 } }), {
      residual: "naive",
      maxRounds: 3,
    });
    const zero = runDynamics(base({ A: { mr: 0.5, share: 1 }, B: { mr: 0, share: 0 } }), {
      residual: "naive",
      maxRounds: 3,
    });
    expect(zero).toEqual(without);
    expect(Object.keys(zero.rounds[0]?.grants.P ?? {})).toEqual(["A"]);
  });
});
