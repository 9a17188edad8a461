import fc from "fast-check";
import { instantsInUtc } from "./describe.js";
import { minimise, type Reducer } from "./minimise.js";
import { failureClass, withClassesSetAside } from "./violation.js";

/** The suites of SPEC.md's invariant catalogue. */
export const SUITES = [
  "itc",
  "vclock",
  "compat",
  "allocation",
  "dynamics",
  "denominator",
  "router",
  "nodes",
  "schemas",
] as const;
export type SuiteName = (typeof SUITES)[number];

/**
 * One invariant of SPEC.md as a fast-check property. `build` is lazy so that listing the
 * catalogue costs nothing; the property it returns must be synchronous.
 */
export interface InvariantProperty {
  /** The invariant ID in SPEC.md, e.g. "ALLOC-CAP-1". */
  readonly id: string;
  readonly suite: SuiteName;
  /** One line: what is checked. */
  readonly title: string;
  /** Default number of generated cases; 1 means one fixed scenario, always run exactly once. */
  readonly numRuns: number;
  readonly build: () => fc.IRawProperty<unknown, false>;
  /**
   * Statistical properties only: a one-line account of the last run's verdict (estimated
   * probability, confidence interval, runs, seed), reported as `detail` whether it held or not.
   */
  readonly describeLastRun?: () => string | undefined;
  /**
   * Smaller variants of a failing case (its tuple of arguments), e.g. with one recipient, slot,
   * need slot or optional field deleted (properties/minimise.ts). After fast-check's shrinking,
   * the runner keeps every deletion that still fails with the same failure class, until none
   * does. Deterministic, so replaying the reported path reports the same counterexample.
   */
  readonly reduce?: Reducer;
}

/** Whether an invariant held, was violated, or did not run (the time budget was spent first). */
export type OutcomeStatus = "held" | "violated" | "not-run";

/** One distinct failure of an invariant: its class, its shrunk counterexample and how to replay it. */
export interface PropertyFailure {
  /**
   * What is wrong (properties/violation.ts `failureClass`: a `Violation`'s code, else the
   * error's normalised first line), or one of the classes of an isolated run (`TIMEOUT`,
   * `EXIT`, `CRASH`, `PROTOTYPE-POLLUTION`, `RETURNED-PROMISE`).
   */
  readonly failureClass: string;
  /** The error's message (or a description of whatever was thrown). */
  readonly error: string;
  /** fast-check's replay path of the counterexample (with the outcome's seed). */
  readonly path?: string;
  /** The counterexample, printed with fc.stringify. */
  readonly counterexample?: string;
  /**
   * The counterexample's instants written with a non-zero offset, each with its UTC equivalent
   * (`2026-03-29T02:30:00+02:00 (= 00:30:00Z)`, properties/describe.ts `instantsInUtc`).
   */
  readonly instants?: readonly string[];
  /**
   * False when shrinking was cut short (the time budget ran out, or the worker had to be
   * stopped): the counterexample fails, but may not be minimal; replaying its path finishes
   * the shrinking.
   */
  readonly shrunk: boolean;
  /**
   * The case was stopped (a TIMEOUT, or the worker died): it cannot be shrunk, and replaying
   * it stops again.
   */
  readonly stopped?: boolean;
}

export interface PropertyOutcome {
  readonly id: string;
  readonly title: string;
  readonly suite: SuiteName;
  readonly status: OutcomeStatus;
  /** False exactly when the status is "violated" (a not-run invariant is not a failure). */
  readonly ok: boolean;
  /** Generated cases run (shrinking steps not counted). */
  readonly numRuns: number;
  /** Cases the run was asked for; fewer ran when it was cut short or stopped at a failure. */
  readonly plannedRuns: number;
  /** Cut short by its time limit (the cases that ran count; not a failure). */
  readonly interrupted: boolean;
  readonly seed: number;
  /** Every distinct failure class found, in the order found (empty when it held). */
  readonly failures: readonly PropertyFailure[];
  /** The first failure's replay path, counterexample and error (the same as `failures[0]`). */
  readonly path?: string;
  readonly counterexample?: string;
  readonly error?: string;
  /** A statistical property's verdict line (see `InvariantProperty.describeLastRun`). */
  readonly detail?: string;
  /** Why the search stopped early or what else the reader must know (e.g. a repeated TIMEOUT). */
  readonly note?: string;
  readonly ms: number;
}

