/**
 * COMPAT-6 (SPEC.md §4.3): an implementation's own bucketed index (`SlotIndexUnderTest`) returns
 * exactly the needs the pairwise rule accepts, once each, in input order. The pairwise rule is
 * the implementation's own `compat` part when it has one (buckets may only narrow its
 * candidates), else the reference's `compatible` — which COMPAT-5 holds to §4 — with pairs
 * within 1e-6 km of a radius boundary skipped (two distance formulas round differently).
 *
 * Cases are random spreads (COMPAT-4's generator) and hot spots where buckets have edges: the
 * poles, the antimeridian, radii around the 100 km cell and the whole Earth, circles 1 m inside
 * or outside of touching, windows starting at UTC midnight or a millisecond before it, exactly
 * 7 days long or a millisecond more, touching windows, and tens of needs in one bucket.
 */
import fc from "fast-check";
import { compatible } from "../src/core/compat/compatible.js";
import { createSlotIndex, type SlotIndex } from "../src/core/compat/index.js";
import { parseInstant } from "../src/core/schemas/primitives.js";
import type { Location, Slot, TimeWindow } from "../src/core/schemas/slots.js";
import { formatInstant } from "./arbitraries/slots.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import { arbIndexCase } from "./compat.js";
import { onDistanceBoundary } from "./compat-oracle.js";
import { reduceSlotIndexArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { CompatUnderTest, SlotIndexUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** The reference core's index as a part. */
export const referenceSlotIndex: SlotIndexUnderTest<SlotIndex<number>> = {
  build: (needs) => createSlotIndex(needs.map((slot, key) => ({ key, slot }))),
  query: (index, slot) => index.queryIndices(slot),
};

/** An index case: the needs indexed and the slots queried. */
export interface SlotIndexCase {
  readonly needs: readonly Slot[];
  readonly queries: readonly Slot[];
}

const DAY = 86_400_000;
const MIDNIGHT = Date.UTC(2026, 2, 29); // a Sunday: the EU DST change
/** Kilometres per degree of latitude on the sphere of SPEC.md §4.2 (radius 6371.0088 km). */
const KM_PER_DEG = (6371.0088 * Math.PI) / 180;

const HOT_SPOTS = [
  { lat: 90, lon: 0 },
  { lat: -90, lon: 120 },
  { lat: 89.9, lon: -45 },
  { lat: 0, lon: 180 },
  { lat: 0, lon: -180 },
  { lat: -18.1, lon: 179.95 },
  { lat: -18.1, lon: -179.95 },
  { lat: 47.37, lon: 8.54 },
] as const;

const HOT_RADII = [0, 1, 50, 99.999, 100, 100.001, 150, 2500, 20_100] as const;

const arbHotLocation: fc.Arbitrary<Location | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constant({ type: "remote" as const }), weight: 1 },
  {
    weight: 2,
    arbitrary: fc
      .record({
        country: fc.option(fc.constantFrom("CH", "FJ", "AQ"), { nil: undefined }),
        city: fc.option(fc.constantFrom("Zürich", "zurich", "Suva", " SUVA "), { nil: undefined }),
      })
      .map(({ country, city }) => ({
        type: "in_person" as const,
        ...(country !== undefined ? { country } : {}),
        ...(city !== undefined ? { city } : {}),
      })),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        spot: fc.constantFrom(...HOT_SPOTS),
        dLat: fc.oneof(fc.constant(0), fc.double({ min: -0.02, max: 0.02, noNaN: true })),
        dLon: fc.oneof(fc.constant(0), fc.double({ min: -0.2, max: 0.2, noNaN: true })),
        radius: fc.option(fc.constantFrom(...HOT_RADII), { nil: undefined }),
        country: fc.option(fc.constantFrom("CH", "FJ"), { nil: undefined }),
      })
      .map(({ spot, dLat, dLon, radius, country }) => {
        let lon = spot.lon + dLon;
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        const lat = Math.max(-90, Math.min(90, spot.lat + dLat));
        return {
          type: "in_person" as const,
          coordinates: { lat, lon },
          ...(radius !== undefined ? { radius_km: radius } : {}),
          ...(country !== undefined ? { country } : {}),
        };
      }),
  },
);

const at = (ms: number, off = 0) => formatInstant(ms, off);

