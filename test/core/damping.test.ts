import { describe, expect, it } from "vitest";
import { dampingProperties } from "../../properties/damping.js";
import { assertProperty } from "../../properties/property.js";
import {
  classifyDamping,
  dampingFactor,
  dampingWindow,
  updateDampingHistory,
} from "../../src/core/damping.js";

const T = 1_750_000_000_000;
const h = (...xs: [number, number][]) =>
  xs.map(([overAllocation, dt]) => ({ overAllocation, timestamp: T + dt }));

describe("damping", () => {
  for (const p of dampingProperties()) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }

  it("DAMP-4 classification: the seed's [10, 5, 8] oscillates; shrinking is smooth; growth is moderate", () => {
    expect(classifyDamping([10, 5, 8])).toBe("oscillating");
    expect(classifyDamping([-3, 2, -1])).toBe("oscillating");
    expect(classifyDamping([10, 8, 5])).toBe("smooth");
    expect(classifyDamping([-10, -5, 0])).toBe("smooth"); // under-allocation shrinking towards 0
    expect(classifyDamping([-10, 5, 0])).toBe("oscillating"); // up then down, whatever the magnitudes
    expect(classifyDamping([1, 2, 3])).toBe("moderate");
    expect(classifyDamping([5, 5, 6])).toBe("moderate");
    expect(classifyDamping([5, 5])).toBe("insufficient");
    expect(dampingFactor(h([10, -2000], [5, -1000], [8, 0]), T)).toBe(0.5);
    expect(dampingFactor(h([1, -2000], [2, -1000], [3, 0]), T)).toBe(0.8);
    expect(dampingFactor(h([3, -2000], [2, -1000], [1, 0]), T)).toBe(1);
    expect(dampingFactor(h([3, -1000], [2, 0]), T)).toBe(1);
  });

  it("DAMP-4 the 30 s window: an entry exactly 30 s old no longer counts; one at now does", () => {
    const hist = h([10, -30_000], [5, -20_000], [8, -10_000], [9, 0]);
    expect(dampingWindow(hist, T).map((e) => e.overAllocation)).toEqual([5, 8, 9]);
    expect(dampingFactor(hist, T)).toBe(0.8);
    // At T − 1 the window is (T − 30 001, T − 1]: the entry at T − 30 000 counts again, [10, 5, 8].
    expect(dampingFactor(hist, T - 1)).toBe(0.5);
    expect(dampingFactor(hist, T - 10_001)).toBe(1); // only two entries left in that window
  });

  it("DAMP-4 updateDampingHistory keeps only what can still count", () => {
    let hist = h([1, -100_000]);
    hist = updateDampingHistory(hist, { overAllocation: 2, timestamp: T - 3 }, T);
    hist = updateDampingHistory(hist, { overAllocation: 3, timestamp: T - 2 }, T);
    hist = updateDampingHistory(hist, { overAllocation: 4, timestamp: T - 1 }, T);
    hist = updateDampingHistory(hist, { overAllocation: 5, timestamp: T }, T);
    expect(hist.map((e) => e.overAllocation)).toEqual([3, 4, 5]);
  });
});
