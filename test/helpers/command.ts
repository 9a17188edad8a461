import { Command, CommanderError } from "commander";
import { EXIT, UsageError, type CliIO } from "../../src/cli/io.js";
import { capture } from "./capture.js";

/** What a command run printed, and its exit code. */
export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `commons-spec <argv>` with only the commands `register` adds, handling errors as
 * src/cli/main.ts does for user mistakes (a `UsageError` is printed and exits 2; commander's
 * own errors exit 2, its help 0). Anything else is rethrown, so that a crash fails the test.
 */
export async function runCommand(
  register: (program: Command, io: CliIO, result: { code: number }) => void,
  argv: string[],
  io: ReturnType<typeof capture> = capture(),
): Promise<CommandRun> {
  const result = { code: EXIT.ok as number };
  const program = new Command("commons-spec")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  register(program, io, result);
  let code: number;
  try {
    await program.parseAsync(argv, { from: "user" });
    code = result.code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`commons-spec: ${e.message}\n`);
      code = EXIT.usage;
    } else if (e instanceof CommanderError)
      code = e.code === "commander.helpDisplayed" ? EXIT.ok : EXIT.usage;
    else throw e;
  }
  return { code, out: io.stdout(), err: io.stderr() };
}
