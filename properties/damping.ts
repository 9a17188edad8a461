/**
 * The damping invariants (SPEC.md §6.2) as properties of any `dampingFactor` (the reference by
 * default). `specDamping` is §6.2 transcribed independently of src/core/damping.ts: DAMP-4
 * compares the implementation with it on random histories, biased to the edges of the window
 * (exactly 30 s old, now, the future), ties in time, unsorted histories, flat steps and sign
 * changes.
 */
import fc from "fast-check";
import { dampingFactor } from "../src/core/damping.js";
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import { arbPermutationSeed } from "./arbitraries/allocation.js";
import { permuteDeep } from "./arbitraries/permute.js";
import { describeHistory, utcOf } from "./describe.js";
import type { ImplementationDomain } from "./domain.js";
import { reduceDampingArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { DampingUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** §6.2's window: 30 000 ms. */
const WINDOW_MS = 30_000;

/** §6.2's classes of a history at `now`. */
export type DampingClassName = "fewer-than-three" | "oscillating" | "smooth" | "moderate";

const FACTOR: Record<DampingClassName, number> = {
  "fewer-than-three": 1,
  oscillating: 0.5,
  smooth: 1,
  moderate: 0.8,
};

/** §6.2: entries with now − 30 s < timestamp ≤ now, sorted by (timestamp, overAllocation), the last three. */
export function specWindow(history: readonly DampingEntry[], now: number): DampingEntry[] {
  const kept: DampingEntry[] = [];
  for (const e of history) if (now - WINDOW_MS < e.timestamp && e.timestamp <= now) kept.push(e);
  kept.sort((x, y) =>
    x.timestamp !== y.timestamp
      ? x.timestamp < y.timestamp
        ? -1
        : 1
      : x.overAllocation < y.overAllocation
        ? -1
        : x.overAllocation > y.overAllocation
          ? 1
          : 0,
  );
  return kept.length > 3 ? kept.slice(kept.length - 3) : kept;
}

/** §6.2's classification and factor of a history at `now`. */
export function specDamping(
  history: readonly DampingEntry[],
  now: number,
): { readonly cls: DampingClassName; readonly factor: number } {
  const w = specWindow(history, now);
  if (w.length < 3) return { cls: "fewer-than-three", factor: 1 };
  const [a, b, c] = w.map((e) => e.overAllocation) as [number, number, number];
  const up1 = b > a;
  const down1 = b < a;
  const up2 = c > b;
  const down2 = c < b;
  let cls: DampingClassName;
  if ((up1 && down2) || (down1 && up2)) cls = "oscillating";
  else if (Math.abs(c) <= Math.abs(b) && Math.abs(b) <= Math.abs(a)) cls = "smooth";
  else cls = "moderate";
  return { cls, factor: FACTOR[cls] };
}

/** One generated case: a history and the time it is read at. */
export interface DampingCase {
  readonly history: readonly DampingEntry[];
  readonly now: number;
}

const NOW = 1_750_000_000_000;
const MAX_T = Number.MAX_SAFE_INTEGER;

/** Times relative to `now` (ms): the window's edges, inside, expired, the future. */
const arbOffset: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(-WINDOW_MS, -WINDOW_MS + 1, 0, 1, -1) },
  { weight: 4, arbitrary: fc.integer({ min: -WINDOW_MS + 1, max: 0 }) },
  { weight: 1, arbitrary: fc.integer({ min: -4 * WINDOW_MS, max: -WINDOW_MS }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 * WINDOW_MS }) },
);

/** Over-allocations: small integers (flat steps, sign changes, equal magnitudes), any double, extremes. */
const arbOver: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -6, max: 6 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e15, -1e15, 1e-9, -1e-9, 5e-324, -5e-324) },
);

/** The seed's example and its mirror images, at three successive seconds. */
const SEED_EXAMPLES: readonly (readonly number[])[] = [
  [10, 5, 8],
  [-3, 2, -1],
  [10, 8, 5],
  [-10, -5, 0],
  [1, 2, 3],
  [5, 5, 6],
  [5, 4],
];

/** Damping cases: histories of 0–12 entries (sometimes 20–40) over a few shared times (so ties are common), in any order. */
export function arbDampingCase(
  options: { domain?: ImplementationDomain } = {},
): fc.Arbitrary<DampingCase> {
  const nonNegative = options.domain?.damping?.overAllocation === "non-negative";
  const over = nonNegative ? arbOver.map((v) => Math.abs(v)) : arbOver;
  const now = fc.oneof(
    { weight: 4, arbitrary: fc.constant(NOW) },
    { weight: 2, arbitrary: fc.integer({ min: WINDOW_MS + 1, max: 2 ** 52 }) },
    { weight: 1, arbitrary: fc.constantFrom(WINDOW_MS, WINDOW_MS + 1, MAX_T, MAX_T - WINDOW_MS) },
  );
  const random = fc
    .record({
      now,
      times: fc.array(arbOffset, { minLength: 1, maxLength: 6 }),
      entries: fc.oneof(
        { weight: 6, arbitrary: fc.array(fc.tuple(fc.nat(), over), { maxLength: 12 }) },
        {
          weight: 1,
          arbitrary: fc.array(fc.tuple(fc.nat(), over), { minLength: 20, maxLength: 40 }),
        },
      ),
    })
    .map(({ now, times, entries }): DampingCase => {
      const history: DampingEntry[] = [];
      for (const [k, overAllocation] of entries) {
        const t = now + (times[k % times.length] as number);
        if (t >= 1 && t <= MAX_T) history.push({ overAllocation, timestamp: t });
      }
      return { history, now };
    });
  const examples = fc
    .tuple(fc.constantFrom(...SEED_EXAMPLES), fc.integer({ min: 1, max: 9_999 }))
    .map(([values, step]): DampingCase => ({
      now: NOW,
      history: values.map((v, k) => ({
        overAllocation: nonNegative ? Math.abs(v) : v,
        timestamp: NOW - step * (values.length - 1 - k),
      })),
    }));
  return fc.oneof({ weight: 9, arbitrary: random }, { weight: 1, arbitrary: examples });
}

