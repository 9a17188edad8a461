/**
 * The bounds of a DenominatorGossip configuration (models/DenominatorGossip.ts), apart from the
 * model so that a worker thread of the parallel search, which imports the model, does not load
 * zod.
 */
import { z } from "zod";
import type { DenominatorGossipConfig } from "../DenominatorGossip.js";

export const denominatorGossipConfigSchema = z.strictObject({
  capacity: z.number().int().min(1).max(24),
  need: z.strictObject({
    R1: z.number().int().min(0).max(24),
    R2: z.number().int().min(0).max(24),
  }),
  book: z.enum(["seed", "corrected"]),
});

/** The schema's type and the model's are the same (a compile-time check both ways). */
export const denominatorGossipConfigMatches: [
  z.infer<typeof denominatorGossipConfigSchema> extends DenominatorGossipConfig ? true : false,
  DenominatorGossipConfig extends z.infer<typeof denominatorGossipConfigSchema> ? true : false,
] = [true, true];
