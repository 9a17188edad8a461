import { describe, expect, it } from "vitest";
import { compatible as specCompatible } from "../../../src/core/compat/compatible.js";
import {
  ALLOCATION_INVARIANT_IDS,
  checkAllocation,
  checkDenominators,
  type AllocationInvariantId,
} from "../../../src/core/allocation/invariants.js";
import type {
  AllocationInput,
  SlotAllocationRecord,
} from "../../../src/core/schemas/allocation.js";
import type { Slot } from "../../../src/core/schemas/slots.js";

/** The checkers must be able to fail: each hand-made bad output is caught with the right ID. */
const input: AllocationInput = {
  provider: {
    pubKey: "P",
    capacity_slots: [
      { id: "a", quantity: 10 },
      { id: "b", quantity: 4, location: { type: "remote" } },
    ],
  },
  recipients: [
    {
      pubKey: "m",
      mr: 0.5,
      share: 0.5,
      damping_factor: 1,
      need_slots: [{ id: "n", quantity: 6, location: { type: "in_person", city: "Lyon" } }],
    },
    { pubKey: "k", mr: 0.5, share: 0.5, damping_factor: 1, need_slots: [{ id: "n", quantity: 6 }] },
    { pubKey: "o", mr: 0, share: 1, damping_factor: 1, need_slots: [{ id: "n", quantity: 3 }] },
    { pubKey: "z", mr: 0, share: 0, damping_factor: 1, need_slots: [{ id: "n", quantity: 3 }] },
  ],
};
const rec = (
  slot: string,
  who: string,
  quantity: number,
  tier: "mutual" | "non-mutual" = "mutual",
): SlotAllocationRecord => ({
  availability_slot_id: slot,
  recipient_pubkey: who,
  need_slot_id: "n",
  quantity,
  tier,
});
const ids = (records: SlotAllocationRecord[]) =>
  [...new Set(checkAllocation(input, records).map((v) => v.id))].sort();

describe("checkAllocation's `only` option (issue 12: the nodes' per-step check runs a subset)", () => {
  // Each bad output of the tests below, alone and all together.
  const outputs: SlotAllocationRecord[][] = [
    [rec("a", "k", 5), rec("a", "m", 5), rec("b", "k", 1), rec("b", "o", 3, "non-mutual")],
    [rec("zz", "k", 1), rec("a", "nobody", 1), rec("a", "k", Number.NaN)],
    [rec("a", "k", 6), rec("a", "m", 6)],
    [rec("a", "k", 5), rec("b", "k", 2)],
    [rec("a", "z", 1), rec("a", "o", 1, "mutual"), rec("b", "m", 1)],
    [rec("a", "k", 4), rec("a", "m", 4), rec("a", "o", 2, "non-mutual")],
    [rec("a", "k", 3), rec("a", "m", 3)],
  ];
  outputs.push(outputs.slice(1).flat());
  const subsets: (readonly AllocationInvariantId[])[] = [
    ...ALLOCATION_INVARIANT_IDS.map((id) => [id]),
    ["ALLOC-REF-1", "ALLOC-CAP-1", "ALLOC-CONTRACT-1", "ALLOC-CONTRACT-2"],
    ["ALLOC-ELIG-1", "ALLOC-PROP-1"],
    [],
  ];
  it("reports exactly the full check's violations of those invariants, in the same order", () => {
    let seen = 0;
    for (const records of outputs) {
      const all = checkAllocation(input, records);
      expect(checkAllocation(input, records, { only: [...ALLOCATION_INVARIANT_IDS] })).toEqual(all);
      for (const only of subsets) {
        const want = all.filter((v) => only.includes(v.id));
        seen += want.length;
        expect(checkAllocation(input, records, { only })).toEqual(want);
      }
    }
    // The oracle compares non-empty lists (every single-invariant case above is caught).
    expect(seen).toBeGreaterThan(20);
  });

  it("does not compute the invariants left out (the pairwise rule is never asked)", () => {
    // CheckAllocationOptions.only: the ones left out are not computed at all. Only ALLOC-ELIG-1
    // and the replay (ALLOC-TIER-1, WORK-1, PROP-1) ask the compatibility rule, so without them
    // a counting rule is never called; with one of them it is.
    let calls = 0;
    const compatible = (a: Slot, b: Slot) => {
      calls++;
      return specCompatible(a, b);
    };
    const cheap: AllocationInvariantId[] = ["ALLOC-REF-1", "ALLOC-CAP-1", "ALLOC-CONTRACT-1"];
    for (const records of outputs) {
      const all = checkAllocation(input, records);
      const want = all.filter((v) => cheap.includes(v.id));
      expect(checkAllocation(input, records, { only: cheap, compatible })).toEqual(want);
    }
    expect(calls).toBe(0);
    for (const id of ["ALLOC-ELIG-1", "ALLOC-TIER-1", "ALLOC-WORK-1", "ALLOC-PROP-1"] as const) {
      calls = 0;
      checkAllocation(input, outputs[0] as SlotAllocationRecord[], { only: [id], compatible });
      expect(calls, id).toBeGreaterThan(0);
    }
  });
});

