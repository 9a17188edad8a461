/**
 * Simulator benchmark.
 *
 *   npx tsx bench/sim.bench.ts [seed] [--quick]
 *
 * 1. Throughput: simulated messages per wall second on `v2-100` (100 V2 nodes, 60 s virtual).
 * 2. Scale: V2 on random 6-regular graphs of 1 000, 10 000 and 100 000 nodes (seed-000-free
 *    populations, 30 % providers, log-normal latency), each for a virtual-time budget, with wall
 *    time, peak heap and RSS (sampled every 20 000 events), messages, and whether the network
 *    reached the seeds' convergence flag (≥ 80 % of providers with Δ denominators < ε) or
 *    settled (no allocation change ≥ ε). Stamps are not merged at these sizes
 *    (`stampMerge: "none"`): with the seed's merge they grow with the network (see part 3).
 * 3. V1 versus V2 at 10, 100 and 1 000 participants, without and with churn: messages to
 *    convergence, total messages, convergence time, stamp sizes (Appendix-A bytes for ITC with
 *    the seed's merge, encoded bytes for vector clocks).
 * Prints a final JSON line with every figure.
 */
import { runScenario, type SimulationReport } from "../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../src/engine/sim/scenario.js";
import { builtinScenario } from "../src/engine/sim/builtins.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const seed = Number.parseInt(args.find((a) => /^-?\d+$/.test(a)) ?? "42", 10);

function scenario(doc: unknown): Scenario {
  const p = parseScenarioDocument(doc, "bench");
  if (!p.ok) throw new Error(p.errors.join("\n"));
  return p.runs[0] as Scenario;
}

interface Measured {
  readonly report: SimulationReport;
  readonly wallS: number;
  readonly peakHeapMB: number;
  readonly peakRssMB: number;
}

function measure(s: Scenario): Measured {
  let peakHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const { report } = runScenario(s, {
    seed,
    now: () => performance.now(),
    onProgress: () => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    },
  });
  const m = process.memoryUsage();
  return {
    report,
    wallS: (performance.now() - t0) / 1000,
    peakHeapMB: Math.max(peakHeap, m.heapUsed) / 2 ** 20,
    peakRssMB: Math.max(peakRss, m.rss) / 2 ** 20,
  };
}

const lognormal = { dist: "lognormal", median: 40, sigma: 0.5, min: 5 };
const population = (count: number) => ({ count, providerFraction: 0.3, startJitterMs: 1000 });

const out: Record<string, unknown> = { seed, quick };

// 1. Throughput.
{
  const m = measure(scenario(builtinScenario("v2-100")?.document));
  const perS = m.report.messages.delivered / m.wallS;
  console.log(
    `throughput (v2-100): ${m.report.messages.delivered} messages delivered, ${m.report.events} events in ${m.wallS.toFixed(1)} s wall → ${Math.round(perS)} messages/s, ${Math.round(m.report.events / m.wallS)} events/s`,
  );
  out["throughput"] = {
    messagesPerSecond: Math.round(perS),
    eventsPerSecond: Math.round(m.report.events / m.wallS),
    wallS: m.wallS,
  };
}

// 2. Scale.
const scale: Record<string, unknown>[] = [];
for (const [n, virtualMs] of (quick
  ? [[1000, 10_000]]
  : [
      [1000, 60_000],
      [10_000, 5_000],
      [100_000, 600],
    ]) as [number, number][]) {
  const m = measure(
    scenario({
      protocol: "v2",
      duration: virtualMs,
      nodes: population(n),
      topology: { kind: "random-regular", degree: 6 },
      network: { latency: lognormal },
      v2: { stampMerge: "none" },
    }),
  );
  const r = m.report;
  const row = {
    nodes: n,
    virtualS: virtualMs / 1000,
    wallS: +m.wallS.toFixed(1),
    peakHeapMB: Math.round(m.peakHeapMB),
    peakRssMB: Math.round(m.peakRssMB),
    messages: r.messages.sent,
    messagesPerSecond: Math.round(r.messages.delivered / m.wallS),
    converged80: r.convergence.converged,
    settledAt: r.convergence.time,
    providersConverged: `${String(r.metrics["providersConverged"])}/${String(r.metrics["providers"])}`,
    diameter: `${r.topology.diameter}${r.topology.diameterExact ? "" : " (lower bound)"}`,
  };
  scale.push(row);
  console.log(
    `V2 ${n} nodes, ${virtualMs / 1000} s virtual: ${row.wallS} s wall, peak heap ${row.peakHeapMB} MiB, RSS ${row.peakRssMB} MiB, ${row.messages} messages (${row.messagesPerSecond}/s), 80 % flag ${row.converged80 ? "reached" : "not reached"} (${row.providersConverged}), ${r.convergence.notes[0] ?? ""}`,
  );
}
out["scale"] = scale;

