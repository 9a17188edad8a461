import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

describe("the package root", () => {
  it("exports the checker, trace validation and the lifting, usable together", () => {
    // A two-state toggle, checked and then used to validate a log of its behaviour.
    const toggle: api.Model<{ on: boolean }, null> = {
      name: "Toggle",
      doc: "a switch",
      variables: ["on"],
      init: () => [{ on: false }],
      actions: [{ name: "Flip", doc: "flip it", next: (s) => [{ on: !s.on }] }],
      invariants: [],
    };
    expect(api.checkModel(toggle, null).distinctStates).toBe(2);
    const entry = (location: string, vars: Record<string, unknown>, action?: string) => ({
      location,
      init: false,
      ...(action !== undefined ? { action } : {}),
      vars: new Map(Object.entries(vars)),
    });
    const ok = api.validateTrace(toggle, null, [
      entry("line 1", { on: true }, "Flip"),
      entry("line 2", { on: false }),
    ]);
    expect(ok.verdict).toBe("ok");
    const bad = api.validateTrace(toggle, null, [entry("line 1", { on: false }, "Flip")]);
    expect(bad.verdict).toBe("mismatch");
    expect(typeof api.machineModel).toBe("function");
    const parsed = api.parseNdjson('{"action":"Flip","vars":{"on":true}}\n');
    expect(parsed.ok).toBe(true);
    expect(api.formatValidation(bad)).toMatch(/mismatch/);
  });

  it("exports the state layout constructors: a model with a layout is checked on packed states", () => {
    const counter: api.Model<{ n: number; seen: readonly string[]; note: string }, null> = {
      name: "Counter",
      doc: "n counts to 3, recording each value as a token",
      variables: ["n", "seen", "note"],
      init: () => [{ n: 0, seen: [], note: "start" }],
      actions: [
        {
          name: "Inc",
          doc: "n + 1",
          next: (s) => (s.n < 3 ? [{ n: s.n + 1, seen: [...s.seen, `t${s.n}`], note: "inc" }] : []),
        },
      ],
      invariants: [],
      terminal: () => true,
      view: (s) => ({ n: s.n, seen: s.seen }),
      layout: () =>
        api.record({
          n: api.nat(3),
          seen: api.seq(3, api.oneOf("t0", "t1", "t2")),
          note: api.history(api.oneOf("start", "inc")),
        }),
    };
    const packed = api.checkModel(counter, null);
    expect(packed.distinctStates).toBe(4);
    expect(api.checkModel(counter, null, { packed: false }).distinctStates).toBe(4);
    expect(new api.LayoutMismatch("x")).toBeInstanceOf(Error);
    expect([api.bool, api.opaque].map((l) => l.kind)).toEqual(["bool", "opaque"]);
    expect([api.int(1, 2), api.tuple(api.bool), api.optional(api.bool)].map((l) => l.kind)).toEqual(
      ["int", "tuple", "optional"],
    );
  });
});
