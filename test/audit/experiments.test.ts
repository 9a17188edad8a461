/**
 * The packaged experiments that replace bench-only evidence: ITC stamp sizes over N and seeds
 * (fitted exponent against a logarithmic curve's) and slot matching through the index against
 * brute force (exactness, fraction of pairs checked). Small sizes: the shape, not the figures.
 */
import { describe, expect, it } from "vitest";
import { PACKAGED_RESULTS } from "../../src/audit/evidence.js";
import { measureItcSizes } from "../../src/audit/itc-sizes.js";
import {
  csvLines,
  ITC_SIZES_HEADING,
  ITC_TURNOVER_HEADINGS,
  outcomeOf,
  SCALING_HEADINGS,
  SLOT_MATCHING_HEADING,
} from "../../src/audit/runners.js";
import { factorHeading, LAW_HEADING, SPEED_FACTORS } from "../../src/audit/per-round-speed.js";
import {
  SCALING_TOLERANCE_HEADINGS,
  TOLERANCE_HEADINGS,
} from "../../src/audit/failure-tolerance.js";
import { measureSlotMatching } from "../../src/audit/slot-matching.js";

describe("measureItcSizes", () => {
  const o = { sizes: [4, 8, 16], stepsPerProcess: 6, seeds: [1, 2, 3, 4, 5] };
  const r = measureItcSizes(o);

  it("measures every workload, size and seed, deterministically", () => {
    expect(r.points).toHaveLength(2 * 3 * 5);
    expect(measureItcSizes(o)).toEqual(r);
    for (const p of r.points) expect(p.meanBytes).toBeGreaterThan(0);
  });

  it("fits one exponent per workload with an interval over the seeds, above the logarithmic one", () => {
    expect(r.exponents.map((x) => x.workload)).toEqual(["messages", "churn"]);
    for (const x of r.exponents) {
      expect(x.exponent.n).toBe(5);
      expect(x.exponent.lower).not.toBeNull();
      expect(x.exponent.lower as number).toBeLessThanOrEqual(x.exponent.upper as number);
    }
    // log2 N over 4…16 fits N^0.29: ln(4/2) / ln(16/4).
    expect(r.logarithmicExponent).toBeCloseTo(Math.log(2) / Math.log(4), 3);
    expect(r.exponents[1]?.exponent.lower as number).toBeGreaterThan(r.logarithmicExponent);
  });
});

describe("measureItcSizes: vector clocks through the same runs", () => {
  const o = { sizes: [4, 8, 16], stepsPerProcess: 6, seeds: [1, 2, 3, 4, 5] };
  const r = measureItcSizes(o);

  it("gives the sizes src/core/vclock.ts's own clocks and encoding give", () => {
    const ref = measureItcSizes({ ...o, referenceClocks: true });
    expect(ref).toEqual(r);
    for (const p of r.points) {
      expect(p.vcMeanBytes).toBeGreaterThan(0);
      expect(p.vcMaxBytes).toBeGreaterThanOrEqual(p.vcMeanBytes);
    }
  });

  it("fits an exponent per workload; under churn departed ids stay, so clocks are larger", () => {
    expect(r.vcExponents.map((x) => x.workload)).toEqual(["messages", "churn"]);
    for (const x of r.vcExponents) expect(x.exponent.n).toBe(5);
    const [messages, churn] = r.vcExponents;
    messages?.meanBytes.forEach((b, k) =>
      expect(churn?.meanBytes[k]?.bytes.median as number).toBeGreaterThan(b.bytes.median as number),
    );
    // With fixed membership a clock has at most N entries of 3–6 bytes each.
    for (const p of r.points.filter((x) => x.workload === "messages"))
      expect(p.vcMaxBytes).toBeLessThanOrEqual(1 + 6 * p.n);
  });
});

describe("measureSlotMatching", () => {
  it("finds exactly the brute-force pairs and checks a small fraction of the pairs", () => {
    const r = measureSlotMatching({ availability: 20, needs: [200, 400], seeds: [1, 2, 3, 4, 5] });
    expect(r.allExact).toBe(true);
    expect(r.points).toHaveLength(10);
    for (const f of r.fractions) {
      expect(f.fraction.n).toBe(5);
      expect(f.fraction.upper as number).toBeLessThan(0.2);
    }
  });
});

describe("packaged results", () => {
  it("are exactly the bench/RESULTS.md headings the runners re-run", () => {
    expect(Object.keys(PACKAGED_RESULTS).sort()).toEqual(
      [
        ITC_SIZES_HEADING,
        SLOT_MATCHING_HEADING,
        ...Object.values(ITC_TURNOVER_HEADINGS),
        LAW_HEADING,
        ...SPEED_FACTORS.map(factorHeading),
        ...Object.keys(SCALING_HEADINGS),
        ...Object.values(TOLERANCE_HEADINGS),
        ...Object.values(SCALING_TOLERANCE_HEADINGS),
      ].sort(),
    );
  });
});

describe("the runners' shared pieces", () => {
  it("outcomeOf: supports when every rule holds, contradicts when one fails, else inconclusive", () => {
    expect(outcomeOf(["holds"])).toBe("supports");
    expect(outcomeOf(["holds", "holds"])).toBe("supports");
    expect(outcomeOf(["fails"])).toBe("contradicts");
    expect(outcomeOf(["holds", "undecided", "fails"])).toBe("contradicts");
    expect(outcomeOf(["undecided"])).toBe("inconclusive");
    expect(outcomeOf(["holds", "undecided"])).toBe("inconclusive");
  });

  it("csvLines: the header, one line per item, a final newline", () => {
    expect(csvLines("a,b", [1, 2], (x) => `${x},${2 * x}`)).toBe("a,b\n1,2\n2,4\n");
    expect(csvLines("a,b", [], () => "")).toBe("a,b\n");
  });
});
