/**
 * Planted bugs for tests and benches that need an invariant to fail where no zoo mutant makes it
 * fail in the way wanted (not zoo entries: `verify` is not asserted on them).
 */
import { referenceRecognition } from "../../properties/recognition.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { createSlotIndex, matchAll } from "../../src/core/compat/index.js";
import type { ReferenceSlotIndex } from "../../properties/compat.js";

/**
 * Shares divided by the sum of the first 16 weights only (a fixed-size buffer): REC-1 fails only
 * with 17 weights or more, so fast-check's shrinking stops at the 20 of its crowd of weights and
 * the deletion pass goes on to 17.
 */
export const sharesOver16Weights = defineImplementation({
  name: "shares-over-16-weights",
  recognition: {
    mutualRecognition: referenceRecognition.mutualRecognition,
    shares: (w) => {
      const ks = Object.keys(w);
      const sum = ks.slice(0, 16).reduce((a, k) => a + (w[k] ?? 0), 0);
      return Object.fromEntries(ks.map((k) => [k, sum > 0 ? Math.min(1, (w[k] ?? 0) / sum) : 0]));
    },
  },
});

/**
 * The reference's bucketed index (COMPAT-4 checks the reference's own index: no adapter part)
 * with a planted bug: queries never return a need without a time window (an index that forgets
 * the needs it cannot bucket by time).
 */
export const plantedIndex: ReferenceSlotIndex = {
  createSlotIndex: (needs, options) => {
    const index = createSlotIndex(needs, options);
    return {
      ...index,
      queryIndices: (q) => index.queryIndices(q).filter((i) => needs[i]?.slot.window !== undefined),
    };
  },
  matchAll,
};
