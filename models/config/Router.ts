/**
 * The bounds of a Router configuration (models/Router.ts), apart from the model so that a worker
 * thread of the parallel search, which imports the model, does not load zod.
 */
import { z } from "zod";
import { ITEM_NAMES, type RouterConfig } from "../Router.js";

export const routerConfigSchema = z.strictObject({
  /** How many distinct inventory items peers announce (a, b, …). */
  items: z.number().int().min(1).max(ITEM_NAMES.length),
  /** `split`: a control lane and a data lane, control served first; `single`: one shared lane. */
  lanes: z.enum(["single", "split"]),
  /** Capacity of the data lane (or of the single lane). */
  laneCapacity: z.number().int().min(1).max(8),
  /** Capacity of the control lane (split only). */
  controlCapacity: z.number().int().min(1).max(8),
  cacheSize: z.number().int().min(0).max(2),
  ttl: z.number().int().min(1).max(8),
  /** Whether a dropped duplicate refreshes its cache entry (age back to 0). */
  refreshOnDrop: z.boolean(),
});

/** The schema's type and the model's are the same (a compile-time check both ways). */
export const routerConfigMatches: [
  z.infer<typeof routerConfigSchema> extends RouterConfig ? true : false,
  RouterConfig extends z.infer<typeof routerConfigSchema> ? true : false,
] = [true, true];
