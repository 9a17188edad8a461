/** Where the CLI writes; injectable so tests can capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Wall clock in ms (the CLI edge is the only place that reads it). */
  now(): number;
  /** Where a progress bar may be drawn, and whether it is a terminal (absent in tests). */
  readonly progress?: { readonly stream: NodeJS.WritableStream; readonly isTTY: boolean };
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  now: () => performance.now(),
  progress: { stream: process.stderr, isTTY: process.stderr.isTTY === true },
};

/** A user mistake: printed as one clear line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The exit-code contract (README § Exit codes): 0 every check held; 1 a property was violated;
 * 2 bad input or usage (the message names the field, option or file); 3 with `--require-all`,
 * an invariant did not run or was cut short (the time budget was spent first); 70 an internal error of
 * commons-spec (a bug: one line and a hint, the stack with COMMONS_SPEC_DEBUG=1).
 */
export const EXIT = { ok: 0, violated: 1, usage: 2, incomplete: 3, internal: 70 } as const;