/** What a runner learns while a property runs; used by `verify` to supervise an isolated run. */
export interface RunHooks {
  /**
   * Called before each execution of the property: a generated case (`generated`) or a
   * shrinking candidate, with its replay path and the number of generated cases completed.
   */
  readonly beforeCase?: (c: {
    readonly path: string;
    readonly generated: boolean;
    readonly casesDone: number;
  }) => void;
  /** Called after each execution; what it throws fails that case (e.g. built-ins were modified). */
  readonly afterCase?: () => void;
  /** A failure was found, or shrunk one step further (the latest counterexample of its class). */
  readonly onFailureStep?: (f: PropertyFailure) => void;
  /** A failure is final (shrunk, or shrinking was cut short): it is in the outcome's failures. */
  readonly onFailure?: (f: PropertyFailure) => void;
  /** A better description of a thrown value (e.g. naming the adapter method that threw it). */
  readonly describeError?: (e: unknown) => string | undefined;
}

export interface RunOptions {
  readonly seed: number;
  /** Multiply every property's default run count (e.g. 0.2 for a quick pass, 5 for a deep one). */
  readonly runsFactor?: number;
  /** Exact number of runs for every property (overrides runsFactor). */
  readonly numRuns?: number;
  /**
   * Replay path (with the seed of a failure): runs only that case, then shrinks it further
   * within its failure class. Check it first with `checkReplayPath`.
   */
  readonly path?: string;
  /** Wall-clock clock injected by the caller (the core and properties never read the clock). */
  readonly now?: () => number;
  /** Stop generating cases after this many ms (the cases run so far count; not a failure). */
  readonly timeLimitMs?: number;
  /**
   * Report up to this many distinct failure classes (default 1). After a failure the search
   * goes on from the next case with the classes found set aside.
   */
  readonly maxFailures?: number;
  /** Classes already reported: a failure of one of these counts as a pass. */
  readonly knownClasses?: readonly string[];
  /**
   * Replaying a path: the failure class it was reported under. A case that shows several
   * defects then reports that one, and shrinking stays within it (`--failure-class`).
   */
  readonly targetClass?: string;
  /** The first generated case to run (resuming a search that was stopped); not with `path`. */
  readonly startAt?: number;
  readonly hooks?: RunHooks;
}

/** The largest number of generated cases of one invariant (and the largest replayable case index). */
export const MAX_CASES = 1_000_000;
/**
 * Replay paths follow at most this many shrinking steps. (Each step walks at most the
 * candidates of one value, a finite stream, so the work of a replay is bounded.)
 */
export const MAX_PATH_STEPS = 100_000;
/** …and at most this many characters (a case index and MAX_PATH_STEPS steps of up to 6 digits). */
export const MAX_PATH_LENGTH = 7 * (MAX_PATH_STEPS + 1);

/** A replay path short enough for a message: long ones as their start and their step count. */
export function abbreviatePath(path: string): string {
  if (path.length <= 60) return path;
  const steps = path.split(":").length - 1;
  return `${path.slice(0, 40)}… (${steps} shrinking steps, ${path.length} characters)`;
}

/**
 * Checks that a replay path is one fast-check can replay within bounded work: `N(:N)*`, a
 * first case below MAX_CASES (reaching case N costs N steps of the generator) and at most
 * MAX_PATH_STEPS shrinking steps. Returns what is wrong, or undefined.
 */
export function checkReplayPath(path: string): string | undefined {
  if (!/^\d{1,16}(:\d{1,16})*$/.test(path))
    return `"${path.length > 40 ? `${path.slice(0, 40)}…` : path}" is not a replay path (numbers separated by colons, e.g. 17:0:3)`;
  if (path.length > MAX_PATH_LENGTH)
    return `${abbreviatePath(path)} is longer than a replay path can be (${MAX_PATH_LENGTH} characters)`;
  const first = Number(path.split(":", 1)[0]);
  if (first >= MAX_CASES)
    return `case ${first} is beyond the largest replayable case (${MAX_CASES - 1})`;
  const steps = path.split(":").length - 1;
  if (steps > MAX_PATH_STEPS)
    return `${steps} shrinking steps is more than a replay follows (${MAX_PATH_STEPS})`;
  return undefined;
}

/** The number of generated cases a property runs with these options. */
export function plannedRuns(
  p: Pick<InvariantProperty, "numRuns">,
  options: Pick<RunOptions, "numRuns" | "runsFactor">,
): number {
  // A property with numRuns 1 checks one fixed scenario: running it again proves nothing.
  if (p.numRuns === 1) return 1;
  const n = options.numRuns ?? Math.round(p.numRuns * (options.runsFactor ?? 1));
  return Math.min(MAX_CASES, Math.max(1, n));
}

