import { z } from "zod";
import { fractionSchema, idSchema, quantitySchema, timeSchema } from "./primitives.js";

/** Seed 000, message 1: a recipient asks a provider for an allocation. */
export const allocationRequestSchema = z.strictObject({
  type: z.literal("allocation_request"),
  recipient_id: idSchema,
  provider_id: idSchema,
  residual_need: quantitySchema,
  expected_allocation: quantitySchema,
  timestamp: timeSchema,
});

/** Seed 000, message 2: a provider answers with what it grants. */
export const allocationResponseSchema = z.strictObject({
  type: z.literal("allocation_response"),
  provider_id: idSchema,
  recipient_id: idSchema,
  allocated_amount: quantitySchema,
  capacity_hint: quantitySchema.optional(),
  current_utilization: quantitySchema.optional(),
  timestamp: timeSchema,
});

/** Seed 000, message 3: a recipient tells another what it believes a provider's denominator is. */
export const denominatorGossipSchema = z.strictObject({
  type: z.literal("denominator_gossip"),
  sender_id: idSchema,
  provider_id: idSchema,
  estimated_denominator: quantitySchema,
  my_residual_need: quantitySchema,
  my_mr_value: fractionSchema,
  confidence: fractionSchema,
  timestamp: timeSchema,
});

/** Any of the three seed-000 messages, discriminated by `type`. */
export const p2pMessageSchema = z.discriminatedUnion("type", [
  allocationRequestSchema,
  allocationResponseSchema,
  denominatorGossipSchema,
]);

export type AllocationRequest = z.infer<typeof allocationRequestSchema>;
export type AllocationResponse = z.infer<typeof allocationResponseSchema>;
export type DenominatorGossip = z.infer<typeof denominatorGossipSchema>;
export type P2PMessage = z.infer<typeof p2pMessageSchema>;
