import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";

/**
 * 100 000-level trees, built iteratively as plain JSON. Nothing here may recurse on depth, and
 * nothing here may be handed to JSON.stringify or to vitest's deep equality (both recurse).
 */
const D = 100_000;

type RawId = 0 | 1 | { l: RawId; r: RawId };
type RawEv = number | { n: number; l: RawEv; r: RawEv };

/** ((…((bottom,0),0)…),0): the leftmost sliver of the interval, D levels deep. */
function leftChain(bottom: RawId, depth = D): RawId {
  let i = bottom;
  for (let k = 0; k < depth; k++) i = { l: i, r: 0 };
  return i;
}

/** (0,(0,(…(0,e,1)…),1),1): an event tree D levels deep along the left edge. */
function eventChain(bottom: RawEv, n = 0, right: RawEv = 1, depth = D): RawEv {
  let e = bottom;
  for (let k = 0; k < depth; k++) e = { n, l: e, r: right };
  return e;
}

function ok(x: unknown): Stamp {
  const r = itc.validate(x);
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.path.slice(0, 5).join(".")}…`);
  return r.value;
}

function depthOf(s: Stamp): [number, number] {
  let di = 0;
  for (let i = s.id; typeof i === "object"; i = i.l === 0 ? i.r : i.l) di++;
  let de = 0;
  for (let e = s.event; typeof e === "object"; e = typeof e.l === "object" ? e.l : e.r) de++;
  return [di, de];
}

describe("ITC deep trees (100 000 levels)", () => {
  const a = ok({ id: leftChain({ l: 1, r: 0 }), event: eventChain({ n: 0, l: 0, r: 1 }) });
  const b = ok({ id: leftChain({ l: 0, r: 1 }), event: eventChain({ n: 0, l: 2, r: 0 }) });

  it("ITC-11 validate, isNormal, normalize and stampSchema handle 100 000 levels", () => {
    expect(depthOf(a)).toEqual([D + 1, D + 1]);
    expect(itc.isNormal(a)).toBe(true);
    expect(itc.stampSchema.safeParse(a).success).toBe(true);
    const raw = { id: leftChain({ l: 1, r: 0 }), event: eventChain(1, 1, 0) };
    expect(itc.stampSchema.safeParse(raw).success).toBe(true);
    // A non-normal deep tree: every level collapses once the bottom does.
    const collapsing = { id: leftChain({ l: 1, r: 1 }), event: eventChain({ n: 0, l: 1, r: 1 }) };
    expect(itc.isNormal(collapsing)).toBe(false);
    const n = itc.normalize(collapsing);
    expect(depthOf(n)).toEqual([D, 0]);
    expect(n.event).toBe(1);
    // An error at the bottom reports the full path.
    const broken = { id: 1, event: eventChain({ n: NaN, l: 0, r: 1 }) };
    const r = itc.validate(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("ITC_MALFORMED");
      expect(r.error.path.length).toBe(D + 2);
      expect(r.error.path[D + 1]).toBe("n");
    }
    const z = itc.stampSchema.safeParse(broken);
    expect(z.success).toBe(false);
    if (!z.success) expect(z.error.issues[0]?.path.length).toBe(D + 2);
  });

  it("ITC-11 event (fill and grow), fork, join, leq, equals on 100 000 levels", () => {
    const a1 = itc.event(a);
    expect(itc.leq(a, a1)).toBe(true);
    expect(itc.leq(a1, a)).toBe(false);
    expect(a1.id).toBe(a.id);
    // grow: a deep id over a flat event adds D+1 nodes.
    const g = itc.event(ok({ id: a.id, event: 0 }));
    expect(depthOf(g)[1]).toBe(D + 1);
    const g2 = itc.event(g);
    expect(itc.leq(g, g2) && !itc.leq(g2, g)).toBe(true);
    const [x, y] = itc.fork(a);
    expect(depthOf(x)[0]).toBe(D + 2);
    expect(itc.equals(itc.join(x, y), a)).toBe(true);
    expect(() => itc.join(x, a)).toThrow(/overlap/);
    const j = itc.join(a, b);
    expect(itc.leq(a, j) && itc.leq(b, j)).toBe(true);
    expect(itc.concurrent(a, b)).toBe(true);
    expect(itc.equals(j, itc.join(b, a))).toBe(true);
    expect(itc.equals(a, b)).toBe(false);
    const [s, m] = itc.send(a);
    const rcv = itc.receive(b, m);
    expect(itc.leq(s, rcv)).toBe(true);
    const [p, q] = itc.sync(a1, b);
    expect(itc.equals(itc.peek(p), itc.peek(q))).toBe(true);
  });

  it("ITC-11 encode/decode, encodeBits, toString/parse on 100 000 levels", () => {
    for (const s of [a, b, itc.join(a, b)]) {
      const bytes = itc.encode(s);
      expect(bytes.length).toBe(Math.ceil(itc.bitLength(s) / 8));
      const back = itc.decode(bytes);
      expect(itc.equals(back, s)).toBe(true);
      expect(itc.encodeBits(s).length).toBe(itc.bitLength(s));
      const text = itc.toString(s);
      expect(itc.equals(itc.parse(text), s)).toBe(true);
    }
  });
});
