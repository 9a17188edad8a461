/**
 * The ITC turnover experiment (claims S2-7, S3-17): participants leave and join for many
 * generations, leaving gracefully (the id handed back and joined into the sponsor's stamp) or
 * silently (nothing). Small runs: the shape, not the audit's figures.
 */
import { describe, expect, it } from "vitest";
import * as itc from "../../src/core/itc/index.js";
import type { Id, Stamp } from "../../src/core/itc/index.js";
import {
  idDepth,
  measureTurnover,
  runTurnover,
  type TurnoverSample,
} from "../../src/audit/itc-turnover.js";

const small = { active: 8, messagesPerLeave: 4, samplesPerGeneration: 4 };

/** The union of the active participants' ids (join throws if two overlap). */
function idUnion(stamps: readonly Stamp[]): Id {
  return stamps.reduce((acc, s) => itc.join(acc, s), { id: 0, event: 0 } as Stamp).id;
}

describe("idDepth", () => {
  it("is 0 for a leaf and one more than the deeper child for a node", () => {
    expect(idDepth(0)).toBe(0);
    expect(idDepth(1)).toBe(0);
    expect(idDepth({ l: 1, r: 0 })).toBe(1);
    expect(idDepth({ l: 0, r: { l: { l: 1, r: 0 }, r: 1 } })).toBe(3);
  });
});

describe("runTurnover", () => {
  const o = { ...small, generations: { graceful: 12, silent: 12 } };

  it("keeps the number of active participants, and every active id is owned by one of them", () => {
    for (const leave of ["graceful", "silent"] as const)
      for (const seed of [1, 2, 3]) {
        const stamps = runTurnover(o, leave, seed);
        expect(stamps).toHaveLength(8);
        for (const s of stamps) expect(s.id).not.toBe(0);
        // Throws if two active ids overlap.
        expect(() => idUnion(stamps)).not.toThrow();
      }
  });

  it("graceful leaves hand every id back: the active ids still cover the whole interval", () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(idUnion(runTurnover(o, "graceful", seed))).toBe(1);
  });

  it("silent leavers take their ids with them: the active ids no longer cover the interval", () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(idUnion(runTurnover(o, "silent", seed))).not.toBe(1);
  });

  it("samples every quarter generation, with the active stamps' sizes and id depths", () => {
    const out: TurnoverSample[] = [];
    runTurnover(o, "silent", 7, out);
    expect(out).toHaveLength(12 * 4);
    expect(out.map((s) => s.departed)).toEqual(out.map((_, k) => 2 * (k + 1)));
    for (const s of out) {
      expect(s.maxBytes).toBeGreaterThanOrEqual(s.meanBytes);
      expect(s.maxIdDepth).toBeGreaterThanOrEqual(s.meanIdDepth);
      expect(s.meanBytes).toBeGreaterThan(0);
    }
    expect(runTurnover(o, "silent", 7)).toEqual(runTurnover(o, "silent", 7));
  });
});

describe("measureTurnover", () => {
  const o = { ...small, generations: { graceful: 16, silent: 16 }, seeds: [1, 2, 3, 4, 5] };
  const r = measureTurnover(o);
  const summary = (leave: string) => r.summaries.find((x) => x.leave === leave);

  it("is deterministic and summarises both ways of leaving over every seed", () => {
    expect(measureTurnover(o)).toEqual(r);
    expect(r.summaries.map((x) => x.leave)).toEqual(["graceful", "silent"]);
    expect(r.samples).toHaveLength(2 * 5 * 16 * 4);
    for (const x of r.summaries) {
      expect(x.exponent.n).toBe(5);
      expect(x.lastGenerationBytes.n).toBe(5);
      // log2 D over D in (64, 128]: about 1 / ln(96).
      expect(x.logarithmicExponent).toBeGreaterThan(0.2);
      expect(x.logarithmicExponent).toBeLessThan(0.24);
    }
  });

  it("silent leavers: stamps grow in proportion to the departures, more steeply than a logarithm", () => {
    const s = summary("silent");
    expect(s?.exponent.lower as number).toBeGreaterThan(0.8);
    expect(s?.exponent.lower as number).toBeGreaterThan(s?.logarithmicExponent as number);
    expect(s?.lastGenerationBytes.lower as number).toBeGreaterThan(
      4 * (s?.firstGenerationBytes.upper as number),
    );
  });

  it("graceful leaves: after as many departures, stamps are several times smaller", () => {
    const g = summary("graceful");
    const s = summary("silent");
    expect(g?.lastGenerationBytes.upper as number).toBeLessThan(
      (s?.lastGenerationBytes.lower as number) / 2,
    );
    expect(g?.exponent.median as number).toBeLessThan(s?.exponent.median as number);
  });
});
