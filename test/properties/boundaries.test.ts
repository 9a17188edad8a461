import { describe, expect, it } from "vitest";
import { BOUNDARY_CATALOG } from "../../properties/boundary-catalog.js";
import { measureBoundaries } from "../../properties/boundaries.js";

describe("generators reach the boundary classes the spec allows", () => {
  for (const g of BOUNDARY_CATALOG) {
    it(`${g.suite}: ${g.generator}`, () => {
      const misses = measureBoundaries(g)
        .filter((m) => m.per1000 < m.min)
        .map((m) => `${m.cls} (${m.spec}): ${m.per1000}/1000, wanted ≥ ${m.min}`);
      expect(misses).toEqual([]);
    });
  }
});
