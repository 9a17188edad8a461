/**
 * Recognition invariants (SPEC.md §3) of any implementation of shares and mutual recognition
 * (`RecognitionUnderTest`), the reference core by default. The oracle is §3 transcribed
 * independently (`properties/pipeline-oracle.ts`): shares are the weights over their
 * (compensated) sum, MR the smaller of the two shares.
 */
import fc from "fast-check";
import { isAllocationVariant } from "../src/core/allocation/variants.js";
import {
  mutualRecognition,
  mutualRecognitionMap,
  recognitionShares,
  renormalize,
  shareOf,
} from "../src/core/recognition.js";
import { MAX_QUANTITY, MIN_MAGNITUDE } from "../src/core/schemas/primitives.js";
import { arbPermutationSeed } from "./arbitraries/allocation.js";
import { permuteDeep } from "./arbitraries/permute.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import { closeRel, specMutualRecognition, specShare } from "./pipeline-oracle.js";
import { reduceParticipantsArguments, reduceWeightsArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { RecognitionParticipant, RecognitionUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** The reference core's recognition as a part. */
export const referenceRecognition: RecognitionUnderTest = {
  shares: recognitionShares,
  mutualRecognition,
};

/** A 256-character participant key: the longest SPEC.md §1 allows, with every punctuation mark it allows. */
export const LONGEST_KEY = `k.-_:~+/=${"x".repeat(247)}`;

const KEYS = [
  "ana",
  "bo",
  "cy",
  "di",
  "ed",
  "A",
  "a",
  "Z9",
  "p.1",
  "p-1",
  "p_1",
  "p:1",
  "p~1",
  "p+1",
  "p/1",
  "p=1",
  LONGEST_KEY,
  ...Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, "0")}`),
];

/** A weight: 0, the smallest and largest allowed (1e-9, 1e15), integers and any double between. */
export const arbWeight: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.constantFrom(MIN_MAGNITUDE, MAX_QUANTITY, 1), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 3 },
  {
    arbitrary: fc.double({ min: MIN_MAGNITUDE, max: MAX_QUANTITY, noNaN: true }),
    weight: 2,
  },
  { arbitrary: fc.double({ min: MIN_MAGNITUDE, max: 100, noNaN: true }), weight: 2 },
);

/** Recognition weights over 0–50 keys (some weights equal, some 0), never naming `self`. */
export function arbWeights(self = "self"): fc.Arbitrary<Record<string, number>> {
  const keys = KEYS.filter((k) => k !== self);
  return fc.oneof(
    { arbitrary: fc.dictionary(fc.constantFrom(...keys.slice(0, 8)), arbWeight), weight: 4 },
    {
      arbitrary: fc.dictionary(fc.constantFrom(...keys), arbWeight, {
        minKeys: 20,
        maxKeys: 50,
      }),
      weight: 1,
    },
    {
      // Every weight the same value (ties): shares 1/n.
      arbitrary: fc
        .tuple(fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: 30 }), arbWeight)
        .map(([ks, w]) => Object.fromEntries(ks.map((k) => [k, w]))),
      weight: 1,
    },
  );
}

/** 2–8 participants (a few with the longest key allowed), each with weights over the others. */
export const arbParticipants: fc.Arbitrary<RecognitionParticipant[]> = fc
  .uniqueArray(fc.constantFrom(...KEYS.slice(0, 17)), { minLength: 2, maxLength: 8 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((self) =>
        fc
          .dictionary(fc.constantFrom(...ids.filter((k) => k !== self), "outsider"), arbWeight, {
            maxKeys: ids.length,
          })
          .map((w) => ({ pubKey: self, recognition_weights: w })),
      ),
    ),
  );

/**
 * Agreement with SPEC §3 up to rounding; a value in (0, 1e-9) may also be written as 0 (§1:
 * fractions below 1e-9 are written as 0), so an implementation that flushes it is not wrong.
 */
export function sameFraction(got: number, want: number): boolean {
  return closeRel(got, want) || (want > 0 && want < MIN_MAGNITUDE && got === 0);
}

const total = (w: Readonly<Record<string, number>>) => Object.values(w).reduce((a, b) => a + b, 0);

/** Boundary classes of the recognition generators (SPEC.md §1, §3). */
export const RECOGNITION_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbWeights",
    suite: "allocation",
    arbitrary: arbWeights(),
    classes: [
      { name: "no weight at all", spec: "§3", hit: (w) => Object.keys(w).length === 0 },
      {
        name: "weights named but all 0 (every share 0)",
        spec: "§3",
        hit: (w) => Object.keys(w).length > 0 && total(w) === 0,
      },
      {
        name: "exactly one positive weight (its share is 1)",
        spec: "§3",
        hit: (w) => Object.values(w).filter((x) => x > 0).length === 1,
      },
      {
        name: "smallest allowed weight 1e-9",
        spec: "§1",
        hit: (w) => Object.values(w).includes(MIN_MAGNITUDE),
      },
      {
        name: "largest allowed weight 1e15",
        spec: "§1",
        hit: (w) => Object.values(w).includes(MAX_QUANTITY),
      },
      {
        name: "weights 15+ orders of magnitude apart",
        spec: "§1",
        hit: (w) => {
          const pos = Object.values(w).filter((x) => x > 0);
          return pos.length > 1 && Math.max(...pos) / Math.min(...pos) >= 1e15;
        },
      },
      { name: "20–50 weights", spec: "§3", hit: (w) => Object.keys(w).length >= 20 },
      {
        name: "all weights equal and positive (ties)",
        spec: "§3",
        hit: (w) => {
          const v = Object.values(w);
          return v.length > 1 && v[0] !== 0 && v.every((x) => x === v[0]);
        },
      },
      {
        name: "a 256-character key",
        spec: "§1",
        hit: (w) => Object.keys(w).includes(LONGEST_KEY),
      },
    ],
  }),
  boundaries({
    generator: "arbParticipants",
    suite: "allocation",
    arbitrary: arbParticipants,
    classes: [
      {
        name: "a pair recognising each other (MR > 0)",
        spec: "§3",
        hit: (ps) => ps.some((a) => ps.some((b) => a !== b && specMutualRecognition(a, b) > 0)),
      },
      {
        name: "one-way recognition only (share > 0, MR = 0)",
        spec: "§3",
        hit: (ps) =>
          ps.some((a) =>
            ps.some(
              (b) =>
                a !== b &&
                specShare(a.recognition_weights, b.pubKey) > 0 &&
                specMutualRecognition(a, b) === 0,
            ),
          ),
      },
      {
        name: "a weight for someone outside the group",
        spec: "§3",
        hit: (ps) => ps.some((p) => "outsider" in p.recognition_weights),
      },
      { name: "6–8 participants", spec: "§3", hit: (ps) => ps.length >= 6 },
    ],
  }),
];

export function recognitionProperties(
  impl: RecognitionUnderTest = referenceRecognition,
  name = "reference",
): InvariantProperty[] {
  const isReference = impl === referenceRecognition;
  return [
    {
      id: "REC-1",
      suite: "allocation",
      title:
        "shares are the weights over their sum (SPEC §3 transcribed): in [0, 1], summing to 1 (or all 0), independent of key order",
      numRuns: 300,
      reduce: reduceWeightsArguments,
      build: () =>
        fc.property(arbWeights(), arbPermutationSeed, (w, seed) => {
          const got = impl.shares(w);
          for (const k of Object.keys(w)) {
            const want = specShare(w, k);
            const g = got[k] ?? 0;
            if (!(g >= 0 && g <= 1))
              violation("share-out-of-range", `${name}: share(${k}) = ${g}, outside [0, 1]`);
            if (!sameFraction(g, want))
              violation(
                "share-mismatch",
                `${name}: share(${k}) = ${g}, but ${w[k]} / Σ weights = ${want} (SPEC §3)`,
              );
          }
          for (const k of Object.keys(got))
            if (!Object.prototype.hasOwnProperty.call(w, k) && got[k] !== 0)
              violation(
                "share-for-unnamed",
                `${name}: share(${k}) = ${got[k]}, but ${k} has no weight`,
              );
          const again = impl.shares(permuteDeep(w, seed));
          for (const k of Object.keys(w))
            if (!closeRel(again[k] ?? 0, got[k] ?? 0))
              violation(
                "shares-depend-on-key-order",
                `${name}: share(${k}) is ${got[k]} or ${again[k]} depending on key order`,
              );
          if (isReference) {
            for (const k of Object.keys(w))
              if (shareOf(w, k) !== got[k])
                violation("reference-helpers-disagree", `shareOf(${k}) disagrees`);
            if (shareOf(w, "nobody") !== 0)
              violation("reference-helpers-disagree", "a participant not named has a share");
            if (JSON.stringify(renormalize(w)) !== JSON.stringify(got))
              violation("reference-helpers-disagree", "renormalize disagrees");
          }
        }),
    },
    {
      id: "REC-2",
      suite: "allocation",
      title:
        "mutual recognition is min(share_a(b), share_b(a)) (SPEC §3 transcribed): symmetric, at most either share",
      numRuns: 300,
      reduce: reduceParticipantsArguments,
      build: () =>
        fc.property(arbParticipants, (ps) => {
          for (const a of ps) {
            for (const b of ps) {
              if (a === b) continue;
              const mr = impl.mutualRecognition(a, b);
              const want = specMutualRecognition(a, b);
              if (mr !== impl.mutualRecognition(b, a))
                violation(
                  "mr-not-symmetric",
                  `${name}: MR(${a.pubKey}, ${b.pubKey}) = ${mr} but MR(${b.pubKey}, ${a.pubKey}) = ${impl.mutualRecognition(b, a)}`,
                );
              if (!sameFraction(mr, want))
                violation(
                  "mr-mismatch",
                  `${name}: MR(${a.pubKey}, ${b.pubKey}) = ${mr}, but min(share_${a.pubKey}(${b.pubKey}), share_${b.pubKey}(${a.pubKey})) = ${want} (SPEC §3)`,
                );
            }
            if (isReference) {
              const map = mutualRecognitionMap(a, ps);
              for (const b of ps)
                if (b !== a && (map[b.pubKey] ?? 0) !== mutualRecognition(a, b))
                  violation(
                    "reference-helpers-disagree",
                    `mutualRecognitionMap disagrees for ${b.pubKey}`,
                  );
              if (a.pubKey in map)
                violation("reference-helpers-disagree", "a participant has MR with itself");
            }
          }
          if (
            isReference &&
            !(
              isAllocationVariant("reference") &&
              isAllocationVariant("v2-one-pass") &&
              !isAllocationVariant("other")
            )
          )
            violation("reference-helpers-disagree", "variant names");
        }),
    },
  ];
}
