import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";

/** The seed a run uses when none is given: fixed, so runs are deterministic by default. */
export const DEFAULT_SEED = 42;

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
  /** 1-based shard index and shard count. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly reporter: Reporter;
  /** Directory of saved failing examples, replayed first and extended with new failures. */
  readonly corpus?: string;
  readonly timeBudgetMs?: number;
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
  return c
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
      "exact number of cases per invariant (overrides --profile)",
      parsePositiveInt,
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
    .option("--corpus <dir>", "save failing examples here and replay the saved ones first")
    .addOption(
      new Option(
        "--time-budget <seconds>",
        "total time for all invariants; each gets a share",
      ).argParser(parsePositive),
    )
    .option("--path <path>", "replay one counterexample (with --only ID and the failing --seed)")
    .option("--progress", "show a progress bar even when stderr is not a terminal");
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
  corpus?: string;
  timeBudget?: number;
  path?: string;
  progress?: boolean;
  judgeCompat?: "spec" | "own";
}

/** The parsed options as a RunSelection. */
export function runSelection(raw: RawRunOptions): RunSelection {
  const runsFactor =
    raw.runsFactor ?? (raw.profile !== undefined ? PROFILES[raw.profile] : undefined);
  return {
    seed: raw.seed,
    suites: raw.suite,
    only: raw.only,
    reporter: raw.json === true ? "json" : raw.reporter,
    ...(raw.runs !== undefined ? { runs: raw.runs } : {}),
    ...(runsFactor !== undefined ? { runsFactor } : {}),
    ...(raw.shard !== undefined ? { shard: raw.shard } : {}),
    ...(raw.corpus !== undefined ? { corpus: raw.corpus } : {}),
    ...(raw.timeBudget !== undefined ? { timeBudgetMs: raw.timeBudget * 1000 } : {}),
    ...(raw.path !== undefined ? { path: raw.path } : {}),
    ...(raw.progress === true ? { progress: true } : {}),
    ...(raw.judgeCompat !== undefined ? { judgeCompat: raw.judgeCompat } : {}),
  };
}
