import { z } from "zod";
import { fractionSchema, idSchema, quantitySchema } from "./primitives.js";
import { availabilitySlotSchema, needSlotSchema } from "./slots.js";

export const TIERS = ["mutual", "non-mutual"] as const;
export const tierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof tierSchema>;

/** One grant: part of one availability slot to one need slot of one recipient. */
export const slotAllocationRecordSchema = z.strictObject({
  availability_slot_id: idSchema,
  recipient_pubkey: idSchema,
  need_slot_id: idSchema,
  quantity: quantitySchema,
  tier: tierSchema,
});

/** The two tier denominators of one availability slot: Σ weight of its compatible recipients. */
export const slotDenominatorSchema = z.strictObject({
  mutual: quantitySchema,
  nonMutual: quantitySchema,
});

/**
 * One recipient as one provider sees it when allocating: its need slots (quantities are the
 * residual need this provider sees, SPEC.md §Residual need), its mutual recognition with the
 * provider, the provider's one-way recognition share of it, and its damping factor.
 */
export const allocationRecipientSchema = z.strictObject({
  pubKey: idSchema,
  need_slots: z.array(needSlotSchema),
  mr: fractionSchema,
  share: fractionSchema,
  damping_factor: fractionSchema.default(1),
});

/** Input of one provider's allocation with static inputs. */
export const allocationInputSchema = z
  .strictObject({
    provider: z.strictObject({
      pubKey: idSchema,
      capacity_slots: z.array(availabilitySlotSchema),
    }),
    recipients: z.array(allocationRecipientSchema),
  })
  .superRefine((input, ctx) => {
    const slotSeen = new Map<string, number>();
    input.provider.capacity_slots.forEach((s, i) => {
      const first = slotSeen.get(s.id);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `duplicate slot id "${s.id}" (first at capacity_slots[${first}])`,
          path: ["provider", "capacity_slots", i, "id"],
        });
      else slotSeen.set(s.id, i);
    });
    const seen = new Map<string, number>();
    input.recipients.forEach((r, i) => {
      const first = seen.get(r.pubKey);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `duplicate recipient "${r.pubKey}" (first at recipients[${first}])`,
          path: ["recipients", i, "pubKey"],
        });
      else seen.set(r.pubKey, i);
      if (r.pubKey === input.provider.pubKey)
        ctx.addIssue({
          code: "custom",
          message: "the provider cannot be its own recipient",
          path: ["recipients", i, "pubKey"],
        });
      const needSeen = new Map<string, number>();
      r.need_slots.forEach((n, j) => {
        const f = needSeen.get(n.id);
        if (f !== undefined)
          ctx.addIssue({
            code: "custom",
            message: `duplicate need slot id "${n.id}" (first at need_slots[${f}])`,
            path: ["recipients", i, "need_slots", j, "id"],
          });
        else needSeen.set(n.id, j);
      });
    });
  });

export type SlotAllocationRecord = z.infer<typeof slotAllocationRecordSchema>;
export type SlotDenominator = z.infer<typeof slotDenominatorSchema>;
export type AllocationRecipient = z.infer<typeof allocationRecipientSchema>;
export type AllocationInput = z.infer<typeof allocationInputSchema>;
export type AllocationInputRaw = z.input<typeof allocationInputSchema>;
