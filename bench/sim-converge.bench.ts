/**
 * A large V2 network run until it settles (issue 3: "a 10 000-node V2 network to convergence").
 *
 *   node --max-old-space-size=8000 --import tsx bench/sim-converge.bench.ts [nodes] [virtualSeconds] [seed]
 *
 * Defaults: 10 000 nodes, 120 s of virtual time, seed 42. The population is the scale part of
 * `bench/sim.bench.ts` (random 6-regular graph, 30 % providers, log-normal latency, start
 * jitter 1 s, stamps not merged). The run lasts the whole virtual budget; the report says when
 * the last allocation change ≥ ε happened (settled) and from when ≥ 80 % of providers had
 * converged. Prints wall time, peak heap and RSS (sampled on progress), messages and one JSON
 * line.
 */
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

console.log(`seed ${seed}: V2, ${nodes} nodes, ${virtualMs / 1000} s virtual`);
let peakHeap = 0;
let peakRss = 0;
let lastPrint = 0;
const t0 = performance.now();
const { report } = runScenario(scenario, {
  seed,
  now: () => performance.now(),
  onProgress: (time, duration) => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    const wall = performance.now() - t0;
    if (wall - lastPrint > 60_000) {
      lastPrint = wall;
      console.log(
        `  ${(time / 1000).toFixed(1)} / ${duration / 1000} s virtual after ${(wall / 1000).toFixed(0)} s wall, RSS ${Math.round(m.rss / 2 ** 20)} MiB`,
      );
    }
  },
});
const wallS = (performance.now() - t0) / 1000;
const m = process.memoryUsage();
peakHeap = Math.max(peakHeap, m.heapUsed);
peakRss = Math.max(peakRss, m.rss);
const row = {
  seed,
  nodes,
  virtualS: virtualMs / 1000,
  wallS: Number(wallS.toFixed(1)),
  peakHeapMiB: Math.round(peakHeap / 2 ** 20),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  messagesSent: report.messages.sent,
  messagesPerSecond: Math.round(report.messages.delivered / wallS),
  converged80: report.convergence.converged,
  settledAtS: report.convergence.time === null ? null : report.convergence.time / 1000,
  messagesToSettle: report.convergence.messages,
  providersConverged: `${String(report.metrics["providersConverged"])}/${String(report.metrics["providers"])}`,
  safety: report.ok,
};
for (const n of report.convergence.notes) console.log(`  ${n}`);
console.log(
  `${nodes} nodes: ${row.wallS} s wall, peak heap ${row.peakHeapMiB} MiB, RSS ${row.peakRssMiB} MiB, ${row.messagesSent} messages (${row.messagesPerSecond}/s), safety checks ${row.safety ? "all hold" : "VIOLATED"}`,
);
console.log(JSON.stringify(row));
