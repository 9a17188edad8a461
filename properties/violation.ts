/**
 * A property failure with a stable *failure class*: what the checker says is wrong, not the
 * input that showed it. `verify` and `check` report every distinct class of an invariant
 * (SPEC.md §11), so two defects under one invariant are never hidden behind one counterexample.
 *
 * Properties throw `violation(code, message)`; `code` is stable across inputs and names the
 * kind of wrong, e.g. `over-capacity`, `tier-2-before-tier-1`, `misuse-accepted:join`. An error
 * that is not a `Violation` (an implementation that throws, a plain `Error`) is classed by
 * `failureClass` from its constructor name and its first line with the values taken out.
 */
export class Violation extends Error {
  /** The stable failure class within the invariant. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "Violation";
    this.code = code;
  }
}

/** Throws a `Violation` of class `code`. */
export function violation(code: string, message: string): never {
  throw new Violation(code, message);
}

/**
 * The failure class of anything a property threw: a `Violation`'s code, or the first line of
 * the message with numbers, quoted text and bracketed values replaced by placeholders.
 */
export function failureClass(e: unknown): string {
  if (e instanceof Violation) return e.code;
  const kind =
    e instanceof Error ? (e.constructor?.name ?? "Error") : e === null ? "null" : typeof e;
  let message: string;
  try {
    message = e instanceof Error ? String(e.message) : String(e);
  } catch {
    message = "";
  }
  const first = (message.split("\n")[0] ?? "")
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, "«s»")
    .replace(/\[[^\]]*\]|\{[^}]*\}/g, "«v»")
    .replace(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi, "«n»")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  return `${kind}: ${first}`;
}

/**
 * Classes the runner has already reported for the invariant being run (set with
 * `withClassesSetAside`). A case that shows several defects at once throws, through
 * `throwFirstViolation`, the first one whose class is not among them, so that a class found
 * earlier cannot hide another one on the same input.
 */
let setAside: ReadonlySet<string> = new Set();

/** Runs `f` with `classes` set aside (see `throwFirstViolation`); restores the previous set. */
export function withClassesSetAside<T>(classes: Iterable<string>, f: () => T): T {
  const before = setAside;
  setAside = new Set(classes);
  try {
    return f();
  } finally {
    setAside = before;
  }
}

/**
 * Throws the first of `found` whose code is not set aside, else the first of them; returns
 * when `found` is empty. For properties that check several things about one case.
 */
export function throwFirstViolation(
  found: readonly { readonly code: string; readonly message: string }[],
): void {
  const pick = found.find((v) => !setAside.has(v.code)) ?? found[0];
  if (pick !== undefined) violation(pick.code, pick.message);
}
