/**
 * Allocation benchmark: one provider with 100 capacity slots against N recipients × 10 need
 * slots (targets: N = 10 000 under 100 ms; near-linear from 1 000 to 100 000).
 *
 *   npx tsx bench/allocation.bench.ts [seed]
 *
 * Prints the seed, per size the median of several runs of `allocateValidated` (no schema
 * validation) on the same input objects ("warm": prepared slots are reused, as when a node
 * recomputes over unchanged commitments) and, for N ≤ 10 000, on fresh copies ("cold": every
 * slot is parsed and prepared again; copying is not timed), and of `allocate` (with zod
 * validation) for N = 10 000; then one JSON line.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { allocate, allocateValidated } from "../src/core/allocation/allocate.js";
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { benchSeed, makeSlot, workloadRng } from "./workload.js";

const SLOTS = 100;
const NEEDS = 10;
const SIZES = [1_000, 3_000, 10_000, 30_000, 100_000];

function workload(seed: number, recipients: number): AllocationInput {
  const rng = workloadRng(seed);
  const capacity_slots = Array.from({ length: SLOTS }, (_, i) => ({
    ...makeSlot(rng, `a${i}`, 8, 30),
    quantity: 2_000,
  }));
  const out: AllocationInput["recipients"] = [];
  for (let r = 0; r < recipients; r++) {
    const u = uniformFloat64(rng);
    const mutual = u < 0.6;
    out.push({
      pubKey: `r${r}`,
      need_slots: Array.from({ length: NEEDS }, (_, k) => makeSlot(rng, `n${k}`, 4, 15)),
      mr: mutual ? 0.001 + 0.999 * uniformFloat64(rng) : 0,
      share: 0.001 + 0.999 * uniformFloat64(rng),
      damping_factor: [1, 1, 1, 0.8, 0.5][Math.floor(uniformFloat64(rng) * 5)] ?? 1,
    });
  }
  return { provider: { pubKey: "provider", capacity_slots }, recipients: out };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function timeRuns<T>(fn: (x: T) => unknown, runs: number, fresh: () => T): number[] {
  fn(fresh()); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = fresh();
    const t0 = performance.now();
    fn(x);
    out.push(performance.now() - t0);
  }
  return out;
}

const seed = benchSeed();
console.log(`seed ${seed}; ${SLOTS} capacity slots; ${NEEDS} need slots per recipient`);
const curve: {
  recipients: number;
  needSlots: number;
  medianMs: number;
  grants: number;
  msPerThousand: number;
}[] = [];
let validatedMs = Number.NaN;
for (const n of SIZES) {
  const input = workload(seed, n);
  const result = allocateValidated(input);
  const runs = n >= 100_000 ? 3 : 7;
  const ms = median(timeRuns(allocateValidated, runs, () => input));
  const cold =
    n <= 10_000 ? median(timeRuns(allocateValidated, 5, () => structuredClone(input))) : undefined;
  curve.push({
    recipients: n,
    needSlots: n * NEEDS,
    medianMs: Math.round(ms * 10) / 10,
    ...(cold !== undefined ? { coldMs: Math.round(cold * 10) / 10 } : {}),
    grants: result.slot_allocations.length,
    msPerThousand: Math.round((ms / (n / 1000)) * 100) / 100,
  });
  console.log(
    `${String(n).padStart(7)} recipients: ${ms.toFixed(1).padStart(8)} ms warm median of ${runs}${cold !== undefined ? `, ${cold.toFixed(1)} ms cold` : ""} (${result.slot_allocations.length} grants, ${(ms / (n / 1000)).toFixed(2)} ms per 1 000 recipients)`,
  );
  if (n === 10_000) {
    validatedMs = median(timeRuns(allocate, 5, () => input));
    console.log(
      `         with schema validation (allocate): ${validatedMs.toFixed(1)} ms median of 5`,
    );
  }
}
const first = curve[0];
const last = curve[curve.length - 1];
const linearity = first && last ? last.msPerThousand / first.msPerThousand : Number.NaN;
console.log(
  `per-recipient cost ratio 100 000 vs 1 000: ${linearity.toFixed(2)} (1.00 = perfectly linear)`,
);
console.log(
  JSON.stringify({
    bench: "allocation",
    seed,
    slots: SLOTS,
    needsPerRecipient: NEEDS,
    curve,
    validatedMs10k: Math.round(validatedMs * 10) / 10,
    linearity: Math.round(linearity * 100) / 100,
  }),
);
