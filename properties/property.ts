import fc from "fast-check";

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
}

export interface PropertyOutcome {
  readonly id: string;
  readonly title: string;
  readonly suite: SuiteName;
  readonly ok: boolean;
  readonly numRuns: number;
  readonly seed: number;
  /** fast-check's replay path of the shrunk counterexample, when it failed. */
  readonly path?: string;
  /** The shrunk counterexample, printed with fc.stringify. */
  readonly counterexample?: string;
  readonly error?: string;
  /** A statistical property's verdict line (see `InvariantProperty.describeLastRun`). */
  readonly detail?: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly seed: number;
  /** Multiply every property's default run count (e.g. 0.2 for a quick pass, 5 for a deep one). */
  readonly runsFactor?: number;
  /** Exact number of runs for every property (overrides runsFactor). */
  readonly numRuns?: number;
  /** Replay path (with the seed of a failure) to replay only the shrunk counterexample. */
  readonly path?: string;
  /** Wall-clock clock injected by the caller (the core and properties never read the clock). */
  readonly now?: () => number;
  /** Stop generating cases after this many ms (the cases run so far count; not a failure). */
  readonly timeLimitMs?: number;
}

/** Runs one property with fast-check and reports the outcome as data (never throws on a violation). */
export function runProperty(p: InvariantProperty, options: RunOptions): PropertyOutcome {
  const now = options.now ?? (() => 0);
  // A property with numRuns 1 checks one fixed scenario: running it again proves nothing.
  const numRuns =
    p.numRuns === 1
      ? 1
      : (options.numRuns ?? Math.max(1, Math.round(p.numRuns * (options.runsFactor ?? 1))));
  const started = now();
  const details = fc.check(p.build(), {
    seed: options.seed,
    numRuns,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.timeLimitMs !== undefined
      ? {
          interruptAfterTimeLimit: Math.max(1, Math.round(options.timeLimitMs)),
          markInterruptAsFailure: false,
        }
      : {}),
  });
  const ms = now() - started;
  const detail = p.describeLastRun?.();
  const base = {
    id: p.id,
    title: p.title,
    suite: p.suite,
    numRuns: details.numRuns,
    seed: options.seed,
    ...(detail !== undefined ? { detail } : {}),
    ms,
  };
  if (!details.failed) return { ...base, ok: true };
  const ce = details.counterexample;
  return {
    ...base,
    ok: false,
    ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
    ...(ce !== null ? { counterexample: fc.stringify(ce) } : {}),
    ...(details.errorInstance !== null
      ? {
          error:
            details.errorInstance instanceof Error
              ? details.errorInstance.message
              : String(details.errorInstance),
        }
      : {}),
  };
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
