/**
 * The damping invariants (SPEC.md §6.2) as properties of any `dampingFactor` (the reference by
 * default). The window the properties reason about is the spec's, computed here.
 */
import fc from "fast-check";
import { DAMPING_WINDOW_MS, dampingFactor } from "../src/core/damping.js";
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import { arbPermutationSeed } from "./arbitraries/allocation.js";
import { permuteDeep } from "./arbitraries/permute.js";
import type { InvariantProperty } from "./property.js";
import type { DampingUnderTest } from "./under-test.js";

const NOW = 1_750_000_000_000;

/** SPEC.md §6.2: entries in (now − 30 s, now], by (timestamp, overAllocation), the last three. */
function specWindow(history: readonly DampingEntry[], now: number): DampingEntry[] {
  return history
    .filter((e) => e.timestamp > now - DAMPING_WINDOW_MS && e.timestamp <= now)
    .sort((a, b) => a.timestamp - b.timestamp || a.overAllocation - b.overAllocation)
    .slice(-3);
}

/** Histories around NOW: inside the window, just outside it, and in the future. */
export const arbDampingHistory: fc.Arbitrary<DampingEntry[]> = fc.array(
  fc.record({
    overAllocation: fc.oneof(
      fc.integer({ min: -10, max: 10 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    ),
    timestamp: fc.oneof(
      fc.integer({ min: NOW - DAMPING_WINDOW_MS + 1, max: NOW }),
      fc.integer({ min: NOW - 3 * DAMPING_WINDOW_MS, max: NOW - DAMPING_WINDOW_MS }),
      fc.integer({ min: NOW + 1, max: NOW + DAMPING_WINDOW_MS }),
    ),
  }),
  { maxLength: 8 },
);

export const referenceDamping: DampingUnderTest = { dampingFactor };

const at = (values: readonly number[]): DampingEntry[] =>
  values.map((overAllocation, k) => ({
    overAllocation,
    timestamp: NOW - 1000 * (values.length - 1 - k),
  }));

export function dampingProperties(
  impl: DampingUnderTest = referenceDamping,
  name = "implementation",
): InvariantProperty[] {
  return [
    {
      id: "DAMP-1",
      suite: "dynamics",
      title: "damping factor ∈ {0.5, 0.8, 1.0}; 1.0 with fewer than three entries in the window",
      numRuns: 500,
      build: () =>
        fc.property(arbDampingHistory, (h) => {
          const f = impl.dampingFactor(h, NOW);
          if (![0.5, 0.8, 1].includes(f)) throw new Error(`factor ${f}`);
          if (specWindow(h, NOW).length < 3 && f !== 1)
            throw new Error(`factor ${f} with < 3 entries`);
        }),
    },
    {
      id: "DAMP-2",
      suite: "dynamics",
      title: "only the last three entries of the 30 s window count",
      numRuns: 500,
      build: () =>
        fc.property(arbDampingHistory, arbDampingHistory, (h, extra) => {
          const w = specWindow(h, NOW);
          const outside = extra.filter(
            (e) => e.timestamp <= NOW - DAMPING_WINDOW_MS || e.timestamp > NOW,
          );
          const oldest = w[0];
          const older =
            oldest === undefined || w.length < 3
              ? []
              : extra.filter(
                  (e) => e.timestamp < oldest.timestamp && e.timestamp > NOW - DAMPING_WINDOW_MS,
                );
          if (
            impl.dampingFactor([...h, ...outside, ...older], NOW) !== impl.dampingFactor(w, NOW)
          ) {
            throw new Error(
              "entries outside the window or before the last three changed the factor",
            );
          }
        }),
    },
    {
      id: "DAMP-3",
      suite: "dynamics",
      title: "the damping factor does not depend on the order of the history",
      numRuns: 500,
      build: () =>
        fc.property(arbDampingHistory, arbPermutationSeed, (h, seed) => {
          if (impl.dampingFactor(h, NOW) !== impl.dampingFactor(permuteDeep(h, seed), NOW))
            throw new Error("order changed the factor");
        }),
    },
    {
      id: "DAMP-4",
      suite: "dynamics",
      title: "classification: [10,5,8] → 0.5, shrinking magnitudes → 1.0, growth → 0.8",
      numRuns: 1,
      build: () =>
        fc.property(fc.constant(null), () => {
          const cases: [number[], number][] = [
            [[10, 5, 8], 0.5],
            [[-3, 2, -1], 0.5],
            [[10, 8, 5], 1],
            [[-10, -5, 0], 1],
            [[1, 2, 3], 0.8],
            [[5, 5, 6], 0.8],
            [[5, 4], 1],
          ];
          for (const [values, want] of cases) {
            const got = impl.dampingFactor(at(values), NOW);
            if (got !== want)
              throw new Error(
                `${name}: dampingFactor(${JSON.stringify(values)}) = ${got}, expected ${want}`,
              );
          }
        }),
    },
  ];
}
