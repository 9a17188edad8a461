/**
 * What V1 and V2 participants compute (src/core/protocols/participant.ts): residual needs by
 * variant, grant and received maps, the provider's safety check, under-relaxation with a
 * per-unit λ (scaling back to residuals and capacities) and the shared step.
 */
import { describe, expect, it } from "vitest";
import {
  aggregateReceived,
  checkProviderComputation,
  computeProvider,
  denominatorsDelta,
  grantDelta,
  receivedDelta,
  receivedTotal,
  relaxComputation,
  sharedStep,
  statedNeed,
  type Declaration,
  type ParticipantSpec,
  type ProviderComputation,
} from "../../../src/core/protocols/participant.js";

const provider = (capacity: number, rec: Record<string, number>): ParticipantSpec => ({
  pubKey: "P",
  capacity_slots: [{ id: "s", quantity: capacity }],
  need_slots: [],
  recognition_weights: rec,
});
const recipient = (
  id: string,
  need: number,
  received: Declaration["received"] = {},
): Declaration => ({
  pubKey: id,
  capacity_slots: [],
  need_slots: [{ id: "n", quantity: need }],
  recognition_weights: { P: 1 },
  damping_factor: 1,
  damping_history: [],
  received,
});
const compute = (
  capacity: number,
  others: Declaration[],
  residual: "naive" | "net-of-others" = "net-of-others",
) =>
  computeProvider(
    provider(capacity, Object.fromEntries(others.map((o) => [o.pubKey, 1]))),
    others,
    residual,
    "reference",
  );
const total = (pc: ProviderComputation, r: string) =>
  Object.values(pc.grants[r] ?? {}).reduce((a, b) => a + b, 0);

describe("participant: maps", () => {
  it("aggregates grants per need slot and provider, dropping zero grants", () => {
    const got = aggregateReceived({ Q: { n: 2, m: 0 }, P: { n: 1 } });
    expect(got).toEqual({ n: { P: 1, Q: 2 } });
    expect(Object.keys(got["n"] ?? {})).toEqual(["P", "Q"]);
    expect(aggregateReceived({ P: { n: 0 } })).toEqual({});
    expect(receivedTotal(got)).toBe(3);
    expect(receivedTotal({})).toBe(0);
  });

  it("grant and received deltas are the largest single change, a missing entry counting as 0", () => {
    expect(grantDelta({ A: { n: 1 } }, { A: { n: 3 }, B: { m: 0.5 } })).toBe(2);
    expect(grantDelta({ A: { n: 4 } }, {})).toBe(4);
    expect(grantDelta({}, {})).toBe(0);
    expect(receivedDelta({ n: { P: 1 } }, { n: { P: 1, Q: 2.5 } })).toBe(2.5);
  });

  it("denominatorsDelta: Infinity without a previous computation, else the largest change", () => {
    const d = { s: { mutual: 4, nonMutual: 1 } };
    expect(denominatorsDelta(undefined, d)).toBe(Infinity);
    expect(denominatorsDelta(d, { s: { mutual: 4.5, nonMutual: 0 } })).toBe(1);
    expect(denominatorsDelta(d, d)).toBe(0);
  });

  it("statedNeed sums the need slots", () => {
    expect(
      statedNeed({
        need_slots: [
          { id: "a", quantity: 2 },
          { id: "b", quantity: 3.5 },
        ],
      }),
    ).toBe(5.5);
    expect(statedNeed({ need_slots: [] })).toBe(0);
  });
});

describe("participant: the provider's computation", () => {
  it("the residual a provider sees: net of everything received (naive) or of the others' grants (net-of-others)", () => {
    const r = recipient("R", 10, { n: { P: 3, Q: 4 } });
    expect(total(compute(100, [r], "naive"), "R")).toBe(3);
    expect(total(compute(100, [r], "net-of-others"), "R")).toBe(6);
  });

  it("the check passes a real computation and names the provider in every violation of a tampered one", () => {
    const pc = compute(10, [recipient("R", 4)]);
    expect(checkProviderComputation(pc)).toEqual([]);
    const scaled = (f: number): ProviderComputation => ({
      ...pc,
      result: {
        ...pc.result,
        slot_allocations: pc.result.slot_allocations.map((a) => ({
          ...a,
          quantity: a.quantity * f,
        })),
      },
    });
    expect(checkProviderComputation(scaled(3))).toEqual([
      { id: "ALLOC-CAP-1", message: "P: slot s: granted 12 > quantity 10" },
      {
        id: "ALLOC-CONTRACT-1",
        message: "P: need slot R/n: granted 12 over all slots > quantity 4",
      },
      { id: "ALLOC-CONTRACT-2", message: "P: recipient R: granted 12 > stated need 4" },
    ]);
    // Granting half leaves capacity idle: only `all` reports work conservation (not a step check).
    expect(checkProviderComputation(scaled(0.5))).toEqual([]);
    expect(checkProviderComputation(scaled(0.5), true).map((v) => v.id)).toEqual(["ALLOC-WORK-1"]);
  });
});