const arbHotWindow: fc.Arbitrary<TimeWindow | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  {
    weight: 6,
    arbitrary: fc
      .record({
        day: fc.integer({ min: -2, max: 2 }),
        start: fc.constantFrom(0, -1, 1, -3_600_000, 3_600_000),
        length: fc.constantFrom(1, 3_600_000, DAY, 7 * DAY, 7 * DAY + 1, 30 * DAY),
        offset: fc.constantFrom(0, 60, -300, 345, 840, -720),
        shape: fc.constantFrom("bounded", "bounded", "bounded", "start", "end"),
      })
      .map(({ day, start, length, offset, shape }) => {
        const s = MIDNIGHT + day * DAY + start;
        if (shape === "start") return { start: at(s, offset) };
        if (shape === "end") return { end: at(s + length, offset) };
        return { start: at(s, offset), end: at(s + length, offset) };
      }),
  },
);

const arbHotSlot = (prefix: string): fc.Arbitrary<Slot> =>
  fc
    .record({ n: fc.nat(1_000_000), window: arbHotWindow, location: arbHotLocation })
    .map(({ n, window, location }) => ({
      id: `${prefix}-${n}`,
      quantity: 1,
      ...(window !== undefined ? { window } : {}),
      ...(location !== undefined ? { location } : {}),
    }));

/** A need placed `gapKm` outside (or, negative, inside) touching distance of `q`'s circle, due north. */
function nearlyTouching(q: Slot, radius: number, gapKm: number): Slot | undefined {
  const l = q.location;
  if (l?.type !== "in_person" || l.coordinates === undefined) return undefined;
  const d = (l.radius_km ?? 0) + radius + gapKm;
  const lat = l.coordinates.lat + d / KM_PER_DEG;
  if (lat > 90 || d < 0) return undefined;
  return {
    id: `touch-${radius}-${gapKm}`,
    quantity: 1,
    ...(q.window !== undefined ? { window: q.window } : {}),
    location: {
      type: "in_person",
      coordinates: { lat, lon: l.coordinates.lon },
      radius_km: radius,
    },
  };
}

/** Hot-spot cases: 0–60 needs (sometimes 30+ copies of one bucket) and 1–8 queries. */
export const arbHotIndexCase: fc.Arbitrary<SlotIndexCase> = fc
  .record({
    needs: fc.array(arbHotSlot("need"), { maxLength: 40 }),
    queries: fc.array(arbHotSlot("avail"), { minLength: 1, maxLength: 8 }),
    crowd: fc.option(fc.tuple(arbHotSlot("crowd"), fc.integer({ min: 30, max: 60 })), {
      nil: undefined,
    }),
    touching: fc.array(
      fc.tuple(fc.nat(), fc.constantFrom(0, 10, 100), fc.constantFrom(-0.001, 0.001)),
      { maxLength: 4 },
    ),
    queryIsNeed: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ needs, queries, crowd, touching, queryIsNeed }) => {
    const all: Slot[] = [...needs];
    if (crowd !== undefined)
      for (let i = 0; i < crowd[1]; i++) all.push({ ...crowd[0], id: `crowd-${i}` });
    for (const [k, r, gap] of touching) {
      const t = nearlyTouching(queries[k % queries.length] as Slot, r, gap);
      if (t !== undefined) all.push(t);
    }
    const qs = [...queries];
    if (queryIsNeed !== undefined && all.length > 0) qs.push(all[queryIsNeed % all.length] as Slot);
    return { needs: all, queries: qs };
  });

/** Random spreads (COMPAT-4's generator) or hot spots. */
export const arbSlotIndexCase: fc.Arbitrary<SlotIndexCase> = fc.oneof(
  { arbitrary: arbIndexCase.map(([needs, queries]) => ({ needs, queries })), weight: 1 },
  { arbitrary: arbHotIndexCase, weight: 2 },
);

const coords = (s: Slot) => (s.location?.type === "in_person" ? s.location.coordinates : undefined);
const instant = (t: string | undefined): number | undefined => {
  const v = t === undefined ? undefined : parseInstant(t);
  return typeof v === "number" ? v : undefined;
};
const startMs = (s: Slot) => instant(s.window?.start);

