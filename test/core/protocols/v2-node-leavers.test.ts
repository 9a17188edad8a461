/**
 * A V2 node never hands an id to a node that announced its leave, however it last heard of it:
 * a sponsor seen only through its fork grant, a provider heard only through its allocation
 * (found by StrykerJS, session 8).
 */
import { describe, expect, it } from "vitest";
import { handedTo, heard, leave, spec, step } from "./v2-leave-kit.js";
import { allocation, idsOf, msg } from "./v2-inputs.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import { v2Init } from "../../../src/core/protocols/v2-node.js";

describe("V2 leave: never an heir that left", () => {
  const [mine, other] = idsOf(2) as [Stamp, Stamp];

  it("a sponsor seen only through its grant, once it announced its leave", () => {
    const j = v2Init({ spec: spec("J", 5), stamp: null, sponsor: "S", contacts: ["C"] });
    const granted = step(j, msg("S", { type: "fork-grant", stamp: mine }), 100).state;
    const sGone = step(granted, msg("S", { type: "leave", stamp: null }), 150).state;
    expect(handedTo(leave(sGone, 200).effects)).toBe("C");
  });

  it("a provider heard only through its allocation, once it announced its leave after I left", () => {
    let s = v2Init({ spec: spec("N", 5), stamp: mine });
    s = heard(s, "A", itc.peek(other), 1_000);
    s = step(s, msg("B", allocation("B", { N: { n: 1 } }, itc.peek(other), 1_500)), 1_500).state;
    const left = leave(s, 2_000).state;
    const bGone = step(left, msg("B", { type: "leave", stamp: null }), 2_100).state;
    expect(Object.keys(bGone.allocs)).toEqual([]);
    const r = step(bGone, msg("A", { type: "leave", stamp: other }), 2_200);
    expect(handedTo(r.effects)).toBeUndefined();
    expect(r.state.stamp).toBe(other);
  });
});
