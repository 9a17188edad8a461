/**
 * DYN-7 (SPEC.md §6.4): what one round of an implementation's many-provider dynamics produces
 * from a network, the previous round's grants and the round's damping factors
 * (`DynamicsUnderTest`). The oracle is `specDynamicsRound` (properties/pipeline-oracle.ts): §6.4
 * transcribed, with each provider's allocation by §5.4 (the reference allocator, which ALLOC-*
 * judge), residuals by §6.1 and the schedule's view of the grants. A mismatch that the other
 * residual variant or the other schedule would explain is reported as such.
 *
 * The reference part below is one round of `runDynamics` (src/core/dynamics.ts) from a given
 * previous round; `test/properties/pipeline.test.ts` checks that it reproduces `runDynamics`
 * round by round.
 */
import fc from "fast-check";
import { allocateValidated } from "../src/core/allocation/allocate.js";
import type { Denominators } from "../src/core/convergence.js";
import {
  DYNAMICS_SCHEDULES,
  runDynamics,
  type DynamicsNetwork,
  type DynamicsProvider,
  type DynamicsRecipient,
  type DynamicsSchedule,
  type Grants,
} from "../src/core/dynamics.js";
import { cmpStr } from "../src/core/order.js";
import { RESIDUAL_VARIANTS, residualNeed, type ResidualVariant } from "../src/core/residual.js";
import type { AllocationRecipient } from "../src/core/schemas/allocation.js";
import { MAX_QUANTITY } from "../src/core/schemas/primitives.js";
import { arbDamping } from "./arbitraries/allocation.js";
import { arbAvailabilitySlot, arbNeedSlot } from "./arbitraries/slots.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import { closeTol, grantIn, specDynamicsRound } from "./pipeline-oracle.js";
import { reduceDynamicsArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { DynamicsRoundInput, DynamicsRoundResult, DynamicsUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** One round of the reference dynamics (the loop body of `runDynamics`) from given grants. */
export const referenceDynamics: DynamicsUnderTest = {
  round(network, previous, input) {
    const providers = [...network.providers].sort((a, b) => cmpStr(a.pubKey, b.pubKey));
    const recipients = [...network.recipients].sort((a, b) => cmpStr(a.pubKey, b.pubKey));
    const sequential = input.schedule === "sequential";
    const visible: Grants = sequential ? { ...previous } : (previous as Grants);
    const grants: Grants = {};
    const denominators: Record<string, Denominators> = {};
    for (const p of providers) {
      const inputs: AllocationRecipient[] = [];
      for (const r of recipients) {
        const rec = p.recognition[r.pubKey];
        if (rec === undefined || (rec.mr <= 0 && rec.share <= 0)) continue;
        inputs.push({
          pubKey: r.pubKey,
          mr: rec.mr,
          share: rec.share,
          damping_factor: input.dampingFactors[r.pubKey] ?? 1,
          need_slots: r.need_slots.map((n) => {
            const received: Record<string, number> = {};
            for (const q of providers)
              received[q.pubKey] = visible[q.pubKey]?.[r.pubKey]?.[n.id] ?? 0;
            return { ...n, quantity: residualNeed(n.quantity, received, p.pubKey, input.residual) };
          }),
        });
      }
      const result = allocateValidated(
        {
          provider: { pubKey: p.pubKey, capacity_slots: [...p.capacity_slots] },
          recipients: inputs,
        },
        { variant: "reference" },
      );
      const mine: Record<string, Record<string, number>> = {};
      for (const rec of result.slot_allocations) {
        const byNeed = (mine[rec.recipient_pubkey] ??= {});
        byNeed[rec.need_slot_id] = (byNeed[rec.need_slot_id] ?? 0) + rec.quantity;
      }
      grants[p.pubKey] = mine;
      if (sequential) visible[p.pubKey] = mine;
      denominators[p.pubKey] = result.slot_denominators;
    }
    return { grants, denominators };
  },
};

// ---------------------------------------------------------------------------------------------
// Generated rounds

/** One round to play: the network, the grants it starts from and the round's inputs. */
export interface DynamicsRoundCase {
  readonly network: DynamicsNetwork;
  readonly previous: Grants;
  readonly input: DynamicsRoundInput;
  /** How `previous` was made (for the boundary classes and the counterexample). */
  readonly origin: "none" | "reachable" | "arbitrary";
}

const arbCapacity: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 500 }), weight: 5 },
  { arbitrary: fc.double({ min: 1e-9, max: 1000, noNaN: true }), weight: 1 },
  { arbitrary: fc.constant(MAX_QUANTITY), weight: 1 },
);

