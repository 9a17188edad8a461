// Boundary and error-message tests for the vector clocks (src/core/vclock.ts): every rejection
// names the operation, what is wrong and where (the path of the offending entry, or the byte).
import { describe, expect, it } from "vitest";
import { CoreError } from "../../src/core/errors.js";
import * as vc from "../../src/core/vclock.js";
import type { VClock } from "../../src/core/vclock.js";

const MAX = Number.MAX_SAFE_INTEGER;
const PATTERN = String(vc.NODE_ID_PATTERN);

function thrown(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error("expected a CoreError");
}

/** [code, message, path] of the CoreError thrown by `fn`. */
function failure(fn: () => unknown): [string, string, readonly (string | number)[]] {
  const e = thrown(fn);
  return [e.code, e.message, e.path];
}

const asClock = (x: unknown): VClock => x as VClock;
const bytes = (xs: number[]): Uint8Array => new Uint8Array(xs);

describe("vector clocks — error messages name the operation, the problem and the path", () => {
  it("counters: each kind of bad counter has its own message and the path [nodeId]", () => {
    const cases: [unknown, string][] = [
      ["1", "must be a non-negative integer, got a string"],
      [null, "must be a non-negative integer, got null"],
      [[1], "must be a non-negative integer, got an array"],
      [{}, "must be a non-negative integer, got an object"],
      [true, "must be a non-negative integer, got a boolean"],
      [undefined, "must be a non-negative integer, got undefined"],
      [NaN, "must be a number, got NaN"],
      [Infinity, "must be finite, got Infinity"],
      [-Infinity, "must be finite, got -Infinity"],
      [1.5, "must be an integer, got 1.5"],
      [-1, "must be non-negative, got -1"],
      [MAX + 1, `must be at most Number.MAX_SAFE_INTEGER, got ${MAX + 1}`],
    ];
    for (const [v, why] of cases) {
      expect(failure(() => vc.join(asClock({ a: v }), {}))).toEqual([
        "VCLOCK_MALFORMED",
        `join (first argument): counter of "a" ${why}`,
        ["a"],
      ]);
      const r = vc.validate({ a: v });
      expect(r).toEqual({
        ok: false,
        error: {
          code: "VCLOCK_MALFORMED",
          message: `validate: counter of "a" ${why}`,
          path: ["a"],
        },
      });
    }
    // The boundaries themselves are accepted.
    expect(vc.validate({ a: 0, b: MAX })).toEqual({ ok: true, value: { b: MAX } });
  });

  it("node ids in a clock: the message quotes the id and the pattern", () => {
    expect(vc.validate({ "bad id": 1 })).toEqual({
      ok: false,
      error: {
        code: "VCLOCK_MALFORMED",
        message: `validate: node id "bad id" must match ${PATTERN}`,
        path: ["bad id"],
      },
    });
    const long = "x".repeat(129);
    expect(vc.validate({ ["x".repeat(128)]: 1 }).ok).toBe(true);
    expect(failure(() => vc.encode(asClock({ [long]: 1 })))).toEqual([
      "VCLOCK_MALFORMED",
      `encode: node id "${long}" must match ${PATTERN}`,
      [long],
    ]);
  });

  it("non-object clocks: the message describes what was given", () => {
    const cases: [unknown, string][] = [
      [null, "null"],
      [[], "an array"],
      [3, "3"],
      ["x", "a string"],
      [undefined, "undefined"],
    ];
    for (const [x, what] of cases) {
      expect(failure(() => vc.byteLength(asClock(x)))).toEqual([
        "VCLOCK_MALFORMED",
        `byteLength: a vector clock must be an object, got ${what}`,
        [],
      ]);
    }
  });

  it("each operation names itself (and which argument) in the message", () => {
    const bad = asClock({ a: -1 });
    const why = 'counter of "a" must be non-negative, got -1';
    const cases: [() => unknown, string][] = [
      [() => vc.get(bad, "a"), "get"],
      [() => vc.event(bad, "a"), "event"],
      [() => vc.join(bad, {}), "join (first argument)"],
      [() => vc.join({}, bad), "join (second argument)"],
      [() => vc.leq(bad, {}), "leq (first argument)"],
      [() => vc.leq({}, bad), "leq (second argument)"],
      [() => vc.compare(bad, {}), "compare (first argument)"],
      [() => vc.compare({}, bad), "compare (second argument)"],
      [() => vc.equals({}, bad), "compare (second argument)"],
      [() => vc.concurrent(bad, {}), "compare (first argument)"],
      [() => vc.byteLength(bad), "byteLength"],
      [() => vc.encode(bad), "encode"],
    ];
    for (const [op, where] of cases) {
      expect(failure(op)).toEqual(["VCLOCK_MALFORMED", `${where}: ${why}`, ["a"]]);
    }
  });

  it("node id arguments of seed and event: non-strings are rejected even if they print well", () => {
    const cases: [unknown, string][] = [
      [123, "123"],
      ["bad id", "a string"],
      ["", "a string"],
      [null, "null"],
      [{}, "an object"],
      [["a"], "an array"],
    ];
    for (const [id, what] of cases) {
      expect(failure(() => vc.seed(id as string))).toEqual([
        "VCLOCK_MALFORMED",
        `seed: node id must match ${PATTERN}, got ${what}`,
        [],
      ]);
      expect(failure(() => vc.event({}, id as string))).toEqual([
        "VCLOCK_MALFORMED",
        `event: node id must match ${PATTERN}, got ${what}`,
        [],
      ]);
    }
  });

  it("event at the counter limit fails with the path of the entry; one below succeeds", () => {
    expect(failure(() => vc.event({ a: 1, b: MAX }, "b"))).toEqual([
      "VCLOCK_MALFORMED",
      "event: counter would exceed Number.MAX_SAFE_INTEGER",
      ["b"],
    ]);
    expect(vc.event({ a: 1, b: MAX - 1 }, "b")).toEqual({ a: 1, b: MAX });
  });

  it("zod schema: the issue is a custom issue carrying the core error code", () => {
    const r = vc.vclockSchema.safeParse({ a: -1 });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues).toHaveLength(1);
      const issue = r.error.issues[0];
      expect(issue?.code).toBe("custom");
      expect(issue?.message).toBe('validate: counter of "a" must be non-negative, got -1');
      expect(issue?.path).toEqual(["a"]);
      expect((issue as { params?: unknown } | undefined)?.params).toEqual({
        code: "VCLOCK_MALFORMED",
      });
    }
  });
});

