/**
 * `commons-spec simulate <scenario.json | name> [--seed N] [--out trace.itf.json] [--force]
 *  [--list] [--print name]`:
 * runs a scenario in the discrete-event simulator and prints convergence, messages by kind,
 * stamp sizes, topology and every safety check. Exit 0 when every check held, 1 when one was
 * violated, 2 on bad input — including a scenario whose estimated cost is above the limits
 * (src/engine/sim/cost.ts; `--force` runs it anyway) and an `--out` that cannot be written,
 * both found before the run starts.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import cliProgress from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import { BUILTIN_SCENARIOS, builtinScenario } from "../engine/sim/builtins.js";
import type { CostLimits } from "../engine/sim/cost.js";
import { convergenceVerdict, describeVerdict } from "../engine/sim/convergence.js";
import { runScenario, type SimulationReport } from "../engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../engine/sim/scenario.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import {
  assertAffordable,
  assertReadableSize,
  assertWritable,
  printedScenario,
  writeTraceAtomically,
} from "./simulate-guards.js";
import { addSweepOptions, runSimulateSweep, wantsSweep } from "./simulate-sweep.js";

export interface SimulateOptions {
  readonly target?: string;
  readonly seed?: number;
  readonly out?: string;
  readonly list?: boolean;
  readonly json?: boolean;
  readonly progress?: boolean;
  readonly stopOnViolation?: boolean;
  readonly traceStates?: number;
  /** Run even when the estimated cost is above the limits. */
  readonly force?: boolean;
  /** Print this built-in scenario as JSON instead of running. */
  readonly print?: string;
  /** The cost limits (default DEFAULT_COST_LIMITS; tests lower them). */
  readonly costLimits?: CostLimits;
}

function parseSeed(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError("must be an integer");
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff)
    throw new InvalidArgumentError("must be a 32-bit integer");
  return n;
}

function parsePositiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
}

/** Loads a built-in name or a JSON file; throws UsageError naming the field on a bad file. */
export function loadScenarios(target: string): {
  runs: readonly Scenario[];
  name: string;
  suite: boolean;
} {
  const builtin = builtinScenario(target);
  let doc: unknown;
  if (builtin !== undefined) doc = builtin.document;
  else {
    let text: string;
    try {
      assertReadableSize(target);
      text = readFileSync(target, "utf8");
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as { code?: unknown }).code;
      throw new UsageError(
        code === "ENOENT"
          ? `${target}: no such file and no built-in scenario of that name (see commons-spec simulate --list)`
          : `${target}: cannot read (${typeof code === "string" ? code : String(e)})`,
      );
    }
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${target}: not valid JSON (${(e as Error).message})`);
    }
  }
  const parsed = parseScenarioDocument(doc, basename(target));
  if (!parsed.ok)
    throw new UsageError(`${target}: invalid scenario\n  ${parsed.errors.join("\n  ")}`);
  return parsed;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function ms(t: number | null): string {
  if (t === null) return "—";
  return t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(1)} ms`;
}

