/**
 * Slot-matching benchmark: 100 availability slots × 100 000 need slots (10 000 recipients × 10),
 * spread over 60 days and 20 cities in 20 countries, with some remote / unknown-location / long /
 * unbounded slots. Compares matchAll (bucketed index) with matchAllPairwise (brute force).
 *
 *   npx tsx bench/compat.bench.ts [seed]
 *
 * Prints the seed, the pairs found by both (they must be equal) and the timings, then one final
 * JSON line with the figures.
 */
import { compatiblePrepared, prepareSlot } from "../src/core/compat/compatible.js";
import { createSlotIndex, matchAll, matchAllPairwise } from "../src/core/compat/index.js";
import type { Slot } from "../src/core/schemas/slots.js";
import { benchSeed, makeSlot, workloadRng } from "./workload.js";

const AVAILABILITY = 100;
const RECIPIENTS = 10_000;
const NEEDS_PER_RECIPIENT = 10;
const seed = benchSeed();
const rng = workloadRng(seed);
const availability: Slot[] = [];
for (let i = 0; i < AVAILABILITY; i++) availability.push(makeSlot(rng, `a${i}`, 8, 30));
const needs: Slot[] = [];
for (let r = 0; r < RECIPIENTS; r++) {
  for (let k = 0; k < NEEDS_PER_RECIPIENT; k++) needs.push(makeSlot(rng, `r${r}-n${k}`, 4, 15));
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

console.log(`seed ${seed}`);
console.log(`${availability.length} availability slots × ${needs.length} need slots`);

// Correctness first: the two must find the same pairs.
const [indexedPairs, indexedColdMs] = time(() => matchAll(availability, needs));
const [brutePairs, bruteColdMs] = time(() => matchAllPairwise(availability, needs));
const equal =
  indexedPairs.length === brutePairs.length &&
  indexedPairs.every((p, i) => p[0] === brutePairs[i]?.[0] && p[1] === brutePairs[i]?.[1]);
console.log(
  `pairs: index ${indexedPairs.length}, brute force ${brutePairs.length}, equal ${equal}`,
);

// Warm timings: medians over a few runs.
const RUNS = 7;
const indexedRuns: number[] = [];
const buildRuns: number[] = [];
const queryRuns: number[] = [];
const bruteRuns: number[] = [];
const bruteCheckRuns: number[] = [];
let candidates = 0;
for (let run = 0; run < RUNS; run++) {
  indexedRuns.push(time(() => matchAll(availability, needs))[1]);
  const [index, buildMs] = time(() => createSlotIndex(needs.map((slot, key) => ({ key, slot }))));
  buildRuns.push(buildMs);
  const prepared = availability.map(prepareSlot);
  queryRuns.push(
    time(() => {
      let n = 0;
      for (const q of prepared) n += index.queryIndices(q).length;
      return n;
    })[1],
  );
  candidates = prepared.reduce((s, q) => s + index.countCandidates(q), 0);
  bruteRuns.push(time(() => matchAllPairwise(availability, needs))[1]);
  // Pairwise checks alone (slots already prepared), to isolate the cost of the rule.
  const pn = needs.map(prepareSlot);
  bruteCheckRuns.push(
    time(() => {
      let n = 0;
      for (const a of prepared) for (const b of pn) if (compatiblePrepared(a, b)) n++;
      return n;
    })[1],
  );
}

const figures = {
  seed,
  availability: availability.length,
  needs: needs.length,
  pairs: indexedPairs.length,
  pairsBruteForce: brutePairs.length,
  equal,
  candidatesChecked: candidates,
  pairwiseChecks: availability.length * needs.length,
  indexMatchAllColdMs: round(indexedColdMs),
  bruteForceColdMs: round(bruteColdMs),
  indexMatchAllMs: round(median(indexedRuns)),
  indexBuildMs: round(median(buildRuns)),
  indexQueryMs: round(median(queryRuns)),
  bruteForceMs: round(median(bruteRuns)),
  bruteForceChecksOnlyMs: round(median(bruteCheckRuns)),
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

console.log(
  `candidates checked via index: ${candidates} of ${figures.pairwiseChecks} pairs (${((100 * candidates) / figures.pairwiseChecks).toFixed(2)}%)`,
);
console.log(
  `matchAll (index, incl. build): ${figures.indexMatchAllMs} ms median (cold ${figures.indexMatchAllColdMs} ms) = build ${figures.indexBuildMs} ms + 100 queries ${figures.indexQueryMs} ms`,
);
console.log(
  `matchAllPairwise (brute force): ${figures.bruteForceMs} ms median (cold ${figures.bruteForceColdMs} ms); checks alone on prepared slots ${figures.bruteForceChecksOnlyMs} ms`,
);
console.log(JSON.stringify(figures));
if (!equal) process.exitCode = 1;
