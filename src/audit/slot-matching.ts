/**
 * Slot matching through the bucketed index against brute force, over sizes and seeds: the
 * packaged, clock-free part of bench/compat.bench.ts (which keeps the timings). For A availability
 * slots and N need slots of the benchmark's workload, it counts the candidate pairs the index
 * checks (`countCandidates`) against the A·N pairs brute force checks, and whether both find
 * exactly the same pairs.
 */
import { matchAll, matchAllPairwise, createSlotIndex } from "../core/compat/index.js";
import { prepareSlot } from "../core/compat/compatible.js";
import type { Slot } from "../core/schemas/slots.js";
import { medianInterval, round6, type MedianEstimate } from "./intervals.js";
import { makeSlot, workloadRng } from "./slot-workload.js";

export interface SlotMatchingOptions {
  readonly availability: number;
  readonly needs: readonly number[];
  readonly seeds: readonly number[];
}

export interface SlotMatchingPoint {
  readonly needs: number;
  readonly seed: number;
  readonly pairs: number;
  readonly exact: boolean;
  readonly candidates: number;
  readonly fraction: number;
}

export interface SlotMatchingResult {
  readonly availability: number;
  readonly points: readonly SlotMatchingPoint[];
  /** Per N: the median fraction of pairs the index checks, with its interval. */
  readonly fractions: readonly { readonly needs: number; readonly fraction: MedianEstimate }[];
  readonly allExact: boolean;
}

export function measureSlotMatching(o: SlotMatchingOptions): SlotMatchingResult {
  const points: SlotMatchingPoint[] = [];
  for (const n of o.needs)
    for (const seed of o.seeds) {
      const rng = workloadRng(seed);
      const availability: Slot[] = [];
      for (let i = 0; i < o.availability; i++) availability.push(makeSlot(rng, `a${i}`, 8, 30));
      const needs: Slot[] = [];
      for (let i = 0; i < n; i++) needs.push(makeSlot(rng, `n${i}`, 4, 15));
      const indexed = matchAll(availability, needs);
      const brute = matchAllPairwise(availability, needs);
      const exact =
        indexed.length === brute.length &&
        indexed.every((p, i) => p[0] === brute[i]?.[0] && p[1] === brute[i]?.[1]);
      const index = createSlotIndex(needs.map((slot, key) => ({ key, slot })));
      const candidates = availability
        .map(prepareSlot)
        .reduce((s, q) => s + index.countCandidates(q), 0);
      points.push({
        needs: n,
        seed,
        pairs: brute.length,
        exact,
        candidates,
        fraction: round6(candidates / (o.availability * n)),
      });
    }
  return {
    availability: o.availability,
    points,
    fractions: o.needs.map((n) => ({
      needs: n,
      fraction: medianInterval(points.filter((p) => p.needs === n).map((p) => p.fraction)),
    })),
    allExact: points.every((p) => p.exact),
  };
}
