// The allocation invariant checkers judge other implementations, so each check is given inputs
// that violate it exactly at its boundary (and inputs that just satisfy it), and the reported
// violations — ID and message — are compared in full.
import { describe, expect, it } from "vitest";
import {
  checkAllocation,
  checkDenominators,
  type Violation,
} from "../../../src/core/allocation/invariants.js";
import type {
  AllocationInput,
  AllocationRecipient,
  SlotAllocationRecord,
} from "../../../src/core/schemas/allocation.js";
import type { AvailabilitySlot, NeedSlot } from "../../../src/core/schemas/slots.js";
import { tol } from "../../../src/core/tolerance.js";

type Tier = "mutual" | "non-mutual";

function recipient(
  pubKey: string,
  mr: number,
  share: number,
  needs: NeedSlot[],
  damping_factor = 1,
): AllocationRecipient {
  return { pubKey, mr, share, damping_factor, need_slots: needs };
}
const need = (quantity: number, extra: Partial<NeedSlot> = {}): NeedSlot => ({
  id: "n",
  quantity,
  ...extra,
});
function inputOf(slots: AvailabilitySlot[], recipients: AllocationRecipient[]): AllocationInput {
  return { provider: { pubKey: "P", capacity_slots: slots }, recipients };
}
const rec = (
  slot: string,
  who: string,
  quantity: number,
  tier: Tier = "mutual",
  needSlot = "n",
): SlotAllocationRecord => ({
  availability_slot_id: slot,
  recipient_pubkey: who,
  need_slot_id: needSlot,
  quantity,
  tier,
});
// Codes are checked in "failure codes" below; here any code will do.
const v = (id: Violation["id"], message: string): Violation => ({
  id,
  code: expect.any(String) as string,
  message,
});

// tol(1e9) is exactly 1 and tol(2e9) exactly 2: boundaries can be hit without rounding.
const G = 1e9;

describe("checkAllocation — references and eligibility", () => {
  it("ALLOC-REF-1: a negative quantity is a bad reference; a zero grant is fine", () => {
    const input = inputOf([{ id: "a", quantity: 1 }], [recipient("k", 1, 0, [need(1)])]);
    expect(checkAllocation(input, [rec("a", "k", 1), rec("a", "k", -1)])).toEqual([
      v(
        "ALLOC-REF-1",
        'slot_allocations[1] names an unknown slot/recipient/need slot or a bad quantity ({"availability_slot_id":"a","recipient_pubkey":"k","need_slot_id":"n","quantity":-1,"tier":"mutual"})',
      ),
    ]);
    expect(checkAllocation(input, [rec("a", "k", 0), rec("a", "k", 1)])).toEqual([]);
    expect(checkAllocation(input, [rec("a", "k", 1, "mutual", "other")])[0]?.id).toBe(
      "ALLOC-REF-1",
    );
  });

  it("ALLOC-ELIG-1: each kind of ineligible grant has its own message", () => {
    const input = inputOf(
      [
        { id: "a", quantity: 3 },
        { id: "r", quantity: 1, location: { type: "remote" } },
      ],
      [
        recipient("k", 1, 0, [need(1)]),
        recipient("l", 0, 0, [need(1, { location: { type: "in_person", city: "Lyon" } })]),
        recipient("o", 0, 1, [need(1)]),
        recipient("z", 0, 0, [need(1)]),
      ],
    );
    expect(
      checkAllocation(input, [
        rec("a", "k", 1),
        rec("a", "z", 1, "non-mutual"),
        rec("a", "o", 1, "mutual"),
        rec("r", "k", 1, "non-mutual"),
      ]),
    ).toEqual([
      v("ALLOC-ELIG-1", "z is not recognised by the provider (MR = 0, share = 0) but got 1 of a"),
      v("ALLOC-ELIG-1", "grant to o from a is labelled mutual but the recipient is non-mutual"),
      v("ALLOC-ELIG-1", "grant to k from r is labelled non-mutual but the recipient is mutual"),
      v("ALLOC-CONTRACT-1", "need slot k/n: granted 2 over all slots > quantity 1"),
      v("ALLOC-CONTRACT-2", "recipient k: granted 2 > stated need 1"),
    ]);
    // An unrecognised recipient that is also incompatible gets both messages.
    expect(checkAllocation(input, [rec("r", "l", 1)])).toEqual([
      v("ALLOC-ELIG-1", "l is not recognised by the provider (MR = 0, share = 0) but got 1 of r"),
      v("ALLOC-ELIG-1", "r and l/n are not compatible but 1 was granted"),
      v("ALLOC-WORK-1", "slot a leaves 3 unused while compatible recognised k/n has unmet need 1"),
      v("ALLOC-WORK-1", "slot a leaves 3 unused while compatible recognised o/n has unmet need 1"),
    ]);
    // Zero grants are never judged for eligibility.
    const zeros = [
      rec("a", "k", 1),
      rec("a", "z", 0),
      rec("r", "l", 0),
      rec("a", "o", 0, "mutual"),
    ];
    expect(checkAllocation(input, zeros).filter((x) => x.id === "ALLOC-ELIG-1")).toEqual([]);
  });
});

