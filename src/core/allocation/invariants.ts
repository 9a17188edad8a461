import { compatible as specCompatible } from "../compat/compatible.js";
import type {
  AllocationInput,
  SlotAllocationRecord,
  SlotDenominator,
} from "../schemas/allocation.js";
import type { Slot } from "../schemas/slots.js";
import { approxEq, leqTol, tol } from "../tolerance.js";
import { prepareAllocation } from "./prepare.js";

/** The allocation invariants a single output can be checked against (SPEC.md §Invariant catalogue). */
export const ALLOCATION_INVARIANT_IDS = [
  "ALLOC-REF-1",
  "ALLOC-CAP-1",
  "ALLOC-CONTRACT-1",
  "ALLOC-CONTRACT-2",
  "ALLOC-ELIG-1",
  "ALLOC-TIER-1",
  "ALLOC-WORK-1",
  "ALLOC-PROP-1",
  "ALLOC-DENOM-1",
] as const;
export type AllocationInvariantId = (typeof ALLOCATION_INVARIANT_IDS)[number];

export interface Violation {
  readonly id: AllocationInvariantId;
  /**
   * What is wrong, stable across inputs (the failure class within the invariant), e.g.
   * `over-capacity`, `grant-to-incompatible`, `unused-while-one-way-unmet`.
   */
  readonly code: string;
  readonly message: string;
}

export interface CheckAllocationOptions {
  /**
   * The pairwise compatibility rule eligibility is judged by; default SPEC.md §4's
   * (`compatible`). `verify` passes an implementation's own rule when it judges by it.
   */
  readonly compatible?: (a: Slot, b: Slot) => boolean;
  /**
   * Check only these invariants (default: all). The ones left out are not computed at all —
   * ALLOC-TIER-1, WORK-1 and PROP-1 share a replay in canonical order, the costly part — and
   * the violations of the ones asked for are the same, in the same order, as with all of them.
   */
  readonly only?: readonly AllocationInvariantId[];
}

/**
 * What remains of a need after a grant: a remainder within tolerance of the need's quantity
 * counts as met and is 0 (SPEC.md §1), exactly as the reference allocation does.
 */
function remainder(before: number, granted: number, quantity: number): number {
  const after = before - granted;
  return after <= tol(quantity) ? 0 : after;
}

/** Relative tolerance for comparing water-filling ratios (quotients amplify rounding). */
const RATIO_TOL = 1e-7;

/**
 * Checks one provider's allocation `records` for `input` against every single-output
 * allocation invariant. Independent of the allocator: compatibility uses the pairwise rule,
 * remaining needs are replayed in canonical slot order from the records themselves.
 */
