import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalText,
  collisionProbability,
  fingerprint,
  fingerprintHex,
  hashText64,
  hashValue64,
  observedCollisionProbability,
  observedCollisionProbabilityOfWords,
  tlcCollisionProbability,
} from "../../../src/engine/checker/fingerprint.js";
import { SeenSet } from "../../../src/engine/checker/seen-set.js";
import { StateStore } from "../../../src/engine/checker/state-store.js";
import { tup } from "../../../src/engine/trace/itf.js";

describe("canonical text and fingerprints", () => {
  it("the streaming hash equals the hash of the canonical text, and returns its length", () => {
    const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.oneof(
          fc.string(),
          fc.double(),
          fc.integer(),
          fc.boolean(),
          fc.bigInt(),
          fc.constant(null),
        ),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie("v"), { maxKeys: 4 }),
        fc.array(tie("v"), { maxLength: 3 }).map((xs) => new Set(xs)),
        fc
          .array(fc.tuple(fc.string({ maxLength: 2 }), tie("v")), { maxLength: 3 })
          .map((es) => new Map(es)),
        fc.array(tie("v"), { maxLength: 3 }).map((xs) => tup(...xs)),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }).map((b) => Uint8Array.from(b)),
      ),
    })).v;
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalText(v);
        hashText64(text, a);
        expect(hashValue64(v, b)).toBe(text.length);
        expect([...b]).toEqual([...a]);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it("does not depend on key order, set order or map order", () => {
    const a = {
      b: [1, 2],
      a: new Set(["y", "x"]),
      m: new Map([
        ["k2", 2],
        ["k1", 1],
      ]),
    };
    const b = {
      m: new Map([
        ["k1", 1],
        ["k2", 2],
      ]),
      a: new Set(["x", "y"]),
      b: [1, 2],
    };
    expect(canonicalText(a)).toBe(canonicalText(b));
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(canonicalText(a)).toBe('{"a":#set["x","y"],"b":[1,2],"m":#map["k1":1,"k2":2]}');
  });

  it("distinguishes what plain data distinguishes", () => {
    const texts = [
      [1, 2],
      [2, 1],
      "1",
      1,
      1n,
      true,
      "true",
      null,
      undefined,
      Number.NaN,
      "NaN",
      new Set([1]),
      [1],
      tup(1),
      { a: 1 },
      { a: "1" },
      new Map([[1, 1]]),
      new Uint8Array([1]),
    ].map(canonicalText);
    expect(new Set(texts).size).toBe(texts.length);
    expect(canonicalText(-0)).toBe(canonicalText(0));
    expect(canonicalText({ a: 1, b: undefined })).toBe(canonicalText({ a: 1 }));
    expect(() => canonicalText({ f: () => 1 })).toThrow(/function/);
  });

  it("hashes deterministically (recorded values: changing the hash changes every fingerprint)", () => {
    expect(fingerprintHex(fingerprint({ x: 0, y: 0 }))).toBe(
      fingerprintHex(fingerprint({ y: 0, x: 0 })),
    );
    const out = new Uint32Array(2);
    hashText64("", out);
    const empty = fingerprintHex({ hi: out[0] as number, lo: out[1] as number });
    hashText64("commons-spec", out);
    const word = fingerprintHex({ hi: out[0] as number, lo: out[1] as number });
    expect(empty).toMatch(/^[0-9a-f]{16}$/);
    expect(word).not.toBe(empty);
    // Golden values: a refactoring of the hash must be deliberate.
    expect({ empty, word }).toEqual({ empty: EMPTY_FP, word: WORD_FP });
  });

  it("has no collision among 200 000 near-identical states", () => {
    const store = new StateStore();
    const out = new Uint32Array(2);
    let duplicates = 0;
    for (let i = 0; i < 200_000; i++) {
      hashText64(canonicalText({ a: i % 97, b: Math.floor(i / 97), c: [i & 1, i & 2] }), out);
      if (store.add(out[0] as number, out[1] as number, -1, 0) < 0) duplicates++;
    }
    expect(duplicates).toBe(0);
    const { hi, lo } = store.fingerprints();
    // Each 32-bit half alone would collide about n²/2³³ ≈ 4.7 times; the pair never should.
    expect(observedCollisionProbability(hi, lo, store.size)).toBeLessThan(1e-6);
  });

  it("estimates the collision probability", () => {
    expect(collisionProbability(0)).toBe(0);
    expect(collisionProbability(1)).toBe(0);
    expect(collisionProbability(2 ** 20)).toBeCloseTo((2 ** 20 * (2 ** 20 - 1)) / 2 ** 65, 20);
    expect(collisionProbability(2 ** 40)).toBe(1);
    expect(tlcCollisionProbability(1000, 3000)).toBeCloseTo((1000 * 2000) / 2 ** 64, 25);
    const hi = new Uint32Array([0, 0, 0]);
    const lo = new Uint32Array([10, 30, 14]);
    expect(observedCollisionProbability(hi, lo, 3)).toBe(1 / 4);
    expect(observedCollisionProbability(new Uint32Array([1, 1]), new Uint32Array([5, 5]), 2)).toBe(
      1,
    );
  });

  it("the observed estimate is 1 / the smallest gap of the sorted 64-bit values (BigInt reference)", () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.array(fc.tuple(u32, u32), { minLength: 2, maxLength: 60 }), (fps) => {
        const hi = new Uint32Array(fps.map(([h]) => h));
        const lo = new Uint32Array(fps.map(([, l]) => l));
        const all = fps
          .map(([h, l]) => (BigInt(h) << 32n) | BigInt(l))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        let min = -1n;
        for (let i = 1; i < all.length; i++) {
          const d = (all[i] as bigint) - (all[i - 1] as bigint);
          if (min < 0n || d < min) min = d;
        }
        const expected = min === 0n ? 1 : 1 / Number(min);
        expect(observedCollisionProbability(hi, lo, fps.length)).toBe(expected);
      }),
    );
    // Values that agree on some bytes and differ in others (pairs close together and far apart).
    const byteish = fc
      .tuple(
        fc.constantFrom(0, 1, 0x80, 0xff),
        fc.constantFrom(0, 3, 0xff),
        fc.constantFrom(0, 0x7f),
        fc.constantFrom(0, 2, 0xfe),
      )
      .map(([a, b, c, d]) => (a | (b << 8) | (c << 16) | (d << 24)) >>> 0);
    fc.assert(
      fc.property(fc.array(fc.tuple(byteish, byteish), { minLength: 2, maxLength: 40 }), (fps) => {
        const hi = new Uint32Array(fps.map(([h]) => h));
        const lo = new Uint32Array(fps.map(([, l]) => l));
        const before = [...hi, ...lo];
        const all = fps
          .map(([h, l]) => (BigInt(h) << 32n) | BigInt(l))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        let min = -1n;
        for (let i = 1; i < all.length; i++) {
          const d = (all[i] as bigint) - (all[i - 1] as bigint);
          if (min < 0n || d < min) min = d;
        }
        expect(observedCollisionProbability(hi, lo, fps.length)).toBe(
          min === 0n ? 1 : 1 / Number(min),
        );
        expect([...hi, ...lo]).toEqual(before); // the inputs are not sorted in place
      }),
    );
    // The seen set's own layout of its fingerprints gives the same estimate (the checker's path).
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(byteish, byteish), {
          minLength: 0,
          maxLength: 60,
          selector: ([h, l]) => `${h}/${l}`,
        }),
        fc.boolean(),
        (fps, withZero) => {
          const all = withZero
            ? [[0, 0] as const, ...fps.filter(([h, l]) => h !== 0 || l !== 0)]
            : fps;
          const set = new SeenSet(false);
          for (const [h, l] of all) if (set.find(h, l) < 0) set.add(h, l, -1, 0, 0);
          expect(set.size).toBe(all.length);
          const hi = new Uint32Array(all.map(([h]) => h));
          const lo = new Uint32Array(all.map(([, l]) => l));
          expect(observedCollisionProbabilityOfWords(set.fingerprintWords(), set.size)).toBe(
            observedCollisionProbability(hi, lo, all.length),
          );
        },
      ),
    );
    // Close values too (small gaps in the high and the low half).
    const hi = new Uint32Array([7, 7, 8, 0xffffffff]);
    const lo = new Uint32Array([0xffffffff, 3, 0, 0]);
    expect(observedCollisionProbability(hi, lo, 4)).toBe(1);
  });
});

