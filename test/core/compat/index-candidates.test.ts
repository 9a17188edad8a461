// countCandidates (src/core/compat/index.ts) is the size of the candidate superset the buckets
// produce before the pairwise rule filters it. These cases pin it on small layouts where the
// documented bucketing (the file's header and TimeBuckets.collect's comment) fixes the number:
// a need in a day bucket is a candidate iff its start day lies in
// [floor(startQ / day) − lookback − 1, ceil(endQ / day)], wide needs always are.
import { describe, expect, it } from "vitest";
import { prepareSlot } from "../../../src/core/compat/compatible.js";
import { createSlotIndex } from "../../../src/core/compat/index.js";
import type { Location, Slot } from "../../../src/core/schemas/slots.js";
import { hours, slot } from "./helpers.js";

const REMOTE: Location = { type: "remote" };
const day = (d: number, from = 1, to = 2): Slot => slot(hours(24 * d + from, 24 * d + to), REMOTE);

describe("createSlotIndex — candidate counts of the time buckets", () => {
  // Day buckets 0, 8, 10, 11, 12, 14 (one-hour needs: look-back 1 day) and one wide need.
  const needs = [
    day(0),
    day(8),
    day(10),
    day(11),
    day(12),
    day(14),
    slot(hours(0, 24 * 40), REMOTE),
  ];
  // Built inside each test (not at load): Stryker activates a mutant per test.
  const build = () => createSlotIndex(needs.map((s, key) => ({ key, slot: s })));

  it("a query inside one day looks from 2 days before to the day after its end (direct walk)", () => {
    const index = build();
    // 10 d 00:30–01:30: days 8..11 → needs of days 8, 10, 11, plus the wide need.
    const q = slot(hours(240.5, 241.5), REMOTE);
    expect(index.countCandidates(q)).toBe(4);
    expect(index.queryIndices(q)).toEqual([2, 6]);
  });

  it("a long query scans the day map and keeps the days of its range, both ends included", () => {
    const index = build();
    // 10 d 00:00 – 14 d 00:00: days 8..14 (7 days > 6 buckets: the scan) → 8, 10, 11, 12, 14 + wide.
    const q = slot(hours(240, 24 * 14), REMOTE);
    expect(index.countCandidates(q)).toBe(6);
    expect(index.queryIndices(q)).toEqual([2, 3, 4, 6]);
  });

  it("a query whose end is the start of a day does not reach the next day", () => {
    const index = build();
    // 11 d 00:00 – 12 d 00:00: days 9..12 → 10, 11, 12 + wide.
    const q = slot(hours(24 * 11, 24 * 12), REMOTE);
    expect(index.countCandidates(q)).toBe(4);
    expect(index.queryIndices(q)).toEqual([3, 6]);
  });

  it("a need spanning exactly maxBucketDays is bucketed, a longer one is wide", () => {
    const exact = slot(hours(0, 24 * 2), REMOTE);
    const longer = slot(hours(0, 24 * 2 + 1), REMOTE);
    const far = slot(hours(24 * 30, 24 * 30 + 1), REMOTE);
    for (const [need, count] of [
      [exact, 0],
      [longer, 1],
    ] as const) {
      const idx = createSlotIndex([{ key: 0, slot: need }], { maxBucketDays: 2 });
      expect(idx.countCandidates(far)).toBe(count);
    }
    // The look-back grows with the longest bucketed need: 2 days (+1) before the query's day.
    const idx = createSlotIndex([{ key: 0, slot: exact }], { maxBucketDays: 2 });
    expect(idx.countCandidates(slot(hours(24 * 3, 24 * 3 + 1), REMOTE))).toBe(1);
    expect(idx.countCandidates(slot(hours(24 * 4, 24 * 4 + 1), REMOTE))).toBe(0);
  });
});