/** The human summary of one run (convergence needs `quietMarginMs` of quiet; default 10 % of the horizon). */
export function formatReport(r: SimulationReport, quietMarginMs?: number): string {
  const lines: string[] = [];
  lines.push(`${r.scenario} — ${r.protocol}, ${r.nodes.initial} nodes, ${ms(r.duration)} virtual`);
  lines.push(`seed ${r.seed}  (replay this run: ${r.replay})`);
  const t = r.topology;
  lines.push(
    `topology: ${t.nodes} nodes, ${t.edges} edges, mean degree ${t.meanDegree.toFixed(2)}, ${t.components} component${t.components === 1 ? "" : "s"} (largest ${t.largestComponent}), diameter ${t.diameter} (${t.diameterNote})`,
  );
  if (r.topologyAfterChurn !== undefined) {
    const a = r.topologyAfterChurn;
    lines.push(
      `  after churn: ${a.nodes} live nodes, ${a.components} components, diameter ${a.diameter}${a.diameterExact ? "" : " (lower bound)"}`,
    );
  }
  const n = r.nodes;
  if (n.joins + n.leaves + n.crashes + n.dishonest > 0)
    lines.push(
      `churn: ${n.joins} joins, ${n.leaves} leaves, ${n.crashes} crashes; ${n.dishonest} dishonest nodes; ${n.alive} alive at the end`,
    );
  const c = r.convergence;
  lines.push(
    `convergence: ${describeVerdict(convergenceVerdict(r, quietMarginMs))}${c.rounds !== null ? `; ${c.rounds} rounds` : ""}`,
  );
  for (const note of c.notes) lines.push(`  ${note}`);
  const m = r.messages;
  lines.push(
    `messages: ${m.sent} sent, ${m.delivered} delivered, ${m.lost} lost, ${m.duplicated} duplicated, ${m.partitioned} dropped by partitions, ${m.toDead} to departed nodes${m.unknownTarget > 0 ? `, ${m.unknownTarget} to unknown nodes` : ""}; ${r.events} events`,
  );
  const kinds = Object.keys(r.sentByKind).sort();
  lines.push(`  by kind (sent): ${kinds.map((k) => `${k} ${r.sentByKind[k] ?? 0}`).join(", ")}`);
  if (r.stamps !== undefined)
    lines.push(
      `stamps (${r.stamps.kind === "itc" ? "ITC, Appendix-A bytes" : "vector clocks, encoded bytes"}): mean ${r.stamps.meanBytes.toFixed(1)} B, max ${r.stamps.maxBytes} B over ${r.stamps.nodes} live nodes`,
    );
  if (r.idSpace !== undefined) {
    const x = r.idSpace;
    const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
    lines.push(
      `id space (ITC, ITC-ID-1): ${pct(x.live)} held by live nodes, ${pct(x.inFlight)} in flight, ${pct(x.lost)} lost (crashes ${pct(x.lostToCrashes)}, dropped messages ${pct(x.lostToNetwork)}, leavers with no heir ${pct(x.lostNoHeir)}, unexplained ${pct(x.unexplained)})`,
    );
  }
  if (r.router !== undefined) {
    const x = r.router;
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
    lines.push(
      `router: lag rate ${pct(x.lagRate)} (lost: control ${x.lagged.control}, sync ${x.lagged.sync}, inventory ${x.lagged.inventory}, data ${x.lagged.data}), peak capacity usage ${pct(x.capacityUsage)}, duplicate rate ${pct(x.duplicateRate)} (${x.droppedDuplicates} dropped), ${x.peakPeers} peers`,
    );
    lines.push(
      `  propagation p50/p99 (ms): ${(["control", "sync", "inventory", "data"] as const).map((l) => `${l} ${x.p50[l]?.toFixed(1) ?? "—"}/${x.p99[l]?.toFixed(1) ?? "—"}`).join(", ")}`,
    );
    lines.push(`  recommendation (seed 004's decision rule): ${x.recommendation}`);
  }
  lines.push(`safety checks (every step of every node):`);
  for (const k of r.checks) {
    lines.push(
      `  ${k.held ? "✓" : "✗"} ${pad(k.id, 17)} ${pad(k.title, 88)} ${k.held ? "held" : `${k.violations} violations`}`,
    );
    if (k.first !== undefined) {
      lines.push(
        `      first at ${ms(k.first.time)} on ${k.first.node} (event ${k.first.event}): ${k.first.message}`,
      );
      lines.push(`      replay: ${r.replay} --stop-on-violation --out trace.itf.json`);
    }
  }
  lines.push(
    `${r.checks.length} checks, ${r.checks.filter((x) => x.held).length} held, ${r.checks.filter((x) => !x.held).length} violated${r.stoppedEarly ? " (stopped early)" : ""}; ${(r.wallMs / 1000).toFixed(1)} s wall`,
  );
  return `${lines.join("\n")}\n`;
}

function comparison(reports: readonly SimulationReport[]): string {
  const rows = reports.map((r) => [
    r.scenario,
    r.protocol,
    r.convergence.converged ? ms(r.convergence.time) : "no",
    r.convergence.rounds === null ? "—" : String(r.convergence.rounds),
    r.convergence.messages === null ? "—" : String(r.convergence.messages),
    String(r.messages.sent),
    r.stamps === undefined ? "—" : `${r.stamps.meanBytes.toFixed(1)} / ${r.stamps.maxBytes}`,
    r.ok ? "all held" : "violated",
  ]);
  const head = [
    "run",
    "protocol",
    "converged at",
    "rounds",
    "msgs to conv.",
    "msgs total",
    "stamp B mean/max",
    "safety",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) => r.map((x, i) => pad(x, widths[i] ?? 0)).join("  ");
  return `\ncomparison\n${fmt(head)}\n${rows.map(fmt).join("\n")}\n`;
}

