import { z } from "zod";
import { fractionSchema, idSchema, quantitySchema } from "./primitives.js";
import { availabilitySlotSchema, needSlotSchema } from "./slots.js";
import { uniqueBy } from "./unique.js";

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
    const slots = input.provider.capacity_slots;
    uniqueBy(slots, (s) => s.id, ["provider", "capacity_slots"], "id", "slot id", ctx);
    uniqueBy(input.recipients, (r) => r.pubKey, ["recipients"], "pubKey", "recipient", ctx);
    input.recipients.forEach((r, i) => {
      if (r.pubKey === input.provider.pubKey)
        ctx.addIssue({
          code: "custom",
          message: "the provider cannot be its own recipient",
          path: ["recipients", i, "pubKey"],
        });
      uniqueBy(
        r.need_slots,
        (n) => n.id,
        ["recipients", i, "need_slots"],
        "id",
        "need slot id",
        ctx,
      );
    });
  });

export type SlotAllocationRecord = z.infer<typeof slotAllocationRecordSchema>;
export type SlotDenominator = z.infer<typeof slotDenominatorSchema>;
export type AllocationRecipient = z.infer<typeof allocationRecipientSchema>;
export type AllocationInput = z.infer<typeof allocationInputSchema>;
export type AllocationInputRaw = z.input<typeof allocationInputSchema>;
