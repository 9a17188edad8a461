// Edge cases of the allocation computation (src/core/allocation/compute.ts) through `allocate`:
// zero weights, rank order inside tier 2, saturation decided exactly at the boundary, the
// tolerance snap of remaining needs, and results that must come out exact (not rounded).
import { describe, expect, it } from "vitest";
import { allocate } from "../../../src/core/allocation/allocate.js";
import type { AllocationVariant } from "../../../src/core/allocation/variants.js";

interface R {
  pubKey: string;
  mr: number;
  share: number;
  damping_factor?: number;
  need_slots: { id: string; quantity: number }[];
}
const input = (slots: { id: string; quantity: number }[], recipients: R[]) => ({
  provider: { pubKey: "P", capacity_slots: slots },
  recipients,
});
const needs = (...qs: number[]) => qs.map((quantity, i) => ({ id: `n${i + 1}`, quantity }));
const grants = (x: unknown, variant: AllocationVariant = "reference") =>
  allocate(x, { variant }).slot_allocations.map(
    (r) =>
      `${r.availability_slot_id}>${r.recipient_pubkey}/${r.need_slot_id}=${r.quantity}:${r.tier}`,
  );

describe("allocation computation — edges", () => {
  it("reports per-recipient totals and the unused capacity after both tiers", () => {
    const x = input(
      [
        { id: "a", quantity: 10 },
        { id: "b", quantity: 4 },
      ],
      [
        { pubKey: "m", mr: 1, share: 0, need_slots: needs(2) },
        { pubKey: "o", mr: 0, share: 1, need_slots: needs(3) },
        { pubKey: "z", mr: 0, share: 0, need_slots: needs(3) },
      ],
    );
    const r = allocate(x);
    expect(r.recipient_totals).toEqual({ m: 2, o: 3, z: 0 });
    expect(r.slot_unused).toEqual({ a: 5, b: 4 });
    expect(grants(x)).toEqual(["a>m/n1=2:mutual", "a>o/n1=3:non-mutual"]);
  });

  it("tier 2 is water-filled in rank order (coef descending), not pubKey order", () => {
    // b has the larger share and a small need: it saturates first, freeing capacity for a.
    const x = input(
      [{ id: "s", quantity: 30 }],
      [
        { pubKey: "a", mr: 0, share: 0.2, need_slots: needs(100) },
        { pubKey: "b", mr: 0, share: 0.8, need_slots: needs(1) },
      ],
    );
    const r = allocate(x);
    const [a, b] = r.slot_allocations;
    expect([a?.recipient_pubkey, b?.recipient_pubkey, b?.quantity]).toEqual(["a", "b", 1]);
    expect(a?.quantity).toBeCloseTo(29, 9);
    expect(r.slot_unused.s).toBeCloseTo(0, 9);
  });

  it("zero-weight mutual recipients (damping 0) do not take capacity from tier 2", () => {
    const x = input(
      [{ id: "s", quantity: 4 }],
      [
        { pubKey: "d", mr: 1, share: 1, damping_factor: 0, need_slots: needs(5) },
        { pubKey: "o", mr: 0, share: 1, need_slots: needs(3) },
      ],
    );
    for (const variant of ["reference", "v2-one-pass"] as const) {
      const r = allocate(x, { variant });
      expect(grants(x, variant)).toEqual(["s>o/n1=3:non-mutual"]);
      expect(r.slot_unused).toEqual({ s: 1 });
      expect(r.slot_denominators).toEqual({ s: { mutual: 0, nonMutual: 3 } });
    }
  });

  it("a saturated recipient gets exactly its remaining need per unit, not a rounded share", () => {
    // Capacity equals demand 0.1 + 0.3 = 0.4: θ·coef is exactly 1, so the recipient saturates;
    // a proportional split would give (0.4 · 0.1) / 0.4 = 0.10000000000000002.
    const ref = input(
      [{ id: "s", quantity: 0.4 }],
      [{ pubKey: "k", mr: 1, share: 0, need_slots: needs(0.1, 0.3) }],
    );
    expect(grants(ref)).toEqual(["s>k/n1=0.1:mutual", "s>k/n2=0.3:mutual"]);
    // One pass: the share (C·coef·d)/W equals d = 0.3 + 1.9 exactly; (d · 1.9) / d would not be 1.9.
    const one = input(
      [{ id: "s", quantity: 0.3 + 1.9 }],
      [{ pubKey: "k", mr: 1, share: 0, need_slots: needs(0.3, 1.9) }],
    );
    expect(grants(one, "v2-one-pass")).toEqual(["s>k/n1=0.3:mutual", "s>k/n2=1.9:mutual"]);
  });

  it("a recipient saturates only if its demand fits the capacity left, whatever rounding says", () => {
    // θ·coef rounds to 1 for a, yet a's need 1e9 exceeds the capacity (the double just below
    // 1e9): a must not be treated as saturated, and b still gets its proportional share.
    const x = input(
      [{ id: "s", quantity: 999999999.9999999 }],
      [
        { pubKey: "a", mr: 0.75, share: 0, need_slots: needs(1e9) },
        { pubKey: "b", mr: 0.25, share: 0, need_slots: needs(1e-9) },
      ],
    );
    const r = allocate(x);
    const b = r.slot_allocations.find((g) => g.recipient_pubkey === "b");
    expect(b?.quantity).toBeGreaterThan(0);
    expect(b?.quantity).toBeLessThan(1e-9);
  });

  it("a remaining need within tol(need) counts as met: later slots give it nothing", () => {
    // need 1e9 (tol 1): slot s1 grants 1e9 − 1, leaving exactly tol; s2 must skip it.
    const x = (first: number) =>
      input(
        [
          { id: "s1", quantity: first },
          { id: "s2", quantity: 5 },
        ],
        [{ pubKey: "k", mr: 1, share: 0, need_slots: needs(1e9) }],
      );
    expect(grants(x(1e9 - 1))).toEqual(["s1>k/n1=999999999:mutual"]);
    expect(allocate(x(1e9 - 1)).slot_denominators).toEqual({
      s1: { mutual: 1e9, nonMutual: 0 },
      s2: { mutual: 0, nonMutual: 0 },
    });
    expect(grants(x(1e9 - 2))).toEqual(["s1>k/n1=999999998:mutual", "s2>k/n1=2:mutual"]);
  });
});
