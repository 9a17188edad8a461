import { describe, expect, it } from "vitest";
import { assertProperty } from "../../properties/property.js";
import { recognitionProperties } from "../../properties/recognition.js";
import { mutualRecognition, recognitionShares } from "../../src/core/recognition.js";

describe("recognition", () => {
  for (const p of recognitionProperties()) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }

  it("REC-2 worked example: MR is the smaller of the two shares", () => {
    const a = { pubKey: "a", recognition_weights: { b: 3, c: 1 } }; // share_a(b) = 0.75
    const b = { pubKey: "b", recognition_weights: { a: 1, c: 1 } }; // share_b(a) = 0.5
    expect(recognitionShares(a.recognition_weights)).toEqual({ b: 0.75, c: 0.25 });
    expect(mutualRecognition(a, b)).toBe(0.5);
    expect(recognitionShares({ b: 0 })).toEqual({ b: 0 });
  });
});
