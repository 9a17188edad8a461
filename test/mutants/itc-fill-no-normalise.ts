// ITC fill that builds its nodes without normalising them: a filled event such as (0,1,1) is
// returned as it is where the paper writes 1, and "did fill change the tree?" is then decided on
// the unnormalised tree.
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";
import { plain } from "./_itc.js";

type E = number | { n: number; l: E; r: E };
type I = 0 | 1 | { l: I; r: I };
const min = (e: E): number => (typeof e === "number" ? e : e.n + Math.min(min(e.l), min(e.r)));
const max = (e: E): number => (typeof e === "number" ? e : e.n + Math.max(max(e.l), max(e.r)));

function fill(i: I, e: E): E {
  if (i === 0) return e;
  if (i === 1) return max(e);
  if (typeof e === "number") return e;
  if (i.l === 1) {
    const r = fill(i.r, e.r);
    return { n: e.n, l: Math.max(max(e.l), min(r)), r }; // forgot: norm
  }
  if (i.r === 1) {
    const l = fill(i.l, e.l);
    return { n: e.n, l, r: Math.max(max(e.r), min(l)) }; // forgot: norm
  }
  return { n: e.n, l: fill(i.l, e.l), r: fill(i.r, e.r) }; // forgot: norm
}

export default defineImplementation({
  name: "itc-fill-no-normalise",
  itc: {
    ...ref.itc,
    event: (s0) => {
      const s = itc.normalize(s0); // it accepts the trees it returns
      const p = plain(s);
      if (p.id === 0) return itc.event(s);
      const f = fill(p.id, p.event);
      if (JSON.stringify(f) !== JSON.stringify(p.event))
        return { id: p.id, event: f } as unknown as Stamp;
      return itc.event(s); // fill changed nothing: grow (the reference's)
    },
    // The rest of its operations accept the trees its event returns.
    fork: (s) => ref.itc.fork(itc.normalize(s)),
    join: (a, b) => ref.itc.join(itc.normalize(a), itc.normalize(b)),
    peek: (s) => ref.itc.peek(itc.normalize(s)),
    leq: (a, b) => ref.itc.leq(itc.normalize(a), itc.normalize(b)),
    encode: (s) => itc.encode(itc.normalize(s)),
  },
});
