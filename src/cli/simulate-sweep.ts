/**
 * `commons-spec simulate <scenario> --seeds 1..K [--sweep key=a,b …] [--workers N]
 * [--quiet-margin MS] [--json]`: runs the scenario over several seeds (and a grid of scenario
 * fields) on worker threads and prints one row per run and, per grid point, the spread over
 * seeds (SPEC.md §13.2). Exit 0 when every check held in every run, 1 when one was violated or
 * a run failed, 2 on bad input, 3 when interrupted (Ctrl-C: the finished runs are reported).
 */
import cliProgress from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import { defaultQuietMargin } from "../engine/sim/convergence.js";
import {
  formatParam,
  parseSeedList,
  parseSweepAxis,
  planSweep,
  runSweep,
  type SweepAxis,
} from "../engine/sim/sweep.js";
import {
  summarizeGroups,
  sweepRow,
  SWEEP_CONFIDENCE,
  type GroupSummary,
  type SpreadSummary,
  type SweepRow,
} from "../engine/sim/sweep-summary.js";
import type { SimulationReport } from "../engine/sim/run.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { formatReport, loadScenarios } from "./simulate.js";
import { assertAffordable } from "./simulate-guards.js";

interface SweepCliOptions {
  readonly seeds?: readonly number[];
  readonly sweep?: readonly SweepAxis[];
  readonly workers?: number;
  readonly quietMargin?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  readonly stopOnViolation?: boolean;
  readonly force?: boolean;
}

function seedsArg(v: string): readonly number[] {
  const r = parseSeedList(v);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  return r.value;
}

function sweepArg(v: string, prev: readonly SweepAxis[] | undefined): readonly SweepAxis[] {
  const r = parseSweepAxis(v);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  const p = r.value.path.join(".");
  if ((prev ?? []).some((a) => a.path.join(".") === p))
    throw new InvalidArgumentError(`${r.value.key} is swept twice`);
  return [...(prev ?? []), r.value];
}

function workersArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1024)
    throw new InvalidArgumentError("must be an integer from 1 to 1024");
  return Number(v);
}

function marginArg(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v.trim());
  if (m === null) throw new InvalidArgumentError("must be a duration like 5000, 5000ms or 5s");
  return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
}

/** Adds --seeds, --sweep, --workers and --quiet-margin to `simulate`. */
export function addSweepOptions(cmd: Command): Command {
  return cmd
    .option(
      "--seeds <list>",
      "run every seed of the list (1..8, 1,5,9 or 1..4,10) on worker threads and report the spread",
      seedsArg,
    )
    .option(
      "--sweep <key=values>",
      "also vary a scenario field (nodes.count=50,100 · network.loss=0:0.1:0.05 · n, loss, duplicate); repeatable: the grid is every combination",
      sweepArg,
    )
    .option(
      "--workers <n>",
      "worker threads for --seeds/--sweep (default: one per core)",
      workersArg,
    )
    .option(
      "--quiet-margin <ms>",
      "a run converged only if it then stayed quiet this long before the horizon (default 10 % of it; 5000, 5s)",
      marginArg,
    );
}

/** Whether the options ask for a sweep (otherwise `simulate` runs as before). */
export function wantsSweep(opts: object): boolean {
  const o = opts as SweepCliOptions;
  return o.seeds !== undefined || o.sweep !== undefined || o.quietMargin !== undefined;
}

function pad(s: string, n: number, right = false): string {
  if (s.length >= n) return s;
  return right ? " ".repeat(n - s.length) + s : s + " ".repeat(n - s.length);
}

function ms(t: number | null): string {
  if (t === null) return "—";
  return t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t % 1 === 0 ? 0 : 1)} ms`;
}

/** Times of one table in one unit: seconds (2 decimals) when the horizon is 10 s or more. */
function timeIn(horizonMs: number): (t: number | null) => string {
  return (t) =>
    t === null ? "—" : horizonMs >= 10_000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(1)} ms`;
}

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[],
): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: readonly string[]) =>
    r
      .map((x, i) => pad(x, widths[i] ?? 0, right[i] === true))
      .join("  ")
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join("\n");
}

