/**
 * Breadth-first explicit-state search, TLC style: the set of seen states holds 64-bit
 * fingerprints only (plus a parent pointer per state, seen-set.ts), states live in the queue
 * only until they are expanded, and invariants are checked when a state is first generated — so
 * the first violation found is at the smallest depth and its trace, rebuilt by replay, is a
 * shortest counterexample.
 *
 * A model with a layout (layout.ts) is searched on packed states: each successor is encoded into
 * a reused scratch array and fingerprinted by hashing its words; the frontier holds the packed
 * words (frontier.ts), decoded only to be expanded. A model without one is fingerprinted by the
 * canonical text of its view and queued as objects.
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
 * bytes of its typed arrays (seen set, packed frontier, liveness graph), of its intern tables,
 * and, for each state queued as an object (models without a layout), 2 bytes per character of
 * its canonical text plus 64 bytes of object overhead. The clock is only read through `now`.
 */
import {
  collisionProbability,
  hashValue64,
  hashWords64,
  observedCollisionProbabilityOfWords,
} from "./fingerprint.js";
import { Frontier } from "./frontier.js";
import { compileLayout, LayoutMismatch, objectCodec, type StateCodec } from "./layout.js";
import { findFairLasso, type ExploredGraph } from "./liveness.js";
import {
  actionPropertiesByAction,
  modelProblems,
  TYPE_INVARIANT,
  type Model,
  type PackedPredicate,
} from "./model.js";
import { CANDIDATE_HEADER, WorkerPool, type ModelSource } from "./parallel.js";
import { createExpander } from "./parallel-expand.js";
import { pathTo, replay, replayPath, type StateHasher } from "./replay.js";
import {
  STUTTER,
  type ActionCoverage,
  type CheckResult,
  type Counterexample,
  type ProgressReport,
  type StopReason,
  type Verdict,
} from "./result.js";
import { SeenSet } from "./seen-set.js";
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
  /**
   * Use the model's layout (default true): packed states. `false` fingerprints the canonical
   * text of every state instead (the definition; slower), e.g. to cross-check a layout.
   */
  readonly packed?: boolean;
  /**
   * Expand states on this many threads (parallel.ts; default 1: on the calling thread alone):
   * the calling thread and `workers` − 1 worker threads. Needs `source` and a model with a
   * layout without opaque parts; liveness checking (which keeps the state graph) runs on one
   * thread. Counts, verdicts and counterexamples are those of one thread.
   */
  readonly workers?: number;
  /**
   * With `workers`, the frontier size at which the worker threads are started (default 1024;
   * smaller searches stay on the calling thread).
   */
  readonly parallelFrom?: number;
  /**
   * With `workers`, wait for the worker threads to load the model once started (default
   * false: the calling thread searches on its own meanwhile). For tests: the workers then take
   * part in every search that reaches `parallelFrom`.
   */
  readonly waitForWorkers?: boolean;
  /** Where worker threads import the model from (its module URL and export name). */
  readonly source?: ModelSource;
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
/**
 * With parallel workers, the frontier size at which the worker threads are started: a search
 * whose frontier never grows this large is over before a worker could have loaded the model.
 */
const PARALLEL_FROM = 1024;
/** Batches queued per worker thread (so that it never waits for the calling thread). */
const QUEUED_PER_WORKER = 6;
/**
 * The largest batch the calling thread expands itself: small, so that it is soon back to keep
 * the workers' queues full and to merge.
 */
const LOCAL_BATCH = 64;

/** How a search fingerprints and stores states: the packed layout or canonical objects. */
export interface SearchEncoding<S> {
  readonly codec: StateCodec<S>;
  /** Fingerprint of `t` into `out`; leaves `t`'s encoding in `scratch` when `encoded` is set. */
  fingerprint(t: S, out: Uint32Array): number;
  /** Whether `fingerprint` left the encoding of the state itself (not its symmetry representative) in `scratch`. */
  readonly encoded: boolean;
  readonly scratch: Uint32Array;
  /** The fingerprint as replay needs it. */
  readonly hasher: StateHasher<S>;
  /** Whether objects are queued (the memory estimate then counts their canonical text). */
  readonly objects: boolean;
}

