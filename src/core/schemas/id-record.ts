import { z } from "zod";
import { dictFrom } from "../dict.js";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A record keyed by user ids that keeps every key. zod's `z.record` silently drops a
 * `__proto__` key (it builds its result in a plain `{}`), which would lose a participant whose
 * pubKey is `__proto__`. This schema checks keys and values exactly as `z.record(key, value)`
 * does (same issue paths, `[key, …]`) and returns a null-prototype object (src/core/dict.ts)
 * holding every entry. Its JSON Schema is that of `z.record(key, value)`.
 */
export function idRecord<K extends z.ZodType<string, string>, V extends z.ZodType>(
  key: K,
  value: V,
): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  const asRecord = z.record(key, value);
  const jsonSchema = z.toJSONSchema(asRecord, { io: "input", unrepresentable: "any" });
  const { $schema: _ignored, ...shape } = jsonSchema;
  const entries = z.map(key, value, { error: () => "Invalid input: expected record" });
  // `z.custom` first (not `z.preprocess`): the field stays required, as a record's is.
  return z
    .custom<unknown>(() => true)
    .transform((v) => (isPlainObject(v) ? new Map(Object.entries(v)) : v))
    .pipe(entries)
    .transform((m) => dictFrom(m))
    .meta(shape) as unknown as z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>>;
}
