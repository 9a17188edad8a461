/**
 * Shared by the ITC mutants: a plain recursive ITC written from the paper (as a third party
 * would), so that a mutant can swap in one operation with one bug and keep the reference for
 * the rest. Not a reference: only the zoo uses it.
 */
import * as itc from "../../src/core/itc/index.js";
import type { Ev, Id, Stamp } from "../../src/core/itc/index.js";

type E = number | { n: number; l: E; r: E };
type I = 0 | 1 | { l: I; r: I };

const base = (e: E): number => (typeof e === "number" ? e : e.n);
const lift = (e: E, m: number): E => (typeof e === "number" ? e + m : { ...e, n: e.n + m });
const min = (e: E): number => (typeof e === "number" ? e : e.n + Math.min(min(e.l), min(e.r)));
const max = (e: E): number => (typeof e === "number" ? e : e.n + Math.max(max(e.l), max(e.r)));

export function norm(n: number, l: E, r: E): E {
  if (typeof l === "number" && typeof r === "number" && l === r) return n + l;
  const m = Math.min(base(l), base(r));
  return { n: n + m, l: lift(l, -m), r: lift(r, -m) };
}

/** A validated (frozen, normal) stamp from a plain tree; throws on a non-normal one. */
export function stamp(id: unknown, event: unknown): Stamp {
  const v = itc.validate({ id, event });
  if (!v.ok) throw new Error(v.error.message);
  return v.value;
}

export const plain = (s: Stamp): { id: I; event: E } =>
  JSON.parse(JSON.stringify(s)) as { id: I; event: E };

export function fill(i: I, e: E): E {
  if (i === 0) return e;
  if (i === 1) return max(e);
  if (typeof e === "number") return e;
  if (i.l === 1) {
    const r = fill(i.r, e.r);
    return norm(e.n, Math.max(max(e.l), min(r)), r);
  }
  if (i.r === 1) {
    const l = fill(i.l, e.l);
    return norm(e.n, l, Math.max(max(e.r), min(l)));
  }
  return norm(e.n, fill(i.l, e.l), fill(i.r, e.r));
}

/** grow with the cheaper side; `tieLeft` picks the left side on equal cost (the paper: right). */
export function grow(i: I, e: E, tieLeft = false): [E, number] {
  if (i === 1 && typeof e === "number") return [e + 1, 0];
  if (typeof e === "number") {
    const [g, c] = grow(i, { n: e, l: 0, r: 0 }, tieLeft);
    return [g, c + 1000];
  }
  if (typeof i === "number") throw new Error("grow");
  if (i.l === 0) {
    const [r, c] = grow(i.r, e.r, tieLeft);
    return [{ n: e.n, l: e.l, r }, c + 1];
  }
  if (i.r === 0) {
    const [l, c] = grow(i.l, e.l, tieLeft);
    return [{ n: e.n, l, r: e.r }, c + 1];
  }
  const [gl, cl] = grow(i.l, e.l, tieLeft);
  const [gr, cr] = grow(i.r, e.r, tieLeft);
  const left = tieLeft ? cl <= cr : cl < cr;
  return left ? [{ n: e.n, l: gl, r: e.r }, cl + 1] : [{ n: e.n, l: e.l, r: gr }, cr + 1];
}

export function normalizeEv(e: E): E {
  return typeof e === "number" ? e : norm(e.n, normalizeEv(e.l), normalizeEv(e.r));
}

export type { Ev, Id };
