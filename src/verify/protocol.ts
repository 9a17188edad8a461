/**
 * The messages between the supervisor of an isolated `verify` run (src/verify/isolated.ts) and
 * its worker (src/verify/worker.ts). Everything is plain data (structured-cloned).
 */
import type { PropertyFailure, PropertyOutcome, SuiteName } from "../../properties/property.js";

/** What the supervisor needs to know of an invariant without building it. */
export interface InvariantInfo {
  readonly id: string;
  readonly suite: SuiteName;
  readonly title: string;
  readonly numRuns: number;
}

/** How one invariant runs (the options of `runProperty` that cross the boundary). */
export interface RunRequestOptions {
  readonly seed: number;
  readonly runsFactor?: number;
  readonly numRuns?: number;
  readonly path?: string;
  readonly timeLimitMs?: number;
  readonly maxFailures?: number;
  readonly knownClasses?: readonly string[];
  /** Replaying a path: the failure class it was reported under. */
  readonly targetClass?: string;
  readonly startAt?: number;
}

export interface WorkerData {
  readonly module: string;
  readonly cwd: string;
  readonly board: SharedArrayBuffer;
  /** `--judge-compat`: how the allocation suites judge eligibility (default: see defaultJudgeCompat). */
  readonly judgeCompat?: "spec" | "own";
}

export type ToWorker =
  | { readonly t: "run"; readonly id: string; readonly options: RunRequestOptions }
  | { readonly t: "describe"; readonly id: string; readonly seed: number; readonly path: string };

export type FromWorker =
  | {
      readonly t: "ready";
      readonly name: string;
      readonly invariants: readonly InvariantInfo[];
      readonly calls: readonly string[];
      /** Built-ins the module changed while loading (kept as the environment). */
      readonly loadChanges: readonly string[];
      /** What the report must say besides verdicts: the eligibility judge, the declared domain. */
      readonly domain: readonly string[];
    }
  | { readonly t: "load-error"; readonly message: string }
  | { readonly t: "step"; readonly failure: PropertyFailure }
  | { readonly t: "failure"; readonly failure: PropertyFailure }
  | {
      readonly t: "outcome";
      readonly outcome: PropertyOutcome;
      /** Built-ins were changed and could not be restored: use a fresh worker. */
      readonly tainted: boolean;
    }
  | { readonly t: "bad-path"; readonly message: string }
  | { readonly t: "described"; readonly counterexample?: string; readonly message?: string };