/** The encoding of a search (see CheckOptions.packed). */
export function searchEncoding<S, C>(
  model: Model<S, C>,
  config: C,
  useSymmetry: boolean,
  packed: boolean,
): SearchEncoding<S> {
  const sym = useSymmetry && model.symmetry !== undefined ? model.symmetry.bind(model) : undefined;
  if (packed && model.layout !== undefined) {
    const codec = compileLayout<S>(model.layout(config), model.name);
    const scratch = new Uint32Array(codec.words);
    const symScratch = new Uint32Array(codec.words);
    const n = codec.fpWords;
    const fingerprint =
      sym === undefined
        ? (t: S, out: Uint32Array) => {
            codec.encode(t, scratch, 0);
            hashWords64(scratch, 0, n, out);
            return 0;
          }
        : (t: S, out: Uint32Array) => {
            codec.encode(sym(t, config), symScratch, 0);
            hashWords64(symScratch, 0, n, out);
            return 0;
          };
    return {
      codec,
      fingerprint,
      encoded: sym === undefined,
      scratch,
      hasher: fingerprint,
      objects: false,
    };
  }
  const view = model.view?.bind(model);
  const hasher: StateHasher<S> = (t, out) => {
    const rep = sym !== undefined ? sym(t, config) : t;
    return hashValue64(view !== undefined ? view(rep) : rep, out);
  };
  return {
    codec: objectCodec<S>(),
    fingerprint: hasher,
    encoded: false,
    scratch: new Uint32Array(1),
    hasher,
    objects: true,
  };
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
  const enc = searchEncoding(
    model,
    config,
    !keepGraph && options.symmetry !== false,
    options.packed !== false,
  );
  const { codec, scratch } = enc;
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const memoryBudget = options.memoryBudgetBytes ?? Infinity;
  const progressEvery = options.progressEveryStates ?? 100_000;
  const progressInterval = options.progressIntervalMs ?? 1000;
  const actions = model.actions;
  const A = actions.length;
  const W = Math.max(1, Math.ceil(A / 32));
  const L = liveness.length;
  const actionProperties = model.actionProperties ?? [];
  /** Per action, the action properties evaluated on its steps (properties indexed by action). */
  const propertiesOf = actionPropertiesByAction(model).map((ks) =>
    ks.map((k) => actionProperties[k] as (typeof actionProperties)[number]),
  );
  const typeInvariant = model.typeInvariant?.bind(model);
  const invariants = model.invariants;
  const constraint = model.constraint?.bind(model);

  const parallel =
    (options.workers ?? 1) > 1 &&
    options.source !== undefined &&
    !enc.objects &&
    !codec.interns &&
    !keepGraph;
  const store = new SeenSet(keepGraph, parallel);
  const frontier = new Frontier(codec.words);
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

  // Objects queued (models without a layout): the memory estimate's cost of each, FIFO.
  let costs: number[] = [];
  let costHead = 0;
  let queueBytes = 0;
  let generated = 0;
  let constrained = 0;
  let depth = 0; // level being expanded
  let maxSeenDepth = 0;
  let levelEnd = 0; // frontier position where the current level ends
  let peakMemory = 0;
  let stoppedBy: StopReason | undefined;
  let depthCut = false;
  let counterexample: Counterexample<S> | undefined;
  let verdict: Verdict = "ok";
  let lastProgressAt = started;
  let lastProgressCount = 0;
  let sinceClock = 0;
  const fp = new Uint32Array(2);
  /**
   * The state being expanded and its packed words, when successors are encoded from it
   * (`encodeFrom`: packed, no symmetry); undefined while Init is discovered.
   */
  const delta = enc.encoded;
  /** Whether a state is being expanded (false while Init is discovered). */
  let expanding = false;
  let expandingWords = scratch;
  let expandingAt = 0;
  const fpWords = codec.fpWords;
  /**
   * Packed actions (packed.ts), used when successors are encoded from their parent: per action,
   * its packed form (undefined: the object form), and per action property evaluated on its
   * steps, the packed form of the property (undefined: the successor is decoded for it).
   */
  const packedNext = actions.map((a) => (delta ? a.packed?.(config, codec) : undefined));
  const packedHoldsOf = propertiesOf.map((aps, a) =>
    packedNext[a] === undefined ? [] : aps.map((ap) => ap.packedHolds?.(config, codec)),
  );
  /** The state being expanded, unpacked; where packed actions write each successor; its words. */
  const parentCodes = new Int32Array(codec.scalars);
  const succCodes = new Int32Array(codec.scalars);
  const packedOut = new Uint32Array(codec.words);
  const anyPacked = packedNext.some((p) => p !== undefined);
  /**
   * The packed forms of the type invariant and invariants; when every one has its packed form
   * (and no constraint or liveness needs the state as an object), a new state reached by a
   * packed action is checked on its codes and never built (`codesSuffice`).
   */
  const packedType = anyPacked ? model.packedTypeInvariant?.(config, codec) : undefined;
  const packedInvariants = anyPacked ? invariants.map((q) => q.packedHolds?.(config, codec)) : [];
  const codesSuffice =
    anyPacked &&
    !keepGraph &&
    constraint === undefined &&
    (typeInvariant === undefined || packedType !== undefined) &&
    packedInvariants.every((q) => q !== undefined);
  /** The object form's `ordinal`-th successor by `action` of the state being expanded. */
  const objectSuccessor = (action: number, ordinal: number): S =>
    (actions[action] as (typeof actions)[number]).next(parentState(), config)[ordinal] as S;
  // What is being expanded: the state (built only when something needs it as an object), its
  // index, the action (packed) and the successors that action has emitted so far.
  let curS: S | undefined;
  const parentState = (): S => (curS ??= codec.decode(expandingWords, expandingAt));
  let curI = 0;
  let curA = 0;
  let curK = 0;

  const graphBytes = () =>
    keepGraph
      ? expanded.bytes() +
        edgeStart.bytes() +
        edgeTarget.bytes() +
        edgeAction.bytes() +
        enabledBits.bytes() +
        pq.bytes()
      : 0;
  const memory = () =>
    store.bytes() + graphBytes() + frontier.bytes() + codec.internedBytes() + queueBytes;

  const report = (): ProgressReport => {
    const elapsedMs = (now?.() ?? 0) - started;
    return {
      distinctStates: store.size,
      generatedStates: generated,
      depth,
      queueSize: frontier.length,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? (store.size * 1000) / elapsedMs : 0,
      memoryBytes: memory(),
    };
  };

  const actionNames = actions.map((a) => a.name);
  const actionName = (a: number) => actionNames[a] as string;
  const trace = (index: number): S[] =>
    replayPath(model, config, store, pathTo(store, index).states);
  /** The trace to `parentIndex` followed by the concrete `last` state reached by `action`. */
  const traceThen = (parentIndex: number, action: number, last: S) => {
    if (parentIndex < 0) return { states: [last], actions: [] as string[] };
    const p = pathTo(store, parentIndex);
    const states = replayPath(model, config, store, p.states);
    return {
      states: [...states, last],
      actions: [...p.actions, action].map(actionName),
    };
  };
  const names = (idx: readonly number[]) => idx.map((a) => (a < 0 ? STUTTER : actionName(a)));

  /** Checks a new state's type invariant and invariants; returns the violated name, if any. */
  const violated = (s: S): string | undefined => {
    if (typeInvariant !== undefined && !typeInvariant(s, config)) return TYPE_INVARIANT;
    for (const inv of invariants) if (!inv.holds(s, config)) return inv.name;
    return undefined;
  };

  /** `violated` on the codes of a successor of a packed action (`codesSuffice`). */
  const violatedCodes = (c: Int32Array): string | undefined => {
    if (packedType !== undefined && !packedType(c)) return TYPE_INVARIANT;
    for (let q = 0; q < packedInvariants.length; q++)
      if (!(packedInvariants[q] as PackedPredicate)(c))
        return (invariants[q] as { name: string }).name;
    return undefined;
  };

  /**
   * Registers a generated state, discovered from `parent` by `action` as the successor at
   * `ordinal`. Returns its index (new or, with the liveness graph, old; without it, 0 for an old
   * one), or −1 when the run must stop (violation or budget).
   */
  const discover = (
    s: S,
    parent: number,
    action: number,
    ordinal: number,
    parentDepth: number,
  ): number => {
    generated++;
    let textLength: number;
    let misfit: LayoutMismatch | undefined;
    try {
      if (!expanding) textLength = enc.fingerprint(s, fp);
      else {
        // Fields the successor shares with the state being expanded are copied from its
        // words; one that shares every fingerprinted field has its fingerprint: it is seen.
        if (!codec.encodeFrom(s, parentState(), expandingWords, expandingAt, scratch, 0))
          return keepGraph ? parent : 0;
        hashWords64(scratch, 0, codec.fpWords, fp);
        textLength = 0;
      }
    } catch (e) {
      // A state outside the layout differs from every state seen (they all fit): it is new.
      // It is checked like any new state (a bound the layout states is usually one the type
      // invariant states too); if every property holds, the layout is wrong and the run fails.
      if (!(e instanceof LayoutMismatch)) throw e;
      misfit = e;
      textLength = hashValue64(s, fp);
    }
    const hi = fp[0] as number;
    const lo = fp[1] as number;
    const old = misfit === undefined ? store.find(hi, lo) : -1;
    if (old >= 0) return old;
    return admit(s, hi, lo, parent, action, ordinal, parentDepth, textLength, misfit, false);
  };

  /**
   * A successor of `parent` by its packed action `action` (the `ordinal`-th), written to
   * `packedOut`: hashed from its words; built (decoded) only when new.
   */
  const discoverPacked = (
    parent: number,
    action: number,
    ordinal: number,
    parentDepth: number,
  ): number => {
    generated++;
    // The words of the state being expanded: it is seen.
    let same = true;
    for (let w = 0; w < fpWords; w++)
      if (packedOut[w] !== expandingWords[expandingAt + w]) {
        same = false;
        break;
      }
    if (same) return keepGraph ? parent : 0;
    hashWords64(packedOut, 0, fpWords, fp);
    const hi = fp[0] as number;
    const lo = fp[1] as number;
    const old = store.find(hi, lo);
    if (old >= 0) return old;
    const s = codesSuffice ? undefined : codec.decode(packedOut, 0);
    return admit(s, hi, lo, parent, action, ordinal, parentDepth, 0, undefined, true);
  };

  /**
   * Adds a new state (fingerprint `hi`, `lo`), checks it and queues it (from `packedOut` when
   * `packed`, else from `scratch`); returns its index or −1 when the run must stop. `s` is
   * undefined for a packed successor checked on its codes (`succCodes`, `codesSuffice`).
   */
  const admit = (
    s: S | undefined,
    hi: number,
    lo: number,
    parent: number,
    action: number,
    ordinal: number,
    parentDepth: number,
    textLength: number,
    misfit: LayoutMismatch | undefined,
    packed: boolean,
  ): number => {
    if (store.size >= maxStates) {
      stoppedBy = "maxStates";
      return -1;
    }
    const r = store.add(hi, lo, parent, action, ordinal);
    if (parent >= 0) newCount[action] = (newCount[action] as number) + 1;
    const d = parentDepth + 1;
    if (d > maxSeenDepth) maxSeenDepth = d;
    if (keepGraph) {
      const at = pq.pushZeros(L);
      for (let k = 0; k < L; k++) {
        const l = liveness[k] as NonNullable<typeof liveness>[number];
        const bits = (l.p(s as S, config) ? 1 : 0) | (l.q?.(s as S, config) === true ? 2 : 0);
        pq.set(at + k, bits);
      }
    }
    const bad = s === undefined ? violatedCodes(succCodes) : violated(s);
    if (bad !== undefined) {
      verdict = "violation";
      // The counterexample ends with the object form's successor (the definition).
      const last = packed ? objectSuccessor(action, ordinal) : (s as S);
      counterexample = { kind: "invariant", property: bad, ...traceThen(parent, action, last) };
      return -1;
    }
    if (misfit !== undefined) throw misfit;
    const cut = constraint !== undefined && !constraint(s as S, config);
    if (cut) constrained++;
    else if (d >= maxDepth)
      depthCut = true; // depth-bounded mode: not expanded
    else if (packed) frontier.push(r, packedOut, 0);
    else {
      if (!enc.encoded) codec.encode(s as S, scratch, 0);
      frontier.push(r, scratch, 0);
      if (enc.objects) {
        const cost = textLength * 2 + OBJECT_OVERHEAD;
        costs.push(cost);
        queueBytes += cost;
      }
    }
    // The estimate is taken at every new state under a budget, else every 1024 (for the peak).
    if (memoryBudget !== Infinity || (store.size & 1023) === 0) {
      const mem = memory();
      if (mem > peakMemory) peakMemory = mem;
      if (mem > memoryBudget) {
        stoppedBy = "memory";
        return -1;
      }
    }
    if (progressEvery > 0 && store.size % progressEvery === 0) options.onProgress?.(report());
    return r;
  };

  /** The liveness graph's edge from state `i` to state `j` by action `a`. */
  const addEdge = (i: number, j: number, a: number): void => {
    edgeTarget.push(j);
    edgeAction.push(a);
    const w = i * W + (a >>> 5);
    enabledBits.set(w, enabledBits.get(w) | (1 << (a & 31)));
  };
  /** Coverage of a reply's (action, count) pairs at `at` (parallel.ts), for the actions up to `last`. */
  const coverPairs = (out: Int32Array, at: number, nPairs: number, last: number): void => {
    for (let q = 0; q < nPairs; q++) {
      const a = out[at + 2 * q] as number;
      if (a > last) break;
      countTaken(a, out[at + 2 * q + 1] as number);
    }
  };
  /** Coverage: action `a` was enabled and gave `n` > 0 successors. */
  const countTaken = (a: number, n: number): void => {
    enabledCount[a] = (enabledCount[a] as number) + 1;
    takenCount[a] = (takenCount[a] as number) + n;
  };

  /** Called by a packed action after writing its next successor to `packedOut`. */
  const emitPacked = (): void => {
    const k = curK++;
    if (stop) return; // the successors after a stop are only counted (as the object form's are)
    codec.pack(succCodes, packedOut, 0);
    const a = curA;
    const aps = propertiesOf[a] as (typeof propertiesOf)[number];
    if (aps.length > 0) {
      const hs = packedHoldsOf[a] as (typeof packedHoldsOf)[number];
      const name = actionName(a);
      let after: S | undefined;
      for (let q = 0; q < aps.length; q++) {
        const ap = aps[q] as (typeof aps)[number];
        const h = hs[q];
        const ok =
          h !== undefined
            ? h(parentCodes, succCodes, name)
            : ap.holds(parentState(), (after ??= codec.decode(packedOut, 0)), name, config);
        if (!ok) {
          verdict = "violation";
          const t = objectSuccessor(a, k);
          counterexample = { kind: "action-property", property: ap.name, ...traceThen(curI, a, t) };
          stop = true;
          return;
        }
      }
    }
    const j = discoverPacked(curI, a, k, depth);
    if (j < 0) {
      stop = true;
      return;
    }
    if (keepGraph && j !== curI) addEdge(curI, j, a);
  };

  // Init.
  const inits = model.init(config);
  let stop = false;
  for (let k = 0; k < inits.length && !stop; k++)
    if (discover(inits[k] as S, -1, k, k, -1) < 0) stop = true;
  levelEnd = frontier.pushed;

  // Next.
  let edgesFilledUpTo = 0; // states whose edge range has been opened
  let workersUsed = 1;
  /**
   * Parallel search: the worker threads (W − 1: the calling thread is an expander too) start
   * once the frontier holds `parallelFrom` states, without blocking: the search goes on here
   * until one is ready (or, with `waitForWorkers`, waits for them), then continues in
   * `searchInParallel`. A search that ends first never uses them.
   */
  const wanted = parallel ? (options.workers as number) - 1 : 0;
  const parallelFrom = options.parallelFrom ?? PARALLEL_FROM;
  let pool: WorkerPool | undefined;
  let sincePoll = 0;
  try {
    while (!stop && frontier.length > 0) {
      if (wanted > 0) {
        if (pool === undefined && frontier.length >= parallelFrom) {
          pool = WorkerPool.acquire(
            wanted,
            options.source as ModelSource,
            config,
            !keepGraph && options.symmetry !== false,
          );
          if (options.waitForWorkers === true) pool.waitReady();
        }
        if (
          pool !== undefined &&
          (options.waitForWorkers === true || ((++sincePoll & 63) === 0 && pool.poll() > 0))
        ) {
          searchInParallel(pool);
          break;
        }
      }
      if (frontier.popped === levelEnd) {
        depth++;
        levelEnd = frontier.pushed;
      }
      const chunk = frontier.pop();
      const at = frontier.at;
      const i = chunk[at] as number;
      // The state is built (parentState) only when an object form, a property without a packed
      // form or the deadlock check needs it.
      curS = undefined;
      expandingWords = chunk;
      expandingAt = at + 1;
      expanding = delta;
      if (enc.objects) {
        queueBytes -= costs[costHead] as number;
        costHead++;
        if (costHead > 65_536 && costHead * 2 > costs.length) {
          costs = costs.slice(costHead);
          costHead = 0;
        }
      }
      if (keepGraph) {
        while (edgesFilledUpTo <= i) {
          edgeStart.push(edgeTarget.length);
          expanded.push(0);
          enabledBits.pushZeros(W);
          edgesFilledUpTo++;
        }
        expanded.set(i, 1);
      }
      let successors = 0;
      curI = i;
      if (anyPacked) codec.unpack(chunk, at + 1, parentCodes);
      for (let a = 0; a < A && !stop; a++) {
        const action = actions[a] as (typeof actions)[number];
        const pn = packedNext[a];
        if (pn !== undefined) {
          curA = a;
          curK = 0;
          if (pn(parentCodes, succCodes, emitPacked)) {
            if (curK > 0) {
              successors += curK;
              countTaken(a, curK);
            }
            continue;
          }
        }
        const s = parentState();
        const next = action.next(s, config);
        const n = next.length;
        if (n === 0) continue;
        const aps = propertiesOf[a] as (typeof propertiesOf)[number];
        successors += n;
        countTaken(a, n);
        for (let k = 0; k < n; k++) {
          const t = next[k] as S;
          for (let q = 0; q < aps.length; q++) {
            const ap = aps[q] as (typeof aps)[number];
            if (!ap.holds(s, t, action.name, config)) {
              verdict = "violation";
              counterexample = {
                kind: "action-property",
                property: ap.name,
                ...traceThen(i, a, t),
              };
              stop = true;
              break;
            }
          }
          if (stop) break;
          const j = discover(t, i, a, k, depth);
          if (j < 0) {
            stop = true;
            break;
          }
          if (keepGraph && j !== i) addEdge(i, j, a);
        }
      }
      if (
        !stop &&
        successors === 0 &&
        checkDeadlock &&
        model.terminal?.(parentState(), config) !== true
      ) {
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
  } finally {
    pool?.release();
  }

  function traceStates(i: number): { states: S[]; actions: string[] } {
    const p = pathTo(store, i);
    return { states: trace(i), actions: names(p.actions) };
  }

  /**
   * The search with expansion on worker threads and on this one: batches of frontier states go
   * to the ready workers (each kept `QUEUED_PER_WORKER` batches ahead), and whenever the oldest
   * batch out is not back yet, this thread expands the next batch itself; results are merged
   * strictly in frontier order, doing per transition what `discover` does, from the expanders'
   * fingerprints and verdicts.
   */
  function searchInParallel(pool: WorkerPool): void {
    const stride = codec.words + 1;
    const T = pool.size;
    const local = createExpander(
      model as Model<unknown, unknown>,
      config,
      !keepGraph && options.symmetry !== false,
      codec as StateCodec<unknown>,
    );
    /** levelStarts[d]: the frontier position of the first state at depth d (from the serial part). */
    const levelStarts = new Array<number>(depth + 1).fill(0);
    levelStarts.push(levelEnd);
    let cursor = 0;
    const depthAt = (pos: number) => {
      while (cursor + 1 < levelStarts.length && (levelStarts[cursor + 1] as number) <= pos)
        cursor++;
      return cursor;
    };
    let tableVersion = -1;
    let nextId = 0;
    /** Batches out, in frontier order: by worker w (−1: expanded here, `out` set). */
    const inflight: { w: number; parents: Int32Array; depths: Int32Array; out?: Int32Array }[] = [];
    const load = new Array<number>(T).fill(0);
    const used = new Array<boolean>(T).fill(false);
    let allReady = pool.poll() === T;
    let polls = 0;
    /** Takes the next batch of the frontier (at most `max` states): records, parents, depths. */
    const take = (max: number) => {
      const n = Math.min(
        frontier.length,
        max,
        Math.max(16, Math.min(512, Math.ceil(frontier.length / (2 * (T + 1))))),
      );
      const records = new Uint32Array(n * stride);
      const parents = new Int32Array(n);
      const depths = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const pos = frontier.popped;
        const chunk = frontier.pop();
        const at = frontier.at;
        for (let x = 0, y = r * stride; x < stride; x++) records[y + x] = chunk[at + x] as number;
        parents[r] = chunk[at] as number;
        depths[r] = depthAt(pos);
      }
      return { records, parents, depths };
    };
    while (!stop) {
      if (store.version !== tableVersion) {
        const t = store.sharedTable();
        pool.shareTable(t.table, t.slots);
        local.setTable(t.table, t.slots);
        tableVersion = store.version;
      }
      if (!allReady && (++polls & 15) === 0) allReady = pool.poll() === T;
      for (let w = 0; w < T; w++) {
        if (!pool.isReady(w)) continue;
        while ((load[w] as number) < QUEUED_PER_WORKER && frontier.length > 0) {
          const { records, parents, depths } = take(512);
          load[w] = (load[w] as number) + 1;
          used[w] = true;
          pool.post(w, { kind: "batch", id: nextId++, records }, [records.buffer]);
          inflight.push({ w, parents, depths });
        }
      }
      const head = inflight[0];
      let out = head?.out;
      if (head !== undefined && out === undefined) {
        const m = pool.take(head.w);
        if (m !== undefined) {
          if (m.kind !== "result")
            throw new Error(`parallel worker ${head.w}: unexpected ${m.kind}`);
          out = m.out;
        }
      }
      if (out === undefined && frontier.length > 0) {
        // The oldest batch is not back: expand the next one here.
        const { records, parents, depths } = take(LOCAL_BATCH);
        inflight.push({ w: -1, parents, depths, out: local.expand(records) });
        continue;
      }
      if (head === undefined) break;
      if (out === undefined) {
        const m = pool.receive(head.w);
        if (m.kind !== "result") throw new Error(`parallel worker ${head.w}: unexpected ${m.kind}`);
        out = m.out;
      }
      inflight.shift();
      if (head.w >= 0) load[head.w] = (load[head.w] as number) - 1;
      merge(head.parents, head.depths, out, levelStarts);
    }
    workersUsed = 1 + used.filter((u) => u).length;
  }

  /**
   * Merges the reply `out` (parallel.ts) for the batch of `parents` at `depths`: per transition
   * what `discover` does. New states are queued; `levelStarts` gets each new level's start.
   */
  function merge(
    parents: Int32Array,
    depths: Int32Array,
    out: Int32Array,
    levelStarts: number[],
  ): void {
    const words = codec.words;
    const outWords = new Uint32Array(out.buffer, out.byteOffset, out.length);
    let p = 0;
    for (let r = 0; r < parents.length && !stop && p < out.length; r++) {
      const i = parents[r] as number;
      depth = depths[r] as number;
      const nPairs = out[p++] as number;
      const pairsAt = p;
      let successors = 0;
      for (let q = 0; q < nPairs; q++) successors += out[pairsAt + 2 * q + 1] as number;
      p += 2 * nPairs;
      const apSeq = out[p++] as number;
      const apProperty = out[p++] as number;
      const apAction = out[p++] as number;
      const apOrdinal = out[p++] as number;
      const dead = out[p++] === 1;
      const nc = out[p++] as number;
      const base = generated;
      for (let c = 0; c < nc; c++, p += CANDIDATE_HEADER + words) {
        const seq = out[p] as number;
        const a = out[p + 1] as number;
        const k = out[p + 2] as number;
        const hi = (out[p + 3] as number) >>> 0;
        const lo = (out[p + 4] as number) >>> 0;
        const bad = out[p + 5] as number;
        const flags = out[p + 6] as number;
        generated = base + seq + 1;
        const j = store.addIfAbsent(hi, lo, i, a, k, maxStates);
        if (j === -1) continue; // seen
        if (j === -2) {
          stoppedBy = "maxStates";
          stop = true;
          coverPairs(out, pairsAt, nPairs, a);
          break;
        }
        newCount[a] = (newCount[a] as number) + 1;
        const d = depth + 1;
        if (d > maxSeenDepth) maxSeenDepth = d;
        if (bad >= 0) {
          verdict = "violation";
          const property =
            bad === 0 ? TYPE_INVARIANT : (invariants[bad - 1] as { name: string }).name;
          counterexample = { kind: "invariant", property, ...traceStates(j) };
          stop = true;
          coverPairs(out, pairsAt, nPairs, a);
          break;
        }
        if ((flags & 2) !== 0) {
          // Not fitting the layout, yet no property failed: the layout is wrong; say where.
          const states = trace(j);
          codec.encode(states[states.length - 1] as S, new Uint32Array(words), 0);
        }
        if ((flags & 1) !== 0) constrained++;
        else if (d >= maxDepth) depthCut = true;
        else {
          if (levelStarts.length <= d) levelStarts.push(frontier.pushed);
          frontier.push(j, outWords, p + CANDIDATE_HEADER);
        }
        if (memoryBudget !== Infinity || (store.size & 1023) === 0) {
          const mem = memory();
          if (mem > peakMemory) peakMemory = mem;
          if (mem > memoryBudget) {
            stoppedBy = "memory";
            stop = true;
            coverPairs(out, pairsAt, nPairs, a);
            break;
          }
        }
        if (progressEvery > 0 && store.size % progressEvery === 0) options.onProgress?.(report());
      }
      if (stop) break;
      generated = base + (apSeq >= 0 ? apSeq : successors);
      coverPairs(out, pairsAt, nPairs, apSeq >= 0 ? apAction : A);
      if (apSeq >= 0) {
        const parentStates = trace(i);
        const action = actions[apAction] as (typeof actions)[number];
        const t = action.next(parentStates[parentStates.length - 1] as S, config)[apOrdinal] as S;
        verdict = "violation";
        counterexample = {
          kind: "action-property",
          property: (actionProperties[apProperty] as { name: string }).name,
          ...traceThen(i, apAction, t),
        };
        stop = true;
        break;
      }
      if (successors === 0 && dead && checkDeadlock) {
        verdict = "deadlock";
        counterexample = { kind: "deadlock", property: "Deadlock", ...traceStates(i) };
        stop = true;
        break;
      }
    }
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
        const replayed = replay(model, config, enc.hasher, store, path, pathActions);
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
    collisionProbabilityObserved: observedCollisionProbabilityOfWords(
      store.fingerprintWords(),
      store.size,
    ),
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
    queueSize: frontier.length,
    constrainedStates: constrained,
    livenessChecked,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (store.size * 1000) / elapsedMs : 0,
    memoryBytes: mem,
    workers: workersUsed,
    bytesPerState:
      store.size > 0
        ? (store.bytes() + graphBytes() + frontier.peakBytes() + codec.internedBytes()) / store.size
        : 0,
  };
}
