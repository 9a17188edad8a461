import { describe, expect, it } from "vitest";
import { recognitionShares, shareOf, type RecognitionWeights } from "../../src/core/recognition.js";

// A JavaScript caller (no type checker) may hand a weight map with an `undefined` entry, e.g.
// from an optional field copied as is. Such an entry weighs nothing: it neither poisons the
// total with NaN nor receives a share.
describe("recognition weights with an undefined entry (JavaScript callers)", () => {
  const weights = { a: undefined, b: 2, c: 6 } as unknown as RecognitionWeights;

  it("recognitionShares: the undefined entry gets 0, the rest share the total", () => {
    expect(recognitionShares(weights)).toEqual({ a: 0, b: 0.25, c: 0.75 });
  });

  it("shareOf: 0 for the undefined entry, the others over the defined total", () => {
    expect(shareOf(weights, "a")).toBe(0);
    expect(shareOf(weights, "c")).toBe(0.75);
  });
});
