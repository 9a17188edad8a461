import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { UsageError } from "./io.js";
import { abbreviatePath, checkReplayPath, MAX_CASES } from "../../properties/property.js";
import { DEFAULT_LIMITS, type IsolationLimits } from "../verify/isolated.js";

/** The seed a run uses when none is given: fixed, so runs are deterministic by default. */
export const DEFAULT_SEED = 42;

/** Distinct failure classes reported per invariant by default. */
export const DEFAULT_MAX_FAILURES = 5;

/** Case-count profiles: a multiplier on every invariant's default number of cases. */
export const PROFILES = { quick: 0.2, ci: 1, deep: 5 } as const;
export type Profile = keyof typeof PROFILES;
export const REPORTERS = ["pretty", "json", "junit"] as const;
export type Reporter = (typeof REPORTERS)[number];

/** Everything `check` and `verify` share about which invariants run, how and how they are reported. */
export interface RunSelection {
  readonly seed: number;
  readonly suites: readonly string[];
  readonly only: readonly string[];
  readonly runs?: number;
  readonly runsFactor?: number;
  readonly path?: string;
  /** With `path`: the failure class the replayed counterexample was reported under. */
  readonly failureClass?: string;
  /** 1-based shard index and shard count. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly reporter: Reporter;
  /**
   * Report up to this many distinct failure classes per invariant, each with its own shrunk
   * counterexample (1: stop at the first failure).
   */
  readonly maxFailures: number;
  /** Directory of saved failing examples, replayed first and extended with new failures. */
  readonly corpus?: string;
  readonly timeBudgetMs?: number;
  /** With a time budget: an invariant that did not run fails the run (exit code 3). */
  readonly requireAll?: boolean;
  readonly progress?: boolean;
  /** `verify` only: judge allocation eligibility by SPEC §4 (`spec`) or the implementation's compat (`own`). */
  readonly judgeCompat?: "spec" | "own";
}

function parseSeed(v: string): number {
  if (v === "random") return (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError("must be an integer or 'random'");
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff)
    throw new InvalidArgumentError("must be a 32-bit integer");
  return n | 0;
}

export function parsePositiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
}

function parseRuns(v: string): number {
  const n = parsePositiveInt(v);
  if (n > MAX_CASES) throw new InvalidArgumentError(`must be at most ${MAX_CASES}`);
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
}

function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new InvalidArgumentError("must be i/n with 1 ≤ i ≤ n, e.g. 2/4");
  }
  return { index, count };
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, ...v.split(",").filter((s) => s !== "")];
}

/** Adds the options of a property run to a command. */
export function addRunOptions(c: Command): Command {
  return (
    c
      .option(
        "--seed <n>",
        "seed of the random inputs (integer, or 'random')",
        parseSeed,
        DEFAULT_SEED,
      )
      .option("--suite <names>", "only these suites (comma-separated, repeatable)", collect, [])
      .option("--only <ids>", "only these invariant IDs (comma-separated, repeatable)", collect, [])
      .addOption(
        new Option("--profile <name>", "how many cases: quick (×0.2), ci (×1), deep (×5)").choices(
          Object.keys(PROFILES),
        ),
      )
      .option(
        "--runs <n>",
        `exact number of cases per invariant, at most ${MAX_CASES} (overrides --profile)`,
        parseRuns,
      )
      .addOption(
        new Option(
          "--runs-factor <x>",
          "multiply every invariant's default number of cases",
        ).argParser(parsePositive),
      )
      .option(
        "--shard <i/n>",
        "run only the i-th of n deterministic parts of the selected invariants",
        parseShard,
      )
      .addOption(
        new Option("--reporter <name>", "output format").choices([...REPORTERS]).default("pretty"),
      )
      .option("--json", "same as --reporter json")
      .option(
        "--max-failures <n>",
        "report up to n distinct failure classes per invariant, each with its own counterexample (1: stop at the first)",
        parsePositiveInt,
        DEFAULT_MAX_FAILURES,
      )
      .option("--corpus <dir>", "save failing examples here and replay the saved ones first")
      .addOption(
        new Option(
          "--time-budget <seconds>",
          "total time for all invariants (each gets a fair share of what is left); those not started in time are reported as not run",
        ).argParser(parsePositive),
      )
      .option(
        "--require-all",
        "fail the run (exit code 3) when an invariant did not run, or was cut short, within the time budget",
      )
      // Checked by runSelection, not here: commander would echo a huge bad value in full.
      .option("--path <path>", "replay one counterexample (with --only ID and the failing --seed)")
      .option(
        "--failure-class <class>",
        "with --path: the failure class the counterexample was reported under (printed in replay commands)",
      )
      .option("--progress", "show a progress bar even when stderr is not a terminal")
  );
}

