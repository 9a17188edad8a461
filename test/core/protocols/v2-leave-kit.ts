/**
 * A V2 node's leave in unit tests: participants with one need slot,
 * a step at a given time, a peer heard through its commitment, and where the `leave` carrying
 * the id goes (v2-node-leave-ids.test.ts, v2-node-leavers.test.ts).
 */
import { commitment, decl, msg, timer } from "./v2-inputs.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type { NodeContext, NodeEffect } from "../../../src/core/protocols/machine.js";
import type { ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  SIM_LEAVE,
  v2Machine,
  type V2Message,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

export const ctx = (now: number): NodeContext => ({ now, self: "x", random: () => 0.25 });
export function spec(id: string, need: number): ParticipantSpec {
  return {
    pubKey: id,
    capacity_slots: [],
    need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
    recognition_weights: {},
  };
}
export const step = (s: V2State, input: Parameters<typeof v2Machine.step>[1], now: number) =>
  v2Machine.step(s, input, ctx(now));
export const heard = (s: V2State, from: string, stamp: Stamp, at: number) =>
  step(s, msg(from, commitment(decl(spec(from, 0)), stamp, at)), at).state;
/** Where the `leave` carrying an id goes (undefined: nowhere). */
export const handedTo = (effects: readonly NodeEffect<V2Message>[]) => {
  for (const e of effects)
    if (e.kind === "send" && e.msg.type === "leave" && e.msg.stamp !== null) return e.to;
  return undefined;
};
export const leave = (s: V2State, at: number) => step(s, timer(SIM_LEAVE), at);
