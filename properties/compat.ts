import fc from "fast-check";
import { compatible, compatiblePrepared, prepareSlot } from "../src/core/compat/compatible.js";
import {
  createSlotIndex,
  matchAll,
  matchAllPairwise,
  type SlotIndexOptions,
} from "../src/core/compat/index.js";
import { locationCompatible } from "../src/core/compat/location.js";
import { timeCompatible, windowBounds } from "../src/core/compat/time.js";
import { parseInstant } from "../src/core/schemas/primitives.js";
import type { Slot, TimeWindow } from "../src/core/schemas/slots.js";
import {
  arbAvailabilitySlot,
  arbInstantStyle,
  arbNeedSlot,
  arbOffsetMinutes,
  DEFAULT_PLACES,
  formatInstant,
  type InstantStyle,
  type SlotArbitraryOptions,
} from "./arbitraries/slots.js";
import { onDistanceBoundary, specCompatible } from "./compat-oracle.js";
import type { InvariantProperty } from "./property.js";
import type { CompatUnderTest } from "./under-test.js";

function same<T>(got: T, want: T, what: string): void {
  if (got !== want) throw new Error(`${what}: got ${String(got)}, expected ${String(want)}`);
}

/** Ways to forget something about a slot; each must keep a compatible pair compatible (COMPAT-2). */
export function forgettings(s: Slot): Slot[] {
  const out: Slot[] = [];
  const { window, location, ...rest } = s;
  if (window !== undefined) {
    out.push(location === undefined ? rest : { ...rest, location });
    const { start, end, ...w } = window;
    const withWindow = (win: TimeWindow): Slot => ({ ...s, window: win });
    if (start !== undefined) out.push(withWindow(end === undefined ? w : { ...w, end }));
    if (end !== undefined) out.push(withWindow(start === undefined ? w : { ...w, start }));
  }
  if (location !== undefined) {
    out.push(window === undefined ? rest : { ...rest, window });
    if (location.type === "in_person") {
      const { country, city, ...l } = location;
      if (country !== undefined)
        out.push({ ...s, location: city === undefined ? l : { ...l, city } });
      if (city !== undefined)
        out.push({ ...s, location: country === undefined ? l : { ...l, country } });
    }
  }
  return out;
}

type Rewrite = readonly (readonly [number, InstantStyle])[];
const arbRewrite: fc.Arbitrary<Rewrite> = fc.array(fc.tuple(arbOffsetMinutes, arbInstantStyle), {
  minLength: 2,
  maxLength: 2,
});

/** The same slot with its instants written in other offsets and styles. */
export function rewriteOffsets(s: Slot, r: Rewrite): Slot {
  if (s.window === undefined) return s;
  const w: { start?: string; end?: string } = {};
  const again = (text: string, k: 0 | 1): string => {
    const ms = parseInstant(text);
    if (typeof ms === "string") throw new Error(ms);
    const [off, style] = r[k] ?? [0, { zulu: true, seconds: false, millis: false }];
    return formatInstant(ms, off, style);
  };
  if (s.window.start !== undefined) w.start = again(s.window.start, 0);
  if (s.window.end !== undefined) w.end = again(s.window.end, 1);
  return { ...s, window: w };
}

const arbSpread: fc.Arbitrary<SlotArbitraryOptions> = fc.record({
  spanDays: fc.constantFrom(1, 3, 14, 60),
  stepMinutes: fc.constantFrom(15, 30, 60, 240),
  places: fc.shuffledSubarray([...DEFAULT_PLACES], { minLength: 1 }),
  locationWeights: fc.record({
    unknown: fc.integer({ min: 0, max: 2 }),
    remote: fc.integer({ min: 0, max: 2 }),
    inPerson: fc.integer({ min: 1, max: 8 }),
  }),
  windowWeights: fc.record({
    none: fc.integer({ min: 0, max: 2 }),
    empty: fc.integer({ min: 0, max: 1 }),
    startOnly: fc.integer({ min: 0, max: 2 }),
    endOnly: fc.integer({ min: 0, max: 2 }),
    bounded: fc.integer({ min: 1, max: 20 }),
  }),
});

const arbIndexOptions: fc.Arbitrary<SlotIndexOptions> = fc.record({
  maxBucketDays: fc.constantFrom(0, 0.25, 1, 7, 30),
  cellKm: fc.constantFrom(1, 5, 25, 100, 1000, 40_000),
});

/** Up to 200 needs and 20 queries drawn with the same spread, and random index tuning. */
export const arbIndexCase = arbSpread.chain((o) =>
  fc.tuple(
    fc.array(arbNeedSlot(o), { maxLength: 200, size: "max" }),
    fc.array(arbAvailabilitySlot(o), { minLength: 1, maxLength: 20, size: "max" }),
    arbIndexOptions,
  ),
);

/** The reference core as a CompatUnderTest. */
export const referenceCompat: CompatUnderTest = { compatible };

