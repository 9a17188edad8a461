/**
 * An allocator written the way a third party would write SPEC.md §5 from the text: per slot,
 * the classic "share proportionally, cap the units that would get more than they need, share
 * what capping freed among the rest again" loop, per need slot, tier 1 then tier 2. With the
 * default knobs it is correct (test/verify checks that `verify` passes it); each mutant of the
 * zoo turns one knob into a realistic single bug.
 */
import { compatible as specCompatible } from "../../src/core/compat/compatible.js";
import { windowBounds } from "../../src/core/compat/time.js";
import type {
  AllocationInput,
  SlotAllocationRecord,
  SlotDenominator,
} from "../../src/core/schemas/allocation.js";
import type { AvailabilitySlot, Slot } from "../../src/core/schemas/slots.js";

export interface TextbookKnobs {
  /** Passes of cap-and-reshare per tier before giving up (default: until nobody is capped). */
  readonly maxPasses?: number;
  /** What tier 2 shares: what tier 1 left (spec) or the slot's whole quantity, clipped at the end. */
  readonly tier2From?: "leftover" | "total";
  /** Order in which capacity slots are processed (spec: window start, end, id). */
  readonly slotOrder?: "window" | "id";
  /** Whether a recipient needs a positive one-way share to be served at all. */
  readonly requireShare?: boolean;
  /** A need counts as met when what remains is at most this (spec: 1e-9 · max(1, need)). */
  readonly metWhenBelow?: (need: number) => number;
  /** The pairwise compatibility rule the allocator uses. */
  readonly compatible?: (a: Slot, b: Slot) => boolean;
  /** Denominators from the remaining need (spec) or the need as stated. */
  readonly denominators?: "remaining" | "stated";
  /** Whether the damping factor enters the weight. */
  readonly damping?: boolean;
}

interface Unit {
  readonly recipient: string;
  readonly tier: 1 | 2;
  readonly coef: number;
  readonly slot: Slot;
  readonly need: number;
  rem: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function slotsInOrder(slots: readonly AvailabilitySlot[], order: "window" | "id") {
  const keyed = slots.map((s) => ({ s, ...windowBounds(s.window) }));
  return keyed
    .sort((a, b) =>
      order === "id"
        ? cmp(a.s.id, b.s.id)
        : a.startMs - b.startMs || a.endMs - b.endMs || cmp(a.s.id, b.s.id),
    )
    .map((k) => k.s);
}

/** Shares `capacity` among `units` by weight, capping and resharing; returns what it gave each. */
function share(units: Unit[], capacity: number, maxPasses: number): Map<Unit, number> {
  const got = new Map<Unit, number>();
  let active = units.filter((u) => u.coef > 0 && u.rem > 0);
  let left = capacity;
  for (let pass = 1; active.length > 0 && left > 0; pass++) {
    const total = active.reduce((s, u) => s + u.coef * u.rem, 0);
    if (!(total > 0)) break;
    const capped = active.filter((u) => (left * u.coef * u.rem) / total >= u.rem);
    if (capped.length === 0 || pass >= maxPasses) {
      for (const u of active) got.set(u, Math.min(u.rem, (left * u.coef * u.rem) / total));
      break;
    }
    for (const u of capped) {
      got.set(u, u.rem);
      left -= u.rem;
    }
    active = active.filter((u) => !capped.includes(u));
  }
  return got;
}

/** The allocator with the given knobs. */
export function textbookAllocator(knobs: TextbookKnobs = {}) {
  const compat = knobs.compatible ?? specCompatible;
  const maxPasses = knobs.maxPasses ?? Infinity;
  const metWhenBelow = knobs.metWhenBelow ?? ((need: number) => 1e-9 * Math.max(1, need));
  return {
    allocate(input: AllocationInput): {
      slot_allocations: SlotAllocationRecord[];
      slot_denominators: Record<string, SlotDenominator>;
    } {
      const recipients = [...input.recipients].sort((a, b) => cmp(a.pubKey, b.pubKey));
      const mrSum = recipients.reduce((s, r) => s + (r.mr > 0 ? r.mr : 0), 0);
      const shareSum = recipients.reduce((s, r) => s + (r.mr > 0 ? 0 : r.share), 0);
      const units: Unit[] = [];
      for (const r of recipients) {
        if (knobs.requireShare === true && !(r.share > 0)) continue;
        const tier = r.mr > 0 ? 1 : r.share > 0 ? 2 : undefined;
        if (tier === undefined) continue;
        const rho = tier === 1 ? r.mr / mrSum : r.share / shareSum;
        const coef = rho * (knobs.damping === false ? 1 : r.damping_factor);
        for (const n of [...r.need_slots].sort((a, b) => cmp(a.id, b.id)))
          units.push({
            recipient: r.pubKey,
            tier,
            coef,
            slot: n,
            need: n.quantity,
            rem: n.quantity,
          });
      }
      const slot_allocations: SlotAllocationRecord[] = [];
      const slot_denominators: Record<string, SlotDenominator> = {};
      for (const slot of slotsInOrder(input.provider.capacity_slots, knobs.slotOrder ?? "window")) {
        const here = units.filter((u) => u.rem > 0 && compat(slot, u.slot));
        const weight = (u: Unit) => u.coef * (knobs.denominators === "stated" ? u.need : u.rem);
        slot_denominators[slot.id] = {
          mutual: here.filter((u) => u.tier === 1).reduce((s, u) => s + weight(u), 0),
          nonMutual: here.filter((u) => u.tier === 2).reduce((s, u) => s + weight(u), 0),
        };
        const first = share(
          here.filter((u) => u.tier === 1),
          slot.quantity,
          maxPasses,
        );
        const used = [...first.values()].reduce((s, x) => s + x, 0);
        const leftover = Math.max(0, slot.quantity - used);
        let second = share(
          here.filter((u) => u.tier === 2),
          knobs.tier2From === "total" ? slot.quantity : leftover,
          maxPasses,
        );
        if (knobs.tier2From === "total") {
          // Tier 2 was shared from the whole slot: scale it back into what tier 1 left.
          const asked = [...second.values()].reduce((s, x) => s + x, 0);
          if (asked > leftover)
            second = new Map([...second].map(([u, x]) => [u, (x * leftover) / asked]));
        }
        for (const [u, x] of [...first, ...second]) {
          if (!(x > 0)) continue;
          u.rem = u.rem - x <= metWhenBelow(u.need) ? 0 : u.rem - x;
          slot_allocations.push({
            availability_slot_id: slot.id,
            recipient_pubkey: u.recipient,
            need_slot_id: u.slot.id,
            quantity: x,
            tier: u.tier === 1 ? "mutual" : "non-mutual",
          });
        }
      }
      return { slot_allocations, slot_denominators };
    },
  };
}
