// Boundary values and exact error messages of the exchanged shapes (src/core/schemas/*): bad
// input gets a clear error naming what is wrong and where (SPEC.md).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as itc from "../../src/core/itc/index.js";
import { allocationInputSchema } from "../../src/core/schemas/allocation.js";
import { commitmentSchema } from "../../src/core/schemas/commitment.js";
import { parseOrThrow, parseWith } from "../../src/core/schemas/parse.js";
import {
  fractionSchema,
  idSchema,
  instantSchema,
  parseInstant,
  quantitySchema,
} from "../../src/core/schemas/primitives.js";
import { locationSchema, timeWindowSchema } from "../../src/core/schemas/slots.js";
import { CoreError } from "../../src/core/errors.js";

/** [path, message, code] of every issue, or "ok". */
function issues(schema: z.ZodType, value: unknown): [PropertyKey[], string, string][] | "ok" {
  const r = schema.safeParse(value);
  if (r.success) return "ok";
  return r.error.issues.map((i) => [i.path, i.message, i.code]);
}

const TINY = "must be 0 or at least 1e-9 (write smaller values as 0)";
const ID_MESSAGE = "must be 1–256 characters of [A-Za-z0-9._:~+/=-]";

describe("primitives", () => {
  it("ids: the message names the alphabet and length", () => {
    expect(issues(idSchema, "")).toEqual([[[], ID_MESSAGE, "invalid_format"]]);
    expect(issues(idSchema, "a b")).toEqual([[[], ID_MESSAGE, "invalid_format"]]);
    expect(issues(idSchema, "x".repeat(256))).toBe("ok");
  });

  it("quantities and fractions: 0 or at least 1e-9, with the message saying so", () => {
    for (const schema of [quantitySchema, fractionSchema]) {
      expect(issues(schema, 1e-10)).toEqual([[[], TINY, "custom"]]);
      expect(issues(schema, 0)).toBe("ok");
      expect(issues(schema, 1e-9)).toBe("ok");
    }
  });

  it("parseInstant accepts RFC 3339 instants with an offset, at every boundary", () => {
    const ok = [
      "2026-03-01T09:00:00Z",
      "2026-03-01T09:00Z",
      "2026-03-01T10:00:00+01:00",
      "2026-03-01T04:30:00-04:30",
      "2026-03-01T09:00:00.5Z",
      "2026-03-01T09:00:00.05Z",
      "2026-03-01T09:00:00.123Z",
      "2024-02-29T00:00:00Z",
      "2000-02-29T00:00:00Z",
      "2026-01-31T23:59:59Z",
      "2026-04-30T00:00:00Z",
      "2026-12-01T00:00:00+23:59",
      "2026-12-01T00:00:00-00:59",
    ];
    for (const s of ok) expect([s, parseInstant(s)]).toEqual([s, Date.parse(s)]);
    expect(parseInstant("2026-03-01T09:00:00.5Z")).toBe(Date.UTC(2026, 2, 1, 9, 0, 0, 500));
  });

  it("parseInstant names what is out of range", () => {
    const shape =
      "must be an RFC 3339 instant with an explicit offset, e.g. 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00";
    const bad: [string, string][] = [
      ["2026-03-01T09:00:00", shape],
      ["x2026-03-01T09:00:00Z", shape],
      ["2026-03-01T09:00:00Zx", shape],
      ["2026-03-01T09:00:00+01:00 ", shape],
      ["2026-00-01T00:00:00Z", "month 00 is out of range"],
      ["2026-13-01T00:00:00Z", "month 13 is out of range"],
      ["2026-01-00T00:00:00Z", "day 00 does not exist in 2026-01"],
      ["2026-01-32T00:00:00Z", "day 32 does not exist in 2026-01"],
      ["2026-04-31T00:00:00Z", "day 31 does not exist in 2026-04"],
      ["2026-06-31T00:00:00Z", "day 31 does not exist in 2026-06"],
      ["2026-09-31T00:00:00Z", "day 31 does not exist in 2026-09"],
      ["2026-11-31T00:00:00Z", "day 31 does not exist in 2026-11"],
      ["2023-02-29T00:00:00Z", "day 29 does not exist in 2023-02"],
      ["2024-02-30T00:00:00Z", "day 30 does not exist in 2024-02"],
      ["1900-02-29T00:00:00Z", "day 29 does not exist in 1900-02"],
      ["2100-02-29T00:00:00Z", "day 29 does not exist in 2100-02"],
      ["2026-01-01T24:00:00Z", "hour 24 is out of range"],
      ["2026-01-01T00:60:00Z", "minute 60 is out of range"],
      ["2026-01-01T00:00:60Z", "second 60 is out of range"],
      ["2026-01-01T00:00:00+24:00", "offset +24:00 is out of range"],
      ["2026-01-01T00:00:00-00:60", "offset -00:60 is out of range"],
    ];
    for (const [s, why] of bad) expect([s, parseInstant(s)]).toEqual([s, why]);
  });

  it("instantSchema reports parseInstant's reason as a custom issue", () => {
    expect(issues(instantSchema, "2026-13-01T00:00:00Z")).toEqual([
      [[], "month 13 is out of range", "custom"],
    ]);
    expect(issues(instantSchema, "2026-12-01T00:00:00Z")).toBe("ok");
  });
});

