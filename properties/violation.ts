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
 * the message with numbers, quoted text and bracketed values (of any nesting) replaced by
 * placeholders.
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
  const first = collapseBrackets(
    (message.split("\n")[0] ?? "")
      .slice(0, 10_000)
      .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, "«s»")
      .replace(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi, "«n»"),
  )
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  return `${kind}: ${first}`;
}

/**
 * Each outermost bracketed value ((…), […], {…}, of any nesting) becomes one placeholder, so
 * that a class does not depend on the shape of the values in the message (an ITC tree, an array).
 */
function collapseBrackets(text: string): string {
  let out = "";
  let depth = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") {
      if (depth === 0) out += "«v»";
      depth++;
    } else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/**
 * Classes the runner has already reported for the invariant being run (set with
 * `withClassesSetAside`). A case that shows several defects at once throws, through
 * `throwFirstViolation`, the first one whose class is not among them, so that a class found
 * earlier cannot hide another one on the same input.
 */
let setAside: ReadonlySet<string> = new Set();
/** The class being shrunk, if any: thrown in preference to any other the case shows. */
let preferred: string | undefined;

/**
 * Runs `f` with `classes` set aside (see `throwFirstViolation`) and, while a counterexample of
 * class `prefer` is being shrunk, that class preferred; restores the previous setting.
 */
export function withClassesSetAside<T>(classes: Iterable<string>, f: () => T, prefer?: string): T {
  const before = setAside;
  const beforePreferred = preferred;
  setAside = new Set(classes);
  preferred = prefer;
  try {
    return f();
  } finally {
    setAside = before;
    preferred = beforePreferred;
  }
}

/**
 * Throws the preferred class if `found` has it, else the first of `found` whose code is not
 * set aside, else the first of them; returns
 * when `found` is empty. For properties that check several things about one case.
 */
export function throwFirstViolation(
  found: readonly { readonly code: string; readonly message: string }[],
): void {
  const pick =
    (preferred !== undefined ? found.find((v) => v.code === preferred) : undefined) ??
    found.find((v) => !setAside.has(v.code)) ??
    found[0];
  if (pick !== undefined) violation(pick.code, pick.message);
}
