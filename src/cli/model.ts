/**
 * `commons-spec model …`: the explicit-state model checker on the models of models/.
 *
 *   commons-spec model list
 *   commons-spec model check-expected [--quick] [--workers W]
 *   commons-spec model <Name> [--config <name|file.json>] [--max-states N] [--max-depth D]
 *                             [--memory-mb M] [--no-deadlock] [--no-liveness] [--progress]
 *                             [--workers W]
 *                             [--simulate [--seed N] [--depth D] [--walks W]]
 *                             [--out cex.itf.json] [--expect [--quick]]
 *
 * Exit codes: 0 every property held (or the run stopped at a budget without finding a
 * violation; the summary says it is partial), 1 a violation, deadlock or liveness failure (or,
 * with --expect / check-expected, a result that differs from the recorded one), 2 bad usage.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import {
  CATALOGUE as MODELS,
  CATALOGUE_NAMES as MODEL_NAMES,
  type RegisteredModel,
} from "../../models/registry.js";
import { packageClaimLabels } from "../audit/labels.js";
import { checkModel, type CheckOptions } from "../engine/checker/bfs.js";
import { compareWithExpected } from "../engine/checker/expected.js";
import {
  counterexampleToItf,
  formatCounterexample,
  formatSimulationSummary,
  formatSummary,
} from "../engine/checker/report.js";
import type { Counterexample, ProgressReport } from "../engine/checker/result.js";
import { simulate } from "../engine/checker/simulate.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

/** What the command needs to know about its terminal; injectable for tests. */
export interface ModelCliEnv {
  /** Whether stderr is a terminal (progress is shown on terminals, or with --progress). */
  readonly stderrIsTTY: boolean;
}

export interface ModelCommandOptions {
  readonly config?: string;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly memoryMb?: number;
  readonly workers?: number;
  readonly simulate?: boolean;
  readonly seed: number;
  readonly depth: number;
  readonly walks: number;
  readonly out?: string;
  readonly deadlock: boolean;
  readonly liveness: boolean;
  readonly progress?: boolean;
  readonly expect?: boolean;
  readonly quick?: boolean;
}

/** The seed of simulation runs when none is given. */
export const DEFAULT_SIMULATION_SEED = 42;

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
}

function nonNegativeInt(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError("must be a non-negative integer");
  return Number(v);
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("must be a positive number");
  return n;
}

function seed32(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError("must be an integer");
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff)
    throw new InvalidArgumentError("must be a 32-bit integer");
  return n | 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects (arrays and scalars of `over` replace those of `base`). */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

function findModel(name: string): RegisteredModel<unknown, unknown> {
  const m =
    MODELS[name] ??
    Object.values(MODELS).find((x) => x.model.name.toLowerCase() === name.toLowerCase());
  if (m === undefined)
    throw new UsageError(
      `unknown model "${name}" (known: ${MODEL_NAMES.join(", ")}; or list, check-expected)`,
    );
  return m;
}

