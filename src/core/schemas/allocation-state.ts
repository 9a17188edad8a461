import { z } from "zod";
import { stampSchema } from "../itc/index.js";
import { slotAllocationRecordSchema, slotDenominatorSchema } from "./allocation.js";
import { idRecord } from "./id-record.js";
import { epochMsSchema, idSchema, quantitySchema } from "./primitives.js";

/** A provider's published allocation state. */
export const allocationStateSchema = z.strictObject({
  slot_denominators: idRecord(idSchema, slotDenominatorSchema),
  slot_allocations: z.array(slotAllocationRecordSchema),
  recipient_totals: idRecord(idSchema, quantitySchema),
  converged: z.boolean(),
  convergenceHistory: z
    .array(z.strictObject({ denominatorDelta: quantitySchema, timestamp: epochMsSchema }))
    .optional(),
  itcStamp: stampSchema,
  timestamp: epochMsSchema,
});

export type AllocationState = z.infer<typeof allocationStateSchema>;
