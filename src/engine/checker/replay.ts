/**
 * Trace reconstruction. The search keeps fingerprints, not states; a counterexample is rebuilt
 * by replaying the model from Init along the recorded path (state indices and action indices),
 * at each step picking the successor whose fingerprint is the recorded one — as TLC does.
 */
import { hashValue64 } from "./fingerprint.js";
import type { Model } from "./model.js";
import type { StateStore } from "./state-store.js";

/** Computes the fingerprint of a state as the search sees it: view of the symmetry representative. */
export type StateHasher<S> = (state: S, out: Uint32Array) => number;

/**
 * The hasher of a model: canonical text of `view(symmetry(state))`, hashed to 64 bits into
 * `out` (streamed: the text is never built). Returns the text's length (it feeds the memory
 * estimate).
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

/** The path from an initial state to state `i`: state indices and the action index of each step. */
export function pathTo(store: StateStore, i: number): { states: number[]; actions: number[] } {
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
 * Replays a path of stored state indices: returns the concrete states. `actions[k]` is the
 * index of the action from `states[k]` to `states[k + 1]`. Throws if the model does not
 * reproduce a recorded fingerprint (a model that is not deterministic).
 */
export function replay<S, C>(
  model: Model<S, C>,
  config: C,
  hash: StateHasher<S>,
  store: StateStore,
  states: readonly number[],
  actions: readonly number[],
): S[] {
  const out = new Uint32Array(2);
  const matches = (s: S, i: number) => {
    hash(s, out);
    return out[0] === store.fingerprintHi(i) && out[1] === store.fingerprintLo(i);
  };
  const first = states[0];
  if (first === undefined) return [];
  const inits = model.init(config);
  const hinted = inits[store.parent(first) < 0 ? store.action(first) : -1];
  let cur =
    hinted !== undefined && matches(hinted, first) ? hinted : inits.find((s) => matches(s, first));
  if (cur === undefined)
    throw new Error(`${model.name}: replay found no initial state with the recorded fingerprint`);
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
