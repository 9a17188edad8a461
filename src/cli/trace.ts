/**
 * `commons-spec trace validate <log.ndjson | trace.itf.json> --model <Name>`: does some behaviour
 * of the model explain a recorded log (SPEC.md §12.1)?
 *
 *   commons-spec trace validate <file> --model <Name> [--config <name|file.json>]
 *                               [--max-frontier N] [--no-stutter] [--json]
 *                               [--max-entries N] [--time-budget S] [--progress | --no-progress]
 *
 * The file is NDJSON (one entry per line), an ITF trace of the model (as `commons-spec model
 * … --out` writes), or — for the models that drive the protocol code — a simulator trace
 * (`commons-spec simulate … --out`), whose recorded seed replaces the configuration's.
 *
 * Exit codes: 0 the log is explained; 1 an entry cannot be matched, or the candidate states
 * outgrew --max-frontier before the end (not shown to be explained); 2 bad input (unknown
 * model or configuration, unreadable file, a malformed entry — named by line or field);
 * 3 incomplete: the time budget (default 600 s) or the entry limit (default 10⁶) stopped the
 * validation before the end of the log, with no mismatch up to there (never a pass).
 */
import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { InvalidArgumentError, type Command } from "commander";
import { CATALOGUE, CATALOGUE_NAMES, type RegisteredModel } from "../../models/registry.js";
import { isLiftedModel } from "../engine/checker/machine-model.js";
import { parseLog } from "../engine/checker/trace-log.js";
import {
  DEFAULT_MAX_FRONTIER,
  formatValidation,
  validateTrace,
} from "../engine/checker/trace-validate.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { resolveConfig } from "./model.js";

export interface TraceValidateOptions {
  readonly model: string;
  readonly config?: string;
  readonly maxFrontier?: number;
  readonly stutter: boolean;
  readonly json?: boolean;
  readonly maxEntries?: number;
  /** Seconds. */
  readonly timeBudget?: number;
  /** true: draw the bar even when stderr is not a terminal; false: never. */
  readonly progress?: boolean;
}

/** Defaults of the budgets: a CI run of `trace validate` never runs unbounded. */
export const DEFAULT_MAX_ENTRIES = 1_000_000;
export const DEFAULT_TRACE_TIME_BUDGET_S = 600;
/** Logs shorter than this get no progress bar unless --progress asks for one. */
const BAR_FROM_ENTRIES = 1000;

function positiveSeconds(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || !Number.isFinite(n))
    throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
}

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
}

function findModel(name: string): RegisteredModel<unknown, unknown> {
  const m =
    CATALOGUE[name] ??
    Object.values(CATALOGUE).find((x) => x.model.name.toLowerCase() === name.toLowerCase());
  if (m === undefined)
    throw new UsageError(`--model: unknown model "${name}" (known: ${CATALOGUE_NAMES.join(", ")})`);
  return m;
}

/** Errors shown for a bad log (the first few; the count of the rest). */
const SHOWN_ERRORS = 10;

/** Validates one log file against a model; returns the exit code. */
export function runTraceValidate(file: string, o: TraceValidateOptions, io: CliIO): number {
  const m = findModel(o.model);
  const resolved = resolveConfig(m, o.config);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  const lifted = isLiftedModel(m.model);
  const parsed = parseLog(text, file, m.model, lifted);
  if (!parsed.ok) {
    const more = parsed.errors.length - SHOWN_ERRORS;
    throw new UsageError(
      `${file}: invalid log\n  ${parsed.errors.slice(0, SHOWN_ERRORS).join("\n  ")}${more > 0 ? `\n  (${more} more)` : ""}`,
    );
  }
  let config = resolved.config;
  let seedNote = "";
  if (parsed.format === "simulator" && parsed.seed !== undefined && isLiftedModel(m.model)) {
    config = m.model.withSeed(config, parsed.seed);
    seedNote = `, seed ${parsed.seed} from the trace`;
  }
  const total = parsed.entries.length;
  const tty = io.progress?.isTTY === true;
  const bar =
    io.progress !== undefined &&
    o.progress !== false &&
    (o.progress === true || (tty && total >= BAR_FROM_ENTRIES))
      ? new cliProgress.SingleBar(
          {
            stream: io.progress.stream,
            format: `${file} [{bar}] {percentage}% | {value}/{total} entries | ETA {eta_formatted}`,
            hideCursor: true,
            noTTYOutput: !tty,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(total, 0);
  let lastDrawn = io.now();
  const r = validateTrace(m.model, config, parsed.entries, {
    stutter: o.stutter,
    maxFrontier: o.maxFrontier ?? DEFAULT_MAX_FRONTIER,
    now: io.now,
    maxEntries: o.maxEntries ?? DEFAULT_MAX_ENTRIES,
    timeBudgetMs: (o.timeBudget ?? DEFAULT_TRACE_TIME_BUDGET_S) * 1000,
    ...(bar !== undefined
      ? {
          onProgress: (n: number) => {
            bar.update(n);
            // Not a terminal: cli-progress draws on a timer the validation never yields to.
            if (!tty && io.now() - lastDrawn >= 2000) {
              lastDrawn = io.now();
              bar.render();
            }
          },
        }
      : {}),
  });
  bar?.stop();
  if (o.json === true)
    io.out(
      `${JSON.stringify(
        { file, format: parsed.format, config: resolved.name, ...r },
        (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v),
        2,
      )}\n`,
    );
  else
    io.out(
      formatValidation(
        r,
        `${m.model.name} (config ${resolved.name}${seedNote}), ${file} (${parsed.format}, ${parsed.entries.length} entries)`,
      ),
    );
  return r.verdict === "ok"
    ? EXIT.ok
    : r.verdict === "incomplete"
      ? EXIT.incomplete
      : EXIT.violated;
}

/** Adds `trace validate` to the program; `result.code` receives the exit code. */
export function registerTraceCommands(program: Command, io: CliIO, result: { code: number }): void {
  const trace = program
    .command("trace")
    .description("work with recorded traces and logs (trace validate)");
  trace
    .command("validate")
    .description(
      "decide whether some behaviour of a model explains a log (NDJSON entries, an ITF trace, or a simulator trace for models that drive the protocol code)",
    )
    .argument("<file>", "a log: .ndjson (one entry per line) or an ITF trace (.itf.json)")
    .requiredOption("--model <name>", "the model (see commons-spec model list)")
    .option(
      "--config <name|file.json>",
      "a configuration of the model, or a JSON file merged over its default",
    )
    .option(
      "--max-frontier <n>",
      `give up (exit 1, partial result) beyond this many candidate states (default ${DEFAULT_MAX_FRONTIER})`,
      positiveInt,
    )
    .option("--no-stutter", "an entry without an action must be a step (no stuttering)")
    .option("--json", "print the result as JSON")
    .option(
      "--max-entries <n>",
      `validate at most this many entries; a longer log is incomplete (exit 3) after them (default ${DEFAULT_MAX_ENTRIES})`,
      positiveInt,
    )
    .option(
      "--time-budget <seconds>",
      `stop as incomplete (exit 3) after this long (default ${DEFAULT_TRACE_TIME_BUDGET_S})`,
      positiveSeconds,
    )
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .option("--no-progress", "never show a progress bar")
    .action((file: string, opts: TraceValidateOptions) => {
      result.code = runTraceValidate(file, opts, io);
    });
}
