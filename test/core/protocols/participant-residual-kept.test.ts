/**
 * computeProvider keeps the residual need slots it built per (declaration's need_slots array,
 * provider) and reuses them when they would come out the same, so the allocation engine's
 * per-array caches hit (issue 12). Found unpinned by StrykerJS (session 8): the reuse itself, and
 * that anything that changes the slots — what the recipient received, the provider, a slot's
 * fields changed in place — builds them anew.
 */
import { describe, expect, it } from "vitest";
import {
  computeProvider,
  type Declaration,
  type ParticipantSpec,
} from "../../../src/core/protocols/participant.js";

const me = (id: string): ParticipantSpec => ({
  pubKey: id,
  capacity_slots: [{ id: "s", quantity: 10 }],
  need_slots: [],
  recognition_weights: { A: 1 },
});
const declA = (received: Declaration["received"] = {}): Declaration => ({
  pubKey: "A",
  capacity_slots: [],
  need_slots: [
    { id: "n", quantity: 6 },
    { id: "m", quantity: 2 },
  ],
  recognition_weights: { P: 1, Q: 1 },
  damping_factor: 1,
  damping_history: [],
  received,
});
const slotsOf = (pc: ReturnType<typeof computeProvider>) =>
  pc.input.recipients.find((r) => r.pubKey === "A")?.need_slots;

describe("participant: residual need slots kept between recomputes", () => {
  it("the same declaration and provider: the very same slots again", () => {
    const d = declA({ n: { Q: 1 } });
    const first = slotsOf(computeProvider(me("P"), [d], "net-of-others", "reference"));
    const again = slotsOf(computeProvider(me("P"), [d], "net-of-others", "reference"));
    expect(first).toEqual([
      { id: "n", quantity: 5 },
      { id: "m", quantity: 2 },
    ]);
    expect(again).toBe(first);
  });

  it("another provider, or what the recipient received changed: new slots with the new residuals", () => {
    const d = declA({ n: { Q: 1 } });
    const p = slotsOf(computeProvider(me("P"), [d], "net-of-others", "reference"));
    const q = slotsOf(computeProvider(me("Q"), [d], "net-of-others", "reference"));
    expect(q).toEqual([
      { id: "n", quantity: 6 },
      { id: "m", quantity: 2 },
    ]);
    expect(slotsOf(computeProvider(me("P"), [d], "net-of-others", "reference"))).toBe(p);
    const moved = { ...d, received: { n: { Q: 3 } } };
    expect(slotsOf(computeProvider(me("P"), [moved], "net-of-others", "reference"))).toEqual([
      { id: "n", quantity: 3 },
      { id: "m", quantity: 2 },
    ]);
  });

  it("a need slot's field changed in place is seen (the slots are built anew)", () => {
    const d = declA();
    const first = slotsOf(computeProvider(me("P"), [d], "net-of-others", "reference"));
    (d.need_slots[1] as { id: string }).id = "k";
    const pc = computeProvider(me("P"), [d], "net-of-others", "reference");
    expect(slotsOf(pc)).not.toBe(first);
    expect(slotsOf(pc)).toEqual([
      { id: "n", quantity: 6 },
      { id: "k", quantity: 2 },
    ]);
    expect(Object.keys(pc.grants["A"] ?? {}).sort()).toEqual(["k", "n"]);
  });

  it("a key added or renamed in place, or a slot pushed onto the array, is seen too", () => {
    const P: ParticipantSpec = {
      ...me("P"),
      capacity_slots: [
        {
          id: "s",
          quantity: 10,
          window: { start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" },
        },
      ],
    };
    const grantsOf = (d: Declaration) =>
      computeProvider(P, [d], "net-of-others", "reference").grants["A"] ?? {};
    // A window that misses the capacity slot's, added in place: slot n is no longer served.
    const added = declA();
    expect(grantsOf(added)["n"]).toBe(6);
    (added.need_slots[0] as { window?: object }).window = {
      start: "2026-02-01T00:00:00Z",
      end: "2026-02-02T00:00:00Z",
    };
    expect(grantsOf(added)["n"]).toBeUndefined();
    // The id deleted and written again (a new key order) with another value.
    const renamed = declA();
    expect(Object.keys(grantsOf(renamed)).sort()).toEqual(["m", "n"]);
    const slot = renamed.need_slots[0] as { id?: string };
    delete slot.id;
    slot.id = "j";
    expect(Object.keys(grantsOf(renamed)).sort()).toEqual(["j", "m"]);
    // A third slot pushed onto the same array.
    const pushed = declA();
    expect(Object.keys(grantsOf(pushed)).sort()).toEqual(["m", "n"]);
    (pushed.need_slots as { id: string; quantity: number }[]).push({ id: "o", quantity: 1 });
    expect(Object.keys(grantsOf(pushed)).sort()).toEqual(["m", "n", "o"]);
  });
});
