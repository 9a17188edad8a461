import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idMeasure, idUnion } from "../../../src/core/itc/ids.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Id } from "../../../src/core/itc/index.js";

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
