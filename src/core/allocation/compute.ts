import { tol } from "../tolerance.js";
import type { AllocationColumns } from "./columns.js";
import type { AllocationState } from "./state.js";
import type { AllocationVariant } from "./variants.js";

/**
 * Allocates every capacity slot of a state, in canonical slot order, into columns.
 *
 * Within a slot, a recipient's demand is the sum over its compatible need slots ("units") of
 * the unit's base: the remaining need (reference: need minus what earlier slots of this
 * provider granted) or the static need (v2-one-pass). A unit's weight is coef × base, with
 * coef = renormalised recognition × damping, so a recipient's weight is coef × demand.
 * Every sum runs in canonical order (SPEC.md §5.2), so the floating-point values depend on the
 * input's content only.
 */
export function computeColumns(st: AllocationState, variant: AllocationVariant): AllocationColumns {
  const { unitRecipient, unitQuantity, tier, coef, rank, order1, order2, candidates } = st;
  const S = st.slots.ids.length;
  const R = st.pubKeys.length;
  const tracking = variant === "reference";
  const fill = tracking ? waterFill : onePassFill;
  const rem = unitQuantity.slice();
  const demand = new Float64Array(R);
  const amount = new Float64Array(R);
  const saturated = new Uint8Array(R);
  const totals = new Float64Array(R);
  const scratch = new Float64Array(R + 1);
  const ranks1 = new Int32Array(order1.length);
  const ranks2 = new Int32Array(order2.length);
  const denomMutual = new Float64Array(S);
  const denomNonMutual = new Float64Array(S);
  const unused = new Float64Array(S);
  // Σ candidates bounds the grants: at most one per (slot, compatible unit).
  const gSlot = new Int32Array(st.candidateCount);
  const gUnit = new Int32Array(st.candidateCount);
  const gQty = new Float64Array(st.candidateCount);
  let g = 0;

  for (let s = 0; s < S; s++) {
    // Candidates are ascending unit positions, i.e. (recipient pubKey, need slot id) order.
    const cand = candidates[s] as Int32Array;
    let n1 = 0;
    let n2 = 0;
    for (let k = 0; k < cand.length; k++) {
      const u = cand[k] as number;
      const base = rem[u] as number;
      if (!(base > 0)) continue;
      const r = unitRecipient[u] as number;
      if (demand[r] === 0) {
        if (tier[r] === 1) ranks1[n1++] = rank[r] as number;
        else ranks2[n2++] = rank[r] as number;
      }
      demand[r] = (demand[r] as number) + base;
    }
    const list1 = inRankOrder(ranks1, n1, order1, demand);
    const list2 = inRankOrder(ranks2, n2, order2, demand);
    denomMutual[s] = weightSum(list1, coef, demand);
    denomNonMutual[s] = weightSum(list2, coef, demand);

    const q = (st.slots.prepared[s] as { slot: { quantity: number } }).slot.quantity;
    const used1 = fill(list1, q, coef, demand, amount, saturated, scratch);
    const left = Math.max(0, q - used1);
    const used2 = fill(list2, left, coef, demand, amount, saturated, scratch);
    unused[s] = Math.max(0, left - used2);

    for (let k = 0; k < cand.length; k++) {
      const u = cand[k] as number;
      const r = unitRecipient[u] as number;
      const a = amount[r] as number;
      const base = rem[u] as number;
      if (!(a > 0) || !(base > 0)) continue;
      const x = saturated[r] === 1 ? base : (a * base) / (demand[r] as number);
      if (!(x > 0)) continue;
      if (tracking) {
        // A remainder within tolerance of the need counts as met (SPEC.md §1): snap it to 0.
        const after = base - x;
        rem[u] = saturated[r] === 1 || after <= tol(unitQuantity[u] as number) ? 0 : after;
      }
      totals[r] = (totals[r] as number) + x;
      gSlot[g] = s;
      gUnit[g] = u;
      gQty[g] = x;
      g++;
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

  return {
    variant,
    provider: st.slots.provider,
    slot_order: st.slots.ids,
    recipients: st.pubKeys,
    recipient_tier: tier.slice(),
    recipient_totals: totals,
    units: { recipient: unitRecipient.slice(), need_slot_id: st.unitNeedId },
    grants: {
      length: g,
      slot: gSlot.subarray(0, g),
      unit: gUnit.subarray(0, g),
      quantity: gQty.subarray(0, g),
    },
    slot_denominators: { mutual: denomMutual, nonMutual: denomNonMutual },
    slot_unused: unused,
  };
}

/**
 * The recipients of one tier with positive demand, in rank order: the n ranks collected in
 * `ranks`, sorted, or — when they are a large part of the tier — the tier order filtered.
 */
function inRankOrder(
  ranks: Int32Array,
  n: number,
  order: Int32Array,
  demand: Float64Array,
): Int32Array {
  const list = new Int32Array(n);
  if (n === 0) return list;
  if (n * 8 < order.length) {
    const sorted = ranks.subarray(0, n).sort();
    for (let k = 0; k < n; k++) list[k] = order[sorted[k] as number] as number;
  } else {
    let w = 0;
    for (let k = 0; k < order.length; k++) {
      const r = order[k] as number;
      if ((demand[r] as number) > 0) list[w++] = r;
    }
  }
  return list;
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
  scratch: Float64Array,
) => number;

/**
 * Water-filling (SPEC.md ALLOC-PROP-1): find θ with Σ min(demand_r, θ·coef_r·demand_r) = min(C, Σ demand_r).
 * `list` is in rank order (coef descending), so recipients saturate in list order: once one
 * is not saturated, none after it is.
 */
const waterFill: Fill = (list, capacity, coef, demand, amount, saturated, suffix) => {
  const n = list.length;
  if (n === 0 || !(capacity > 0)) return 0;
  suffix[n] = 0;
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
