/**
 * INPUT-1 (SPEC.md §2, §3, §5.1): the allocation input a provider builds from commitments, for
 * any implementation (`AllocationInputUnderTest`), the reference's
 * `allocationInputFromCommitments` by default. The oracle is `specAllocationInput`
 * (properties/pipeline-oracle.ts), an independent transcription: both directions — every
 * recognised participant with needs is a recipient, nobody else is — and each recipient's MR,
 * share, damping factor and need slots.
 */
import fc from "fast-check";
import { allocationInputFromCommitments } from "../src/core/allocation/from-commitments.js";
import type { AllocationInput, AllocationRecipient } from "../src/core/schemas/allocation.js";
import { MAX_QUANTITY, MIN_MAGNITUDE } from "../src/core/schemas/primitives.js";
import { arbCommitmentNetwork } from "./arbitraries/commitments.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import {
  closeRel,
  specAllocationInput,
  specMutualRecognition,
  specShare,
} from "./pipeline-oracle.js";
import { reduceCommitmentCaseArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type {
  AllocationInputUnderTest,
  CommitmentProvider,
  CommitmentRecipient,
} from "./under-test.js";
import { violation } from "./violation.js";

/** The reference core's converter as a part. */
export const referenceAllocationInput: AllocationInputUnderTest = {
  fromCommitments: allocationInputFromCommitments,
};

/** One case: a provider's commitment and the commitments it holds of the others. */
export interface AllocationInputCase {
  readonly provider: CommitmentProvider;
  readonly others: readonly CommitmentRecipient[];
}

type Whole = CommitmentProvider & CommitmentRecipient;

/** Weights a participant writes, including the smallest and largest allowed. */
const arbEdgeWeight = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constantFrom(MIN_MAGNITUDE, MAX_QUANTITY), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 9 }), weight: 3 },
);

/**
 * Cases over networks of 2–8 participants (often) or 20–40 (sometimes). The provider's own
 * commitment is sometimes among the others (it must be skipped), weights are sometimes
 * rewritten to the extremes (1e-9 beside 1e15) or to an explicit 0, and participants without
 * need slots occur.
 */
export const arbAllocationInputCase: fc.Arbitrary<AllocationInputCase> = fc
  .oneof(
    { arbitrary: arbCommitmentNetwork({ minParticipants: 2, maxParticipants: 8 }), weight: 4 },
    {
      arbitrary: arbCommitmentNetwork({
        minParticipants: 20,
        maxParticipants: 40,
        density: 0.3,
        maxSlots: 1,
      }),
      weight: 1,
    },
  )
  .chain(({ commitments }) =>
    fc.record({
      commitments: fc.constant(commitments as unknown as Whole[]),
      provider: fc.nat(commitments.length - 1),
      includeSelf: fc.boolean(),
      rewrites: fc.array(fc.record({ who: fc.nat(), to: fc.nat(), weight: arbEdgeWeight }), {
        maxLength: 6,
      }),
    }),
  )
  .map(({ commitments, provider, includeSelf, rewrites }) => {
    const cs: Whole[] = commitments.map((c) => ({
      ...c,
      recognition_weights: { ...c.recognition_weights },
    }));
    for (const r of rewrites) {
      const who = cs[r.who % cs.length] as Whole;
      const to = cs[r.to % cs.length] as Whole;
      if (who !== to) (who.recognition_weights as Record<string, number>)[to.pubKey] = r.weight;
    }
    const p = cs[provider] as Whole;
    return {
      provider: p,
      others: cs.filter((c) => includeSelf || c !== p),
    };
  });

const recognised = (c: AllocationInputCase) =>
  c.others.filter(
    (o) =>
      o.pubKey !== c.provider.pubKey &&
      o.need_slots.length > 0 &&
      (specMutualRecognition(c.provider, o) > 0 ||
        specShare(c.provider.recognition_weights, o.pubKey) > 0),
  );

/** Boundary classes of `arbAllocationInputCase` (SPEC.md §2, §3, §5.1). */
export const ALLOCATION_INPUT_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbAllocationInputCase",
    suite: "allocation",
    arbitrary: arbAllocationInputCase,
    classes: [
      {
        name: "the provider's own commitment among the others",
        spec: "§3",
        hit: (c) => c.others.some((o) => o.pubKey === c.provider.pubKey),
      },
      {
        name: "no recipient at all",
        spec: "§3",
        hit: (c) => recognised(c).length === 0,
      },
      {
        name: "a tier-1 recipient (MR > 0)",
        spec: "§3",
        hit: (c) =>
          c.others.some(
            (o) =>
              o.pubKey !== c.provider.pubKey &&
              o.need_slots.length > 0 &&
              specMutualRecognition(c.provider, o) > 0,
          ),
      },
      {
        name: "a tier-2 recipient (MR = 0, share > 0)",
        spec: "§3",
        hit: (c) =>
          c.others.some(
            (o) =>
              o.pubKey !== c.provider.pubKey &&
              o.need_slots.length > 0 &&
              specMutualRecognition(c.provider, o) === 0 &&
              specShare(c.provider.recognition_weights, o.pubKey) > 0,
          ),
      },
      {
        name: "recognises the provider, not recognised back (not a recipient)",
        spec: "§3",
        hit: (c) =>
          c.others.some(
            (o) =>
              o.pubKey !== c.provider.pubKey &&
              o.need_slots.length > 0 &&
              specShare(o.recognition_weights, c.provider.pubKey) > 0 &&
              specShare(c.provider.recognition_weights, o.pubKey) === 0,
          ),
      },
      {
        name: "recognised but without need slots (not a recipient)",
        spec: "§2",
        hit: (c) =>
          c.others.some(
            (o) =>
              o.pubKey !== c.provider.pubKey &&
              o.need_slots.length === 0 &&
              specShare(c.provider.recognition_weights, o.pubKey) > 0,
          ),
      },
      {
        name: "an explicit weight 0 for an other",
        spec: "§3",
        hit: (c) => Object.values(c.provider.recognition_weights).includes(0),
      },
      {
        name: "a share below 1e-9 (weights 1e-9 beside 1e15)",
        spec: "§1",
        hit: (c) =>
          c.others.some((o) => {
            const s = specShare(c.provider.recognition_weights, o.pubKey);
            return s > 0 && s < MIN_MAGNITUDE;
          }),
        minPer1000: 5,
      },
      {
        name: "a recipient with damping 0",
        spec: "§5.4",
        hit: (c) => recognised(c).some((o) => o.damping_factor === 0),
      },
      { name: "20–40 participants", spec: "§3", hit: (c) => c.others.length >= 19 },
    ],
  }),
];

