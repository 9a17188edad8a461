import { describe, expect, it } from "vitest";
import { v1NodeFromMachine } from "../../properties/machine-adapter.js";
import {
  idWithin,
  referenceV1Node,
  referenceV2Node,
  v1NodeProperties,
  v2NodeProperties,
} from "../../properties/nodes.js";
import { runProperty, type InvariantProperty } from "../../properties/property.js";
import * as itc from "../../src/core/itc/index.js";
import { v1Init, v1Machine, type V1State } from "../../src/core/protocols/v1-node.js";
import {
  v2Init,
  v2Machine,
  type V2Options,
  type V2State,
} from "../../src/core/protocols/v2-node.js";
import type { V2NodeUnderTest } from "../../properties/under-test.js";

const props = [
  ...v2NodeProperties(referenceV2Node, "reference"),
  ...v1NodeProperties(referenceV1Node, "reference"),
];

describe("node properties (V2-1, V2-2, V2-4, V2-5, V1-1, V1-2)", () => {
  for (const p of props)
    it(`${p.id} holds for the reference`, () => {
      // No wall-clock assertion: speed is measured in bench/, not tested (a loaded CI machine).
      const o = runProperty(p, { seed: 42 });
      expect(o.ok, `${o.error ?? ""}\n${o.counterexample ?? ""}`).toBe(true);
    });
});

/** The reference V2 node with some options changed. */
function v2With(options: Partial<V2Options>): V2NodeUnderTest<V2State> {
  return {
    ...referenceV2Node,
    init: (c) =>
      v2Init({
        spec: c.spec,
        stamp: c.stamp,
        ...(c.sponsor !== undefined ? { sponsor: c.sponsor } : {}),
        options: { epochMs: c.epochMs, ...options },
      }),
  };
}

function violated(id: string, ps: InvariantProperty[]): string {
  const p = ps.find((x) => x.id === id);
  if (p === undefined) throw new Error(`no property ${id}`);
  const o = runProperty(p, { seed: 42 });
  expect(o.ok).toBe(false);
  expect(o.counterexample).toBeDefined();
  return o.error ?? "";
}

describe("node properties catch broken nodes", () => {
  it("V2-2 catches seed 003's migration rule leq(peer, mine)", () => {
    expect(violated("V2-2", v2NodeProperties(v2With({ staleRule: "seed-migration" })))).toMatch(
      /is not ≤ the last commitment accepted from .* but A did not accept it/,
    );
  });

  it("V2-5 catches a node without a freshness window", () => {
    expect(violated("V2-5", v2NodeProperties(v2With({ freshnessMs: 1e12 })))).toMatch(
      /ms old, at or past the 60 s window\) must be ignored, but A reacted/,
    );
  });

  it("V2-2 catches a node whose freshness window is too short (fresh updates dropped)", () => {
    expect(violated("V2-2", v2NodeProperties(v2With({ freshnessMs: 1_000 })))).toMatch(
      /but A did not accept it/,
    );
  });

  it("V2-4 catches a sponsor that does not recognise its newcomer", () => {
    expect(violated("V2-4", v2NodeProperties(v2With({ welcomeWeight: 0 })))).toMatch(
      /does not recognise N1/,
    );
  });

  it("V2-4 catches a sponsor that hands out its own id instead of forking it", () => {
    const sharing: V2NodeUnderTest<V2State> = {
      ...referenceV2Node,
      step: (s, input, ctx) => {
        const r = v2Machine.step(s, input, ctx);
        const own = s.stamp;
        if (input.kind !== "message" || input.msg.type !== "fork-request" || own === null) return r;
        return {
          state: { ...r.state, stamp: own },
          effects: r.effects.map((e) =>
            e.kind === "send" && e.msg.type === "fork-grant"
              ? { ...e, msg: { type: "fork-grant" as const, stamp: own } }
              : e,
          ),
        };
      },
    };
    expect(violated("V2-4", v2NodeProperties(sharing))).toMatch(/overlap/);
  });

  it("V1-1 catches a node that publishes its round before incrementing its clock", () => {
    const late = v1NodeFromMachine(
      {
        ...v1Machine,
        step: (s: V1State, input, ctx) => {
          const r = v1Machine.step(s, input, ctx);
          return {
            ...r,
            effects: r.effects.map((e) =>
              e.kind === "broadcast" && e.msg.type === "round-state"
                ? { ...e, msg: { ...e.msg, vc: s.vc } }
                : e,
            ),
          };
        },
      },
      {
        init: (c) =>
          v1Init({ spec: c.spec, options: { threshold: c.threshold, epochMs: c.epochMs } }),
        clock: (s) => s.vc,
        round: (s) => s.round,
      },
    );
    expect(violated("V1-1", v1NodeProperties(late))).toMatch(/not incremented/);
  });

  it("V1-2 catches a node that never catches up with its peers", () => {
    const stubborn = {
      ...referenceV1Node,
      init: (c: Parameters<typeof referenceV1Node.init>[0]) =>
        referenceV1Node.init({ ...c, threshold: 2 }),
    };
    expect(violated("V1-2", v1NodeProperties(stubborn))).toMatch(/but it stayed behind/);
  });

  it("idWithin: an id is within the ids it was forked from, not within its sibling", () => {
    const [a, b] = itc.fork(itc.seed());
    const [a1] = itc.fork(a);
    expect(idWithin(a1.id, a.id)).toBe(true);
    expect(idWithin(a.id, a1.id)).toBe(false);
    expect(idWithin(a1.id, b.id)).toBe(false);
    expect(idWithin(0, b.id)).toBe(true);
    expect(idWithin(1, b.id)).toBe(false);
  });
});
