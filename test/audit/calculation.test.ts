import { describe, expect, it } from "vitest";
import { agrees, evaluate, show } from "../../src/audit/calculation.js";
import type { Expr } from "../../src/audit/claims.js";

describe("arithmetic as data", () => {
  it.each<[Expr, number, string]>([
    [7, 7, "7"],
    [["*", 600, 16], 9600, "600 × 16"],
    [["/", ["*", 400, 0.4, 300], 420], (400 * 0.4 * 300) / 420, "400 × 0.4 × 300 / 420"],
    [["-", ["+", 500, 300], ["+", 400, 300]], 100, "500 + 300 − (400 + 300)"],
    [["/", 1, ["/", 2, 4]], 2, "1 / (2 / 4)"],
    [["*", ["+", 1, 2], 3], 9, "(1 + 2) × 3"],
    [["log2", 1024], 10, "log2(1024)"],
    [["min", 3, 1, 2], 1, "min(3, 1, 2)"],
  ])("%j = %d, shown as %s", (e, value, text) => {
    expect(evaluate(e)).toBeCloseTo(value, 12);
    expect(show(e)).toBe(text);
  });

  it.each<[Expr, RegExp]>([
    [["/", 1, 0], /not finite/],
    [["-", 1, 2, 3], /two operands/],
    [["log2", 1, 2], /one operand/],
    [["+"], /needs operands/],
    [["^", 2, 3] as unknown as Expr, /unknown operator \^/],
  ])("%j is rejected", (e, message) => {
    expect(() => evaluate(e)).toThrow(message);
  });

  it("agrees within 0.5 % by default, or the stated tolerance", () => {
    expect(agrees(114.2857, 114.3)).toBe(true);
    expect(agrees(9600, 30000)).toBe(false);
    expect(agrees(10, 11, 1)).toBe(true);
    expect(agrees(10, 11, 0.5)).toBe(false);
  });
});
