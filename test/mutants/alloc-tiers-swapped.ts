// Allocator that serves one-way recognition before mutual recognition.
import { defineImplementation } from "../../src/verify/implementation.js";
import { rewriting } from "./_base.js";

export default defineImplementation({
  name: "alloc-tiers-swapped",
  allocator: {
    allocate: (input) => {
      const swapped = rewriting((i) => ({
        ...i,
        recipients: i.recipients.map((r) =>
          r.mr > 0 ? { ...r, mr: 0, share: r.mr } : r.share > 0 ? { ...r, mr: r.share } : r,
        ),
      })).allocate(input);
      // Keep the labels right, so only the priority is wrong.
      const tier = new Map(
        input.recipients.map((r) => [
          r.pubKey,
          r.mr > 0 ? ("mutual" as const) : ("non-mutual" as const),
        ]),
      );
      return {
        slot_allocations: swapped.slot_allocations.map((g) => ({
          ...g,
          tier: tier.get(g.recipient_pubkey) ?? g.tier,
        })),
      };
    },
  },
});