export function runSimulate(o: SimulateOptions, io: CliIO, isTTY: boolean): number {
  if (o.print !== undefined) {
    io.out(printedScenario(o.print));
    return EXIT.ok;
  }
  if (o.list === true) {
    for (const b of BUILTIN_SCENARIOS) io.out(`${pad(b.name, 26)} ${b.summary}\n`);
    return EXIT.ok;
  }
  if (o.target === undefined)
    throw new UsageError("simulate: give a scenario file or a built-in name (see --list)");
  const { runs, name, suite } = loadScenarios(o.target);
  if (o.out !== undefined && suite)
    throw new UsageError("--out writes one run's trace: give one scenario, not a suite");
  // Before anything runs: the cost (refused above the limits unless --force) and --out.
  if (o.force !== true) assertAffordable(runs, name, o.costLimits);
  if (o.out !== undefined) assertWritable(o.out);
  const reports: SimulationReport[] = [];
  let traceText: string | undefined;
  for (const s of runs) {
    const showBar = o.progress === true || (o.progress !== false && isTTY);
    const bar = showBar
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${s.name ?? name} [{bar}] {percentage}% | {value}/{total} s virtual | ETA {eta_formatted}`,
            hideCursor: true,
            noTTYOutput: !isTTY,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    bar?.start(Math.ceil(s.duration / 1000), 0);
    let lastDrawn = io.now();
    const out = runScenario(s, {
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      source: o.target,
      now: io.now,
      ...(o.out !== undefined ? { traceStates: o.traceStates ?? 200_000 } : {}),
      ...(o.stopOnViolation === true ? { stopOnViolation: true } : {}),
      ...(bar !== null
        ? {
            onProgress: (t: number) => {
              bar.update(Math.floor(t / 1000));
              // Not a terminal (--progress): cli-progress draws on a timer the run never yields to.
              if (!isTTY && io.now() - lastDrawn >= 2000) {
                lastDrawn = io.now();
                bar.render();
              }
            },
          }
        : {}),
    });
    bar?.update(Math.ceil(s.duration / 1000));
    bar?.stop();
    reports.push(out.report);
    if (o.json !== true) io.out(`${suite ? "\n" : ""}${formatReport(out.report)}`);
    if (o.out !== undefined && out.trace !== undefined)
      traceText = `${JSON.stringify(out.trace)}\n`;
  }
  if (o.json === true)
    io.out(`${JSON.stringify(suite ? { name, runs: reports } : reports[0], null, 2)}\n`);
  else if (suite) io.out(comparison(reports));
  if (o.out !== undefined && traceText !== undefined) {
    writeTraceAtomically(o.out, traceText);
    io.out(`trace written to ${o.out} (ITF)\n`);
  }
  return reports.every((r) => r.ok) ? EXIT.ok : EXIT.violated;
}

/** Adds `simulate` to the program; `result.code` receives the exit code. */
export function registerSimulateCommand(
  program: Command,
  io: CliIO,
  result: { code: number },
): void {
  addSweepOptions(program.command("simulate"))
    .description(
      "run a scenario in the deterministic network simulator and check safety at every step",
    )
    .argument("[scenario]", "a scenario JSON file or a built-in name (see --list)")
    .option("--seed <n>", "seed of the run (overrides the scenario's)", parseSeed)
    .option("--out <file>", "write the run as an ITF trace (atomically)")
    .option(
      "--trace-states <n>",
      "at most this many states in the trace (default 200000)",
      parsePositiveInt,
    )
    .option("--list", "list the built-in scenarios")
    .option("--json", "print the report as JSON")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .option("--no-progress", "never show a progress bar")
    .option("--stop-on-violation", "stop at the first safety violation")
    .option("--force", "run even when the estimated cost is above the limits")
    .option("--print <name>", "print a built-in scenario as a JSON file to start from")
    .action(
      (
        target: string | undefined,
        opts: {
          seed?: number;
          out?: string;
          traceStates?: number;
          list?: boolean;
          json?: boolean;
          progress?: boolean;
          stopOnViolation?: boolean;
          force?: boolean;
          print?: string;
        },
      ) => {
        if (wantsSweep(opts)) return runSimulateSweep(target, opts, io, result);
        result.code = runSimulate(
          {
            ...(target !== undefined ? { target } : {}),
            ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
            ...(opts.out !== undefined ? { out: opts.out } : {}),
            ...(opts.traceStates !== undefined ? { traceStates: opts.traceStates } : {}),
            ...(opts.list === true ? { list: true } : {}),
            ...(opts.json === true ? { json: true } : {}),
            ...(opts.progress !== undefined ? { progress: opts.progress } : {}),
            ...(opts.stopOnViolation === true ? { stopOnViolation: true } : {}),
            ...(opts.force === true ? { force: true } : {}),
            ...(opts.print !== undefined ? { print: opts.print } : {}),
          },
          io,
          process.stderr.isTTY === true,
        );
      },
    );
}
