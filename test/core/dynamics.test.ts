import { describe, expect, it } from "vitest";
import { dynamicsProperties } from "../../properties/dynamics.js";
import { assertProperty } from "../../properties/property.js";
import { exampleProperties, TWO_COVERING_NETWORK, totalTo } from "../../properties/examples.js";
import { runDynamics } from "../../src/core/dynamics.js";

describe("convergence, residuals and many-provider dynamics", () => {
  for (const p of dynamicsProperties().filter((x) => !x.id.startsWith("DAMP"))) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});

describe("which dynamics converge and which oscillate (properties/examples.ts)", () => {
  for (const p of exampleProperties().filter((x) => ["DYN-3", "DYN-4", "DYN-5"].includes(x.id))) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }

  it("DYN-4 the synchronous oscillation is exactly give-all / withdraw-all", () => {
    const sync = runDynamics(TWO_COVERING_NETWORK, { residual: "net-of-others", maxRounds: 6 });
    expect(sync.rounds.map((r) => totalTo(r.grants, "R"))).toEqual([2, 0, 2, 0, 2, 0]);
  });
});
