import { Command, CommanderError } from "commander";
import { registerAuditCommand } from "./audit.js";
import { runCheck } from "./check.js";
import { mapCliError } from "./errors.js";
import { EXIT, processIO, type CliIO } from "./io.js";
import { registerModelCommands } from "./model.js";
import { registerSimulateCommand } from "./simulate.js";
import { registerStatsCommand } from "./stats.js";
import { registerDynamicsCommand } from "./dynamics.js";
import { registerTraceCommands } from "./trace.js";
import {
  addIsolationOptions,
  addJudgeCompatOption,
  addRunOptions,
  isolationOptions,
  runSelection,
} from "./run-options.js";
import { runVerify } from "./verify.js";

export { DEFAULT_SEED } from "./run-options.js";

type RawOptions = Parameters<typeof runSelection>[0];

function program(io: CliIO, result: { code: number }): Command {
  const cmd = new Command("commons-spec")
    .description(
      "Formal spec, reference core and property checks for the Mutual-Priority Allocation Commons",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  addRunOptions(
    cmd
      .command("check")
      .description(
        "check every invariant of spec/SPEC.md against the built-in reference implementation",
      ),
  )
    .option("--list", "list the invariants and exit")
    .action(async (opts: RawOptions & { list?: boolean }) => {
      result.code = await runCheck(
        { ...runSelection(opts), ...(opts.list === true ? { list: true } : {}) },
        io,
      );
    });

  addIsolationOptions(
    addJudgeCompatOption(
      addRunOptions(
        cmd
          .command("verify")
          .description(
            "check an implementation module (TypeScript or JavaScript) against every suite it implements",
          )
          .argument(
            "<module>",
            "a module exporting defineImplementation({...}) as default or `implementation`",
          ),
      ),
    ),
  ).action(async (module: string, opts: RawOptions & Parameters<typeof isolationOptions>[0]) => {
    result.code = await runVerify(
      module,
      process.cwd(),
      runSelection(opts),
      isolationOptions(opts),
      io,
    );
  });
  registerModelCommands(cmd, io, result);
  registerSimulateCommand(cmd, io, result);
  registerTraceCommands(cmd, io, result);
  registerAuditCommand(cmd, io, result);
  registerStatsCommand(cmd, io, result);
  registerDynamicsCommand(cmd, io, result);
  return cmd;
}

/**
 * Runs the CLI; returns the exit code (0 all hold, 1 a property was violated, 2 bad input or
 * usage, 3 incomplete with --require-all, 70 an internal error): see `EXIT`.
 */
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
    // Everything else goes through the one mapping layer: user errors exit 2 naming the
    // field or file, bugs exit 70 with a hint (src/cli/errors.ts); never a stack trace.
    const mapped = mapCliError(e);
    io.err(`commons-spec: ${mapped.message}\n`);
    return mapped.exitCode;
  }
}

/**
 * Guards for the process running the CLI (bin/commons-spec.js): output piped into a reader
 * that stops early (`| head`) ends the run quietly instead of crashing with EPIPE, and an
 * error thrown outside any command (a stray timer, say) is reported like any other.
 */
export function guardProcess(): void {
  const quietOnEpipe = (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    throw e;
  };
  process.stdout.on("error", quietOnEpipe);
  process.stderr.on("error", quietOnEpipe);
  const fatal = (e: unknown) => {
    const mapped = mapCliError(e);
    try {
      process.stderr.write(`commons-spec: ${mapped.message}\n`);
    } finally {
      process.exit(mapped.exitCode);
    }
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}
