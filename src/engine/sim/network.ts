/**
 * The network model: per-link latency distributions, loss and duplication (reordering comes
 * from latency jitter), and partition groups.
 */
import type { Rng } from "./rng.js";

export type LatencyModel =
  | { readonly dist: "constant"; readonly ms: number }
  | { readonly dist: "uniform"; readonly min: number; readonly max: number }
  | { readonly dist: "exponential"; readonly mean: number; readonly min: number }
  /** Log-normal: median·exp(σZ), at least `min`. */
  | {
      readonly dist: "lognormal";
      readonly median: number;
      readonly sigma: number;
      readonly min: number;
    };

export interface LinkModel {
  readonly latency: LatencyModel;
  /** Probability a message is lost. */
  readonly loss: number;
  /** Probability a message is delivered twice (each copy with its own latency). */
  readonly duplicate: number;
}

export function sampleLatency(m: LatencyModel, rng: Rng): number {
  switch (m.dist) {
    case "constant":
      return m.ms;
    case "uniform":
      return m.min + (m.max - m.min) * rng.float();
    case "exponential":
      return m.min + rng.exponential(m.mean);
    case "lognormal":
      return Math.max(m.min, m.median * Math.exp(m.sigma * rng.normal()));
  }
}

/** A default link model and per-link overrides (unordered pairs). */
export class Network {
  readonly #default: LinkModel;
  readonly #links = new Map<string, LinkModel>();

  constructor(
    defaultLink: LinkModel,
    overrides: readonly { a: string; b: string; link: LinkModel }[] = [],
  ) {
    this.#default = defaultLink;
    for (const o of overrides) this.#links.set(Network.key(o.a, o.b), o.link);
  }

  static key(a: string, b: string): string {
    return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  }

  link(a: string, b: string): LinkModel {
    if (this.#links.size === 0) return this.#default;
    return this.#links.get(Network.key(a, b)) ?? this.#default;
  }
}
