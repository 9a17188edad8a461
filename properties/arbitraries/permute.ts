import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * Returns a deep copy of a JSON value in which every array whose order carries no meaning
 * (all arrays of an allocation input) is shuffled and every object's keys are re-inserted
 * in a shuffled order. Deterministic in `seed`.
 */
export function permuteDeep<T>(value: T, seed: number): T {
  const rng = xoroshiro128plus(seed);
  const shuffle = <U>(xs: U[]): U[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [xs[i], xs[j]] = [xs[j] as U, xs[i] as U];
    }
    return xs;
  };
  const go = (v: unknown): unknown => {
    if (Array.isArray(v)) return shuffle(v.map(go));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const k of shuffle(Object.keys(v))) out[k] = go((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return go(value) as T;
}
