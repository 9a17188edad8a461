/**
 * Event-tree algorithms of the paper (§5) on the object form: equality, leq, join, fill and grow.
 * No library code calls them (the library runs these operations on compact.ts's arrays); they are
 * the differential oracle the compact operations are checked against, and two zoo mutants are
 * built from them. Moved here from src/core/itc/events.ts (session 7): code the product never
 * runs does not belong in its mutation score.
 *
 * Inputs are normal forms (callers check); outputs are normal forms. All traversals use explicit
 * stacks, so trees of any depth are handled without recursion. Lifting ("lift(e, m)") is carried
 * as an offset next to a subtree instead of allocating a lifted copy.
 */
import { GROW_NODE_COST, maxOf } from "../../../src/core/itc/events.js";
import { base, checkCounter, evNode, mkEv, mkEvLike } from "../../../src/core/itc/nodes.js";
import type { Ev, EvNode, Id } from "../../../src/core/itc/types.js";

/** Structural equality of two event trees. */
export function equalsEv(a: Ev, b: Ev): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") return false;
  const st: Ev[] = [a, b];
  while (st.length > 0) {
    const y = st.pop() as Ev;
    const x = st.pop() as Ev;
    if (x === y) continue;
    if (typeof x === "number" || typeof y === "number" || x.n !== y.n) return false;
    st.push(x.r, y.r, x.l, y.l);
  }
  return true;
}

/** `a ≤ b`: every counter of `a` is at most the corresponding counter of `b`. */
export function leqEv(a: Ev, b: Ev): boolean {
  if (typeof a === "number") return a <= base(b);
  if (a === b) return true;
  if (typeof b === "number") return maxOf(a) <= b;
  // Stack of (x, ox, y, oy): is lift(x, ox) ≤ lift(y, oy)?
  const st: (Ev | number)[] = [a, 0, b, 0];
  while (st.length > 0) {
    const oy = st.pop() as number;
    const y = st.pop() as Ev;
    const ox = st.pop() as number;
    const x = st.pop() as Ev;
    if (typeof x === "number") {
      if (x + ox > base(y) + oy) return false;
      continue;
    }
    if (x === y && ox <= oy) continue;
    const nx = x.n + ox;
    if (typeof y === "number") {
      if (nx > y + oy || maxOf(x) + ox > y + oy) return false;
      continue;
    }
    const ny = y.n + oy;
    if (nx > ny) return false;
    st.push(x.r, nx, y.r, ny, x.l, nx, y.l, ny);
  }
  return true;
}

/** Shared scratch stacks of joinEv (it never re-enters itself). */
const J = {
  fx: [] as Ev[],
  fox: [] as number[],
  fy: [] as Ev[],
  foy: [] as number[],
  fm: [] as number[],
  rk: [] as number[],
  rv: [] as number[],
  rl: [] as Ev[],
  rr: [] as Ev[],
};

const R_INT = 0; // a counter: its value
const R_NODE = 1; // an existing node, possibly lifted: its root value and the node
const R_PENDING = 2; // a node not built yet: its root value and its (built) children

/**
 * Pointwise maximum `a ⊔ b`, in normal form. Shares unchanged subtrees with the inputs.
 *
 * Iterative post-order over pairs (x lifted by ox, y lifted by oy). A finished subtree stays
 * pending (root value plus built children) until its parent knows how much of the root value
 * normalisation moves up, so that each result node is allocated once.
 */
