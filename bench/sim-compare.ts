/**
 * Simulator before/after, side by side in one process (issue 12):
 *
 *   node --expose-gc --import tsx bench/sim-compare.ts <scenario> [--baseline REV] [--duration MS]
 *        [--nodes N] [--rounds K] [--current-first]
 *
 * `<scenario>` is a built-in name or a scenario JSON file; `--duration` / `--nodes` override its
 * virtual duration and population size. The `src/` tree at REV (default 008d008, before the speed
 * work) and the working tree's `src/` are copied alike under node_modules/.cache and loaded with
 * tsx; the scenario runs K times with each (alternating, default 1), and the reports (wall time
 * aside) must be identical. Prints CPU seconds of this process per run, simulated messages per CPU
 * second, the ratio, and the retained heap per simulated node (JS heap plus array buffers after
 * the run, with the result held, minus before, over the node count; needs --expose-gc), then one
 * JSON line. The copy loaded second measured up to ×0.74 of an identical first copy (A/A runs,
 * RESULTS.md), so the baseline is loaded first unless `--current-first` is given: a change is
 * evidence only if both load orders show it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as RunModule from "../src/engine/sim/run.js";
import type * as ScenarioModule from "../src/engine/sim/scenario.js";
import type * as BuiltinsModule from "../src/engine/sim/builtins.js";

interface Impl {
  readonly name: string;
  readonly run: typeof RunModule;
  readonly scenario: typeof ScenarioModule;
  readonly builtins: typeof BuiltinsModule;
}

const args = process.argv.slice(2);
const opt = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = args[0];
if (target === undefined || target.startsWith("--")) {
  console.error(
    "usage: node --expose-gc --import tsx bench/sim-compare.ts <scenario> [--baseline REV] [--duration MS] [--nodes N] [--rounds K] [--current-first]",
  );
  process.exit(2);
}
const rev = opt("--baseline") ?? "008d008";
const rounds = Number(opt("--rounds") ?? "1");

async function load(from: string | null): Promise<Impl> {
  const cache = join(process.cwd(), "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `sim-${from ?? "work"}-`));
  if (from === null) cpSync("src", join(dir, "src"), { recursive: true });
  else execFileSync("sh", ["-c", `git archive ${from} src | tar -x -C ${dir}`]);
  const url = (p: string) => pathToFileURL(join(dir, p)).href;
  return {
    name: from ?? "current",
    run: (await import(url("src/engine/sim/run.ts"))) as typeof RunModule,
    scenario: (await import(url("src/engine/sim/scenario.ts"))) as typeof ScenarioModule,
    builtins: (await import(url("src/engine/sim/builtins.ts"))) as typeof BuiltinsModule,
  };
}

function scenarioOf(impl: Impl): ScenarioModule.Scenario {
  const doc: unknown =
    impl.builtins.builtinScenario(target as string)?.document ??
    JSON.parse(readFileSync(target as string, "utf8"));
  const d = { ...(doc as Record<string, unknown>) };
  if (opt("--duration") !== undefined) d["duration"] = Number(opt("--duration"));
  if (opt("--nodes") !== undefined)
    d["nodes"] = { ...(d["nodes"] as Record<string, unknown>), count: Number(opt("--nodes")) };
  const p = impl.scenario.parseScenarioDocument(d, "bench");
  if (!p.ok) throw new Error(p.errors.join("\n"));
  return p.runs[0] as ScenarioModule.Scenario;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  // Typed arrays' backing stores (the compact ITC trees) live outside the JS heap: count them.
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

interface Measure {
  cpuS: number;
  wallS: number;
  sent: number;
  nodes: number;
  heapPerNodeKB: number | null;
  report: string;
}

function measure(impl: Impl): Measure {
  const s = scenarioOf(impl);
  const h0 = heap();
  const w0 = performance.now();
  const c0 = cpu();
  const out = impl.run.runScenario(s);
  const cpuS = cpu() - c0;
  const wallS = (performance.now() - w0) / 1000;
  const h1 = heap();
  const nodes = out.report.nodes.initial;
  const { wallMs: _w, ...rest } = out.report;
  return {
    cpuS,
    wallS,
    sent: out.report.messages.sent,
    nodes,
    heapPerNodeKB: gc === undefined ? null : Math.round((h1 - h0) / nodes / 102.4) / 10,
    report: JSON.stringify(rest),
  };
}

const currentFirst = args.includes("--current-first");
const impls = currentFirst
  ? [await load(null), await load(rev)].reverse()
  : [await load(rev), await load(null)];
const results: Record<string, Measure[]> = { [rev]: [], current: [] };
for (let r = 0; r < rounds; r++) {
  for (const impl of r % 2 === 0 ? impls : [...impls].reverse()) {
    const m = measure(impl);
    (results[impl.name] as Measure[]).push(m);
    console.log(
      `${impl.name.padEnd(8)} ${m.nodes} nodes: ${m.sent} messages in ${m.cpuS.toFixed(1)} s CPU (${m.wallS.toFixed(1)} s wall): ${Math.round(m.sent / m.cpuS).toLocaleString("en-US")} messages/CPU-s; heap ${m.heapPerNodeKB ?? "—"} KB/node`,
    );
  }
}
const a = results[rev] as Measure[];
const b = results["current"] as Measure[];
const same = a.every((m, i) => m.report === b[i]?.report);
const rate = (ms: Measure[]) =>
  ms.reduce((t, m) => t + m.sent, 0) / ms.reduce((t, m) => t + m.cpuS, 0);
console.log(
  `${target}: ${Math.round(rate(a)).toLocaleString("en-US")} → ${Math.round(rate(b)).toLocaleString("en-US")} messages/CPU-s (×${(rate(b) / rate(a)).toFixed(2)}); reports identical: ${same}`,
);
console.log(
  JSON.stringify({
    bench: "sim-compare",
    target,
    baseline: rev,
    loadedFirst: currentFirst ? "current" : rev,
    duration: opt("--duration") ?? null,
    nodes: opt("--nodes") ?? null,
    runs: {
      [rev]: a.map(({ report: _r, ...m }) => m),
      current: b.map(({ report: _r, ...m }) => m),
    },
    ratio: rate(b) / rate(a),
    reportsIdentical: same,
  }),
);
if (!same) process.exit(1);
