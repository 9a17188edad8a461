import fc from "fast-check";
import { checkAllocation } from "../src/core/allocation/invariants.js";
import {
  denominatorDelta,
  isConverged,
  networkConverged,
  CONVERGENCE_EPSILON,
} from "../src/core/convergence.js";
import { DYNAMICS_SCHEDULES, runDynamics, type DynamicsNetwork } from "../src/core/dynamics.js";
import { RESIDUAL_VARIANTS, residualNeed } from "../src/core/residual.js";
import type { SlotDenominator } from "../src/core/schemas/allocation.js";
import type { InvariantProperty } from "./property.js";

const arbDenominators: fc.Arbitrary<Record<string, SlotDenominator>> = fc.dictionary(
  fc.constantFrom("a", "b", "c"),
  fc.record({
    mutual: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
    nonMutual: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  }),
);

/** Small networks: 1–3 providers with one unbounded slot each, 1–4 recipients with one need each. */
export const arbNetwork: fc.Arbitrary<DynamicsNetwork> = fc
  .record({
    capacities: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 3 }),
    needs: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 4 }),
    recognition: fc.array(
      fc.array(
        fc.record({
          mr: fc.constantFrom(0, 0.1, 0.3, 0.5, 0.7, 1),
          share: fc.constantFrom(0, 0.2, 1),
        }),
        { minLength: 4, maxLength: 4 },
      ),
      { minLength: 3, maxLength: 3 },
    ),
  })
  .map(({ capacities, needs, recognition }) => ({
    providers: capacities.map((q, i) => ({
      pubKey: `P${i}`,
      capacity_slots: [{ id: "s", quantity: q }],
      recognition: Object.fromEntries(
        needs.map((_, j) => [`R${j}`, recognition[i]?.[j] ?? { mr: 0, share: 0 }]),
      ),
    })),
    recipients: needs.map((q, j) => ({ pubKey: `R${j}`, need_slots: [{ id: "n", quantity: q }] })),
  }));

/** Capacity conservation and contractiveness of one provider's grants in one round, or why not. */
function providerSafety(
  net: DynamicsNetwork,
  provider: string,
  grants: Readonly<Record<string, Readonly<Record<string, number>>>>,
): string | undefined {
  const p = net.providers.find((x) => x.pubKey === provider);
  if (p === undefined) return "unknown provider";
  const input = {
    provider: { pubKey: p.pubKey, capacity_slots: [...p.capacity_slots] },
    recipients: net.recipients.map((r) => ({
      pubKey: r.pubKey,
      need_slots: [...r.need_slots],
      mr: 1,
      share: 1,
      damping_factor: 1,
    })),
  };
  const records = Object.entries(grants).flatMap(([rk, byNeed]) =>
    Object.entries(byNeed).map(([n, q]) => ({
      availability_slot_id: p.capacity_slots[0]?.id ?? "s",
      recipient_pubkey: rk,
      need_slot_id: n,
      quantity: q,
      tier: "mutual" as const,
    })),
  );
  const bad = checkAllocation(input, records).filter(
    (v) => v.id === "ALLOC-CAP-1" || v.id === "ALLOC-CONTRACT-1",
  );
  return bad[0]?.message;
}

export function dynamicsProperties(): InvariantProperty[] {
  return [
    {
      id: "CONV-1",
      suite: "dynamics",
      title: "converged iff every denominator moved by less than ε; never without a previous state",
      numRuns: 500,
      build: () =>
        fc.property(arbDenominators, arbDenominators, (a, b) => {
          if (isConverged(undefined, b)) throw new Error("converged without a previous state");
          if (!isConverged(a, a)) throw new Error("a state is not converged with itself");
          const d = denominatorDelta(a, b);
          if (d !== denominatorDelta(b, a)) throw new Error("delta is not symmetric");
          if (isConverged(a, b) !== d < CONVERGENCE_EPSILON)
            throw new Error(`delta ${d} disagrees with isConverged`);
        }),
    },
    {
      id: "CONV-2",
      suite: "dynamics",
      title: "the network is converged iff at least 80 % of participants are (exact)",
      numRuns: 500,
      build: () =>
        fc.property(fc.array(fc.boolean(), { maxLength: 40 }), (flags) => {
          const c = flags.filter(Boolean).length;
          const expected = flags.length === 0 || c / flags.length >= 0.8 - 1e-12;
          if (networkConverged(flags) !== expected) throw new Error(`${c}/${flags.length}`);
        }),
    },
    {
      id: "RES-1",
      suite: "dynamics",
      title:
        "residuals lie in [0, need]; net-of-others ≥ naive, differing by the asking provider's own grant",
      numRuns: 500,
      build: () =>
        fc.property(
          fc.double({ min: 0, max: 1000, noNaN: true }),
          fc.dictionary(
            fc.constantFrom("P0", "P1", "P2"),
            fc.double({ min: 0, max: 1000, noNaN: true }),
          ),
          fc.constantFrom("P0", "P1", "P2"),
          (need, received, p) => {
            const naive = residualNeed(need, received, p, "naive");
            const net = residualNeed(need, received, p, "net-of-others");
            for (const v of [naive, net])
              if (!(v >= 0 && v <= need)) throw new Error(`residual ${v} outside [0, ${need}]`);
            if (net < naive) throw new Error(`net-of-others ${net} < naive ${naive}`);
            if (
              naive > 0 &&
              Math.abs(net - naive - (received[p] ?? 0)) > 1e-9 * Math.max(1, need)
            ) {
              throw new Error("the two residuals differ by more than the provider's own grant");
            }
          },
        ),
    },
    {
      id: "DYN-1",
      suite: "dynamics",
      title:
        "every round of every residual/schedule/damping variant conserves capacity and is contractive per provider",
      numRuns: 40,
      build: () =>
        fc.property(
          arbNetwork,
          fc.constantFrom(...RESIDUAL_VARIANTS),
          fc.constantFrom(...DYNAMICS_SCHEDULES),
          fc.boolean(),
          (net, residual, schedule, damping) => {
            const run = runDynamics(net, { residual, schedule, damping, maxRounds: 60 });
            for (const round of run.rounds) {
              for (const p of net.providers) {
                const bad = providerSafety(net, p.pubKey, round.grants[p.pubKey] ?? {});
                if (bad !== undefined) throw new Error(`round ${round.round}, ${p.pubKey}: ${bad}`);
              }
            }
          },
        ),
    },
    {
      id: "DYN-2",
      suite: "dynamics",
      title:
        "sequential net-of-others dynamics without damping settle on random networks (within 5 000 rounds)",
      numRuns: 60,
      build: () =>
        fc.property(arbNetwork, (net) => {
          const run = runDynamics(net, {
            residual: "net-of-others",
            schedule: "sequential",
            damping: false,
            maxRounds: 5000,
          });
          if (run.settledAt === null) throw new Error("did not settle within 5000 rounds");
        }),
    },
  ];
}
