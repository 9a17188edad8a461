import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compatible } from "../../../src/core/compat/compatible.js";
import {
  createSlotIndex,
  matchAll,
  matchAllPairwise,
  type SlotIndexOptions,
} from "../../../src/core/compat/index.js";
import { CoreError } from "../../../src/core/errors.js";
import type { Location, Slot } from "../../../src/core/schemas/slots.js";
import {
  arbAvailabilitySlot,
  arbNeedSlot,
  DEFAULT_PLACES,
} from "../../../properties/arbitraries/slots.js";
import { arbIndexCase, compatIndexProperties } from "../../../properties/compat.js";
import { assertProperty } from "../../../properties/property.js";
import { at, hours, slot } from "./helpers.js";

function brute(q: Slot, needs: readonly Slot[]): number[] {
  const out: number[] = [];
  needs.forEach((n, i) => {
    if (compatible(q, n)) out.push(i);
  });
  return out;
}

function expectExact(
  needs: readonly Slot[],
  queries: readonly Slot[],
  options?: SlotIndexOptions,
): void {
  const index = createSlotIndex(
    needs.map((s, i) => ({ key: `k${i}`, slot: s })),
    options,
  );
  for (const q of queries) {
    const expected = brute(q, needs);
    expect(index.queryIndices(q)).toEqual(expected);
    expect(index.query(q)).toEqual(expected.map((i) => `k${i}`));
  }
}

const ZURICH: Location = {
  type: "in_person",
  country: "CH",
  city: "Zürich",
  coordinates: { lat: 47.3769, lon: 8.5417 },
};

describe("createSlotIndex", () => {
  it("returns generic keys, in input order, each once", () => {
    const needs = [
      { key: { recipient: "r2", needSlotId: "n1" }, slot: slot(hours(48, 49), ZURICH) },
      { key: { recipient: "r1", needSlotId: "n1" }, slot: slot(hours(9, 10), ZURICH) },
      { key: { recipient: "r1", needSlotId: "n2" }, slot: slot(undefined, undefined) },
      { key: { recipient: "r3", needSlotId: "n9" }, slot: slot(hours(9, 10), { type: "remote" }) },
      {
        key: { recipient: "r4", needSlotId: "n1" },
        slot: slot({ start: at(0) }, { type: "in_person", city: "zurich" }),
      },
    ];
    const index = createSlotIndex(needs);
    expect(index.size).toBe(5);
    expect(index.query(slot(hours(0, 100), ZURICH))).toEqual([
      needs[0]?.key,
      needs[1]?.key,
      needs[2]?.key,
      needs[4]?.key,
    ]);
    expect(index.query(slot(hours(9.5, 9.75), { type: "remote" }))).toEqual([
      needs[2]?.key,
      needs[3]?.key,
    ]);
    expect(index.query(slot())).toEqual(needs.map((n) => n.key));
    expect(createSlotIndex<number>([]).query(slot())).toEqual([]);
  });

  it("finds multi-day needs that started days before the query, and long needs in the wide list", () => {
    const needs = [
      slot(hours(0, 24 * 5)), // 5 days, bucketed with a 5-day look-back
      slot(hours(0, 24 * 40)), // 40 days: wide
      slot({ end: at(24 * 3) }), // unbounded start: wide
      slot(hours(24 * 4, 24 * 4 + 1)),
      slot(hours(24 * 4 + 1, 24 * 4 + 2)),
    ];
    const queries = [
      slot(hours(24 * 4 + 0.5, 24 * 4 + 1)),
      slot(hours(24 * 5 - 1, 24 * 5)),
      slot(hours(24 * 5, 24 * 6)),
      slot(hours(24 * 2, 24 * 2 + 1)),
      slot({ start: at(24 * 4 + 1.5) }),
      slot({ end: at(1) }),
    ];
    for (const maxBucketDays of [0, 1, 7, 30, 100]) expectExact(needs, queries, { maxBucketDays });
  });

  it("is exact across the antimeridian, near the poles and with large radii, for any cell size", () => {
    const p = (lat: number, lon: number, radius_km?: number): Location => ({
      type: "in_person",
      coordinates: { lat, lon },
      ...(radius_km !== undefined ? { radius_km } : {}),
    });
    const needs = [
      p(0, 179.95, 3),
      p(0, -179.95, 3),
      p(89.99, 0),
      p(89.99, 180, 1),
      p(-89.5, 45, 30),
      p(10, 10, 5000),
      p(-10, -170, 20_000),
      p(47.3769, 8.5417, 0.5),
    ].map((l) => slot(undefined, l));
    const queries = [
      p(0, 180, 8),
      p(0, -180, 2),
      p(90, 0, 0.5),
      p(90, 77, 2.3),
      p(-90, 0, 60),
      p(47.38, 8.54, 1),
      p(-47.38, -171.46, 0),
      ZURICH,
    ].map((l) => slot(undefined, l));
    for (const cellKm of [1, 7, 100, 1000, 30_000]) expectExact(needs, queries, { cellKm });
  });

  it("prunes: a query in one city and one hour sees few candidates", () => {
    const needs: Slot[] = [];
    for (let d = 0; d < 30; d++) {
      for (const [i, place] of DEFAULT_PLACES.entries()) {
        needs.push(
          slot(hours(24 * d + i, 24 * d + i + 1), {
            type: "in_person",
            country: place.country,
            city: place.cityVariants[0],
          }),
        );
        needs.push(
          slot(hours(24 * d + i, 24 * d + i + 1), {
            type: "in_person",
            coordinates: { lat: place.lat, lon: place.lon },
            radius_km: 10,
          }),
        );
      }
    }
    const index = createSlotIndex(needs.map((s, key) => ({ key, slot: s })));
    const q = slot(hours(24 * 10 + 2, 24 * 10 + 3), {
      type: "in_person",
      country: "FR",
      city: "PARIS",
      coordinates: { lat: 48.85, lon: 2.35 },
      radius_km: 5,
    });
    expect(index.countCandidates(q)).toBeLessThan(needs.length / 20);
    expect(index.queryIndices(q)).toEqual(brute(q, needs));
    expect(index.queryIndices(q).length).toBe(2);
  });

  it("rejects bad options", () => {
    expect(() => createSlotIndex([], { cellKm: 0 })).toThrow(CoreError);
    expect(() => createSlotIndex([], { maxBucketDays: -1 })).toThrow(CoreError);
    expect(() => createSlotIndex([], { maxBucketDays: Number.NaN })).toThrow(CoreError);
  });
});