describe("participant: under-relaxation", () => {
  it("with no previous computation, or λ = 1 and no per-unit λ, it is the new computation itself", () => {
    const next = compute(10, [recipient("R", 8)]);
    expect(relaxComputation(null, next, 0.5)).toBe(next);
    expect(relaxComputation(compute(10, [recipient("R", 4)]), next, 1)).toBe(next);
  });

  it("moves each grant λ of the way, or λ_u when that is smaller", () => {
    const prev = compute(10, [recipient("R", 4)]);
    const next = compute(10, [recipient("R", 8)]);
    expect(total(relaxComputation(prev, next, 0.5), "R")).toBe(6);
    expect(
      total(
        relaxComputation(prev, next, 0.5, () => 0.25),
        "R",
      ),
    ).toBe(5);
    expect(
      total(
        relaxComputation(prev, next, 0.5, () => 0.9),
        "R",
      ),
    ).toBe(6);
  });

  it("a grant the new computation drops disappears at λ_u = 1, and is scaled to the new residual at λ < 1", () => {
    const prev = compute(10, [recipient("R", 4)]);
    const next = compute(10, [recipient("R", 4, { n: { Q: 4 } })]); // Q covers R: residual 0
    expect(next.grants).toEqual({});
    for (const relaxed of [
      relaxComputation(prev, next, 1, () => 1),
      relaxComputation(prev, next, 0.5),
    ]) {
      expect(relaxed.grants).toEqual({});
      expect(relaxed.result.slot_allocations).toEqual([]);
    }
  });

  it("per-unit λ can break the convex combination: each slot is scaled back to its capacity", () => {
    const prev = compute(10, [recipient("A", 10)]); // A has all 10
    const next = compute(10, [recipient("A", 10), recipient("B", 10)]); // 5 and 5
    expect([total(next, "A"), total(next, "B")]).toEqual([5, 5]);
    // A does not move (λ_A = 0), B jumps (λ_B = 1): 10 + 5 > 10, scaled by 10/15.
    const relaxed = relaxComputation(prev, next, 1, (r) => (r === "A" ? 0 : 1));
    expect(total(relaxed, "A")).toBeCloseTo(20 / 3, 12);
    expect(total(relaxed, "B")).toBeCloseTo(10 / 3, 12);
    expect(relaxed.result.recipient_totals["A"]).toBeCloseTo(20 / 3, 12);
    expect(checkProviderComputation(relaxed)).toEqual([]);
  });

  it("keeps the tier of a one-way recipient when relaxing (it is served from the leftovers)", () => {
    const oneWay: Declaration = { ...recipient("B", 10), recognition_weights: {} }; // B does not recognise P
    const prev = compute(10, [recipient("A", 4), oneWay]);
    const next = compute(10, [recipient("A", 8), oneWay]);
    expect([total(prev, "A"), total(prev, "B")]).toEqual([4, 6]);
    const relaxed = relaxComputation(prev, next, 0.5);
    expect([total(relaxed, "A"), total(relaxed, "B")]).toEqual([6, 4]);
    const tiers = Object.fromEntries(
      relaxed.result.slot_allocations.map((a) => [a.recipient_pubkey, a.tier]),
    );
    expect(tiers).toEqual({ A: "mutual", B: "non-mutual" });
    expect(checkProviderComputation(relaxed)).toEqual([]);
  });

  it("the shared step is 1/(1 + k), k the other providers that report a positive grant for that need", () => {
    const others = [
      recipient("A", 10, { n: { P: 1, Q: 2, S: 3 } }),
      recipient("B", 10, { n: { P: 5, Q: 0 } }),
    ];
    const step = sharedStep(others, "P");
    expect(step("A", "n")).toBeCloseTo(1 / 3, 12); // Q and S; P is me
    expect(step("B", "n")).toBe(1); // Q granted 0
    expect(step("A", "other-slot")).toBe(1);
    expect(step("Z", "n")).toBe(1); // unknown recipient
  });
});
