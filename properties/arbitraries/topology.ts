/**
 * fast-check arbitraries for simulator topologies, in the scenario file's shape
 * (`topology` of src/engine/sim/scenario.ts): ring, grid, random regular, Erdős–Rényi,
 * Watts–Strogatz, Barabási–Albert, star and full mesh, with parameters valid for the number of
 * nodes they are built on (a random-regular degree below n with n × degree even, an even
 * Watts–Strogatz k below n, a Barabási–Albert m below n). {@link arbSizedTopology} draws the
 * number of nodes too.
 */
import fc from "fast-check";
import type { z } from "zod";
import type { topologySchema } from "../../src/engine/sim/scenario.js";

/** A topology as a scenario file states it. */
export type ScenarioTopology = z.infer<typeof topologySchema>;

/** The kinds generated from a node count (the recognition and explicit kinds need more than that). */
export const GENERATED_TOPOLOGY_KINDS = [
  "ring",
  "grid",
  "random-regular",
  "erdos-renyi",
  "watts-strogatz",
  "barabasi-albert",
  "star",
  "full-mesh",
] as const;
export type GeneratedTopologyKind = (typeof GENERATED_TOPOLOGY_KINDS)[number];

export interface TopologyArbitraryOptions {
  /** Only these kinds (default all; kinds impossible for the node count are left out). */
  readonly kinds?: readonly GeneratedTopologyKind[];
  /** Node ids: a star may then name its centre. */
  readonly nodeIds?: readonly string[];
  /** Largest random-regular degree, Watts–Strogatz k, Barabási–Albert m (default 8). */
  readonly maxDegree?: number;
}

/** Whether a kind can be built on `n` nodes. */
export function topologyFits(kind: GeneratedTopologyKind, n: number): boolean {
  switch (kind) {
    case "random-regular":
    case "barabasi-albert":
      return n >= 2;
    case "watts-strogatz":
      return n >= 3;
    default:
      return n >= 1;
  }
}

function ofKind(
  kind: GeneratedTopologyKind,
  n: number,
  o: TopologyArbitraryOptions,
): fc.Arbitrary<ScenarioTopology> {
  const maxDegree = Math.max(1, o.maxDegree ?? 8);
  switch (kind) {
    case "ring":
      return fc.constant({ kind });
    case "grid":
      return fc
        .option(fc.integer({ min: 1, max: Math.max(1, n) }), { nil: undefined })
        .map((width) => (width === undefined ? { kind } : { kind, width }));
    case "random-regular": {
      // degree in [1, n − 1] with n × degree even: any degree when n is even, even ones otherwise.
      const top = Math.min(n - 1, maxDegree);
      const degrees = Array.from({ length: top }, (_, i) => i + 1).filter((d) => (n * d) % 2 === 0);
      return degrees.length === 0
        ? fc.constant({ kind: "ring" as const })
        : fc.constantFrom(...degrees).map((degree) => ({ kind, degree }));
    }
    case "erdos-renyi":
      return fc
        .double({ min: 0.5, max: Math.max(0.5, Math.min(n - 1, maxDegree)), noNaN: true })
        .map((avgDegree) => ({ kind, avgDegree }));
    case "watts-strogatz": {
      const ks: number[] = [];
      for (let k = 2; k <= Math.min(n - 1, maxDegree); k += 2) ks.push(k);
      return ks.length === 0
        ? fc.constant({ kind: "ring" as const })
        : fc
            .record({ k: fc.constantFrom(...ks), beta: fc.double({ min: 0, max: 1, noNaN: true }) })
            .map(({ k, beta }) => ({ kind, k, beta }));
    }
    case "barabasi-albert":
      return fc
        .integer({ min: 1, max: Math.max(1, Math.min(n - 1, maxDegree)) })
        .map((m) => ({ kind, m }));
    case "star": {
      const ids = o.nodeIds ?? [];
      return ids.length === 0
        ? fc.constant({ kind })
        : fc
            .option(fc.constantFrom(...ids), { nil: undefined })
            .map((center) => (center === undefined ? { kind } : { kind, center }));
    }
    case "full-mesh":
      return fc.constant({ kind });
  }
}

/** A topology valid on `n` nodes (n ≥ 1). */
export function arbTopology(
  n: number,
  options: TopologyArbitraryOptions = {},
): fc.Arbitrary<ScenarioTopology> {
  const kinds = (options.kinds ?? GENERATED_TOPOLOGY_KINDS).filter((k) => topologyFits(k, n));
  if (kinds.length === 0)
    throw new Error(`none of the kinds ${String(options.kinds)} can be built on ${n} node(s)`);
  return fc.oneof(...kinds.map((k) => ofKind(k, n, options)));
}

/** A node count and a topology valid on it. */
export interface SizedTopology {
  readonly count: number;
  readonly topology: ScenarioTopology;
}

export interface SizedTopologyOptions extends Omit<TopologyArbitraryOptions, "nodeIds"> {
  /** Node counts (default 3–40). */
  readonly minNodes?: number;
  readonly maxNodes?: number;
}

/** A node count in [minNodes, maxNodes] and a topology of one of the kinds valid on it. */
export function arbSizedTopology(options: SizedTopologyOptions = {}): fc.Arbitrary<SizedTopology> {
  const min = Math.max(1, options.minNodes ?? 3);
  const max = Math.max(min, options.maxNodes ?? 40);
  return fc
    .integer({ min, max })
    .chain((count) => arbTopology(count, options).map((topology) => ({ count, topology })));
}
