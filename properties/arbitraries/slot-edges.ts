/**
 * Pairs of slots at the edges of SPEC.md §4, drawn together so that the edges are hit often:
 *
 * - time (§4.1): windows that touch, overlap by 1 ms or miss by 1 ms, half-unbounded ones, with
 *   their bounds written in any offset form the spec accepts (`Z`, `±00:00`, up to `±23:59`,
 *   1–3 fraction digits), anchored at midnight, month and year ends, leap days (2000, 2028,
 *   not 2100), the first and last years, and DST changes (bounds written in the local offset of
 *   the time, so a fall-back hour's wall-clock times repeat with different offsets);
 * - geometry (§4.2 rule 3.1): circles whose distance is the radius sum ± 1 cm, 1 m or 100 m,
 *   near the poles and across the antimeridian, with countries that agree or differ;
 * - names (§4.2 rule 3.3): two spellings from one family of `CITY_NAME_FAMILIES` or from two.
 */
import fc from "fast-check";
import type {
  AvailabilitySlot,
  Location,
  NeedSlot,
  TimeWindow,
} from "../../src/core/schemas/slots.js";
import { oracleDistanceKm } from "../compat-oracle.js";
import {
  arbAvailabilitySlot,
  arbNeedSlot,
  arbOffsetMinutes,
  CITY_NAME_FAMILIES,
  DEFAULT_PLACES,
  formatInstant,
  type InstantStyle,
} from "./slots.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** A DST change: the instant, and the zone's offset (minutes) before and after it. */
export interface DstChange {
  readonly zone: string;
  readonly atMs: number;
  readonly before: number;
  readonly after: number;
}

/** DST changes of 2026 in zones with whole-hour, half-hour and 45-minute offsets. */
export const DST_CHANGES: readonly DstChange[] = [
  { zone: "Europe/Zurich (spring)", atMs: utc(2026, 3, 29, 1), before: 60, after: 120 },
  { zone: "Europe/Zurich (fall)", atMs: utc(2026, 10, 25, 1), before: 120, after: 60 },
  { zone: "America/New_York (spring)", atMs: utc(2026, 3, 8, 7), before: -300, after: -240 },
  { zone: "America/New_York (fall)", atMs: utc(2026, 11, 1, 6), before: -240, after: -300 },
  { zone: "Australia/Sydney (fall)", atMs: utc(2026, 4, 4, 16), before: 660, after: 600 },
  { zone: "Pacific/Chatham (fall)", atMs: utc(2026, 4, 4, 14), before: 825, after: 765 },
];

/** Instants at calendar edges (UTC): midnight, month and year ends, leap days, extreme years. */
export const EDGE_INSTANTS: readonly number[] = [
  utc(2026, 3, 1),
  utc(2026, 1, 31, 23, 59, 59, 999),
  utc(2026, 2, 1),
  utc(2025, 12, 31, 23, 59, 59, 999),
  utc(2026, 1, 1),
  utc(2028, 2, 29),
  utc(2028, 2, 29, 23, 59, 59, 999),
  utc(2000, 2, 29, 12),
  utc(2100, 2, 28, 23, 59, 59, 999),
  utc(2100, 3, 1),
  utc(1, 1, 3),
  utc(9999, 12, 29, 12),
];

const FIRST_MS = utc(1, 1, 1);
const LAST_MS = utc(9999, 12, 31, 23, 59, 59, 999);

/** Writes `ms` in `offset` unless its local date would leave years 0001–9999 (then in `Z`). */
function write(ms: number, offset: number, style: InstantStyle): string {
  const local = ms + offset * MINUTE;
  return formatInstant(ms, local < FIRST_MS || local > LAST_MS ? 0 : offset, style);
}

const arbStyle: fc.Arbitrary<InstantStyle> = fc.record({
  zulu: fc.boolean(),
  seconds: fc.boolean(),
  millis: fc.boolean(),
  fractionDigits: fc.constantFrom(1 as const, 2 as const, 3 as const),
  negativeZero: fc.boolean(),
});

