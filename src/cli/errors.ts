/**
 * The one place where an error that escaped a command becomes text and an exit code.
 *
 * A user error (bad arguments, a bad input file, a scenario the simulator cannot build, a
 * file that cannot be read or written) exits 2 with one clear message naming the field path
 * or the file; it never prints a stack trace. Anything else is a bug of commons-spec: it exits
 * 70 (EX_SOFTWARE) with a one-line message and a hint; the stack trace is printed only when
 * the environment variable COMMONS_SPEC_DEBUG is set (to anything but "" or "0").
 */
import { z } from "zod";
import { CoreError, formatPath } from "../core/errors.js";
import { TopologyError } from "../engine/sim/topology.js";
import { EXIT, UsageError } from "./io.js";

/** The environment variable that makes an internal error print its stack trace. */
export const DEBUG_ENV = "COMMONS_SPEC_DEBUG";

/** What the CLI prints for an error, and the exit code it calls for. */
export interface MappedError {
  readonly exitCode: number;
  /** One or more lines, without the `commons-spec: ` prefix and without a final newline. */
  readonly message: string;
}

/** What each errno code means to a user, for the codes a file operation commonly meets. */
const FS_CODES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as object, {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EBUSY: "resource busy",
  EXDEV: "cannot rename across file systems",
  EINVAL: "invalid argument",
  ETXTBSY: "text file busy",
});

const SYSCALL_VERB: Readonly<Record<string, string>> = Object.assign(
  Object.create(null) as object,
  {
    open: "open",
    read: "read",
    write: "write",
    rename: "rename",
    mkdir: "create the directory",
    rmdir: "remove the directory",
    unlink: "remove",
    scandir: "read the directory",
    stat: "read",
    lstat: "read",
    access: "access",
  },
);

interface ErrnoLike {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

function errnoOf(e: unknown): ErrnoLike | undefined {
  if (!(e instanceof Error)) return undefined;
  const x = e as Error & { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown };
  if (typeof x.code !== "string" || FS_CODES[x.code] === undefined) return undefined;
  // Only errors of a file operation: they carry the syscall (and usually the path).
  if (typeof x.syscall !== "string") return undefined;
  return {
    code: x.code,
    syscall: x.syscall,
    ...(typeof x.path === "string" ? { path: x.path } : {}),
    ...(typeof x.dest === "string" ? { dest: x.dest } : {}),
  };
}

function safeMessage(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return typeof e === "symbol" ? e.toString() : String(e);
  } catch {
    return "(an error whose message cannot be read)";
  }
}

function zodIssues(e: z.core.$ZodError): string {
  const issues = e.issues.slice(0, 5).map((i) => {
    const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    return `${formatPath(path)}: ${i.message}`;
  });
  const more = e.issues.length > 5 ? `\n  (and ${e.issues.length - 5} more)` : "";
  return `invalid input\n  ${issues.join("\n  ")}${more}`;
}

/**
 * Maps an error that escaped a command to its message and exit code (see the module comment).
 * Never throws, whatever was thrown.
 */
export function mapCliError(e: unknown, env: NodeJS.ProcessEnv = process.env): MappedError {
  let user: MappedError | undefined;
  try {
    user = userError(e);
  } catch {
    user = undefined; // a hostile value (a Proxy whose traps throw, say): not a user error
  }
  return user ?? internalError(e, env);
}

/** The message and exit code 2 of a user error; undefined for anything else. */
function userError(e: unknown): MappedError | undefined {
  if (e instanceof UsageError) return { exitCode: EXIT.usage, message: safeMessage(e) };
  if (e instanceof CoreError) {
    const msg = safeMessage(e);
    const path = formatPath(e.path);
    // Core messages usually name the path already; add it when they do not.
    const named = e.path.length === 0 || msg.includes(path) ? msg : `${path}: ${msg}`;
    return { exitCode: EXIT.usage, message: `${named} (${e.code})` };
  }
  if (e instanceof TopologyError) {
    const where = e.field !== undefined ? `topology.${e.field}` : "topology";
    return { exitCode: EXIT.usage, message: `scenario: ${where}: ${safeMessage(e)}` };
  }
  if (e instanceof z.core.$ZodError) return { exitCode: EXIT.usage, message: zodIssues(e) };
  const fs = errnoOf(e);
  if (fs !== undefined) {
    const verb = (fs.syscall !== undefined ? SYSCALL_VERB[fs.syscall] : undefined) ?? "use";
    const what =
      fs.path !== undefined
        ? `${fs.path}${fs.dest !== undefined ? ` to ${fs.dest}` : ""}`
        : "a file";
    return {
      exitCode: EXIT.usage,
      message: `cannot ${verb} ${what}: ${fs.code} (${FS_CODES[fs.code] ?? ""})`,
    };
  }
  return undefined;
}

function internalError(e: unknown, env: NodeJS.ProcessEnv): MappedError {
  // A bug of commons-spec (or of the environment): one line, a hint, the stack on request.
  let name = "Error";
  try {
    name = e instanceof Error ? String(e.name) : `a thrown ${typeof e}`;
  } catch {
    // keep "Error"
  }
  let first = "";
  try {
    first = safeMessage(e).split("\n")[0] ?? "";
  } catch {
    first = "(unreadable)";
  }
  const debug = env[DEBUG_ENV] !== undefined && env[DEBUG_ENV] !== "" && env[DEBUG_ENV] !== "0";
  let stack = "";
  if (debug) {
    try {
      stack = e instanceof Error && typeof e.stack === "string" ? `\n${e.stack}` : "";
    } catch {
      stack = "";
    }
  }
  const hint = debug
    ? ""
    : `\n  this is a bug in commons-spec, not in your input; rerun with ${DEBUG_ENV}=1 for the stack trace and report it`;
  return {
    exitCode: EXIT.internal,
    message: `internal error: ${name}: ${first}${hint}${stack}`,
  };
}
