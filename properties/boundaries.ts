/**
 * Boundary classes of the generators (SPEC.md §11): every generator the suites use names the
 * edges of the domain the spec allows — values at and next to every tolerance and threshold,
 * the largest allowed integers, empty and large collections, windows that touch, instants
 * next to midnight, … — as predicates over generated values. A test fails when a class is
 * not hit often enough in 1 000 cases at the default seed, and `bench/boundaries.ts` records
 * the hit rates in bench/RESULTS.md.
 */
import fc from "fast-check";
import type { SuiteName } from "./property.js";

/** One boundary class: a predicate over generated values and the spec text that makes it one. */
export interface BoundaryClass<T> {
  /** Short name, e.g. "quantity = smallest allowed (1e-9)". */
  readonly name: string;
  /** Where the spec allows or fixes this edge, e.g. "§1", "§4.1". */
  readonly spec: string;
  readonly hit: (value: T) => boolean;
  /** Minimum hits per 1 000 generated cases (default 10, i.e. 1 %). */
  readonly minPer1000?: number;
}

/** A generator the suites use and its boundary classes. */
export interface GeneratorBoundaries<T> {
  /** The generator's name as exported (e.g. "arbAllocationInput"). */
  readonly generator: string;
  readonly suite: SuiteName;
  /**
   * The invariant IDs whose properties draw from this generator. A SPEC.md table with a
   * "generated cases" column names, per ID, cases that must be classes of one of its
   * generators (test/spec-cases.test.ts).
   */
  readonly ids?: readonly string[];
  readonly arbitrary: fc.Arbitrary<T>;
  readonly classes: readonly BoundaryClass<T>[];
}

/** Erases the value type so generators of different types sit in one catalogue. */
export function boundaries<T>(g: GeneratorBoundaries<T>): GeneratorBoundaries<unknown> {
  return g as unknown as GeneratorBoundaries<unknown>;
}

export interface BoundaryMeasure {
  readonly generator: string;
  readonly suite: SuiteName;
  readonly cls: string;
  readonly spec: string;
  /** Hits per 1 000 cases. */
  readonly per1000: number;
  readonly min: number;
}

/** Draws `cases` values (seeded) and counts, per class, how many hit it, scaled to per 1 000. */
export function measureBoundaries(
  g: GeneratorBoundaries<unknown>,
  cases = 1000,
  seed = 42,
): BoundaryMeasure[] {
  const values = fc.sample(g.arbitrary, { numRuns: cases, seed });
  return g.classes.map((c) => {
    let hits = 0;
    for (const v of values) if (c.hit(v)) hits++;
    return {
      generator: g.generator,
      suite: g.suite,
      cls: c.name,
      spec: c.spec,
      per1000: Math.round((hits * 1000) / cases),
      min: c.minPer1000 ?? 10,
    };
  });
}