/** Where the anchor comes from and how its bounds are written. */
const arbAnchor: fc.Arbitrary<{ at: number; offsets: (ms: number) => fc.Arbitrary<number> }> =
  fc.oneof(
    // Shrinks towards the first edge instant (2026-03-01T00:00Z) written in Z.
    { withCrossShrink: true },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...EDGE_INSTANTS).map((at) => ({
        at,
        offsets: () => arbOffsetMinutes,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...DST_CHANGES).map((c) => ({
        at: c.atMs,
        // Each bound in the zone's offset at that instant, as a local writer would.
        offsets: (ms: number) => fc.constant(ms < c.atMs ? c.before : c.after),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: utc(1971, 1, 1), max: utc(2200, 1, 1) }).map((at) => ({
        at,
        offsets: () => arbOffsetMinutes,
      })),
    },
  );

const LENGTHS = [HOUR, 1, 1000, MINUTE, 30 * MINUTE, 90 * MINUTE, DAY] as const;

/**
 * Two windows around one anchor T: A ends at T + e₁, B starts at T + e₂ with e₁, e₂ ∈ {−1, 0, 1}
 * ms (touching when equal, 1 ms overlap or gap otherwise), or the same window twice, or one in
 * the other; either may lose its outer bound. `avoidTouching` keeps e₁ ≠ e₂.
 */
function arbWindowPair(avoidTouching: boolean): fc.Arbitrary<[TimeWindow, TimeWindow]> {
  return arbAnchor.chain(({ at, offsets }) =>
    fc
      .record({
        e1: fc.constantFrom(0, -1, 1),
        e2: fc.constantFrom(0, -1, 1),
        lenA: fc.constantFrom(...LENGTHS),
        lenB: fc.constantFrom(...LENGTHS),
        shape: fc.constantFrom("adjacent", "adjacent", "adjacent", "same", "nested"),
        openA: fc.boolean(),
        openB: fc.boolean(),
        swap: fc.boolean(),
        styles: fc.array(arbStyle, { minLength: 4, maxLength: 4 }),
      })
      .chain((r) => {
        let e2 = r.e2;
        if (avoidTouching && e2 === r.e1) e2 = r.e1 + 1;
        let bounds: [number, number, number, number];
        if (r.shape === "same") bounds = [at - r.lenA, at, at - r.lenA, at];
        else if (r.shape === "nested") bounds = [at - r.lenA, at + r.lenA, at - 1, at + 1];
        else bounds = [at + r.e1 - r.lenA, at + r.e1, at + e2, at + e2 + r.lenB];
        return fc
          .tuple(...bounds.map((ms) => offsets(ms)))
          .map((offs): [TimeWindow, TimeWindow] => {
            const [sA, eA, sB, eB] = bounds.map((ms, i) =>
              write(ms, offs[i] ?? 0, r.styles[i] as InstantStyle),
            ) as [string, string, string, string];
            const wa: TimeWindow =
              r.openA && r.shape === "adjacent" ? { end: eA } : { start: sA, end: eA };
            const wb: TimeWindow =
              r.openB && r.shape === "adjacent" ? { start: sB } : { start: sB, end: eB };
            return r.swap ? [wb, wa] : [wa, wb];
          });
      }),
  );
}

/** The point at `distanceKm` from (lat, lon) along `bearing` (radians) on the spec's sphere. */
function destination(lat: number, lon: number, bearing: number, distanceKm: number) {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const d = distanceKm / R;
  const p1 = lat * rad;
  const l1 = lon * rad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(bearing));
  const l2 =
    l1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(d) * Math.cos(p1),
      Math.cos(d) - Math.sin(p1) * Math.sin(p2),
    );
  let lonDeg = l2 / rad;
  while (lonDeg > 180) lonDeg -= 360;
  while (lonDeg < -180) lonDeg += 360;
  return { lat: Math.max(-90, Math.min(90, p2 / rad)), lon: lonDeg };
}

const arbOrigin: fc.Arbitrary<{ lat: number; lon: number }> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...DEFAULT_PLACES), fc.double({ min: -0.2, max: 0.2, noNaN: true }))
      .map(([p, j]) => ({ lat: Math.max(-90, Math.min(90, p.lat + j)), lon: p.lon })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { lat: 90, lon: 0 },
      { lat: -90, lon: 45 },
      { lat: 89.9999, lon: -120 },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { lat: 0, lon: 180 },
      { lat: -17, lon: -180 },
      { lat: 64, lon: 179.9999 },
    ),
  },
);

/** Reach (radius sum) minus distance, km: the circles miss or overlap by this much. */
const SLACKS = [-0.1, -1e-3, -1e-5, 1e-5, 1e-3, 0.1] as const;

