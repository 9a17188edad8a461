/**
 * Allocation benchmark: one provider with 100 capacity slots against N recipients × 10 need
 * slots on the sparse workload (slots over 60 days and 20 cities; bench/allocation-workloads.ts).
 * Targets (issue 12): N = 10 000 warm ≤ 50 ms; near-linear from 1 000 to 100 000; a change of
 * one recipient's commitment recomputed ≥ 10× faster than a full recompute at N = 10 000.
 *
 *   npx tsx bench/allocation.bench.ts [seed] [--sizes=1000,10000]
 *
 * Per size, side by side in one process on the same input objects ("warm": prepared slots are
 * reused, as when a node recomputes over unchanged commitments): the allocator before the
 * columnar engine (test/core/allocation/previous-compute.ts), `allocateValidated` with the
 * record and the columnar output, and the seeds' one-pass formula (`v2-one-pass`) on the new
 * engine. Then the incremental session at 10 000 recipients. Medians of wall-clock and process
 * CPU time (CPU time is less sensitive to other tenants of a shared machine); then one JSON line.
 */
import { allocate, allocateValidated } from "../src/core/allocation/allocate.js";
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

// `--sizes=10000,30000` measures only those sizes (must include 10 000 for the incremental rows).
const sizesArg = process.argv.find((a) => a.startsWith("--sizes="));
const SIZES = sizesArg
  ? sizesArg.slice("--sizes=".length).split(",").map(Number)
  : [1_000, 3_000, 10_000, 30_000, 100_000];

const seed = benchSeed();
console.log(
  `seed ${seed}; sparse workload; ${SLOTS} capacity slots; ${NEEDS} need slots per recipient`,
);

interface Row {
  recipients: number;
  grants: number;
  previous: Timing;
  records: Timing;
  columns: Timing;
  onePassRecords: Timing;
  onePassColumns: Timing;
  onePassGrants: number;
}
const rows: Row[] = [];
for (const n of SIZES) {
  const input = allocationWorkload("sparse", seed, n);
  const runs = n >= 100_000 ? 3 : n >= 30_000 ? 5 : 9;
  const before = previousAllocate(input);
  const after = allocateValidated(input);
  if (JSON.stringify(before) !== JSON.stringify(after)) throw new Error(`results differ at ${n}`);
  const onePass = allocateValidated(input, { variant: "v2-one-pass" });
  const row: Row = {
    recipients: n,
    grants: after.slot_allocations.length,
    previous: timeRuns(() => previousAllocate(input), runs),
    records: timeRuns(() => allocateValidated(input), runs),
    columns: timeRuns(() => allocateValidated(input, { output: "columns" }), runs),
    onePassRecords: timeRuns(() => allocateValidated(input, { variant: "v2-one-pass" }), runs),
    onePassColumns: timeRuns(
      () => allocateValidated(input, { variant: "v2-one-pass", output: "columns" }),
      runs,
    ),
    onePassGrants: onePass.slot_allocations.length,
  };
  rows.push(row);
  console.log(
    `${String(n).padStart(7)} recipients (${row.grants} grants; v2-one-pass ${row.onePassGrants}), medians of ${runs}:\n` +
      `  previous allocator      ${fmt(row.previous)}\n` +
      `  reference, records      ${fmt(row.records)}   (${(row.previous.wallMs / row.records.wallMs).toFixed(1)}× wall, ${(row.previous.cpuMs / row.records.cpuMs).toFixed(1)}× cpu)\n` +
      `  reference, columns      ${fmt(row.columns)}   (${(row.previous.wallMs / row.columns.wallMs).toFixed(1)}× wall, ${(row.previous.cpuMs / row.columns.cpuMs).toFixed(1)}× cpu)\n` +
      `  v2-one-pass, records    ${fmt(row.onePassRecords)}\n` +
      `  v2-one-pass, columns    ${fmt(row.onePassColumns)}`,
  );
}
const perK = (r: Row, k: "records" | "columns" | "previous") => r[k].cpuMs / (r.recipients / 1000);
const first = rows[0] as Row;
const last = rows[rows.length - 1] as Row;
const linearity = {
  previous: Math.round((perK(last, "previous") / perK(first, "previous")) * 100) / 100,
  records: Math.round((perK(last, "records") / perK(first, "records")) * 100) / 100,
  columns: Math.round((perK(last, "columns") / perK(first, "columns")) * 100) / 100,
};
console.log(
  `per-recipient CPU cost ${last.recipients} vs ${first.recipients} (1.00 = linear): previous ${linearity.previous}, records ${linearity.records}, columns ${linearity.columns}`,
);

