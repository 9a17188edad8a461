// allocationInputFromCommitments at the 1e-9 edge (SPEC.md §1, §3 "Decision"): a share or MR
// below 1e-9 is written as 0, a value of exactly 1e-9 is kept, and a participant whose two
// values are then both 0 is not a recipient — so the built input always passes the schema.
import { describe, expect, it } from "vitest";
import { allocationInputFromCommitments } from "../../../src/core/allocation/from-commitments.js";
import { allocationInputSchema } from "../../../src/core/schemas/allocation.js";

const commitment = (pubKey: string, recognition_weights: Record<string, number>) => ({
  pubKey,
  recognition_weights,
  need_slots: [{ id: "n", quantity: 1, location: { type: "remote" as const } }],
  damping_factor: 1,
  capacity_slots: [{ id: "s", quantity: 1 }],
});

describe("allocationInputFromCommitments at 1e-9", () => {
  // 1 / 1e9 is the double nearest 1e-9 (the division is correctly rounded); 1 / 2e9 is 5e-10.
  it("keeps a share of exactly 1e-9 (the smallest non-zero fraction)", () => {
    const provider = commitment("P", { A: 1, Z: 999_999_999 });
    const input = allocationInputFromCommitments(provider, [commitment("A", {})]);
    expect(input.recipients.map((r) => [r.pubKey, r.mr, r.share])).toEqual([["A", 0, 1e-9]]);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
  });

  it("keeps an MR of exactly 1e-9", () => {
    const provider = commitment("P", { A: 1 });
    const a = commitment("A", { P: 1, Z: 999_999_999 });
    const input = allocationInputFromCommitments(provider, [a]);
    expect(input.recipients.map((r) => [r.pubKey, r.mr, r.share])).toEqual([["A", 1e-9, 1]]);
  });

  it("writes an MR below 1e-9 as 0 and keeps the recipient one-way", () => {
    const provider = commitment("P", { A: 1 });
    const a = commitment("A", { P: 1, Z: 1_999_999_999 });
    const input = allocationInputFromCommitments(provider, [a]);
    expect(input.recipients.map((r) => [r.pubKey, r.mr, r.share])).toEqual([["A", 0, 1]]);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
  });

  it("leaves out a participant whose only value, a share below 1e-9, is written as 0", () => {
    const provider = commitment("P", { A: 1, B: 1_999_999_999 });
    const input = allocationInputFromCommitments(provider, [
      commitment("A", {}),
      commitment("B", {}),
    ]);
    expect(input.recipients.map((r) => [r.pubKey, r.mr, r.share])).toEqual([
      ["B", 0, 1_999_999_999 / 2e9],
    ]);
    expect(allocationInputSchema.safeParse(input).success).toBe(true);
  });
});
