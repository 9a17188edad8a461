import { describe, expect, it } from "vitest";
import {
  binomialCdf,
  binomialPmf,
  clopperPearson,
  quantileInterval,
} from "../../../src/engine/stats/binomial.js";

/** P(B ≤ k) for B ~ Binomial(n, ½), exactly (BigInt), as a float. */
function exactHalfCdf(n: number, k: number): number {
  let c = 1n;
  let s = 0n;
  for (let i = 0; i <= n; i++) {
    if (i <= k) s += c;
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  return Number((s * 10n ** 15n) / 2n ** BigInt(n)) / 1e15;
}

describe("binomial distribution", () => {
  it("pmf and cdf agree with exact values", () => {
    for (const n of [1, 5, 8, 20, 31])
      for (let k = 0; k <= n; k++)
        expect(binomialCdf(n, 0.5, k)).toBeCloseTo(exactHalfCdf(n, k), 12);
    expect(binomialPmf(10, 0.3, 3)).toBeCloseTo(0.266827932, 9);
    expect(binomialPmf(10, 0, 0)).toBe(1);
    expect(binomialPmf(10, 1, 10)).toBe(1);
    expect(binomialPmf(10, 0.5, 11)).toBe(0);
    // No underflow at large n.
    expect(binomialCdf(3000, 0.5, 1500)).toBeGreaterThan(0.5);
  });
});

describe("order-statistic interval for the median", () => {
  it("n = 8: [x(1), x(8)] with coverage 1 − 2/2⁸", () => {
    const q = quantileInterval(8, 0.5, 0.95);
    expect(q).toMatchObject({ lower: 1, upper: 8, attained: true });
    expect(q.coverage).toBeCloseTo(1 - 2 / 256, 12);
  });

  it("n = 20: [x(6), x(15)], coverage 95.86 %", () => {
    const q = quantileInterval(20, 0.5, 0.95);
    expect([q.lower, q.upper, q.attained]).toEqual([6, 15, true]);
    expect(q.coverage).toBeCloseTo(1 - 2 * exactHalfCdf(20, 5), 12);
    expect(q.coverage).toBeCloseTo(0.9586, 4);
  });

  it("n = 5 cannot reach 95 %: [min, max] with its coverage, flagged", () => {
    const q = quantileInterval(5, 0.5, 0.95);
    expect(q).toMatchObject({ lower: 1, upper: 5, attained: false });
    expect(q.coverage).toBeCloseTo(1 - 2 / 32, 12);
  });

  it("SWEEP-3 is the narrowest equal-tailed interval: every n up to 60 reaches the level, one rank inward does not", () => {
    for (let n = 6; n <= 60; n++) {
      const q = quantileInterval(n, 0.5, 0.95);
      expect(q.attained).toBe(true);
      const cover = (l: number, u: number) => exactHalfCdf(n, u - 1) - exactHalfCdf(n, l - 1);
      expect(q.coverage).toBeCloseTo(cover(q.lower, q.upper), 10);
      expect(q.coverage).toBeGreaterThanOrEqual(0.95);
      // Each tail at most 2.5 %; moving a bound inward breaks that (so the check can fail).
      expect(exactHalfCdf(n, q.lower - 1)).toBeLessThanOrEqual(0.025);
      expect(exactHalfCdf(n, q.lower)).toBeGreaterThan(0.025);
      expect(q.lower + q.upper).toBe(n + 1); // symmetric for p = ½
    }
  });

  it("other quantiles: the 90th percentile of 50 runs", () => {
    const q = quantileInterval(50, 0.9, 0.95);
    expect(q.attained).toBe(true);
    expect(q.lower).toBeLessThan(45);
    expect(q.upper).toBeGreaterThan(45);
    expect(binomialCdf(50, 0.9, q.lower - 1)).toBeLessThanOrEqual(0.025);
    expect(1 - binomialCdf(50, 0.9, q.upper - 1)).toBeLessThanOrEqual(0.025);
  });

  it("rejects bad arguments", () => {
    expect(() => quantileInterval(0, 0.5)).toThrow(RangeError);
    expect(() => quantileInterval(5, 1)).toThrow(RangeError);
    expect(() => quantileInterval(5, 0.5, 1)).toThrow(RangeError);
  });
});

describe("Clopper–Pearson", () => {
  it("matches closed forms at k = 0 and k = n, and the tabulated 5/10", () => {
    const a = clopperPearson(0, 10);
    expect(a.lower).toBe(0);
    expect(a.upper).toBeCloseTo(1 - 0.025 ** (1 / 10), 9);
    const b = clopperPearson(10, 10);
    expect(b.upper).toBe(1);
    expect(b.lower).toBeCloseTo(0.025 ** (1 / 10), 9);
    const c = clopperPearson(5, 10);
    expect(c.lower).toBeCloseTo(0.187086, 5);
    expect(c.upper).toBeCloseTo(0.812914, 5);
  });

  it("tails are exactly α/2 at the bounds", () => {
    const { lower, upper } = clopperPearson(3, 8);
    expect(1 - binomialCdf(8, lower, 2)).toBeCloseTo(0.025, 9);
    expect(binomialCdf(8, upper, 3)).toBeCloseTo(0.025, 9);
    expect(() => clopperPearson(9, 8)).toThrow(RangeError);
  });
});