describe("createSlotIndex — candidate counts of the place buckets", () => {
  const inPerson = (country?: string, city?: string): Location => ({
    type: "in_person",
    ...(country !== undefined ? { country } : {}),
    ...(city !== undefined ? { city } : {}),
  });
  const needs = [
    slot(undefined, inPerson("CH", "Zürich")),
    slot(undefined, inPerson("CH", "Bern")),
    slot(undefined, inPerson("CH")),
    slot(undefined, inPerson("FR", "Paris")),
    slot(undefined, inPerson()),
    slot(undefined, REMOTE),
    slot(undefined, { type: "in_person", coordinates: { lat: 47.37, lon: 8.54 } }),
  ];
  // Built inside each test (not at load): Stryker activates a mutant per test.
  const build = () => createSlotIndex(needs.map((s, key) => ({ key, slot: s })));

  it("a query city meets only its own city and the needs without a city or country", () => {
    const index = build();
    // Zürich: CH/Zürich, CH/no city, no country; the coordinates-only need has no country or city.
    expect(index.countCandidates(slot(undefined, inPerson("CH", "zurich")))).toBe(4);
    // CH without a city: every CH city, CH/no city, no country, coordinates-only.
    expect(index.countCandidates(slot(undefined, inPerson("CH")))).toBe(5);
    // No country: every in-person need.
    expect(index.countCandidates(slot(undefined, inPerson()))).toBe(6);
    // Remote and unknown locations.
    expect(index.countCandidates(slot(undefined, REMOTE))).toBe(1);
    expect(index.countCandidates(slot())).toBe(7);
  });
});

describe("createSlotIndex — candidate counts of the coordinate grid", () => {
  const at = (lat: number, lon: number, radius_km: number): Slot =>
    slot(undefined, { type: "in_person", coordinates: { lat, lon }, radius_km });
  // Cities thousands of km apart (radius ≤ 100 km: in grid cells), and one 5 000 km need (wide).
  const cities: [number, number][] = [
    [47.37, 8.54],
    [35.68, 139.69],
    [-33.87, 151.21],
    [40.71, -74.01],
    [-23.55, -46.63],
    [64.15, -21.94],
    [1.35, 103.82],
    [-1.29, 36.82],
  ];
  const needs = [...cities.map(([lat, lon], i) => at(lat, lon, i === 0 ? 50 : 1)), at(0, 0, 5000)];
  // Built inside each test (not at load): Stryker activates a mutant per test.
  const build = () => createSlotIndex(needs.map((s, key) => ({ key, slot: s })));

  it("a small query sees its own cell's needs and the wide list only", () => {
    const index = build();
    // Reach 1 + 50 (largest grid radius) + 1 km: far below the 100 km cell and the distances.
    expect(index.countCandidates(at(47.37, 8.54, 1))).toBe(2);
    expect(index.queryIndices(at(47.37, 8.54, 1))).toEqual([0]);
    expect(index.countCandidates(at(35.68, 139.69, 0))).toBe(2);
  });

  it("a 1 000 km query scans the cells and keeps those of its cube only", () => {
    const index = build();
    // Reach 1 052 km: a cube of about 21 cells a side (more cells than exist: the scan). Every
    // other city is more than that chord away on some axis (Reykjavík, the nearest, by 0.26).
    expect(index.countCandidates(at(47.37, 8.54, 1000))).toBe(2);
  });

  it("a query reaching half the globe or more sees every need", () => {
    const index = build();
    expect(index.countCandidates(at(0, 0, 20_100))).toBe(needs.length);
    expect(index.queryIndices(at(0, 0, 20_100))).toEqual(needs.map((_, i) => i));
  });
});

describe("createSlotIndex — option errors name their field", () => {
  it("reports INVALID_INPUT with the option's message and path", () => {
    const errorOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(errorOf(() => createSlotIndex([], { maxBucketDays: -1 }))).toMatchObject({
      code: "INVALID_INPUT",
      message: "maxBucketDays must be a finite number ≥ 0",
      path: ["maxBucketDays"],
    });
    expect(errorOf(() => createSlotIndex([], { cellKm: 0.5 }))).toMatchObject({
      code: "INVALID_INPUT",
      message: "cellKm must be a finite number ≥ 1",
      path: ["cellKm"],
    });
  });
});

describe("createSlotIndex — prepared queries and radii beyond half the globe", () => {
  const at = (lat: number, lon: number, radius_km: number): Slot =>
    slot(undefined, { type: "in_person", coordinates: { lat, lon }, radius_km });

  it("a prepared query gives the same needs as the slot it was prepared from", () => {
    const needs = [day(0), day(3), slot(undefined, { type: "in_person" }), day(40)];
    const index = createSlotIndex(needs.map((s, key) => ({ key, slot: s })));
    const q = day(3, 0, 5);
    expect(index.queryIndices(q)).toEqual([1]);
    expect(index.queryIndices(prepareSlot(q))).toEqual([1]);
    expect(index.countCandidates(prepareSlot(q))).toBe(index.countCandidates(q));
  });

  it("a 40 000 km query (more than the Earth's circumference) meets needs on every side", () => {
    // Past π·R the chord would shrink again if taken as 2·sin(reach / 2R): the whole cube is used.
    const needs = [at(0, 0, 1), at(0, 180, 1), at(0, 90, 1), at(-89, 10, 1), at(45, -120, 1)];
    const index = createSlotIndex(needs.map((s, key) => ({ key, slot: s })));
    expect(index.queryIndices(at(0, 0, 40_000))).toEqual([0, 1, 2, 3, 4]);
  });
});

