/** Recognition invariants (SPEC.md §3) of the reference core. */
import fc from "fast-check";
import { isAllocationVariant } from "../src/core/allocation/variants.js";
import {
  mutualRecognition,
  mutualRecognitionMap,
  recognitionShares,
  renormalize,
  shareOf,
} from "../src/core/recognition.js";
import { arbPermutationSeed } from "./arbitraries/allocation.js";
import { permuteDeep } from "./arbitraries/permute.js";
import type { InvariantProperty } from "./property.js";

const PEOPLE = ["ana", "bo", "cy", "di", "ed"] as const;

/** A participant's recognition weights over the others: zeros, round values and arbitrary doubles. */
const arbWeights = (self: string) =>
  fc.dictionary(
    fc.constantFrom(...PEOPLE.filter((p) => p !== self)),
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 5 }),
      fc.double({ min: 1e-9, max: 100, noNaN: true }),
    ),
  );

const arbParticipants = fc
  .tuple(...PEOPLE.map((p) => arbWeights(p)))
  .map((ws) => PEOPLE.map((pubKey, i) => ({ pubKey, recognition_weights: ws[i] ?? {} })));

function holds(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

export function recognitionProperties(): InvariantProperty[] {
  return [
    {
      id: "REC-1",
      suite: "allocation",
      title:
        "shares are the weights normalised: in [0, 1], summing to 1 (or all 0), independent of key order",
      numRuns: 300,
      build: () =>
        fc.property(arbWeights("self"), arbPermutationSeed, (w, seed) => {
          const shares = recognitionShares(w);
          const values = Object.values(shares);
          const total = values.reduce((a, b) => a + b, 0);
          const anyPositive = Object.values(w).some((x) => x > 0);
          holds(
            values.every((v) => v >= 0 && v <= 1),
            "a share outside [0, 1]",
          );
          holds(anyPositive ? Math.abs(total - 1) < 1e-12 : total === 0, `shares sum to ${total}`);
          for (const k of Object.keys(w))
            holds(shareOf(w, k) === shares[k], `shareOf(${k}) disagrees with recognitionShares`);
          holds(shareOf(w, "nobody") === 0, "a participant not named has a share");
          holds(
            JSON.stringify(recognitionShares(permuteDeep(w, seed))) === JSON.stringify(shares),
            "shares depend on key order",
          );
          holds(
            JSON.stringify(renormalize(w)) === JSON.stringify(shares),
            "renormalize disagrees with recognitionShares",
          );
        }),
    },
    {
      id: "REC-2",
      suite: "allocation",
      title: "mutual recognition is symmetric, at most either share, and the map agrees pairwise",
      numRuns: 300,
      build: () =>
        fc.property(arbParticipants, (ps) => {
          for (const a of ps) {
            const map = mutualRecognitionMap(a, ps);
            for (const b of ps) {
              if (a === b) continue;
              const mr = mutualRecognition(a, b);
              holds(
                mr === mutualRecognition(b, a),
                `MR(${a.pubKey}, ${b.pubKey}) is not symmetric`,
              );
              holds(
                mr <= shareOf(a.recognition_weights, b.pubKey) &&
                  mr <= shareOf(b.recognition_weights, a.pubKey),
                "MR exceeds a share",
              );
              holds((map[b.pubKey] ?? 0) === mr, `mutualRecognitionMap disagrees for ${b.pubKey}`);
            }
            holds(!(a.pubKey in map), "a participant has MR with itself");
          }
          holds(
            isAllocationVariant("reference") &&
              isAllocationVariant("v2-one-pass") &&
              !isAllocationVariant("other"),
            "variant names",
          );
        }),
    },
  ];
}
