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
import { arbSlotPair } from "./arbitraries/slot-edges.js";
import { onDistanceBoundary, specVerdict } from "./compat-oracle.js";
import { describeSlot } from "./describe.js";
import { reduceIndexTupleArguments, reduceSlotPairArguments } from "./minimise.js";
import { avoidsTouching, type ImplementationDomain } from "./domain.js";
import type { InvariantProperty } from "./property.js";
import type { CompatUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** Throws a violation of class `code` when `got` is not `want`. */
function same<T>(got: T, want: T, code: string, what: string): void {
  if (got !== want) violation(code, `${what}: got ${String(got)}, expected ${String(want)}`);
}

const pair = (a: Slot, b: Slot) => `a = ${describeSlot(a)}; b = ${describeSlot(b)}`;

/** What COMPAT-2 forgets about a slot. */
export type Forgotten = "window" | "start" | "end" | "location" | "country" | "city";

/** Ways to forget something about a slot, with what was forgotten; each must keep a compatible pair compatible (COMPAT-2). */
export function labelledForgettings(s: Slot): [Forgotten, Slot][] {
  const out: [Forgotten, Slot][] = [];
  const { window, location, ...rest } = s;
  if (window !== undefined) {
    out.push(["window", location === undefined ? rest : { ...rest, location }]);
    const { start, end, ...w } = window;
    const withWindow = (win: TimeWindow): Slot => ({ ...s, window: win });
    if (start !== undefined) out.push(["start", withWindow(end === undefined ? w : { ...w, end })]);
    if (end !== undefined) out.push(["end", withWindow(start === undefined ? w : { ...w, start })]);
  }
  if (location !== undefined) {
    out.push(["location", window === undefined ? rest : { ...rest, window }]);
    if (location.type === "in_person") {
      const { country, city, ...l } = location;
      if (country !== undefined)
        out.push(["country", { ...s, location: city === undefined ? l : { ...l, city } }]);
      if (city !== undefined)
        out.push(["city", { ...s, location: country === undefined ? l : { ...l, country } }]);
    }
  }
  return out;
}

/** Ways to forget something about a slot; each must keep a compatible pair compatible (COMPAT-2). */
export function forgettings(s: Slot): Slot[] {
  return labelledForgettings(s).map(([, x]) => x);
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

/** Options of the compat suite. */
export interface CompatSuiteOptions {
  /** The implementation's declared domain (touching windows outside it are not generated). */
  readonly domain?: ImplementationDomain;
}

const withoutLocation = (s: Slot): Slot => {
  const { location: _l, ...rest } = s;
  return rest;
};
const withoutWindow = (s: Slot): Slot => {
  const { window: _w, ...rest } = s;
  return rest;
};

/**
 * COMPAT-5's failure class for a pair the implementation answers wrongly: the part (time or
 * location) and the rule of §4 that decides it, found by asking the implementation about the
 * pair with only its windows and with only its locations; `combination` when both parts are
 * right alone.
 */
function disagreementClass(compat: (a: Slot, b: Slot) => boolean, a: Slot, b: Slot): string {
  const v = specVerdict(a, b);
  const dir = (ok: boolean) => (ok ? "compatible-rejected" : "incompatible-accepted");
  if (compat(withoutLocation(a), withoutLocation(b)) !== v.time.ok)
    return `time:${v.time.rule}:${dir(v.time.ok)}`;
  if (compat(withoutWindow(a), withoutWindow(b)) !== v.location.ok)
    return `location:${v.location.rule}:${dir(v.location.ok)}`;
  return `combination:${dir(v.compatible)}`;
}

/** COMPAT-1…3 and 5 of `impl` (the reference by default); COMPAT-4 (the index) is the reference's own. */
export function compatProperties(
  impl: CompatUnderTest = referenceCompat,
  name = "implementation",
  options: CompatSuiteOptions = {},
): InvariantProperty[] {
  const compat = (a: Slot, b: Slot) => impl.compatible(a, b);
  const isReference = impl === referenceCompat;
  const pairs = () => arbSlotPair({ avoidTouching: avoidsTouching(options.domain) });
  const all: InvariantProperty[] = [
    {
      id: "COMPAT-1",
      suite: "compat",
      title: "compatibility is symmetric (and, for the reference, the prepared form agrees)",
      numRuns: 1000,
      reduce: reduceSlotPairArguments,
      build: () =>
        fc.property(pairs(), ([a, b]) => {
          const ab = compat(a, b);
          same(
            compat(b, a),
            ab,
            "asymmetric",
            `${name}: compatible(b, a) ≠ compatible(a, b) for ${pair(a, b)}`,
          );
          if (!isReference) return;
          // The reference's parts and prepared form (not asked of other implementations).
          same(
            timeCompatible(b, a),
            timeCompatible(a, b),
            "time-part-asymmetric",
            "timeCompatible(b, a)",
          );
          same(
            locationCompatible(b, a),
            locationCompatible(a, b),
            "location-part-asymmetric",
            "locationCompatible(b, a)",
          );
          same(
            ab,
            timeCompatible(a, b) && locationCompatible(a, b),
            "not-time-and-location",
            "compatible = time ∧ location",
          );
          const pa = prepareSlot(a);
          const pb = prepareSlot(b);
          same(
            compatiblePrepared(pa, pb),
            ab,
            "prepared-form-disagrees",
            "compatiblePrepared(a, b)",
          );
          same(
            compatiblePrepared(pb, pa),
            ab,
            "prepared-form-disagrees",
            "compatiblePrepared(b, a)",
          );
        }),
    },
    {
      id: "COMPAT-2",
      suite: "compat",
      title:
        "unknown is optimistic: forgetting a window, bound, location, country or city keeps a match",
      numRuns: 1000,
      reduce: reduceSlotPairArguments,
      build: () =>
        fc.property(pairs(), ([a, b]) => {
          if (!compat(a, b)) return;
          for (const [what, a2] of labelledForgettings(a)) {
            same(
              compat(a2, b),
              true,
              `forgetting-${what}-breaks-match`,
              `${name}: compatible after forgetting a's ${what}: ${pair(a2, b)}`,
            );
            for (const [what2, b2] of labelledForgettings(b))
              same(
                compat(a2, b2),
                true,
                `forgetting-${what2}-breaks-match`,
                `${name}: compatible after forgetting a's ${what} and b's ${what2}: ${pair(a2, b2)}`,
              );
          }
        }),
    },
    {
      id: "COMPAT-3",
      suite: "compat",
      title:
        "time compatibility is offset-invariant: the same instants in other offsets, same answers",
      numRuns: 1000,
      reduce: reduceSlotPairArguments,
      build: () =>
        fc.property(
          pairs(),
          arbRewrite,
          arbRewrite,
          fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(9999, 11, 30) }),
          arbOffsetMinutes,
          arbInstantStyle,
          ([a, b], ra, rb, ms, off, style) => {
            const a2 = rewriteOffsets(a, ra);
            const b2 = rewriteOffsets(b, rb);
            if (isReference) {
              const ba = windowBounds(a.window);
              const ba2 = windowBounds(a2.window);
              same(ba2.startMs, ba.startMs, "rewritten-start-moves", "start after rewriting");
              same(ba2.endMs, ba.endMs, "rewritten-end-moves", "end after rewriting");
              same(
                timeCompatible(a2, b2),
                timeCompatible(a, b),
                "offset-rewrite-changes-answer",
                "timeCompatible after rewriting",
              );
              same(
                parseInstant(formatInstant(ms, off, style)),
                ms,
                "instant-round-trip",
                `instant ${formatInstant(ms, off, style)}`,
              );
            }
            same(
              compat(a2, b2),
              compat(a, b),
              "offset-rewrite-changes-answer",
              `${name}: the same instants in other offsets change the answer: before ${pair(a, b)}; after ${pair(a2, b2)}`,
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
      reduce: reduceSlotPairArguments,
      build: () =>
        fc.property(pairs(), ([a, b]) => {
          if (onDistanceBoundary(a, b)) return;
          const want = specVerdict(a, b).compatible;
          if (compat(a, b) !== want)
            violation(
              disagreementClass(compat, a, b),
              `${name}: compatible(a, b) = ${String(!want)}, SPEC §4 says ${String(want)} for ${pair(a, b)}`,
            );
        }),
    },
  ];
  return all;
}

/** The reference's bucketed index as COMPAT-4 checks it (a test passes a planted bug). */
export interface ReferenceSlotIndex {
  readonly createSlotIndex: typeof createSlotIndex;
  readonly matchAll: typeof matchAll;
}

/** COMPAT-4: the reference's bucketed index returns exactly what the pairwise rule accepts. */
export function compatIndexProperties(
  index: ReferenceSlotIndex = { createSlotIndex, matchAll },
): InvariantProperty[] {
  return [
    {
      id: "COMPAT-4",
      suite: "compat",
      title:
        "the bucketed index returns exactly the pairs the pairwise rule accepts, once each, in order",
      numRuns: 150,
      reduce: reduceIndexTupleArguments,
      build: () =>
        fc.property(arbIndexCase, ([needs, queries, options]) => {
          const slotIndex = index.createSlotIndex(
            needs.map((slot, i) => ({ key: i, slot })),
            options,
          );
          for (const q of queries) {
            const got = slotIndex.queryIndices(q);
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
          const viaIndex = index.matchAll(queries, needs, options);
          const brute = matchAllPairwise(queries, needs);
          if (JSON.stringify(viaIndex) !== JSON.stringify(brute))
            throw new Error("matchAll differs from brute force");
        }),
    },
  ];
}