/** Boundary classes of `arbSlotIndexCase` (SPEC.md §4.1–§4.3). */
export const SLOT_INDEX_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbSlotIndexCase",
    suite: "compat",
    arbitrary: arbSlotIndexCase,
    classes: [
      { name: "no need indexed", spec: "§4.3", hit: (c) => c.needs.length === 0 },
      { name: "100+ needs", spec: "§4.3", hit: (c) => c.needs.length >= 100 },
      {
        name: "30+ needs in one bucket (same place and day)",
        spec: "§4.3",
        hit: (c) => c.needs.filter((n) => n.id.startsWith("crowd-")).length >= 30,
      },
      {
        name: "a slot at a pole",
        spec: "§4.3",
        hit: (c) => [...c.needs, ...c.queries].some((s) => Math.abs(coords(s)?.lat ?? 0) === 90),
      },
      {
        name: "slots on both sides of the antimeridian",
        spec: "§4.3",
        hit: (c) => {
          const lons = [...c.needs, ...c.queries].map((s) => coords(s)?.lon ?? 0);
          return lons.some((x) => x > 179) && lons.some((x) => x < -179);
        },
      },
      {
        name: "a radius above the 100 km cell",
        spec: "§4.3",
        hit: (c) =>
          c.needs.some(
            (s) => s.location?.type === "in_person" && (s.location.radius_km ?? 0) > 100,
          ),
      },
      {
        name: "circles 1 m from touching (inside or outside)",
        spec: "§4.2",
        hit: (c) => c.needs.some((n) => n.id.startsWith("touch-")),
      },
      {
        name: "a window starting at UTC midnight or 1 ms before",
        spec: "§4.3",
        hit: (c) =>
          c.needs.some((n) => {
            const s = startMs(n);
            const m = s === undefined ? -1 : ((s % DAY) + DAY) % DAY;
            return m === 0 || m === DAY - 1;
          }),
      },
      {
        name: "a window exactly 7 days long, or 1 ms longer",
        spec: "§4.3",
        hit: (c) =>
          c.needs.some((n) => {
            const s = startMs(n);
            const e = instant(n.window?.end);
            return (
              s !== undefined && e !== undefined && (e - s === 7 * DAY || e - s === 7 * DAY + 1)
            );
          }),
      },
      {
        name: "a query equal to an indexed need",
        spec: "§4.3",
        hit: (c) => c.queries.some((q) => c.needs.includes(q)),
      },
    ],
  }),
];

/** COMPAT-6 of a `slotIndex` part, judged by `compat`'s rule if given, else by the reference's. */
export function slotIndexProperties<I>(
  impl: SlotIndexUnderTest<I>,
  compat: CompatUnderTest | undefined,
  name = "reference",
): InvariantProperty[] {
  const rule =
    compat === undefined ? "the SPEC §4 rule (reference)" : `${name}'s own pairwise rule`;
  return [
    {
      id: "COMPAT-6",
      suite: "compat",
      title: `the bucketed index returns exactly the needs the pairwise rule accepts, once each, in input order`,
      numRuns: 150,
      reduce: reduceSlotIndexArguments,
      build: () =>
        fc.property(arbSlotIndexCase, (c) => {
          const index = impl.build(c.needs);
          for (const q of c.queries) {
            const got = impl.query(index, q);
            for (let i = 0; i < got.length; i++) {
              const g = got[i] as number;
              if (!(Number.isInteger(g) && g >= 0 && g < c.needs.length))
                violation(
                  "position-out-of-range",
                  `${name}: query returned position ${g} of ${c.needs.length} needs`,
                );
              if (i > 0 && !((got[i - 1] as number) < g))
                violation(
                  "duplicate-or-unordered",
                  `${name}: query returned ${JSON.stringify(got)}: not each once in input order`,
                );
            }
            const returned = new Set(got);
            c.needs.forEach((n, i) => {
              if (compat === undefined && onDistanceBoundary(q, n)) return;
              const want = compat === undefined ? compatible(q, n) : compat.compatible(q, n);
              if (want && !returned.has(i))
                violation(
                  "missed-compatible-need",
                  `${name}: need ${i} ${JSON.stringify(n)} is compatible with ${JSON.stringify(q)} by ${rule}, but the index did not return it`,
                );
              if (!want && returned.has(i))
                violation(
                  "returned-incompatible-need",
                  `${name}: the index returned need ${i} ${JSON.stringify(n)} for ${JSON.stringify(q)}, which ${rule} rejects`,
                );
            });
          }
        }),
    },
  ];
}
