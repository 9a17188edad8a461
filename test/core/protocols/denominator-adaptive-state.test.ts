/**
 * A denominator recipient's adaptive learning state (found by StrykerJS, session 8): present, with
 * its documented start, only when the learning rate is `adaptive:α`.
 */
import { describe, expect, it } from "vitest";
import { recipientInit } from "../../../src/core/protocols/denominator.js";

describe("denominator recipient: the adaptive state exists only with an adaptive rate", () => {
  it("a constant or scheduled rate keeps none; adaptive:α starts at α, no estimates, damping 1", () => {
    const none = recipientInit({ id: "R", statedNeed: 10, providers: { P: 0.5 }, partners: [] });
    expect(Object.keys(none.providers["P"] ?? {})).not.toContain("adaptive");
    const adaptive = recipientInit({
      id: "R",
      statedNeed: 10,
      providers: { P: 0.5 },
      partners: [],
      options: { learningRate: { kind: "adaptive", alpha: 0.3 } },
    });
    expect(adaptive.providers["P"]?.adaptive).toEqual({ rate: 0.3, recent: [], damping: 1 });
  });
});
