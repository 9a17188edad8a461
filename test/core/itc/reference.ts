/**
 * A direct, recursive transcription of the paper's equations (OPODIS 2008, §5 and Appendix A) on
 * plain JSON trees. Used as a differential oracle for the iterative implementation on shallow
 * trees only (it recurses on depth).
 */
export type RId = 0 | 1 | { l: RId; r: RId };
export type REv = number | { n: number; l: REv; r: REv };
export interface RStamp {
  id: RId;
  event: REv;
}

export function normId(i: RId): RId {
  if (typeof i === "number") return i;
  if (i.l === 0 && i.r === 0) return 0;
  if (i.l === 1 && i.r === 1) return 1;
  return i;
}

const baseOf = (e: REv): number => (typeof e === "number" ? e : e.n);
const liftR = (e: REv, m: number): REv => (typeof e === "number" ? e + m : { ...e, n: e.n + m });
const sinkR = (e: REv, m: number): REv => (typeof e === "number" ? e - m : { ...e, n: e.n - m });

export function normEv(e: REv): REv {
  if (typeof e === "number") return e;
  if (typeof e.l === "number" && e.l === e.r) return e.n + e.l;
  const m = Math.min(baseOf(e.l), baseOf(e.r));
  return { n: e.n + m, l: sinkR(e.l, m), r: sinkR(e.r, m) };
}

/** Full normalisation (bottom-up), for raw trees. */
export function deepNormId(i: RId): RId {
  return typeof i === "number" ? i : normId({ l: deepNormId(i.l), r: deepNormId(i.r) });
}
export function deepNormEv(e: REv): REv {
  return typeof e === "number" ? e : normEv({ n: e.n, l: deepNormEv(e.l), r: deepNormEv(e.r) });
}

export function normalize(s: RStamp): RStamp {
  return { id: deepNormId(s.id), event: deepNormEv(s.event) };
}

export function split(i: RId): [RId, RId] {
  if (i === 0) return [0, 0];
  if (i === 1)
    return [
      { l: 1, r: 0 },
      { l: 0, r: 1 },
    ];
  if (i.l === 0) {
    const [a, b] = split(i.r);
    return [
      { l: 0, r: a },
      { l: 0, r: b },
    ];
  }
  if (i.r === 0) {
    const [a, b] = split(i.l);
    return [
      { l: a, r: 0 },
      { l: b, r: 0 },
    ];
  }
  return [
    { l: i.l, r: 0 },
    { l: 0, r: i.r },
  ];
}

export function sum(a: RId, b: RId): RId {
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === 1 || b === 1) throw new Error("overlap");
  return normId({ l: sum(a.l, b.l), r: sum(a.r, b.r) });
}

export function maxEv(e: REv): number {
  return typeof e === "number" ? e : e.n + Math.max(maxEv(e.l), maxEv(e.r));
}

export function leqEv(a: REv, b: REv): boolean {
  if (typeof a === "number") return a <= baseOf(b);
  if (typeof b === "number") {
    return a.n <= b && leqEv(liftR(a.l, a.n), b) && leqEv(liftR(a.r, a.n), b);
  }
  return (
    a.n <= b.n && leqEv(liftR(a.l, a.n), liftR(b.l, b.n)) && leqEv(liftR(a.r, a.n), liftR(b.r, b.n))
  );
}

export function joinEv(a: REv, b: REv): REv {
  if (typeof a === "number" && typeof b === "number") return Math.max(a, b);
  if (typeof a === "number") return joinEv({ n: a, l: 0, r: 0 }, b);
  if (typeof b === "number") return joinEv(a, { n: b, l: 0, r: 0 });
  if (a.n > b.n) return joinEv(b, a);
  const d = b.n - a.n;
  return normEv({ n: a.n, l: joinEv(a.l, liftR(b.l, d)), r: joinEv(a.r, liftR(b.r, d)) });
}

