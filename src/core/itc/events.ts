/**
 * Event-tree helpers the library uses on the object form: the largest counter (`maxOf`), grow's
 * node cost and the anonymous-event error. The operations themselves (leq, join, fill, grow) run
 * on the compact array form (compact.ts); their object-tree transcription is the tests'
 * differential oracle (test/core/itc/tree-events.ts).
 */
import { CoreError } from "../errors.js";
import type { Ev } from "./types.js";

export function maxOf(e: Ev): number {
  if (typeof e === "number") return e;
  if (typeof e.l === "number" && typeof e.r === "number") {
    return e.n + (e.l > e.r ? e.l : e.r);
  }
  let best = 0;
  const st: (Ev | number)[] = [e, 0];
  while (st.length > 0) {
    const acc = st.pop() as number;
    const x = st.pop() as Ev;
    if (typeof x === "number") {
      if (acc + x > best) best = acc + x;
    } else {
      const a = acc + x.n;
      st.push(x.r, a, x.l, a);
    }
  }
  return best;
}

/** Cost of adding one node when growing: much more than incrementing an integer. */
export const GROW_NODE_COST = 1000;

/** Throws the misuse error for an event on an anonymous stamp. */
export function anonymousEvent(where: string): CoreError {
  return new CoreError(
    "ITC_EVENT_ON_ANONYMOUS",
    `${where}: cannot register an event on an anonymous stamp (id 0)`,
  );
}
