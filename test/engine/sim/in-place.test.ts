/**
 * The V2 node's in-place step (issue 12): the simulator steps V2 nodes through
 * `v2Machine.inPlace`, writing into states it adopted, and must run exactly as with the pure
 * step; the pure step must never write into the state it is given.
 */
import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import { v2Machine, type V2Message, type V2State } from "../../../src/core/protocols/v2-node.js";
import { churnEvents, faultyNetwork, run, v2Doc } from "./helpers.js";

const churn = { churn: { events: churnEvents }, network: faultyNetwork };

const docs: [string, Record<string, unknown>][] = [
  ["default", v2Doc({ duration: 8_000 })],
  ["churn and faults", v2Doc({ ...churn, duration: 8_000 })],
  [
    "seed rules, damping, λ = 1",
    v2Doc({ duration: 8_000, v2: { staleRule: "seed-migration", damping: true, relaxation: 1 } }),
  ],
];

/** Frozen all the way down (typed arrays, which cannot be frozen, aside). */
function deepFreeze<T>(v: T, seen = new Set<unknown>()): T {
  if (v === null || typeof v !== "object" || seen.has(v) || ArrayBuffer.isView(v)) return v;
  seen.add(v);
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (d !== undefined && "value" in d) deepFreeze(d.value, seen);
  }
  return Object.freeze(v);
}

describe("V2 in-place step (issue 12)", () => {
  for (const [name, doc] of docs) {
    it(`${name}: the same run as the pure step (report, trace, final states)`, () => {
      const pure = run(doc, { pureSteps: true, traceStates: 1_000_000 });
      const inPlace = run(doc, { traceStates: 1_000_000 });
      const { wallMs: _a, ...a } = pure.report;
      const { wallMs: _b, ...b } = inPlace.report;
      expect(b.messages.sent).toBeGreaterThan(0);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(JSON.stringify(inPlace.trace)).toBe(JSON.stringify(pure.trace));
      expect(JSON.stringify(inPlace.result.states)).toBe(JSON.stringify(pure.result.states));
    });
  }

  it("every kind of input: pure never writes its input; in place gives the same state and effects", () => {
    const out = run(v2Doc({ duration: 6_000 }), { pureSteps: true });
    const states = out.result.states as V2State[];
    const ids = out.result.ids;
    let compared = 0;
    states.forEach((s, i) => {
      if (s.stamp === null || s.status !== "active") return;
      const j = (i + 1) % states.length;
      const peer = states[j] as V2State;
      const from = ids[j] as string;
      const peerStamp = itc.event(peer.stamp as itc.Stamp);
      const now = 6_500;
      const ts = s.options.epochMs + now;
      const grants = { [s.id]: { [s.decl.need_slots[0]?.id ?? "n"]: 0.5 } };
      const inputs: NodeInput<V2Message>[] = [
        {
          kind: "message",
          from,
          msg: { type: "commitment", decl: peer.decl, stamp: peerStamp, timestamp: ts },
        },
        {
          kind: "message",
          from,
          msg: {
            type: "allocation",
            provider: from,
            grants,
            denominators: {},
            converged: false,
            stamp: peerStamp,
            timestamp: ts,
          },
        },
        {
          kind: "message",
          from,
          msg: { type: "commitment", decl: peer.decl, stamp: peerStamp, timestamp: 1 },
        },
        { kind: "message", from, msg: { type: "fork-request" } },
        { kind: "message", from, msg: { type: "leave", stamp: null } },
        { kind: "timer", name: "recompute" },
        { kind: "timer", name: "heartbeat" },
        { kind: "timer", name: "sim:leave" },
        { kind: "start" },
      ];
      let cur = s;
      for (const input of inputs) {
        const ctx = (): NodeContext => {
          let k = 0;
          return { now, self: s.id, random: () => (k++ * 0.37) % 1 };
        };
        const before = JSON.stringify(cur);
        deepFreeze(cur);
        const p = v2Machine.step(cur, input, ctx());
        expect(JSON.stringify(cur)).toBe(before);
        const ip = v2Machine.inPlace;
        if (ip === undefined) throw new Error("v2Machine has no in-place step");
        const own = ip.adopt(cur);
        const mark = ip.mark(own);
        const q = ip.step(own, input, ctx());
        expect(JSON.stringify(q.state)).toBe(JSON.stringify(p.state));
        expect(JSON.stringify(q.effects)).toBe(JSON.stringify(p.effects));
        expect(JSON.stringify(ip.check(mark, q.state))).toBe(
          JSON.stringify(v2Machine.check(cur, p.state)),
        );
        expect(JSON.stringify(cur)).toBe(before);
        compared++;
        cur = p.state;
      }
    });
    expect(compared).toBeGreaterThan(50);
  });
});