export function fill(i: RId, e: REv): REv {
  if (i === 0) return e;
  if (i === 1) return maxEv(e);
  if (typeof e === "number") return e;
  if (i.l === 1) {
    const er = fill(i.r, e.r);
    return normEv({ n: e.n, l: Math.max(maxEv(e.l), baseOf(er)), r: er });
  }
  if (i.r === 1) {
    const el = fill(i.l, e.l);
    return normEv({ n: e.n, l: el, r: Math.max(maxEv(e.r), baseOf(el)) });
  }
  return normEv({ n: e.n, l: fill(i.l, e.l), r: fill(i.r, e.r) });
}

export function grow(i: RId, e: REv): [REv, number] {
  if (i === 1 && typeof e === "number") return [e + 1, 0];
  if (typeof e === "number") {
    const [g, c] = grow(i, { n: e, l: 0, r: 0 });
    return [g, c + 1000];
  }
  if (typeof i === "number") throw new Error("grow: unexpected leaf id");
  if (i.l === 0) {
    const [g, c] = grow(i.r, e.r);
    return [{ n: e.n, l: e.l, r: g }, c + 1];
  }
  if (i.r === 0) {
    const [g, c] = grow(i.l, e.l);
    return [{ n: e.n, l: g, r: e.r }, c + 1];
  }
  const [gl, cl] = grow(i.l, e.l);
  const [gr, cr] = grow(i.r, e.r);
  return cl < cr ? [{ n: e.n, l: gl, r: e.r }, cl + 1] : [{ n: e.n, l: e.l, r: gr }, cr + 1];
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function eventR(s: RStamp): RStamp {
  const f = fill(s.id, s.event);
  if (!same(f, s.event)) return { id: s.id, event: f };
  return { id: s.id, event: grow(s.id, s.event)[0] };
}

// Appendix A encoding, as a string of bits.
function encn(n: number, b: number): string {
  return n < 2 ** b ? "0" + n.toString(2).padStart(b, "0") : "1" + encn(n - 2 ** b, b + 1);
}
export function encId(i: RId): string {
  if (i === 0) return "000";
  if (i === 1) return "001";
  if (i.l === 0) return "01" + encId(i.r);
  if (i.r === 0) return "10" + encId(i.l);
  return "11" + encId(i.l) + encId(i.r);
}
export function encEv(e: REv): string {
  if (typeof e === "number") return "1" + encn(e, 2);
  if (e.n === 0 && e.l === 0) return "000" + encEv(e.r);
  if (e.n === 0 && e.r === 0) return "001" + encEv(e.l);
  if (e.n === 0) return "010" + encEv(e.l) + encEv(e.r);
  if (e.l === 0) return "01100" + encEv(e.n) + encEv(e.r);
  if (e.r === 0) return "01101" + encEv(e.n) + encEv(e.l);
  return "0111" + encEv(e.n) + encEv(e.l) + encEv(e.r);
}

/** Bytes from a bit string, zero-padded. */
export function bitsToBytes(bits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let k = 0; k < bits.length; k++) {
    if (bits[k] === "1") out[k >> 3] = (out[k >> 3] as number) | (0x80 >> (k & 7));
  }
  return out;
}

/** Value of the event tree on each of the 2^depth dyadic cells (its denotation). */
export function denoteEv(e: REv, depth: number): number[] {
  if (typeof e === "number") return new Array<number>(2 ** depth).fill(e);
  if (depth === 0) throw new Error("depth too small");
  return [...denoteEv(e.l, depth - 1), ...denoteEv(e.r, depth - 1)].map((v) => v + e.n);
}
export function denoteId(i: RId, depth: number): number[] {
  if (typeof i === "number") return new Array<number>(2 ** depth).fill(i);
  if (depth === 0) throw new Error("depth too small");
  return [...denoteId(i.l, depth - 1), ...denoteId(i.r, depth - 1)];
}
export function depthOf(t: unknown): number {
  if (typeof t !== "object" || t === null) return 0;
  const o = t as { l: unknown; r: unknown };
  return 1 + Math.max(depthOf(o.l), depthOf(o.r));
}
