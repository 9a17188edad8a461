import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import { bitsToBytes } from "./reference.js";

/** Checks a stamp against its paper notation and exact bit string, and the byte round trip. */
function check(s: Stamp, text: string, bits: string): void {
  expect(itc.toString(s)).toBe(text);
  expect(itc.encodeBits(s)).toBe(bits);
  expect(itc.bitLength(s)).toBe(bits.length);
  const bytes = itc.encode(s);
  expect(Array.from(bytes)).toEqual(Array.from(bitsToBytes(bits)));
  expect(itc.equals(itc.decode(bytes), s)).toBe(true);
  expect(itc.equals(itc.parse(text), s)).toBe(true);
}

describe("ITC vectors from notes/itc.md", () => {
  it("ITC-8 seed is (1, 0) with bits 0011000", () => {
    check(itc.seed(), "(1, 0)", "0011000");
    expect(itc.seed()).toEqual({ id: 1, event: 0 });
  });

  it("ITC-4 event(seed) is (1, 1) with bits 0011001", () => {
    check(itc.event(itc.seed()), "(1, 1)", "0011001");
  });

  it("ITC-5 fork(seed) gives ((1,0), 0) and ((0,1), 0)", () => {
    const [a, b] = itc.fork(itc.seed());
    check(a, "((1,0), 0)", "100011000");
    check(b, "((0,1), 0)", "010011000");
    expect(a).toEqual({ id: { l: 1, r: 0 }, event: 0 });
    expect(b).toEqual({ id: { l: 0, r: 1 }, event: 0 });
  });

  it("ITC-4 events of the halves and their join match the table", () => {
    const [a, b] = itc.fork(itc.seed());
    const a1 = itc.event(a);
    check(a1, "((1,0), (0,1,0))", "100010011001");
    const a2 = itc.event(a1);
    check(a2, "((1,0), (0,2,0))", "100010011010");
    const b1 = itc.event(b);
    check(b1, "((0,1), (0,0,1))", "010010001001");
    // "join of the two above": the first event of each half.
    check(itc.join(a1, b1), "(1, 1)", "0011001");
    // With the second event of the left half the join keeps the difference.
    check(itc.join(a2, b1), "(1, (1,1,0))", "0010110110011001");
    expect(itc.join(a2, b1)).toEqual({ id: 1, event: { n: 1, l: 1, r: 0 } });
  });

  it("ITC-8 integer encodings: 0, 3, 4, 11, 12, 28, 60", () => {
    const table: [number, string][] = [
      [0, "1000"],
      [3, "1011"],
      [4, "110000"],
      [11, "110111"],
      [12, "11100000"],
      [28, "1111000000"],
      [60, "111110000000"],
    ];
    for (const [n, bits] of table) {
      const s = itc.validate({ id: 0, event: n });
      if (!s.ok) throw new Error(s.error.message);
      expect(itc.encodeBits(s.value)).toBe("000" + bits);
      expect(itc.decode(itc.encode(s.value))).toEqual({ id: 0, event: n });
    }
  });

  it("ITC-7 the paper's run ends with a = ((1,0), 2), bits 100011010", () => {
    let a = itc.seed();
    let b: Stamp;
    let c: Stamp;
    [a, b] = itc.fork(a);
    a = itc.event(a);
    b = itc.event(b);
    [a, c] = itc.fork(a);
    b = itc.event(b);
    a = itc.event(a);
    b = itc.join(b, c);
    [b, c] = itc.fork(b);
    a = itc.join(a, b);
    a = itc.event(a);
    check(a, "((1,0), 2)", "100011010");
    expect(a).toEqual({ id: { l: 1, r: 0 }, event: 2 });
    // The intermediate states of the figure.
    expect(itc.toString(b)).toBe("(((0,1),0), (1,0,1))");
    expect(itc.toString(c)).toBe("((0,1), (1,0,1))");
  });

  it("ITC-1 the paper's normal-form examples: (2,1,1) ≡ 3, (2,(2,1,0),3) ≡ (4,(0,1,0),1)", () => {
    expect(itc.normalize({ id: 0, event: { n: 2, l: 1, r: 1 } })).toEqual({ id: 0, event: 3 });
    expect(itc.normalize({ id: 0, event: { n: 2, l: { n: 2, l: 1, r: 0 }, r: 3 } })).toEqual({
      id: 0,
      event: { n: 4, l: { n: 0, l: 1, r: 0 }, r: 1 },
    });
    expect(itc.normalize({ id: { l: 1, r: 1 }, event: 0 })).toEqual({ id: 1, event: 0 });
    expect(itc.normalize({ id: { l: { l: 0, r: 0 }, r: 0 }, event: 0 })).toEqual({
      id: 0,
      event: 0,
    });
  });

  it("ITC-4 grow prefers the right branch on equal cost and integers over new nodes", () => {
    // id (1,1)-like split over a flat event: both halves cost the same → right grows.
    const s = itc.parse("(((1,0),(0,1)), 0)", { normalize: false });
    expect(itc.toString(itc.event(s))).toBe("(((1,0),(0,1)), (0,0,(0,0,1)))");
    // Incrementing an existing integer beats expanding a leaf into a node, on either side.
    const t = itc.parse("(((1,0),1), (0,0,1))");
    expect(itc.toString(itc.event(t))).toBe("(((1,0),1), (0,0,2))");
    const u = itc.parse("((1,(1,0)), (0,1,0))");
    expect(itc.toString(itc.event(u))).toBe("((1,(1,0)), (0,2,0))");
    expect(itc.GROW_NODE_COST).toBe(1000);
    // Even a deeper integer beats one new node: right costs 2 levels, left 1 level + 1 node.
    const v = itc.parse("(((1,0),(0,(0,1))), (0,0,(0,0,(0,0,1))))");
    expect(itc.toString(itc.event(v))).toBe("(((1,0),(0,(0,1))), (0,0,(0,0,(0,0,2))))");
  });

  it("ITC-8 toString / parse round trip and whitespace tolerance", () => {
    const s = itc.parse(" ( ( 1 , 0 ) ,\n ( 0 , 2 , 0 ) ) ");
    expect(itc.toString(s)).toBe("((1,0), (0,2,0))");
  });
});
