/**
 * Simulation mode: seeded random walks (TLC's -simulate). Each walk starts from a random
 * initial state and, for at most `depth` steps, picks an enabled action uniformly, then one of
 * its successors uniformly, checking the type invariant and invariants on every state, action
 * properties on every step and (optionally) deadlocks. A state violating the constraint ends
 * its walk. Liveness is not checked in this mode.
 *
 * Walk k draws from pure-rand's xoroshiro128plus seeded with a mix of (seed, k), so the same
 * seed gives the same walks, and the first violating walk is the counterexample: re-running
 * with the same seed, depth and number of walks reproduces it exactly.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { modelProblems, TYPE_INVARIANT, type Model } from "./model.js";
import { stateHasher } from "./replay.js";
import type { ActionCoverage, Counterexample, ProgressReport } from "./result.js";
import { StateStore } from "./state-store.js";

export interface SimulateOptions {
  readonly seed: number;
  /** Steps per walk (a walk of depth d has at most d + 1 states). */
  readonly depth: number;
  readonly walks: number;
  /** Report deadlocks (default true). */
  readonly checkDeadlock?: boolean;
  /** Called every `progressEveryWalks` walks (default 1000). */
  readonly onProgress?: (report: ProgressReport) => void;
  readonly progressEveryWalks?: number;
  readonly now?: () => number;
}

export interface SimulationResult<S> {
  readonly model: string;
  readonly verdict: "ok" | "violation" | "deadlock";
  readonly seed: number;
  /** Walks run (the last one is the violating walk, if any). */
  readonly walks: number;
  /** Transitions taken over all walks. */
  readonly steps: number;
  /** Distinct states visited (by fingerprint). */
  readonly distinctStates: number;
  /** Longest walk, in steps. */
  readonly depth: number;
  readonly coverage: readonly ActionCoverage[];
  /** The first violating walk, with its index (0-based) among the walks. */
  readonly counterexample?: Counterexample<S> & { readonly walk: number };
  readonly elapsedMs: number;
  /** Steps per second (0 without a clock). */
  readonly statesPerSecond: number;
}

/** The 32-bit seed of walk `k` of a run seeded with `seed`. */
export function walkSeed(seed: number, k: number): number {
  let h = (seed ^ Math.imul(k + 1, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function simulate<S, C>(
  model: Model<S, C>,
  config: C,
  options: SimulateOptions,
): SimulationResult<S> {
  const problems = modelProblems(model);
  if (problems.length > 0) throw new Error(`${model.name}: ${problems.join("; ")}`);
  if (!Number.isSafeInteger(options.depth) || options.depth < 0)
    throw new Error("simulate: depth must be a non-negative integer");
  if (!Number.isSafeInteger(options.walks) || options.walks < 1)
    throw new Error("simulate: walks must be a positive integer");
  const now = options.now;
  const started = now?.() ?? 0;
  const checkDeadlock = options.checkDeadlock ?? true;
  const progressEvery = options.progressEveryWalks ?? 1000;
  const actions = model.actions;
  const A = actions.length;
  const enabled = new Array<number>(A).fill(0);
  const taken = new Array<number>(A).fill(0);
  const fresh = new Array<number>(A).fill(0);
  const hash = stateHasher(model, config, true);
  const seen = new StateStore();
  const fp = new Uint32Array(2);
  const isNew = (s: S) => {
    hash(s, fp);
    return seen.add(fp[0] as number, fp[1] as number, -1, 0) >= 0;
  };
  const violated = (s: S): string | undefined => {
    if (model.typeInvariant !== undefined && !model.typeInvariant(s, config)) return TYPE_INVARIANT;
    for (const inv of model.invariants) if (!inv.holds(s, config)) return inv.name;
    return undefined;
  };

  let steps = 0;
  let longest = 0;
  let walksDone = 0;
  let counterexample: (Counterexample<S> & { walk: number }) | undefined;
  let verdict: SimulationResult<S>["verdict"] = "ok";
  const inits = model.init(config);
  if (inits.length === 0) throw new Error(`${model.name}: Init is empty`);

  for (let k = 0; k < options.walks && counterexample === undefined; k++) {
    walksDone++;
    const rng = xoroshiro128plus(walkSeed(options.seed, k));
    let s = inits[uniformInt(rng, 0, inits.length - 1)] as S;
    isNew(s);
    const states: S[] = [s];
    const names: string[] = [];
    const fail = (kind: Counterexample<S>["kind"], property: string) => {
      counterexample = { kind, property, states: [...states], actions: [...names], walk: k };
    };
    const bad0 = violated(s);
    if (bad0 !== undefined) {
      verdict = "violation";
      fail("invariant", bad0);
      break;
    }
    for (let d = 0; d < options.depth; d++) {
      if (model.constraint !== undefined && !model.constraint(s, config)) break;
      const choices: { a: number; next: readonly S[] }[] = [];
      for (let a = 0; a < A; a++) {
        const next = (actions[a] as (typeof actions)[number]).next(s, config);
        if (next.length > 0) {
          choices.push({ a, next });
          enabled[a] = (enabled[a] as number) + 1;
        }
      }
      if (choices.length === 0) {
        if (checkDeadlock && model.terminal?.(s, config) !== true) {
          verdict = "deadlock";
          fail("deadlock", "Deadlock");
        }
        break;
      }
      const choice = choices[uniformInt(rng, 0, choices.length - 1)] as (typeof choices)[number];
      const t = choice.next[uniformInt(rng, 0, choice.next.length - 1)] as S;
      const action = actions[choice.a] as (typeof actions)[number];
      taken[choice.a] = (taken[choice.a] as number) + 1;
      if (isNew(t)) fresh[choice.a] = (fresh[choice.a] as number) + 1;
      steps++;
      states.push(t);
      names.push(action.name);
      if (d + 1 > longest) longest = d + 1;
      const ap = (model.actionProperties ?? []).find(
        (p) =>
          (p.actions === undefined || p.actions.includes(action.name)) &&
          !p.holds(s, t, action.name, config),
      );
      if (ap !== undefined) {
        verdict = "violation";
        fail("action-property", ap.name);
        break;
      }
      const bad = violated(t);
      if (bad !== undefined) {
        verdict = "violation";
        fail("invariant", bad);
        break;
      }
      s = t;
    }
    if (progressEvery > 0 && walksDone % progressEvery === 0 && options.onProgress !== undefined) {
      const elapsedMs = (now?.() ?? 0) - started;
      options.onProgress({
        distinctStates: seen.size,
        generatedStates: steps,
        depth: walksDone,
        queueSize: 0,
        elapsedMs,
        statesPerSecond: elapsedMs > 0 ? (steps * 1000) / elapsedMs : 0,
        memoryBytes: seen.bytes(),
      });
    }
  }

  const elapsedMs = (now?.() ?? 0) - started;
  return {
    model: model.name,
    verdict,
    seed: options.seed,
    walks: walksDone,
    steps,
    distinctStates: seen.size,
    depth: longest,
    coverage: actions.map((a, k) => ({
      action: a.name,
      enabled: enabled[k] as number,
      taken: taken[k] as number,
      distinctNew: fresh[k] as number,
    })),
    ...(counterexample !== undefined ? { counterexample } : {}),
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (steps * 1000) / elapsedMs : 0,
  };
}
