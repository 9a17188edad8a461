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
});
