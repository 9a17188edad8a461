// ITC join that takes the pointwise maximum of the event trees and sums the ids node by node,
// but does not normalise the result: (0,1,1) where the paper has 1, ((1,1)) where it has 1.
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { plain } from "./_itc.js";

type E = number | { n: number; l: E; r: E };
type I = 0 | 1 | { l: I; r: I };
const node = (e: E): { n: number; l: E; r: E } =>
  typeof e === "number" ? { n: e, l: 0, r: 0 } : e;
const lift = (e: E, m: number): E => (typeof e === "number" ? e + m : { ...e, n: e.n + m });

function joinEv(a: E, b: E): E {
  if (typeof a === "number" && typeof b === "number") return Math.max(a, b);
  const x = node(a);
  const y = node(b);
  if (x.n > y.n) return joinEv(y, x);
  return { n: x.n, l: joinEv(x.l, lift(y.l, y.n - x.n)), r: joinEv(x.r, lift(y.r, y.n - x.n)) };
}
function sum(a: I, b: I): I {
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === 1 || b === 1) throw new Error("overlapping ids");
  return { l: sum(a.l, b.l), r: sum(a.r, b.r) };
}

export default defineImplementation({
  name: "itc-join-no-normalise",
  itc: {
    ...ref.itc,
    join: (a, b) => {
      const x = plain(a);
      const y = plain(b);
      return { id: sum(x.id, y.id), event: joinEv(x.event, y.event) } as unknown as Stamp;
    },
    // Its other operations accept what join returns.
    fork: (s) => ref.itc.fork(itc.normalize(s)),
    event: (s) => ref.itc.event(itc.normalize(s)),
    peek: (s) => ref.itc.peek(itc.normalize(s)),
    leq: (a, b) => ref.itc.leq(itc.normalize(a), itc.normalize(b)),
    encode: (s) => itc.encode(itc.normalize(s)),
  },
});
