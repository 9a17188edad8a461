import fc from "fast-check";
import {
  ALLOCATION_INVARIANT_IDS,
  checkAllocation,
  checkDenominators,
  type AllocationInvariantId,
} from "../src/core/allocation/invariants.js";
import type { SlotAllocationRecord } from "../src/core/schemas/allocation.js";
import { approxEq } from "../src/core/tolerance.js";
import { arbAllocationInput, arbPermutationSeed } from "./arbitraries/allocation.js";
import { permuteDeep } from "./arbitraries/permute.js";
import type { InvariantProperty } from "./property.js";
import type { AllocatorUnderTest } from "./under-test.js";

const TITLES: Record<AllocationInvariantId, string> = {
  "ALLOC-REF-1":
    "every grant names an existing slot, recipient and need slot with a valid quantity",
  "ALLOC-CAP-1": "capacity conservation: per slot, Σ granted ≤ slot quantity",
  "ALLOC-CONTRACT-1":
    "contractiveness: per need slot, Σ over all the provider's slots ≤ its quantity",
  "ALLOC-CONTRACT-2": "contractiveness: per recipient, Σ granted ≤ stated need",
  "ALLOC-ELIG-1":
    "grants go only to compatible need slots of recognised recipients, with the right tier",
  "ALLOC-TIER-1": "strict tier priority: no one-way grant while a compatible mutual need is unmet",
  "ALLOC-WORK-1":
    "work conservation: no unused capacity while a compatible recognised need is unmet",
  "ALLOC-PROP-1": "proportionality: water-filling in each slot and tier",
  "ALLOC-DENOM-1": "slot denominators are Σ weight of compatible units per tier",
};

function singleCheck(
  impl: AllocatorUnderTest,
  name: string,
  id: AllocationInvariantId,
): InvariantProperty {
  return {
    id,
    suite: "allocation",
    title: TITLES[id],
    numRuns: 300,
    build: () =>
      fc.property(arbAllocationInput(), (input) => {
        const out = impl.allocate(input);
        const violations =
          id === "ALLOC-DENOM-1"
            ? checkDenominators(input, out.slot_allocations, out.slot_denominators)
            : checkAllocation(input, out.slot_allocations).filter((v) => v.id === id);
        if (violations.length > 0)
          throw new Error(`${id} violated by ${name}: ${violations[0]?.message}`);
      }),
  };
}

function canonicalRecords(records: readonly SlotAllocationRecord[]): SlotAllocationRecord[] {
  const key = (r: SlotAllocationRecord) =>
    `${r.availability_slot_id}\u0000${r.recipient_pubkey}\u0000${r.need_slot_id}`;
  return [...records]
    .filter((r) => r.quantity > 0)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** ALLOC-DET-1: the same input in any array and key order gives the same grants. */
function determinism(impl: AllocatorUnderTest): InvariantProperty {
  return {
    id: "ALLOC-DET-1",
    suite: "allocation",
    title: "determinism and order independence: permuted input, same grants",
    numRuns: 200,
    build: () =>
      fc.property(arbAllocationInput(), arbPermutationSeed, (input, seed) => {
        const a = canonicalRecords(impl.allocate(input).slot_allocations);
        const b = canonicalRecords(impl.allocate(permuteDeep(input, seed)).slot_allocations);
        const again = canonicalRecords(impl.allocate(input).slot_allocations);
        for (const [x, y, what] of [
          [a, b, "a permuted copy"],
          [a, again, "a second call"],
        ] as const) {
          if (x.length !== y.length)
            throw new Error(`${x.length} grants, but ${y.length} for ${what}`);
          x.forEach((r, i) => {
            const s = y[i] as SlotAllocationRecord;
            if (
              r.availability_slot_id !== s.availability_slot_id ||
              r.recipient_pubkey !== s.recipient_pubkey ||
              r.need_slot_id !== s.need_slot_id ||
              r.tier !== s.tier ||
              !approxEq(r.quantity, s.quantity)
            ) {
              throw new Error(
                `grant ${JSON.stringify(r)} differs for ${what}: ${JSON.stringify(s)}`,
              );
            }
          });
        }
      }),
  };
}

/** Every allocation invariant of SPEC.md §5.6 as a property of `impl`. */
export function allocationProperties(
  impl: AllocatorUnderTest,
  name = "implementation",
): InvariantProperty[] {
  // Every checker ID is a property; determinism (a property of two runs) comes before denominators.
  const single = ALLOCATION_INVARIANT_IDS.filter((id) => id !== "ALLOC-DENOM-1").map((id) =>
    singleCheck(impl, name, id),
  );
  return [...single, determinism(impl), singleCheck(impl, name, "ALLOC-DENOM-1")];
}
