/**
 * The cost of an ITC comparison (leq) and merge (join) on stamps that V2 actually compares
 * (claim S2-14: "O(log N)"). Wall-clock timing would make the verdict depend on the machine and
 * its load, so the cost is counted: the number of (sub)tree pairs the paper's recursive
 * definitions of leq and join visit on the two event trees (Almeida et al., §5.3), one visit per
 * call. leq stops at the first counter that is larger (as an implementation does); join walks
 * until one side is a leaf, which a counter expands to (n, 0, 0) for. The encoded size of the
 * operands (Appendix-A bits) is counted as well: an implementation that does no more than read
 * its operands costs at least that much.
 *
 * The counting walks build their results too, so that a test can check them against the
 * library's own leq and join (src/core/itc): the count is of the same computation.
 *
 * The operands come from V2 simulations (src/audit/scaling-sweeps.ts): at the end of a run, each
 * active node's own stamp and the stamps it last accepted from its peers (what it compares an
 * incoming message's stamp with, and merges it into).
 */
import * as itc from "../core/itc/index.js";
import type { Ev, Stamp } from "../core/itc/index.js";
import { Rng } from "../engine/sim/rng.js";

/** A counter lifted by `m` (the paper's lift on a leaf), or a node with its root value lifted. */
function lift(e: Ev, m: number): Ev {
  return typeof e === "number" ? e + m : { n: e.n + m, l: e.l, r: e.r };
}

function sink(e: Ev, m: number): Ev {
  return typeof e === "number" ? e - m : { n: e.n - m, l: e.l, r: e.r };
}

function minOf(e: Ev): number {
  // A normal-form tree has a child whose minimum is 0: its minimum is its root value.
  return typeof e === "number" ? e : e.n;
}

/** The paper's norm of (n, l, r) with normal children. */
function norm(n: number, l: Ev, r: Ev): Ev {
  if (typeof l === "number" && typeof r === "number" && l === r) return n + l;
  const m = Math.min(minOf(l), minOf(r));
  return { n: n + m, l: sink(l, m), r: sink(r, m) };
}

/** leq(a, b) by the paper's definition, with the number of calls it made. */
export function countLeq(a: Ev, b: Ev): { readonly result: boolean; readonly visits: number } {
  let visits = 0;
  const go = (x: Ev, y: Ev): boolean => {
    visits++;
    if (typeof x === "number") return x <= (typeof y === "number" ? y : y.n);
    if (typeof y === "number") return x.n <= y && go(lift(x.l, x.n), y) && go(lift(x.r, x.n), y);
    return x.n <= y.n && go(lift(x.l, x.n), lift(y.l, y.n)) && go(lift(x.r, x.n), lift(y.r, y.n));
  };
  const result = go(a, b);
  return { result, visits };
}

/** join(a, b) by the paper's definition (normal form), with the number of calls it made. */
export function countJoin(a: Ev, b: Ev): { readonly result: Ev; readonly visits: number } {
  let visits = 0;
  const go = (x: Ev, y: Ev): Ev => {
    visits++;
    if (typeof x === "number" && typeof y === "number") return Math.max(x, y);
    const nx = typeof x === "number" ? { n: x, l: 0, r: 0 } : x;
    const ny = typeof y === "number" ? { n: y, l: 0, r: 0 } : y;
    if (nx.n > ny.n) return go(ny, nx);
    const d = ny.n - nx.n;
    return norm(nx.n, go(nx.l, lift(ny.l, d)), go(nx.r, lift(ny.r, d)));
  };
  const result = go(a, b);
  return { result, visits };
}

/** One pair of operands: a node's own stamp and a peer's stamp it holds. */
export interface OperandPair {
  readonly own: Stamp;
  readonly peer: Stamp;
}

export interface OpCost {
  /** Pairs measured. */
  readonly pairs: number;
  /** Mean calls of leq(own, peer) and leq(peer, own), per comparison. */
  readonly leqVisits: number;
  /** Mean calls of join(own, peer) (event trees). */
  readonly joinVisits: number;
  /** Mean encoded bits of the two operands together (Appendix A). */
  readonly operandBits: number;
  /** Mean event-tree nodes of the two operands together. */
  readonly operandNodes: number;
}

function nodes(e: Ev): number {
  return typeof e === "number" ? 1 : 1 + nodes(e.l) + nodes(e.r);
}

/**
 * The mean cost over up to `maxPairs` of the pairs, chosen by a seeded shuffle (all of them when
 * there are fewer); deterministic in its arguments.
 */
export function measureOpCost(
  pairs: readonly OperandPair[],
  maxPairs: number,
  seed: number,
  label: string,
): OpCost {
  const pool = [...pairs];
  const rng = Rng.derive(seed, `itc-op-cost:${label}`);
  const k = Math.min(maxPairs, pool.length);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, pool.length - 1);
    const t = pool[i] as OperandPair;
    pool[i] = pool[j] as OperandPair;
    pool[j] = t;
  }
  let leq = 0;
  let join = 0;
  let bits = 0;
  let size = 0;
  for (const p of pool.slice(0, k)) {
    const a = p.own.event;
    const b = p.peer.event;
    leq += countLeq(a, b).visits + countLeq(b, a).visits;
    join += countJoin(a, b).visits;
    bits += itc.bitLength(p.own) + itc.bitLength(itc.peek(p.peer));
    size += nodes(a) + nodes(b);
  }
  const mean = (x: number) => (k === 0 ? 0 : x / k);
  return {
    pairs: k,
    leqVisits: leq / (2 * Math.max(1, k)),
    joinVisits: mean(join),
    operandBits: mean(bits),
    operandNodes: mean(size),
  };
}
