/**
 * Allocation bench workloads (seeded): `sparse` spreads slots over 60 days and 20 cities
 * (bench/workload.ts); `dense` has no windows and no locations, so every need slot is
 * compatible with every capacity slot.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { AllocationInput } from "../src/core/schemas/allocation.js";
import { makeSlot, workloadRng } from "./workload.js";

export const SLOTS = 100;
export const NEEDS = 10;

export type AllocationWorkload = "sparse" | "dense";

export function allocationWorkload(
  kind: AllocationWorkload,
  seed: number,
  recipients: number,
  slots = SLOTS,
  needs = NEEDS,
): AllocationInput {
  const rng = workloadRng(seed);
  const slot = (id: string, maxHours: number, maxRadiusKm: number) =>
    kind === "sparse"
      ? makeSlot(rng, id, maxHours, maxRadiusKm)
      : { id, quantity: uniformInt(rng, 1, 10) };
  const capacity_slots = Array.from({ length: slots }, (_, i) => ({
    ...slot(`a${i}`, 8, 30),
    quantity: 2_000,
  }));
  const out: AllocationInput["recipients"] = [];
  for (let r = 0; r < recipients; r++) {
    const u = uniformFloat64(rng);
    const mutual = u < 0.6;
    out.push({
      pubKey: `r${r}`,
      need_slots: Array.from({ length: needs }, (_, k) => slot(`n${k}`, 4, 15)),
      mr: mutual ? 0.001 + 0.999 * uniformFloat64(rng) : 0,
      share: 0.001 + 0.999 * uniformFloat64(rng),
      damping_factor: [1, 1, 1, 0.8, 0.5][Math.floor(uniformFloat64(rng) * 5)] ?? 1,
    });
  }
  return { provider: { pubKey: "provider", capacity_slots }, recipients: out };
}

export interface Timing {
  /** Median wall-clock time, ms. */
  readonly wallMs: number;
  /** Median CPU time of the process (user + system), ms: less sensitive to other tenants. */
  readonly cpuMs: number;
  readonly runs: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Runs fn once to warm up (unless warmup is false), then `runs` times; medians of wall and CPU time. */
export function timeRuns(fn: () => unknown, runs: number, warmup = true): Timing {
  if (warmup) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: round1(median(wall)), cpuMs: round1(median(cpu)), runs };
}

export const fmt = (t: Timing): string =>
  `${t.wallMs.toFixed(1).padStart(8)} ms wall ${t.cpuMs.toFixed(1).padStart(8)} ms cpu`;

/** One recipient's commitment changed: MR (or share) scaled, every need quantity moved. */
export function changedRecipient<R extends AllocationInput["recipients"][number]>(
  r: R,
  k: number,
): R {
  return {
    ...r,
    mr: r.mr > 0 ? Math.min(1, Math.max(0.001, r.mr * (k % 2 === 0 ? 0.5 : 1.5))) : 0,
    share: r.mr > 0 ? r.share : Math.min(1, r.share * 1.25),
    need_slots: r.need_slots.map((n, j) => ({ ...n, quantity: ((n.quantity + j + k) % 10) + 1 })),
  };
}
