import type { CliIO } from "../../src/cli/io.js";

/** A CliIO that records what the CLI prints, for assertions. */
export function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    now: () => performance.now(),
    stdout: () => out,
    stderr: () => err,
  };
}
