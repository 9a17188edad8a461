/**
 * Breadth-first explicit-state search, TLC style: the set of seen states holds 64-bit
 * fingerprints only (plus a parent pointer per state), states live in the queue only until
 * they are expanded, and invariants are checked when a state is first generated — so the first
 * violation found is at the smallest depth and its trace, rebuilt by replay, is a shortest
 * counterexample.
 *
 * Semantics, as in TLC:
 * - the state constraint limits expansion: a state violating it is checked but not expanded;
 * - a deadlock is an expanded state with no successor at all that the model does not declare
 *   terminal (turn off with `checkDeadlock: false`);
 * - action properties are checked on every generated transition;
 * - liveness (if the model has any and `checkLiveness` is not false) is checked after the search
 *   on the recorded graph, which then has to be complete (not cut by a budget). States cut by the
 *   constraint take no part in it. Symmetry reduction is off while liveness is checked (a lasso
 *   through symmetric states would not close).
 *
 * Budgets end the run with a partial result (`verdict: "budget"`, `stoppedBy`): `maxStates`
 * distinct states, `maxDepth` levels (states at that depth are not expanded: depth-bounded
 * mode) and `memoryBudgetBytes`, measured by the checker's own deterministic estimate — the
 * bytes of its typed arrays plus, for each queued state, 2 bytes per character of its canonical
 * text plus 64 bytes of object overhead. The clock is only read through `now`.
 */
import { collisionProbability, observedCollisionProbability } from "./fingerprint.js";
import { findFairLasso, type ExploredGraph } from "./liveness.js";
import { modelProblems, TYPE_INVARIANT, type Model } from "./model.js";
import { pathTo, replay, stateHasher } from "./replay.js";
import {
  STUTTER,
  type ActionCoverage,
  type CheckResult,
  type Counterexample,
  type ProgressReport,
  type StopReason,
  type Verdict,
} from "./result.js";
import { StateStore } from "./state-store.js";
import { TypedVec } from "./typed-vec.js";

export interface CheckOptions {
  /** Stop (verdict `budget`) when a new state would exceed this many distinct states. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (initial states are at depth 0). */
  readonly maxDepth?: number;
  /** Stop (verdict `budget`) when the checker's memory estimate exceeds this. */
  readonly memoryBudgetBytes?: number;
  /** Report deadlocks (default true). */
  readonly checkDeadlock?: boolean;
  /** Check the model's liveness properties (default true). */
  readonly checkLiveness?: boolean;
  /** Use the model's symmetry (default true; ignored while checking liveness). */
  readonly symmetry?: boolean;
  /** Called every `progressEveryStates` new states and every `progressIntervalMs` of `now`. */
  readonly onProgress?: (report: ProgressReport) => void;
  /** Default 100 000; 0 turns the count trigger off. */
  readonly progressEveryStates?: number;
  /** Default 1000 ms (needs `now`); 0 turns the time trigger off. */
  readonly progressIntervalMs?: number;
  /** Monotonic clock in ms; without it, elapsed time and states/s are reported as 0. */
  readonly now?: () => number;
}

const OBJECT_OVERHEAD = 64;
/** The clock is read once per this many expanded states (time-based progress). */
const CLOCK_EVERY = 256;

interface Pending<S> {
  readonly index: number;
  /** Bytes this entry adds to the memory estimate. */
  readonly cost: number;
  readonly state: S;
}

