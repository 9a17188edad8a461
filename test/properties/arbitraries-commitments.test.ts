import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbCommitment,
  arbCommitmentNetwork,
  arbRecognitionGraph,
  forkedStamps,
} from "../../properties/arbitraries/index.js";
import { join, type Stamp } from "../../src/core/itc/index.js";
import { commitmentSchema } from "../../src/core/schemas/commitment.js";

const SEED = Number(process.env["COMMONS_SPEC_SEED"] ?? 42);

/** Joining stamps throws when two ids overlap (ITC-10), so a fold checks pairwise disjointness. */
const joinAll = (stamps: readonly Stamp[]) => stamps.reduce((a, b) => join(a, b));

describe("commitment and recognition-graph arbitraries", () => {
  it("arbCommitment always produces schema-valid commitments", () => {
    fc.assert(
      fc.property(arbCommitment({ pubKey: "me", others: ["me", "a", "b"] }), (c) => {
        const r = commitmentSchema.safeParse(c);
        expect(r.success ? "" : JSON.stringify(r.error.issues)).toBe("");
        expect(c.pubKey).toBe("me");
        expect(Object.keys(c.recognition_weights).every((k) => k === "a" || k === "b")).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("arbRecognitionGraph: no self-recognition, only known participants, density respected at 0 and 1", () => {
    fc.assert(
      fc.property(arbRecognitionGraph({ minParticipants: 1, maxParticipants: 5 }), (g) => {
        const ids = Object.keys(g);
        for (const [a, row] of Object.entries(g)) {
          expect(a in row).toBe(false);
          for (const [b, w] of Object.entries(row)) {
            expect(ids).toContain(b);
            expect(Number.isFinite(w) && w >= 0).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
    const none = fc.sample(arbRecognitionGraph({ participants: ["x", "y", "z"], density: 0 }), {
      seed: SEED,
      numRuns: 20,
    });
    expect(none.every((g) => Object.values(g).every((row) => Object.keys(row).length === 0))).toBe(
      true,
    );
    const full = fc.sample(arbRecognitionGraph({ participants: ["x", "y", "z"], density: 1 }), {
      seed: SEED,
      numRuns: 20,
    });
    expect(full.every((g) => Object.values(g).every((row) => Object.keys(row).length === 2))).toBe(
      true,
    );
    expect(() => arbRecognitionGraph({ participants: ["x", "x"] })).toThrow(/distinct/);
    expect(() => arbRecognitionGraph({ density: 2 })).toThrow(/density/);
  });

  it("arbCommitmentNetwork: rows of the graph, schema-valid commitments, disjoint ITC ids", () => {
    fc.assert(
      fc.property(
        arbCommitmentNetwork({ maxParticipants: 6, maxSlots: 2 }),
        ({ graph, commitments }) => {
          expect(commitments.map((c) => c.pubKey)).toEqual(Object.keys(graph));
          for (const c of commitments) {
            expect(commitmentSchema.safeParse(c).success).toBe(true);
            expect(c.recognition_weights).toEqual(graph[c.pubKey]);
          }
          expect(() => joinAll(commitments.map((c) => c.itcStamp as Stamp))).not.toThrow();
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("forkedStamps: n disjoint ids that together own the whole interval", () => {
    for (const n of [1, 2, 3, 7, 16]) {
      const stamps = forkedStamps(n, [1, 2]);
      expect(stamps).toHaveLength(n);
      expect(joinAll(stamps).id).toBe(1);
    }
    // Two copies of one stamp overlap: the disjointness check can fail.
    const [a] = forkedStamps(2);
    expect(() => joinAll([a as Stamp, a as Stamp])).toThrow();
    expect(() => forkedStamps(0)).toThrow(/n must be/);
  });
});
