/**
 * Dense allocation benchmark: 100 capacity slots × 10 000 recipients × 10 need slots without
 * windows or locations, so every need slot is compatible with every capacity slot (10⁷ pairs).
 * Target (issue 12): ≤ 2 s with the columnar output.
 *
 *   npx tsx bench/allocation-dense.bench.ts [seed] [--previous]
 *
 * Side by side in one process on the same input: `allocateValidated` with the columnar and the
 * record output, `v2-one-pass` (the seeds' formula) on the same engine, a single-recipient
 * change through a session, and — with `--previous`, one run, about a minute on a quiet
 * machine — the allocator before the columnar engine. Medians of wall-clock and CPU time;
 * then one JSON line. Run with `node --max-old-space-size=6000` for the record form.
 */
import { allocateValidated } from "../src/core/allocation/allocate.js";
import { createAllocationSessionValidated } from "../src/core/allocation/session.js";
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { previousAllocate } from "../test/core/allocation/previous-compute.js";
import {
  allocationWorkload,
  changedRecipient,
  fmt,
  NEEDS,
  SLOTS,
  timeRuns,
  type Timing,
} from "./allocation-workloads.js";
import { benchSeed } from "./workload.js";

const N = 10_000;
const seed = benchSeed();
const withPrevious = process.argv.includes("--previous");
console.log(
  `seed ${seed}; dense workload; ${SLOTS} capacity slots × ${N} recipients × ${NEEDS} need slots`,
);
const input = allocationWorkload("dense", seed, N);
const columns = allocateValidated(input, { output: "columns" });
const onePass = allocateValidated(input, { variant: "v2-one-pass", output: "columns" });
console.log(`grants: reference ${columns.grants.length}, v2-one-pass ${onePass.grants.length}`);
const t: Record<string, Timing> = {};
t["columns"] = timeRuns(() => allocateValidated(input, { output: "columns" }), 3);
console.log(`  reference, columns      ${fmt(t["columns"])}`);
t["onePassColumns"] = timeRuns(
  () => allocateValidated(input, { variant: "v2-one-pass", output: "columns" }),
  3,
);
console.log(`  v2-one-pass, columns    ${fmt(t["onePassColumns"])}`);
t["records"] = timeRuns(() => allocateValidated(input), 1);
console.log(`  reference, records      ${fmt(t["records"])}`);
t["onePassRecords"] = timeRuns(() => allocateValidated(input, { variant: "v2-one-pass" }), 1);
console.log(`  v2-one-pass, records    ${fmt(t["onePassRecords"])}`);

const session = createAllocationSessionValidated(input);
let k = 0;
t["incrColumns"] = timeRuns(() => {
  const i = (k * 7919 + seed) % N;
  const r = changedRecipient(input.recipients[i] as AllocationInput["recipients"][number], k++);
  session.withRecipientValidated(r).allocate({ output: "columns" });
}, 5);
console.log(
  `  one recipient changed, session, columns ${fmt(t["incrColumns"])}   (${(t["columns"].wallMs / t["incrColumns"].wallMs).toFixed(1)}× wall, ${(t["columns"].cpuMs / t["incrColumns"].cpuMs).toFixed(1)}× cpu vs full)`,
);
if (withPrevious) {
  t["previous"] = timeRuns(() => previousAllocate(input), 1, false);
  console.log(
    `  previous allocator      ${fmt(t["previous"])}   (columns ${(t["previous"].wallMs / t["columns"].wallMs).toFixed(1)}× wall, ${(t["previous"].cpuMs / t["columns"].cpuMs).toFixed(1)}× cpu faster)`,
  );
}
console.log(
  JSON.stringify({
    bench: "allocation-dense",
    seed,
    slots: SLOTS,
    recipients: N,
    needsPerRecipient: NEEDS,
    grants: columns.grants.length,
    onePassGrants: onePass.grants.length,
    timings: t,
  }),
);