describe("slots", () => {
  const t9 = "2026-03-01T09:00:00Z";
  const t10 = "2026-03-01T10:00:00Z";

  it("windows: end must be strictly after start; one-sided windows are fine", () => {
    const order = "must be after start (windows are [start, end) and non-empty)";
    expect(issues(timeWindowSchema, { start: t9, end: t9 })).toEqual([[["end"], order, "custom"]]);
    expect(issues(timeWindowSchema, { start: t10, end: t9 })).toEqual([[["end"], order, "custom"]]);
    expect(issues(timeWindowSchema, { start: t9, end: t10 })).toBe("ok");
    expect(issues(timeWindowSchema, { start: t9 })).toBe("ok");
    expect(issues(timeWindowSchema, { end: t9 })).toBe("ok");
    expect(issues(timeWindowSchema, {})).toBe("ok");
  });

  it("windows: a bad bound is reported once, at that bound, without an ordering issue", () => {
    expect(issues(timeWindowSchema, { start: "2026-13-01T00:00:00Z", end: t10 })).toEqual([
      [["start"], "month 13 is out of range", "custom"],
    ]);
    expect(issues(timeWindowSchema, { start: t9, end: "2026-03-01T25:00:00Z" })).toEqual([
      [["end"], "hour 25 is out of range", "custom"],
    ]);
  });

  it("locations: country codes are exactly two upper-case letters; cities are trimmed, 1–200", () => {
    const country = "must be an ISO 3166-1 alpha-2 code such as FR";
    for (const c of ["xFR", "FRx", "F", "fr"]) {
      expect(issues(locationSchema, { type: "in_person", country: c })).toEqual([
        [["country"], country, "invalid_format"],
      ]);
    }
    expect(issues(locationSchema, { type: "in_person", country: "FR", city: " Lyon " })).toBe("ok");
    expect(locationSchema.parse({ type: "in_person", city: " Lyon " })).toEqual({
      type: "in_person",
      city: "Lyon",
    });
    for (const city of ["", "   ", "x".repeat(201)]) {
      const r = issues(locationSchema, { type: "in_person", city });
      expect(r !== "ok" && r.map(([p]) => p)).toEqual([["city"]]);
    }
    expect(issues(locationSchema, { type: "in_person", city: "x".repeat(200) })).toBe("ok");
    expect(issues(locationSchema, { type: "remote" })).toBe("ok");
    expect(issues(locationSchema, { type: "remote", city: "Lyon" })).not.toBe("ok");
    expect(issues(locationSchema, { type: "online" })).not.toBe("ok");
  });
});

describe("allocation input: duplicates and self-recognition name the offending path", () => {
  const base = () => ({
    provider: {
      pubKey: "P",
      capacity_slots: [
        { id: "a", quantity: 1 },
        { id: "b", quantity: 1 },
      ],
    },
    recipients: [
      { pubKey: "k", mr: 1, share: 0, need_slots: [{ id: "n", quantity: 1 }] },
      { pubKey: "m", mr: 1, share: 0, need_slots: [{ id: "n", quantity: 1 }] },
    ],
  });

  it("accepts distinct ids (the same need slot id under different recipients is fine)", () => {
    expect(issues(allocationInputSchema, base())).toBe("ok");
  });

  it("duplicate capacity slot ids, recipients and need slot ids", () => {
    const x = base();
    x.provider.capacity_slots.push({ id: "a", quantity: 2 }, { id: "a", quantity: 3 });
    x.recipients.push({ pubKey: "k", mr: 0, share: 1, need_slots: [] });
    (x.recipients[1] as { need_slots: unknown[] }).need_slots.push({ id: "n", quantity: 2 });
    expect(issues(allocationInputSchema, x)).toEqual([
      [
        ["provider", "capacity_slots", 2, "id"],
        'duplicate slot id "a" (first at capacity_slots[0])',
        "custom",
      ],
      [
        ["provider", "capacity_slots", 3, "id"],
        'duplicate slot id "a" (first at capacity_slots[0])',
        "custom",
      ],
      [["recipients", 2, "pubKey"], 'duplicate recipient "k" (first at recipients[0])', "custom"],
      [
        ["recipients", 1, "need_slots", 1, "id"],
        'duplicate need slot id "n" (first at need_slots[0])',
        "custom",
      ],
    ]);
  });

  it("the provider cannot be its own recipient", () => {
    const x = base();
    (x.recipients[1] as { pubKey: string }).pubKey = "P";
    expect(issues(allocationInputSchema, x)).toEqual([
      [["recipients", 1, "pubKey"], "the provider cannot be its own recipient", "custom"],
    ]);
  });
});

