// The allocation loop as it was before the columnar engine (src/core/allocation/compute.ts at
// commit cb548bd), kept verbatim (but for its result maps, null-prototype like the core's since issue 13) as the bit-for-bit reference of test/core/allocation/engine.test.ts
// and as the "before" column of bench/allocation.bench.ts.
import type { AllocationInput } from "../../../src/core/schemas/allocation.js";
import type {
  SlotAllocationRecord,
  SlotDenominator,
} from "../../../src/core/schemas/allocation.js";
import { createSlotIndex } from "../../../src/core/compat/index.js";
import { tol } from "../../../src/core/tolerance.js";
import { dict } from "../../../src/core/dict.js";
import {
  prepareAllocation,
  type PreparedAllocation,
  type PreparedUnit,
} from "../../../src/core/allocation/prepare.js";
import type { AllocationResult } from "../../../src/core/allocation/result.js";
import type { AllocationVariant } from "../../../src/core/allocation/variants.js";

/**
 * Allocates every capacity slot of a prepared input, in canonical slot order.
 *
 * Within a slot, a recipient's demand is the sum over its compatible need slots ("units") of
 * the unit's base: the remaining need (reference: need minus what earlier slots of this
 * provider granted) or the static need (v2-one-pass). A unit's weight is coef × base, with
 * coef = renormalised recognition × damping, so a recipient's weight is coef × demand.
 */
/** `allocateValidated` before the columnar engine. */
export function previousAllocate(
  input: AllocationInput,
  variant: AllocationVariant = "reference",
): AllocationResult {
  return computeAllocation(prepareAllocation(input), variant);
}

export function computeAllocation(
  p: PreparedAllocation,
  variant: AllocationVariant,
): AllocationResult {
  const { units, recipients, tierOrder } = p;
  const U = units.length;
  const R = recipients.length;
  const tracking = variant === "reference";
  const rem = new Float64Array(U);
  for (let u = 0; u < U; u++) rem[u] = (units[u] as { quantity: number }).quantity;
  const demand = new Float64Array(R);
  const amount = new Float64Array(R);
  const saturated = new Uint8Array(R);
  const coef = new Float64Array(R);
  const tier = new Uint8Array(R);
  const rank = new Int32Array(R);
  for (let r = 0; r < R; r++) {
    const rec = recipients[r];
    if (rec === undefined) continue;
    coef[r] = rec.coef;
    tier[r] = rec.tier;
    rank[r] = rec.rank;
  }
  // Only units that can receive anything are indexed: recognised recipients, positive need.
  const eligible: { key: number; slot: PreparedUnit["needSlot"] }[] = [];
  for (let u = 0; u < U; u++) {
    const unit = units[u] as PreparedUnit;
    if (unit.quantity > 0 && tier[unit.recipient] !== 0)
      eligible.push({ key: u, slot: unit.needSlot });
  }
  const index = createSlotIndex(eligible);

  const slot_denominators: Record<string, SlotDenominator> = dict();
  const slot_unused: Record<string, number> = dict();
  const slot_allocations: SlotAllocationRecord[] = [];
  const totals = new Float64Array(R);

  const fill = variant === "reference" ? waterFill : onePassFill;

  for (const { slot } of p.slots) {
    // Keys come back in input order, i.e. ascending unit index (recipient pubKey, need slot id).
    const cand = index.query(slot);
    const ranks1: number[] = [];
    const ranks2: number[] = [];
    for (let k = 0; k < cand.length; k++) {
      const u = cand[k] as number;
      const base = rem[u] as number;
      if (!(base > 0)) continue;
      const r = (units[u] as { recipient: number }).recipient;
      const t = tier[r] as number;
      if (t === 0) continue;
      if (demand[r] === 0) (t === 1 ? ranks1 : ranks2).push(rank[r] as number);
      demand[r] = (demand[r] as number) + base;
    }
    const list1 = Int32Array.from(ranks1)
      .sort()
      .map((k) => tierOrder[1][k] as number);
    const list2 = Int32Array.from(ranks2)
      .sort()
      .map((k) => tierOrder[2][k] as number);
    slot_denominators[slot.id] = {
      mutual: weightSum(list1, coef, demand),
      nonMutual: weightSum(list2, coef, demand),
    };

    const q = slot.quantity;
    const used1 = fill(list1, q, coef, demand, amount, saturated);
    const left = Math.max(0, q - used1);
    const used2 = fill(list2, left, coef, demand, amount, saturated);
    slot_unused[slot.id] = Math.max(0, left - used2);

    for (let k = 0; k < cand.length; k++) {
      const u = cand[k] as number;
      const unit = units[u];
      if (unit === undefined) continue;
      const r = unit.recipient;
      const a = amount[r] as number;
      const base = rem[u] as number;
      if (!(a > 0) || !(base > 0) || tier[r] === 0) continue;
      const x = saturated[r] === 1 ? base : (a * base) / (demand[r] as number);
      if (!(x > 0)) continue;
      if (tracking) {
        // A remainder within tolerance of the need counts as met (SPEC.md §1): snap it to 0.
        const after = base - x;
        rem[u] = saturated[r] === 1 || after <= tol(unit.quantity) ? 0 : after;
      }
      totals[r] = (totals[r] as number) + x;
      slot_allocations.push({
        availability_slot_id: slot.id,
        recipient_pubkey: (recipients[r] as { pubKey: string }).pubKey,
        need_slot_id: unit.needSlot.id,
        quantity: x,
        tier: tier[r] === 1 ? "mutual" : "non-mutual",
      });
    }
    for (const list of [list1, list2]) {
      for (let k = 0; k < list.length; k++) {
        const r = list[k] as number;
        demand[r] = 0;
        amount[r] = 0;
        saturated[r] = 0;
      }
    }
  }

  const recipient_totals: Record<string, number> = dict();
  for (let r = 0; r < R; r++)
    recipient_totals[(recipients[r] as { pubKey: string }).pubKey] = totals[r] as number;
  return {
    variant,
    provider: p.providerPubKey,
    slot_order: p.slots.map((s) => s.slot.id),
    slot_denominators,
    slot_allocations,
    recipient_totals,
    slot_unused,
  };
}

