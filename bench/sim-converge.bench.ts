/**
 * A large V2 network run until it settles (issue 3: "a 10 000-node V2 network to convergence").
 *
 *   node --max-old-space-size=8000 --import tsx bench/sim-converge.bench.ts [nodes] [virtualSeconds] [seed]
 *
 * Defaults: 10 000 nodes, 120 s of virtual time, seed 42. The population is the scale part of
 * `bench/sim.bench.ts` (random 6-regular graph, 30 % providers, log-normal latency, start
 * jitter 1 s, stamps not merged). The run lasts the whole virtual budget; the report says when
 * the last allocation change ≥ ε happened (settled) and from when ≥ 80 % of providers had
 * converged (the seeds' criterion: first reached, and held from then to the end). Prints CPU
 * seconds of this process for the run alone (user + system, set-up included, module loading
 * excluded), wall time, messages per CPU-second, peak heap (sampled on progress), peak RSS (the
 * process's maximum resident set), the load average at start and end, and one JSON line.
 */
import { loadavg } from "node:os";
import { runScenario } from "../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../src/engine/sim/scenario.js";

const [nodesArg, secondsArg, seedArg] = process.argv.slice(2);
const nodes = Number.parseInt(nodesArg ?? "10000", 10);
const virtualMs = Number.parseFloat(secondsArg ?? "120") * 1000;
const seed = Number.parseInt(seedArg ?? "42", 10);

const parsed = parseScenarioDocument(
  {
    protocol: "v2",
    duration: virtualMs,
    nodes: { count: nodes, providerFraction: 0.3, startJitterMs: 1000 },
    topology: { kind: "random-regular", degree: 6 },
    network: { latency: { dist: "lognormal", median: 40, sigma: 0.5, min: 5 } },
    v2: { stampMerge: "none" },
  },
  "sim-converge",
);
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
const scenario = parsed.runs[0] as Scenario;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => loadavg().map((l) => l.toFixed(2));
const loadStart = load();
console.log(
  `seed ${seed}: V2, ${nodes} nodes, ${virtualMs / 1000} s virtual; load average ${loadStart.join(" ")}`,
);
let peakHeap = 0;
let lastPrint = 0;
const t0 = performance.now();
const c0 = cpu();
const { report } = runScenario(scenario, {
  seed,
  now: () => performance.now(),
  onProgress: (time, duration) => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    const wall = performance.now() - t0;
    if (wall - lastPrint > 60_000) {
      lastPrint = wall;
      console.log(
        `  ${(time / 1000).toFixed(1)} / ${duration / 1000} s virtual after ${(cpu() - c0).toFixed(0)} s CPU, ${(wall / 1000).toFixed(0)} s wall, RSS ${Math.round(m.rss / 2 ** 20)} MiB, load ${load()[0]}`,
      );
    }
  },
});
const cpuS = cpu() - c0;
const wallS = (performance.now() - t0) / 1000;
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
// maxRSS is in KiB: the process's peak, not a sample.
const peakRss = process.resourceUsage().maxRSS * 1024;
// The criterion's times, from the report's note (the report keeps them as text only).
const criterionNote = report.convergence.notes.find((n) => n.includes("first reached at")) ?? "";
const secondsOf = (s: string | undefined): number | null => {
  if (s === undefined) return null;
  const m = /^([\d.]+) (s|ms)$/.exec(s.trim());
  return m === null ? null : Number(m[1]) / (m[2] === "s" ? 1 : 1000);
};
const heldFrom = /from (.+?) on \((\d+) messages\)/.exec(criterionNote);
const firstAt = /first reached at (.+)$/.exec(criterionNote);
const row = {
  seed,
  nodes,
  virtualS: virtualMs / 1000,
  cpuS: Number(cpuS.toFixed(1)),
  wallS: Number(wallS.toFixed(1)),
  loadStart: loadStart.join(" "),
  loadEnd: load().join(" "),
  peakHeapMiB: Math.round(peakHeap / 2 ** 20),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  messagesSent: report.messages.sent,
  messagesDelivered: report.messages.delivered,
  messagesPerCpuS: Math.round(report.messages.sent / cpuS),
  converged80: report.convergence.converged,
  criterionFirstAtS: secondsOf(firstAt?.[1]),
  criterionHeldFromS: secondsOf(heldFrom?.[1]),
  messagesToCriterionHeld: heldFrom === null ? null : Number(heldFrom[2]),
  settledAtS: report.convergence.time === null ? null : report.convergence.time / 1000,
  messagesToSettle: report.convergence.messages,
  providersConverged: `${String(report.metrics["providersConverged"])}/${String(report.metrics["providers"])}`,
  safety: report.ok,
};
for (const n of report.convergence.notes) console.log(`  ${n}`);
console.log(
  `${nodes} nodes: ${row.cpuS} s CPU (${row.wallS} s wall), peak heap ${row.peakHeapMiB} MiB, peak RSS ${row.peakRssMiB} MiB, ${row.messagesSent} messages (${row.messagesPerCpuS} per CPU-s), criterion first at ${row.criterionFirstAtS ?? "—"} s, held from ${row.criterionHeldFromS ?? "—"} s, safety checks ${row.safety ? "all hold" : "VIOLATED"}`,
);
console.log(JSON.stringify(row));