export function joinEv(a: Ev, b: Ev): Ev {
  if (a === b) return a;
  if (typeof a === "number" && typeof b === "number") return a > b ? a : b;
  const { fx, fox, fy, foy, fm, rk, rv, rl, rr } = J;
  // Frames (stack pointer fs): the pair, and the result's root value before normalisation
  // (-1 until the frame is expanded into its two halves).
  fx[0] = a;
  fox[0] = 0;
  fy[0] = b;
  foy[0] = 0;
  fm[0] = -1;
  let fs = 1;
  let high = 1;
  // Finished results (stack pointer rs; see R_*): kind, root value, node or children.
  let rs = 0;
  while (fs > 0) {
    const k = fs - 1;
    const x = fx[k] as Ev;
    const ox = fox[k] as number;
    const y = fy[k] as Ev;
    const oy = foy[k] as number;
    const m = fm[k] as number;
    if (m < 0) {
      // Leaves and dominated subtrees finish at once; otherwise expand into the two halves.
      let done: Ev | undefined;
      let off = 0;
      if (x === y && ox === oy) {
        done = x;
        off = ox;
      } else if (typeof x === "number") {
        if (typeof y === "number") done = x + ox > y + oy ? x + ox : y + oy;
        else if (x + ox <= y.n + oy) {
          done = y;
          off = oy;
        }
      } else if (typeof y === "number" && y + oy <= x.n + ox) {
        done = x;
        off = ox;
      }
      if (done === undefined) {
        const nx = base(x) + ox;
        const ny = base(y) + oy;
        const mm = nx < ny ? nx : ny;
        fm[k] = mm;
        const dx = nx - mm;
        const dy = ny - mm;
        // The right pair goes below the left one, so that the left one finishes first.
        fx[fs] = typeof x === "number" ? 0 : x.r;
        fy[fs] = typeof y === "number" ? 0 : y.r;
        fox[fs] = dx;
        foy[fs] = dy;
        fm[fs] = -1;
        fs++;
        fx[fs] = typeof x === "number" ? 0 : x.l;
        fy[fs] = typeof y === "number" ? 0 : y.l;
        fox[fs] = dx;
        foy[fs] = dy;
        fm[fs] = -1;
        fs++;
        if (fs > high) high = fs;
        continue;
      }
      fs--;
      if (typeof done === "number") {
        rk[rs] = R_INT;
        rv[rs] = done + off;
        rl[rs] = 0;
      } else {
        rk[rs] = R_NODE;
        rv[rs] = done.n + off;
        rl[rs] = done;
      }
      rr[rs] = 0;
      rs++;
      continue;
    }
    // Both halves finished: normalise, then reuse x or y if the result is one of them.
    fs--;
    rs -= 2;
    const j = rs;
    const kl = rk[j] as number;
    const kr = rk[j + 1] as number;
    const bl = rv[j] as number;
    const br = rv[j + 1] as number;
    rs++;
    if (kl === R_INT && kr === R_INT && bl === br) {
      rv[j] = m + bl;
      continue;
    }
    const s = bl < br ? bl : br;
    const l = settle(kl, bl - s, rl[j] as Ev, rr[j] as Ev);
    const r = settle(kr, br - s, rl[j + 1] as Ev, rr[j + 1] as Ev);
    const root = m + s;
    rv[j] = root;
    if (typeof x !== "number" && ox === 0 && root === x.n && l === x.l && r === x.r) {
      rk[j] = R_NODE;
      rl[j] = x;
    } else if (typeof y !== "number" && oy === 0 && root === y.n && l === y.l && r === y.r) {
      rk[j] = R_NODE;
      rl[j] = y;
    } else {
      rk[j] = R_PENDING;
      rl[j] = l;
      rr[j] = r;
    }
  }
  const out = settle(rk[0] as number, rv[0] as number, rl[0] as Ev, rr[0] as Ev);
  // Drop references to the trees from the shared stacks (results use at most `high` slots).
  for (let k = 0; k < high; k++) {
    fx[k] = 0;
    fy[k] = 0;
    rl[k] = 0;
    rr[k] = 0;
  }
  return out;
}

/** Builds a finished join result (see R_*) with root value `v`. */
function settle(kind: number, v: number, l: Ev, r: Ev): Ev {
  if (kind === R_INT) return v;
  if (kind === R_NODE) {
    const o = l as EvNode;
    return v === o.n ? o : evNode(v, o.l, o.r);
  }
  return evNode(v, l, r);
}

const F_VISIT = 0;
const F_LEFT_ONE = 1; // id (1, ir): the left half becomes an integer
const F_RIGHT_ONE = 2; // id (il, 1): the right half becomes an integer
const F_BOTH = 3;

/** Shared scratch stacks of fill (it never re-enters itself). */
const F = { fi: [] as Id[], fe: [] as Ev[], fst: [] as number[], res: [] as Ev[] };

/**
 * `fill(i, e)`: raises the counters of `e` inside the intervals owned by `i` as far as possible
 * without adding nodes. Returns `e` itself (the same object) when nothing changes.
 */
export function fill(i: Id, e: Ev): Ev {
  if (i === 0) return e;
  if (typeof e === "number") return e;
  if (i === 1) return maxOf(e);
  const { fi, fe, fst, res } = F;
  fi[0] = i;
  fe[0] = e;
  fst[0] = F_VISIT;
  let sp = 1;
  let high = 1;
  let rs = 0;
  while (sp > 0) {
    const k = sp - 1;
    // Never an id 1: the root is not 1 (returned above), and a node with a child 1 fills that
    // half itself (F_LEFT_ONE / F_RIGHT_ONE; (1, 1) is not normal).
    const id = fi[k] as Exclude<Id, 1>;
    const ev = fe[k] as Ev;
    const st = fst[k] as number;
    if (st === F_VISIT) {
      if (id === 0 || typeof ev === "number") {
        res[rs++] = ev;
        sp--;
      } else if (id.l === 1) {
        fst[k] = F_LEFT_ONE;
        fi[sp] = id.r;
        fe[sp] = ev.r;
        fst[sp++] = F_VISIT;
      } else if (id.r === 1) {
        fst[k] = F_RIGHT_ONE;
        fi[sp] = id.l;
        fe[sp] = ev.l;
        fst[sp++] = F_VISIT;
      } else {
        // The right half below the left one, so that the left one finishes first.
        fst[k] = F_BOTH;
        fi[sp] = id.r;
        fe[sp] = ev.r;
        fst[sp++] = F_VISIT;
        fi[sp] = id.l;
        fe[sp] = ev.l;
        fst[sp++] = F_VISIT;
      }
      if (sp > high) high = sp;
      continue;
    }
    sp--;
    const node = ev as EvNode;
    if (st === F_LEFT_ONE) {
      const er = res[rs - 1] as Ev;
      const ml = maxOf(node.l);
      const br = base(er);
      res[rs - 1] = mkEvLike(node, node.n, ml > br ? ml : br, er);
    } else if (st === F_RIGHT_ONE) {
      const el = res[rs - 1] as Ev;
      const mr = maxOf(node.r);
      const bl = base(el);
      res[rs - 1] = mkEvLike(node, node.n, el, mr > bl ? mr : bl);
    } else {
      const er = res[--rs] as Ev;
      const el = res[rs - 1] as Ev;
      res[rs - 1] = mkEvLike(node, node.n, el, er);
    }
  }
  const out = res[0] as Ev;
  // Drop references to the trees from the shared stacks.
  for (let k = 0; k < high; k++) {
    fi[k] = 0;
    fe[k] = 0;
    res[k] = 0;
  }
  return out;
}

