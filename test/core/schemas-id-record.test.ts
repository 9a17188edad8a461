// idRecord (src/core/schemas/id-record.ts) against z.record, on inputs other than plain objects
// keyed by ordinary ids (written against StrykerJS survivors of the schemas-changed part, 2026-12-07).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { idRecord } from "../../src/core/schemas/id-record.js";

const key = z.string().regex(/^[a-z_]+$/);
const value = z.number().nonnegative();
// Built inside each test (not at load), so that a mutant active only while a test runs is seen.
const ours = (): ReturnType<typeof idRecord<typeof key, typeof value>> => idRecord(key, value);
const theirs = z.record(key, value);

describe("idRecord accepts and rejects what z.record does", () => {
  const nullProto = Object.assign(Object.create(null) as Record<string, number>, { a: 1, b: 2 });
  class Point {
    x = 1;
  }
  const inputs: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 5],
    ["a string", "ab"],
    ["a boolean", true],
    ["an empty array", []],
    ["an array", [1, 2]],
    ["a Date", new Date(0)],
    ["a class instance", new Point()],
    ["a null-prototype object", nullProto],
    ["a plain object", { a: 1, b: 2 }],
    ["a plain object with a bad value", { a: -1 }],
    ["a plain object with a bad key", { A: 1 }],
  ];
  for (const [name, input] of inputs) {
    it(name, () => {
      const a = ours().safeParse(input);
      const b = theirs.safeParse(input);
      expect(a.success).toBe(b.success);
      if (a.success && b.success) expect({ ...a.data }).toEqual(b.data);
      if (!a.success && !b.success) {
        expect(a.error.issues.map((i) => i.path)).toEqual(b.error.issues.map((i) => i.path));
      }
    });
  }

  it("names a non-record input with its own message", () => {
    for (const input of [5, null, undefined, [1], new Date(0)]) {
      const r = ours().safeParse(input);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual(["Invalid input: expected record"]);
    }
  });

  it("a null-prototype input keeps every key, __proto__ included", () => {
    const o = Object.create(null) as Record<string, number>;
    o["__proto__"] = 3;
    o["a"] = 1;
    const r = ours().parse(o);
    expect(Object.getPrototypeOf(r)).toBeNull();
    expect(Object.keys(r)).toEqual(["__proto__", "a"]);
  });
});

describe("idRecord's JSON Schema is z.record's, for the input side", () => {
  it("a value with a default is optional on input, and unrepresentable parts give {}", () => {
    const withDefault = z.strictObject({ a: z.number().default(1), b: z.custom<number>() });
    const opts = { io: "input", unrepresentable: "any" } as const;
    const mine = z.toJSONSchema(z.strictObject({ m: idRecord(key, withDefault) }), opts);
    const ref = z.toJSONSchema(z.strictObject({ m: z.record(key, withDefault) }), opts);
    expect(mine).toEqual(ref);
    const m = (ref.properties as Record<string, { additionalProperties: { required?: string[] } }>)
      .m;
    expect(m?.additionalProperties.required).toEqual(["b"]);
  });
});
