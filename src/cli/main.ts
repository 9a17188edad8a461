import { Command, CommanderError } from "commander";
import { registerAuditCommand } from "./audit.js";
import { runCheck } from "./check.js";
import { EXIT, processIO, UsageError, type CliIO } from "./io.js";
import { registerModelCommands } from "./model.js";
import { registerSimulateCommand } from "./simulate.js";
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