/** A short, safe text for any value (never throws). */
function showValue(v: unknown): string {
  try {
    if (typeof v === "string") return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);
    const s = fc.stringify(v);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/**
 * The message of anything thrown, never throwing itself: an Error's message; an Error whose
 * `message` cannot be read, or a thrown value that is not an Error, described as such.
 */
export function describeThrown(e: unknown): string {
  let isError = false;
  try {
    isError = e instanceof Error;
  } catch {
    isError = false;
  }
  if (isError) {
    const err = e as Error;
    let kind = "Error";
    try {
      kind = String(err.constructor?.name ?? "Error");
    } catch {
      // keep "Error"
    }
    try {
      return String(err.message);
    } catch (g) {
      const article = /^[AEIOU]/.test(kind) ? "an" : "a";
      return `${article} ${kind} whose message cannot be read (its message getter threw ${isErrorLike(g) ? "an error" : showValue(g)})`;
    }
  }
  return `a thrown value that is not an Error: ${showValue(e)}`;
}

function isErrorLike(v: unknown): boolean {
  try {
    return v instanceof Error;
  } catch {
    return false;
  }
}

/** `failureClass` that never throws (a hostile thrown value has a class too). */
export function safeFailureClass(e: unknown): string {
  try {
    return failureClass(e);
  } catch {
    return "unreadable thrown value";
  }
}

/**
 * Wraps a property so that a failure counts only when it is of a new class (not in `known`),
 * and, once one is found, only failures of that same class count while shrinking: the
 * counterexample reported for a class is shrunk within that class. It also tracks the replay
 * path of every execution (fast-check's: the generated case, then the index of each shrinking
 * candidate taken) and calls the hooks around each execution.
 */
class ClassSearch implements fc.IRawProperty<unknown, false> {
  /** The failure class being shrunk (set by the first failure of a new class). */
  target: string | undefined;
  /** Generated cases completed in this search. */
  generated = 0;
  /** What the last failure counted threw, and its description (made when it was thrown). */
  lastError: unknown;
  lastDescription: string | undefined;
  private currentPath = "";
  private pendingGenerated = false;

  constructor(
    private readonly inner: fc.IRawProperty<unknown, false>,
    private readonly known: ReadonlySet<string>,
    private readonly casesBefore: number,
    private readonly hooks: RunHooks,
    private readonly describe: (e: unknown) => string,
    targetClass?: string,
  ) {
    this.target = targetClass;
  }

  isAsync(): false {
    return false;
  }

  generate(mrng: fc.Random, runId?: number): fc.Value<unknown> {
    const v = this.inner.generate(mrng, runId);
    this.currentPath = String(runId ?? 0);
    this.pendingGenerated = true;
    return v;
  }

  shrink(value: fc.Value<unknown>): fc.Stream<fc.Value<unknown>> {
    // Called on the value that just failed (or, replaying a path, on the value just reached):
    // the candidates' paths extend its path. Candidates are pulled one at a time, in order.
    const base = this.currentPath;
    let k = 0;
    return this.inner.shrink(value).map((v) => {
      this.currentPath = `${base}:${k++}`;
      return v;
    });
  }

  run(v: unknown): fc.PreconditionFailure | fc.PropertyFailure | null {
    const generated = this.pendingGenerated;
    this.pendingGenerated = false;
    this.hooks.beforeCase?.({
      path: this.currentPath,
      generated,
      casesDone: this.casesBefore + this.generated,
    });
    // Properties that see several defects in one case throw one not yet reported (and, while
    // shrinking, the one being shrunk): properties/violation.ts throwFirstViolation.
    let out = withClassesSetAside(this.known, () => this.inner.run(v), this.target);
    try {
      this.hooks.afterCase?.();
    } catch (e) {
      out = { error: e };
    }
    if (generated) this.generated++;
    if (out === null || fc.PreconditionFailure.isFailure(out)) return out;
    const cls = safeFailureClass(out.error);
    if (this.target === undefined) {
      if (this.known.has(cls)) return null; // a class already reported: set aside
      this.target = cls;
    } else if (cls !== this.target) {
      return null; // shrinking stays within the class being reported
    }
    this.lastError = out.error;
    this.lastDescription = this.describe(out.error);
    this.hooks.onFailureStep?.({
      failureClass: cls,
      error: this.lastDescription,
      path: this.currentPath,
      counterexample: showCounterexample(v),
      shrunk: false,
    });
    return out;
  }

  /**
   * Runs one candidate of the deletion pass as fast-check runs a case (hooks, classes set
   * aside): whether it fails with the class being shrunk. Its path is the counterexample's.
   */
  fails(v: unknown, path: string): boolean {
    this.currentPath = path;
    this.runBeforeEach();
    try {
      const out = this.run(v);
      return out !== null && !fc.PreconditionFailure.isFailure(out);
    } finally {
      this.runAfterEach();
    }
  }

  runBeforeEach(): void {
    this.inner.runBeforeEach();
  }

  runAfterEach(): void {
    this.inner.runAfterEach();
  }
}

/** The line printed under a counterexample for its `instants` (`in UTC: a (= b); …`), if any. */
export function utcLine(f: Pick<PropertyFailure, "instants">): string | undefined {
  return f.instants === undefined || f.instants.length === 0
    ? undefined
    : `in UTC: ${f.instants.join("; ")}`;
}

/** `instants` of a failure, when its counterexample has any written with an offset. */
function utcNote(v: unknown): { instants?: readonly string[] } {
  const instants = v === null ? [] : instantsInUtc(v);
  return instants.length > 0 ? { instants } : {};
}

function showCounterexample(v: unknown): string {
  try {
    return fc.stringify(v);
  } catch {
    return "<the counterexample cannot be printed>";
  }
}

/**
 * Runs one property with fast-check and reports the outcome as data (never throws on a
 * violation): up to `maxFailures` distinct failure classes, each with its counterexample shrunk
 * within its class, its replay path and error.
 */
export function runProperty(p: InvariantProperty, options: RunOptions): PropertyOutcome {
  const now = options.now ?? (() => 0);
  const started = now();
  const planned = plannedRuns(p, options);
  const maxFailures = Math.max(1, options.maxFailures ?? 1);
  const known = new Set(options.knownClasses ?? []);
  const hooks = options.hooks ?? {};
  const describe = (e: unknown) => hooks.describeError?.(e) ?? describeThrown(e);
  const deadline = options.timeLimitMs !== undefined ? started + options.timeLimitMs : undefined;
  const failures: PropertyFailure[] = [];
  const property = p.build();
  const replay = options.path;
  let start = replay === undefined ? Math.max(0, options.startAt ?? 0) : 0;
  let cases = start; // cases before `startAt` ran in an earlier (stopped) search
  let interrupted = false;
  let note: string | undefined;
  while (failures.length < maxFailures) {
    // A replay runs the one case of its path (a single-segment path is one generated case).
    const numRuns = replay !== undefined ? 1 : planned - start;
    if (numRuns <= 0) break;
    const left = deadline === undefined ? undefined : deadline - now();
    if (left !== undefined && left <= 0) {
      interrupted = true;
      break;
    }
    const search = new ClassSearch(
      property,
      known,
      cases,
      hooks,
      describe,
      replay !== undefined ? options.targetClass : undefined,
    );
    const path = replay ?? (start > 0 ? String(start) : undefined);
    const details = fc.check(search, {
      seed: options.seed,
      numRuns,
      ...(path !== undefined ? { path } : {}),
      ...(left !== undefined
        ? { interruptAfterTimeLimit: Math.max(1, Math.round(left)), markInterruptAsFailure: false }
        : {}),
    });
    cases += search.generated;
    if (details.interrupted) interrupted = true;
    if (!details.failed) break;
    if (details.counterexamplePath === null || search.target === undefined) {
      // fast-check reports a run interrupted before any case succeeded as failed: it is not.
      if (!details.interrupted)
        note = `fast-check stopped: ${details.numSkips} cases skipped by preconditions`;
      break;
    }
    let counterexample: unknown = details.counterexample;
    let errorInstance: unknown = details.errorInstance;
    let shrunk = !details.interrupted;
    if (p.reduce !== undefined && counterexample !== null && shrunk) {
      // The deletion pass (properties/minimise.ts), within the class and the time limit.
      const fcPath = details.counterexamplePath;
      const m = minimise(
        counterexample,
        p.reduce,
        (v) => search.fails(v, fcPath),
        () => deadline !== undefined && now() >= deadline,
      );
      if (m.deletions > 0) {
        counterexample = m.value;
        errorInstance = search.lastError;
      }
      if (!m.complete) {
        shrunk = false;
        interrupted = true;
      }
    }
    const f: PropertyFailure = {
      failureClass: search.target,
      error:
        search.lastDescription !== undefined && Object.is(errorInstance, search.lastError)
          ? search.lastDescription
          : describe(errorInstance),
      path: details.counterexamplePath,
      ...(counterexample !== null ? { counterexample: showCounterexample(counterexample) } : {}),
      ...utcNote(counterexample),
      shrunk,
    };
    failures.push(f);
    hooks.onFailure?.(f);
    known.add(f.failureClass);
    if (replay !== undefined || !shrunk) break;
    start = Number(f.path?.split(":")[0] ?? planned) + 1;
  }
  const detail = p.describeLastRun?.();
  return makeOutcome(p, {
    seed: options.seed,
    failures,
    numRuns: cases,
    plannedRuns: replay !== undefined ? 1 : planned,
    interrupted,
    ms: now() - started,
    ...(detail !== undefined ? { detail } : {}),
    ...(note !== undefined ? { note } : {}),
  });
}

/**
 * An outcome from what a run found: violated when a failure was found, not run when no case
 * ran before the time limit, held otherwise (a run cut short by its time limit holds for the
 * cases it ran).
 */
export function makeOutcome(
  p: Pick<InvariantProperty, "id" | "title" | "suite">,
  r: {
    readonly seed: number;
    readonly failures: readonly PropertyFailure[];
    readonly numRuns: number;
    readonly plannedRuns: number;
    readonly interrupted: boolean;
    readonly ms: number;
    readonly detail?: string;
    readonly note?: string;
  },
): PropertyOutcome {
  const first = r.failures[0];
  const status: OutcomeStatus =
    r.failures.length > 0 ? "violated" : r.numRuns === 0 && r.interrupted ? "not-run" : "held";
  return {
    id: p.id,
    title: p.title,
    suite: p.suite,
    status,
    ok: status !== "violated",
    numRuns: r.numRuns,
    plannedRuns: r.plannedRuns,
    interrupted: r.interrupted,
    seed: r.seed,
    failures: r.failures,
    ...(first?.path !== undefined ? { path: first.path } : {}),
    ...(first?.counterexample !== undefined ? { counterexample: first.counterexample } : {}),
    ...(first !== undefined ? { error: first.error } : {}),
    ...(r.detail !== undefined ? { detail: r.detail } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    ms: r.ms,
  };
}

/**
 * Walks a replay path without running the property (no code under test runs): the
 * counterexample it designates, printed, or what is wrong with the path (it does not exist
 * for this property and seed). The path must have passed `checkReplayPath`.
 */
export function describePath(
  p: InvariantProperty,
  seed: number,
  path: string,
): { ok: true; counterexample: string } | { ok: false; message: string } {
  const inner = p.build();
  let seen: { v: unknown } | undefined;
  const probe: fc.IRawProperty<unknown, false> = {
    isAsync: () => false,
    generate: (mrng, runId) => inner.generate(mrng, runId),
    shrink: (value) => inner.shrink(value),
    run: (v) => {
      seen = { v };
      return new fc.PreconditionFailure(true); // stop at once
    },
    runBeforeEach: () => undefined,
    runAfterEach: () => undefined,
  };
  try {
    fc.check(probe, { seed, path, numRuns: 1 });
  } catch (e) {
    // fast-check's message repeats the path: shortened, so a huge one does not flood the output.
    const why = describeThrown(e).split(path).join(abbreviatePath(path));
    return { ok: false, message: `no case at path ${abbreviatePath(path)} (${why})` };
  }
  return seen === undefined
    ? {
        ok: false,
        message: `no case at path ${abbreviatePath(path)}: a shrinking step is beyond its candidates`,
      }
    : { ok: true, counterexample: showCounterexample(seen.v) };
}

/** Throws with fast-check's report if the property fails: for use inside test runners. */
export function assertProperty(p: InvariantProperty, seed?: number, numRuns?: number): void {
  // Mutation testing runs the suites once per mutant; it may scale the cases down (stryker.config.json).
  const factor = Number(process.env["COMMONS_SPEC_RUNS_FACTOR"] ?? "1");
  const scaled = Math.max(
    1,
    Math.round((numRuns ?? p.numRuns) * (Number.isFinite(factor) && factor > 0 ? factor : 1)),
  );
  // Deterministic by default: seed 42 (like the CLI), or COMMONS_SPEC_SEED to explore others.
  const envSeed = Number(process.env["COMMONS_SPEC_SEED"]);
  fc.assert(p.build(), {
    numRuns: p.numRuns === 1 ? 1 : scaled,
    seed: seed ?? (Number.isInteger(envSeed) ? envSeed : 42),
  });
}
