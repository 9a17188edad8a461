/**
 * A V2 node never hands an id to a node that announced its leave, however it last heard of it:
 * a sponsor seen only through its fork grant, a provider heard only through its allocation
 * (found by StrykerJS, session 8).
 */
import { describe, expect, it } from "vitest";
import { allocation, commitment, msg, timer } from "./v2-inputs.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type { NodeContext, NodeEffect } from "../../../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  SIM_LEAVE,
  v2Init,
  v2Machine,
  type V2Message,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

const ctx = (now: number): NodeContext => ({ now, self: "x", random: () => 0.25 });
function spec(id: string, need: number): ParticipantSpec {
  return {
    pubKey: id,
    capacity_slots: [],
    need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
    recognition_weights: {},
  };
}
const decl = (s: ParticipantSpec): Declaration => ({
  ...s,
  damping_factor: 1,
  damping_history: [],
  received: {},
});
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
const step = (s: V2State, input: Parameters<typeof v2Machine.step>[1], now: number) =>
  v2Machine.step(s, input, ctx(now));
const heard = (s: V2State, from: string, stamp: Stamp, at: number) =>
  step(s, msg(from, commitment(decl(spec(from, 0)), stamp, at)), at).state;
/** Where the `leave` carrying an id goes (undefined: nowhere). */
const handedTo = (effects: readonly NodeEffect<V2Message>[]) => {
  for (const e of effects)
    if (e.kind === "send" && e.msg.type === "leave" && e.msg.stamp !== null) return e.to;
  return undefined;
};
const leave = (s: V2State, at: number) => step(s, timer(SIM_LEAVE), at);

describe("V2 leave: never an heir that left", () => {
  const [mine, other] = idsOf(2) as [Stamp, Stamp];

  it("a sponsor seen only through its grant, once it announced its leave", () => {
    const j = v2Init({ spec: spec("J", 5), stamp: null, sponsor: "S", contacts: ["C"] });
    const granted = step(j, msg("S", { type: "fork-grant", stamp: mine }), 100).state;
    const sGone = step(granted, msg("S", { type: "leave", stamp: null }), 150).state;
    expect(handedTo(leave(sGone, 200).effects)).toBe("C");
  });

  it("a provider heard only through its allocation, once it announced its leave after I left", () => {
    let s = v2Init({ spec: spec("N", 5), stamp: mine });
    s = heard(s, "A", itc.peek(other), 1_000);
    s = step(s, msg("B", allocation("B", { N: { n: 1 } }, itc.peek(other), 1_500)), 1_500).state;
    const left = leave(s, 2_000).state;
    const bGone = step(left, msg("B", { type: "leave", stamp: null }), 2_100).state;
    expect(Object.keys(bGone.allocs)).toEqual([]);
    const r = step(bGone, msg("A", { type: "leave", stamp: other }), 2_200);
    expect(handedTo(r.effects)).toBeUndefined();
    expect(r.state.stamp).toBe(other);
  });
});
