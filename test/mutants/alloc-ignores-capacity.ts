// Allocator that reads every slot as holding twice its capacity.
import { defineImplementation } from "../../src/verify/implementation.js";
import { rewriting } from "./_base.js";

export default defineImplementation({
  name: "alloc-ignores-capacity",
  allocator: rewriting((input) => ({
    ...input,
    provider: {
      ...input.provider,
      capacity_slots: input.provider.capacity_slots.map((s) => ({
        ...s,
        quantity: 2 * s.quantity,
      })),
    },
  })),
});