describe("vector clocks — canonical results", () => {
  it("event on a new id keeps the ids sorted (canonical JSON)", () => {
    expect(JSON.stringify(vc.event({ b: 1, d: 1 }, "c"))).toBe('{"b":1,"c":1,"d":1}');
    expect(JSON.stringify(vc.event({ b: 1 }, "a"))).toBe('{"a":1,"b":1}');
    expect(JSON.stringify(vc.event(vc.event({}, "z"), "y"))).toBe('{"y":1,"z":1}');
    expect(Object.isFrozen(vc.event({}, "a"))).toBe(true);
  });

  it("validate returns a clock built here unchanged and copies anything else", () => {
    const plain = { b: 2, a: 1 };
    const r = vc.validate(plain);
    if (!r.ok) throw new Error("expected a valid clock");
    expect(r.value).not.toBe(plain);
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(JSON.stringify(r.value)).toBe('{"a":1,"b":2}');
    const again = vc.validate(r.value);
    expect(again.ok && again.value).toBe(r.value);
    const e = vc.event(r.value, "c");
    expect(vc.join(e, {})).not.toBe(e);
    const v = vc.validate(e);
    expect(v.ok && v.value).toBe(e);
    expect(vc.validate(vc.empty()).ok && vc.empty()).toBe(vc.seed("a"));
  });

  it("empty and seed are the empty clock", () => {
    expect(Object.keys(vc.empty())).toEqual([]);
    expect(vc.encode(vc.empty())).toEqual(bytes([0]));
    expect(vc.byteLength(vc.seed("n"))).toBe(1);
  });

  it("equals and concurrent distinguish all four orderings", () => {
    const a = { a: 1 };
    const b = { b: 1 };
    const ab = { a: 1, b: 1 };
    expect([vc.equals(a, a), vc.equals(a, ab), vc.equals(ab, a), vc.equals(a, b)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([
      vc.concurrent(a, a),
      vc.concurrent(a, ab),
      vc.concurrent(ab, a),
      vc.concurrent(a, b),
    ]).toEqual([false, false, false, true]);
    expect(vc.equals({ a: 2, b: 0 }, { a: 2 })).toBe(true);
  });
});

describe("vector clocks — binary encoding boundaries", () => {
  it("counters and lengths of 127/128 sit on the varint boundary", () => {
    expect(vc.byteLength({ a: 127 })).toBe(4);
    expect(vc.byteLength({ a: 128 })).toBe(5);
    expect(Array.from(vc.encode({ a: 128 }))).toEqual([1, 1, 97, 0x80, 1]);
    expect(Array.from(vc.encode({ a: 127 }))).toEqual([1, 1, 97, 127]);
    const id128 = "k".repeat(128);
    const enc = vc.encode({ [id128]: 1 });
    expect(enc.length).toBe(1 + 2 + 128 + 1);
    expect(vc.byteLength({ [id128]: 1 })).toBe(132);
    expect(Array.from(enc.slice(0, 3))).toEqual([1, 0x80, 1]);
    expect(vc.decode(enc)).toEqual({ [id128]: 1 });
  });

  it("decode rejects everything else with the reason and the byte offset", () => {
    const cases: [number[], string][] = [
      [[], "truncated input (at byte 0)"],
      [[1], "truncated input (at byte 1)"],
      [[1, 3, 97], "truncated input (at byte 2)"],
      [[1, 3, 97, 98], "truncated input (at byte 2)"],
      [[1, 1, 97], "truncated input (at byte 3)"],
      [[1, 0, 1], "node id length 0 outside 1..128 (at byte 1)"],
      [
        [1, 0x81, 1, ...Array<number>(129).fill(97), 1],
        "node id length 129 outside 1..128 (at byte 1)",
      ],
      [[1, 2, 97, 32, 1], "invalid node id byte (at byte 3)"],
      [[1, 3, 97, 98, 0xc8, 1], "invalid node id byte (at byte 4)"],
      [[1, 1, 0x80, 1], "invalid node id byte (at byte 2)"],
      [[2, 1, 98, 1, 1, 97, 1], "node ids not in strictly ascending order (at byte 4)"],
      [[1, 1, 97, 0], "zero counter (the canonical form omits it) (at byte 3)"],
      [[1, 1, 97, 1, 9], "1 trailing byte(s) (at byte 4)"],
      [[0, 7, 7, 7], "3 trailing byte(s) (at byte 1)"],
      [[1, 1, 97, 0x81, 0], "non-minimal varint (at byte 3)"],
      [
        [1, 1, 97, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1],
        "varint too long (at byte 3)",
      ],
      [
        [1, 1, 97, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10],
        "integer exceeds Number.MAX_SAFE_INTEGER (at byte 3)",
      ],
    ];
    for (const [xs, why] of cases) {
      expect(failure(() => vc.decode(bytes(xs)))).toEqual([
        "VCLOCK_MALFORMED",
        `decode: ${why}`,
        [],
      ]);
    }
    expect(failure(() => vc.decode([1, 1, 97, 1] as unknown as Uint8Array))).toEqual([
      "VCLOCK_MALFORMED",
      "decode: expected a Uint8Array",
      [],
    ]);
    // The longest accepted varint: 8 bytes, MAX_SAFE_INTEGER = 2^53 - 1.
    expect(vc.decode(bytes([1, 1, 97, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toEqual({
      a: MAX,
    });
    expect(vc.decode(bytes([2, 1, 97, 1, 1, 98, 2]))).toEqual({ a: 1, b: 2 });
  });
});