/** Shared scratch frames of grow (it never re-enters itself). */
const G = {
  fId: [] as Id[],
  fEv: [] as Ev[],
  fCost: [] as number[],
  fL: [] as number[],
  fR: [] as number[],
  fDir: [] as number[],
  stack: [] as number[],
};

/**
 * `grow(i, e)`: the cheapest inflation of `e` inside `i` (incrementing one integer, adding nodes
 * only if needed; each added node costs {@link GROW_NODE_COST}, each level 1; ties go right).
 * Precondition: `i ≠ 0` and `fill(i, e) = e`.
 */
export function grow(i: Id, e: Ev): Ev {
  if (i === 1 && typeof e === "number") return checkCounter(e + 1);
  const { fId, fEv, fCost, fL, fR, fDir, stack } = G;
  // Frames 0..nf−1 of the (id, event) pairs visited; an integer event below an id node counts
  // as (n, 0, 0) plus the cost of a new node. fDir: 0 = leaf, 1 = grow left, 2 = grow right.
  // fL / fR of a frame are written at its first visit, before any read (a leaf never reads them).
  fId[0] = i;
  fEv[0] = e;
  fDir[0] = -1;
  let nf = 1;
  stack[0] = 0;
  let sp = 1;
  while (sp > 0) {
    const f = stack[sp - 1] as number;
    const id = fId[f] as Id;
    const ev = fEv[f] as Ev;
    if (fDir[f] === -1) {
      // First visit: a leaf, or push the halves the id owns.
      if (id === 1) {
        if (typeof ev !== "number") throw new Error("ITC internal error: grow on (1, node)");
        fCost[f] = 0;
        fDir[f] = 0;
        sp--;
        continue;
      }
      if (id === 0) throw new Error("ITC internal error: grow on id 0");
      fDir[f] = -2;
      if (id.l !== 0) {
        fId[nf] = id.l;
        fEv[nf] = typeof ev === "number" ? 0 : ev.l;
        fDir[nf] = -1;
        fL[f] = nf;
        stack[sp++] = nf++;
      } else fL[f] = -1;
      if (id.r !== 0) {
        fId[nf] = id.r;
        fEv[nf] = typeof ev === "number" ? 0 : ev.r;
        fDir[nf] = -1;
        fR[f] = nf;
        stack[sp++] = nf++;
      } else fR[f] = -1;
      continue;
    }
    // Second visit: both halves costed; pick the cheaper one (the right one on ties).
    sp--;
    const extra = typeof ev === "number" ? GROW_NODE_COST + 1 : 1;
    const l = fL[f] as number;
    const r = fR[f] as number;
    if (l >= 0 && (r < 0 || (fCost[l] as number) < (fCost[r] as number))) {
      fDir[f] = 1;
      fCost[f] = (fCost[l] as number) + extra;
    } else {
      fDir[f] = 2;
      fCost[f] = (fCost[r] as number) + extra;
    }
  }
  // Follow the chosen path down (recording it on `stack`), then rebuild it bottom-up.
  let f = 0;
  let acc = 0;
  sp = 0;
  while (fDir[f] !== 0) {
    stack[sp++] = f;
    acc += base(fEv[f] as Ev);
    f = fDir[f] === 1 ? (fL[f] as number) : (fR[f] as number);
  }
  let out: Ev = (fEv[f] as number) + 1;
  checkCounter(acc + out);
  while (sp > 0) {
    const g = stack[--sp] as number;
    const ev = fEv[g] as Ev;
    if (typeof ev === "number") out = fDir[g] === 1 ? mkEv(ev, out, 0) : mkEv(ev, 0, out);
    else out = fDir[g] === 1 ? mkEv(ev.n, out, ev.r) : mkEv(ev.n, ev.l, out);
  }
  // Drop references to the trees from the shared frames.
  for (let k = 0; k < nf; k++) {
    fId[k] = 0;
    fEv[k] = 0;
  }
  return out;
}
