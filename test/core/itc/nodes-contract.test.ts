/**
 * Two promises of src/core/itc/nodes.ts that no other test states (StrykerJS part `itc-nodes9`,
 * session 9):
 * - a stamp's `event` is an enumerable accessor that cannot be deleted or redefined (the module's
 *   comment on EVENT_PROPERTY), so a caller cannot swap the tree a stamp reports (mutant 70,
 *   `configurable: false` → `true`, is equivalent: every stamp is frozen right after the property
 *   is defined, which makes it non-configurable; `enumerable: false` fails this test);
 * - `mkEvLike(orig, n, l, r)` returns `orig` itself only when the result is structurally the same
 *   node (same root value, identical children); any difference gives the node `mkEv` builds
 *   (mutant 187, `n === orig.n` → `true`, fails it).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as itc from "../../../src/core/itc/index.js";
import { evNode, mkEv, mkEvLike } from "../../../src/core/itc/nodes.js";
import type { Ev, EvNode } from "../../../src/core/itc/types.js";
import { arbStamp } from "../../../properties/arbitraries/itc.js";

describe("ITC stamps: the `event` accessor", () => {
  it("is enumerable, has a getter and no setter, and cannot be deleted or redefined", () => {
    fc.assert(
      fc.property(arbStamp(), (s) => {
        for (const t of [s, itc.peek(s), ...itc.fork(s.id === 0 ? itc.seed() : s)]) {
          const d = Object.getOwnPropertyDescriptor(t, "event");
          expect(d?.enumerable).toBe(true);
          expect(d?.configurable).toBe(false);
          expect(typeof d?.get).toBe("function");
          expect(d?.set).toBeUndefined();
          const before = t.event;
          // ES modules are strict: deleting or redefining a non-configurable property throws.
          expect(() => delete (t as { event?: Ev }).event).toThrow(TypeError);
          expect(() => Object.defineProperty(t, "event", { value: 0 })).toThrow(TypeError);
          expect(t.event).toBe(before);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("mkEvLike", () => {
  const child = fc.oneof(
    fc.nat({ max: 5 }),
    fc.constant(evNode(1, 0, 2)),
    fc.constant(evNode(0, 3, 0)),
  );
  it("returns the original node only when root value and both children are the same", () => {
    fc.assert(
      fc.property(fc.nat({ max: 5 }), child, child, fc.nat({ max: 5 }), (n, l, r, n2) => {
        fc.pre(l !== r || typeof l !== "number");
        const orig = mkEv(n, l, r);
        fc.pre(typeof orig !== "number");
        const o = orig as EvNode;
        expect(mkEvLike(o, o.n, o.l, o.r)).toBe(o);
        const other = mkEvLike(o, n2, o.l, o.r);
        if (n2 === o.n) expect(other).toBe(o);
        else {
          expect(other).not.toBe(o);
          expect(other).toEqual(mkEv(n2, o.l, o.r));
        }
      }),
      { numRuns: 300 },
    );
  });
  it("builds a new node when a child differs", () => {
    const o = evNode(2, 0, 3);
    expect(mkEvLike(o, 2, 0, 4)).toEqual(mkEv(2, 0, 4));
    expect(mkEvLike(o, 2, 1, 3)).toEqual(mkEv(2, 1, 3));
    expect(mkEvLike(o, 5, 0, 3)).toEqual(evNode(5, 0, 3));
  });
});
