import { z } from "zod";
import { stampJsonSchema, stampSchema } from "../itc/index.js";
import { vclockJsonSchema, vclockSchema } from "../vclock.js";
import {
  allocationInputSchema,
  allocationRecipientSchema,
  slotAllocationRecordSchema,
} from "./allocation.js";
import { allocationStateSchema } from "./allocation-state.js";
import { commitmentSchema } from "./commitment.js";
import {
  allocationRequestSchema,
  allocationResponseSchema,
  denominatorGossipSchema,
  p2pMessageSchema,
} from "./messages.js";
import {
  availabilitySlotSchema,
  locationSchema,
  needSlotSchema,
  timeWindowSchema,
} from "./slots.js";

/**
 * Every exchanged shape, by name. These zod schemas are the single source of truth: the
 * TypeScript types are inferred from them and the JSON Schemas are generated from them.
 */
export const schemas = {
  availabilitySlot: availabilitySlotSchema,
  needSlot: needSlotSchema,
  timeWindow: timeWindowSchema,
  location: locationSchema,
  commitment: commitmentSchema,
  allocationInput: allocationInputSchema,
  allocationRecipient: allocationRecipientSchema,
  allocationState: allocationStateSchema,
  slotAllocationRecord: slotAllocationRecordSchema,
  itcStamp: stampSchema,
  vectorClock: vclockSchema,
  allocationRequest: allocationRequestSchema,
  allocationResponse: allocationResponseSchema,
  denominatorGossip: denominatorGossipSchema,
  p2pMessage: p2pMessageSchema,
} as const;

export type SchemaName = keyof typeof schemas;
export const SCHEMA_NAMES = Object.keys(schemas) as SchemaName[];

/**
 * The JSON Schema (draft 2020-12) of a named shape. Structure, types, ranges, patterns and
 * strictness carry over; cross-field rules (unique ids, start < end, "0 or ≥ 1e-9", ITC normal
 * form) cannot be expressed in JSON Schema and are enforced by the zod schema only.
 */
export function jsonSchema(name: SchemaName): Record<string, unknown> {
  return z.toJSONSchema(schemas[name], {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema === stampSchema) replace(ctx.jsonSchema, stampJsonSchema);
      else if (ctx.zodSchema === vclockSchema) replace(ctx.jsonSchema, vclockJsonSchema);
    },
  }) as Record<string, unknown>;
}

/**
 * Puts a hand-written JSON Schema in place of a custom zod schema. It keeps its `$id`, so it is
 * an embedded resource and its `#/$defs/…` references resolve inside it.
 */
function replace(target: Record<string, unknown>, source: object): void {
  for (const k of Object.keys(target)) delete target[k];
  const { $schema: _schema, ...rest } = structuredClone(source) as Record<string, unknown>;
  Object.assign(target, rest);
}
