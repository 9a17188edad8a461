import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import {
  hoeffdingDecide,
  hoeffdingEstimate,
  hoeffdingHalfWidth,
  hoeffdingSampleSize,
} from "../../../src/engine/stats/hoeffding.js";
import { sprtRun, sprtStart, sprtStep } from "../../../src/engine/stats/sprt.js";

/** A seeded Bernoulli(p) source. */
function bernoulli(p: number, seed: number): (i: number) => boolean {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng) < p;
}

describe("Hoeffding bounds", () => {
  it("sample size and half-width are inverse: n = ceil(ln(2/δ) / 2ε²)", () => {
    expect(hoeffdingSampleSize(0.05, 0.01)).toBe(1060);
    expect(hoeffdingHalfWidth(1060, 0.01)).toBeLessThanOrEqual(0.05);
    expect(hoeffdingHalfWidth(1059, 0.01)).toBeGreaterThan(0.05);
    expect(() => hoeffdingSampleSize(0, 0.01)).toThrow(RangeError);
  });

  it("the interval covers the true p in at least 1 − δ of repeated experiments", () => {
    const p = 0.93;
    const delta = 0.1;
    let covered = 0;
    for (let e = 0; e < 400; e++) {
      const draw = bernoulli(p, 1000 + e);
      let k = 0;
      for (let i = 0; i < 200; i++) if (draw(i)) k++;
      const est = hoeffdingEstimate(k, 200, delta);
      if (est.lower <= p && p <= est.upper) covered++;
    }
    expect(covered / 400).toBeGreaterThanOrEqual(1 - delta);
  });

  it("decides p ≥ threshold: holds, fails, or asks for more runs", () => {
    expect(hoeffdingDecide(1000, 1000, 0.95, 0.01)).toBe("holds");
    expect(hoeffdingDecide(800, 1000, 0.95, 0.01)).toBe("fails");
    expect(hoeffdingDecide(19, 20, 0.95, 0.01)).toBe("undecided");
  });
});

describe("Wald's SPRT", () => {
  const o = { p0: 0.95, p1: 0.85, alpha: 0.01, beta: 0.01 };

  it("accepts H0 for a claim that holds (p = 0.99) and H1 for one that does not (p = 0.7)", () => {
    const good = sprtRun(o, bernoulli(0.99, 1), 10_000);
    expect(good.decision).toBe("accept-h0");
    const bad = sprtRun(o, bernoulli(0.7, 2), 10_000);
    expect(bad.decision).toBe("accept-h1");
    // Typically far fewer runs than the fixed-size Hoeffding test at the same precision.
    expect(good.runs).toBeLessThan(hoeffdingSampleSize(0.05, 0.01));
  });

  it("its error rates stay near α and β over repeated tests", () => {
    let wrongAtP0 = 0;
    let wrongAtP1 = 0;
    for (let t = 0; t < 200; t++) {
      if (sprtRun(o, bernoulli(0.95, 5000 + t), 100_000).decision === "accept-h1") wrongAtP0++;
      if (sprtRun(o, bernoulli(0.85, 9000 + t), 100_000).decision === "accept-h0") wrongAtP1++;
    }
    expect(wrongAtP0 / 200).toBeLessThanOrEqual(0.05);
    expect(wrongAtP1 / 200).toBeLessThanOrEqual(0.05);
  });

  it("ignores outcomes after deciding and validates its parameters", () => {
    let s = sprtStart(o);
    for (let i = 0; i < 200 && s.decision === "continue"; i++) s = sprtStep(o, s, true);
    expect(sprtStep(o, s, false)).toBe(s);
    expect(() => sprtStart({ ...o, p1: 0.99 })).toThrow(RangeError);
  });
});
