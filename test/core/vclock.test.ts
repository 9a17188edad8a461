import fc from "fast-check";
import { arbVClock, vclockProperties } from "../../properties/vclock.js";
import { assertProperty } from "../../properties/property.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CoreError } from "../../src/core/errors.js";
import * as vc from "../../src/core/vclock.js";
import type { VClock } from "../../src/core/vclock.js";

const clockArb = arbVClock;

function thrown(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error("expected a CoreError");
}

describe("vector clocks", () => {
  for (const p of vclockProperties()) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }

  it("VC-2 event increments one entry; seed and empty are {}", () => {
    expect(vc.empty()).toEqual({});
    expect(vc.seed("a")).toEqual({});
    const a = vc.event(vc.event(vc.seed("a"), "a"), "b");
    expect(a).toEqual({ a: 1, b: 1 });
    expect(vc.event(a, "a")).toEqual({ a: 2, b: 1 });
    expect(vc.compare(a, vc.event(a, "a"))).toBe("before");
    expect(vc.compare(vc.event(a, "a"), a)).toBe("after");
    expect(vc.compare(vc.event(a, "a"), vc.event(a, "c"))).toBe("concurrent");
    expect(vc.equals({ a: 1, b: 0 }, { a: 1 })).toBe(true);
    // Inherited properties are never read as entries.
    expect(vc.get({}, "constructor")).toBe(0);
    expect(vc.event({}, "__proto__")).toEqual(JSON.parse('{"__proto__":1}'));
    expect(thrown(() => vc.event({}, "bad id")).code).toBe("VCLOCK_MALFORMED");
    expect(thrown(() => vc.event({ a: Number.MAX_SAFE_INTEGER }, "a")).code).toBe(
      "VCLOCK_MALFORMED",
    );
  });

  it("VC-3 vclock encode/decode round-trip, deterministic and byteLength-exact", () => {
    fc.assert(
      fc.property(clockArb, (a) => {
        const bytes = vc.encode(a);
        expect(bytes.length).toBe(vc.byteLength(a));
        const back = vc.decode(bytes);
        expect(vc.equals(back, a)).toBe(true);
        expect(Array.from(vc.encode(back))).toEqual(Array.from(bytes));
        // Key insertion order does not matter.
        const shuffled = Object.fromEntries(Object.entries(a).reverse());
        expect(Array.from(vc.encode(shuffled))).toEqual(Array.from(bytes));
      }),
    );
    expect(Array.from(vc.encode({}))).toEqual([0]);
    expect(Array.from(vc.encode({ b: 2, a: 300, z: 0 }))).toEqual([2, 1, 97, 172, 2, 1, 98, 2]);
  });

  it("VC-3 vclock decode is strict: random bytes either fail or round-trip exactly", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), (bytes) => {
        let v: VClock;
        try {
          v = vc.decode(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CoreError);
          expect((e as CoreError).code).toBe("VCLOCK_MALFORMED");
          return;
        }
        expect(Array.from(vc.encode(v))).toEqual(Array.from(bytes));
      }),
      { numRuns: 2000 },
    );
    const bad: [number[], RegExp][] = [
      [[], /truncated/],
      [[0, 0], /trailing/],
      [[1, 1, 97], /truncated/],
      [[1, 1, 97, 0], /zero counter/],
      [[1, 1, 32, 1], /invalid node id/],
      [[1, 0, 1], /length 0/],
      [[2, 1, 98, 1, 1, 97, 1], /ascending/],
      [[2, 1, 97, 1, 1, 97, 1], /ascending/],
      [[1, 1, 97, 0x81, 0], /non-minimal/],
      [[0x80, 0], /non-minimal/],
      [[1, 1, 97, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], /MAX_SAFE/],
      [[1, 1, 97, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1], /too long/],
    ];
    for (const [bytes, why] of bad) {
      const e = thrown(() => vc.decode(new Uint8Array(bytes)));
      expect(e.code).toBe("VCLOCK_MALFORMED");
      expect(e.message).toMatch(why);
    }
    const max = vc.decode(vc.encode({ a: Number.MAX_SAFE_INTEGER }));
    expect(max).toEqual({ a: Number.MAX_SAFE_INTEGER });
  });

  it("VC-3 schema and operations reject bad counters and ids with the path", () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ a: NaN }, ["a"]],
      [{ a: -1 }, ["a"]],
      [{ a: 1.5 }, ["a"]],
      [{ a: Infinity }, ["a"]],
      [{ a: "1" }, ["a"]],
      [{ a: 2 ** 53 }, ["a"]],
      [{ ok: 1, "bad id": 1 }, ["bad id"]],
      [{ ["x".repeat(129)]: 1 }, ["x".repeat(129)]],
      [[], []],
      [null, []],
      [3, []],
    ];
    for (const [value, path] of cases) {
      const r = vc.vclockSchema.safeParse(value);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path)).toEqual([path]);
      for (const op of [
        () => vc.join(value as VClock, {}),
        () => vc.leq({}, value as VClock),
        () => vc.encode(value as VClock),
        () => vc.event(value as VClock, "a"),
      ]) {
        const e = thrown(op);
        expect([e.code, e.path]).toEqual(["VCLOCK_MALFORMED", path]);
      }
    }
    expect(vc.vclockSchema.safeParse({ a: 0, "b.c:d~e-f_g": 3 }).success).toBe(true);
    const fromJson = z.fromJSONSchema(
      vc.vclockJsonSchema as unknown as Parameters<typeof z.fromJSONSchema>[0],
    );
    expect(fromJson.safeParse({ a: 1, b: 0 }).success).toBe(true);
    expect(fromJson.safeParse({ a: -1 }).success).toBe(false);
    expect(fromJson.safeParse({ a: 1.5 }).success).toBe(false);
    expect(fromJson.safeParse({ "bad id": 1 }).success).toBe(false);
  });
});