function fmtSlots(r: AllocationRecipient): string {
  return JSON.stringify([...r.need_slots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** What is wrong with `got` as the allocation input of this case, or undefined. */
export function judgeAllocationInput(
  c: AllocationInputCase,
  got: AllocationInput,
  name: string,
): void {
  const want = specAllocationInput(c.provider, c.others);
  if (
    got.provider.pubKey !== want.provider.pubKey ||
    JSON.stringify(got.provider.capacity_slots) !== JSON.stringify(want.provider.capacity_slots)
  )
    violation(
      "provider-mismatch",
      `${name}: the input's provider is ${JSON.stringify(got.provider)}, expected ${c.provider.pubKey} with its own capacity slots`,
    );
  const byKey = new Map<string, AllocationRecipient>();
  for (const r of got.recipients) {
    if (byKey.has(r.pubKey))
      violation("recipient-duplicated", `${name}: ${r.pubKey} is a recipient twice`);
    byKey.set(r.pubKey, r);
  }
  // A share or MR in (0, 1e-9) may be written as 0 (SPEC §1) or kept (§3): either is accepted,
  // and a recipient whose two values both flush to 0 may be left out.
  const tiny = (x: number) => x > 0 && x < MIN_MAGNITUDE;
  const sameFraction = (g: number, w: number) => closeRel(g, w) || (tiny(w) && g === 0);
  for (const w of want.recipients) {
    const g = byKey.get(w.pubKey);
    if (g === undefined) {
      if ((w.mr === 0 || tiny(w.mr)) && (w.share === 0 || tiny(w.share))) continue;
      violation(
        "recipient-missing",
        `${name}: ${w.pubKey} (MR ${w.mr}, share ${w.share}, ${w.need_slots.length} need slot(s)) is missing from ${c.provider.pubKey}'s recipients`,
      );
    }
    if (!sameFraction(g.mr, w.mr))
      violation("mr-mismatch", `${name}: ${w.pubKey}'s mr is ${g.mr}, SPEC §3 gives ${w.mr}`);
    if (!sameFraction(g.share, w.share))
      violation(
        "share-mismatch",
        `${name}: ${w.pubKey}'s share is ${g.share}, SPEC §3 gives share_${c.provider.pubKey}(${w.pubKey}) = ${w.share}`,
      );
    // An absent damping factor is 1 (the schema's default, SPEC §5.1), not 0.
    const damping = (g as { damping_factor?: number }).damping_factor ?? 1;
    if (damping !== w.damping_factor)
      violation(
        "damping-mismatch",
        `${name}: ${w.pubKey}'s damping factor is ${g.damping_factor === undefined ? "absent (1)" : damping}, its commitment says ${w.damping_factor}`,
      );
    if (fmtSlots(g) !== fmtSlots(w))
      violation(
        "needs-mismatch",
        `${name}: ${w.pubKey}'s need slots are ${fmtSlots(g)}, its commitment states ${fmtSlots(w)}`,
      );
  }
  const wanted = new Set(want.recipients.map((r) => r.pubKey));
  for (const r of got.recipients)
    if (!wanted.has(r.pubKey)) {
      const o = c.others.find((x) => x.pubKey === r.pubKey);
      violation(
        "recipient-extra",
        `${name}: ${r.pubKey} is a recipient of ${c.provider.pubKey}, but ${
          o === undefined
            ? "it has no commitment"
            : r.pubKey === c.provider.pubKey
              ? "it is the provider itself"
              : o.need_slots.length === 0
                ? "it has no need slots"
                : "the provider neither recognises it nor shares MR with it"
        }`,
      );
    }
}

/** INPUT-1 of a `allocationInput` part. */
export function allocationInputProperties(
  impl: AllocationInputUnderTest = referenceAllocationInput,
  name = "reference",
): InvariantProperty[] {
  return [
    {
      id: "INPUT-1",
      suite: "allocation",
      title:
        "the allocation input built from commitments has exactly the recognised participants with needs, with SPEC §3's MR, share, damping and needs",
      numRuns: 200,
      reduce: reduceCommitmentCaseArguments,
      build: () =>
        fc.property(arbAllocationInputCase, (c) =>
          judgeAllocationInput(c, impl.fromCommitments(c.provider, c.others), name),
        ),
    },
  ];
}
