/**
 * Memory per simulated node (issue 12: "memory per simulated node recorded at 10³, 10⁴, 10⁵").
 *
 *   node --expose-gc --max-old-space-size=8000 --import tsx bench/sim-memory.ts <nodes>
 *        [--startup MS] [--horizon MS] [--seed S]
 *
 * The population of `bench/sim-converge.bench.ts` (random 6-regular graph, 30 % providers,
 * log-normal latency, start jitter 1 s, stamps not merged), run for `--horizon` ms of virtual
 * time (default 3 000). Retained memory is the JS heap plus array buffers after a full GC, minus
 * the same figure before the scenario was built, over the node count: once at the first progress
 * call (every 20 000 events) at or after `--startup` ms of virtual time (default 1 000: every node
 * has started), with the run's live state (node states, agenda, messages in flight), and once
 * after the run with the result held. Also prints peak RSS (the process's maximum resident set;
 * per node: above the RSS before the scenario was built),
 * CPU seconds of the run (user + system, the GCs this bench forces included), messages and the
 * load average, then one JSON line.
 */
import { loadavg } from "node:os";
import { runScenario } from "../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../src/engine/sim/scenario.js";

const args = process.argv.slice(2);
const opt = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const nodes = Number.parseInt(args[0] ?? "", 10);
const gc = (globalThis as { gc?: () => void }).gc;
if (!Number.isInteger(nodes) || nodes <= 0 || gc === undefined) {
  console.error(
    "usage: node --expose-gc --import tsx bench/sim-memory.ts <nodes> [--startup MS] [--horizon MS] [--seed S]",
  );
  process.exit(2);
}
const startupMs = Number(opt("--startup") ?? "1000");
const horizonMs = Number(opt("--horizon") ?? "3000");
const seed = Number(opt("--seed") ?? "42");

const parsed = parseScenarioDocument(
  {
    protocol: "v2",
    duration: horizonMs,
    nodes: { count: nodes, providerFraction: 0.3, startJitterMs: 1000 },
    topology: { kind: "random-regular", degree: 6 },
    network: { latency: { dist: "lognormal", median: 40, sigma: 0.5, min: 5 } },
    v2: { stampMerge: "none" },
  },
  "sim-memory",
);
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
const scenario = parsed.runs[0] as Scenario;

const retained = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const MiB = (b: number) => b / 2 ** 20;
const load = () => loadavg().map((l) => l.toFixed(2));
const loadStart = load();

const before = retained();
const rssBefore = process.memoryUsage().rss;
let atStartup: { time: number; bytes: number } | null = null;
const c0 = cpu();
const out = runScenario(scenario, {
  seed,
  onProgress: (time) => {
    if (atStartup === null && time >= startupMs) atStartup = { time, bytes: retained() - before };
  },
});
const cpuS = cpu() - c0;
const atEnd = retained() - before;
const peakRss = process.resourceUsage().maxRSS * 1024;
const startup = atStartup as { time: number; bytes: number } | null;
const row = {
  nodes,
  seed,
  horizonS: horizonMs / 1000,
  startupAtS: startup === null ? null : Number((startup.time / 1000).toFixed(3)),
  startupMiB: startup === null ? null : Math.round(MiB(startup.bytes)),
  startupKiBPerNode: startup === null ? null : Number((startup.bytes / 1024 / nodes).toFixed(1)),
  endMiB: Math.round(MiB(atEnd)),
  endKiBPerNode: Number((atEnd / 1024 / nodes).toFixed(1)),
  peakRssMiB: Math.round(MiB(peakRss)),
  rssBeforeMiB: Math.round(MiB(rssBefore)),
  peakRssKiBPerNode: Number(((peakRss - rssBefore) / 1024 / nodes).toFixed(1)),
  cpuS: Number(cpuS.toFixed(1)),
  messagesSent: out.report.messages.sent,
  messagesPerCpuS: Math.round(out.report.messages.sent / cpuS),
  safety: out.report.ok,
  loadStart: loadStart.join(" "),
  loadEnd: load().join(" "),
};
console.log(
  `${nodes} nodes, ${row.horizonS} s virtual: heap + array buffers ${row.startupMiB ?? "—"} MiB at ${row.startupAtS ?? "—"} s (${row.startupKiBPerNode ?? "—"} KiB/node), ${row.endMiB} MiB at the end (${row.endKiBPerNode} KiB/node); peak RSS ${row.peakRssMiB} MiB (${row.rssBeforeMiB} MiB before the scenario; ${row.peakRssKiBPerNode} KiB/node above it); ${row.messagesSent} messages in ${row.cpuS} s CPU`,
);
console.log(JSON.stringify(row));
