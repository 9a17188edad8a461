/**
 * An allocation session's errors say what was invalid and where (SPEC.md §1: bad input → a
 * clear message naming the field path). Found by StrykerJS (bench/RESULTS.md): the messages'
 * words were not checked, only their codes and paths.
 */
import { describe, expect, it } from "vitest";
import { CoreError } from "../../../src/core/errors.js";
import { createAllocationSession } from "../../../src/core/allocation/session.js";

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CoreError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error("accepted");
}

describe("allocation session: error messages", () => {
  const s = createAllocationSession({
    provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 4 }] },
    recipients: [{ pubKey: "A", need_slots: [{ id: "n", quantity: 2 }], mr: 0.5, share: 0.5 }],
  });

  it("an invalid input or recipient is named as such, with the field path", () => {
    expect(messageOf(() => createAllocationSession({ provider: {}, recipients: [] }))).toMatch(
      /^INVALID_INPUT: invalid allocation input: provider\.pubKey: /,
    );
    expect(
      messageOf(() =>
        s.withRecipient({ pubKey: "B", need_slots: [{ id: "n", quantity: -1 }], mr: 0, share: 1 }),
      ),
    ).toMatch(/^INVALID_INPUT: invalid allocation recipient: need_slots\[0\]\.quantity: /);
  });

  it("a duplicated need slot id and the provider as its own recipient are explained", () => {
    const dup = {
      pubKey: "B",
      need_slots: [
        { id: "n", quantity: 1 },
        { id: "n", quantity: 2 },
      ],
      mr: 0,
      share: 1,
    };
    expect(messageOf(() => s.withRecipient(dup))).toBe(
      'INVALID_INPUT: invalid allocation recipient: need_slots[1].id: duplicate need slot id "n" (first at need_slots[0])',
    );
    expect(messageOf(() => s.withRecipient({ pubKey: "P", need_slots: [], mr: 0, share: 1 }))).toBe(
      "INVALID_INPUT: invalid allocation recipient: pubKey: the provider cannot be its own recipient",
    );
  });
});