/** Model checking by breadth-first search. Never throws on a violation; see CheckResult. */
export function checkModel<S, C>(
  model: Model<S, C>,
  config: C,
  options: CheckOptions = {},
): CheckResult<S> {
  const problems = modelProblems(model);
  if (problems.length > 0) throw new Error(`${model.name}: ${problems.join("; ")}`);
  const now = options.now;
  const started = now?.() ?? 0;
  const checkDeadlock = options.checkDeadlock ?? true;
  const liveness = options.checkLiveness === false ? [] : (model.liveness ?? []);
  const keepGraph = liveness.length > 0;
  const hash = stateHasher(model, config, !keepGraph && options.symmetry !== false);
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const memoryBudget = options.memoryBudgetBytes ?? Infinity;
  const progressEvery = options.progressEveryStates ?? 100_000;
  const progressInterval = options.progressIntervalMs ?? 1000;
  const actions = model.actions;
  const A = actions.length;
  const W = Math.max(1, Math.ceil(A / 32));
  const L = liveness.length;

  const store = new StateStore();
  const enabledCount = new Array<number>(A).fill(0);
  const takenCount = new Array<number>(A).fill(0);
  const newCount = new Array<number>(A).fill(0);

  // Liveness graph (only when needed).
  const expanded = new TypedVec((n) => new Uint8Array(n));
  const edgeStart = new TypedVec((n) => new Int32Array(n));
  const edgeTarget = new TypedVec((n) => new Int32Array(n));
  const edgeAction = new TypedVec((n) => new Uint16Array(n));
  const enabledBits = new TypedVec((n) => new Uint32Array(n));
  const pq = new TypedVec((n) => new Uint8Array(n)); // per state and property: bit0 P, bit1 Q

  let queue: (Pending<S> | undefined)[] = [];
  let qHead = 0;
  let queueBytes = 0;
  let generated = 0;
  let constrained = 0;
  let depth = 0; // level being expanded
  let maxSeenDepth = 0;
  let levelEnd = 0; // queue position where the current level ends
  let peakMemory = 0;
  let stoppedBy: StopReason | undefined;
  let depthCut = false;
  let counterexample: Counterexample<S> | undefined;
  let verdict: Verdict = "ok";
  let lastProgressAt = started;
  let lastProgressCount = 0;
  let sinceClock = 0;
  const fp = new Uint32Array(2);
  const selfFp = new Uint32Array(2);

  const graphBytes = () =>
    keepGraph
      ? expanded.bytes() +
        edgeStart.bytes() +
        edgeTarget.bytes() +
        edgeAction.bytes() +
        enabledBits.bytes() +
        pq.bytes()
      : 0;
  const memory = () => store.bytes() + graphBytes() + queueBytes;

  const report = (): ProgressReport => {
    const elapsedMs = (now?.() ?? 0) - started;
    return {
      distinctStates: store.size,
      generatedStates: generated,
      depth,
      queueSize: queue.length - qHead,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? (store.size * 1000) / elapsedMs : 0,
      memoryBytes: memory(),
    };
  };

  const trace = (index: number): S[] => {
    const p = pathTo(store, index);
    return replay(model, config, hash, store, p.states, p.actions);
  };
  /** The trace to `parentIndex` followed by the concrete `last` state reached by `action`. */
  const traceThen = (parentIndex: number, action: number, last: S) => {
    if (parentIndex < 0) return { states: [last], actions: [] as string[] };
    const p = pathTo(store, parentIndex);
    const states = replay(model, config, hash, store, p.states, p.actions);
    return {
      states: [...states, last],
      actions: [...p.actions, action].map((a) => (actions[a] as { name: string }).name),
    };
  };
  const names = (idx: readonly number[]) =>
    idx.map((a) => (a < 0 ? STUTTER : (actions[a] as { name: string }).name));

  /** Checks a new state's type invariant and invariants; returns the violated name, if any. */
  const violated = (s: S): string | undefined => {
    if (model.typeInvariant !== undefined && !model.typeInvariant(s, config)) return TYPE_INVARIANT;
    for (const inv of model.invariants) if (!inv.holds(s, config)) return inv.name;
    return undefined;
  };

  /**
   * Registers a generated state. Returns its index (new or old), or −1 when the run must stop
   * (violation or budget).
   */
  const discover = (s: S, parent: number, action: number, parentDepth: number): number => {
    generated++;
    const textLength = hash(s, fp);
    const hi = fp[0] as number;
    const lo = fp[1] as number;
    if (store.size >= maxStates) {
      const old = store.indexOf(hi, lo);
      if (old >= 0) return old;
      stoppedBy = "maxStates";
      return -1;
    }
    const r = store.add(hi, lo, parent, action);
    if (r < 0) return -r - 1;
    if (parent >= 0) newCount[action] = (newCount[action] as number) + 1;
    const d = parentDepth + 1;
    if (d > maxSeenDepth) maxSeenDepth = d;
    if (keepGraph) {
      const at = pq.pushZeros(L);
      for (let k = 0; k < L; k++) {
        const l = liveness[k] as NonNullable<typeof liveness>[number];
        const bits = (l.p(s, config) ? 1 : 0) | (l.q?.(s, config) === true ? 2 : 0);
        pq.set(at + k, bits);
      }
    }
    const bad = violated(s);
    if (bad !== undefined) {
      verdict = "violation";
      counterexample = { kind: "invariant", property: bad, ...traceThen(parent, action, s) };
      return -1;
    }
    const cut = model.constraint !== undefined && !model.constraint(s, config);
    if (cut) constrained++;
    else if (d >= maxDepth)
      depthCut = true; // depth-bounded mode: not expanded
    else {
      const cost = textLength * 2 + OBJECT_OVERHEAD;
      queue.push({ index: r, cost, state: s });
      queueBytes += cost;
    }
    const mem = memory();
    if (mem > peakMemory) peakMemory = mem;
    if (mem > memoryBudget) {
      stoppedBy = "memory";
      return -1;
    }
    if (progressEvery > 0 && store.size % progressEvery === 0) options.onProgress?.(report());
    return r;
  };

  // Init.
  const inits = model.init(config);
  let stop = false;
  for (let k = 0; k < inits.length && !stop; k++)
    if (discover(inits[k] as S, -1, k, -1) < 0) stop = true;
  levelEnd = queue.length;

  // Next.
  let edgesFilledUpTo = 0; // states whose edge range has been opened
  while (!stop && qHead < queue.length) {
    if (qHead === levelEnd) {
      depth++;
      levelEnd = queue.length;
    }
    const item = queue[qHead] as Pending<S>;
    queue[qHead] = undefined;
    qHead++;
    if (qHead > 65_536 && qHead * 2 > queue.length) {
      queue = queue.slice(qHead);
      levelEnd -= qHead;
      qHead = 0;
    }
    const { index: i, state: s } = item;
    if (keepGraph) {
      while (edgesFilledUpTo <= i) {
        edgeStart.push(edgeTarget.length);
        expanded.push(0);
        enabledBits.pushZeros(W);
        edgesFilledUpTo++;
      }
    }
    if (keepGraph) expanded.set(i, 1);
    selfFp[0] = store.fingerprintHi(i);
    selfFp[1] = store.fingerprintLo(i);
    let successors = 0;
    for (let a = 0; a < A && !stop; a++) {
      const action = actions[a] as (typeof actions)[number];
      const next = action.next(s, config);
      if (next.length === 0) continue;
      successors += next.length;
      enabledCount[a] = (enabledCount[a] as number) + 1;
      takenCount[a] = (takenCount[a] as number) + next.length;
      for (const t of next) {
        for (const ap of model.actionProperties ?? [])
          if (!ap.holds(s, t, action.name, config)) {
            verdict = "violation";
            counterexample = { kind: "action-property", property: ap.name, ...traceThen(i, a, t) };
            stop = true;
            break;
          }
        if (stop) break;
        const j = discover(t, i, a, depth);
        if (j < 0) {
          stop = true;
          break;
        }
        if (keepGraph && j !== i) {
          edgeTarget.push(j);
          edgeAction.push(a);
          const w = i * W + (a >>> 5);
          enabledBits.set(w, enabledBits.get(w) | (1 << (a & 31)));
        }
      }
    }
    queueBytes -= item.cost;
    if (!stop && successors === 0 && checkDeadlock && model.terminal?.(s, config) !== true) {
      verdict = "deadlock";
      counterexample = { kind: "deadlock", property: "Deadlock", ...traceStates(i) };
      stop = true;
    }
    if (
      now !== undefined &&
      options.onProgress !== undefined &&
      progressInterval > 0 &&
      ++sinceClock >= CLOCK_EVERY
    ) {
      sinceClock = 0;
      const t = now();
      if (t - lastProgressAt >= progressInterval && store.size !== lastProgressCount) {
        lastProgressAt = t;
        lastProgressCount = store.size;
        options.onProgress?.(report());
      }
    }
  }

  function traceStates(i: number): { states: S[]; actions: string[] } {
    const p = pathTo(store, i);
    return { states: trace(i), actions: names(p.actions) };
  }

  if (stoppedBy !== undefined && counterexample === undefined) verdict = "budget";
  if (verdict === "ok" && depthCut) {
    stoppedBy = "maxDepth";
    verdict = "budget";
  }

  const livenessChecked: string[] = [];
  if (verdict === "ok" && keepGraph) {
    while (edgesFilledUpTo < store.size) {
      edgeStart.push(edgeTarget.length);
      expanded.push(0);
      enabledBits.pushZeros(W);
      edgesFilledUpTo++;
    }
    edgeStart.push(edgeTarget.length);
    const graph: ExploredGraph = {
      size: store.size,
      expanded: expanded.view(),
      edgeStart: edgeStart.view(),
      edgeTarget: edgeTarget.view(),
      edgeAction: edgeAction.view(),
      enabledWords: W,
      enabled: enabledBits.view(),
    };
    const bits = pq.view();
    const actionIndex = new Map(actions.map((a, k) => [a.name, k] as const));
    for (let k = 0; k < L && counterexample === undefined; k++) {
      const l = liveness[k] as NonNullable<typeof liveness>[number];
      const P = (i: number) => ((bits[i * L + k] as number) & 1) === 1;
      const Q = (i: number) => ((bits[i * L + k] as number) & 2) === 2;
      const eventually = l.kind === "eventually";
      const lasso = findFairLasso(graph, {
        bad: eventually ? (i) => !P(i) : (i) => !Q(i),
        start: eventually ? (i) => store.parent(i) < 0 && !P(i) : (i) => P(i) && !Q(i),
        fairActions: l.fairness.map((f) => actionIndex.get(f) as number),
        stemTo: (i) => pathTo(store, i),
      });
      livenessChecked.push(l.name);
      if (lasso !== undefined) {
        const entry = lasso.stem[lasso.stem.length - 1] as number;
        const stutter = lasso.cycle.length === 0;
        const path = stutter ? lasso.stem : [...lasso.stem, ...lasso.cycle, entry];
        const pathActions = stutter
          ? lasso.stemActions
          : [...lasso.stemActions, ...lasso.cycleActions];
        const replayed = replay(model, config, hash, store, path, pathActions);
        const states = stutter ? replayed : replayed.slice(0, -1);
        verdict = "liveness";
        counterexample = {
          kind: "liveness",
          property: l.name,
          states,
          actions: names([...lasso.stemActions, ...lasso.cycleActions]),
          loop: lasso.stem.length - 1,
        };
      }
    }
  }

  const elapsedMs = (now?.() ?? 0) - started;
  const fps = store.fingerprints();
  const mem = Math.max(peakMemory, memory());
  return {
    model: model.name,
    verdict,
    distinctStates: store.size,
    generatedStates: generated,
    depth: maxSeenDepth,
    coverage: actions.map((a, k): ActionCoverage => ({
      action: a.name,
      enabled: enabledCount[k] as number,
      taken: takenCount[k] as number,
      distinctNew: newCount[k] as number,
    })),
    collisionProbability: collisionProbability(store.size),
    collisionProbabilityObserved: observedCollisionProbability(fps.hi, fps.lo, store.size),
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
    queueSize: queue.length - qHead,
    constrainedStates: constrained,
    livenessChecked,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (store.size * 1000) / elapsedMs : 0,
    memoryBytes: mem,
    bytesPerState: store.size > 0 ? (store.bytes() + graphBytes()) / store.size : 0,
  };
}
