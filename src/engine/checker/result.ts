/**
 * What a checker run returns: verdict, counts, coverage and (on failure) a counterexample.
 * Shared by the breadth-first search, the simulation mode and the report.
 */

/**
 * - `ok`: every property held on the whole (constrained) state graph;
 * - `violation`: an invariant, the type invariant or an action property failed;
 * - `deadlock`: a reachable, non-terminal state has no successor;
 * - `liveness`: a liveness property failed (lasso counterexample);
 * - `budget`: the run stopped at a state, depth or memory budget before finishing, without
 *   having found a violation (a partial result).
 */
export type Verdict = "ok" | "violation" | "deadlock" | "liveness" | "budget";

export const VERDICTS: readonly Verdict[] = ["ok", "violation", "deadlock", "liveness", "budget"];

export type CounterexampleKind = "invariant" | "action-property" | "deadlock" | "liveness";

/**
 * A behaviour that violates `property`: `states[0]` is initial and `actions[i]` leads from
 * `states[i]` to `states[i + 1]`. A lasso (liveness) also has `loop`: the behaviour continues
 * from the last state back to `states[loop]` by `actions[states.length − 1]` (so `actions` then
 * has one entry per state), and repeats forever. The closing action is `STUTTER` when the
 * cycle is the last state repeating.
 */
export interface Counterexample<S> {
  readonly kind: CounterexampleKind;
  readonly property: string;
  readonly states: readonly S[];
  readonly actions: readonly string[];
  readonly loop?: number;
}

/** The pseudo-action of a stuttering step (the state repeats). */
export const STUTTER = "(stutter)";

export interface ActionCoverage {
  readonly action: string;
  /** Number of expanded states in which the action had at least one successor. */
  readonly enabled: number;
  /** Number of transitions it generated (successor states, seen or not). */
  readonly taken: number;
  /** Number of distinct states first reached through it. */
  readonly distinctNew: number;
}

export interface ProgressReport {
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** BFS level being expanded (simulation: the number of walks done). */
  readonly depth: number;
  /** States waiting to be expanded. */
  readonly queueSize: number;
  readonly elapsedMs: number;
  /** Distinct states per second so far (0 without a clock). */
  readonly statesPerSecond: number;
  /** The checker's estimate of the memory it holds, in bytes. */
  readonly memoryBytes: number;
}

export type StopReason = "maxStates" | "memory" | "maxDepth";

export interface CheckResult<S> {
  readonly model: string;
  readonly verdict: Verdict;
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** Length of the longest shortest path from an initial state (BFS levels − 1). */
  readonly depth: number;
  readonly coverage: readonly ActionCoverage[];
  /** Birthday bound n(n−1)/2⁶⁵ for n distinct states (see fingerprint.ts). */
  readonly collisionProbability: number;
  /** 1 / smallest gap between stored fingerprints (TLC's estimate from actual fingerprints). */
  readonly collisionProbabilityObserved: number;
  readonly counterexample?: Counterexample<S>;
  readonly stoppedBy?: StopReason;
  /** States left unexpanded in the queue when the run ended. */
  readonly queueSize: number;
  /** States that violated the state constraint (checked, not expanded). */
  readonly constrainedStates: number;
  /** Liveness properties checked on the complete graph (empty if none or stopped early). */
  readonly livenessChecked: readonly string[];
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /** Peak estimate of the memory the checker held. */
  readonly memoryBytes: number;
  /**
   * Bytes per distinct state of the seen set, the frontier at its largest, intern tables and
   * (if kept) the liveness graph.
   */
  readonly bytesPerState: number;
  /** Threads that expanded states (1 unless parallel workers were used). */
  readonly workers?: number;
}
