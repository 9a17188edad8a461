/**
 * The V1 node's need change (the driver's `sim:need=<q>` timer; found by StrykerJS, session 8:
 * reached only by the simulator's need-change runs): every need slot set to q, nothing
 * published until the next round, nothing changed otherwise.
 */
import { describe, expect, it } from "vitest";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  v1Init,
  v1Machine,
  type V1Message,
  type V1Options,
} from "../../../src/core/protocols/v1-node.js";

const ctx = (now: number): NodeContext => ({ now, self: "a", random: () => 0 });
const spec = (id: string, capacity: number, need: number): ParticipantSpec => ({
  pubKey: id,
  capacity_slots: capacity > 0 ? [{ id: "s", quantity: capacity }] : [],
  need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
  recognition_weights: { b: 1, c: 1 },
});
const timer = (name: string): NodeInput<V1Message> => ({ kind: "timer", name });
const options: Partial<V1Options> = { roundMs: 1000, epochMs: 1_000_000 };

describe("V1 node: a need change (the driver's sim:need=<q> timer)", () => {
  it("sets every need slot to q and publishes nothing until the next round", () => {
    const s = v1Init({ spec: spec("a", 10, 5), options });
    const r = v1Machine.step(s, timer("sim:need=7"), ctx(10));
    expect(r.effects).toEqual([]);
    expect(r.state.decl.need_slots).toEqual([{ id: "n", quantity: 7 }]);
    expect(r.state.decl.capacity_slots).toEqual(s.decl.capacity_slots);
    expect({ ...r.state, decl: s.decl }).toEqual(s);
  });

  it("a node without need slots, an unknown timer or a bad quantity leave the state as it is", () => {
    const none = v1Init({ spec: spec("a", 10, 0), options });
    expect(v1Machine.step(none, timer("sim:need=7"), ctx(10))).toEqual({
      state: none,
      effects: [],
    });
    const s = v1Init({ spec: spec("a", 10, 5), options });
    for (const name of ["other", "sim:need=-1", "sim:need=x"]) {
      const r = v1Machine.step(s, timer(name), ctx(10));
      expect(r.state).toBe(s);
      expect(r.effects).toEqual([]);
    }
  });
});