const STATUS_TEXT: Record<SweepRow["status"], string> = {
  converged: "converged",
  "at-end": "censored: too little quiet",
  "not-converged": "censored: criterion not met",
  "n/a": "n/a",
  error: "error",
};

function rowTable(rows: readonly SweepRow[]): string {
  const t = timeIn(rows[0]?.horizonMs ?? 0);
  return table(
    [
      "seed",
      "convergence",
      "last change",
      "quiet after",
      "msgs to conv.",
      "msgs sent",
      "stamp B max",
      "safety",
      "wall",
    ],
    rows.map((r) => [
      String(r.seed),
      STATUS_TEXT[r.status],
      t(r.convergedAt),
      t(r.quietMs),
      r.messagesToConvergence === null ? "—" : String(r.messagesToConvergence),
      r.messagesSent === null ? "—" : String(r.messagesSent),
      r.stampMaxBytes === null ? "—" : String(r.stampMaxBytes),
      r.status === "error" ? "—" : r.ok ? "held" : `✗ ${r.checksViolated.join(", ")}`,
      r.wallMs === null ? "—" : `${(r.wallMs / 1000).toFixed(1)} s`,
    ]),
    [true, false, true, true, true, true, true, false, true],
  );
}

const pct = (x: number) => `${(100 * x).toFixed(1).replace(/\.0$/, "")} %`;

function spreadCells(
  s: SpreadSummary,
  show: (v: number) => string,
  beyond: string,
): [string, string, string, string] {
  if (s.n === 0) return ["—", "—", "—", "—"];
  const v = (x: number | null) => (x === null ? beyond : show(x));
  const ci =
    s.ci === null
      ? "—"
      : `[${v(s.ci.lower)}, ${v(s.ci.upper)}] (${pct(s.ci.coverage)}${s.ci.attained ? "" : ", too few runs for 95 %"})`;
  return [v(s.median), ci, v(s.min), v(s.max)];
}

function groupTitle(g: Pick<GroupSummary, "run" | "params">, suite: boolean): string {
  const params = g.params.map(formatParam).join(" ");
  return [suite ? g.run : "", params].filter((x) => x !== "").join(" · ");
}

function aggregateText(g: GroupSummary, margin: number | undefined): string {
  const lines: string[] = [];
  const m = margin ?? defaultQuietMargin(g.horizonMs);
  const good = g.runs - g.errors;
  if (g.converged !== null) {
    const c = g.converged;
    lines.push(
      `converged (criterion held, then quiet ≥ ${ms(m)} before the ${ms(g.horizonMs)} horizon): ${c.k}/${c.n} runs (${pct(SWEEP_CONFIDENCE)} CI ${pct(c.lower)}–${pct(c.upper)}, Clopper–Pearson); censored: ${g.atEnd} met the criterion at the end but last changed less than ${ms(m)} before it, ${g.notConverged} did not meet it`,
    );
  }
  lines.push(
    `safety: every check held in ${g.safetyHeld}/${good} runs${g.errors > 0 ? `; ${g.errors} runs failed` : ""}`,
  );
  const beyondHorizon = `> ${ms(g.horizonMs)}`;
  const time = (v: number) => timeIn(g.horizonMs)(v);
  const count = (v: number) => String(Math.round(v * 10) / 10);
  const rows: string[][] = [
    [
      "convergence time",
      String(g.convergenceTime.n),
      ...spreadCells(g.convergenceTime, time, beyondHorizon),
    ],
    ["quiet after the last change", String(g.quietTime.n), ...spreadCells(g.quietTime, time, "—")],
    [
      "messages to convergence",
      String(g.messagesToConvergence.n),
      ...spreadCells(g.messagesToConvergence, count, "censored"),
    ],
    [
      "messages sent (whole run)",
      String(g.messagesSent.n),
      ...spreadCells(g.messagesSent, count, "—"),
    ],
    [
      "stamp bytes, max over nodes",
      String(g.stampMaxBytes.n),
      ...spreadCells(g.stampMaxBytes, count, "—"),
    ],
    [
      "stamp bytes, mean over nodes",
      String(g.stampMeanBytes.n),
      ...spreadCells(g.stampMeanBytes, (v) => v.toFixed(1), "—"),
    ],
  ].filter((r) => r[1] !== "0");
  lines.push(
    table(
      [
        "metric",
        "runs",
        "median",
        `${pct(SWEEP_CONFIDENCE)} CI of the median (coverage)`,
        "min",
        "max",
      ],
      rows,
      [false, true, true, false, true, true],
    ),
  );
  return lines.join("\n");
}

