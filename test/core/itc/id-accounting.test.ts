import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idMeasure, idUnion } from "../../../src/core/itc/ids.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Id } from "../../../src/core/itc/index.js";
import * as ref from "./reference.js";

/** n disjoint ids from the seed by repeated forks of a chosen part. */
const forked = (picks: readonly number[]): Id[] => {
  const ids: itc.Stamp[] = [itc.seed()];
  for (const p of picks) {
    const k = p % ids.length;
    const [a, b] = itc.fork(ids[k] as itc.Stamp);
    ids[k] = a;
    ids.push(b);
  }
  return ids.map((s) => s.id);
};

describe("id-space accounting helpers (ITC-ID-1)", () => {
  it("ITC-ID-1 idMeasure: the share of the interval; idUnion: overlapping or not", () => {
    expect(idMeasure(0)).toBe(0);
    expect(idMeasure(1)).toBe(1);
    expect(idMeasure({ l: 1, r: { l: 0, r: 1 } })).toBe(0.75);
    expect(idUnion({ l: 1, r: 0 }, { l: 0, r: 1 })).toBe(1);
    // Overlapping ids (a duplicated hand-back) count once.
    expect(idMeasure(idUnion({ l: 1, r: 0 }, { l: 1, r: { l: 1, r: 0 } }))).toBe(0.75);
  });

  it("ITC-ID-1 idUnion of any two normal ids owns exactly the cells either owns, in normal form", () => {
    // Either side may be 0, 1 or a node, so every shortcut meets a node on the other side.
    const arbId: fc.Arbitrary<Id> = fc
      .letrec<{ id: ref.RId }>((tie) => ({
        id: fc.oneof(
          { depthSize: "small", withCrossShrink: true },
          fc.constantFrom<ref.RId>(0, 1),
          fc.record({ l: tie("id"), r: tie("id") }),
        ),
      }))
      .id.map((i) => itc.normalize({ id: i, event: 0 }).id);
    fc.assert(
      fc.property(arbId, arbId, (a, b) => {
        const u = idUnion(a, b);
        const d = 1 + Math.max(ref.depthOf(a), ref.depthOf(b));
        const want = ref
          .denoteId(a as ref.RId, d)
          .map((x, k) => x | (ref.denoteId(b as ref.RId, d)[k] as number));
        expect(ref.denoteId(u as ref.RId, d)).toEqual(want);
        expect(itc.normalize({ id: u, event: 0 }).id).toEqual(u);
      }),
      { seed: 11, numRuns: 500 },
    );
    expect(idUnion({ l: 1, r: 0 }, 1)).toBe(1);
    expect(idUnion(1, { l: 0, r: { l: 1, r: 0 } })).toBe(1);
  });

  it("ITC-ID-1 the forks of the seed add up to the whole interval, and lose their share when one is dropped", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (picks, drop) => {
          const ids = forked(picks);
          expect(idMeasure(ids.reduce((u: Id, x) => idUnion(u, x), 0))).toBe(1);
          expect(ids.reduce((a: number, x) => a + idMeasure(x), 0)).toBe(1);
          const k = drop % ids.length;
          const rest = ids.filter((_, i) => i !== k).reduce((u: Id, x) => idUnion(u, x), 0);
          expect(idMeasure(rest)).toBe(1 - idMeasure(ids[k] as Id));
        },
      ),
      { seed: 10, numRuns: 200 },
    );
  });
});
