/**
 * Allocation bench workloads (seeded): `sparse` spreads slots over 60 days and 20 cities
 * (bench/workload.ts); `dense` has no windows and no locations, so every need slot is
 * compatible with every capacity slot.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { makeSlot, workloadRng } from "./workload.js";

export const SLOTS = 100;
export const NEEDS = 10;

export type AllocationWorkload = "sparse" | "dense";

export function allocationWorkload(
  kind: AllocationWorkload,
  seed: number,
  recipients: number,
  slots = SLOTS,
  needs = NEEDS,
): AllocationInput {
  const rng = workloadRng(seed);
  const slot = (id: string, maxHours: number, maxRadiusKm: number) =>
    kind === "sparse"
      ? makeSlot(rng, id, maxHours, maxRadiusKm)
      : { id, quantity: uniformInt(rng, 1, 10) };
  const capacity_slots = Array.from({ length: slots }, (_, i) => ({
    ...slot(`a${i}`, 8, 30),
    quantity: 2_000,
  }));
  const out: AllocationInput["recipients"] = [];
  for (let r = 0; r < recipients; r++) {
    const u = uniformFloat64(rng);
    const mutual = u < 0.6;
    out.push({
      pubKey: `r${r}`,
      need_slots: Array.from({ length: needs }, (_, k) => slot(`n${k}`, 4, 15)),
      mr: mutual ? 0.001 + 0.999 * uniformFloat64(rng) : 0,
      share: 0.001 + 0.999 * uniformFloat64(rng),
      damping_factor: [1, 1, 1, 0.8, 0.5][Math.floor(uniformFloat64(rng) * 5)] ?? 1,
    });
  }
  return { provider: { pubKey: "provider", capacity_slots }, recipients: out };
}
