// allocateValidated on an input that did not go through allocationInputSchema: the schema's
// defaults apply (damping_factor 1) instead of silently granting nothing, and a weight that is
// not a number is rejected naming its path.
import { describe, expect, it } from "vitest";
import { allocate, allocateValidated, withDefaults } from "../../src/core/allocation/allocate.js";
import { CoreError } from "../../src/core/errors.js";
import type { AllocationInput } from "../../src/core/schemas/allocation.js";

const WINDOW = { start: "2026-03-01T00:00+00:00", end: "2026-03-01T20:00+00:00" };
const raw = {
  provider: { pubKey: "p", capacity_slots: [{ id: "s", quantity: 10, window: WINDOW }] },
  recipients: [
    {
      pubKey: "a",
      need_slots: [{ id: "n", quantity: 4, location: { type: "remote" } }],
      mr: 0.5,
      share: 0.5,
    },
    {
      pubKey: "b",
      need_slots: [{ id: "n", quantity: 9, location: { type: "remote" } }],
      mr: 0,
      share: 0.5,
    },
  ],
};

describe("allocateValidated on an unparsed input", () => {
  it("applies the schema's default damping factor: the same grants as allocate", () => {
    const viaSchema = allocate(raw);
    expect(viaSchema.slot_allocations.length).toBeGreaterThan(0);
    const direct = allocateValidated(raw as unknown as AllocationInput);
    expect(direct.slot_allocations).toEqual(viaSchema.slot_allocations);
    expect({ ...direct.recipient_totals }).toEqual({ ...viaSchema.recipient_totals });
  });

  it("defaults only the damping factors that are missing, keeping the others", () => {
    // Two mutual recipients of equal MR and need 9 compete for 10 units; a states damping 0.25,
    // b none (so 1). SPEC.md §5.3: weight = renormalised MR × damping × remaining need, so b's
    // weight is 4 × a's and neither saturates: a gets 2, b gets 8.
    const mixed = structuredClone(raw) as { recipients: Record<string, unknown>[] };
    mixed.recipients.forEach((r) =>
      Object.assign(r, {
        mr: 0.5,
        need_slots: [{ id: "n", quantity: 9, location: { type: "remote" } }],
      }),
    );
    (mixed.recipients[0] as Record<string, unknown>).damping_factor = 0.25;
    const viaSchema = allocate(mixed);
    const direct = allocateValidated(mixed as unknown as AllocationInput);
    expect(direct.slot_allocations).toEqual(viaSchema.slot_allocations);
    const { a, b } = direct.recipient_totals;
    expect(a).toBeCloseTo(2, 9);
    expect(b).toBeCloseTo(8, 9);
  });

  it("returns the input itself (no copy) when every recipient has its damping factor", () => {
    const full = structuredClone(raw) as { recipients: Record<string, unknown>[] };
    for (const r of full.recipients) r.damping_factor = 1;
    const parsed = full as unknown as AllocationInput;
    expect(withDefaults(parsed)).toBe(parsed);
    expect(withDefaults(raw as unknown as AllocationInput)).not.toBe(raw);
  });

  it.each([
    ["mr", "0.5"],
    ["share", null],
    ["damping_factor", "1"],
  ])("rejects a recipient whose %s is not a number, naming its path", (field, value) => {
    const bad = structuredClone(raw) as { recipients: Record<string, unknown>[] };
    (bad.recipients[1] as Record<string, unknown>)[field] = value;
    let caught: unknown;
    try {
      allocateValidated(bad as unknown as AllocationInput);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe("ALLOCATION_INPUT");
    expect((caught as CoreError).path).toEqual(["recipients", 1, field]);
    expect((caught as CoreError).message).toContain(`recipients[1].${field}`);
  });
});
