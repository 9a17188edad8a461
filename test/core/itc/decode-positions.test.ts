/**
 * decode's error messages name the bit where the offending item starts (found wanting by
 * StrykerJS, part itc-encode: no test read the positions). Each position below is counted by hand
 * from Appendix A's layout: the id's bits first, then the event's.
 */
import { describe, expect, it } from "vitest";
import { CoreError } from "../../../src/core/errors.js";
import * as itc from "../../../src/core/itc/index.js";
import { bitsToBytes } from "./reference.js";

function message(bits: string | Uint8Array): string {
  try {
    itc.decode(typeof bits === "string" ? bitsToBytes(bits) : bits);
  } catch (e) {
    if (e instanceof CoreError && e.code === "ITC_DECODE") return e.message;
    throw e;
  }
  throw new Error("decode accepted the input");
}

const int0 = "1000";
const int1 = "1001";

describe("ITC decode names the bit at fault", () => {
  it("ids: the node that is not normal or not canonical, at any depth", () => {
    expect(message("01" + "000" + int0)).toBe("decode: id (0,0) is not normal (at bit 0)");
    expect(message("10" + "000" + int0)).toBe("decode: id (0,0) is not normal (at bit 0)");
    expect(message("11" + "001" + "001" + int0)).toBe("decode: id (1,1) is not normal (at bit 0)");
    expect(message("11" + "000" + "001" + int0)).toBe(
      "decode: id (l,r) with a 0 child is not the canonical form (at bit 0)",
    );
    // Nested: (1, (0,0)) and ((0,0), 1) — the inner node starts at bit 5 and bit 2.
    expect(message("11" + "001" + "01" + "000" + int0)).toBe(
      "decode: id (0,0) is not normal (at bit 5)",
    );
    expect(message("11" + "10" + "000" + "001" + int0)).toBe(
      "decode: id (0,0) is not normal (at bit 2)",
    );
    expect(message("11" + "001" + "11" + "001" + "001" + int0)).toBe(
      "decode: id (1,1) is not normal (at bit 5)",
    );
  });

  it("events: the node or integer at fault, after the id's bits", () => {
    // The id 1 takes bits 0–2: the event starts at bit 3.
    expect(message("001" + "010" + int1 + int1)).toBe(
      "decode: event node is not normal (children's bases > 0) (at bit 3)",
    );
    expect(message("001" + "001" + int0)).toBe(
      "decode: explicit 0 child is not the canonical form (at bit 3)",
    );
    expect(message("001" + "01100" + int0 + int1)).toBe(
      "decode: event node with n = 0 is not the canonical form (at bit 3)",
    );
    expect(message("001" + "01100" + "0001001" + int1)).toBe(
      "decode: expected an integer for n (at bit 8)",
    );
    expect(message("001" + "01101" + int1 + int0)).toBe(
      "decode: explicit 0 child is not the canonical form (at bit 3)",
    );
    // Nested: (0, 1, (0, 1, 1)) — the inner node starts after 010 and 1001, at bit 10.
    expect(message("001" + "010" + int1 + "010" + int1 + int1)).toBe(
      "decode: event node is not normal (children's bases > 0) (at bit 10)",
    );
    // (0, 2, (0, 0, 0)): the inner node, at bit 10, has an explicit 0 child.
    expect(message("001" + "010" + "1010" + "001" + int0)).toBe(
      "decode: explicit 0 child is not the canonical form (at bit 10)",
    );
    // An id (1, 0) (5 bits) then an event whose n is written as a tree: the n starts at bit 10.
    expect(message("10001" + "01100" + "0001001" + int1)).toBe(
      "decode: expected an integer for n (at bit 10)",
    );
  });

  it("integers: out of range and beyond the safe range point at their leading 1", () => {
    expect(message("001" + "1" + "1".repeat(60))).toBe("decode: integer out of range (at bit 3)");
    expect(message("001" + "1" + "1".repeat(51) + "0" + "1".repeat(53))).toBe(
      "decode: counter exceeds Number.MAX_SAFE_INTEGER (at bit 3)",
    );
    // The same integer as the child of an event (0, 0, ·): its leading 1 is at bit 6.
    expect(message("001" + "000" + "1" + "1".repeat(51) + "0" + "1".repeat(53))).toBe(
      "decode: counter exceeds Number.MAX_SAFE_INTEGER (at bit 6)",
    );
  });

  it("truncation, trailing bytes and padding", () => {
    expect(message(new Uint8Array([]))).toBe("decode: truncated input (at bit 0)");
    // The seed is 7 bits (001 1000): a second byte is trailing.
    const seed = itc.encode(itc.seed());
    expect(message(new Uint8Array([...seed, 0]))).toBe("decode: 1 trailing byte(s) (at bit 7)");
    expect(message(new Uint8Array([...seed, 0, 0]))).toBe("decode: 2 trailing byte(s) (at bit 7)");
    // Four id node headers and nothing after them: truncated where the next read starts.
    expect(message(bitsToBytes("11111111"))).toBe("decode: truncated input (at bit 8)");
    expect(message(new Uint8Array([(seed[0] as number) | 1]))).toBe(
      "decode: non-zero padding bits (at bit 7)",
    );
    // Several padding bits, only the last one set: the error names where the padding starts.
    const bits = itc.encodeBits(itc.fork(itc.seed())[0]); // 9 bits, then 7 of padding
    expect([1, 2, 3, 4, 5, 6]).toContain(bits.length % 8);
    const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8 - 1, "0") + "1";
    expect(message(padded)).toBe(`decode: non-zero padding bits (at bit ${bits.length})`);
    // The input ends where a single bit is read (the unary length of an integer): id (0, 1) in
    // bits 0–4, an integer's leading 1 and two more ones; the next bit, 8, is missing.
    expect(message("01001" + "111")).toBe("decode: truncated input (at bit 8)");
    // Not bytes at all: the same code as every other decode error.
    expect(message([0x31] as unknown as Uint8Array)).toBe("decode: expected a Uint8Array");
  });

  it("a node's n that takes its path beyond the safe range, not only a counter", () => {
    // id 1 (bits 0–2); (1, l, 0) (header 3–7, n = 1 in 8–11); l = (MAX, 1, 0) (header 12–16,
    // n's leading 1 at 17): 1 + MAX is past Number.MAX_SAFE_INTEGER at the inner n already.
    const intMax = "1" + "1".repeat(51) + "0" + "0".repeat(51) + "11";
    expect(message("001" + "01101" + int1 + "01101" + intMax + int1)).toBe(
      "decode: counter exceeds Number.MAX_SAFE_INTEGER (at bit 17)",
    );
    // Its edge: an inner (MAX − 1, 1, 0) is within range under an n of 0; under an n of 1 it is
    // its counter, at bit 17 + 106, that goes past.
    const intMax1 = "1" + "1".repeat(51) + "0" + "0".repeat(51) + "10";
    expect(itc.decode(bitsToBytes("001" + "001" + "01101" + intMax1 + int1)).event).toEqual({
      n: 0,
      l: { n: Number.MAX_SAFE_INTEGER - 1, l: 1, r: 0 },
      r: 0,
    });
    expect(message("001" + "01101" + int1 + "01101" + intMax1 + int1)).toBe(
      "decode: counter exceeds Number.MAX_SAFE_INTEGER (at bit 123)",
    );
  });
});