describe("matchAll", () => {
  it("equals the brute-force pairs", () => {
    const [avail, needs] = fc.sample(
      fc.tuple(
        // size "max": a sample of one must not depend on the bias of small first runs.
        fc.array(arbAvailabilitySlot(), { maxLength: 30, size: "max" }),
        fc.array(arbNeedSlot(), { maxLength: 300, size: "max" }),
      ),
      { numRuns: 1, seed: 7 },
    )[0] ?? [[], []];
    const pairs = matchAll(avail, needs);
    expect(pairs).toEqual(matchAllPairwise(avail, needs));
    expect(pairs.length).toBeGreaterThan(0);
  });
});

describe("properties (properties/compat.ts, also run by commons-spec check)", () => {
  const p = compatIndexProperties()[0]!;
  it(`${p.id} ${p.title}`, () => assertProperty(p, undefined, 300));

  it("COMPAT-4 the buckets are exercised: they prune a good part of the needs overall", () => {
    let candidates = 0;
    let scanned = 0;
    let needCount = 0;
    const cases = fc.sample(arbIndexCase, { numRuns: 200, seed: 7 });
    for (const [needs, queries, options] of cases) {
      const index = createSlotIndex(
        needs.map((slot, i) => ({ key: i, slot })),
        options,
      );
      needCount += needs.length;
      for (const q of queries) {
        const c = index.countCandidates(q);
        expect(c).toBeGreaterThanOrEqual(index.queryIndices(q).length);
        expect(c).toBeLessThanOrEqual(needs.length); // each need at most once in the superset
        candidates += c;
        scanned += needs.length;
      }
    }
    expect(candidates).toBeLessThan(scanned * 0.8);
    expect(needCount / cases.length).toBeGreaterThan(50);
  });
});
