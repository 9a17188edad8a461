/** Inputs for a V2 node in unit tests: messages from peers and timers at EPOCH + now, declarations, disjoint ids. */
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type { NodeInput } from "../../../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../../../src/core/protocols/participant.js";
import type { V2Message } from "../../../src/core/protocols/v2-node.js";

/** The epoch time (ms) the V2 node tests start at. */
export const EPOCH = 1_700_000_000_000;

export const msg = (from: string, m: V2Message): NodeInput<V2Message> => ({
  kind: "message",
  from,
  msg: m,
});
export const timer = (name: string): NodeInput<V2Message> => ({ kind: "timer", name });
export const commitment = (d: Declaration, stamp: Stamp, now: number): V2Message => ({
  type: "commitment",
  decl: d,
  stamp,
  timestamp: EPOCH + now,
});
export const allocation = (
  provider: string,
  grants: Record<string, Record<string, number>>,
  stamp: Stamp,
  now: number,
): V2Message => ({
  type: "allocation",
  provider,
  grants,
  denominators: {},
  converged: false,
  stamp,
  timestamp: EPOCH + now,
});

/** A declaration of `s` with no damping history and nothing received. */
export const decl = (s: ParticipantSpec): Declaration => ({
  ...s,
  damping_factor: 1,
  damping_history: [],
  received: {},
});

export /** n ids forked from one seed (disjoint). */
function idsOf(n: number): Stamp[] {
  const out: Stamp[] = [];
  let rest = itc.seed();
  for (let i = 1; i < n; i++) {
    const [a, b] = itc.fork(rest);
    out.push(a);
    rest = b;
  }
  out.push(rest);
  return out;
}
