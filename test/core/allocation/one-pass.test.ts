import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocationProperties } from "../../../properties/allocation.js";
import { allocateValidated } from "../../../src/core/allocation/allocate.js";
import { checkAllocation, checkDenominators } from "../../../src/core/allocation/invariants.js";
import {
  allocationInputSchema,
  type AllocationInput,
} from "../../../src/core/schemas/allocation.js";
import regressions from "./one-pass.regressions.json" with { type: "json" };

const onePass = {
  name: "v2-one-pass",
  allocate: (i: AllocationInput) => allocateValidated(i, { variant: "v2-one-pass" }),
};
const violations = (input: AllocationInput, variant: "reference" | "v2-one-pass") => {
  const out = allocateValidated(input, { variant });
  return [
    ...checkAllocation(input, out.slot_allocations),
    ...checkDenominators(input, out.slot_allocations, out.slot_denominators),
  ].map((v) => v.id);
};

/** The invariants the seeds' one-pass formula breaks (SPEC.md §5.5). */
const BROKEN = [
  "ALLOC-CONTRACT-1",
  "ALLOC-CONTRACT-2",
  "ALLOC-TIER-1",
  "ALLOC-WORK-1",
  "ALLOC-PROP-1",
  "ALLOC-DENOM-1",
] as const;

const hand: Record<string, AllocationInput> = {
  // ONEPASS-1: two slots each give the whole need again — no cross-slot tracking.
  "ALLOC-CONTRACT-1": {
    provider: {
      pubKey: "P",
      capacity_slots: [
        { id: "a0", quantity: 1 },
        { id: "a1", quantity: 1 },
      ],
    },
    recipients: [
      { pubKey: "r", mr: 1, share: 1, damping_factor: 1, need_slots: [{ id: "n", quantity: 1 }] },
    ],
  },
  // ONEPASS-3: capping m1 frees 3.74 that goes to the one-way recipient while m2 is short.
  "ALLOC-TIER-1": {
    provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 10 }] },
    recipients: [
      {
        pubKey: "m1",
        mr: 0.9,
        share: 0.9,
        damping_factor: 1,
        need_slots: [{ id: "n", quantity: 1 }],
      },
      {
        pubKey: "m2",
        mr: 0.1,
        share: 0.1,
        damping_factor: 1,
        need_slots: [{ id: "n", quantity: 10 }],
      },
      { pubKey: "o", mr: 0, share: 1, damping_factor: 1, need_slots: [{ id: "n", quantity: 5 }] },
    ],
  },
  // ONEPASS-4: the same without a one-way recipient: the freed 3.74 is left unused.
  "ALLOC-WORK-1": {
    provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 10 }] },
    recipients: [
      {
        pubKey: "m1",
        mr: 0.9,
        share: 0.9,
        damping_factor: 1,
        need_slots: [{ id: "n", quantity: 1 }],
      },
      {
        pubKey: "m2",
        mr: 0.1,
        share: 0.1,
        damping_factor: 1,
        need_slots: [{ id: "n", quantity: 10 }],
      },
    ],
  },
};

describe("v2-one-pass: the invariants it breaks, with kept counterexamples", () => {
  it("ONEPASS-1 breaks contractiveness across slots (hand example: 1 + 1 granted against a need of 1)", () => {
    const input = hand["ALLOC-CONTRACT-1"] as AllocationInput;
    expect(violations(input, "v2-one-pass")).toContain("ALLOC-CONTRACT-1");
    expect(violations(input, "v2-one-pass")).toContain("ALLOC-CONTRACT-2");
    expect(violations(input, "reference")).toEqual([]);
  });

  it("ONEPASS-3 breaks strict tier priority (hand example)", () => {
    const input = hand["ALLOC-TIER-1"] as AllocationInput;
    const g = allocateValidated(input, { variant: "v2-one-pass" }).slot_allocations;
    expect(g.find((r) => r.recipient_pubkey === "o")?.quantity).toBeCloseTo(10 - 1 - 10 / 1.9, 9);
    expect(violations(input, "v2-one-pass")).toContain("ALLOC-TIER-1");
    expect(violations(input, "reference")).toEqual([]);
  });

  it("ONEPASS-4 breaks work conservation (hand example)", () => {
    const input = hand["ALLOC-WORK-1"] as AllocationInput;
    expect(allocateValidated(input, { variant: "v2-one-pass" }).slot_unused["a"]).toBeCloseTo(
      10 - 1 - 10 / 1.9,
      9,
    );
    expect(violations(input, "v2-one-pass")).toContain("ALLOC-WORK-1");
    expect(violations(input, "reference")).toEqual([]);
  });

  for (const id of BROKEN) {
    it(`ONEPASS ${id}: fast-check finds a violation, and the kept shrunk counterexample still violates it`, () => {
      const p = allocationProperties(onePass).find((x) => x.id === id);
      expect(p).toBeDefined();
      const details = fc.check(p!.build(), { seed: 42, numRuns: 2000 });
      expect(details.failed).toBe(true);
      const kept = (regressions as Record<string, { input: unknown }>)[id];
      expect(kept).toBeDefined();
      const input = allocationInputSchema.parse(kept!.input);
      expect(violations(input, "v2-one-pass")).toContain(id);
      // The reference allocation satisfies every invariant on the same input.
      expect(violations(input, "reference")).toEqual([]);
    });
  }

  it("ONEPASS keeps the invariants it does not break: capacity conservation, eligibility, determinism", () => {
    for (const p of allocationProperties(onePass).filter((x) =>
      ["ALLOC-REF-1", "ALLOC-CAP-1", "ALLOC-ELIG-1", "ALLOC-DET-1"].includes(x.id),
    )) {
      expect(fc.check(p.build(), { seed: 42, numRuns: 300 }).failed).toBe(false);
    }
  });
});