describe("checkAllocation — capacity and contractiveness messages", () => {
  it("ALLOC-CAP-1, ALLOC-CONTRACT-1 and ALLOC-CONTRACT-2 report the totals", () => {
    const input = inputOf(
      [
        { id: "a", quantity: 2 },
        { id: "b", quantity: 2 },
      ],
      [recipient("k", 1, 0, [need(2), need(1, { id: "m" })])],
    );
    expect(
      checkAllocation(input, [rec("a", "k", 2), rec("a", "k", 1, "mutual", "m"), rec("b", "k", 1)]),
    ).toEqual([
      v("ALLOC-CAP-1", "slot a: granted 3 > quantity 2"),
      v("ALLOC-CONTRACT-1", "need slot k/n: granted 3 over all slots > quantity 2"),
      v("ALLOC-CONTRACT-2", "recipient k: granted 4 > stated need 3"),
    ]);
  });
});

describe("checkAllocation — tier priority and work conservation at the tolerance boundary", () => {
  const tierInput = inputOf(
    [{ id: "a", quantity: 10 }],
    [recipient("k", 1, 0, [need(20)]), recipient("o", 0, 1, [need(5)])],
  );

  it("ALLOC-TIER-1 fires for a one-way grant above tol(slot), not at or below it", () => {
    expect(tol(10)).toBe(1e-8);
    expect(checkAllocation(tierInput, [rec("a", "k", 10), rec("a", "o", 0, "non-mutual")])).toEqual(
      [],
    );
    const big = inputOf(
      [{ id: "a", quantity: G }],
      [recipient("k", 1, 0, [need(2 * G)]), recipient("o", 0, 1, [need(5)])],
    );
    expect(checkAllocation(big, [rec("a", "k", G - 1), rec("a", "o", 1, "non-mutual")])).toEqual(
      [],
    );
    expect(checkAllocation(big, [rec("a", "k", G - 2), rec("a", "o", 2, "non-mutual")])).toEqual([
      v(
        "ALLOC-TIER-1",
        "slot a gave to one-way recipients while mutual k/n (compatible) is left with unmet need 1000000002",
      ),
    ]);
    expect(checkAllocation(tierInput, [rec("a", "k", 6), rec("a", "o", 4, "non-mutual")])).toEqual([
      v(
        "ALLOC-TIER-1",
        "slot a gave to one-way recipients while mutual k/n (compatible) is left with unmet need 14",
      ),
    ]);
  });

  it("ALLOC-WORK-1 fires when more than tol(slot) is left unused, not exactly tol(slot)", () => {
    const input = inputOf([{ id: "a", quantity: G }], [recipient("k", 1, 0, [need(2 * G)])]);
    expect(checkAllocation(input, [rec("a", "k", G - 1)])).toEqual([]);
    expect(checkAllocation(input, [rec("a", "k", G - 3)])).toEqual([
      v(
        "ALLOC-WORK-1",
        "slot a leaves 3 unused while compatible recognised k/n has unmet need 1000000003",
      ),
    ]);
  });

  it("a need within tol(need) of its quantity counts as satisfied (no ALLOC-WORK-1)", () => {
    const input = inputOf([{ id: "a", quantity: 4 * G }], [recipient("k", 1, 0, [need(2 * G)])]);
    expect(checkAllocation(input, [rec("a", "k", 2 * G - 2)])).toEqual([]);
    expect(checkAllocation(input, [rec("a", "k", 2 * G - 3)])).toEqual([
      v(
        "ALLOC-WORK-1",
        "slot a leaves 2000000003 unused while compatible recognised k/n has unmet need 3",
      ),
    ]);
  });
});

