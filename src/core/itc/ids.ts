/**
 * Id-tree algorithms (paper §5): split (for fork), sum (for join) and equality. Iterative.
 */
import { CoreError } from "../errors.js";
import { idNode, mkId } from "./nodes.js";
import type { Id, IdNode } from "./types.js";

const HALF_L: IdNode = idNode(1, 0);
const HALF_R: IdNode = idNode(0, 1);

/**
 * `split(i)`: two disjoint ids whose sum is `i`. `split(0) = (0, 0)`, `split(1) = ((1,0), (0,1))`,
 * a node with a single non-zero child splits that child, a node with two splits between them.
 */
export function split(i: Id): [Id, Id] {
  if (i === 0) return [0, 0];
  if (i === 1) return [HALF_L, HALF_R];
  // Descend through single-child nodes, recording the side taken (true = right).
  const rightSide: boolean[] = [];
  let cur: Id = i;
  while (typeof cur === "object") {
    if (cur.l === 0) {
      rightSide.push(true);
      cur = cur.r;
    } else if (cur.r === 0) {
      rightSide.push(false);
      cur = cur.l;
    } else break;
  }
  let a: Id;
  let b: Id;
  if (typeof cur === "object") {
    a = idNode(cur.l, 0);
    b = idNode(0, cur.r);
  } else {
    a = HALF_L;
    b = HALF_R;
  }
  for (let k = rightSide.length - 1; k >= 0; k--) {
    if (rightSide[k] === true) {
      a = idNode(0, a);
      b = idNode(0, b);
    } else {
      a = idNode(a, 0);
      b = idNode(b, 0);
    }
  }
  return [a, b];
}

function overlap(where: string): CoreError {
  return new CoreError(
    "ITC_OVERLAPPING_IDS",
    `${where}: the stamps' ids overlap (they have no sum)`,
  );
}

const S_VISIT = 0;
const S_BUILD = 1;

/** `sum(a, b)`: the union of two disjoint ids. Throws ITC_OVERLAPPING_IDS when they overlap. */
export function sum(a: Id, b: Id, where = "join"): Id {
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === 1 || b === 1) throw overlap(where);
  const work: (Id | number)[] = [b, a, S_VISIT];
  const res: Id[] = [];
  while (work.length > 0) {
    const tag = work.pop() as number;
    if (tag === S_BUILD) {
      const r = res.pop() as Id;
      const l = res.pop() as Id;
      res.push(mkId(l, r));
      continue;
    }
    const x = work.pop() as Id;
    const y = work.pop() as Id;
    if (x === 0) res.push(y);
    else if (y === 0) res.push(x);
    else if (x === 1 || y === 1) throw overlap(where);
    else work.push(S_BUILD, y.r, x.r, S_VISIT, y.l, x.l, S_VISIT);
  }
  return res[0] as Id;
}

/** Structural equality of two ids. */
export function equalsId(a: Id, b: Id): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object") return false;
  const st: Id[] = [a, b];
  while (st.length > 0) {
    const y = st.pop() as Id;
    const x = st.pop() as Id;
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object") return false;
    st.push(x.r, y.r, x.l, y.l);
  }
  return true;
}

/** True when the ids share no part of the interval (so that `sum` is defined). */
export function disjoint(a: Id, b: Id): boolean {
  const st: Id[] = [a, b];
  while (st.length > 0) {
    const y = st.pop() as Id;
    const x = st.pop() as Id;
    if (x === 0 || y === 0) continue;
    if (x === 1 || y === 1) return false;
    st.push(x.r, y.r, x.l, y.l);
  }
  return true;
}

/**
 * The union of two ids, overlapping or not (`sum` is its disjoint case). For id-space accounting
 * (the simulator's ITC-ID-1), not an ITC operation of the paper.
 */
export function idUnion(a: Id, b: Id): Id {
  if (a === 0 || b === 1) return b;
  if (b === 0 || a === 1) return a;
  return mkId(idUnion(a.l, b.l), idUnion(a.r, b.r));
}

/** The share of the interval an id owns: 1 for `1`, 0 for `0`, the mean of its halves' shares. */
export function idMeasure(i: Id): number {
  return i === 0 ? 0 : i === 1 ? 1 : (idMeasure(i.l) + idMeasure(i.r)) / 2;
}
