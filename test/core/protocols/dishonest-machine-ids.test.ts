/**
 * A dishonest node keeps its inner machine's id accounting and lingering (found by StrykerJS,
 * session 8), and two edges of the learning-rate module: the default Robbins–Monro schedule, and
 * a zero second difference is no oscillation (the sign of a product, not of a quotient).
 */
import { describe, expect, it } from "vitest";
import { dishonestMachine } from "../../../src/core/protocols/dishonest.js";
import { denominatorMachine, tamperP2P } from "../../../src/core/protocols/denominator.js";
import { DEFAULT_ROBBINS_MONRO, isOscillating } from "../../../src/core/protocols/learning-rate.js";
import { tamperV2, v2Machine } from "../../../src/core/protocols/v2-node.js";

describe("dishonest machines", () => {
  it("keep the inner machine's ids and lingerMs when it has them, and have none when it has none", () => {
    const v2 = dishonestMachine(v2Machine, { kind: "lie-need", factor: 2 }, tamperV2);
    expect(v2.ids).toBe(v2Machine.ids);
    expect(v2.lingerMs).toBe(v2Machine.lingerMs);
    expect(v2.lingerMs).toBeGreaterThan(0);
    const p2p = dishonestMachine(denominatorMachine, { kind: "inflate", factor: 2 }, tamperP2P);
    expect(denominatorMachine.ids).toBeUndefined();
    expect("ids" in p2p).toBe(false);
    expect("lingerMs" in p2p).toBe(false);
  });
});

describe("learning rates", () => {
  it("the default Robbins–Monro schedule", () => {
    expect(DEFAULT_ROBBINS_MONRO).toEqual({ kind: "robbins-monro", a: 0.6, b: 1, gamma: 0.75 });
  });

  it("a zero second difference after a non-zero first one is no oscillation", () => {
    expect(isOscillating([3, 1, 1])).toBe(false);
    expect(isOscillating([1, 3, 3])).toBe(false);
  });
});
