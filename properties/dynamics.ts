import fc from "fast-check";
import { checkAllocation } from "../src/core/allocation/invariants.js";
import { DYNAMICS_SCHEDULES, runDynamics, type DynamicsNetwork } from "../src/core/dynamics.js";
import { RESIDUAL_VARIANTS } from "../src/core/residual.js";
import {
  convergenceProperties,
  referenceConvergence,
  referenceResidual,
  residualProperties,
} from "./convergence.js";
import type { InvariantProperty } from "./property.js";

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
    ...convergenceProperties(referenceConvergence, "reference"),
    ...residualProperties(referenceResidual, "reference"),
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