function comparisonText(groups: readonly GroupSummary[], suite: boolean): string {
  return table(
    [
      "grid point",
      "converged",
      "median conv. time",
      "95 % CI",
      "median msgs sent",
      "median stamp B max",
      "safety",
    ],
    groups.map((g) => {
      const [med, ci] = spreadCells(g.convergenceTime, ms, `> ${ms(g.horizonMs)}`);
      const [msgs] = spreadCells(g.messagesSent, (v) => String(Math.round(v)), "—");
      const [stamp] = spreadCells(g.stampMaxBytes, (v) => String(Math.round(v)), "—");
      return [
        groupTitle(g, suite) || g.run,
        g.converged === null ? "n/a" : `${g.converged.k}/${g.converged.n}`,
        med,
        ci.replace(/ \(.*\)$/, ""),
        msgs,
        stamp,
        `${g.safetyHeld}/${g.runs - g.errors}${g.errors > 0 ? ` (${g.errors} failed)` : ""}`,
      ];
    }),
    [false, true, true, false, true, true, true],
  );
}

function seedsText(seeds: readonly number[]): string {
  if (seeds.length > 2 && seeds.every((s, i) => i === 0 || s === (seeds[i - 1] as number) + 1))
    return `${seeds[0]}..${seeds.at(-1)}`;
  return seeds.join(",");
}