const arbRecognition = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constant({ mr: 0, share: 0 }), weight: 1 },
  {
    arbitrary: fc.record({
      mr: fc.constantFrom(0.1, 0.3, 0.5, 1, 1e-9),
      share: fc.constantFrom(0, 0.2, 1),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ mr: fc.constant(0), share: fc.constantFrom(0.2, 1, 1e-9) }), weight: 2 },
);

const SLOT_OPTIONS = { spanDays: 2, stepMinutes: 240 } as const;

function arbNetworkOf(
  maxProviders: number,
  recipients: { min: number; max: number },
  maxNeeds: number,
) {
  return fc
    .record({
      providers: fc.array(
        fc.uniqueArray(arbAvailabilitySlot(SLOT_OPTIONS), {
          minLength: 1,
          maxLength: 3,
          selector: (s) => s.id,
        }),
        { minLength: 1, maxLength: maxProviders },
      ),
      recipients: fc.array(
        fc.uniqueArray(arbNeedSlot(SLOT_OPTIONS), {
          minLength: 1,
          maxLength: maxNeeds,
          selector: (s) => s.id,
        }),
        { minLength: recipients.min, maxLength: recipients.max },
      ),
      quantities: fc.array(arbCapacity, { minLength: 64, maxLength: 64 }),
      recognition: fc.array(arbRecognition, { minLength: 64, maxLength: 64 }),
    })
    .map(({ providers, recipients, quantities, recognition }): DynamicsNetwork => {
      let q = 0;
      const next = () => quantities[q++ % quantities.length] ?? 0;
      const rs: DynamicsRecipient[] = recipients.map((needs, j) => ({
        pubKey: `R${String(j).padStart(2, "0")}`,
        need_slots: needs.map((n) => ({ ...n, quantity: next() })),
      }));
      let k = 0;
      const ps: DynamicsProvider[] = providers.map((slots, i) => {
        const rec: Record<string, { mr: number; share: number }> = {};
        for (const r of rs) {
          const x = recognition[k++ % recognition.length];
          if (x !== undefined) rec[r.pubKey] = x;
        }
        return {
          pubKey: `P${i}`,
          capacity_slots: slots.map((s) => ({ ...s, quantity: next() })),
          recognition: rec,
        };
      });
      return { providers: ps, recipients: rs };
    });
}

/** Arbitrary grants of the network's providers to its need slots (may exceed the needs). */
function arbGrantsFor(net: DynamicsNetwork): fc.Arbitrary<Grants> {
  const cells: [string, string, string][] = [];
  for (const p of net.providers)
    for (const r of net.recipients)
      for (const n of r.need_slots) cells.push([p.pubKey, r.pubKey, n.id]);
  return fc
    .array(
      fc.option(
        fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 600, noNaN: true })),
        { nil: undefined },
      ),
      {
        minLength: cells.length,
        maxLength: cells.length,
      },
    )
    .map((qs) => {
      const g: Grants = {};
      cells.forEach(([p, r, n], i) => {
        const q = qs[i];
        if (q !== undefined) ((g[p] ??= {})[r] ??= {})[n] = q;
      });
      return g;
    });
}

/**
 * Rounds over networks of 1–4 providers with 1–3 slots (windows and places, so some pairs are
 * incompatible) and 1–6 recipients with 1–3 needs, or 20–50 single-need recipients of 1–2
 * providers; previous grants none, a reachable round of `runDynamics` or arbitrary (above the
 * needs, too); damping factors 1, 0.8, 0.5, 0 or anything between.
 */