export function checkAllocation(
  input: AllocationInput,
  records: readonly SlotAllocationRecord[],
  options: CheckAllocationOptions = {},
): Violation[] {
  const compatible = options.compatible ?? specCompatible;
  const wants = (id: AllocationInvariantId) =>
    options.only === undefined || options.only.includes(id);
  const elig = wants("ALLOC-ELIG-1");
  const replay = wants("ALLOC-TIER-1") || wants("ALLOC-WORK-1") || wants("ALLOC-PROP-1");
  const only = (vs: Violation[]) =>
    options.only === undefined ? vs : vs.filter((v) => wants(v.id));
  const out: Violation[] = [];
  const p = prepareAllocation(input);
  const slotById = new Map(p.slots.map((s, i) => [s.slot.id, i] as const));
  const unitByKey = new Map<string, number>();
  p.units.forEach((u, i) => {
    unitByKey.set(
      `${(p.recipients[u.recipient] as { pubKey: string }).pubKey}\u0000${u.needSlot.id}`,
      i,
    );
  });

  // x[slot][unit] and per-record reference checks.
  const grants: Map<number, number>[] = p.slots.map(() => new Map());
  const tierOf = (r: number) => (p.recipients[r] as { tier: number }).tier;
  records.forEach((rec, k) => {
    const s = slotById.get(rec.availability_slot_id);
    const u = unitByKey.get(`${rec.recipient_pubkey}\u0000${rec.need_slot_id}`);
    if (s === undefined || u === undefined || !Number.isFinite(rec.quantity) || rec.quantity < 0) {
      out.push({
        id: "ALLOC-REF-1",
        code:
          s === undefined
            ? "unknown-capacity-slot"
            : u === undefined
              ? "unknown-recipient-or-need-slot"
              : "bad-quantity",
        message: `slot_allocations[${k}] names an unknown slot/recipient/need slot or a bad quantity (${JSON.stringify(rec)})`,
      });
      return;
    }
    const m = grants[s] as Map<number, number>;
    m.set(u, (m.get(u) ?? 0) + rec.quantity);
    const unit = p.units[u] as (typeof p.units)[number];
    const t = tierOf(unit.recipient);
    const expectedTier = t === 1 ? "mutual" : t === 2 ? "non-mutual" : undefined;
    if (elig && rec.quantity > 0) {
      if (expectedTier === undefined) {
        out.push({
          id: "ALLOC-ELIG-1",
          code: "grant-to-unrecognised",
          message: `${rec.recipient_pubkey} is not recognised by the provider (MR = 0, share = 0) but got ${rec.quantity} of ${rec.availability_slot_id}`,
        });
      } else if (rec.tier !== expectedTier) {
        out.push({
          id: "ALLOC-ELIG-1",
          code: "wrong-tier-label",
          message: `grant to ${rec.recipient_pubkey} from ${rec.availability_slot_id} is labelled ${rec.tier} but the recipient is ${expectedTier}`,
        });
      }
      const slot = (p.slots[s] as (typeof p.slots)[number]).slot;
      if (!compatible(slot, unit.needSlot)) {
        out.push({
          id: "ALLOC-ELIG-1",
          code: "grant-to-incompatible",
          message: `${rec.availability_slot_id} and ${rec.recipient_pubkey}/${rec.need_slot_id} are not compatible but ${rec.quantity} was granted`,
        });
      }
    }
  });

  // ALLOC-CAP-1: per slot, Σ granted ≤ quantity.
  const unused: number[] = [];
  p.slots.forEach(({ slot }, s) => {
    let sum = 0;
    for (const x of (grants[s] as Map<number, number>).values()) sum += x;
    unused.push(slot.quantity - sum);
    if (!leqTol(sum, slot.quantity)) {
      out.push({
        id: "ALLOC-CAP-1",
        code: "over-capacity",
        message: `slot ${slot.id}: granted ${sum} > quantity ${slot.quantity}`,
      });
    }
  });

  // ALLOC-CONTRACT-1/2: per need slot (over all slots) and per recipient.
  const unitTotal = new Float64Array(p.units.length);
  for (const m of grants) for (const [u, x] of m) unitTotal[u] = (unitTotal[u] as number) + x;
  const recTotal = new Float64Array(p.recipients.length);
  p.units.forEach((unit, u) => {
    recTotal[unit.recipient] = (recTotal[unit.recipient] as number) + (unitTotal[u] as number);
    if (!leqTol(unitTotal[u] as number, unit.quantity)) {
      const who = (p.recipients[unit.recipient] as { pubKey: string }).pubKey;
      out.push({
        id: "ALLOC-CONTRACT-1",
        code: "need-slot-over-granted",
        message: `need slot ${who}/${unit.needSlot.id}: granted ${unitTotal[u]} over all slots > quantity ${unit.quantity}`,
      });
    }
  });
  p.recipients.forEach((r, i) => {
    if (!leqTol(recTotal[i] as number, r.statedNeed)) {
      out.push({
        id: "ALLOC-CONTRACT-2",
        code: "recipient-over-granted",
        message: `recipient ${r.pubKey}: granted ${recTotal[i]} > stated need ${r.statedNeed}`,
      });
    }
  });

  const satisfied = (u: number) => {
    const unit = p.units[u] as (typeof p.units)[number];
    return (unitTotal[u] as number) >= unit.quantity - tol(unit.quantity);
  };
  const positiveWeight = (u: number) => {
    const unit = p.units[u] as (typeof p.units)[number];
    const r = p.recipients[unit.recipient] as (typeof p.recipients)[number];
    return r.tier !== 0 && r.coef > 0 && unit.quantity > 0;
  };

  // Replay in canonical order for ALLOC-TIER-1, ALLOC-WORK-1 and ALLOC-PROP-1 (nothing after
  // it reports another invariant).
  if (!replay) return only(out);
  const rem = Float64Array.from(p.units, (u) => u.quantity);
  p.slots.forEach(({ slot }, s) => {
    const g = grants[s] as Map<number, number>;
    const compat: number[] = [];
    p.units.forEach((unit, u) => {
      if (compatible(slot, unit.needSlot)) compat.push(u);
    });
    const tier2Got = [...g].some(
      ([u, x]) =>
        x > tol(slot.quantity) && tierOf((p.units[u] as { recipient: number }).recipient) === 2,
    );
    if (tier2Got) {
      for (const u of compat) {
        const unit = p.units[u] as (typeof p.units)[number];
        if (tierOf(unit.recipient) === 1 && positiveWeight(u) && !satisfied(u)) {
          out.push({
            id: "ALLOC-TIER-1",
            code: "one-way-served-while-mutual-unmet",
            message: `slot ${slot.id} gave to one-way recipients while mutual ${(p.recipients[unit.recipient] as { pubKey: string }).pubKey}/${unit.needSlot.id} (compatible) is left with unmet need ${unit.quantity - (unitTotal[u] as number)}`,
          });
        }
      }
    }
    const left = unused[s] as number;
    if (left > tol(slot.quantity)) {
      for (const u of compat) {
        if (positiveWeight(u) && !satisfied(u)) {
          const unit = p.units[u] as (typeof p.units)[number];
          out.push({
            id: "ALLOC-WORK-1",
            code:
              tierOf(unit.recipient) === 1
                ? "unused-while-mutual-unmet"
                : "unused-while-one-way-unmet",
            message: `slot ${slot.id} leaves ${left} unused while compatible recognised ${(p.recipients[unit.recipient] as { pubKey: string }).pubKey}/${unit.needSlot.id} has unmet need ${unit.quantity - (unitTotal[u] as number)}`,
          });
        }
      }
    }
    // ALLOC-PROP-1: per tier, some θ must give every unsaturated unit θ·weight and every saturated
    // one at most θ·weight, each within its tolerance ε = RATIO_TOL·x + tol(q). Each unsaturated
    // unit bounds θ to [(x − ε)/w, (x + ε)/w]; the bounds must intersect. Interval reasoning keeps
    // units of tiny weight, whose θ is barely determined, from producing false alarms.
    for (const t of [1, 2]) {
      let lo = 0;
      let hi = Infinity;
      let loUnit = -1;
      let hiUnit = -1;
      const capped: [number, number, number][] = [];
      for (const u of compat) {
        const unit = p.units[u] as (typeof p.units)[number];
        const r = p.recipients[unit.recipient] as (typeof p.recipients)[number];
        const base = rem[u] as number;
        if (r.tier !== t || !(base > 0)) continue;
        const x = g.get(u) ?? 0;
        if (!(r.coef > 0)) {
          // Zero weight (damping 0): θ·0 = 0, whatever θ is.
          if (x > tol(slot.quantity)) {
            out.push({
              id: "ALLOC-PROP-1",
              code: "zero-weight-granted",
              message: `slot ${slot.id}, tier ${t}: ${describe(p, u)} has weight 0 (damping ${r.damping}) but got ${x}`,
            });
          }
          continue;
        }
        const w = r.coef * base;
        if (x >= base - tol(base)) {
          capped.push([u, x, w]);
          continue;
        }
        const eps = RATIO_TOL * x + tol(slot.quantity);
        if ((x - eps) / w > lo) [lo, loUnit] = [(x - eps) / w, u];
        if ((x + eps) / w < hi) [hi, hiUnit] = [(x + eps) / w, u];
      }
      if (lo > hi) {
        out.push({
          id: "ALLOC-PROP-1",
          code: "unsaturated-not-proportional",
          message: `slot ${slot.id}, tier ${t}: unsaturated units are not shared in proportion to weight: ${describe(p, loUnit)} got at least ${lo} per unit of weight, ${describe(p, hiUnit)} at most ${hi}`,
        });
      } else if (hi < Infinity) {
        for (const [u, x, w] of capped) {
          if (x > hi * w + RATIO_TOL * x + tol(slot.quantity)) {
            out.push({
              id: "ALLOC-PROP-1",
              code: "saturated-above-rate",
              message: `slot ${slot.id}, tier ${t}: saturated ${describe(p, u)} got ${x}, more than the unsaturated rate allows (at most ${hi} × weight ${w})`,
            });
          }
        }
      }
    }
    for (const [u, x] of g)
      rem[u] = remainder(rem[u] as number, x, (p.units[u] as (typeof p.units)[number]).quantity);
  });
  return only(out);
}

