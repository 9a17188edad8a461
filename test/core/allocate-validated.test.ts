// allocateValidated on an input that did not go through allocationInputSchema: the schema's
// defaults apply (damping_factor 1) instead of silently granting nothing, and a weight that is
// not a number is rejected naming its path.
import { describe, expect, it } from "vitest";
import { allocate, allocateValidated } from "../../src/core/allocation/allocate.js";
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
