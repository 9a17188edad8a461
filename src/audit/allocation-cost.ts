/**
 * Allocation cost against the number of recipients: a measurement of the machine the audit runs
 * on, not a verdict. One provider with 100 capacity slots of 2 000 units against N recipients ×
 * 10 need slots on the sparse slot workload (slot-workload.ts; the same generator as
 * bench/allocation-workloads.ts), allocated by the reference allocator and by the seeds'
 * one-pass formula (`v2-one-pass`, SPEC.md §5.5) on the same input objects, in one process,
 * alternating. CPU time (process.cpuUsage, user + system) per run, several runs per point after
 * one warm-up run each. The timings go to the manifest and the report, never to ledger.json.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { allocateValidated } from "../core/allocation/allocate.js";
import type { AllocationResult } from "../core/allocation/result.js";
import type { AllocationVariant } from "../core/allocation/variants.js";
import type { AllocationInput } from "../core/schemas/allocation.js";
import type { AuditProfileName } from "./profiles.js";
import { makeSlot, workloadRng } from "./slot-workload.js";

export const ALLOCATION_COST_SLOTS = 100;
export const ALLOCATION_COST_NEEDS = 10;
/** The claim the figure is context for (V2 "linear in data"); measured only when it is audited. */
export const ALLOCATION_COST_CLAIMS = ["S2-23"] as const;

export const ALLOCATION_COST_VARIANTS = ["reference", "v2-one-pass"] as const;

/** Recipient counts and runs per point, per profile (quick: ≈ 2 s of CPU in all). */
export const ALLOCATION_COST_PLAN: Readonly<
  Record<AuditProfileName, { readonly sizes: readonly number[]; readonly runs: number }>
> = {
  quick: { sizes: [100, 1_000, 10_000], runs: 5 },
  standard: { sizes: [100, 1_000, 10_000, 30_000], runs: 7 },
  full: { sizes: [100, 1_000, 10_000, 30_000, 100_000], runs: 9 },
};

/** The sparse workload: N recipients × 10 need slots, 100 capacity slots of 2 000 units. */
export function allocationCostInput(seed: number, recipients: number): AllocationInput {
  const rng = workloadRng(seed);
  const capacity_slots = Array.from({ length: ALLOCATION_COST_SLOTS }, (_, i) => ({
    ...makeSlot(rng, `a${i}`, 8, 30),
    quantity: 2_000,
  }));
  const out: AllocationInput["recipients"] = [];
  for (let r = 0; r < recipients; r++) {
    const mutual = uniformFloat64(rng) < 0.6;
    out.push({
      pubKey: `r${r}`,
      need_slots: Array.from({ length: ALLOCATION_COST_NEEDS }, (_, k) =>
        makeSlot(rng, `n${k}`, 4, 15),
      ),
      mr: mutual ? 0.001 + 0.999 * uniformFloat64(rng) : 0,
      share: 0.001 + 0.999 * uniformFloat64(rng),
      damping_factor: [1, 1, 1, 0.8, 0.5][Math.floor(uniformFloat64(rng) * 5)] ?? 1,
    });
  }
  return { provider: { pubKey: "provider", capacity_slots }, recipients: out };
}

/** One (recipients, variant) point: what was allocated (deterministic) and the CPU times. */
export interface AllocationCostPoint {
  readonly recipients: number;
  readonly variant: AllocationVariant;
  /** Σ capacity of the provider's slots. */
  readonly capacity: number;
  /** Σ granted over every record. */
  readonly granted: number;
  /** Σ unused capacity over the slots. */
  readonly unused: number;
  /** Grant records (non-zero). */
  readonly grants: number;
  /** Recipients granted more than their stated need (Σ of their need slots; ALLOC-CONTRACT-2). */
  readonly overNeed: number;
  /** CPU milliseconds (user + system) of each timed run, in run order. */
  readonly cpuMs: readonly number[];
}

export interface AllocationCostMeasurement {
  readonly seed: number;
  readonly slots: number;
  readonly needsPerRecipient: number;
  readonly runs: number;
  readonly points: readonly AllocationCostPoint[];
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** What a result allocated (independent of the timing). */
export function allocationSummary(
  input: AllocationInput,
  result: AllocationResult,
): Omit<AllocationCostPoint, "recipients" | "variant" | "cpuMs"> {
  const capacity = input.provider.capacity_slots.reduce((s, x) => s + x.quantity, 0);
  const granted = result.slot_allocations.reduce((s, x) => s + x.quantity, 0);
  const unused = Object.values(result.slot_unused).reduce((s, x) => s + x, 0);
  let overNeed = 0;
  for (const r of input.recipients) {
    const need = r.need_slots.reduce((s, x) => s + x.quantity, 0);
    if ((result.recipient_totals[r.pubKey] ?? 0) > need * (1 + 1e-9) + 1e-9) overNeed++;
  }
  return {
    capacity,
    granted: r6(granted),
    unused: r6(unused),
    grants: result.slot_allocations.length,
    overNeed,
  };
}

/** Measures every point of the plan: per size, a warm-up run then `runs` alternating timed runs. */
export function measureAllocationCost(
  seed: number,
  sizes: readonly number[],
  runs: number,
  cpu: () => NodeJS.CpuUsage = () => process.cpuUsage(),
): AllocationCostMeasurement {
  const points: AllocationCostPoint[] = [];
  for (const n of sizes) {
    const input = allocationCostInput(seed, n);
    const times = new Map<AllocationVariant, number[]>();
    const summary = new Map<AllocationVariant, ReturnType<typeof allocationSummary>>();
    for (const v of ALLOCATION_COST_VARIANTS) {
      summary.set(v, allocationSummary(input, allocateValidated(input, { variant: v })));
      times.set(v, []);
    }
    for (let i = 0; i < runs; i++)
      for (const v of ALLOCATION_COST_VARIANTS) {
        const c0 = cpu();
        allocateValidated(input, { variant: v });
        const c1 = cpu();
        const ms = (c1.user - c0.user + (c1.system - c0.system)) / 1000;
        (times.get(v) as number[]).push(Math.round(ms * 1000) / 1000);
      }
    for (const v of ALLOCATION_COST_VARIANTS)
      points.push({
        recipients: n,
        variant: v,
        ...(summary.get(v) as ReturnType<typeof allocationSummary>),
        cpuMs: times.get(v) as number[],
      });
  }
  return {
    seed,
    slots: ALLOCATION_COST_SLOTS,
    needsPerRecipient: ALLOCATION_COST_NEEDS,
    runs,
    points,
  };
}