export const arbDynamicsRoundCase: fc.Arbitrary<DynamicsRoundCase> = fc
  .oneof(
    { arbitrary: arbNetworkOf(4, { min: 1, max: 6 }, 3), weight: 5 },
    { arbitrary: arbNetworkOf(2, { min: 20, max: 50 }, 1), weight: 1 },
  )
  .chain((network) =>
    fc.record({
      network: fc.constant(network),
      residual: fc.constantFrom(...RESIDUAL_VARIANTS),
      schedule: fc.constantFrom(...DYNAMICS_SCHEDULES),
      damping: fc.array(fc.option(arbDamping, { nil: undefined }), {
        minLength: network.recipients.length,
        maxLength: network.recipients.length,
      }),
      origin: fc.constantFrom("none" as const, "reachable" as const, "arbitrary" as const),
      rounds: fc.integer({ min: 1, max: 4 }),
      arbitrary: arbGrantsFor(network),
    }),
  )
  .map(({ network, residual, schedule, damping, origin, rounds, arbitrary }) => {
    const dampingFactors: Record<string, number> = {};
    network.recipients.forEach((r, j) => {
      const d = damping[j];
      if (d !== undefined) dampingFactors[r.pubKey] = d;
    });
    let previous: Grants = {};
    if (origin === "arbitrary") previous = arbitrary;
    else if (origin === "reachable") {
      const run = runDynamics(network, { residual, schedule, damping: false, maxRounds: rounds });
      previous = run.rounds[run.rounds.length - 1]?.grants ?? {};
    }
    return { network, previous, input: { residual, schedule, dampingFactors }, origin };
  });

/** Boundary classes of `arbDynamicsRoundCase` (SPEC.md §5, §6.1, §6.4). */
export const DYNAMICS_ROUND_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbDynamicsRoundCase",
    suite: "dynamics",
    arbitrary: arbDynamicsRoundCase,
    classes: [
      {
        name: "sequential schedule with ≥ 2 providers",
        spec: "§6.4",
        hit: (c) => c.input.schedule === "sequential" && c.network.providers.length >= 2,
      },
      {
        name: "previous grants reachable by the dynamics",
        spec: "§6.4",
        hit: (c) => c.origin === "reachable",
      },
      {
        name: "previous grants above a need (residual clamped at 0)",
        spec: "§6.1",
        hit: (c) =>
          c.network.recipients.some((r) =>
            r.need_slots.some(
              (n) =>
                c.network.providers.reduce(
                  (s, p) => s + grantIn(c.previous, p.pubKey, r.pubKey, n.id),
                  0,
                ) > n.quantity,
            ),
          ),
      },
      {
        name: "a recipient with damping 0",
        spec: "§5.4",
        hit: (c) => Object.values(c.input.dampingFactors).includes(0),
      },
      {
        name: "a recipient recognised one-way only (tier 2)",
        spec: "§3",
        hit: (c) =>
          c.network.providers.some((p) =>
            Object.values(p.recognition).some((x) => x.mr === 0 && x.share > 0),
          ),
      },
      {
        name: "a provider with a zero-capacity slot",
        spec: "§5",
        hit: (c) => c.network.providers.some((p) => p.capacity_slots.some((s) => s.quantity === 0)),
      },
      {
        name: "a slot of the largest allowed quantity 1e15",
        spec: "§1",
        hit: (c) =>
          c.network.providers.some((p) =>
            p.capacity_slots.some((s) => s.quantity === MAX_QUANTITY),
          ),
      },
      { name: "20–50 recipients", spec: "§6.4", hit: (c) => c.network.recipients.length >= 20 },
    ],
  }),
];

// ---------------------------------------------------------------------------------------------
// The property

