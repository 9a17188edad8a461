/**
 * Allocation cost against the number of recipients (src/audit/allocation-cost.ts): CPU time per
 * run of the reference allocator and of the seeds' one-pass formula on the same inputs, median
 * with its min–max band over the runs, log–log. A measurement of this machine, not a verdict:
 * it comes from the manifest, never from ledger.json.
 */
import type { TopLevelSpec } from "vega-lite";
import type { AllocationCostMeasurement } from "../allocation-cost.js";
import type { Row } from "./csv.js";

export { ALLOCATION_COST_CLAIMS } from "../allocation-cost.js";

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Floor for drawing a CPU time on a log axis (a run below the clock's resolution reads 0). */
const FLOOR_MS = 0.001;

export function allocationCostFigure(
  m: AllocationCostMeasurement,
  machine: string,
): {
  id: string;
  title: string;
  caption: string;
  seeds: number;
  columns: string[];
  rows: Row[];
  spec: TopLevelSpec;
} {
  const rows: Row[] = m.points.map((p) => {
    const med = median(p.cpuMs);
    const min = Math.min(...p.cpuMs);
    const max = Math.max(...p.cpuMs);
    return {
      recipients: p.recipients,
      variant: p.variant,
      runs: p.cpuMs.length,
      medianMs: med,
      minMs: min,
      maxMs: max,
      perRecipientUs: (1000 * med) / p.recipients,
      capacity: p.capacity,
      granted: p.granted,
      unused: p.unused,
      grants: p.grants,
      overNeed: p.overNeed,
      cpuMs: p.cpuMs.join(" "),
      shown: Math.max(med, FLOOR_MS),
      shownMin: Math.max(min, FLOOR_MS),
      shownMax: Math.max(max, FLOOR_MS),
    };
  });
  const sizes = [...new Set(m.points.map((p) => p.recipients))].sort((a, b) => a - b);
  return {
    id: "allocation-cost",
    title:
      "Allocation cost against the number of recipients: CPU time per run, reference allocator and the seeds' one-pass formula (a measurement of this machine, not a verdict)",
    caption:
      `Measured on this machine (${machine}) while the audit ran; timings vary with the machine and its load, so this figure is context, not evidence for a verdict, and it is not in ledger.json (the manifest keeps it). ` +
      `One provider with ${m.slots} capacity slots of 2 000 units against N recipients × ${m.needsPerRecipient} need slots on the sparse slot workload (seed ${m.seed}); N = ${sizes.join(", ")}. ` +
      `Both variants allocate the same input objects in one process, alternating, each after one warm-up run; ${m.runs} timed runs per point, process CPU time (user + system) per run including the input's preparation. ` +
      `Line and points: the median; band: min to max over the runs. Log–log axes: a slope of 1 is linear cost. ` +
      `The CSV also gives what each variant allocated: the reference grants within every stated need, the one-pass formula (no tracking across slots, SPEC.md §5.5) can grant a recipient more than its need (column overNeed) and leaves capacity unused differently.`,
    seeds: 1,
    columns: [
      "recipients",
      "variant",
      "runs",
      "medianMs",
      "minMs",
      "maxMs",
      "perRecipientUs",
      "capacity",
      "granted",
      "unused",
      "grants",
      "overNeed",
      "cpuMs",
    ],
    rows,
    spec: {
      width: 420,
      height: 260,
      data: { values: rows },
      encoding: {
        x: {
          field: "recipients",
          type: "quantitative",
          title: "recipients N (log)",
          scale: { type: "log" },
          axis: { values: sizes },
        },
        color: { field: "variant", type: "nominal", title: "allocator" },
      },
      layer: [
        {
          mark: { type: "area", opacity: 0.2 },
          encoding: {
            y: { field: "shownMin", type: "quantitative" },
            y2: { field: "shownMax" },
          },
        },
        {
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: {
            y: {
              field: "shown",
              type: "quantitative",
              title: "CPU time per run (ms, log)",
              scale: { type: "log" },
            },
          },
        },
        {
          mark: { type: "point", filled: true, size: 50 },
          encoding: { y: { field: "shown", type: "quantitative" } },
        },
      ],
    },
  };
}
