import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { runCheck } from "./check.js";
import { runVerify } from "./verify.js";
import { EXIT, processIO, UsageError, type CliIO } from "./io.js";

/** The seed a run uses when none is given: fixed, so runs are deterministic by default. */
export const DEFAULT_SEED = 42;

function parseSeed(v: string): number {
  if (v === "random") return (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError("must be an integer or 'random'");
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff)
    throw new InvalidArgumentError("must be a 32-bit integer");
  return n | 0;
}

function parsePositiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new InvalidArgumentError("must be a positive integer");
  return Number(v);
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, ...v.split(",").filter((s) => s !== "")];
}

function program(io: CliIO, result: { code: number }): Command {
  const cmd = new Command("commons-spec")
    .description(
      "Formal spec, reference core and property checks for the Mutual-Priority Allocation Commons",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  cmd
    .command("check")
    .description(
      "check every invariant of spec/SPEC.md against the built-in reference implementation",
    )
    .option(
      "--seed <n>",
      "seed of the random inputs (integer, or 'random')",
      parseSeed,
      DEFAULT_SEED,
    )
    .option("--suite <names>", "only these suites (comma-separated, repeatable)", collect, [])
    .option("--only <ids>", "only these invariant IDs (comma-separated, repeatable)", collect, [])
    .option("--runs <n>", "exact number of cases per invariant", parsePositiveInt)
    .addOption(
      new Option(
        "--runs-factor <x>",
        "multiply every invariant's default number of cases",
      ).argParser(parsePositive),
    )
    .option("--path <path>", "replay one counterexample (with --only ID and the failing --seed)")
    .option("--list", "list the invariants and exit")
    .option("--json", "print the outcomes as JSON")
    .action(
      (opts: {
        seed: number;
        suite: string[];
        only: string[];
        runs?: number;
        runsFactor?: number;
        path?: string;
        list?: boolean;
        json?: boolean;
      }) => {
        result.code = runCheck(
          {
            seed: opts.seed,
            suites: opts.suite,
            only: opts.only,
            ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
            ...(opts.runsFactor !== undefined ? { runsFactor: opts.runsFactor } : {}),
            ...(opts.path !== undefined ? { path: opts.path } : {}),
            ...(opts.list === true ? { list: true } : {}),
            ...(opts.json === true ? { json: true } : {}),
          },
          io,
        );
      },
    );
  cmd
    .command("verify")
    .description(
      "check an implementation module (TypeScript or JavaScript) against every suite it implements",
    )
    .argument(
      "<module>",
      "a module exporting defineImplementation({...}) as default or `implementation`",
    )
    .option(
      "--seed <n>",
      "seed of the random inputs (integer, or 'random')",
      parseSeed,
      DEFAULT_SEED,
    )
    .option("--suite <names>", "only these suites (comma-separated, repeatable)", collect, [])
    .option("--only <ids>", "only these invariant IDs (comma-separated, repeatable)", collect, [])
    .option("--runs <n>", "exact number of cases per invariant", parsePositiveInt)
    .option("--path <path>", "replay one counterexample (with --only ID and the failing --seed)")
    .addOption(
      new Option(
        "--time-budget <seconds>",
        "total time for all invariants; each gets a share",
      ).argParser(parsePositive),
    )
    .option("--json", "print the outcomes as JSON")
    .action(
      async (
        module: string,
        opts: {
          seed: number;
          suite: string[];
          only: string[];
          runs?: number;
          path?: string;
          timeBudget?: number;
          json?: boolean;
        },
      ) => {
        result.code = await runVerify(
          {
            module,
            cwd: process.cwd(),
            seed: opts.seed,
            suites: opts.suite,
            only: opts.only,
            ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
            ...(opts.path !== undefined ? { path: opts.path } : {}),
            ...(opts.timeBudget !== undefined ? { timeBudgetMs: opts.timeBudget * 1000 } : {}),
            ...(opts.json === true ? { json: true } : {}),
          },
          io,
        );
      },
    );
  return cmd;
}

/** Runs the CLI; returns the exit code (0 all hold, 1 a property was violated, 2 bad input or usage). */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const result = { code: EXIT.ok as number };
  const cmd = program(io, result);
  if (argv.length === 0) {
    io.err(cmd.helpInformation());
    return EXIT.usage;
  }
  try {
    await cmd.parseAsync([...argv], { from: "user" });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      return e.code === "commander.helpDisplayed" || e.code === "commander.version"
        ? EXIT.ok
        : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`commons-spec: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
