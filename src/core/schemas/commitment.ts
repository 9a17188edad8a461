import { z } from "zod";
import { stampSchema } from "../itc/index.js";
import { epochMsSchema, fractionSchema, idSchema, quantitySchema } from "./primitives.js";
import { availabilitySlotSchema, needSlotSchema } from "./slots.js";
import { idRecord } from "./id-record.js";
import { uniqueBy } from "./unique.js";

/** One entry of a recipient's over-allocation history: received − stated need, signed. */
export const dampingEntrySchema = z.strictObject({
  overAllocation: z.number(),
  timestamp: epochMsSchema,
});

/**
 * A participant's published declaration: what it offers, what it needs, whom it recognises,
 * its damping state and its ITC stamp.
 */
export const commitmentSchema = z
  .strictObject({
    pubKey: idSchema,
    capacity_slots: z.array(availabilitySlotSchema),
    need_slots: z.array(needSlotSchema),
    recognition_weights: idRecord(idSchema, quantitySchema),
    mr_values: idRecord(idSchema, fractionSchema).optional(),
    itcStamp: stampSchema,
    timestamp: epochMsSchema,
    damping_factor: fractionSchema.default(1),
    damping_history: z.array(dampingEntrySchema).optional(),
  })
  .superRefine((c, ctx) => {
    uniqueBy(c.capacity_slots, (s) => s.id, ["capacity_slots"], "id", "slot id", ctx);
    uniqueBy(c.need_slots, (s) => s.id, ["need_slots"], "id", "slot id", ctx);
    if (Object.prototype.hasOwnProperty.call(c.recognition_weights, c.pubKey)) {
      ctx.addIssue({
        code: "custom",
        message: "a participant cannot recognise itself",
        path: ["recognition_weights", c.pubKey],
      });
    }
  });

export type DampingEntry = z.infer<typeof dampingEntrySchema>;
export type Commitment = z.infer<typeof commitmentSchema>;
export type CommitmentInput = z.input<typeof commitmentSchema>;
