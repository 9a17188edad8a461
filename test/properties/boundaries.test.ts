import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOUNDARY_CATALOG } from "../../properties/boundary-catalog.js";
import { boundaries, measureBoundaries } from "../../properties/boundaries.js";

describe("generators reach the boundary classes the spec allows", () => {
  for (const g of BOUNDARY_CATALOG) {
    it(`${g.suite}: ${g.generator}`, () => {
      const misses = measureBoundaries(g)
        .filter((m) => m.per1000 < m.min)
        .map((m) => `${m.cls} (${m.spec}): ${m.per1000}/1000, wanted ≥ ${m.min}`);
      expect(misses).toEqual([]);
    });
  }

  it("measureBoundaries counts hits per 1 000 and reports a class that is never hit", () => {
    const g = boundaries({
      generator: "digits",
      suite: "itc",
      arbitrary: fc.integer({ min: 0, max: 9 }),
      classes: [
        { name: "zero", spec: "—", hit: (v: number) => v === 0 },
        { name: "ten", spec: "—", hit: (v: number) => v === 10, minPer1000: 1 },
      ],
    });
    const [zero, ten] = measureBoundaries(g, 1000, 1);
    expect(zero?.per1000).toBeGreaterThan(50);
    expect(zero?.per1000).toBeLessThan(200);
    expect(ten?.per1000).toBe(0);
    expect(ten?.min).toBe(1);
  });
});
