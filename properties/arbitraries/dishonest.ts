/**
 * fast-check arbitraries for dishonest agents, in the scenario file's shapes
 * (src/engine/sim/scenario.ts `dishonest`): the strategies of src/core/protocols/dishonest.ts —
 * inflating or deflating gossiped denominators, lying about need, noise, and a colluding group
 * that gossips one value with full confidence — limited to those a protocol supports (p2p: all;
 * v2: lie-need and noise; v1: lie-need), and who lies: a fraction of the eligible nodes or, with
 * node ids, a named group.
 */
import fc from "fast-check";
import type { z } from "zod";
import type { DishonestStrategy } from "../../src/core/protocols/dishonest.js";
import { DISHONEST_KINDS } from "../../src/core/protocols/dishonest.js";
import type { dishonestSchema } from "../../src/engine/sim/scenario.js";

export type ScenarioDishonest = z.infer<typeof dishonestSchema>;
export type DishonestKind = (typeof DISHONEST_KINDS)[number];

/** The strategies each protocol's dishonest agents support (the router has none). */
export const DISHONEST_KINDS_BY_PROTOCOL: Readonly<
  Record<"p2p" | "v2" | "v1", readonly DishonestKind[]>
> = {
  p2p: DISHONEST_KINDS,
  v2: ["lie-need", "noise"],
  v1: ["lie-need"],
};

export interface DishonestArbitraryOptions {
  /** Only strategies this protocol supports (default p2p: all). */
  readonly protocol?: "p2p" | "v2" | "v1";
  /** Only these kinds (intersected with the protocol's). */
  readonly kinds?: readonly DishonestKind[];
  /** Node ids that may be named as liars (a colluding group, say). */
  readonly nodeIds?: readonly string[];
  /** Largest fraction of liars (default 0.5). */
  readonly maxFraction?: number;
}

const factor = fc.oneof(
  fc.constantFrom(1, 2, 10, 100),
  fc.double({ min: 1, max: 1000, noNaN: true }),
);

function ofKind(kind: DishonestKind): fc.Arbitrary<DishonestStrategy> {
  switch (kind) {
    case "inflate":
      return factor.map((f) => ({ kind, factor: f }));
    case "deflate":
      return factor.map((f) => ({ kind, factor: f }));
    case "lie-need":
      return fc
        .oneof(fc.constantFrom(0.5, 2, 10), fc.double({ min: 0.01, max: 100, noNaN: true }))
        .map((f) => ({ kind, factor: f }));
    case "noise":
      return fc
        .oneof(fc.constantFrom(0.1, 0.5, 1), fc.double({ min: 0.01, max: 3, noNaN: true }))
        .map((sigma) => ({ kind, sigma }));
    case "collude":
      return fc
        .oneof(fc.constantFrom(0, 1, 1e6), fc.double({ min: 0, max: 1e9, noNaN: true }))
        .map((value) => ({ kind, value }));
  }
}

/** The kinds allowed by the options. */
export function dishonestKinds(options: DishonestArbitraryOptions = {}): DishonestKind[] {
  const allowed = DISHONEST_KINDS_BY_PROTOCOL[options.protocol ?? "p2p"];
  return allowed.filter((k) => options.kinds === undefined || options.kinds.includes(k));
}

/** A strategy of one of the allowed kinds, with its parameter. */
export function arbDishonestStrategy(
  options: DishonestArbitraryOptions = {},
): fc.Arbitrary<DishonestStrategy> {
  const kinds = dishonestKinds(options);
  if (kinds.length === 0) throw new Error("no dishonest strategy is allowed by these options");
  return fc.oneof(...kinds.map(ofKind));
}

/**
 * Who lies and how: a fraction of the eligible nodes, or (with node ids) a named group of one
 * to four nodes — with `collude`, a colluding group gossiping one value.
 */
export function arbDishonest(
  options: DishonestArbitraryOptions = {},
): fc.Arbitrary<ScenarioDishonest> {
  const ids = options.nodeIds ?? [];
  const byFraction = fc.record({
    fraction: fc.double({
      min: 0,
      max: Math.min(1, Math.max(0, options.maxFraction ?? 0.5)),
      noNaN: true,
    }),
    strategy: arbDishonestStrategy(options),
  });
  if (ids.length === 0) return byFraction;
  const group = fc
    .record({
      nodes: fc.uniqueArray(fc.constantFrom(...ids), {
        minLength: 1,
        maxLength: Math.min(4, ids.length),
      }),
      strategy: arbDishonestStrategy(options),
    })
    .map(({ nodes, strategy }) => ({ fraction: 0, nodes, strategy }));
  return fc.oneof(byFraction, group);
}