/** Resolves --config: a configuration name of the model, or a JSON file merged over the default. */
export function resolveConfig(
  m: RegisteredModel<unknown, unknown>,
  arg: string | undefined,
): { name: string; config: unknown } {
  const name = arg ?? m.defaultConfig;
  const entry = m.configs[name];
  if (entry !== undefined) return { name, config: entry.config };
  if (!name.endsWith(".json") && !existsSync(name))
    throw new UsageError(
      `--config: ${m.model.name} has no configuration "${name}" (known: ${Object.keys(m.configs).join(", ")}; or a .json file)`,
    );
  let text: string;
  try {
    text = readFileSync(name, "utf8");
  } catch (e) {
    throw new UsageError(
      `--config: cannot read ${name} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config: ${name} is not valid JSON (${(e as Error).message})`);
  }
  const base = (m.configs[m.defaultConfig] as { config: unknown }).config;
  const parsed = m.configSchema.safeParse(merge(base, json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new UsageError(
      `--config: ${name}: ${path === "" ? "" : `${path}: `}${issue?.message ?? "invalid configuration"}`,
    );
  }
  return { name, config: parsed.data };
}

/** Writes `text` to `path` atomically: a temporary file in the same directory, then a rename. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(
      `--out: cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
}

function progressPrinter(io: CliIO, enabled: boolean, tty: boolean) {
  let shown = false;
  const line = (r: ProgressReport) =>
    `${r.distinctStates} distinct, ${r.generatedStates} generated, depth ${r.depth}, queue ${r.queueSize}, ${Math.round(r.statesPerSecond)} states/s, ${(r.elapsedMs / 1000).toFixed(1)} s`;
  return {
    report: enabled
      ? (r: ProgressReport) => {
          shown = true;
          io.err(tty ? `\r${line(r)}\u001b[K` : `progress: ${line(r)}\n`);
        }
      : undefined,
    done: () => {
      if (shown && tty) io.err("\r\u001b[K");
    },
  };
}

function printCounterexample(
  io: CliIO,
  m: RegisteredModel<unknown, unknown>,
  cex: Counterexample<unknown>,
  out: string | undefined,
  meta: Readonly<Record<string, unknown>>,
): void {
  io.out(`\n${formatCounterexample(m.model, cex)}`);
  if (out !== undefined) {
    writeAtomically(out, `${JSON.stringify(counterexampleToItf(m.model, cex, meta), null, 2)}\n`);
    io.out(`counterexample written to ${out} (ITF)\n`);
  }
}

function runOne(
  m: RegisteredModel<unknown, unknown>,
  o: ModelCommandOptions,
  io: CliIO,
  env: ModelCliEnv,
): number {
  const { name: configName, config } = resolveConfig(m, o.config);
  const title = `${m.model.name} (config ${configName})`;
  const progress = progressPrinter(io, o.progress === true || env.stderrIsTTY, env.stderrIsTTY);
  if (o.simulate === true) {
    const r = simulate(m.model, config, {
      seed: o.seed,
      depth: o.depth,
      walks: o.walks,
      checkDeadlock: o.deadlock,
      now: io.now,
      ...(progress.report !== undefined ? { onProgress: progress.report } : {}),
    });
    progress.done();
    io.out(formatSimulationSummary(r, title));
    if (r.counterexample === undefined) {
      if (o.out !== undefined) io.out(`no counterexample: ${o.out} not written\n`);
      return EXIT.ok;
    }
    printCounterexample(io, m, r.counterexample, o.out, {
      config: configName,
      mode: "simulation",
      seed: o.seed,
      walk: r.counterexample.walk,
    });
    io.out(
      `replay: commons-spec model ${m.model.name} --config ${configName} --simulate --seed ${o.seed} --depth ${o.depth} --walks ${r.walks}\n`,
    );
    return EXIT.violated;
  }
  const options: CheckOptions = {
    checkDeadlock: o.deadlock,
    checkLiveness: o.liveness,
    now: io.now,
    ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
    ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
    ...(o.memoryMb !== undefined ? { memoryBudgetBytes: o.memoryMb * 1024 * 1024 } : {}),
    ...(progress.report !== undefined ? { onProgress: progress.report } : {}),
    ...(o.workers !== undefined && o.workers > 1 && m.source !== undefined
      ? { workers: o.workers, source: m.source }
      : {}),
  };
  const r = checkModel(m.model, config, options);
  progress.done();
  io.out(formatSummary(r, title));
  if (r.counterexample === undefined) {
    if (o.out !== undefined) io.out(`no counterexample: ${o.out} not written\n`);
    return EXIT.ok;
  }
  printCounterexample(io, m, r.counterexample, o.out, { config: configName, mode: "bfs" });
  return EXIT.violated;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function listModels(io: CliIO): number {
  for (const name of MODEL_NAMES) {
    const m = MODELS[name] as RegisteredModel<unknown, unknown>;
    io.out(`${name}  (default config: ${m.defaultConfig})\n  ${m.model.doc}\n`);
    for (const [cn, e] of Object.entries(m.configs)) {
      const x = e.expected;
      const tags = [e.mustFail === true ? "must fail" : "", e.slow === true ? "slow" : ""]
        .filter((t) => t !== "")
        .join(", ");
      const what = [
        x.verdict,
        x.property ?? "",
        x.distinctStates !== undefined ? `${x.distinctStates} states` : "",
        x.depth !== undefined ? `depth ${x.depth}` : "",
        x.counterexampleStates !== undefined
          ? `counterexample ${x.counterexampleStates} states`
          : "",
      ]
        .filter((t) => t !== "")
        .join(", ");
      io.out(
        `${`    ${pad(cn, 24)} ${pad(what, 72)} ${tags === "" ? "" : `(${tags})`}`.trimEnd()}\n`,
      );
    }
  }
  return EXIT.ok;
}

/** Runs every configuration of the given models and compares with the recorded results. */
function checkExpected(
  names: readonly string[],
  quick: boolean,
  io: CliIO,
  workers?: number,
): number {
  let failures = 0;
  let runs = 0;
  const started = io.now();
  // What each line means for the design documents' claims ("— refutes S0-14").
  const labels = packageClaimLabels();
  for (const name of names) {
    const m = MODELS[name] as RegisteredModel<unknown, unknown>;
    for (const [cn, e] of Object.entries(m.configs)) {
      if (quick && e.slow === true) {
        io.out(`  - ${pad(`${name} ${cn}`, 40)} skipped (slow; run without --quick)\n`);
        continue;
      }
      runs++;
      const t0 = io.now();
      // With --workers, the worker threads are started once and kept for every search.
      const r = checkModel(m.model, e.config, {
        now: io.now,
        ...(workers !== undefined && workers > 1 && m.source !== undefined
          ? { workers, source: m.source }
          : {}),
      });
      const diffs = compareWithExpected(r, e.expected);
      const secs = ((io.now() - t0) / 1000).toFixed(1);
      const what =
        r.verdict === "ok"
          ? `ok, ${r.distinctStates} states, depth ${r.depth}`
          : `${r.verdict} ${r.counterexample?.property ?? ""}, ${r.distinctStates} states${e.mustFail === true ? " (must fail: fails as recorded)" : ""}`;
      const claimNote = labels?.model(name, cn, diffs.length === 0);
      const tail = claimNote === undefined ? "" : ` — ${claimNote}`;
      if (diffs.length === 0) io.out(`  ✓ ${pad(`${name} ${cn}`, 40)} ${what}  ${secs} s${tail}\n`);
      else {
        failures++;
        io.out(`  ✗ ${pad(`${name} ${cn}`, 40)} ${diffs.join("; ")}  ${secs} s${tail}\n`);
      }
    }
  }
  const secs = ((io.now() - started) / 1000).toFixed(1);
  io.out(
    `${runs} configurations run, ${runs - failures} as recorded, ${failures} different (${secs} s)\n`,
  );
  return failures === 0 ? EXIT.ok : EXIT.violated;
}

/**
 * Adds `model` to a commander program. Errors the user can fix throw UsageError (the caller
 * prints one line and exits 2); the exit code of a run is stored in `result.code`.
 */
export function registerModelCommands(
  program: Command,
  io: CliIO,
  result: { code: number },
  env: ModelCliEnv = { stderrIsTTY: process.stderr.isTTY === true },
): void {
  program
    .command("model")
    .description(
      "model-check a TLA+-style model of models/ (breadth-first, or random walks with --simulate); 'model list' lists them, 'model check-expected' re-checks every recorded result",
    )
    .argument("<name>", "a model name, or 'list', or 'check-expected'")
    .option(
      "--config <name|file.json>",
      "a configuration of the model, or a JSON file merged over its default",
    )
    .option(
      "--max-states <n>",
      "stop (partial result) beyond this many distinct states",
      positiveInt,
    )
    .option(
      "--max-depth <d>",
      "do not expand states at this depth (depth-bounded mode)",
      nonNegativeInt,
    )
    .option(
      "--memory-mb <m>",
      "stop (partial result) when the checker's memory estimate exceeds this",
      positiveNumber,
    )
    .option(
      "--workers <w>",
      "expand states on this many threads: this one and W − 1 worker threads, kept for every search of check-expected (same results; models with a layout, without liveness)",
      positiveInt,
    )
    .option("--no-deadlock", "do not report deadlocks")
    .option("--no-liveness", "do not check liveness properties")
    .option("--simulate", "random walks instead of breadth-first search")
    .option("--seed <n>", "seed of the random walks", seed32, DEFAULT_SIMULATION_SEED)
    .option("--depth <d>", "steps per random walk", positiveInt, 100)
    .option("--walks <w>", "number of random walks", positiveInt, 1000)
    .option("--out <file>", "write the counterexample as an ITF trace (JSON)")
    .option("--progress", "print progress to stderr even when it is not a terminal")
    .option(
      "--expect",
      "run every configuration of the model and compare with the recorded results",
    )
    .option("--quick", "with --expect or check-expected: skip the slow configurations")
    .action((name: string, opts: ModelCommandOptions) => {
      if (name === "list") {
        result.code = listModels(io);
        return;
      }
      if (name === "check-expected") {
        result.code = checkExpected(MODEL_NAMES, opts.quick === true, io, opts.workers);
        return;
      }
      const m = findModel(name);
      if (opts.expect === true) {
        result.code = checkExpected([m.model.name], opts.quick === true, io, opts.workers);
        return;
      }
      result.code = runOne(m, opts, io, env);
    });
}
