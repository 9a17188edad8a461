import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CoreError } from "../../../src/core/errors.js";
import * as itc from "../../../src/core/itc/index.js";
import { arbStamp } from "../../../properties/arbitraries/itc.js";
import { bitsToBytes } from "./reference.js";

/** decode either rejects with ITC_DECODE or accepts exactly what encode would produce. */
function strictRoundTrip(bytes: Uint8Array): boolean {
  let s: itc.Stamp;
  try {
    s = itc.decode(bytes);
  } catch (e) {
    if (e instanceof CoreError && e.code === "ITC_DECODE") return false;
    throw e;
  }
  expect(Array.from(itc.encode(s))).toEqual(Array.from(bytes));
  expect(itc.isNormal(JSON.parse(JSON.stringify(s)))).toBe(true);
  return true;
}

function rejects(bits: string | Uint8Array, why: RegExp): void {
  const bytes = typeof bits === "string" ? bitsToBytes(bits) : bits;
  let err: unknown;
  try {
    itc.decode(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CoreError);
  expect((err as CoreError).code).toBe("ITC_DECODE");
  expect((err as CoreError).message).toMatch(why);
}

describe("ITC binary decoding is strict", () => {
  it("ITC-9 decode rejects random byte arrays unless they round-trip exactly", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        if (strictRoundTrip(bytes)) accepted++;
      }),
      { numRuns: 2000 },
    );
    // Not vacuous: some random inputs are valid encodings.
    expect(accepted).toBeGreaterThan(0);
  });

  it("ITC-9 decode rejects mutated encodings unless they round-trip exactly", () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("flip" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("append" as const), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant("pad" as const), at: fc.nat(7) }),
    );
    fc.assert(
      fc.property(arbStamp(), mutation, (s, m) => {
        const bytes = itc.encode(s);
        let out: Uint8Array;
        if (m.kind === "flip") {
          out = bytes.slice();
          const bit = m.at % (out.length * 8);
          out[bit >> 3] = (out[bit >> 3] as number) ^ (0x80 >> (bit & 7));
        } else if (m.kind === "truncate") {
          out = bytes.slice(0, m.at % bytes.length);
        } else if (m.kind === "append") {
          out = new Uint8Array([...bytes, m.byte]);
          expect(strictRoundTrip(out)).toBe(false);
        } else {
          // Set one padding bit, if there is any padding.
          const bits = itc.bitLength(s);
          const pad = bytes.length * 8 - bits;
          out = bytes.slice();
          if (pad > 0) {
            const bit = bits + (m.at % pad);
            out[bit >> 3] = (out[bit >> 3] as number) | (0x80 >> (bit & 7));
            expect(strictRoundTrip(out)).toBe(false);
          }
        }
        strictRoundTrip(out);
      }),
      { numRuns: 1000 },
    );
  });

  it("ITC-9 decode rejects truncation, trailing bytes, padding bits and empty input", () => {
    const seedBytes = itc.encode(itc.seed()); // 0011000 + one padding bit
    rejects(new Uint8Array([]), /truncated/);
    rejects(new Uint8Array([...seedBytes, 0]), /trailing/);
    rejects(new Uint8Array([(seedBytes[0] as number) | 1]), /padding/);
    const two = itc.encode(itc.fork(itc.seed())[0]); // 9 bits
    expect(two.length).toBe(2);
    rejects(two.slice(0, 1), /truncated/);
    // A whole byte of padding is a trailing byte.
    rejects(new Uint8Array([...two, 0]), /trailing/);
  });

  it("ITC-9 decode rejects non-canonical and non-normal trees", () => {
    const int0 = "1000";
    const int1 = "1001";
    rejects("01" + "000" + int0, /not normal/); // id (0,0)
    rejects("10" + "000" + int0, /not normal/); // id (0,0) the other way
    rejects("11" + "001" + "001" + int0, /not normal/); // id (1,1)
    rejects("11" + "000" + "001" + int0, /canonical/); // (0,1) written as a general node
    rejects("11" + "001" + "000" + int0, /canonical/);
    rejects("001" + "000" + int0, /canonical/); // event (0,0,0)
    rejects("001" + "001" + int0, /canonical/); // event (0,0,0) via (0,l,0)
    rejects("001" + "010" + int1 + int1, /not normal/); // event (0,1,1)
    rejects("001" + "010" + int0 + int1, /canonical/); // (0,0,1) as (0,l,r)
    rejects("001" + "01100" + int0 + int1, /n = 0/); // (0,0,1) as (n,0,r)
    rejects("001" + "0111" + int1 + int1 + int1, /not normal/); // (1,1,1)
    rejects("001" + "01100" + "0001001" + int1, /expected an integer/); // n written as a tree
    rejects("001" + "01101" + int1 + int0, /canonical/); // (1,0,0) as (n,l,0)
    // Counters beyond Number.MAX_SAFE_INTEGER.
    rejects("001" + "1" + "1".repeat(60), /range/);
    // 51 ones: B = 53, offset 2^53 − 4, plus 53 one-bits: far beyond 2^53 − 1.
    rejects("001" + "1" + "1".repeat(51) + "0" + "1".repeat(53), /MAX_SAFE/);
    // 50 ones: B = 52, the largest value is 2^52 − 4 + 2^52 − 1 = 2^53 − 5: accepted.
    const s = itc.decode(bitsToBytes("001" + "1" + "1".repeat(50) + "0" + "1".repeat(52)));
    expect(s).toEqual({ id: 1, event: 2 ** 53 - 5 });
    // And the largest safe counter is fine.
    const max = itc.validate({ id: 1, event: Number.MAX_SAFE_INTEGER });
    expect(max.ok).toBe(true);
    if (max.ok) expect(itc.decode(itc.encode(max.value))).toEqual(max.value);
    // A path sum beyond the safe range.
    const half = itc.validate({ id: 0, event: { n: 2 ** 52, l: 0, r: 2 ** 52 - 1 } });
    expect(half.ok).toBe(true);
    if (half.ok) {
      const bits = itc.encodeBits(half.value);
      expect(itc.decode(bitsToBytes(bits))).toEqual(half.value);
      // Bump the right leaf from 2^52 − 1 to 2^52: 2^52 + 2^52 = 2^53 is no longer safe.
      const bumped = itc.encodeBits({ id: 0, event: { n: 2 ** 52, l: 0, r: 1 } }).slice(0, -4);
      const leaf = itc.encodeBits({ id: 0, event: 2 ** 52 }).slice(3);
      rejects(bumped + leaf, /MAX_SAFE/);
    }
    expect(() => itc.decode([0x31] as unknown as Uint8Array)).toThrow(CoreError);
    // Not a byte array at all, even one that would decode as bytes (0x30 is the seed).
    for (const v of [[0x30], "0", undefined]) {
      expect(() => itc.decode(v as unknown as Uint8Array)).toThrow("decode: expected a Uint8Array");
    }
  });
});
