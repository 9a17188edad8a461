import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CoreError, type CoreErrorCode } from "../../../src/core/errors.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import { arbRawJson, arbStamp } from "../../../properties/arbitraries/itc.js";
import { disjoint, equalsId, sum } from "../../../src/core/itc/ids.js";

function thrown(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error("expected a CoreError, nothing was thrown");
}

function expectCode(fn: () => unknown, code: CoreErrorCode, path?: readonly (string | number)[]) {
  const e = thrown(fn);
  expect(e.code).toBe(code);
  if (path !== undefined) expect(e.path).toEqual(path);
}

/** Every public operation, applied to `s` where a stamp is expected. */
const consumers: [string, (s: Stamp) => unknown][] = [
  ["fork", (s) => itc.fork(s)],
  ["event", (s) => itc.event(s)],
  ["peek", (s) => itc.peek(s)],
  ["join", (s) => itc.join(s, itc.peek(itc.seed()))],
  ["join (second)", (s) => itc.join(itc.peek(itc.seed()), s)],
  ["leq", (s) => itc.leq(s, itc.seed())],
  ["leq (second)", (s) => itc.leq(itc.seed(), s)],
  ["equals", (s) => itc.equals(s, itc.seed())],
  ["concurrent", (s) => itc.concurrent(itc.seed(), s)],
  ["send", (s) => itc.send(s)],
  ["receive", (s) => itc.receive(s, itc.peek(itc.seed()))],
  ["receive (message)", (s) => itc.receive(itc.seed(), s)],
  ["sync", (s) => itc.sync(s, itc.peek(itc.seed()))],
  ["encode", (s) => itc.encode(s)],
  ["encodeBits", (s) => itc.encodeBits(s)],
  ["bitLength", (s) => itc.bitLength(s)],
  ["toString", (s) => itc.toString(s)],
];

