import type { z } from "zod";
import { CoreError, err, formatPath, ok, type CoreErrorData, type Result } from "../errors.js";

/** One problem found in an input: where (`path`) and what. */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface InvalidInput extends CoreErrorData {
  readonly code: "INVALID_INPUT";
  readonly issues: readonly InputIssue[];
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
  }));
}

/** Validates `value` against `schema`; on failure the error names every offending field path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): Result<z.infer<S>, InvalidInput> {
  const r = schema.safeParse(value);
  if (r.success) return ok(r.data);
  const issues = toIssues(r.error);
  const first = issues[0] ?? { path: [], message: "invalid" };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return err({
    code: "INVALID_INPUT",
    message: `invalid ${what}: ${formatPath(first.path)}: ${first.message}${more}`,
    path: first.path,
    issues,
  });
}

/** Like parseWith, but throws a CoreError("INVALID_INPUT") naming the first offending path. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const r = parseWith(schema, value, what);
  if (r.ok) return r.value;
  throw new CoreError("INVALID_INPUT", r.error.message, r.error.path);
}
