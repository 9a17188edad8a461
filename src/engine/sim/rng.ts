/**
 * Seeded randomness for the simulator (pure-rand's xoroshiro128+). Every stream is derived
 * from the run seed and a label (`"network"`, `"node:<id>"`, …), so adding a node or a fault
 * does not shift the draws of unrelated streams.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** A 32-bit seed derived from a run seed and a label (FNV-1a, then a murmur3 finaliser). */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A mutable seeded stream with the draws the simulator needs. */
export class Rng {
  readonly #g: RandomGenerator;

  constructor(seed: number) {
    this.#g = xoroshiro128plus(seed | 0);
  }

  static derive(seed: number, label: string): Rng {
    return new Rng(deriveSeed(seed, label));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.#g);
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return uniformInt(this.#g, lo, hi);
  }

  /** True with probability p (never draws when p is 0 or 1, so streams stay aligned). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.float(), Number.MIN_VALUE);
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A uniform element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)] as T;
  }

  /** A `() => number` view of the stream (what nodes receive as `ctx.random`). */
  asFunction(): () => number {
    return () => this.float();
  }
}