// Session 8 (issue 9 §7): survivors of the StrykerJS run on compat/index.ts, each killed here and
// plant-checked by hand (the mutant written into the source makes the named test fail).
describe("createSlotIndex — the day scan's upper bound", () => {
  it("a long query before the last buckets keeps none of the days after its end", () => {
    // Day buckets 0, 8, 10, 11, 12, 14 and a wide need, as above. Days 0..6 → range −2..6 (9 days
    // > 6 buckets: the scan) → the day-0 need and the wide one only (line 76, `d <= hi` → true).
    const needs = [0, 8, 10, 11, 12, 14].map((d) => day(d));
    needs.push(slot(hours(0, 24 * 40), REMOTE));
    const index = createSlotIndex(needs.map((s, key) => ({ key, slot: s })));
    const q = slot(hours(0, 24 * 6), REMOTE);
    expect(index.countCandidates(q)).toBe(2);
    expect(index.queryIndices(q)).toEqual([0, 6]);
  });
});

describe("createSlotIndex — the grid scan keeps only the cells inside the query's cube", () => {
  const at = (lat: number, lon: number, radius_km: number): Slot =>
    slot(undefined, { type: "in_person", coordinates: { lat, lon }, radius_km });
  // 6.3° ≈ 700 km from (0, 0) or (0, 90): beyond a 500 km query's cube (reach 502 km, chord
  // 0.079, ±5 cells of 100 km) on exactly one axis, inside it on the two others.
  const needs = [
    at(0, 6.3, 1), // (0,0): y above y1
    at(0, -6.3, 1), // (0,0): y below y0
    at(6.3, 0, 1), // (0,0): z above z1
    at(-6.3, 0, 1), // (0,0): z below z0
    at(0, 90 - 6.3, 1), // (0,90): x above x1
    at(0, 90 + 6.3, 1), // (0,90): x below x0
  ];
  const build = () => createSlotIndex(needs.map((s, key) => ({ key, slot: s })));

  it("a cell beyond one face of the cube is no candidate (each of the six bounds)", () => {
    const index = build();
    // 11³ cube cells > 6 cells: the scan. Each bound of the cube test, replaced by `true`, lets
    // exactly one need in; the `hi` clamp taken as Math.max stretches the cube to +offset.
    expect(index.countCandidates(at(0, 0, 500))).toBe(0);
    expect(index.countCandidates(at(0, 90, 500))).toBe(0);
    expect(index.queryIndices(at(0, 0, 500))).toEqual([]);
    // Reach 702 km: every need 6.3° ≈ 700.5 km away from (0, 0) is compatible with a 700 km query.
    expect(index.queryIndices(at(0, 0, 700))).toEqual([0, 1, 2, 3]);
  });

  it("a need whose radius is exactly cellKm lies in a grid cell, not in the wide list", () => {
    // radius 100 = cellKm: in the cell of (0, 0), so a query at (0, 90) does not see it; in the
    // wide list (`radiusKm < cellKm`) it would be a candidate of every grid query.
    const index = createSlotIndex([{ key: 0, slot: at(0, 0, 100) }]);
    expect(index.countCandidates(at(0, 90, 1))).toBe(0);
    expect(index.countCandidates(at(0, 0.5, 1))).toBe(1);
  });

  it("two cells far apart keep separate keys (the cell key is injective)", () => {
    // Cells (−17, 16, −60) and (16, −18, −60), about 4 800 km apart: with the key's side taken as
    // 2 / offset + 1 (line 175) both get the key 142.4995…, the second need lands in the first cell.
    const a = at(-69, 134.5, 1);
    const b = at(-68.25, -47.25, 1);
    const index = createSlotIndex([
      { key: 0, slot: a },
      { key: 1, slot: b },
    ]);
    expect(index.countCandidates(a)).toBe(1);
    expect(index.countCandidates(b)).toBe(1);
    expect(index.queryIndices(b)).toEqual([1]);
  });
});
