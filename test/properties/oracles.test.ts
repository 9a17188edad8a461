/**
 * The suites' independent statements of SPEC (compat-oracle, allocation-oracle, specDamping)
 * against the reference core and against each other: an oracle that disagreed with a correct
 * implementation would raise false alarms, and one that agreed with everything would catch
 * nothing (test/properties/zoo-classes.test.ts shows it catches the zoo).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocationProperties } from "../../properties/allocation.js";
import { specAllocation, specFillSlot, specPlan } from "../../properties/allocation-oracle.js";
import { arbAllocationInput } from "../../properties/arbitraries/allocation.js";
import { arbSlotPair } from "../../properties/arbitraries/slot-edges.js";
import {
  arbInstantStyle,
  arbOffsetMinutes,
  formatInstant,
} from "../../properties/arbitraries/slots.js";
import { oracleCityKey, oracleInstantMs, specVerdict } from "../../properties/compat-oracle.js";
import { arbDampingCase, specDamping } from "../../properties/damping.js";
import {
  describeHistory,
  describeSlot,
  instantsInUtc,
  withUtc,
} from "../../properties/describe.js";
import { assertProperty } from "../../properties/property.js";
import { allocateValidated } from "../../src/core/allocation/allocate.js";
import { compatible } from "../../src/core/compat/compatible.js";
import { normalizeCity } from "../../src/core/compat/location.js";
import { dampingFactor } from "../../src/core/damping.js";
import { parseInstant } from "../../src/core/schemas/primitives.js";
import { textbookAllocator } from "../mutants/_textbook-allocator.js";

describe("compat oracle", () => {
  it("parses every instant the generators write as the core does, across years 0001–9999 and every offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62135510400000, max: Date.UTC(9999, 11, 30) }),
        arbOffsetMinutes,
        arbInstantStyle,
        (ms, off, style) => {
          const t = formatInstant(ms, off, style);
          expect(oracleInstantMs(t)).toBe(parseInstant(t));
          expect(oracleInstantMs(t)).toBe(ms);
        },
      ),
      { numRuns: 3000, seed: 1 },
    );
    expect(oracleInstantMs("0001-01-01T00:00Z")).toBe(parseInstant("0001-01-01T00:00Z"));
    expect(oracleInstantMs("2026-10-25T02:30+02:00")).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it("agrees with the reference on edge pairs, and its city key is the core's", () => {
    for (const [a, b] of fc.sample(arbSlotPair(), { numRuns: 5000, seed: 3 }))
      expect(specVerdict(a, b).compatible, JSON.stringify([a, b])).toBe(compatible(a, b));
    for (const c of ["Zürich", "Ｚｕｒｉｃｈ", "ǅakovica", "İstanbul", "मुंबई", "São\u3000Paulo"])
      expect(oracleCityKey(c)).toBe(normalizeCity(c));
  });
});

describe("allocation oracle", () => {
  it("gives the reference's grants and denominators (end to end, from its own remaining needs)", () => {
    fc.assert(
      fc.property(arbAllocationInput({ edges: false }), (input) => {
        const spec = specAllocation(input);
        const ref = allocateValidated(input);
        for (const s of spec.slots) {
          const got = new Map(
            ref.slot_allocations
              .filter((r) => r.availability_slot_id === s.slotId)
              .map((r) => [`${r.recipient_pubkey}\u0000${r.need_slot_id}`, r.quantity]),
          );
          for (const k of new Set([...got.keys(), ...s.grants.keys()])) {
            const x = got.get(k) ?? 0;
            const y = s.grants.get(k) ?? 0;
            expect(Math.abs(x - y), `${s.slotId} ${k}: ${x} vs ${y}`).toBeLessThanOrEqual(
              1e-9 * Math.max(1, s.quantity),
            );
          }
          const d = ref.slot_denominators[s.slotId];
          const near = (x: number | undefined, y: number) =>
            x !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
          expect(near(d?.mutual, s.denominators.mutual), `${s.slotId} mutual`).toBe(true);
          expect(near(d?.nonMutual, s.denominators.nonMutual), `${s.slotId} one-way`).toBe(true);
        }
      }),
      { numRuns: 1500, seed: 5 },
    );
  });

  it("water-fills a slot: equal coefficients saturate together, tier 2 gets only what tier 1 leaves", () => {
    const input = {
      provider: { pubKey: "P", capacity_slots: [{ id: "s", quantity: 1e15 }] },
      recipients: [
        {
          pubKey: "a",
          need_slots: [{ id: "n", quantity: 1e15 }],
          mr: 0.5,
          share: 0,
          damping_factor: 1,
        },
        {
          pubKey: "b",
          need_slots: [{ id: "n", quantity: 1e-8 }],
          mr: 0.5,
          share: 0,
          damping_factor: 1,
        },
        { pubKey: "c", need_slots: [{ id: "n", quantity: 3 }], mr: 0, share: 1, damping_factor: 1 },
      ],
    };
    const plan = specPlan(input);
    const s = specFillSlot(plan, plan.slots[0] as (typeof plan.slots)[number], new Map());
    // Σ need 1e15 + 1e-8 > 1e15: tier 1 is not saturated, so tier 2 gets nothing (not rounding noise).
    expect(s.grants.get("c\u0000n") ?? 0).toBe(0);
    expect(s.grants.get("b\u0000n")).toBeGreaterThan(0.99e-8);
  });

  it("accepts an independent allocator (cap-and-reshare, per need slot) under ALLOC-RESULT-1", () => {
    const result = allocationProperties(textbookAllocator(), "textbook").find(
      (p) => p.id === "ALLOC-RESULT-1",
    );
    expect(result).toBeDefined();
    if (result !== undefined) assertProperty(result, 11, 1500);
  });
});

describe("damping oracle", () => {
  it("gives the reference's factor on random histories", () => {
    for (const c of fc.sample(arbDampingCase(), { numRuns: 5000, seed: 9 }))
      expect(specDamping(c.history, c.now).factor, describeHistory(c.history, c.now)).toBe(
        dampingFactor(c.history, c.now),
      );
  });
});

describe("counterexample text", () => {
  it("prints instants with their UTC equivalent, and times beyond JavaScript dates as numbers", () => {
    expect(withUtc("2026-03-29T02:30:00+02:00")).toBe("2026-03-29T02:30:00+02:00 (= 00:30:00Z)");
    // Another UTC date is written out, and so are milliseconds.
    expect(withUtc("2026-01-01T01:00:00.250+02:00")).toBe(
      "2026-01-01T01:00:00.250+02:00 (= 2025-12-31T23:00:00.250Z)",
    );
    expect(withUtc("2026-10-25T02:30Z")).toBe("2026-10-25T02:30Z");
    expect(withUtc("2026-10-25T02:30-00:00")).toBe("2026-10-25T02:30-00:00");
    expect(withUtc("2026-02-30T00:00+01:00")).toBe("2026-02-30T00:00+01:00");
    expect(describeSlot({ id: "a", quantity: 1, window: { end: "2026-03-01T00:00-05:00" } })).toBe(
      "a (quantity 1, [−∞, 2026-03-01T00:00-05:00 (= 05:00:00Z)), location unknown)",
    );
    // A counterexample's instants with an offset, each once; Z, malformed and other strings left out.
    expect(
      instantsInUtc([
        {
          window: { start: "2026-03-29T02:30+02:00", end: "2026-03-29T03:00Z" },
          other: ["2026-03-29T02:30+02:00", "2026-13-01T00:00+01:00", "Zürich"],
        },
        "2026-03-28T23:30-01:00",
      ]),
    ).toEqual([
      "2026-03-29T02:30+02:00 (= 00:30:00Z)",
      "2026-03-28T23:30-01:00 (= 2026-03-29T00:30:00Z)",
    ]);
    expect(
      describeHistory(
        [{ overAllocation: 2, timestamp: 9_007_199_254_740_990 }],
        9_007_199_254_740_991,
      ),
    ).toBe("[2 at now − 1 ms (9007199254740990 ms)]");
  });
});