/** Runs `simulate` as a sweep; sets `result.code`. */
export async function runSimulateSweep(
  target: string | undefined,
  rawOpts: object,
  io: CliIO,
  result: { code: number },
): Promise<void> {
  const o = rawOpts as SweepCliOptions;
  if (target === undefined)
    throw new UsageError("simulate: give a scenario file or a built-in name (see --list)");
  if (o.out !== undefined)
    throw new UsageError(
      "--out writes one run's trace: not with --seeds/--sweep/--quiet-margin (replay one run with --seed S --out FILE)",
    );
  if (o.seed !== undefined && o.seeds !== undefined)
    throw new UsageError("give --seed (one run) or --seeds (several), not both");
  const { runs, name, suite } = loadScenarios(target);
  const seedList = o.seeds ?? (o.seed !== undefined ? [o.seed] : undefined);
  const planned = planSweep(runs, name, target, o.sweep ?? [], seedList);
  if (!planned.ok)
    throw new UsageError(`${target}: invalid sweep\n  ${planned.error.join("\n  ")}`);
  const plan = planned.value;
  // Every grid point's scenario is costed before anything runs, as a single run is.
  if (o.force !== true)
    assertAffordable(
      plan.points.filter((p) => p.seed === plan.points[0]?.seed).map((p) => p.scenario),
      name,
    );
  const total = plan.points.length;

  const stream = io.progress?.stream ?? process.stderr;
  const isTTY = io.progress?.isTTY ?? false;
  const showBar = o.progress === true || (o.progress !== false && isTTY);
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          stream,
          format: `${name} [{bar}] {percentage}% | {done}/{total} runs | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
          noTTYOutput: !isTTY,
          notTTYSchedule: 2000,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(1000, 0, { done: 0, total });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  let outcome: Awaited<ReturnType<typeof runSweep>>;
  try {
    outcome = await runSweep(plan, {
      ...(o.workers !== undefined ? { workers: o.workers } : {}),
      ...(o.stopOnViolation === true ? { stopOnViolation: true } : {}),
      signal: abort.signal,
      onProgress: (p) => bar?.update(Math.floor(1000 * p.fraction), { done: p.done, total }),
    });
  } finally {
    process.removeListener("SIGINT", onSigint);
    bar?.stop();
  }
  const rows = outcome.results.flatMap((r) =>
    r === undefined ? [] : [sweepRow(plan, r, o.quietMargin)],
  );
  const groups = summarizeGroups(rows);
  const finished = rows.length;
  const failed = rows.some((r) => r.status === "error" || !r.ok);
  result.code = outcome.interrupted ? EXIT.incomplete : failed ? EXIT.violated : EXIT.ok;

  if (o.json === true) {
    const reports = outcome.results.map((r) => (r?.ok === true ? r.report : null));
    io.out(
      `${JSON.stringify(
        {
          scenario: name,
          target,
          seeds: plan.seeds,
          sweep: plan.axes.map((a) => ({ key: a.key, path: a.path.join("."), values: a.values })),
          quietMarginMs: o.quietMargin ?? null,
          quietMarginDefault: o.quietMargin === undefined ? "10 % of each run's horizon" : null,
          confidence: SWEEP_CONFIDENCE,
          workers: outcome.workers,
          planned: total,
          finished,
          interrupted: outcome.interrupted,
          groups: groups.map((g) => ({
            ...g,
            rows: rows.filter((r) => r.run === g.run && r.gridIndex === g.gridIndex),
          })),
          reports,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (total === 1 && finished === 1 && outcome.results[0]?.ok === true) {
    // One run (--quiet-margin alone, or a replay line): the full report, as `simulate --seed`.
    io.out(formatReport(outcome.results[0].report as SimulationReport, o.quietMargin));
    return;
  }
  const lines: string[] = [];
  const gridPoints = plan.axes.reduce((k, a) => k * a.values.length, 1);
  const seedCount = total / runs.length / gridPoints;
  lines.push(
    `${name}: ${total} runs = ${suite ? `${runs.length} scenarios × ` : ""}${gridPoints > 1 ? `${gridPoints} grid points × ` : ""}${seedCount} seed${seedCount === 1 ? "" : "s"} (${seedsText(plan.seeds)}), on ${outcome.workers} worker thread${outcome.workers === 1 ? "" : "s"}`,
  );
  if (outcome.interrupted)
    lines.push(`interrupted: ${finished} of ${total} runs finished; the tables show those`);
  for (const g of groups) {
    const gr = rows.filter((r) => r.run === g.run && r.gridIndex === g.gridIndex);
    const title = groupTitle(g, suite);
    lines.push("");
    if (title !== "") lines.push(`── ${title}`);
    lines.push(rowTable(gr));
    for (const r of gr.filter((x) => x.error !== undefined))
      lines.push(`  seed ${r.seed}: ${(r.error ?? "").split("\n")[0]}`);
    if (gr.length > 1) lines.push("", aggregateText(g, o.quietMargin));
    const example =
      gr.find((r) => r.status === "at-end" || r.status === "not-converged" || !r.ok) ?? gr[0];
    if (example !== undefined) lines.push(`replay one run: ${example.replay}`);
  }
  if (groups.length > 1) {
    lines.push("");
    lines.push("comparison (medians over seeds; censored runs count as beyond the horizon)");
    lines.push(comparisonText(groups, suite));
  }
  lines.push("");
  lines.push(
    `CI: distribution-free ${pct(SWEEP_CONFIDENCE)} interval for the median from order statistics (with n runs, [x(l), x(u)] with l, u from Binomial(n, ½); coverage shown). A run counts as converged only if the criterion held at the end and it stayed quiet for the margin (--quiet-margin); other runs are censored, never averaged in.`,
  );
  io.out(`${lines.join("\n")}\n`);
}
