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
});
