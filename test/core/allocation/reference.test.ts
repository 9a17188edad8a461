import { describe, expect, it } from "vitest";
import { allocationProperties } from "../../../properties/allocation.js";
import { assertProperty } from "../../../properties/property.js";
import { allocate, allocateValidated } from "../../../src/core/allocation/allocate.js";
import { allocationInputFromCommitments } from "../../../src/core/allocation/from-commitments.js";
import { checkAllocation } from "../../../src/core/allocation/invariants.js";
import { CoreError } from "../../../src/core/errors.js";
import {
  allocationInputSchema,
  type AllocationInput,
} from "../../../src/core/schemas/allocation.js";

const reference = { name: "reference", allocate: (i: AllocationInput) => allocateValidated(i) };

describe("reference allocation: every ALLOC invariant as a property", () => {
  for (const p of allocationProperties(reference)) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});

const grants = (input: unknown) =>
  Object.fromEntries(
    allocate(input).slot_allocations.map((r) => [
      `${r.availability_slot_id}>${r.recipient_pubkey}/${r.need_slot_id}`,
      r.quantity,
    ]),
  );

describe("reference allocation: worked cases", () => {
  it("water-fills tier 1: capping frees capacity for the other mutual recipient before tier 2", () => {
    const input = {
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 10 }] },
      recipients: [
        { pubKey: "m1", mr: 0.9, share: 0.9, need_slots: [{ id: "n", quantity: 1 }] },
        { pubKey: "m2", mr: 0.1, share: 0.1, need_slots: [{ id: "n", quantity: 10 }] },
        { pubKey: "o", mr: 0, share: 1, need_slots: [{ id: "n", quantity: 5 }] },
      ],
    };
    // m1 saturates (1); m2 takes the remaining 9; nothing is left for the one-way recipient.
    expect(grants(input)).toEqual({ "a>m1/n": 1, "a>m2/n": 9 });
    expect(
      checkAllocation(allocationInputSchema.parse(input), allocate(input).slot_allocations),
    ).toEqual([]);
  });

  it("shares a scarce slot in proportion to renormalised recognition × need", () => {
    const input = {
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 6 }] },
      recipients: [
        { pubKey: "x", mr: 0.2, share: 0.2, need_slots: [{ id: "n", quantity: 10 }] },
        { pubKey: "y", mr: 0.4, share: 0.4, need_slots: [{ id: "n", quantity: 10 }] },
      ],
    };
    const g = grants(input);
    expect(g["a>x/n"]).toBeCloseTo(2, 12);
    expect(g["a>y/n"]).toBeCloseTo(4, 12);
    expect(allocate(input).slot_denominators).toEqual({
      a: { mutual: (1 / 3) * 10 + (2 / 3) * 10, nonMutual: 0 },
    });
  });

  it("tracks a need slot across capacity slots (no double counting), earliest slot first", () => {
    const input = {
      provider: {
        pubKey: "P",
        capacity_slots: [
          {
            id: "late",
            quantity: 5,
            window: { start: "2026-03-02T09:00:00Z", end: "2026-03-02T12:00:00Z" },
          },
          {
            id: "early",
            quantity: 5,
            window: { start: "2026-03-01T09:00:00Z", end: "2026-03-01T12:00:00Z" },
          },
        ],
      },
      recipients: [{ pubKey: "r", mr: 1, share: 1, need_slots: [{ id: "n", quantity: 7 }] }],
    };
    expect(grants(input)).toEqual({ "early>r/n": 5, "late>r/n": 2 });
    expect(allocate(input).slot_order).toEqual(["early", "late"]);
  });

  it("gives nothing to a recipient whose damping factor is 0 (0 is not read as 1)", () => {
    const input = {
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 10 }] },
      recipients: [
        {
          pubKey: "d",
          mr: 0.5,
          share: 0.5,
          damping_factor: 0,
          need_slots: [{ id: "n", quantity: 4 }],
        },
        {
          pubKey: "e",
          mr: 0.5,
          share: 0.5,
          damping_factor: 1,
          need_slots: [{ id: "n", quantity: 4 }],
        },
      ],
    };
    expect(grants(input)).toEqual({ "a>e/n": 4 });
  });

  it("never grants to incompatible slots (remote need, in-person capacity)", () => {
    const input = {
      provider: {
        pubKey: "P",
        capacity_slots: [{ id: "a", quantity: 10, location: { type: "in_person", city: "Lyon" } }],
      },
      recipients: [
        {
          pubKey: "r",
          mr: 1,
          share: 1,
          need_slots: [
            { id: "remote", quantity: 4, location: { type: "remote" } },
            { id: "lyon", quantity: 3, location: { type: "in_person", city: "lyon" } },
          ],
        },
      ],
    };
    expect(grants(input)).toEqual({ "a>r/lyon": 3 });
  });

  it("rejects bad input with a CoreError naming the field path", () => {
    const bad = {
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 10 }] },
      recipients: [
        { pubKey: "r", mr: 1, share: 1, need_slots: [{ id: "n", quantity: Number.NaN }] },
      ],
    };
    let error: unknown;
    try {
      allocate(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe("INVALID_INPUT");
    expect((error as CoreError).path).toEqual(["recipients", 0, "need_slots", 0, "quantity"]);
    expect((error as CoreError).message).toContain("recipients[0].need_slots[0].quantity");
  });
});

describe("allocation input from commitments", () => {
  const stamp = { id: 1, event: 0 } as const;
  const c = (pubKey: string, weights: Record<string, number>, needs: number[], damping = 1) => ({
    pubKey,
    capacity_slots: pubKey === "P" ? [{ id: "a", quantity: 10 }] : [],
    need_slots: needs.map((q, i) => ({ id: `n${i}`, quantity: q })),
    recognition_weights: weights,
    itcStamp: stamp,
    timestamp: 1,
    damping_factor: damping,
  });

  it("derives MR = min of normalised shares, the provider's one-way share and tiers", () => {
    const provider = c("P", { A: 3, B: 1 }, []);
    const a = c("A", { P: 1, B: 1 }, [4]); // share_P(A) = 0.75, share_A(P) = 0.5 → MR 0.5
    const b = c("B", { A: 1 }, [2], 0.8); // B does not recognise P → MR 0, share 0.25
    const z = c("Z", { P: 1 }, [5]); // P does not recognise Z → not a recipient
    const input = allocationInputFromCommitments(provider, [z, b, a]);
    expect(input.recipients).toEqual([
      { pubKey: "A", need_slots: a.need_slots, mr: 0.5, share: 0.75, damping_factor: 1 },
      { pubKey: "B", need_slots: b.need_slots, mr: 0, share: 0.25, damping_factor: 0.8 },
    ]);
    const grants = allocate(input).slot_allocations.map((r) => [
      r.recipient_pubkey,
      r.quantity,
      r.tier,
    ]);
    expect(grants).toEqual([
      ["A", 4, "mutual"],
      ["B", 2, "non-mutual"],
    ]);
  });
});