describe("checkAllocation — proportionality (ALLOC-PROP-1)", () => {
  const two = (qa: number, na = 100, nb = 100, mra = 0.5, mrb = 0.5) =>
    inputOf(
      [{ id: "a", quantity: qa }],
      [recipient("a", mra, 0, [need(na)]), recipient("b", mrb, 0, [need(nb)])],
    );

  it("a zero-weight recipient (damping 0) may get at most tol(slot)", () => {
    const input = inputOf(
      [{ id: "a", quantity: G }],
      [recipient("d", 1, 0, [need(5)], 0), recipient("o", 0, 1, [need(5)], 0)],
    );
    expect(checkAllocation(input, [rec("a", "d", 1)])).toEqual([]);
    expect(checkAllocation(input, [rec("a", "d", 2), rec("a", "o", 1.5, "non-mutual")])).toEqual([
      v("ALLOC-PROP-1", "slot a, tier 1: d/n has weight 0 (damping 0) but got 2"),
      v("ALLOC-PROP-1", "slot a, tier 2: o/n has weight 0 (damping 0) but got 1.5"),
    ]);
  });

  it("grants to unrecognised recipients are not judged for proportionality", () => {
    const input = inputOf(
      [{ id: "a", quantity: 4 }],
      [recipient("k", 1, 0, [need(2)]), recipient("z", 0, 0, [need(2)])],
    );
    expect(checkAllocation(input, [rec("a", "k", 2), rec("a", "z", 2)])).toEqual([
      v("ALLOC-ELIG-1", "z is not recognised by the provider (MR = 0, share = 0) but got 2 of a"),
    ]);
  });

  it("units whose need is already met in an earlier slot are not judged in later ones", () => {
    const input = inputOf(
      [
        { id: "a", quantity: 1, location: { type: "remote" } },
        { id: "b", quantity: 3 },
      ],
      [
        recipient("k", 0.5, 0, [need(1, { location: { type: "remote" } })]),
        recipient("m", 0.5, 0, [need(10, { location: { type: "in_person", city: "Lyon" } })]),
      ],
    );
    expect(checkAllocation(input, [rec("a", "k", 1), rec("b", "k", 1), rec("b", "m", 2)])).toEqual([
      v("ALLOC-CONTRACT-1", "need slot k/n: granted 2 over all slots > quantity 1"),
      v("ALLOC-CONTRACT-2", "recipient k: granted 2 > stated need 1"),
    ]);
  });

  it("a unit at exactly need − tol(need) is saturated: it may get less than the common rate", () => {
    // a: coef 0.75, need 2e9, gets 2e9 − 2 (= need − tol(need)): saturated at rate ≈ 1.33;
    // b: coef 0.25, unsaturated at rate 2. Saturated units may get less than θ·weight.
    const input = two(4 * G - 2, 2 * G, 4 * G, 0.75, 0.25);
    expect(checkAllocation(input, [rec("a", "a", 2 * G - 2), rec("a", "b", 2 * G)])).toEqual([]);
  });

  it("tolerance ε = RATIO_TOL·x + tol(slot) is relative to the grant", () => {
    // Tiny grants 1e-4 vs 2e-4 for equal weights are clearly not proportional.
    const [m] = checkAllocation(two(3e-4, 1, 1), [rec("a", "a", 1e-4), rec("a", "b", 2e-4)]);
    expect(m?.id).toBe("ALLOC-PROP-1");
    expect(m?.message).toMatch(
      /^slot a, tier 1: unsaturated units are not shared in proportion to weight: b\/n got at least .* per unit of weight, a\/n at most /,
    );
    // Grants differing by 1e-7 on 5 (within 1e-7·5) are proportional.
    expect(checkAllocation(two(10 + 1e-7), [rec("a", "a", 5), rec("a", "b", 5 + 1e-7)])).toEqual(
      [],
    );
    expect(checkAllocation(two(10 + 1e-7), [rec("a", "b", 5), rec("a", "a", 5 + 1e-7)])).toEqual(
      [],
    );
  });

  it("the message names the first unit that sets each bound, in canonical order", () => {
    const three = inputOf(
      [{ id: "s", quantity: 10 }],
      ["a", "b", "c"].map((k) => recipient(k, 1 / 3, 0, [need(100)])),
    );
    const [hiLo] = checkAllocation(three, [rec("s", "a", 4), rec("s", "b", 4), rec("s", "c", 2)]);
    expect(hiLo?.message).toMatch(
      /: a\/n got at least [0-9.e-]+ per unit of weight, c\/n at most /,
    );
    const [loHi] = checkAllocation(three, [rec("s", "a", 3), rec("s", "b", 3), rec("s", "c", 4)]);
    expect(loHi?.message).toMatch(
      /: c\/n got at least [0-9.e-]+ per unit of weight, a\/n at most /,
    );
    // The smallest upper bound comes first here, so the last unit must not override it.
    const [first] = checkAllocation(three, [rec("s", "a", 2), rec("s", "b", 4), rec("s", "c", 4)]);
    expect(first?.message).toMatch(
      /: b\/n got at least [0-9.e-]+ per unit of weight, a\/n at most /,
    );
  });

  it("bounds that meet exactly (lo = hi) are consistent", () => {
    // (xa − εa)/w = (xb + εb)/w exactly for xa = 1.000000220000022, xb = 1, slot 10, w = 50.
    const input = two(10);
    const got = checkAllocation(input, [rec("a", "a", 1.000000220000022), rec("a", "b", 1)]);
    expect(got.map((x) => x.id)).toEqual(["ALLOC-WORK-1", "ALLOC-WORK-1"]);
  });

  it("a saturated unit may get exactly θ·w + ε, and no more", () => {
    // a: need 10, gets all 10 (w = 5); b: need 100, gets xb (w = 50) with
    // 10 = hi·5 + RATIO_TOL·10 + tol(200) exactly.
    const input = two(200, 10, 100);
    const xb = 99.99997780000223;
    const ok = checkAllocation(input, [rec("a", "a", 10), rec("a", "b", xb)]);
    expect(ok.map((x) => x.id)).toEqual(["ALLOC-WORK-1"]);
    const below = checkAllocation(input, [rec("a", "a", 10), rec("a", "b", 99.9999)]);
    expect(below.map((x) => x.id)).toEqual(["ALLOC-WORK-1", "ALLOC-PROP-1"]);
    expect(below[1]?.message).toMatch(
      /^slot a, tier 1: saturated a\/n got 10, more than the unsaturated rate allows \(at most 1\.99999\d+ × weight 5\)$/,
    );
  });

  it("a saturated unit within RATIO_TOL·x of θ·w passes, beyond it fails", () => {
    // a: need 100 fully granted (w = 50); b: need 1000 (w = 500) at a rate putting θ·50 at
    // 100 − 5e-6: inside RATIO_TOL·100 = 1e-5, outside tol(slot) ≈ 1.1e-6.
    const xb = 999.9998489;
    const input = two(100 + xb, 100, 1000);
    expect(checkAllocation(input, [rec("a", "a", 100), rec("a", "b", xb)])).toEqual([]);
    const xb2 = 999.9997;
    const bad = checkAllocation(two(100 + xb2, 100, 1000), [
      rec("a", "a", 100),
      rec("a", "b", xb2),
    ]);
    expect(bad.map((x) => x.id)).toEqual(["ALLOC-PROP-1"]);
  });
});