function describe(p: ReturnType<typeof prepareAllocation>, u: number): string {
  const unit = p.units[u];
  if (unit === undefined) return "?";
  return `${(p.recipients[unit.recipient] as { pubKey: string }).pubKey}/${unit.needSlot.id}`;
}

/**
 * ALLOC-DENOM-1: each slot's reported denominators equal Σ coef × remaining need over its
 * compatible units per tier, with remaining needs replayed from `records` in canonical order.
 */
export function checkDenominators(
  input: AllocationInput,
  records: readonly SlotAllocationRecord[],
  denominators: Readonly<Record<string, SlotDenominator>> | undefined,
  options: CheckAllocationOptions = {},
): Violation[] {
  const compatible = options.compatible ?? specCompatible;
  if (denominators === undefined) {
    return [
      {
        id: "ALLOC-DENOM-1",
        code: "no-denominators",
        message: "the implementation reports no slot_denominators",
      },
    ];
  }
  const p = prepareAllocation(input);
  const unitByKey = new Map<string, number>();
  p.units.forEach((u, i) => {
    unitByKey.set(
      `${(p.recipients[u.recipient] as { pubKey: string }).pubKey}\u0000${u.needSlot.id}`,
      i,
    );
  });
  const rem = Float64Array.from(p.units, (u) => u.quantity);
  const out: Violation[] = [];
  for (const { slot } of p.slots) {
    const expected = { mutual: 0, nonMutual: 0 };
    p.units.forEach((unit, u) => {
      const r = p.recipients[unit.recipient] as (typeof p.recipients)[number];
      if (r.tier === 0 || !((rem[u] as number) > 0) || !compatible(slot, unit.needSlot)) return;
      if (r.tier === 1) expected.mutual += r.coef * (rem[u] as number);
      else expected.nonMutual += r.coef * (rem[u] as number);
    });
    const got = denominators[slot.id];
    const mutualOk = got !== undefined && approxEq(got.mutual, expected.mutual);
    const oneWayOk = got !== undefined && approxEq(got.nonMutual, expected.nonMutual);
    if (!mutualOk || !oneWayOk) {
      out.push({
        id: "ALLOC-DENOM-1",
        code:
          got === undefined
            ? "slot-denominator-missing"
            : !mutualOk
              ? "mutual-denominator-wrong"
              : "one-way-denominator-wrong",
        message: `slot ${slot.id}: denominators ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
      });
    }
    for (const rec of records) {
      if (rec.availability_slot_id !== slot.id) continue;
      const u = unitByKey.get(`${rec.recipient_pubkey}\u0000${rec.need_slot_id}`);
      if (u !== undefined)
        rem[u] = remainder(
          rem[u] as number,
          rec.quantity,
          (p.units[u] as (typeof p.units)[number]).quantity,
        );
    }
  }
  return out;
}
