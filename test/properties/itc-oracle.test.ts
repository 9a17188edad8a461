import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";
import {
  arbItcScenario,
  arbRawStamp,
  itcImpl,
  runItcOps,
  scenarioMaxProcesses,
  type ItcScenario,
} from "../../properties/arbitraries/itc.js";
import * as O from "../../properties/itc-oracle.js";
import type { OStamp } from "../../properties/itc-oracle.js";
import { arbCorruption, corrupt, topped } from "../../properties/itc.js";

/** The paper's vectors (shared/notes/itc.md), through the oracle alone. */
describe("the ITC oracle (properties/itc-oracle.ts) reproduces the paper", () => {
  const ev = (s: OStamp) => O.event(s) as OStamp;
  it("vectors of notes/itc.md", () => {
    const s = O.seed();
    expect(O.encodeBits(s)).toBe("0011000");
    expect(O.encodeBits(ev(s))).toBe("0011001");
    const [a, b] = O.fork(s);
    expect(O.encodeBits(a)).toBe("100011000");
    expect(O.encodeBits(b)).toBe("010011000");
    const a1 = ev(a);
    expect(O.show(a1)).toBe("((1,0), (0,1,0))");
    expect(O.encodeBits(a1)).toBe("100010011001");
    expect(O.encodeBits(ev(a1))).toBe("100010011010");
    const b1 = ev(b);
    expect(O.encodeBits(b1)).toBe("010010001001");
    expect(O.encodeBits(O.join(a1, b1) as OStamp)).toBe("0011001");
    for (const [n, bits] of [
      [0, "1000"],
      [3, "1011"],
      [4, "110000"],
      [11, "110111"],
      [12, "11100000"],
      [28, "1111000000"],
      [60, "111110000000"],
    ] as const)
      expect(O.encEv(n)).toBe(bits);
  });

  it("the paper's run ends with a = ((1,0), 2), bits 100011010", () => {
    let a = O.seed();
    let b: OStamp;
    let c: OStamp;
    [a, b] = O.fork(a);
    a = ev(a);
    b = ev(b);
    [a, c] = O.fork(a);
    b = ev(b);
    a = ev(a);
    b = O.join(b, c) as OStamp;
    [b, c] = O.fork(b);
    a = O.join(a, b) as OStamp;
    a = ev(a);
    expect(O.show(a)).toBe("((1,0), 2)");
    expect(O.encodeBits(a)).toBe("100011010");
    expect(c).toBeDefined();
  });

  it("normalisation examples: (2,1,1) ≡ 3, (2,(2,1,0),3) ≡ (4,(0,1,0),1)", () => {
    expect(O.normalizeEv({ n: 2, l: 1, r: 1 })).toBe(3);
    expect(O.normalizeEv({ n: 2, l: { n: 2, l: 1, r: 0 }, r: 3 })).toEqual({
      n: 4,
      l: { n: 0, l: 1, r: 0 },
      r: 1,
    });
  });

  it("misuse: overlapping ids have no sum, id 0 has no event, 2^53 − 1 has no successor", () => {
    expect(O.join(O.seed(), O.seed())).toBeUndefined();
    expect(O.event(O.peek(O.seed()))).toBeUndefined();
    expect(O.event({ id: 1, event: Number.MAX_SAFE_INTEGER })).toBe("overflow");
  });
});

describe("the oracle and the reference core agree on generated stamps (differential check)", () => {
  const valid = (x: unknown): Stamp => {
    const v = itc.validate(x);
    if (!v.ok) throw new Error(v.error.message);
    return v.value;
  };
  const pool = (sc: ItcScenario): Stamp[] => {
    const run = runItcOps(
      sc.ops,
      { ...itcImpl, seed: () => (sc.base === 0 ? itc.seed() : valid({ id: 1, event: sc.base })) },
      { maxProcesses: scenarioMaxProcesses(sc.shape) },
    );
    return [...run.processes, ...run.messages];
  };
  const o = (s: Stamp): OStamp => JSON.parse(JSON.stringify(s)) as OStamp;

  it("fork, event, join, peek, leq, encode, decode", () => {
    fc.assert(
      fc.property(arbItcScenario(), fc.nat(), fc.nat(), fc.boolean(), (sc, i, j, top) => {
        const p = pool(sc);
        let a = p[i % p.length] as Stamp;
        if (top) a = valid(topped(o(a)));
        const b = p[j % p.length] as Stamp;
        expect(O.isNormal(o(a))).toBe(true);
        expect(O.leq(o(a), o(b))).toBe(itc.leq(a, b));
        expect(O.peek(o(a))).toEqual(o(itc.peek(a)));
        expect(Buffer.from(O.encode(o(a)))).toEqual(Buffer.from(itc.encode(a)));
        expect(O.decode(itc.encode(a))).toEqual({ ok: true, stamp: o(a) });
        if (a.id !== 0) {
          expect(O.fork(o(a))).toEqual(itc.fork(a).map(o));
          const e = O.event(o(a));
          if (e === "overflow") expect(() => itc.event(a)).toThrow();
          else expect(e).toEqual(o(itc.event(a)));
        }
        const j2 = O.join(o(a), o(b));
        if (j2 === undefined) expect(() => itc.join(a, b)).toThrow();
        else expect(j2).toEqual(o(itc.join(a, b)));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it("normalisation of raw trees", () => {
    fc.assert(
      fc.property(arbRawStamp, (raw) => {
        const v = itc.validate(raw);
        expect(O.isNormal(raw)).toBe(v.ok);
        const n = itc.normalize(raw);
        expect(O.normalize(raw as OStamp)).toEqual(o(n));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it("decode: the oracle rejects exactly what the reference rejects", () => {
    fc.assert(
      fc.property(arbItcScenario({ maxLength: 30 }), fc.nat(), arbCorruption, (sc, i, how) => {
        const p = pool(sc);
        const a = o(p[i % p.length] as Stamp);
        const bytes = corrupt(a, how);
        const want = O.decode(bytes);
        let got: Stamp | undefined;
        try {
          got = itc.decode(bytes);
        } catch {
          got = undefined;
        }
        expect(
          got !== undefined,
          `${Buffer.from(bytes).toString("hex")} ${JSON.stringify(want)}`,
        ).toBe(want.ok);
        if (want.ok && got !== undefined) expect(o(got)).toEqual(want.stamp);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});