describe("allocation invariant checkers catch bad outputs", () => {
  it("accepts a correct allocation", () => {
    expect(
      ids([rec("a", "k", 5), rec("a", "m", 5), rec("b", "k", 1), rec("b", "o", 3, "non-mutual")]),
    ).toEqual([]);
  });
  it("ALLOC-REF-1 unknown slot, recipient or bad quantity", () => {
    expect(ids([rec("zz", "k", 1)])).toContain("ALLOC-REF-1");
    expect(ids([rec("a", "nobody", 1)])).toContain("ALLOC-REF-1");
    expect(ids([rec("a", "k", Number.NaN)])).toContain("ALLOC-REF-1");
  });
  it("ALLOC-CAP-1 over-granted slot", () => {
    expect(ids([rec("a", "k", 6), rec("a", "m", 6)])).toContain("ALLOC-CAP-1");
  });
  it("ALLOC-CONTRACT-1/2 more than a need across slots", () => {
    expect(ids([rec("a", "k", 5), rec("b", "k", 2)])).toEqual(
      expect.arrayContaining(["ALLOC-CONTRACT-1", "ALLOC-CONTRACT-2"]),
    );
  });
  it("ALLOC-ELIG-1 unrecognised recipient, wrong tier label, incompatible slot", () => {
    expect(ids([rec("a", "z", 1)])).toContain("ALLOC-ELIG-1");
    expect(ids([rec("a", "o", 1, "mutual")])).toContain("ALLOC-ELIG-1");
    expect(ids([rec("b", "m", 1)])).toContain("ALLOC-ELIG-1");
  });
  it("ALLOC-TIER-1 one-way grant while a mutual need is unmet", () => {
    expect(ids([rec("a", "k", 4), rec("a", "m", 4), rec("a", "o", 2, "non-mutual")])).toContain(
      "ALLOC-TIER-1",
    );
  });
  it("ALLOC-WORK-1 capacity left unused while a need is unmet", () => {
    expect(ids([rec("a", "k", 3), rec("a", "m", 3)])).toContain("ALLOC-WORK-1");
  });
  it("ALLOC-PROP-1 unequal shares among unsaturated recipients of one tier", () => {
    const skew: AllocationInput = {
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 6 }] },
      recipients: [
        {
          pubKey: "x",
          mr: 0.5,
          share: 0.5,
          damping_factor: 1,
          need_slots: [{ id: "n", quantity: 10 }],
        },
        {
          pubKey: "y",
          mr: 0.5,
          share: 0.5,
          damping_factor: 1,
          need_slots: [{ id: "n", quantity: 10 }],
        },
      ],
    };
    const v = checkAllocation(skew, [rec("a", "x", 4), rec("a", "y", 2)]).map((x) => x.id);
    expect(v).toContain("ALLOC-PROP-1");
    expect(checkAllocation(skew, [rec("a", "x", 3), rec("a", "y", 3)])).toEqual([]);
  });
  it("ALLOC-DENOM-1 wrong or missing denominators", () => {
    const records = [
      rec("a", "k", 5),
      rec("a", "m", 5),
      rec("b", "k", 1),
      rec("b", "o", 3, "non-mutual"),
    ];
    expect(checkDenominators(input, records, undefined).map((v) => v.id)).toEqual([
      "ALLOC-DENOM-1",
    ]);
    expect(
      checkDenominators(input, records, {
        a: { mutual: 1, nonMutual: 0 },
        b: { mutual: 0, nonMutual: 0 },
      }).length,
    ).toBeGreaterThan(0);
    // Tier-1 weights are renormalised MR (0.5 each) × remaining need; tier 2 share 1 × 3.
    expect(
      checkDenominators(input, records, {
        a: { mutual: 6, nonMutual: 3 },
        b: { mutual: 0.5, nonMutual: 3 },
      }),
    ).toEqual([]);
  });
});
