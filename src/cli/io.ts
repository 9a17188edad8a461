/** Where the CLI writes; injectable so tests can capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Wall clock in ms (the CLI edge is the only place that reads it). */
  now(): number;
}

export const processIO: CliIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  now: () => performance.now(),
};

/** A user mistake: printed as one clear line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const EXIT = { ok: 0, violated: 1, usage: 2 } as const;