describe("checkDenominators (ALLOC-DENOM-1)", () => {
  it("reports missing denominators with a fixed message", () => {
    const input = inputOf([{ id: "a", quantity: 1 }], []);
    expect(checkDenominators(input, [], undefined)).toEqual([
      v("ALLOC-DENOM-1", "the implementation reports no slot_denominators"),
    ]);
    expect(checkDenominators(input, [], { a: { mutual: 0, nonMutual: 0 } })).toEqual([]);
  });

  it("a missing slot entry and each wrong tier are reported with got and expected", () => {
    const input = inputOf(
      [
        { id: "a", quantity: 1 },
        { id: "b", quantity: 1 },
        { id: "c", quantity: 1 },
      ],
      [recipient("k", 1, 0, [need(4)]), recipient("o", 0, 1, [need(2)])],
    );
    expect(
      checkDenominators(input, [], {
        a: { mutual: 4, nonMutual: 2 },
        b: { mutual: 5, nonMutual: 2 },
      }),
    ).toEqual([
      v(
        "ALLOC-DENOM-1",
        'slot b: denominators {"mutual":5,"nonMutual":2}, expected {"mutual":4,"nonMutual":2}',
      ),
      v("ALLOC-DENOM-1", 'slot c: denominators undefined, expected {"mutual":4,"nonMutual":2}'),
    ]);
    expect(
      checkDenominators(input, [], {
        a: { mutual: 4, nonMutual: 2 },
        b: { mutual: 4, nonMutual: 3 },
        c: { mutual: 4, nonMutual: 2 },
      }),
    ).toEqual([
      v(
        "ALLOC-DENOM-1",
        'slot b: denominators {"mutual":4,"nonMutual":3}, expected {"mutual":4,"nonMutual":2}',
      ),
    ]);
  });

  it("a unit whose replayed remaining need is not a number (a NaN grant) adds nothing", () => {
    // ALLOC-DENOM-1 sums coef × remaining need over the units with remaining need > 0; a NaN
    // grant (reported by ALLOC-REF-1) leaves its unit's remainder NaN, which is not > 0, so the
    // later slots' expected denominators stay numbers and only a wrong report is flagged.
    const input = inputOf(
      [
        { id: "a", quantity: 1 },
        { id: "b", quantity: 1 },
      ],
      [recipient("k", 1, 0, [need(4)])],
    );
    const records = [rec("a", "k", Number.NaN)];
    expect(
      checkDenominators(input, records, {
        a: { mutual: 4, nonMutual: 0 },
        b: { mutual: 0, nonMutual: 0 },
      }),
    ).toEqual([]);
    expect(
      checkDenominators(input, records, {
        a: { mutual: 4, nonMutual: 0 },
        b: { mutual: 4, nonMutual: 0 },
      }).map((x) => x.code),
    ).toEqual(["mutual-denominator-wrong"]);
  });

  it("counts only recognised, compatible units with remaining need", () => {
    const input = inputOf(
      [{ id: "a", quantity: 1, location: { type: "remote" } }],
      [
        recipient("k", 0.5, 0, [need(4)]),
        recipient("l", 0.5, 0, [need(4, { location: { type: "in_person", city: "Lyon" } })]),
        recipient("o", 0, 1, [need(2)]),
        recipient("z", 0, 0, [need(7)]),
      ],
    );
    expect(checkDenominators(input, [], { a: { mutual: 2, nonMutual: 2 } })).toEqual([]);
    expect(checkDenominators(input, [], { a: { mutual: 0, nonMutual: 0 } })).toHaveLength(1);
  });

  it("replays remaining needs; a remainder of exactly tol(need) counts as met", () => {
    const input = inputOf(
      [
        { id: "s1", quantity: G },
        { id: "s2", quantity: G },
      ],
      [recipient("k", 1, 0, [need(G)])],
    );
    const zero = { mutual: 0, nonMutual: 0 };
    expect(
      checkDenominators(input, [rec("s1", "k", G - 1)], {
        s1: { mutual: G, nonMutual: 0 },
        s2: zero,
      }),
    ).toEqual([]);
    expect(
      checkDenominators(input, [rec("s1", "k", G - 2)], {
        s1: { mutual: G, nonMutual: 0 },
        s2: zero,
      }),
    ).toEqual([
      v(
        "ALLOC-DENOM-1",
        'slot s2: denominators {"mutual":0,"nonMutual":0}, expected {"mutual":2,"nonMutual":0}',
      ),
    ]);
  });

  it("records naming unknown recipients or other slots are skipped in the replay", () => {
    const input = inputOf(
      [
        { id: "s1", quantity: 4 },
        { id: "s2", quantity: 4 },
      ],
      [recipient("k", 1, 0, [need(4)])],
    );
    const records = [rec("s1", "nobody", 1), rec("s1", "k", 1), rec("zz", "k", 2)];
    expect(
      checkDenominators(input, records, {
        s1: { mutual: 4, nonMutual: 0 },
        s2: { mutual: 3, nonMutual: 0 },
      }),
    ).toEqual([]);
  });
});

