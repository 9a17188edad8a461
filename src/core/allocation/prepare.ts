import type { AllocationInput } from "../schemas/allocation.js";
import type { AvailabilitySlot, NeedSlot } from "../schemas/slots.js";
import { windowBounds } from "../compat/time.js";
import { cmpStr } from "../order.js";

/** Tier of a recipient for one provider: 1 mutual (MR > 0), 2 one-way (MR = 0, share > 0), 0 none. */
export type TierNumber = 0 | 1 | 2;

export interface PreparedRecipient {
  readonly pubKey: string;
  readonly tier: TierNumber;
  /** Renormalised recognition within the tier: MR/ΣMR (tier 1) or share/Σshare (tier 2). */
  readonly renorm: number;
  readonly damping: number;
  /** renorm × damping: a unit's weight is coef × its remaining need (SPEC.md §Weights). */
  readonly coef: number;
  /** Rank in the tier's saturation order (coef descending, pubKey ascending); −1 when tier 0. */
  readonly rank: number;
  /** Indices of this recipient's units, in need-slot id order. */
  readonly units: readonly number[];
  readonly statedNeed: number;
}

/** A unit is one need slot of one recipient: the thing a provider allocates to. */
export interface PreparedUnit {
  readonly recipient: number;
  readonly needSlot: NeedSlot;
  readonly quantity: number;
}

export interface PreparedCapacitySlot {
  readonly slot: AvailabilitySlot;
  readonly startMs: number;
  readonly endMs: number;
}

export interface PreparedAllocation {
  readonly providerPubKey: string;
  /** Capacity slots in canonical order: start, then end, then id (SPEC.md §Canonical orders). */
  readonly slots: readonly PreparedCapacitySlot[];
  /** Recipients sorted by pubKey. */
  readonly recipients: readonly PreparedRecipient[];
  /** Units sorted by (recipient pubKey, need slot id). */
  readonly units: readonly PreparedUnit[];
  /** For each tier (index 1 and 2), recipient indices in rank order. */
  readonly tierOrder: readonly [readonly number[], readonly number[], readonly number[]];
}

/** Puts a (validated) allocation input into canonical form; the result does not depend on input order. */
export function prepareAllocation(input: AllocationInput): PreparedAllocation {
  const slots = input.provider.capacity_slots
    .map((slot) => ({ slot, ...windowBounds(slot.window) }))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || cmpStr(a.slot.id, b.slot.id));

  const sorted = [...input.recipients].sort((a, b) => cmpStr(a.pubKey, b.pubKey));
  let mrSum = 0;
  let shareSum = 0;
  // Sums in canonical order so floating-point results are order independent.
  for (const r of sorted) {
    if (r.mr > 0) mrSum += r.mr;
    else if (r.share > 0) shareSum += r.share;
  }
  const units: PreparedUnit[] = [];
  const recipients: PreparedRecipient[] = sorted.map((r, ri) => {
    const tier: TierNumber = r.mr > 0 ? 1 : r.share > 0 ? 2 : 0;
    const renorm = tier === 1 ? r.mr / mrSum : tier === 2 ? r.share / shareSum : 0;
    const damping = r.damping_factor;
    const own: number[] = [];
    let statedNeed = 0;
    for (const n of [...r.need_slots].sort((a, b) => cmpStr(a.id, b.id))) {
      own.push(units.length);
      units.push({ recipient: ri, needSlot: n, quantity: n.quantity });
      statedNeed += n.quantity;
    }
    return {
      pubKey: r.pubKey,
      tier,
      renorm,
      damping,
      coef: renorm * damping,
      rank: -1,
      units: own,
      statedNeed,
    };
  });

  const tierOrder: [number[], number[], number[]] = [[], [], []];
  for (const t of [1, 2] as const) {
    const members = recipients
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.tier === t)
      .sort((a, b) => b.r.coef - a.r.coef || cmpStr(a.r.pubKey, b.r.pubKey));
    members.forEach(({ i }, rank) => {
      recipients[i] = { ...(recipients[i] as PreparedRecipient), rank };
    });
    tierOrder[t] = members.map(({ i }) => i);
  }
  return { providerPubKey: input.provider.pubKey, slots, recipients, units, tierOrder };
}
