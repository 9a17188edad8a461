/**
 * The stamp operations of the paper (§4–5): seed, fork, event, join, peek, leq, plus the derived
 * send / receive / sync. Every operation checks that its arguments are well-formed normal forms
 * (O(1) for stamps this module built) and returns frozen normal forms. The event trees are
 * computed on the compact pre-order arrays of compact.ts; a result's object tree is built only
 * when a caller reads its `event`.
 */
import { equalsArr, eventArr, joinArr, leqArr } from "./compact.js";
import { anonymousEvent } from "./events.js";
import { equalsId, split, sum } from "./ids.js";
import { evArr, mkStampArr, SEED, withId } from "./nodes.js";
import type { Stamp } from "./types.js";
import { requireStamp } from "./validate.js";

/** The seed stamp `(1, 0)`: owns the whole interval, no events. */
export function seed(): Stamp {
  return SEED;
}

/** `fork((i, e)) = ((i1, e), (i2, e))` with `(i1, i2) = split(i)`: two stamps with disjoint ids. */
export function fork(s: Stamp): [Stamp, Stamp] {
  const st = requireStamp(s, "fork");
  const [a, b] = split(st.id);
  return [withId(a, st), withId(b, st)];
}

/** `peek((i, e)) = (0, e)`: an anonymous copy carrying the causal past (e.g. a message). */
export function peek(s: Stamp): Stamp {
  const st = requireStamp(s, "peek");
  return st.id === 0 ? st : withId(0, st);
}

/**
 * `event((i, e))`: a strictly greater event inside the intervals owned by `i` — `fill` if it
 * inflates the event, otherwise `grow`. Throws ITC_EVENT_ON_ANONYMOUS when `i = 0`.
 */
export function event(s: Stamp): Stamp {
  const st = requireStamp(s, "event");
  return eventOf(st, "event");
}

function eventOf(st: Stamp, where: string): Stamp {
  const id = st.id;
  if (id === 0) throw anonymousEvent(where);
  return mkStampArr(id, eventArr(id, evArr(st)));
}

/**
 * `join((i1, e1), (i2, e2)) = (sum(i1, i2), e1 ⊔ e2)`. Throws ITC_OVERLAPPING_IDS when the ids
 * overlap (joining a stamp with itself or with a copy is a misuse, never a silent merge).
 */
export function join(a: Stamp, b: Stamp): Stamp {
  const x = requireStamp(a, "join (first argument)");
  const y = requireStamp(b, "join (second argument)");
  return joinOf(x, y);
}

function joinOf(x: Stamp, y: Stamp, where = "join"): Stamp {
  const id = sum(x.id, y.id, where);
  return mkStampArr(id, joinArr(evArr(x), evArr(y)));
}

/** `a ≤ b` on the event components: everything `a` has seen, `b` has seen. */
export function leq(a: Stamp, b: Stamp): boolean {
  const x = requireStamp(a, "leq (first argument)");
  const y = requireStamp(b, "leq (second argument)");
  return leqArr(evArr(x), evArr(y));
}

/** Structural equality of two stamps (ids and events). */
export function equals(a: Stamp, b: Stamp): boolean {
  const x = requireStamp(a, "equals (first argument)");
  const y = requireStamp(b, "equals (second argument)");
  return x === y || (equalsId(x.id, y.id) && equalsArr(evArr(x), evArr(y)));
}

/** Neither event component is `≤` the other. */
export function concurrent(a: Stamp, b: Stamp): boolean {
  const x = requireStamp(a, "concurrent (first argument)");
  const y = requireStamp(b, "concurrent (second argument)");
  const ex = evArr(x);
  const ey = evArr(y);
  return !leqArr(ex, ey) && !leqArr(ey, ex);
}

/** `send(s)`: event then peek. Returns `[updated stamp, anonymous message]`. */
export function send(s: Stamp): [Stamp, Stamp] {
  const st = eventOf(requireStamp(s, "send"), "send");
  return [st, withId(0, st)];
}

/** `receive(s, msg)`: join then event. */
export function receive(s: Stamp, msg: Stamp): Stamp {
  const x = requireStamp(s, "receive (stamp)");
  const y = requireStamp(msg, "receive (message)");
  return eventOf(joinOf(x, y, "receive"), "receive");
}

/** `sync(a, b)`: join then fork. */
export function sync(a: Stamp, b: Stamp): [Stamp, Stamp] {
  const x = requireStamp(a, "sync (first argument)");
  const y = requireStamp(b, "sync (second argument)");
  const j = joinOf(x, y, "sync");
  const [i1, i2] = split(j.id);
  return [withId(i1, j), withId(i2, j)];
}
