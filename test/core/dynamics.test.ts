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

describe("DYN-2 regression: slow but settling", () => {
  it("DYN-2 a 3-provider network found by fast-check settles only at round 1 267 (more than the first bound of 1 000)", () => {
    const net = {
      providers: [
        {
          pubKey: "P0",
          capacity_slots: [{ id: "s", quantity: 500 }],
          recognition: {
            R0: { mr: 0.5, share: 0 },
            R1: { mr: 0, share: 0 },
            R2: { mr: 0.7, share: 0 },
            R3: { mr: 0.7, share: 0 },
          },
        },
        {
          pubKey: "P1",
          capacity_slots: [{ id: "s", quantity: 477 }],
          recognition: {
            R0: { mr: 0.5, share: 0 },
            R1: { mr: 0.7, share: 0 },
            R2: { mr: 0, share: 0 },
            R3: { mr: 0.5, share: 0 },
          },
        },
        {
          pubKey: "P2",
          capacity_slots: [{ id: "s", quantity: 5 }],
          recognition: {
            R0: { mr: 0, share: 0 },
            R1: { mr: 0, share: 0 },
            R2: { mr: 0, share: 0 },
            R3: { mr: 0.5, share: 0 },
          },
        },
      ],
      recipients: [
        { pubKey: "R0", need_slots: [{ id: "n", quantity: 440 }] },
        { pubKey: "R1", need_slots: [{ id: "n", quantity: 209 }] },
        { pubKey: "R2", need_slots: [{ id: "n", quantity: 189 }] },
        { pubKey: "R3", need_slots: [{ id: "n", quantity: 145 }] },
      ],
    };
    const run = runDynamics(net, {
      residual: "net-of-others",
      schedule: "sequential",
      damping: false,
      maxRounds: 5000,
    });
    expect(run.settledAt).toBe(1267);
  });
});