const at10k = rows.find((r) => r.recipients === 10_000) ?? (rows[0] as Row);
// Incremental: one recipient's commitment changes (what a V2 node does on each message).
const N = 10_000;
const input = allocationWorkload("sparse", seed, N);
const session = createAllocationSessionValidated(input);
const picks = Array.from({ length: 15 }, (_, k) => (k * 7919 + seed) % N);
const changedInput = (k: number): AllocationInput => {
  const i = picks[k] as number;
  return {
    ...input,
    recipients: input.recipients.map((r, j) => (j === i ? changedRecipient(r, k) : r)),
  };
};
const inputs = picks.map((_, k) => changedInput(k));
let k = 0;
const next = () => inputs[k++ % inputs.length] as AllocationInput;
const changed = (x: AllocationInput) => x.recipients[picks[(k - 1) % picks.length] as number];
const full = timeRuns(() => allocateValidated(next()), 7);
// Cold: every need slot a fresh object (as when a node rebuilds its input from commitments),
// so nothing prepared is reused; copying is not timed.
const coldInputs = inputs.slice(0, 6).map((x) => structuredClone(x));
let c = 0;
const fullCold = timeRuns(() => allocateValidated(coldInputs[c++] as AllocationInput), 5);
const fullColumns = timeRuns(() => allocateValidated(next(), { output: "columns" }), 7);
const incr = timeRuns(() => {
  const x = next();
  const r = changed(x);
  if (r !== undefined) session.withRecipientValidated(r).allocate();
}, 15);
const incrColumns = timeRuns(() => {
  const x = next();
  const r = changed(x);
  if (r !== undefined) session.withRecipientValidated(r).allocate({ output: "columns" });
}, 15);
// The session's answer is the full recompute's, bit for bit.
const check = inputs[0] as AllocationInput;
const viaSession = session
  .withRecipientValidated(
    check.recipients[picks[0] as number] as AllocationInput["recipients"][number],
  )
  .allocate();
if (JSON.stringify(viaSession) !== JSON.stringify(allocateValidated(check)))
  throw new Error("session and full recompute differ");
console.log(
  `incremental at ${N} recipients (one recipient's MR and needs changed; medians over 15 changes):\n` +
    `  full recompute, records        ${fmt(full)}   (preparation of the unchanged recipients kept)\n` +
    `  full recompute, records, cold  ${fmt(fullCold)}   (fresh need slot objects)\n` +
    `  previous allocator             ${fmt(at10k.previous)}   (same input, from the table above)\n` +
    `  session.withRecipient, records ${fmt(incr)}   (vs full: ${(full.wallMs / incr.wallMs).toFixed(1)}× wall, ${(full.cpuMs / incr.cpuMs).toFixed(1)}× cpu; vs cold: ${(fullCold.wallMs / incr.wallMs).toFixed(1)}× wall, ${(fullCold.cpuMs / incr.cpuMs).toFixed(1)}× cpu; vs previous: ${(at10k.previous.cpuMs / incr.cpuMs).toFixed(1)}× cpu)\n` +
    `  full recompute, columns        ${fmt(fullColumns)}\n` +
    `  session.withRecipient, columns ${fmt(incrColumns)}   (${(fullColumns.wallMs / incrColumns.wallMs).toFixed(1)}× wall, ${(fullColumns.cpuMs / incrColumns.cpuMs).toFixed(1)}× cpu)`,
);
const validated = timeRuns(() => allocate(input), 3);
console.log(`with schema validation (allocate) at ${N}: ${fmt(validated)}`);
console.log(
  JSON.stringify({
    bench: "allocation",
    seed,
    workload: "sparse",
    slots: SLOTS,
    needsPerRecipient: NEEDS,
    rows,
    linearity,
    incremental: { recipients: N, full, fullCold, incr, fullColumns, incrColumns },
    validated10k: validated,
  }),
);
