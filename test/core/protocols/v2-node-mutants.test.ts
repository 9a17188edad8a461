/**
 * Examples that pin down what the property suites leave loose in the V2 node (found by
 * StrykerJS, bench/mutation/equivalent.md): so far only its constants — the default options,
 * the simulator's leave timer and the machine's name. The rest of v2-node.ts's survivors are
 * still to be examined (bench/RESULTS.md).
 */
import { describe, expect, it } from "vitest";
import { CONVERGENCE_EPSILON } from "../../../src/core/convergence.js";
import { DEFAULT_V2_OPTIONS, SIM_LEAVE, v2Machine } from "../../../src/core/protocols/v2-node.js";

describe("V2 node: constants", () => {
  it("the default options, the leave timer's name and the machine's name", () => {
    expect(DEFAULT_V2_OPTIONS).toMatchObject({
      debounceMs: 100,
      heartbeatMs: 20_000,
      freshnessMs: 60_000,
      epsilon: CONVERGENCE_EPSILON,
      residual: "net-of-others",
      allocation: "reference",
      damping: false,
      staleRule: "per-peer",
      stampMerge: "join",
      welcomeWeight: 1,
      relaxation: 0.5,
      sharedStep: true,
      epochMs: 1_700_000_000_000,
    });
    expect(SIM_LEAVE).toBe("sim:leave");
    expect(v2Machine.name).toBe("v2");
  });
});
