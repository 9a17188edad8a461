/**
 * Schemas for stamps: a zod 4 schema that validates iteratively (any depth, exact issue paths,
 * normal form included) and a hand-written JSON Schema (draft 2020-12) describing the shape.
 */
import { z } from "zod";
import type { Stamp } from "./types.js";
import { validate } from "./validate.js";

/**
 * zod schema for a stamp. It accepts exactly what {@link validate} accepts and reports the first
 * problem as a custom issue with the path of the offending field (e.g. `["event","l","r","n"]`)
 * and `params.code` set to the CoreError code (ITC_MALFORMED or ITC_NOT_NORMAL). The parsed value
 * is the input itself; pass it to `validate` to get the frozen copy the operations take in O(1).
 */
export const stampSchema = z.custom<Stamp>().superRefine((value, ctx) => {
  const r = validate(value);
  if (!r.ok) {
    ctx.addIssue({
      code: "custom",
      message: r.error.message,
      path: [...r.error.path],
      params: { code: r.error.code },
    });
  }
});

const COUNTER = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * JSON Schema (draft 2020-12) of the stamp's shape. JSON Schema cannot express the normal form
 * (nor the bound on counter sums along a path); {@link stampSchema} / `validate` check those.
 */
export const stampJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:commons-spec:itc:stamp",
  title: "ITC stamp",
  description:
    "Interval Tree Clock stamp {id, event} (Almeida, Baquero, Fonte, OPODIS 2008). Trees must also be in normal form: no id node (0,0) or (1,1); in an event node the smaller child base is 0 and a node (n,0,0) is written n.",
  type: "object",
  properties: {
    id: { $ref: "#/$defs/id" },
    event: { $ref: "#/$defs/event" },
  },
  required: ["id", "event"],
  additionalProperties: false,
  $defs: {
    id: {
      description: "0 (owns nothing), 1 (owns the interval) or a node splitting it in halves.",
      oneOf: [
        { enum: [0, 1] },
        {
          type: "object",
          properties: { l: { $ref: "#/$defs/id" }, r: { $ref: "#/$defs/id" } },
          required: ["l", "r"],
          additionalProperties: false,
        },
      ],
    },
    counter: COUNTER,
    event: {
      description: "A counter, or a node whose n is added to both subtrees.",
      oneOf: [
        { $ref: "#/$defs/counter" },
        {
          type: "object",
          properties: {
            n: { $ref: "#/$defs/counter" },
            l: { $ref: "#/$defs/event" },
            r: { $ref: "#/$defs/event" },
          },
          required: ["n", "l", "r"],
          additionalProperties: false,
        },
      ],
    },
  },
} as const;