describe("commitments: duplicates and self-recognition", () => {
  const commitment = () => ({
    pubKey: "alice",
    capacity_slots: [
      { id: "c1", quantity: 1 },
      { id: "c2", quantity: 1 },
    ],
    need_slots: [
      { id: "n1", quantity: 1 },
      { id: "n2", quantity: 1 },
    ],
    recognition_weights: { bob: 1 } as Record<string, number>,
    itcStamp: itc.seed(),
    timestamp: 1_767_000_000_000,
  });

  it("accepts distinct slot ids", () => {
    expect(issues(commitmentSchema, commitment())).toBe("ok");
  });

  it("reports duplicate slot ids and self-recognition at their paths", () => {
    const c = commitment();
    c.capacity_slots.push({ id: "c2", quantity: 2 });
    c.need_slots.push({ id: "n1", quantity: 2 });
    c.recognition_weights.alice = 1;
    expect(issues(commitmentSchema, c)).toEqual([
      [
        ["capacity_slots", 2, "id"],
        'duplicate slot id "c2" (first at capacity_slots[1])',
        "custom",
      ],
      [["need_slots", 2, "id"], 'duplicate slot id "n1" (first at need_slots[0])', "custom"],
      [["recognition_weights", "alice"], "a participant cannot recognise itself", "custom"],
    ]);
  });
});

describe("parseWith / parseOrThrow", () => {
  const schema = z.strictObject({ a: quantitySchema, b: quantitySchema, c: quantitySchema });

  it("names the first issue and counts the others", () => {
    expect(parseWith(schema, { a: 1, b: 1, c: 1 }, "thing")).toEqual({
      ok: true,
      value: { a: 1, b: 1, c: 1 },
    });
    const one = parseWith(schema, { a: 2e15, b: 1, c: 1 }, "thing");
    expect(one.ok).toBe(false);
    if (!one.ok) {
      expect(one.error.code).toBe("INVALID_INPUT");
      expect(one.error.message).toBe(`invalid thing: a: ${one.error.issues[0]?.message}`);
      expect(one.error.path).toEqual(["a"]);
      expect(one.error.issues).toHaveLength(1);
    }
    const two = parseWith(schema, { a: 2e15, b: 2e15, c: 1 }, "thing");
    expect(!two.ok && two.error.message).toMatch(/^invalid thing: a: .* \(and 1 more\)$/);
    const three = parseWith(schema, { a: 2e15, b: 2e15, c: 2e15 }, "thing");
    expect(!three.ok && three.error.message).toMatch(/^invalid thing: a: .* \(and 2 more\)$/);
    expect(!three.ok && three.error.issues.map((i) => i.path)).toEqual([["a"], ["b"], ["c"]]);
  });

  it("symbol path segments are turned into strings", () => {
    const sym = z.custom<unknown>().superRefine((_, ctx) => {
      ctx.addIssue({ code: "custom", message: "no", path: ["x", Symbol("s"), 0] });
    });
    const r = parseWith(sym, 1, "value");
    expect(!r.ok && r.error.issues).toEqual([{ path: ["x", "Symbol(s)", 0], message: "no" }]);
  });

  it("parseOrThrow throws a CoreError with code, message and path", () => {
    let caught: unknown;
    try {
      parseOrThrow(schema, { a: 1, b: 1e-10, c: 1 }, "thing");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CoreError);
    const e = caught as CoreError;
    expect([e.code, e.message, e.path]).toEqual([
      "INVALID_INPUT",
      `invalid thing: b: ${TINY}`,
      ["b"],
    ]);
  });
});
