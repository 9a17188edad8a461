/**
 * Interval Tree Clock data types (Almeida, Baquero, Fonte — OPODIS 2008).
 *
 * The JSON shape is public and stable:
 *   Stamp = { id: Id, event: Ev }
 *   Id    = 0 | 1 | { l: Id, r: Id }
 *   Ev    = n | { n, l: Ev, r: Ev }      (n a non-negative safe integer)
 *
 * Every value produced by this module is deeply frozen and in normal form. A stamp's `event` is an
 * enumerable accessor (not a data property): the operations compute on a compact array form
 * (compact.ts) and build the frozen object tree the first time `event` is read; every read
 * returns that same tree.
 */

/** An internal id node `(l, r)`: the left child covers the left half of the parent's interval. */
export interface IdNode {
  readonly l: Id;
  readonly r: Id;
}

/** Identity: `0` (owns nothing), `1` (owns the whole interval) or a node splitting it in halves. */
export type Id = 0 | 1 | IdNode;

/** An internal event node `(n, l, r)`: `n` is added to every value below it. */
export interface EvNode {
  readonly n: number;
  readonly l: Ev;
  readonly r: Ev;
}

/** Event tree: an integer counter or a node. */
export type Ev = number | EvNode;

/** A stamp: the pair (id, event). `id = 0` is an anonymous stamp (e.g. a message). */
export interface Stamp {
  readonly id: Id;
  readonly event: Ev;
}

/**
 * Largest counter value: every effective counter (the sum of `n` along a root-to-leaf path) must
 * stay a safe integer so that comparisons are exact.
 */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;