/** Two in-person locations whose circles nearly touch or just overlap. */
const arbCirclePair: fc.Arbitrary<[Location, Location]> = fc
  .record({
    origin: arbOrigin,
    bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    distance: fc.constantFrom(0, 1e-3, 0.7, 7, 60, 450, 3000, 19_000),
    slack: fc.constantFrom(...SLACKS),
    split: fc.constantFrom(0, 0.5, 1, 0.137),
    countries: fc.constantFrom("none", "same", "differ", "one"),
    omitZeroRadius: fc.boolean(),
  })
  .map((r): [Location, Location] => {
    const a = r.origin;
    const b = destination(a.lat, a.lon, r.bearing, r.distance);
    const d = oracleDistanceKm(a, b);
    const reach = Math.max(0, d + r.slack);
    const clean = (x: number) => (x < 1e-9 ? 0 : x);
    const ra = clean(reach * r.split);
    const rb = clean(reach - ra);
    const radius = (x: number) => (x === 0 && r.omitZeroRadius ? {} : { radius_km: x });
    const [ca, cb] =
      r.countries === "same"
        ? ["CH", "CH"]
        : r.countries === "differ"
          ? ["CH", "FR"]
          : r.countries === "one"
            ? ["FR", undefined]
            : [undefined, undefined];
    return [
      {
        type: "in_person",
        ...(ca !== undefined ? { country: ca } : {}),
        coordinates: a,
        ...radius(ra),
      },
      {
        type: "in_person",
        ...(cb !== undefined ? { country: cb } : {}),
        coordinates: b,
        ...radius(rb),
      },
    ];
  });

/** Two in-person locations known by city name (one may have coordinates), countries mostly agreeing. */
const arbCityPair: fc.Arbitrary<[Location, Location]> = fc
  .record({
    family: fc.constantFrom(...CITY_NAME_FAMILIES),
    other: fc.constantFrom(...CITY_NAME_FAMILIES),
    sameFamily: fc.integer({ min: 0, max: 9 }),
    i: fc.nat(),
    j: fc.nat(),
    countries: fc.constantFrom("none", "same", "same", "one", "differ"),
    coordsOnOne: fc.boolean(),
  })
  .map((r): [Location, Location] => {
    const second = r.sameFamily < 8 ? r.family : r.other;
    const cityA = r.family[r.i % r.family.length] as string;
    const cityB = second[r.j % second.length] as string;
    const [ca, cb] =
      r.countries === "same"
        ? ["JP", "JP"]
        : r.countries === "one"
          ? ["JP", undefined]
          : r.countries === "differ"
            ? ["JP", "IN"]
            : [undefined, undefined];
    return [
      {
        type: "in_person",
        city: cityA,
        ...(ca !== undefined ? { country: ca } : {}),
        ...(r.coordsOnOne ? { coordinates: { lat: 35.68, lon: 139.69 } } : {}),
      },
      { type: "in_person", city: cityB, ...(cb !== undefined ? { country: cb } : {}) },
    ];
  });

export interface SlotPairOptions {
  /** Keep windows that touch out of the pairs (an implementation's declared domain). */
  readonly avoidTouching?: boolean;
}

const slot = (id: string, window: TimeWindow | undefined, location: Location | undefined) => ({
  id,
  quantity: 1,
  ...(window !== undefined ? { window } : {}),
  ...(location !== undefined ? { location } : {}),
});

/**
 * An availability slot and a need slot drawn together: independent random slots (as
 * `arbAvailabilitySlot`/`arbNeedSlot`), or a pair at a time edge, a geometry edge or a
 * name edge of §4.
 */
export function arbSlotPair(
  options: SlotPairOptions = {},
): fc.Arbitrary<[AvailabilitySlot, NeedSlot]> {
  const avoid = options.avoidTouching === true;
  const independent = avoid
    ? fc.tuple(arbAvailabilitySlot(), arbNeedSlot({ instantShiftMs: 7 * MINUTE }))
    : fc.tuple(arbAvailabilitySlot(), arbNeedSlot());
  const windows = arbWindowPair(avoid);
  const place = (locs: fc.Arbitrary<[Location, Location]>) =>
    fc
      .tuple(
        locs,
        fc.oneof(
          { weight: 2, arbitrary: fc.constant<[undefined, undefined]>([undefined, undefined]) },
          { weight: 1, arbitrary: windows },
        ),
      )
      .map(([[la, lb], [wa, wb]]): [AvailabilitySlot, NeedSlot] => [
        slot("avail-e", wa, la),
        slot("need-e", wb, lb),
      ]);
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 3, arbitrary: independent },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          windows,
          fc.constantFrom<"none" | "remote" | "same-city">("none", "none", "remote", "same-city"),
        )
        .map(([[wa, wb], loc]): [AvailabilitySlot, NeedSlot] => {
          const l: Location | undefined =
            loc === "remote"
              ? { type: "remote" }
              : loc === "same-city"
                ? { type: "in_person", city: "Paris" }
                : undefined;
          return [slot("avail-t", wa, l), slot("need-t", wb, l)];
        }),
    },
    { weight: 3, arbitrary: place(arbCirclePair) },
    { weight: 3, arbitrary: place(arbCityPair) },
  );
}