export const referenceDamping: DampingUnderTest = { dampingFactor };

/** Options of the damping suite. */
export interface DampingSuiteOptions {
  readonly domain?: ImplementationDomain;
}

export function dampingProperties(
  impl: DampingUnderTest = referenceDamping,
  name = "implementation",
  options: DampingSuiteOptions = {},
): InvariantProperty[] {
  const cases = () =>
    arbDampingCase(options.domain !== undefined ? { domain: options.domain } : {});
  const factor = (h: readonly DampingEntry[], now: number) => impl.dampingFactor(h, now);
  const show = (h: readonly DampingEntry[], now: number) =>
    `history ${describeHistory(h, now)} at now = ${now} (${utcOf(now)})`;
  return [
    {
      id: "DAMP-1",
      suite: "dynamics",
      title: "damping factor ∈ {0.5, 0.8, 1.0}; 1.0 with fewer than three entries in the window",
      numRuns: 500,
      reduce: reduceDampingArguments,
      build: () =>
        fc.property(cases(), ({ history, now }) => {
          const f = factor(history, now);
          if (![0.5, 0.8, 1].includes(f))
            violation("factor-not-allowed", `${name}: factor ${f} for ${show(history, now)}`);
          if (specWindow(history, now).length < 3 && f !== 1)
            violation(
              "not-1-with-fewer-than-three",
              `${name}: factor ${f} with fewer than three entries in the window: ${show(history, now)}`,
            );
        }),
    },
    {
      id: "DAMP-2",
      suite: "dynamics",
      title: "only the last three entries of the 30 s window count",
      numRuns: 500,
      reduce: reduceDampingArguments,
      build: () =>
        fc.property(cases(), cases(), ({ history, now }, { history: other }) => {
          // The entries in the window, in the order the history lists them (so that an
          // implementation's handling of ties is the same in every comparison below).
          const inWindow = history.filter(
            (e) => now - WINDOW_MS < e.timestamp && e.timestamp <= now,
          );
          const last3 = new Set(specWindow(history, now));
          const lastThree = inWindow.filter((e) => last3.has(e));
          const base = factor(inWindow, now);
          // The other case's entries re-timed around this `now`: expired, future, and (when three
          // count) older than the oldest of the last three but inside the window.
          const shift = (e: DampingEntry, t: number) => ({ ...e, timestamp: t });
          const oldest = Math.min(...lastThree.map((e) => e.timestamp));
          const groups: [string, DampingEntry[]][] = [
            [
              "expired-entry-counts",
              other
                .map((e, k) => shift(e, now - WINDOW_MS - (k % 3) * 1000))
                .filter((e) => e.timestamp >= 1),
            ],
            [
              "future-entry-counts",
              other
                .map((e, k) => shift(e, now + 1 + (k % 3) * 1000))
                .filter((e) => e.timestamp <= MAX_T),
            ],
            [
              "entry-before-last-three-counts",
              lastThree.length < 3 || oldest <= now - WINDOW_MS + 1
                ? []
                : other.map((e, k) =>
                    shift(e, Math.max(now - WINDOW_MS + 1, oldest - 1 - (k % 3))),
                  ),
            ],
          ];
          for (const [code, extra] of groups) {
            if (extra.length === 0) continue;
            const h = [...inWindow, ...extra];
            const f = factor(h, now);
            if (f !== base)
              violation(
                code,
                `${name}: factor ${f} for ${show(h, now)}, but ${base} without the added entries`,
              );
          }
          if (inWindow.length > 3) {
            const f = factor(lastThree, now);
            if (f !== base)
              violation(
                "entry-before-last-three-counts",
                `${name}: factor ${base} for ${show(inWindow, now)}, but ${f} for its last three ${show(lastThree, now)}`,
              );
          }
        }),
    },
    {
      id: "DAMP-3",
      suite: "dynamics",
      title: "the damping factor does not depend on the order of the history",
      numRuns: 500,
      reduce: reduceDampingArguments,
      build: () =>
        fc.property(cases(), arbPermutationSeed, ({ history, now }, seed) => {
          const p = permuteDeep([...history], seed);
          const f = factor(history, now);
          const g = factor(p, now);
          if (f !== g)
            violation(
              "order-dependent",
              `${name}: factor ${f} for ${show(history, now)}, ${g} for the same entries reordered ${show(p, now)}`,
            );
        }),
    },
    {
      id: "DAMP-4",
      suite: "dynamics",
      title:
        "classification agrees with SPEC §6.2 transcribed independently (oscillating 0.5, smooth 1.0, else 0.8; [10,5,8] → 0.5)",
      numRuns: 1000,
      reduce: reduceDampingArguments,
      build: () =>
        fc.property(cases(), ({ history, now }) => {
          const want = specDamping(history, now);
          const got = factor(history, now);
          if (got !== want.factor)
            violation(
              `${want.cls}-read-as-${got}`,
              `${name}: factor ${got}, SPEC §6.2 says ${want.factor} (${want.cls}: last three in the window ${describeHistory(specWindow(history, now), now)}) for ${show(history, now)}`,
            );
        }),
    },
  ];
}
