import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compatible,
  compatiblePrepared,
  prepareSlot,
} from "../../../src/core/compat/compatible.js";
import {
  availabilitySlotSchema,
  needSlotSchema,
  type Location,
} from "../../../src/core/schemas/slots.js";
import { arbAvailabilitySlot, arbNeedSlot } from "../../../properties/arbitraries/slots.js";
import { compatProperties } from "../../../properties/compat.js";
import { assertProperty } from "../../../properties/property.js";
import { hours, slot } from "./helpers.js";

describe("compatible = timeCompatible && locationCompatible", () => {
  it("needs both parts", () => {
    const paris: Location = { type: "in_person", country: "FR", city: "Paris" };
    const lyon: Location = { type: "in_person", country: "FR", city: "Lyon" };
    expect(compatible(slot(hours(9, 10), paris), slot(hours(9, 10), paris))).toBe(true);
    expect(compatible(slot(hours(9, 10), paris), slot(hours(10, 11), paris))).toBe(false);
    expect(compatible(slot(hours(9, 10), paris), slot(hours(9, 10), lyon))).toBe(false);
    expect(compatible(slot(hours(9, 10), paris), slot(undefined, undefined))).toBe(true);
  });

  it("prepared form gives the same answer and is reusable", () => {
    const a = prepareSlot(slot(hours(9, 10), { type: "remote" }));
    const b = prepareSlot(slot({ start: "2026-03-01T10:59:00+02:00" }, { type: "remote" }));
    expect(a.startMs).toBe(Date.UTC(2026, 2, 1, 9));
    expect(b.endMs).toBe(Infinity);
    expect(compatiblePrepared(a, b)).toBe(compatible(a.slot, b.slot));
    expect(compatiblePrepared(a, b)).toBe(true);
  });
});

describe("arbitraries", () => {
  it("produce schema-valid slots, compatible with each other neither always nor never", () => {
    const pairs = fc.sample(fc.tuple(arbAvailabilitySlot(), arbNeedSlot()), {
      numRuns: 2000,
      seed: 42,
    });
    let yes = 0;
    for (const [a, n] of pairs) {
      expect(availabilitySlotSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
      expect(needSlotSchema.safeParse(n).success, JSON.stringify(n)).toBe(true);
      if (compatible(a, n)) yes++;
    }
    expect(yes / pairs.length).toBeGreaterThan(0.1);
    expect(yes / pairs.length).toBeLessThan(0.9);
  });
});

describe("properties (properties/compat.ts, also run by commons-spec check)", () => {
  for (const p of compatProperties().filter((x) => x.id !== "COMPAT-4")) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});