/** COMPAT-1…3 and 5 of `impl` (the reference by default); COMPAT-4 (the index) is the reference's own. */
export function compatProperties(
  impl: CompatUnderTest = referenceCompat,
  name = "implementation",
): InvariantProperty[] {
  const compat = (a: Slot, b: Slot) => impl.compatible(a, b);
  const all: InvariantProperty[] = [
    {
      id: "COMPAT-1",
      suite: "compat",
      title: "compatibility is symmetric (and the prepared form agrees)",
      numRuns: 1000,
      build: () =>
        fc.property(arbAvailabilitySlot(), arbNeedSlot(), (a, b) => {
          const ab = compat(a, b);
          same(compat(b, a), ab, `${name}: compatible(b, a)`);
          same(timeCompatible(b, a), timeCompatible(a, b), "timeCompatible(b, a)");
          same(locationCompatible(b, a), locationCompatible(a, b), "locationCompatible(b, a)");
          same(
            ab,
            timeCompatible(a, b) && locationCompatible(a, b),
            "compatible = time ∧ location",
          );
          const pa = prepareSlot(a);
          const pb = prepareSlot(b);
          same(compatiblePrepared(pa, pb), ab, "compatiblePrepared(a, b)");
          same(compatiblePrepared(pb, pa), ab, "compatiblePrepared(b, a)");
        }),
    },
    {
      id: "COMPAT-2",
      suite: "compat",
      title:
        "unknown is optimistic: forgetting a window, bound, location, country or city keeps a match",
      numRuns: 1000,
      build: () =>
        fc.property(arbAvailabilitySlot(), arbNeedSlot(), (a, b) => {
          if (!compat(a, b)) return;
          for (const a2 of forgettings(a)) {
            same(compat(a2, b), true, `after forgetting: ${JSON.stringify(a2)}`);
            for (const b2 of forgettings(b))
              same(compat(a2, b2), true, `after forgetting: ${JSON.stringify(b2)}`);
          }
        }),
    },
    {
      id: "COMPAT-3",
      suite: "compat",
      title:
        "time compatibility is offset-invariant: the same instants in other offsets, same answers",
      numRuns: 1000,
      build: () =>
        fc.property(
          arbAvailabilitySlot(),
          arbNeedSlot(),
          arbRewrite,
          arbRewrite,
          fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(9999, 11, 30) }),
          arbOffsetMinutes,
          arbInstantStyle,
          (a, b, ra, rb, ms, off, style) => {
            const a2 = rewriteOffsets(a, ra);
            const b2 = rewriteOffsets(b, rb);
            if (impl === referenceCompat) {
              const ba = windowBounds(a.window);
              const ba2 = windowBounds(a2.window);
              same(ba2.startMs, ba.startMs, "start after rewriting");
              same(ba2.endMs, ba.endMs, "end after rewriting");
              same(timeCompatible(a2, b2), timeCompatible(a, b), "timeCompatible after rewriting");
            }
            same(compat(a2, b2), compat(a, b), "compatible after rewriting");
            same(
              parseInstant(formatInstant(ms, off, style)),
              ms,
              `instant ${formatInstant(ms, off, style)}`,
            );
          },
        ),
    },
    {
      id: "COMPAT-5",
      suite: "compat",
      title:
        "the rule agrees with SPEC.md §4 transcribed independently (properties/compat-oracle.ts)",
      numRuns: 2000,
      build: () =>
        fc.property(arbAvailabilitySlot(), arbNeedSlot(), (a, b) => {
          if (onDistanceBoundary(a, b)) return;
          same(
            compat(a, b),
            specCompatible(a, b),
            `${name}: compatible(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
          );
        }),
    },
  ];
  return all;
}

/** COMPAT-4: the reference's bucketed index returns exactly what the pairwise rule accepts. */
export function compatIndexProperties(): InvariantProperty[] {
  return [
    {
      id: "COMPAT-4",
      suite: "compat",
      title:
        "the bucketed index returns exactly the pairs the pairwise rule accepts, once each, in order",
      numRuns: 150,
      build: () =>
        fc.property(arbIndexCase, ([needs, queries, options]) => {
          const index = createSlotIndex(
            needs.map((slot, i) => ({ key: i, slot })),
            options,
          );
          for (const q of queries) {
            const got = index.queryIndices(q);
            for (let i = 1; i < got.length; i++) {
              if (!((got[i - 1] as number) < (got[i] as number)))
                throw new Error("duplicates or out of input order");
            }
            const want = needs.flatMap((n, i) => (compatible(q, n) ? [i] : []));
            if (got.length !== want.length || got.some((x, i) => x !== want[i])) {
              throw new Error(
                `index gave ${JSON.stringify(got)}, pairwise rule ${JSON.stringify(want)} for ${JSON.stringify(q)}`,
              );
            }
          }
          const viaIndex = matchAll(queries, needs, options);
          const brute = matchAllPairwise(queries, needs);
          if (JSON.stringify(viaIndex) !== JSON.stringify(brute))
            throw new Error("matchAll differs from brute force");
        }),
    },
  ];
}