// 3. V1 versus V2.
const versus: Record<string, unknown>[] = [];
for (const n of quick ? [10, 100] : [10, 100, 1000]) {
  for (const churn of [false, true]) {
    const v1Ms = 90_000 * (n >= 1000 ? 70 : 120);
    const v2Ms = n >= 1000 ? 20_000 : 60_000;
    const churnOf = (duration: number) =>
      churn
        ? {
            rates: [
              {
                kind: "join",
                perMinute: n / 5 / (duration / 60_000 / 2),
                from: duration * 0.05,
                until: duration * 0.55,
              },
              {
                kind: "leave",
                perMinute: n / 10 / (duration / 60_000 / 2),
                from: duration * 0.05,
                until: duration * 0.55,
              },
              {
                kind: "crash",
                perMinute: n / 10 / (duration / 60_000 / 2),
                from: duration * 0.05,
                until: duration * 0.55,
              },
            ],
          }
        : { events: [], rates: [] };
    const common = {
      nodes: population(n),
      topology: { kind: "random-regular", degree: 6 },
      network: { latency: lognormal },
    };
    const v1 = measure(
      scenario({ protocol: "v1", duration: v1Ms, ...common, churn: churnOf(v1Ms) }),
    );
    const v2 = measure(
      scenario({
        protocol: "v2",
        duration: v2Ms,
        ...common,
        churn: churnOf(v2Ms),
        v2: { stampMerge: n >= 1000 ? "none" : "join" },
      }),
    );
    for (const [label, m] of [
      ["V1", v1],
      ["V2", v2],
    ] as const) {
      const r = m.report;
      const row = {
        protocol: label,
        participants: n,
        churn,
        joins: r.nodes.joins,
        departures: r.nodes.leaves + r.nodes.crashes,
        converged: r.convergence.converged,
        convergedAtS: r.convergence.time === null ? null : +(r.convergence.time / 1000).toFixed(1),
        rounds: r.convergence.rounds,
        messagesToConvergence: r.convergence.messages,
        messagesTotal: r.messages.sent,
        virtualS: r.duration / 1000,
        stampKind: r.stamps?.kind ?? null,
        stampMeanBytes: r.stamps === undefined ? null : +r.stamps.meanBytes.toFixed(1),
        stampMaxBytes: r.stamps?.maxBytes ?? null,
        stampMerge: label === "V2" ? (n >= 1000 ? "none" : "join") : "vclock",
        safe: r.ok,
        wallS: +m.wallS.toFixed(1),
      };
      versus.push(row);
      console.log(
        `${label} n=${n}${churn ? " +churn" : ""}: converged ${row.converged ? `at ${row.convergedAtS} s` : "no"}${row.rounds !== null ? ` (${row.rounds} rounds)` : ""}, ${row.messagesToConvergence ?? "—"} messages to convergence, ${row.messagesTotal} total in ${row.virtualS} s virtual, stamps mean ${row.stampMeanBytes} B max ${row.stampMaxBytes} B (${row.stampKind}, ${row.stampMerge}), safety ${row.safe ? "held" : "VIOLATED"}, ${row.wallS} s wall`,
      );
    }
  }
}
out["v1VsV2"] = versus;
console.log(JSON.stringify(out));
