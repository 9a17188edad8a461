/**
 * Errors are data inside the core: every failure has a stable `code`, a human message and,
 * where it concerns a field of an input, the `path` to that field.
 */
export type CoreErrorCode =
  | "INVALID_INPUT"
  | "ITC_OVERLAPPING_IDS"
  | "ITC_EVENT_ON_ANONYMOUS"
  | "ITC_NOT_NORMAL"
  | "ITC_MALFORMED"
  | "ITC_DECODE"
  | "VCLOCK_MALFORMED"
  | "ALLOCATION_INPUT";

export interface CoreErrorData {
  readonly code: CoreErrorCode;
  readonly message: string;
  /** Path of the offending field, e.g. ["need_slots", 2, "quantity"]; empty for the whole value. */
  readonly path: readonly (string | number)[];
}

/** Thrown by core operations whose contract is violated by the caller (e.g. joining overlapping ITC ids). */
export class CoreError extends Error implements CoreErrorData {
  readonly code: CoreErrorCode;
  readonly path: readonly (string | number)[];
  constructor(code: CoreErrorCode, message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.name = "CoreError";
    this.code = code;
    this.path = path;
  }
  toData(): CoreErrorData {
    return { code: this.code, message: this.message, path: this.path };
  }
}

export type Result<T, E = CoreErrorData> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/** Runs `fn`, turning a thrown CoreError into an error result; other exceptions propagate (they are bugs). */
export function attempt<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof CoreError) return err(e.toData());
    throw e;
  }
}

/** Formats a path the way error messages print it: `need_slots[2].quantity`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === "" ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === "" ? "(root)" : out;
}
