/**
 * Behaviour of the stamps built by src/core/itc/nodes.ts that the other ITC tests leave open
 * (found by StrykerJS, part `itc-nodes`): the lazily built `event` tree is built once and kept,
 * and a counter may reach Number.MAX_SAFE_INTEGER exactly (only going past it is refused).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as itc from "../../../src/core/itc/index.js";
import { arbStamp } from "../../../properties/arbitraries/itc.js";
import { fill } from "./tree-events.js";
import * as ref from "./reference.js";

const MAX = Number.MAX_SAFE_INTEGER;

describe("ITC stamps (nodes.ts)", () => {
  it("reading `event` twice gives the very same frozen tree, for stamps of every operation", () => {
    fc.assert(
      fc.property(arbStamp(), (s) => {
        const a = s.id === 0 ? itc.join(s, itc.seed()) : s;
        const [x, y] = itc.fork(a);
        const made = [
          a,
          x,
          y,
          itc.event(a),
          itc.join(x, itc.event(y)),
          itc.peek(a),
          ...itc.send(a),
          ...itc.sync(x, y),
          itc.receive(x, itc.peek(itc.event(y))),
        ];
        for (const s of made) {
          const e = s.event;
          expect(s.event).toBe(e);
          expect(Object.isFrozen(e)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("fill of the object tree (events.ts, which rebuilds nodes with mkEvLike) matches the reference", () => {
    fc.assert(
      fc.property(arbStamp(), (a) => {
        const j = JSON.parse(JSON.stringify(a)) as ref.RStamp;
        expect(ref.same(fill(a.id, a.event), ref.deepNormEv(ref.fill(j.id, j.event)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a counter may reach Number.MAX_SAFE_INTEGER exactly; one more is refused", () => {
    const leaf = itc.event({ id: 1, event: MAX - 1 });
    expect(leaf.event).toBe(MAX);
    expect(() => itc.event(leaf)).toThrow(/MAX_SAFE/);
  });
});