describe("ITC misuse is reported", () => {
  it("ITC-10 join of overlapping ids throws ITC_OVERLAPPING_IDS", () => {
    const s = itc.seed();
    expectCode(() => itc.join(s, s), "ITC_OVERLAPPING_IDS");
    const [a, b] = itc.fork(s);
    const [a1] = itc.fork(a);
    expectCode(() => itc.join(a, a1), "ITC_OVERLAPPING_IDS");
    expectCode(() => itc.join(s, b), "ITC_OVERLAPPING_IDS");
    expectCode(() => itc.sync(a, itc.event(a)), "ITC_OVERLAPPING_IDS");
    expectCode(() => itc.receive(b, b), "ITC_OVERLAPPING_IDS");
    // Any two different live stamps of a run can be joined, but never a stamp with itself.
    fc.assert(
      fc.property(arbStamp(), (x) => {
        if (x.id === 0) expect(itc.equals(itc.join(x, x), x)).toBe(true);
        else expectCode(() => itc.join(x, x), "ITC_OVERLAPPING_IDS");
      }),
    );
  });

  it("ITC-10 event on an anonymous stamp throws ITC_EVENT_ON_ANONYMOUS", () => {
    const m = itc.peek(itc.event(itc.seed()));
    expectCode(() => itc.event(m), "ITC_EVENT_ON_ANONYMOUS");
    expectCode(() => itc.send(m), "ITC_EVENT_ON_ANONYMOUS");
    expectCode(() => itc.receive(m, m), "ITC_EVENT_ON_ANONYMOUS");
    expectCode(() => itc.event({ id: 0, event: { n: 0, l: 1, r: 0 } }), "ITC_EVENT_ON_ANONYMOUS");
  });

  it("ITC-10 non-normal input throws ITC_NOT_NORMAL in every operation", () => {
    const bad: [unknown, readonly (string | number)[]][] = [
      [{ id: { l: 1, r: 1 }, event: 0 }, ["id"]],
      [{ id: { l: 0, r: 0 }, event: 0 }, ["id"]],
      [{ id: { l: 1, r: { l: 0, r: 0 } }, event: 0 }, ["id", "r"]],
      [{ id: 1, event: { n: 0, l: 1, r: 1 } }, ["event"]],
      [{ id: 1, event: { n: 3, l: 0, r: 0 } }, ["event"]],
      [{ id: 1, event: { n: 0, l: { n: 1, l: 0, r: 1 }, r: { n: 2, l: 0, r: 1 } } }, ["event"]],
      [{ id: 1, event: { n: 0, l: 0, r: { n: 0, l: 2, r: 2 } } }, ["event", "r"]],
    ];
    for (const [value, path] of bad) {
      for (const [name, op] of consumers) {
        const e = thrown(() => op(value as Stamp));
        expect([name, e.code, e.path]).toEqual([name, "ITC_NOT_NORMAL", path]);
      }
      const r = itc.validate(value);
      expect(r.ok).toBe(false);
      if (!r.ok) expect([r.error.code, r.error.path]).toEqual(["ITC_NOT_NORMAL", path]);
      expect(itc.isNormal(value)).toBe(false);
      expect(itc.isNormal(itc.normalize(value))).toBe(true);
    }
  });

  it("ITC-10 malformed input throws ITC_MALFORMED with the path of the offending field", () => {
    const ev = (leaf: unknown) => ({
      id: 1,
      event: { n: 0, l: { n: 1, l: 0, r: { n: leaf, l: 0, r: 1 } }, r: 0 },
    });
    const cases: [unknown, readonly (string | number)[]][] = [
      [ev(NaN), ["event", "l", "r", "n"]],
      [ev(-1), ["event", "l", "r", "n"]],
      [ev(1.5), ["event", "l", "r", "n"]],
      [ev(Infinity), ["event", "l", "r", "n"]],
      [ev("1"), ["event", "l", "r", "n"]],
      [ev(2 ** 53), ["event", "l", "r", "n"]],
      [{ id: 1, event: { n: 0, l: 1, r: -1 } }, ["event", "r"]],
      [{ id: 1, event: { n: 0, l: 1, r: 0, x: 1 } }, ["event", "x"]],
      [{ id: 1, event: { n: 0, l: 1 } }, ["event", "r"]],
      [{ id: 1, event: [0, 1, 0] }, ["event"]],
      [{ id: 2, event: 0 }, ["id"]],
      [{ id: { l: 1, r: 0.5 }, event: 0 }, ["id", "r"]],
      [{ id: { l: 1, r: 0, n: 0 }, event: 0 }, ["id", "n"]],
      [{ id: { l: null, r: 0 }, event: 0 }, ["id", "l"]],
      [{ id: 1, event: 0, extra: true }, ["extra"]],
      [{ id: 1 }, ["event"]],
      [null, []],
      ["(1, 0)", []],
      [[1, 0], []],
      // Counters are bounded along each path, not only one by one.
      [{ id: 1, event: { n: 2 ** 52, l: 0, r: 2 ** 52 } }, ["event", "r"]],
    ];
    for (const [value, path] of cases) {
      for (const [name, op] of consumers) {
        const e = thrown(() => op(value as Stamp));
        expect([name, e.code, e.path]).toEqual([name, "ITC_MALFORMED", path]);
      }
      expectCode(() => itc.normalize(value), "ITC_MALFORMED", path);
      const r = itc.stampSchema.safeParse(value);
      expect(r.success).toBe(false);
      if (!r.success) {
        expect(r.error.issues).toHaveLength(1);
        expect(r.error.issues[0]?.path).toEqual(path);
      }
    }
  });

  it("ITC-10 the reported path points at a corrupted leaf anywhere in a realistic stamp", () => {
    const badLeaf = fc.constantFrom(
      NaN,
      -1,
      1.5,
      Infinity,
      -Infinity,
      "x",
      null,
      true,
      2 ** 53,
      [],
    );
    fc.assert(
      fc.property(arbStamp(), fc.nat(), badLeaf, (s, pick, leaf) => {
        const j = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
        // Collect every leaf position (and event n fields) with its path.
        const spots: (string | number)[][] = [];
        const walk = (v: unknown, path: (string | number)[]) => {
          if (typeof v !== "object" || v === null) spots.push(path);
          else for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
        };
        walk(j, []);
        const path = spots[pick % spots.length] as (string | number)[];
        let parent: Record<string | number, unknown> = j;
        for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        parent[path[path.length - 1] as string] = leaf;
        const r = itc.validate(j);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe("ITC_MALFORMED");
          expect(r.error.path).toEqual(path);
        }
        const z1 = itc.stampSchema.safeParse(j);
        expect(z1.success ? [] : z1.error.issues.map((i) => i.path)).toEqual([path]);
      }),
    );
  });

  it("ITC-10 validate on arbitrary values either accepts a normal stamp or reports an error", () => {
    fc.assert(
      fc.property(arbRawJson, (v) => {
        const r = itc.validate(v);
        if (r.ok) {
          expect(itc.isNormal(r.value)).toBe(true);
          expect(Object.isFrozen(r.value)).toBe(true);
          expect(itc.equals(itc.decode(itc.encode(r.value)), r.value)).toBe(true);
        } else {
          expect(["ITC_MALFORMED", "ITC_NOT_NORMAL"]).toContain(r.error.code);
          expect(Array.isArray(r.error.path)).toBe(true);
        }
        expect(itc.stampSchema.safeParse(v).success).toBe(r.ok);
      }),
      { numRuns: 300 },
    );
  });

  it("ITC-10 validated values are frozen copies; operation results are frozen", () => {
    const raw = { id: { l: 1, r: 0 }, event: { n: 0, l: 1, r: 0 } };
    const r = itc.validate(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(raw);
    expect(r.value).not.toBe(raw);
    expect(Object.isFrozen(r.value) && Object.isFrozen(r.value.id)).toBe(true);
    // Mutating the caller's object afterwards does not affect the copy.
    raw.event.l = 7;
    expect(itc.toString(r.value)).toBe("((1,0), (0,1,0))");
    const [a] = itc.fork(r.value);
    expect(Object.isFrozen(a) && Object.isFrozen(a.id) && Object.isFrozen(a.event)).toBe(true);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.keys(a)).toEqual(["id", "event"]);
  });

  it("ITC-10 parse rejects bad text with ITC_MALFORMED and the character position", () => {
    const cases: [string, number][] = [
      ["", 0],
      ["(1 0)", 3],
      ["(1, 0", 5],
      ["(2, 0)", 1],
      ["((1,0), (0,2))", 12],
      ["(1, 0) x", 7],
      ["(1, -1)", 4],
      ["(1, 01)", 4],
      ["(1, 99999999999999999)", 4],
      ["(10, 0)", 1],
    ];
    for (const [text, pos] of cases) {
      const e = thrown(() => itc.parse(text));
      expect([text, e.code, e.path]).toEqual([text, "ITC_MALFORMED", [pos]]);
      expect(e.message).toContain(`position ${pos}`);
    }
    expectCode(() => itc.parse("((1,1), 0)"), "ITC_NOT_NORMAL", ["id"]);
    expect(itc.toString(itc.parse("((1,1), (0,1,1))", { normalize: true }))).toBe("(1, 1)");
  });

  it("ITC-10 stampJsonSchema describes the shape (checked through zod's JSON Schema reader)", () => {
    const fromJson = z.fromJSONSchema(
      itc.stampJsonSchema as unknown as Parameters<typeof z.fromJSONSchema>[0],
    );
    const good = [
      { id: 1, event: 0 },
      { id: { l: 1, r: { l: 0, r: 1 } }, event: { n: 2, l: 0, r: { n: 0, l: 3, r: 0 } } },
    ];
    const bad = [
      { id: 2, event: 0 },
      { id: 1, event: -1 },
      { id: 1, event: 1.5 },
      { id: 1, event: { n: 0, l: 0 } },
      { id: 1, event: 0, x: 0 },
      { id: { l: 1, r: 0, z: 0 }, event: 0 },
      { event: 0 },
    ];
    for (const g of good) expect(fromJson.safeParse(g).success).toBe(true);
    for (const b of bad) expect(fromJson.safeParse(b).success).toBe(false);
    expect(itc.stampJsonSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });
});

