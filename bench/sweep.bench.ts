/**
 * Parallel sweeps (issue 12): the same plan — a scenario over several seeds — run with 1, 2, …
 * worker threads in one process, one after the other, so the ratios come from one run. Checks
 * that every worker count gives the same report for every seed (wall time aside) and prints
 * wall times, speed-ups and one JSON line.
 *
 *   node --import tsx bench/sweep.bench.ts [scenario] [seeds] [workers…] [--sequential] [--dist]
 *
 * Defaults: v2-100, seeds 1..8, workers 1,2. A worker count may be repeated (1,2,2,1: the
 * machine's load drifts, an ABBA order cancels a linear drift); speed-ups use each count's mean
 * wall time. `--sequential` adds the plain in-process loop
 * (runScenario per seed on the main thread, as `simulate --seed` runs) as the baseline;
 * `--dist` loads the engine (and so the workers) from the built package in dist/ instead of
 * from src/ through tsx.
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { loadScenarios } from "../src/cli/simulate.js";

import type * as SweepNs from "../src/engine/sim/sweep.js";

type SweepModule = typeof SweepNs;

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const [target = "v2-100", seedsText = "1..8", workersText = "1,2"] = args.filter(
  (a) => !a.startsWith("--"),
);
const mod = (await import(
  flags.has("--dist") ? "../dist/src/engine/sim/sweep.js" : "../src/engine/sim/sweep.js"
)) as SweepModule;

const seeds = mod.parseSeedList(seedsText);
if (!seeds.ok) throw new Error(seeds.error);
const { runs, name } = loadScenarios(target);
const planned = mod.planSweep(runs, name, target, [], seeds.value);
if (!planned.ok) throw new Error(planned.error.join("\n"));
const plan = planned.value;
const workerCounts = workersText.split(",").map(Number);

console.log(
  `${name}: ${plan.points.length} runs (seeds ${seedsText}); ${availableParallelism()} cores, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}; engine from ${flags.has("--dist") ? "dist/" : "src/ (tsx)"}`,
);

/** A report as text without its wall time, to compare worker counts. */
function key(r: { wallMs: number }): string {
  const { wallMs: _w, ...rest } = r;
  return JSON.stringify(rest);
}

/** CPU time of the whole process (every thread, workers included), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const rows: {
  mode: string;
  wallMs: number;
  cpuRunMs: number;
  processCpuMs: number;
  load: number;
}[] = [];
let reference: string[] | undefined;
const same = (keys: string[]) => {
  reference ??= keys;
  return keys.every((k, i) => k === reference?.[i]);
};
let allSame = true;

if (flags.has("--sequential")) {
  const t0 = performance.now();
  const c0 = cpuMs();
  const keys = plan.points.map((p) => key(mod.runSweepPoint(p, { now: () => performance.now() })));
  const wall = performance.now() - t0;
  allSame &&= same(keys);
  rows.push({
    mode: "in-process loop",
    wallMs: wall,
    cpuRunMs: wall,
    processCpuMs: cpuMs() - c0,
    load: loadavg()[0] ?? 0,
  });
  console.log(`in-process loop: ${(wall / 1000).toFixed(1)} s`);
}
for (const w of workerCounts) {
  const t0 = performance.now();
  const c0 = cpuMs();
  const out = await mod.runSweep(plan, { workers: w });
  const wall = performance.now() - t0;
  const cpu = cpuMs() - c0;
  const keys = out.results.map((r) => {
    if (r?.ok !== true)
      throw new Error(`run ${r?.index} failed: ${r?.ok === false ? r.error : "missing"}`);
    return key(r.report);
  });
  const cpuRun = out.results.reduce((s, r) => s + (r?.ok === true ? r.report.wallMs : 0), 0);
  allSame &&= same(keys);
  rows.push({
    mode: `${w} worker${w === 1 ? "" : "s"}`,
    wallMs: wall,
    cpuRunMs: cpuRun,
    processCpuMs: cpu,
    load: loadavg()[0] ?? 0,
  });
  console.log(
    `${w} worker${w === 1 ? "" : "s"}: ${(wall / 1000).toFixed(1)} s wall, ${(cpu / 1000).toFixed(1)} s CPU (${(cpu / wall).toFixed(2)} cores busy on average), Σ per-run wall ${(cpuRun / 1000).toFixed(1)} s, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
  );
}
const modes = [...new Set(rows.map((r) => r.mode))].map((mode) => {
  const rs = rows.filter((r) => r.mode === mode);
  return {
    mode,
    walls: rs.map((r) => r.wallMs),
    meanWallMs: rs.reduce((a, r) => a + r.wallMs, 0) / rs.length,
    /** CPU seconds per wall second: how many cores the mode kept busy. */
    coresBusy: rs.reduce((a, r) => a + r.processCpuMs, 0) / rs.reduce((a, r) => a + r.wallMs, 0),
  };
});
const base = modes.find((m) => m.mode === "1 worker") ?? modes[0];
console.log(
  "\nmode              mean wall   runs of it (s)          speed-up vs 1 worker   cores busy",
);
for (const m of modes)
  console.log(
    `${m.mode.padEnd(16)}  ${`${(m.meanWallMs / 1000).toFixed(1)} s`.padStart(9)}   ${m.walls
      .map((w) => (w / 1000).toFixed(1))
      .join(", ")
      .padEnd(
        22,
      )}  ${`${((base?.meanWallMs ?? m.meanWallMs) / m.meanWallMs).toFixed(2)}×`.padEnd(21)}  ${m.coresBusy.toFixed(2)}`,
  );
console.log(`identical reports for every seed across modes: ${allSame ? "yes" : "NO"}`);
const cpu = cpus()[0];
console.log(
  JSON.stringify({
    bench: "sweep",
    scenario: name,
    seeds: seedsText,
    machine: `${cpus().length} × ${cpu?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    rows,
    modes: modes.map((m) => ({ ...m, speedup: (base?.meanWallMs ?? m.meanWallMs) / m.meanWallMs })),
    identical: allSame,
  }),
);
if (!allSame) process.exitCode = 1;