function weightSum(list: Int32Array, coef: Float64Array, demand: Float64Array): number {
  let s = 0;
  for (let k = 0; k < list.length; k++) {
    const r = list[k] as number;
    s += (coef[r] as number) * (demand[r] as number);
  }
  return s;
}

type Fill = (
  list: Int32Array,
  capacity: number,
  coef: Float64Array,
  demand: Float64Array,
  amount: Float64Array,
  saturated: Uint8Array,
) => number;

/**
 * Water-filling (SPEC.md ALLOC-PROP-1): find θ with Σ min(demand_r, θ·coef_r·demand_r) = min(C, Σ demand_r).
 * `list` is in rank order (coef descending), so recipients saturate in list order: once one
 * is not saturated, none after it is.
 */
const waterFill: Fill = (list, capacity, coef, demand, amount, saturated) => {
  const n = list.length;
  if (n === 0 || !(capacity > 0)) return 0;
  const suffix = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) {
    const r = list[k] as number;
    suffix[k] = (suffix[k + 1] as number) + (coef[r] as number) * (demand[r] as number);
  }
  let used = 0;
  for (let k = 0; k < n; k++) {
    const W = suffix[k] as number;
    const left = capacity - used;
    if (!(W > 0) || !(left > 0)) break;
    const theta = left / W;
    const r = list[k] as number;
    // Mathematically θ·coef ≥ 1 implies demand ≤ left; requiring both keeps rounding from over-granting.
    if (theta * (coef[r] as number) >= 1 && (demand[r] as number) <= left) {
      amount[r] = demand[r] as number;
      saturated[r] = 1;
      used += demand[r] as number;
      continue;
    }
    for (let j = k; j < n; j++) {
      const s = list[j] as number;
      amount[s] = Math.min(
        demand[s] as number,
        theta * (coef[s] as number) * (demand[s] as number),
      );
    }
    used = capacity;
    break;
  }
  return Math.min(used, capacity);
};

/** The seeds' one pass: proportional share of C, capped at demand; what capping frees is not redistributed. */
const onePassFill: Fill = (list, capacity, coef, demand, amount, saturated) => {
  if (list.length === 0 || !(capacity > 0)) return 0;
  const W = weightSum(list, coef, demand);
  if (!(W > 0)) return 0;
  let used = 0;
  for (let k = 0; k < list.length; k++) {
    const r = list[k] as number;
    const d = demand[r] as number;
    const share = (capacity * (coef[r] as number) * d) / W;
    if (share >= d) {
      amount[r] = d;
      saturated[r] = 1;
    } else amount[r] = share;
    used += amount[r] as number;
  }
  return Math.min(used, capacity);
};