/**
 * The words of the errors (found by StrykerJS, bench/RESULTS.md: only the codes and paths were
 * checked). Each message names the operation, the offending value and the rule it breaks.
 */
describe("ITC error messages", () => {
  function messageOf(f: () => unknown): string {
    const e = thrown(f);
    return `${e.code}: ${e.message} @${JSON.stringify(e.path)}`;
  }
  function rejected(x: unknown): string {
    const r = itc.validate(x);
    if (r.ok) throw new Error("accepted");
    return `${r.error.code}: ${r.error.message} @${JSON.stringify(r.error.path)}`;
  }

  it("validate describes the value it got and the rule it breaks", () => {
    const must = "ITC_MALFORMED: stamp must be an object {id, event}, got";
    const cases: [unknown, string][] = [
      [null, `${must} null @[]`],
      [[1], `${must} an array @[]`],
      [5, `${must} 5 @[]`],
      ["(1, 0)", `${must} the string "(1, 0)" @[]`],
      ["abcdefghijklmnopqrstuvwxyz", `${must} the string "abcdefghijklmnopqrst…" @[]`],
      ["abcdefghijklmnopqrst", `${must} the string "abcdefghijklmnopqrst" @[]`],
      [true, `${must} a boolean @[]`],
      [undefined, `${must} undefined @[]`],
      [{ id: 2, event: 0 }, 'ITC_MALFORMED: id must be 0, 1 or an object {l, r}, got 2 @["id"]'],
      [
        { id: { l: 1, r: "x" }, event: 0 },
        'ITC_MALFORMED: id must be 0, 1 or an object {l, r}, got the string "x" @["id","r"]',
      ],
      [
        { id: { l: 0, r: 0 }, event: 0 },
        'ITC_NOT_NORMAL: id (0,0) is not in normal form (it should be 0) @["id"]',
      ],
      [
        { id: { l: 1, r: { l: 1, r: 1 } }, event: 0 },
        'ITC_NOT_NORMAL: id (1,1) is not in normal form (it should be 1) @["id","r"]',
      ],
      [{ id: 1, event: 0, x: 1 }, 'ITC_MALFORMED: unexpected key "x" @["x"]'],
      [{ id: 1 }, 'ITC_MALFORMED: missing key "event" @["event"]'],
      [
        { id: 1, event: { n: 0, l: 0, r: 1, k: 0 } },
        'ITC_MALFORMED: unexpected key "k" @["event","k"]',
      ],
      [{ id: 1, event: { n: 0, l: 0 } }, 'ITC_MALFORMED: missing key "r" @["event","r"]'],
      [
        { id: 1, event: "1" },
        'ITC_MALFORMED: event must be a non-negative integer or an object {n, l, r}, got the string "1" @["event"]',
      ],
      [
        { id: 1, event: [] },
        'ITC_MALFORMED: event must be a non-negative integer or an object {n, l, r}, got an array @["event"]',
      ],
      [
        { id: 1, event: null },
        'ITC_MALFORMED: event must be a non-negative integer or an object {n, l, r}, got null @["event"]',
      ],
      [{ id: 1, event: NaN }, 'ITC_MALFORMED: event counter must be a number, got NaN @["event"]'],
      [
        { id: 1, event: -Infinity },
        'ITC_MALFORMED: event counter must be finite, got -Infinity @["event"]',
      ],
      [
        { id: 1, event: 1.5 },
        'ITC_MALFORMED: event counter must be an integer, got 1.5 @["event"]',
      ],
      [
        { id: 1, event: -2 },
        'ITC_MALFORMED: event counter must be non-negative, got -2 @["event"]',
      ],
      [
        { id: 1, event: 2 ** 53 },
        'ITC_MALFORMED: event counter must be at most Number.MAX_SAFE_INTEGER, got 9007199254740992 @["event"]',
      ],
      [
        { id: 1, event: { n: "0", l: 0, r: 1 } },
        'ITC_MALFORMED: event node n must be a non-negative integer, got the string "0" @["event","n"]',
      ],
      [
        { id: 1, event: { n: {}, l: 0, r: 1 } },
        'ITC_MALFORMED: event node n must be a non-negative integer, got an object @["event","n"]',
      ],
      [
        { id: 1, event: { n: 2 ** 52, l: 0, r: 2 ** 52 } },
        'ITC_MALFORMED: event counter plus the counters above it (4503599627370496) exceeds Number.MAX_SAFE_INTEGER @["event","r"]',
      ],
      [
        { id: 1, event: { n: 0, l: { n: 2, l: 0, r: 1 }, r: 3 } },
        'ITC_NOT_NORMAL: event node is not in normal form: both children have a base ≥ 2, which should be lifted into n @["event"]',
      ],
      [
        { id: 1, event: { n: 0, l: 4, r: { n: 3, l: 0, r: 1 } } },
        'ITC_NOT_NORMAL: event node is not in normal form: both children have a base ≥ 3, which should be lifted into n @["event"]',
      ],
      [
        { id: 1, event: { n: 1, l: 1, r: { n: 0, l: 0, r: { n: 2, l: 0, r: 0 } } } },
        'ITC_NOT_NORMAL: event node (2,0,0) is not in normal form (it should be 2) @["event","r","r"]',
      ],
    ];
    for (const [value, message] of cases) expect(rejected(value)).toBe(message);
  });

  it("an event node the module already built is reused, and still bounded by the counters above it", () => {
    const known = itc.event(itc.fork(itc.event(itc.seed()))[0]).event;
    expect(known).toEqual({ n: 1, l: 1, r: 0 });
    const big = Number.MAX_SAFE_INTEGER - 2;
    const r = itc.validate({ id: 1, event: { n: big, l: 0, r: known } });
    expect(r.ok && typeof r.value.event === "object" && r.value.event.r).toBe(known);
    expect(rejected({ id: 1, event: { n: big + 1, l: 0, r: known } })).toBe(
      'ITC_MALFORMED: event counters below exceed Number.MAX_SAFE_INTEGER @["event","r"]',
    );
    // -0 is read as the counter 0.
    const z = itc.validate({ id: 1, event: -0 });
    expect(z.ok && Object.is(z.value.event, 0)).toBe(true);
  });

  it("the operations name themselves in their messages", () => {
    expect(messageOf(() => itc.fork({ id: 2, event: 0 } as unknown as Stamp))).toBe(
      'ITC_MALFORMED: fork: id must be 0, 1 or an object {l, r}, got 2 @["id"]',
    );
    const overlap = "the stamps' ids overlap (they have no sum) @[]";
    const s = itc.seed();
    expect(messageOf(() => itc.join(s, s))).toBe(`ITC_OVERLAPPING_IDS: join: ${overlap}`);
    expect(messageOf(() => itc.receive(s, s))).toBe(`ITC_OVERLAPPING_IDS: receive: ${overlap}`);
    expect(messageOf(() => itc.sync(s, s))).toBe(`ITC_OVERLAPPING_IDS: sync: ${overlap}`);
    const [a] = itc.fork(s);
    expect(messageOf(() => itc.sync(a, itc.fork(a)[1]))).toBe(
      `ITC_OVERLAPPING_IDS: sync: ${overlap}`,
    );
    const anon = "cannot register an event on an anonymous stamp (id 0) @[]";
    const m = itc.peek(s);
    expect(messageOf(() => itc.event(m))).toBe(`ITC_EVENT_ON_ANONYMOUS: event: ${anon}`);
    expect(messageOf(() => itc.send(m))).toBe(`ITC_EVENT_ON_ANONYMOUS: send: ${anon}`);
    expect(messageOf(() => itc.receive(m, m))).toBe(`ITC_EVENT_ON_ANONYMOUS: receive: ${anon}`);
    expect(messageOf(() => itc.event({ id: 1, event: Number.MAX_SAFE_INTEGER }))).toBe(
      "ITC_MALFORMED: event counter would exceed Number.MAX_SAFE_INTEGER (9007199254740991) @[]",
    );
  });

  it("parse says what it expected, what it found and where", () => {
    const cases: [unknown, string][] = [
      ["", 'expected "(" but found end of text at position 0 @[0]'],
      ["(1 0)", 'expected "," but found "0" at position 3 @[3]'],
      ["(2, 0)", 'expected 0, 1 or "(" but found "2" at position 1 @[1]'],
      ["(1, 0)\t\n\r x", 'unexpected "x" after the stamp at position 10 @[10]'],
      ["(1, -1)", 'expected a natural number but found "-" at position 4 @[4]'],
      ["(1, 01)", "leading zeros at position 4 @[4]"],
      ["(1, 99999999999999999)", "number exceeds Number.MAX_SAFE_INTEGER at position 4 @[4]"],
      ["(10, 0)", "an id leaf is 0 or 1 at position 1 @[1]"],
      ["(19, 0)", "an id leaf is 0 or 1 at position 1 @[1]"],
      ["(1a, 0)", 'expected "," but found "a" at position 2 @[2]'],
      ["(1, 3:)", 'expected ")" but found ":" at position 5 @[5]'],
      [5, "expected a string @[]"],
    ];
    for (const [text, message] of cases) {
      expect(messageOf(() => itc.parse(text as string))).toBe(`ITC_MALFORMED: parse: ${message}`);
    }
    // Every whitespace character between tokens: space, tab, newline, carriage return.
    expect(itc.toString(itc.parse(" \t\n\r( ( 1 ,\t0 ) ,\n( 0 , 1 , 0 ) )\r\n "))).toBe(
      "((1,0), (0,1,0))",
    );
    expect(itc.toString(itc.parse("(1,(10,0,9007199254740981))"))).toBe(
      "(1, (10,0,9007199254740981))",
    );
  });
  it("stampSchema's issue carries the message, the path and the CoreError code", () => {
    const r = itc.stampSchema.safeParse({ id: 1, event: { n: 0, l: 0, r: -2 } });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues).toHaveLength(1);
    expect(r.error.issues[0]).toMatchObject({
      code: "custom",
      message: "event counter must be non-negative, got -2",
      path: ["event", "r"],
      params: { code: "ITC_MALFORMED" },
    });
    const nn = itc.stampSchema.safeParse({ id: { l: 0, r: 0 }, event: 0 });
    expect(nn.success ? null : nn.error.issues[0]).toMatchObject({
      params: { code: "ITC_NOT_NORMAL" },
    });
    expect(itc.stampSchema.safeParse({ id: 1, event: 3 }).success).toBe(true);
  });

  it("an anonymous stamp forks and syncs into anonymous stamps", () => {
    const m = itc.peek(itc.event(itc.seed()));
    for (const [a, b] of [itc.fork(m), itc.sync(m, m)]) {
      expect(itc.toString(a)).toBe("(0, 1)");
      expect(itc.toString(b)).toBe("(0, 1)");
    }
  });
  it("id and event nodes the module built are reused as they are, even twice in one node", () => {
    const [a] = itc.fork(itc.seed());
    const [a1] = itc.fork(a);
    const knownId = a1.id;
    expect(knownId).toEqual({ l: { l: 1, r: 0 }, r: 0 });
    const r = itc.validate({ id: knownId, event: 0 });
    expect(r.ok && r.value.id).toBe(knownId);
    // A base-0 event node, used as both children: (0, K, K) is normal.
    const k = itc.event(a).event;
    expect(k).toEqual({ n: 0, l: 1, r: 0 });
    const both = itc.validate({ id: 1, event: { n: 0, l: k, r: k } });
    expect(both.ok && itc.toString(both.value)).toBe("(1, (0,(0,1,0),(0,1,0)))");
  });

  it("an error thrown by the caller's own value (a getter) passes through unchanged", () => {
    const boom = new RangeError("boom");
    const hostile = {
      get id(): never {
        throw boom;
      },
      event: 0,
    };
    let caught: unknown;
    try {
      itc.fork(hostile as unknown as Stamp);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
  });
  it("every operation names itself and the argument at fault", () => {
    const bad = { id: 2, event: 0 } as unknown as Stamp;
    const s = itc.seed();
    const m = itc.peek(s);
    const cases: [string, () => unknown][] = [
      ["peek", () => itc.peek(bad)],
      ["event", () => itc.event(bad)],
      ["join (first argument)", () => itc.join(bad, m)],
      ["join (second argument)", () => itc.join(m, bad)],
      ["leq (first argument)", () => itc.leq(bad, s)],
      ["leq (second argument)", () => itc.leq(s, bad)],
      ["equals (first argument)", () => itc.equals(bad, s)],
      ["equals (second argument)", () => itc.equals(s, bad)],
      ["concurrent (first argument)", () => itc.concurrent(bad, s)],
      ["concurrent (second argument)", () => itc.concurrent(s, bad)],
      ["send", () => itc.send(bad)],
      ["receive (stamp)", () => itc.receive(bad, m)],
      ["receive (message)", () => itc.receive(s, bad)],
      ["sync (first argument)", () => itc.sync(bad, m)],
      ["sync (second argument)", () => itc.sync(m, bad)],
      ["toString", () => itc.toString(bad)],
      ["encode", () => itc.encode(bad)],
      ["encodeBits", () => itc.encodeBits(bad)],
      ["bitLength", () => itc.bitLength(bad)],
    ];
    for (const [where, f] of cases) {
      expect(messageOf(f)).toBe(
        `ITC_MALFORMED: ${where}: id must be 0, 1 or an object {l, r}, got 2 @["id"]`,
      );
    }
  });

  it("equalsId and disjoint agree with the trees' denotation on arbitrary ids", () => {
    type RawId = 0 | 1 | { l: RawId; r: RawId };
    const arbId: fc.Arbitrary<RawId> = fc.letrec<{ id: RawId }>((tie) => ({
      id: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom<RawId>(0, 1),
        fc.record({ l: tie("id"), r: tie("id") }),
      ),
    })).id;
    // The set of owned intervals at depth 6, one bit per 1/64 of the interval.
    const cells = (i: RawId, depth = 6): string => {
      if (typeof i === "number") return String(i).repeat(2 ** depth);
      return depth === 0 ? "?" : cells(i.l, depth - 1) + cells(i.r, depth - 1);
    };
    const normal = (i: RawId): itc.Id => {
      const r = itc.normalize({ id: i, event: 0 });
      return r.id;
    };
    fc.assert(
      fc.property(arbId, arbId, (a, b) => {
        const x = normal(a);
        const y = normal(b);
        const cx = cells(x as RawId);
        const cy = cells(y as RawId);
        if (cx.includes("?") || cy.includes("?")) return;
        expect(equalsId(x, y)).toBe(cx === cy);
        expect(equalsId(x, normal(JSON.parse(JSON.stringify(x)) as RawId))).toBe(true);
        let overlap = false;
        for (let k = 0; k < cx.length; k++) if (cx[k] === "1" && cy[k] === "1") overlap = true;
        expect(disjoint(x, y)).toBe(!overlap);
        // sum: the union of the owned cells, or ITC_OVERLAPPING_IDS (never another error).
        if (overlap) expect(thrown(() => sum(x, y)).code).toBe("ITC_OVERLAPPING_IDS");
        else {
          const u = Array.from(cx, (c, k) => (c === "1" || cy[k] === "1" ? "1" : "0")).join("");
          expect(cells(sum(x, y) as RawId)).toBe(u);
        }
        expect(
          itc.equals(itc.normalize({ id: x, event: 0 }), itc.normalize({ id: y, event: 0 })),
        ).toBe(cx === cy);
      }),
      { numRuns: 400 },
    );
    expect(equalsId({ l: 1, r: 0 } as itc.Id, 1)).toBe(false);
    // A node facing a leaf below the root, with more nodes under it.
    const deep = { l: { l: { l: 1, r: 0 }, r: 0 }, r: 0 } as itc.Id;
    expect(equalsId(deep, { l: 1, r: 0 } as itc.Id)).toBe(false);
    expect(equalsId({ l: 1, r: 0 } as itc.Id, deep)).toBe(false);
    expect(disjoint({ l: 1, r: 0 } as itc.Id, { l: 0, r: 1 } as itc.Id)).toBe(true);
    expect(disjoint({ l: 1, r: 0 } as itc.Id, 1)).toBe(false);
    // A leaf 1 facing a node with more nodes under it, on either side of sum.
    const half = { l: 1, r: 0 } as itc.Id;
    expect(thrown(() => sum(half, deep)).code).toBe("ITC_OVERLAPPING_IDS");
    // Without a caller's name, sum speaks as join.
    expect(thrown(() => sum(half, 1)).message).toBe(
      "join: the stamps' ids overlap (they have no sum)",
    );
    expect(thrown(() => sum(deep, half)).code).toBe("ITC_OVERLAPPING_IDS");
  });
});