/** `verify`'s `--judge-compat`: which compatibility rule the allocation suites judge eligibility by. */
export function addJudgeCompatOption(c: Command): Command {
  return c.addOption(
    new Option(
      "--judge-compat <rule>",
      "judge allocation eligibility by SPEC §4 (spec) or by the implementation's own compat part (own; the default when it has one)",
    ).choices(["spec", "own"]),
  );
}

interface RawRunOptions {
  seed: number;
  suite: string[];
  only: string[];
  profile?: Profile;
  runs?: number;
  runsFactor?: number;
  shard?: { index: number; count: number };
  reporter: Reporter;
  json?: boolean;
  maxFailures: number;
  corpus?: string;
  timeBudget?: number;
  requireAll?: boolean;
  path?: string;
  failureClass?: string;
  progress?: boolean;
  judgeCompat?: "spec" | "own";
}

/** The parsed options as a RunSelection. */
export function runSelection(raw: RawRunOptions): RunSelection {
  const runsFactor =
    raw.runsFactor ?? (raw.profile !== undefined ? PROFILES[raw.profile] : undefined);
  const pathProblem = raw.path !== undefined ? checkReplayPath(raw.path) : undefined;
  if (pathProblem !== undefined)
    throw new UsageError(`--path ${abbreviatePath(raw.path ?? "")}: ${pathProblem}`);
  return {
    seed: raw.seed,
    suites: raw.suite,
    only: raw.only,
    reporter: raw.json === true ? "json" : raw.reporter,
    maxFailures: raw.maxFailures,
    ...(raw.runs !== undefined ? { runs: raw.runs } : {}),
    ...(runsFactor !== undefined ? { runsFactor } : {}),
    ...(raw.shard !== undefined ? { shard: raw.shard } : {}),
    ...(raw.corpus !== undefined ? { corpus: raw.corpus } : {}),
    ...(raw.timeBudget !== undefined ? { timeBudgetMs: raw.timeBudget * 1000 } : {}),
    ...(raw.requireAll === true ? { requireAll: true } : {}),
    ...(raw.path !== undefined ? { path: raw.path } : {}),
    ...(raw.failureClass !== undefined ? { failureClass: raw.failureClass } : {}),
    ...(raw.progress === true ? { progress: true } : {}),
    ...(raw.judgeCompat !== undefined ? { judgeCompat: raw.judgeCompat } : {}),
  };
}

/** Adds the options of `verify`'s isolation: timeouts, the worker's heap, or no isolation. */
export function addIsolationOptions(c: Command): Command {
  return c
    .addOption(
      new Option(
        "--call-timeout <seconds>",
        `one adapter call may take this long, else TIMEOUT (default ${DEFAULT_LIMITS.callTimeoutMs / 1000})`,
      ).argParser(parsePositive),
    )
    .addOption(
      new Option(
        "--case-timeout <seconds>",
        `one case (or shrinking step) may take this long, else TIMEOUT (default ${DEFAULT_LIMITS.caseTimeoutMs / 1000})`,
      ).argParser(parsePositive),
    )
    .addOption(
      new Option(
        "--load-timeout <seconds>",
        `loading the implementation in its worker may take this long, else exit 2 (default ${DEFAULT_LIMITS.loadTimeoutMs / 1000})`,
      ).argParser(parsePositive),
    )
    .addOption(
      new Option(
        "--worker-memory <MB>",
        `heap limit of the worker running the implementation, else CRASH (default ${DEFAULT_LIMITS.memoryMb})`,
      ).argParser(parsePositiveInt),
    )
    .option(
      "--in-process",
      "run the implementation in this process: no timeouts, no exit guard (for debugging only)",
    );
}

interface RawIsolationOptions {
  callTimeout?: number;
  caseTimeout?: number;
  loadTimeout?: number;
  workerMemory?: number;
  inProcess?: boolean;
}

/** The parsed isolation options. */
export function isolationOptions(raw: RawIsolationOptions): {
  inProcess: boolean;
  limits: IsolationLimits;
} {
  return {
    inProcess: raw.inProcess === true,
    limits: {
      callTimeoutMs:
        raw.callTimeout !== undefined ? raw.callTimeout * 1000 : DEFAULT_LIMITS.callTimeoutMs,
      caseTimeoutMs:
        raw.caseTimeout !== undefined ? raw.caseTimeout * 1000 : DEFAULT_LIMITS.caseTimeoutMs,
      memoryMb: raw.workerMemory ?? DEFAULT_LIMITS.memoryMb,
      loadTimeoutMs:
        raw.loadTimeout !== undefined ? raw.loadTimeout * 1000 : DEFAULT_LIMITS.loadTimeoutMs,
    },
  };
}
