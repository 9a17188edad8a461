/**
 * Trace reconstruction. The search keeps fingerprints, not states; a counterexample is rebuilt
 * by replaying the model from Init along the recorded path, as TLC does. Along parent pointers
 * each step is the successor at the recorded position of the recorded action's list (the first
 * successor with that fingerprint, which is the one that was discovered); along other edges (a
 * liveness lasso's cycle) it is the first successor whose fingerprint is the target's.
 */
import { hashValue64 } from "./fingerprint.js";
import type { Model } from "./model.js";

/** Computes the fingerprint of a state as the search sees it: view of the symmetry representative. */
export type StateHasher<S> = (state: S, out: Uint32Array) => number;

/**
 * The canonical hasher of a model: canonical text of `view(symmetry(state))`, hashed to 64 bits
 * into `out` (streamed: the text is never built). Returns the text's length.
 */
export function stateHasher<S, C>(
  model: Model<S, C>,
  config: C,
  useSymmetry: boolean,
): StateHasher<S> {
  const sym = useSymmetry && model.symmetry !== undefined ? model.symmetry.bind(model) : undefined;
  const view = model.view?.bind(model);
  return (state, out) => {
    const rep = sym !== undefined ? sym(state, config) : state;
    return hashValue64(view !== undefined ? view(rep) : rep, out);
  };
}

/** What the search records per state. */
export interface PathStore {
  parent(i: number): number;
  action(i: number): number;
  ordinal(i: number): number;
}

/** The path from an initial state to state `i`: state indices and the action index of each step. */
export function pathTo(store: PathStore, i: number): { states: number[]; actions: number[] } {
  const states: number[] = [];
  const actions: number[] = [];
  let cur = i;
  while (cur >= 0) {
    states.push(cur);
    const p = store.parent(cur);
    if (p >= 0) actions.push(store.action(cur));
    cur = p;
  }
  states.reverse();
  actions.reverse();
  return { states, actions };
}

/**
 * Replays the path of parent pointers ending at state `states[last]` (as `pathTo` returns it):
 * the concrete states, each the successor at its recorded position. Throws if the model does not
 * reproduce a step (a model that is not deterministic).
 */
export function replayPath<S, C>(
  model: Model<S, C>,
  config: C,
  store: PathStore,
  states: readonly number[],
): S[] {
  const first = states[0];
  if (first === undefined) return [];
  let cur = model.init(config)[store.ordinal(first)];
  if (cur === undefined)
    throw new Error(`${model.name}: replay found no initial state at the recorded position`);
  const result: S[] = [cur];
  for (let k = 1; k < states.length; k++) {
    const target = states[k] as number;
    const action = model.actions[store.action(target)];
    if (action === undefined) throw new Error(`${model.name}: replay: bad action index`);
    const next: S | undefined = action.next(cur, config)[store.ordinal(target)];
    if (next === undefined)
      throw new Error(
        `${model.name}: replay: ${action.name} did not reproduce step ${k} (is the model deterministic?)`,
      );
    result.push(next);
    cur = next;
  }
  return result;
}

/**
 * Replays a path of stored state indices through arbitrary edges: `actions[k]` is the index of
 * the action from `states[k]` to `states[k + 1]`, and each step takes the first successor whose
 * fingerprint (by `hash`) is the recorded one (`fingerprintOf`). The first state is rebuilt along
 * parent pointers.
 */
export function replay<S, C>(
  model: Model<S, C>,
  config: C,
  hash: StateHasher<S>,
  store: PathStore & { fingerprintOf(i: number): { hi: number; lo: number } },
  states: readonly number[],
  actions: readonly number[],
): S[] {
  const out = new Uint32Array(2);
  const matches = (s: S, i: number) => {
    hash(s, out);
    const fp = store.fingerprintOf(i);
    return out[0] === fp.hi && out[1] === fp.lo;
  };
  const first = states[0];
  if (first === undefined) return [];
  const stem = replayPath(model, config, store, pathTo(store, first).states);
  let cur = stem[stem.length - 1] as S;
  const result: S[] = [cur];
  for (let k = 1; k < states.length; k++) {
    const target = states[k] as number;
    const action = model.actions[actions[k - 1] as number];
    if (action === undefined) throw new Error(`${model.name}: replay: bad action index`);
    const from: S = cur;
    const next = action.next(from, config).find((s) => matches(s, target));
    if (next === undefined)
      throw new Error(
        `${model.name}: replay: ${action.name} did not reproduce step ${k} (is the model deterministic?)`,
      );
    result.push(next);
    cur = next;
  }
  return result;
}