/** The first (provider, recipient, need) whose grant differs from `want`'s, or undefined. */
function firstGrantDifference(
  net: DynamicsNetwork,
  got: Grants,
  want: Grants,
): { p: string; r: string; n: string; got: number; want: number } | undefined {
  const cells = new Set<string>();
  for (const g of [got, want])
    for (const p of Object.keys(g))
      for (const r of Object.keys(g[p] ?? {}))
        for (const n of Object.keys(g[p]?.[r] ?? {})) cells.add(`${p}\u0000${r}\u0000${n}`);
  for (const p of net.providers)
    for (const r of net.recipients)
      for (const n of r.need_slots) cells.add(`${p.pubKey}\u0000${r.pubKey}\u0000${n.id}`);
  for (const cell of [...cells].sort()) {
    const [p, r, n] = cell.split("\u0000") as [string, string, string];
    const a = grantIn(got, p, r, n);
    const b = grantIn(want, p, r, n);
    if (!(Number.isFinite(a) && closeTol(a, b))) return { p, r, n, got: a, want: b };
  }
  return undefined;
}

/** Throws the violation of DYN-7 for this case and result, if any. */
export function judgeDynamicsRound(
  c: DynamicsRoundCase,
  got: DynamicsRoundResult,
  name: string,
): void {
  const known = new Set(c.network.providers.map((p) => p.pubKey));
  for (const p of Object.keys(got.grants))
    if (!known.has(p))
      violation(
        "grant-from-unknown-provider",
        `${name}: grants from ${p}, which is not a provider of the network`,
      );
  const want = specDynamicsRound(c.network, c.previous, c.input);
  const diff = firstGrantDifference(c.network, got.grants, want.grants);
  if (diff !== undefined) {
    const other = (input: DynamicsRoundInput) =>
      firstGrantDifference(
        c.network,
        got.grants,
        specDynamicsRound(c.network, c.previous, input).grants,
      ) === undefined;
    const otherResidual: ResidualVariant = c.input.residual === "naive" ? "net-of-others" : "naive";
    const otherSchedule: DynamicsSchedule =
      c.input.schedule === "sequential" ? "synchronous" : "sequential";
    const where = `${diff.p} grants ${diff.r}'s need ${diff.n} ${diff.got}, SPEC §6.4 gives ${diff.want} (${c.input.residual}, ${c.input.schedule})`;
    if (other({ ...c.input, residual: otherResidual }))
      violation(
        "residual-variant-mismatch",
        `${name}: ${where}; its round is the ${otherResidual} one`,
      );
    if (other({ ...c.input, schedule: otherSchedule }))
      violation("schedule-mismatch", `${name}: ${where}; its round is the ${otherSchedule} one`);
    if (other({ ...c.input, dampingFactors: {} }))
      violation("damping-ignored", `${name}: ${where}; its round ignores the damping factors`);
    violation("grant-mismatch", `${name}: ${where}`);
  }
  if (got.denominators !== undefined) {
    for (const p of c.network.providers) {
      const g = got.denominators[p.pubKey] ?? {};
      const w = want.denominators[p.pubKey] ?? {};
      for (const s of new Set([...Object.keys(g), ...Object.keys(w)])) {
        const a = g[s] ?? { mutual: 0, nonMutual: 0 };
        const b = w[s] ?? { mutual: 0, nonMutual: 0 };
        if (!closeTol(a.mutual, b.mutual) || !closeTol(a.nonMutual, b.nonMutual))
          violation(
            "denominator-mismatch",
            `${name}: ${p.pubKey}'s slot ${s} denominators are ${JSON.stringify(a)}, SPEC §5.3 gives ${JSON.stringify(b)}`,
          );
      }
    }
  }
}

/** DYN-7 of a `dynamics` part. */
export function dynamicsRoundProperties(
  impl: DynamicsUnderTest = referenceDynamics,
  name = "reference",
): InvariantProperty[] {
  return [
    {
      id: "DYN-7",
      suite: "dynamics",
      title:
        "one round of the dynamics equals SPEC §6.4: each provider's §5 allocation of the §6.1 residuals it sees under the schedule",
      numRuns: 150,
      reduce: reduceDynamicsArguments,
      build: () =>
        fc.property(arbDynamicsRoundCase, (c) =>
          judgeDynamicsRound(c, impl.round(c.network, c.previous, c.input), name),
        ),
    },
  ];
}
