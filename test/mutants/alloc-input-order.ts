// Allocator that breaks ties between capacity slots with the same window by their input order
// instead of their id: the result depends on how the input happens to be listed.
import type { SlotAllocationRecord } from "../../src/core/schemas/allocation.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "alloc-input-order",
  allocator: {
    allocate: (input) => {
      const back = new Map<string, string>();
      const capacity_slots = input.provider.capacity_slots.map((s, k) => {
        const id = `${String(k).padStart(4, "0")}~${s.id}`;
        back.set(id, s.id);
        return { ...s, id };
      });
      const out = ref.allocator.allocate({
        ...input,
        provider: { ...input.provider, capacity_slots },
      });
      const slot_allocations: SlotAllocationRecord[] = out.slot_allocations.map((g) => ({
        ...g,
        availability_slot_id: back.get(g.availability_slot_id) ?? g.availability_slot_id,
      }));
      return { slot_allocations };
    },
  },
});