describe("seen set", () => {
  it("addIfAbsent (one probe) does what find then add do, growth, the zero fingerprint and the limit included", () => {
    // Small values collide in the table's slots and in its cache of recent fingerprints.
    const small = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(small, small), { maxLength: 400 }),
        fc.integer({ min: 0, max: 500 }),
        fc.boolean(),
        (fps, limit, shared) => {
          const a = new SeenSet(false, shared, 4);
          const b = new SeenSet(false, false, 4);
          fps.forEach(([h, l], k) => {
            const got = a.addIfAbsent(h, l, k - 1, k % 7, k, limit);
            const want =
              b.find(h, l) >= 0 ? -1 : b.size >= limit ? -2 : b.add(h, l, k - 1, k % 7, k);
            expect(got).toBe(want);
            expect(a.size).toBe(b.size);
          });
          for (let i = 0; i < a.size; i++) {
            expect(a.parent(i)).toBe(b.parent(i));
            expect(a.action(i)).toBe(b.action(i));
            expect(a.ordinal(i)).toBe(b.ordinal(i));
          }
          for (const [h, l] of fps) expect(a.find(h, l)).toBe(b.find(h, l));
          expect([...a.fingerprintWords()].sort()).toEqual([...b.fingerprintWords()].sort());
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe("state store", () => {
  it("adds, finds and grows, keeping parent pointers", () => {
    const s = new StateStore(16);
    for (let i = 0; i < 5000; i++) expect(s.add(i * 7919, i, i - 1, i % 3)).toBe(i);
    expect(s.size).toBe(5000);
    expect(s.add(7919 * 42, 42, 0, 0)).toBe(-42 - 1);
    expect(s.indexOf(7919 * 42, 42)).toBe(42);
    expect(s.indexOf(1, 1)).toBe(-1);
    expect(s.parent(42)).toBe(41);
    expect(s.action(42)).toBe(0);
    expect(s.fingerprintLo(4999)).toBe(4999);
    expect(s.bytes()).toBeGreaterThan(5000 * 22);
  });
});

const EMPTY_FP = "45367ccb00838b5d";
const WORD_FP = "d2820194e063e522";
