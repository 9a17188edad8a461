import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compatible } from "../../../src/core/compat/compatible.js";
import { boundsOverlap, timeCompatible, windowBounds } from "../../../src/core/compat/time.js";
import { CoreError } from "../../../src/core/errors.js";
import { parseInstant } from "../../../src/core/schemas/primitives.js";
import { at, hours, slot } from "./helpers.js";

function both(a: ReturnType<typeof slot>, b: ReturnType<typeof slot>): boolean {
  const ab = timeCompatible(a, b);
  expect(timeCompatible(b, a)).toBe(ab);
  expect(compatible(a, b)).toBe(ab); // no location: only time decides
  return ab;
}

describe("time windows are half-open [start, end) in absolute time", () => {
  it("overlapping windows are compatible", () => {
    expect(both(slot(hours(9, 11)), slot(hours(10, 12)))).toBe(true);
    expect(both(slot(hours(9, 12)), slot(hours(10, 11)))).toBe(true);
    expect(both(slot(hours(9, 10)), slot(hours(9, 10)))).toBe(true);
  });

  it("adjacent windows [9,10) and [10,11) do not overlap", () => {
    expect(both(slot(hours(9, 10)), slot(hours(10, 11)))).toBe(false);
    expect(both(slot(hours(9, 10)), slot(hours(11, 12)))).toBe(false);
  });

  it("one millisecond of overlap is enough", () => {
    const a = slot({ start: "2026-03-01T09:00:00Z", end: "2026-03-01T10:00:00.001Z" });
    expect(both(a, slot(hours(10, 11)))).toBe(true);
  });

  it("a missing window or bound is unbounded on that side", () => {
    expect(both(slot(), slot(hours(9, 10)))).toBe(true);
    expect(both(slot({}), slot(hours(9, 10)))).toBe(true);
    expect(both(slot(), slot())).toBe(true);
    expect(both(slot({ start: at(10) }), slot(hours(9, 10)))).toBe(false);
    expect(both(slot({ start: at(10) }), slot(hours(9, 10.5)))).toBe(true);
    expect(both(slot({ start: at(10) }), slot({ start: at(1000) }))).toBe(true);
    expect(both(slot({ end: at(10) }), slot(hours(10, 11)))).toBe(false);
    expect(both(slot({ end: at(10) }), slot(hours(9.5, 11)))).toBe(true);
    expect(both(slot({ end: at(10) }), slot({ end: at(-1000) }))).toBe(true);
    expect(both(slot({ start: at(10) }), slot({ end: at(10) }))).toBe(false);
    expect(both(slot({ start: at(10) }), slot({ end: at(10.5) }))).toBe(true);
  });

  it("windowBounds uses ±Infinity for missing bounds", () => {
    expect(windowBounds(undefined)).toEqual({ startMs: -Infinity, endMs: Infinity });
    expect(windowBounds({})).toEqual({ startMs: -Infinity, endMs: Infinity });
    expect(windowBounds({ start: "2026-03-01T09:00:00Z" })).toEqual({
      startMs: Date.UTC(2026, 2, 1, 9),
      endMs: Infinity,
    });
    expect(boundsOverlap(windowBounds(undefined), windowBounds({ end: at(0) }))).toBe(true);
  });

  it("rejects what the schema rejects: instants without offset, end ≤ start", () => {
    expect(() => windowBounds({ start: "2026-03-01T09:00:00" })).toThrow(CoreError);
    expect(() => windowBounds({ start: at(10), end: at(10) })).toThrow(/after start/);
    expect(() => windowBounds({ start: at(11), end: at(10) })).toThrow(CoreError);
    let caught: unknown;
    try {
      windowBounds({ end: "tomorrow" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe("INVALID_INPUT");
    expect((caught as CoreError).path).toEqual(["window", "end"]);
  });
});

describe("offsets: peers in different time zones agree", () => {
  it("the same instant written with different offsets parses to the same epoch ms", () => {
    const utc = parseInstant("2026-03-01T09:00:00Z");
    expect(utc).toBe(Date.UTC(2026, 2, 1, 9));
    for (const text of [
      "2026-03-01T10:00:00+01:00",
      "2026-03-01T09:00Z",
      "2026-03-01T09:00:00.000Z",
      "2026-03-01T09:00:00-00:00",
      "2026-03-01T04:00:00-05:00",
      "2026-03-01T14:45:00+05:45",
      "2026-03-01T23:00:00+14:00",
      "2026-02-28T21:00:00-12:00",
    ]) {
      expect(parseInstant(text), text).toBe(utc);
    }
  });

  it("a window written in another zone gives identical results", () => {
    const paris = slot({ start: "2026-03-01T10:00:00+01:00", end: "2026-03-01T11:00:00+01:00" });
    const utc = slot({ start: "2026-03-01T09:00:00Z", end: "2026-03-01T10:00:00Z" });
    const tokyo = slot({ start: "2026-03-01T18:00:00+09:00", end: "2026-03-01T19:00:00+09:00" });
    expect(windowBounds(paris.window)).toEqual(windowBounds(utc.window));
    expect(windowBounds(tokyo.window)).toEqual(windowBounds(utc.window));
    // Against the same third slots, all three spellings agree.
    for (const other of [
      slot(hours(10, 11)), // adjacent after
      slot(hours(8, 9)), // adjacent before
      slot(hours(9.5, 9.75)),
      slot({ start: "2026-03-01T09:59:00-00:00" }),
      slot({ end: "2026-03-01T09:00:00.001+00:00" }),
    ]) {
      const expected = timeCompatible(utc, other);
      expect(timeCompatible(paris, other)).toBe(expected);
      expect(timeCompatible(tokyo, other)).toBe(expected);
    }
    // [10:00+01:00, 11:00+01:00) is [09:00Z, 10:00Z): adjacent to [10:00Z, 11:00Z).
    expect(timeCompatible(paris, slot(hours(10, 11)))).toBe(false);
    expect(timeCompatible(paris, slot(hours(9.5, 11)))).toBe(true);
  });

  it("the compatibility sources never read a clock or local time (no Date at all)", () => {
    for (const f of ["time.ts", "location.ts", "compatible.ts", "index.ts"]) {
      const src = readFileSync(new URL(`../../../src/core/compat/${f}`, import.meta.url), "utf8");
      expect(src, f).not.toMatch(/\bDate\b/);
    }
  });
});
