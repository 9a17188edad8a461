// Allocator that caps each recipient at its need but does not give what capping frees to the
// rest of the tier (it tracks needs across slots, unlike alloc-no-cross-slot).
import { compatible } from "../../src/core/compat/compatible.js";
import { prepareAllocation } from "../../src/core/allocation/prepare.js";
import type { AllocationInput, SlotAllocationRecord } from "../../src/core/schemas/allocation.js";
import { defineImplementation } from "../../src/verify/implementation.js";

function allocate(input: AllocationInput): { slot_allocations: SlotAllocationRecord[] } {
  const p = prepareAllocation(input);
  const rem = p.units.map((u) => u.quantity);
  const out: SlotAllocationRecord[] = [];
  for (const { slot } of p.slots) {
    let left = slot.quantity;
    for (const tier of [1, 2] as const) {
      const units = p.units
        .map((u, i) => ({ u, i, r: p.recipients[u.recipient]! }))
        .filter(
          ({ u, i, r }) =>
            r.tier === tier && r.coef > 0 && rem[i]! > 0 && compatible(slot, u.needSlot),
        );
      const total = units.reduce((s, { i, r }) => s + r.coef * rem[i]!, 0);
      if (!(total > 0) || !(left > 0)) continue;
      let used = 0;
      for (const { u, i, r } of units) {
        const x = Math.min(rem[i]!, (left * r.coef * rem[i]!) / total);
        if (!(x > 0)) continue;
        rem[i]! -= x;
        used += x;
        out.push({
          availability_slot_id: slot.id,
          recipient_pubkey: r.pubKey,
          need_slot_id: u.needSlot.id,
          quantity: x,
          tier: tier === 1 ? "mutual" : "non-mutual",
        });
      }
      left -= used;
    }
  }
  return { slot_allocations: out };
}

export default defineImplementation({ name: "alloc-cap-no-redistribute", allocator: { allocate } });
