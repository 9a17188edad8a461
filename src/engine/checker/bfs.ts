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
  HI,
  LO,
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
import { MessageChannel, type MessagePort } from "node:worker_threads";
import {
  fingerprintWordsOf,
  Owner,
  type LevelOutcome,
  type OwnerDump,
  type OwnerStart,
} from "./owner.js";
import { WorkerPool, type ModelSource } from "./parallel.js";
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
    options.memoryBudgetBytes === undefined &&
    options.source !== undefined &&
    !enc.objects &&
    !codec.interns &&
    !keepGraph;
  const store = new SeenSet(keepGraph);
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
  let levelStart = 0; // frontier position where the current level starts
  /** When the owners searched to the end: the distinct count and all fingerprints. */
  let ownersFound: { distinct: number; words: Uint32Array } | undefined;
  /** Bytes the owners' tables, columns and buffers held at their largest. */
  let ownerBytes = 0;
  /**
   * Parallel search: the worker threads (W − 1: the calling thread is an expander too) start
   * once the frontier holds `parallelFrom` states, without blocking: the search goes on here
   * until one is ready (or, with `waitForWorkers`, waits for them), then continues in
   * `searchInParallel`. A search that ends first never uses them.
   */
  const wanted = parallel ? (options.workers as number) - 1 : 0;
  const parallelFrom = options.parallelFrom ?? PARALLEL_FROM;
  let pool: WorkerPool | undefined;
  let owners = wanted > 0;
  try {
    while (!stop && frontier.length > 0) {
      if (frontier.popped === levelEnd) {
        depth++;
        levelStart = frontier.popped;
        levelEnd = frontier.pushed;
      }
      if (owners) {
        if (pool === undefined && frontier.length >= parallelFrom) {
          pool = WorkerPool.acquire(
            wanted,
            options.source as ModelSource,
            config,
            !keepGraph && options.symmetry !== false,
          );
          if (options.waitForWorkers === true) pool.waitReady();
        }
        // At the start of a level, once every worker has loaded the model: the owners search.
        if (
          pool !== undefined &&
          frontier.popped === levelStart &&
          (options.waitForWorkers === true || pool.poll() === pool.size)
        ) {
          owners = false;
          if (searchByOwners(pool)) break;
          continue;
        }
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
   * The owner-computes search (owner.ts) from the level whose states the frontier holds: this
   * thread is owner 0, the pool's workers owners 1 …. Returns true when the owners searched to
   * the end; false when they stopped inside a level, after rebuilding the seen set, the frontier
   * and the counters as they were when that level began (the one-thread loop then runs it).
   */
  function searchByOwners(p: WorkerPool): boolean {
    const T = p.size + 1;
    const mail = new SharedArrayBuffer(4 * (T + 1));
    const mailbox = new Int32Array(mail);
    const ports: (MessagePort | null)[][] = Array.from({ length: T }, () =>
      new Array<MessagePort | null>(T).fill(null),
    );
    for (let i = 0; i < T; i++)
      for (let j = i + 1; j < T; j++) {
        const ch = new MessageChannel();
        (ports[i] as (MessagePort | null)[])[j] = ch.port1;
        (ports[j] as (MessagePort | null)[])[i] = ch.port2;
      }
    // The fingerprints seen so far, each to its owner; the frontier's states dealt round.
    const seen = store.fingerprintWords();
    const n = seen.length / 2;
    const counts = new Array<number>(T).fill(0);
    const ownerOf = (hi: number) => (T === 2 ? hi & 1 : (hi >>> 0) % T);
    for (let k = 0; k < n; k++) {
      const o = ownerOf(seen[2 * k + HI] as number);
      counts[o] = (counts[o] as number) + 1;
    }
    const prefixes = counts.map((c) => new Uint32Array(2 * c));
    const fill = new Array<number>(T).fill(0);
    for (let k = 0; k < n; k++) {
      const hi = seen[2 * k + HI] as number;
      const o = ownerOf(hi);
      const f = fill[o] as number;
      const pre = prefixes[o] as Uint32Array;
      pre[f] = hi;
      pre[f + 1] = seen[2 * k + LO] as number;
      fill[o] = f + 2;
    }
    const stride = codec.words + 1;
    const R = frontier.length;
    const starts = Array.from(
      { length: T },
      (_, o) => new Uint32Array(Math.ceil((R - o) / T) * stride),
    );
    for (let r = 0; r < R; r++) {
      const chunk = frontier.pop();
      const at = frontier.at;
      const dst = starts[r % T] as Uint32Array;
      const y = Math.floor(r / T) * stride;
      for (let x = 0; x < stride; x++) dst[y + x] = chunk[at + x] as number;
    }
    const base0 = store.size;
    const start = (me: number): OwnerStart => ({
      me,
      T,
      depth,
      base: base0,
      maxDepth,
      maxStates,
      checkDeadlock,
      prefix: prefixes[me] as Uint32Array,
      frontier: starts[me] as Uint32Array,
    });
    let finished = false;
    try {
      for (let w = 1; w < T; w++) {
        const s = start(w);
        const ps = ports[w] as (MessagePort | null)[];
        p.post(w - 1, { kind: "owners", start: s, ports: ps, mail }, [
          s.prefix.buffer as ArrayBuffer,
          s.frontier.buffer as ArrayBuffer,
          ...ps.filter((x): x is MessagePort => x !== null),
        ]);
      }
      const owner = new Owner(
        model as Model<unknown, unknown>,
        config,
        !keepGraph && options.symmetry !== false,
        codec as StateCodec<unknown>,
        start(0),
        ports[0] as (MessagePort | null)[],
        mail,
        () => {
          for (let w = 0; w < p.size; w++) {
            const m = p.take(w);
            if (m !== undefined) throw new Error(`parallel worker ${w}: unexpected ${m.kind}`);
          }
        },
      );
      let r: LevelOutcome;
      let lastReported = base0;
      let before = base0;
      for (;;) {
        r = owner.level();
        if (r.stop) break;
        if (r.base > before) maxSeenDepth = Math.max(maxSeenDepth, r.depth);
        before = r.base;
        if (
          progressEvery > 0 &&
          Math.floor(r.base / progressEvery) > Math.floor(lastReported / progressEvery)
        ) {
          lastReported = r.base;
          options.onProgress?.({ ...report(), distinctStates: r.base, depth: r.depth });
        }
        if (r.done) break;
      }
      const dumps = owner.collect(r.stop);
      finished = true;
      for (const d of dumps) {
        generated += d.generated;
        constrained += d.constrained;
        if (d.depthCut) depthCut = true;
        ownerBytes += d.peakBytes;
        for (let a = 0; a < A; a++) {
          enabledCount[a] = (enabledCount[a] as number) + (d.enabled[a] as number);
          takenCount[a] = (takenCount[a] as number) + (d.taken[a] as number);
          newCount[a] = (newCount[a] as number) + (d.newCount[a] as number);
        }
      }
      workersUsed = T;
      if (!r.stop) {
        ownersFound = { distinct: r.base, words: fingerprintWordsOf(dumps, seen) };
        return true;
      }
      // Stopped inside the level at depth r.depth: the states before it, in the search's order.
      const N = r.base - base0;
      const his = new Uint32Array(N);
      const los = new Uint32Array(N);
      const parents = new Int32Array(N);
      const acts = new Uint16Array(N);
      const ords = new Int32Array(N);
      for (const d of dumps)
        for (let i = 0; i < d.numbers.length; i++) {
          const g = (d.numbers[i] as number) - base0;
          his[g] = d.hi[i] as number;
          los[g] = d.lo[i] as number;
          parents[g] = d.parents[i] as number;
          acts[g] = d.actions[i] as number;
          ords[g] = d.ordinals[i] as number;
        }
      for (let g = 0; g < N; g++)
        store.add(
          his[g] as number,
          los[g] as number,
          parents[g] as number,
          acts[g] as number,
          ords[g] as number,
        );
      // The level's states, merged by number.
      const heads = new Array<number>(T).fill(0);
      for (;;) {
        let best = -1;
        let bn = 0;
        for (let o = 0; o < T; o++) {
          const f = (dumps[o] as OwnerDump).frontier;
          const h = heads[o] as number;
          if (h * stride >= f.length) continue;
          const num = f[h * stride] as number;
          if (best < 0 || num < bn) {
            best = o;
            bn = num;
          }
        }
        if (best < 0) break;
        const h = heads[best] as number;
        frontier.push(bn, (dumps[best] as OwnerDump).frontier, h * stride + 1);
        heads[best] = h + 1;
      }
      depth = r.depth;
      levelEnd = frontier.pushed;
      levelStart = frontier.popped;
      return false;
    } finally {
      if (!finished) {
        Atomics.store(mailbox, T, 1);
        for (let o = 0; o < T; o++) Atomics.notify(mailbox, o);
      }
      for (const ps of ports) for (const x of ps) x?.close();
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
  const mem = Math.max(peakMemory, memory()) + ownerBytes;
  const distinct = ownersFound?.distinct ?? store.size;
  return {
    model: model.name,
    verdict,
    distinctStates: distinct,
    generatedStates: generated,
    depth: maxSeenDepth,
    coverage: actions.map((a, k): ActionCoverage => ({
      action: a.name,
      enabled: enabledCount[k] as number,
      taken: takenCount[k] as number,
      distinctNew: newCount[k] as number,
    })),
    collisionProbability: collisionProbability(distinct),
    collisionProbabilityObserved: observedCollisionProbabilityOfWords(
      ownersFound?.words ?? store.fingerprintWords(),
      distinct,
    ),
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
    queueSize: frontier.length,
    constrainedStates: constrained,
    livenessChecked,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (distinct * 1000) / elapsedMs : 0,
    memoryBytes: mem,
    workers: workersUsed,
    bytesPerState:
      distinct > 0
        ? (store.bytes() +
            graphBytes() +
            frontier.peakBytes() +
            codec.internedBytes() +
            ownerBytes) /
          distinct
        : 0,
  };
}