describe("failure codes and the compatibility rule judged by", () => {
  it("each kind of wrong has its own stable code", () => {
    const input = inputOf(
      [
        { id: "a", quantity: 2 },
        { id: "r", quantity: 1, location: { type: "remote" } },
      ],
      [
        recipient("k", 1, 0, [need(1, { location: { type: "in_person" } })]),
        recipient("o", 0, 1, [need(1, { location: { type: "in_person" } })]),
        recipient("z", 0, 0, [need(1)]),
      ],
    );
    const codes = (records: SlotAllocationRecord[]) =>
      checkAllocation(input, records).map((x) => `${x.id}/${x.code}`);
    expect(codes([rec("nope", "k", 1)])).toContain("ALLOC-REF-1/unknown-capacity-slot");
    expect(codes([rec("a", "nobody", 1)])).toContain("ALLOC-REF-1/unknown-recipient-or-need-slot");
    expect(codes([rec("a", "k", Number.NaN)])).toContain("ALLOC-REF-1/bad-quantity");
    expect(codes([rec("a", "z", 1, "non-mutual")])).toContain("ALLOC-ELIG-1/grant-to-unrecognised");
    expect(codes([rec("a", "k", 1, "non-mutual")])).toContain("ALLOC-ELIG-1/wrong-tier-label");
    expect(codes([rec("r", "k", 1)])).toContain("ALLOC-ELIG-1/grant-to-incompatible");
    expect(codes([rec("a", "k", 3)])).toContain("ALLOC-CAP-1/over-capacity");
    expect(codes([rec("a", "k", 2)])).toEqual(
      expect.arrayContaining([
        "ALLOC-CONTRACT-1/need-slot-over-granted",
        "ALLOC-CONTRACT-2/recipient-over-granted",
      ]),
    );
    expect(codes([rec("a", "o", 1, "non-mutual")])).toContain(
      "ALLOC-TIER-1/one-way-served-while-mutual-unmet",
    );
    expect(codes([rec("a", "k", 1)])).toContain("ALLOC-WORK-1/unused-while-one-way-unmet");
    expect(codes([rec("a", "o", 1, "non-mutual")])).toContain(
      "ALLOC-WORK-1/unused-while-mutual-unmet",
    );
    expect(checkDenominators(input, [], undefined).map((x) => x.code)).toEqual(["no-denominators"]);
    expect(checkDenominators(input, [], {}).map((x) => x.code)).toEqual([
      "slot-denominator-missing",
      "slot-denominator-missing",
    ]);
    expect(
      checkDenominators(input, [], {
        a: { mutual: 1, nonMutual: 0 },
        r: { mutual: 0, nonMutual: 0 },
      }).map((x) => x.code),
    ).toEqual(["one-way-denominator-wrong"]);
    // A wrong mutual denominator is named as such (also when the one-way one is wrong too).
    expect(
      checkDenominators(input, [], {
        a: { mutual: 2, nonMutual: 0 },
        r: { mutual: 0, nonMutual: 0 },
      }).map((x) => x.code),
    ).toEqual(["mutual-denominator-wrong"]);
  });

  it("ALLOC-PROP-1's three kinds of wrong have their own codes", () => {
    const codes = (input: AllocationInput, records: SlotAllocationRecord[]) =>
      checkAllocation(input, records, { only: ["ALLOC-PROP-1"] }).map((x) => x.code);
    // Weight 0 (damping 0) yet granted.
    const zero = inputOf([{ id: "a", quantity: 10 }], [recipient("k", 1, 0, [need(5)], 0)]);
    expect(codes(zero, [rec("a", "k", 5)])).toEqual(["zero-weight-granted"]);
    // Equal weights, both unsaturated, 2 against 8.
    const pair = inputOf(
      [{ id: "a", quantity: 10 }],
      [recipient("k", 0.5, 0, [need(10)]), recipient("m", 0.5, 0, [need(10)])],
    );
    expect(codes(pair, [rec("a", "k", 2), rec("a", "m", 8)])).toEqual([
      "unsaturated-not-proportional",
    ]);
    // k saturated with 1 while m, of the same coefficient, got 1 of its 10: k's rate is 10 × m's.
    const sat = inputOf(
      [{ id: "a", quantity: 2 }],
      [recipient("k", 0.5, 0, [need(1)]), recipient("m", 0.5, 0, [need(10)])],
    );
    expect(codes(sat, [rec("a", "k", 1), rec("a", "m", 1)])).toEqual(["saturated-above-rate"]);
  });

  it("judges eligibility by the rule it is given", () => {
    const input = inputOf(
      [{ id: "r", quantity: 1, location: { type: "remote" } }],
      [recipient("k", 1, 0, [need(1, { location: { type: "in_person" } })])],
    );
    const everything = { compatible: () => true };
    expect(checkAllocation(input, [rec("r", "k", 1)]).map((x) => x.code)).toContain(
      "grant-to-incompatible",
    );
    expect(checkAllocation(input, [rec("r", "k", 1)], everything)).toEqual([]);
    // Judged by a rule under which nothing matches, an idle slot is not a violation either.
    expect(checkAllocation(input, [], { compatible: () => false })).toEqual([]);
    expect(checkDenominators(input, [], { r: { mutual: 1, nonMutual: 0 } }, everything)).toEqual(
      [],
    );
    expect(checkDenominators(input, [], { r: { mutual: 0, nonMutual: 0 } })).toEqual([]);
  });
});
