/**
 * State layouts: a model declares, next to its variables, the shape and bounds of its state —
 * small integers, booleans, enumerations, records, fixed tuples, bounded sequences — and the
 * checker derives from it a packed encoding: every state becomes a fixed number of 32-bit words
 * in which each scalar takes exactly the bits its range needs (a sequence reserves room for its
 * maximum length, unused slots are zero). Encoding and decoding are compiled once per
 * configuration into straight-line code (no per-state walking of the layout).
 *
 * The canonical text (fingerprint.ts) stays the definition of state equality: a layout is
 * correct for a model when, on every state that fits it, two states have equal packed
 * fingerprint words iff the canonical texts of their views are equal, and decoding an encoding
 * gives back a state with the same canonical text (`test/engine/checker/layout.test.ts` checks
 * both on random and on reachable states of every model).
 *
 * Fields marked `history(…)` (top-level record fields only) are stored but not fingerprinted:
 * they are what a model's `view` leaves out. They are laid out after every fingerprinted field,
 * from a fresh word, so the fingerprint is a prefix of the words.
 *
 * `opaque` holds any plain data by interning its canonical text (a table per run, never
 * shrunk): for values without a small bounded shape (ITC trees, node states of the protocol
 * code). Opaque values cost a canonical text per encoding, as before layouts.
 */
import { canonicalText } from "./fingerprint.js";

export type Scalar = string | number | boolean | null;

/** A state that does not fit its model's layout (the message names the field). */
export class LayoutMismatch extends Error {
  override readonly name = "LayoutMismatch";
}

export type Layout =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "enum"; readonly values: readonly Scalar[] }
  | { readonly kind: "record"; readonly fields: readonly FieldLayout[] }
  | { readonly kind: "tuple"; readonly items: readonly Layout[] }
  | { readonly kind: "seq"; readonly max: number; readonly item: Layout }
  | { readonly kind: "optional"; readonly inner: Layout }
  | { readonly kind: "opaque" };

export interface FieldLayout {
  readonly name: string;
  readonly layout: Layout;
  /** Stored, not fingerprinted (what the model's view leaves out). */
  readonly history: boolean;
}

/**
 * Where a scalar of the layout sits in the packed words: `width` bits from bit `o` of word `w`
 * (running into word `w + 1` when `o + width > 32`). The stored code is the value minus `min`
 * for an int, the index in `values` for an enumeration, 0/1 for a bool or an optional's
 * presence, the length for a sequence's length. Paths name fields as the layout's error
 * messages do: `lanes[1][0]`, `cache[0].age`, with `.length` for a sequence's length and `?`
 * for an optional's presence bit. Packed actions (packed.ts) read and write states through these.
 */
export interface Slot {
  readonly w: number;
  readonly o: number;
  readonly width: number;
  readonly mask: number;
  readonly min: number;
  readonly values: readonly Scalar[] | undefined;
}

/** A field layout marked as history (see the module comment). */
export interface HistoryField {
  readonly history: Layout;
}

// ---- Constructors (what models write) --------------------------------------------------------

/** TRUE or FALSE. */
export const bool: Layout = { kind: "bool" };

/** An integer in min..max (both inclusive; at most 2³¹ − 1 values). */
export function int(min: number, max: number): Layout {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min)
    throw new Error(`layout: int(${min}, ${max}) is not a range`);
  if (max - min > 0x7fffffff) throw new Error(`layout: int(${min}, ${max}) has too many values`);
  return { kind: "int", min, max };
}

/** An integer in 0..max. */
export function nat(max: number): Layout {
  return int(0, max);
}

/** One of the given values (strings, numbers, booleans, null). */
export function oneOf(...values: readonly Scalar[]): Layout {
  if (values.length === 0) throw new Error("layout: oneOf() needs a value");
  const texts = new Set(values.map((v) => canonicalText(v)));
  if (texts.size !== values.length) throw new Error("layout: oneOf() has a repeated value");
  return { kind: "enum", values: [...values] };
}

/** A record with exactly these fields; `history(l)` marks a field that is not fingerprinted. */
export function record(fields: Readonly<Record<string, Layout | HistoryField>>): Layout {
  return {
    kind: "record",
    fields: Object.entries(fields).map(([name, l]) =>
      "history" in l
        ? { name, layout: l.history, history: true }
        : { name, layout: l, history: false },
    ),
  };
}

/** A record field that is stored but not fingerprinted (left out by the model's view). */
export function history(layout: Layout): HistoryField {
  return { history: layout };
}

/** An array of exactly these items. */
export function tuple(...items: readonly Layout[]): Layout {
  return { kind: "tuple", items: [...items] };
}

/** An array of at most `max` items. */
export function seq(max: number, item: Layout): Layout {
  if (!Number.isSafeInteger(max) || max < 0) throw new Error(`layout: seq(${max}) bound`);
  return { kind: "seq", max, item };
}

/** A value or undefined (an absent field). */
export function optional(inner: Layout): Layout {
  return { kind: "optional", inner };
}

/** Any plain data, interned by canonical text. */
export const opaque: Layout = { kind: "opaque" };

// ---- Compiled codec --------------------------------------------------------------------------

/** The compiled encoding of a layout. */
export interface StateCodec<S> {
  /** Words per state. */
  readonly words: number;
  /** The first `fpWords` words are fingerprinted (the rest are history fields). */
  readonly fpWords: number;
  /** Bits of the encoding that carry information (for reports). */
  readonly bits: number;
  /** Whether the codec interns values (opaque parts): encodings are then valid in one run only. */
  readonly interns: boolean;
  /**
   * Writes the encoding of `s` to `out[at .. at + words)`. Throws an Error naming the field when
   * `s` does not fit the layout.
   */
  encode(s: S, out: Uint32Array, at: number): void;
  /** The state encoded at `w[at .. at + words)`. */
  decode(w: Uint32Array, at: number): S;
  /**
   * Like `encode`, for a successor `s` of `parent`, whose encoding is at `pw[pat ..)`: a
   * top-level field whose value is the parent's own (the same reference or primitive: states
   * are immutable) is copied from the parent's bits instead of being encoded again. Returns
   * whether some fingerprinted field differs from the parent's (false: `s` has the parent's
   * fingerprint). Without a top-level record layout, encodes `s` in full and returns true.
   */
  encodeFrom(s: S, parent: S, pw: Uint32Array, pat: number, out: Uint32Array, at: number): boolean;
  /** Bytes held by intern tables (estimate: 2 bytes per character of text + 64 per value). */
  internedBytes(): number;
  /** The place of the scalar at `path` (see `Slot`); throws when the layout has none there. */
  slot(path: string): Slot;
  /** Number of scalars (slots) of the layout: the length of an unpacked state. */
  readonly scalars: number;
  /** The position of the scalar at `path` in an unpacked state; throws when there is none. */
  index(path: string): number;
  /** Writes the stored code of every scalar of the state at `w[at ..)` to `c[0 .. scalars)`. */
  unpack(w: Uint32Array, at: number, c: Int32Array): void;
  /** Writes the words of the unpacked state `c` (codes that fit their slots) to `o[at ..)`. */
  pack(c: Int32Array, o: Uint32Array, at: number): void;
}

const bitsFor = (n: number): number => (n <= 1 ? 0 : 32 - Math.clz32(n - 1));

/** Number of bits a layout takes. */
export function layoutBits(l: Layout): number {
  switch (l.kind) {
    case "bool":
      return 1;
    case "int":
      return bitsFor(l.max - l.min + 1);
    case "enum":
      return bitsFor(l.values.length);
    case "record":
      return l.fields.reduce((t, f) => t + layoutBits(f.layout), 0);
    case "tuple":
      return l.items.reduce((t, x) => t + layoutBits(x), 0);
    case "seq":
      return bitsFor(l.max + 1) + l.max * layoutBits(l.item);
    case "optional":
      return 1 + layoutBits(l.inner);
    case "opaque":
      return 32;
  }
}

/** Code generator state: emits straight-line code with static bit offsets. */
class Gen {
  readonly consts: unknown[] = [];
  /** Every scalar's place, by path (see `Slot`). */
  readonly slots = new Map<string, Slot>();
  private tmp = 0;
  readonly enc: string[] = [];
  /** Bit offset of the next field. */
  bit = 0;
  /**
   * The top-level record's fields, as emitted: the encoder statements `[from, to)` of `enc`
   * and the bits `[bitFrom, bitTo)` each takes (for `encodeFrom`).
   */
  readonly top: {
    name: string;
    history: boolean;
    from: number;
    to: number;
    bitFrom: number;
    bitTo: number;
  }[] = [];

  constant(v: unknown): string {
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }

  var(): string {
    return `v${this.tmp++}`;
  }

  /** Reserves `width` bits; returns their offset. */
  alloc(width: number): number {
    const at = this.bit;
    this.bit += width;
    return at;
  }

  /** Records the place of the scalar at `path` (bits `[at, at + width)`). */
  slot(path: string, at: number, width: number, min = 0, values?: readonly Scalar[]): void {
    // Every slot has the same fields in the same order (one hidden class: packed actions read
    // them in their hot loops).
    this.slots.set(path, {
      w: at >>> 5,
      o: at & 31,
      width,
      mask: width === 32 ? 0xffffffff : (2 ** width - 1) >>> 0,
      min,
      values,
    });
  }

  /** Code that ORs the `width`-bit value held in variable `x` into the words at bit `at`. */
  static put(x: string, at: number, width: number): string {
    if (width === 0) return "";
    const w = at >>> 5;
    const o = at & 31;
    if (o + width <= 32) return `o[a + ${w}] |= ${o === 0 ? x : `${x} << ${o}`};`;
    return `o[a + ${w}] |= ${x} << ${o}; o[a + ${w + 1}] |= ${x} >>> ${32 - o};`;
  }

  /** Expression reading the `width`-bit field at bit `at`. */
  static get(at: number, width: number): string {
    if (width === 0) return "0";
    const w = at >>> 5;
    const o = at & 31;
    const mask = width === 32 ? "" : ` & ${(2 ** width - 1) >>> 0}`;
    if (o + width <= 32) return `((w[a + ${w}] >>> ${o})${mask})`;
    return `(((w[a + ${w}] >>> ${o}) | (w[a + ${w + 1}] << ${32 - o}))${mask})`;
  }
}

/** Emits encoder code for the value in variable `x`; returns the decoder expression. */
function emit(g: Gen, l: Layout, x: string, path: string): string {
  const fail = (what: string) => `F(${JSON.stringify(path)}, ${JSON.stringify(what)}, ${x});`;
  switch (l.kind) {
    case "bool": {
      const at = g.alloc(1);
      g.slot(path, at, 1);
      g.enc.push(
        `if (${x} === true) { ${Gen.put("1", at, 1)} } else if (${x} !== false) ${fail("a boolean")}`,
      );
      return `(${Gen.get(at, 1)} === 1)`;
    }
    case "int": {
      const width = bitsFor(l.max - l.min + 1);
      const at = g.alloc(width);
      g.slot(path, at, width, l.min);
      const d = g.var();
      g.enc.push(
        `{ const ${d} = ${x} - ${l.min}; if (!(${d} >= 0 && ${d} <= ${l.max - l.min} && Math.floor(${d}) === ${d})) ${fail(`an integer in ${l.min}..${l.max}`)} ${Gen.put(d, at, width)} }`,
      );
      const r = Gen.get(at, width);
      return l.min === 0 ? r : `(${r} + ${l.min})`;
    }
    case "enum": {
      const width = bitsFor(l.values.length);
      const at = g.alloc(width);
      g.slot(path, at, width, 0, l.values);
      const d = g.var();
      const cases = l.values
        .map((v, k) => `case ${v === null ? "null" : JSON.stringify(v)}: ${d} = ${k}; break;`)
        .join(" ");
      const values = g.constant(l.values);
      const what = `one of ${l.values.map((v) => canonicalText(v)).join(", ")}`;
      g.enc.push(
        `{ let ${d} = 0; switch (${x}) { ${cases} default: ${fail(what)} } ${Gen.put(d, at, width)} }`,
      );
      return `${values}[${Gen.get(at, width)}]`;
    }
    case "record": {
      g.enc.push(`if (typeof ${x} !== "object" || ${x} === null) ${fail("a record")}`);
      const decoded = new Map<string, string>();
      // Only top-level fields can be history; nested markers are plain fields.
      const isHistory = (f: FieldLayout) => f.history && path === "";
      const ordered = [...l.fields.filter((f) => !isHistory(f)), ...l.fields.filter(isHistory)];
      let inHistory = false;
      for (const f of ordered) {
        if (isHistory(f) && !inHistory) {
          // History fields start on a fresh word: the fingerprint is a prefix of the words.
          g.bit = Math.ceil(g.bit / 32) * 32;
          inHistory = true;
        }
        const v = g.var();
        const from = g.enc.length;
        const bitFrom = g.bit;
        g.enc.push(`{ const ${v} = ${x}[${JSON.stringify(f.name)}];`);
        decoded.set(f.name, emit(g, f.layout, v, path === "" ? f.name : `${path}.${f.name}`));
        g.enc.push("}");
        if (path === "" && x === "s")
          g.top.push({
            name: f.name,
            history: isHistory(f),
            from,
            to: g.enc.length,
            bitFrom,
            bitTo: g.bit,
          });
      }
      // Decoded records have their keys in declaration order; an absent optional field is
      // left out (not present with the value undefined).
      if (!l.fields.some((f) => f.layout.kind === "optional"))
        return `{ ${l.fields.map((f) => `${JSON.stringify(f.name)}: ${decoded.get(f.name) as string}`).join(", ")} }`;
      const r = g.var();
      const sets = l.fields.map((f) => {
        const key = JSON.stringify(f.name);
        const e = decoded.get(f.name) as string;
        if (f.layout.kind !== "optional") return `${r}[${key}] = ${e};`;
        const v = g.var();
        return `{ const ${v} = ${e}; if (${v} !== undefined) ${r}[${key}] = ${v}; }`;
      });
      return `(() => { const ${r} = {}; ${sets.join(" ")} return ${r}; })()`;
    }
    case "tuple": {
      g.enc.push(
        `if (!Array.isArray(${x}) || ${x}.length !== ${l.items.length}) ${fail(`an array of ${l.items.length}`)}`,
      );
      const items = l.items.map((it, k) => {
        const v = g.var();
        g.enc.push(`{ const ${v} = ${x}[${k}];`);
        const e = emit(g, it, v, `${path}[${k}]`);
        g.enc.push("}");
        return e;
      });
      return `[${items.join(", ")}]`;
    }
    case "seq": {
      const n = g.var();
      const lenWidth = bitsFor(l.max + 1);
      const at = g.alloc(lenWidth);
      g.slot(`${path}.length`, at, lenWidth);
      g.enc.push(
        `{ const ${n} = Array.isArray(${x}) ? ${x}.length : -1; if (${n} < 0 || ${n} > ${l.max}) ${fail(`an array of at most ${l.max}`)} ${Gen.put(n, at, lenWidth)}`,
      );
      const items: string[] = [];
      for (let k = 0; k < l.max; k++) {
        const v = g.var();
        g.enc.push(`if (${n} > ${k}) { const ${v} = ${x}[${k}];`);
        items.push(emit(g, l.item, v, `${path}[${k}]`));
        g.enc.push("}");
      }
      g.enc.push("}");
      if (l.max === 0) return "[]";
      const len = g.var();
      return `((${len}) => { const r = []; ${items.map((e, k) => `if (${len} > ${k}) r.push(${e});`).join(" ")} return r; })(${Gen.get(at, lenWidth)})`;
    }
    case "optional": {
      const at = g.alloc(1);
      g.slot(`${path}?`, at, 1);
      g.enc.push(`if (${x} !== undefined) { ${Gen.put("1", at, 1)}`);
      const e = emit(g, l.inner, x, path);
      g.enc.push("}");
      return `(${Gen.get(at, 1)} === 1 ? ${e} : undefined)`;
    }
    case "opaque": {
      const at = g.alloc(32);
      g.slot(path, at, 32);
      const d = g.var();
      g.enc.push(`{ const ${d} = I(${x}); ${Gen.put(d, at, 32)} }`);
      return `V[${Gen.get(at, 32)}]`;
    }
  }
}

function containsOpaque(l: Layout): boolean {
  switch (l.kind) {
    case "opaque":
      return true;
    case "record":
      return l.fields.some((f) => containsOpaque(f.layout));
    case "tuple":
      return l.items.some(containsOpaque);
    case "seq":
      return containsOpaque(l.item);
    case "optional":
      return containsOpaque(l.inner);
    default:
      return false;
  }
}

/** Fingerprinted bits of a layout (all but top-level history fields). */
function fingerprintBits(l: Layout): number {
  if (l.kind !== "record") return layoutBits(l);
  return l.fields.filter((f) => !f.history).reduce((t, f) => t + layoutBits(f.layout), 0);
}

/**
 * Compiles a layout into a codec. `name` labels errors (the model's name). Nested history
 * markers are ignored (only top-level record fields can be history).
 */
export function compileLayout<S>(layout: Layout, name: string): StateCodec<S> {
  const g = new Gen();
  const decExpr = emit(g, layout, "s", "");
  const totalBits = g.bit;
  const words = Math.max(1, Math.ceil(totalBits / 32));
  const fpWords = Math.max(1, Math.ceil(fingerprintBits(layout) / 32));
  const interned = new Map<string, number>();
  const values: unknown[] = [];
  let internedBytes = 0;
  const intern = (v: unknown): number => {
    const t = canonicalText(v);
    let id = interned.get(t);
    if (id === undefined) {
      id = values.length;
      interned.set(t, id);
      values.push(v);
      internedBytes += t.length * 2 + 64;
    }
    return id;
  };
  const failFit = (path: string, what: string, value: unknown): never => {
    let shown: string;
    try {
      shown = canonicalText(value);
    } catch {
      shown = typeof value;
    }
    throw new LayoutMismatch(
      `${name}: a state does not fit the model's layout: ${path === "" ? "the state" : path} is ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}, expected ${what}`,
    );
  };
  // Straight-line code generated from the layout; no user text reaches it except through
  // JSON.stringify (field names, enum values) and constants passed by reference.
  const encSrc = `"use strict"; return function encode(s, o, a) { ${zero(words)} ${g.enc.join("\n")} };`;
  const decSrc = `"use strict"; return function decode(w, a) { return ${decExpr}; };`;
  const encode = new Function("K", "F", "I", encSrc)(
    g.consts,
    failFit,
    intern,
  ) as StateCodec<S>["encode"];
  const decode = new Function("K", "V", decSrc)(g.consts, values) as StateCodec<S>["decode"];
  const encodeFrom = compileEncodeFrom<S>(g, layout, words, encode, failFit, intern);
  // Unpacked states: one code per scalar, in layout order (straight-line code, as above).
  const slotList = [...g.slots.values()];
  const indexOf = new Map([...g.slots.keys()].map((path, k) => [path, k] as const));
  const unpackSrc = `"use strict"; return function unpack(w, a, c) { ${slotList.map((t, k) => `c[${k}] = ${Gen.get(t.w * 32 + t.o, t.width)};`).join(" ")} };`;
  const packSrc = `"use strict"; return function pack(c, o, a) { ${packWords(slotList, words)} };`;
  const unpack = new Function(unpackSrc)() as StateCodec<S>["unpack"];
  const pack = new Function(packSrc)() as StateCodec<S>["pack"];
  return {
    words,
    fpWords: Math.min(words, fpWords),
    bits: totalBits,
    interns: containsOpaque(layout),
    encode,
    decode,
    encodeFrom,
    internedBytes: () => internedBytes,
    slot(path) {
      const at = g.slots.get(path);
      if (at === undefined) throw new Error(`${name}: the layout has no scalar at ${path}`);
      return at;
    },
    scalars: slotList.length,
    index(path) {
      const k = indexOf.get(path);
      if (k === undefined) throw new Error(`${name}: the layout has no scalar at ${path}`);
      return k;
    },
    unpack,
    pack,
  };
}

/**
 * The body of `pack`: each word computed as one expression of the codes it holds (one store per
 * word, no read-modify-write of the output), as `Gen.put` would OR them into zeroed words.
 */
function packWords(slotList: readonly Slot[], words: number): string {
  const parts: string[][] = Array.from({ length: words }, () => []);
  const pre: string[] = [];
  slotList.forEach((t, k) => {
    if (t.width === 0) return;
    const o = t.o;
    if (o + t.width <= 32) {
      (parts[t.w] as string[]).push(o === 0 ? `c[${k}]` : `(c[${k}] << ${o})`);
      return;
    }
    pre.push(`const x${k} = c[${k}];`);
    (parts[t.w] as string[]).push(`(x${k} << ${o})`);
    (parts[t.w + 1] as string[]).push(`(x${k} >>> ${32 - o})`);
  });
  const body = parts.map((p, w) => `o[a + ${w}] = ${p.length === 0 ? "0" : p.join(" | ")};`);
  return [...pre, ...body].join(" ");
}

/** Code that zeroes `o[a .. a + words)` (straight-line for a few words: no builtin call). */
function zero(words: number): string {
  if (words > 8) return `o.fill(0, a, a + ${words});`;
  return Array.from({ length: words }, (_, w) => `o[a + ${w}] = 0;`).join(" ");
}

/** Code that ORs bits `[from, to)` of the parent's words `p[pa ..)` into `o[a ..)`. */
function copyBits(from: number, to: number): string {
  const out: string[] = [];
  for (let b = from; b < to;) {
    const w = b >>> 5;
    const end = Math.min(to, (w + 1) * 32);
    const lo = b & 31;
    const width = end - b;
    const mask = width === 32 ? 0xffffffff : ((2 ** width - 1) * 2 ** lo) >>> 0;
    out.push(
      mask === 0xffffffff
        ? `o[a + ${w}] = p[pa + ${w}];`
        : `o[a + ${w}] |= p[pa + ${w}] & ${mask};`,
    );
    b = end;
  }
  return out.join(" ");
}

/**
 * `encodeFrom` (see StateCodec): the encoder's statements for each top-level field, guarded by
 * an identity test against the parent's field, whose bits are copied when it holds.
 */
function compileEncodeFrom<S>(
  g: Gen,
  layout: Layout,
  words: number,
  encode: StateCodec<S>["encode"],
  failFit: (path: string, what: string, value: unknown) => never,
  intern: (v: unknown) => number,
): StateCodec<S>["encodeFrom"] {
  if (layout.kind !== "record" || g.top.length === 0)
    return (s, _parent, _pw, _pat, out, at) => {
      encode(s, out, at);
      return true;
    };
  const parts = g.top.map((f) => {
    const key = JSON.stringify(f.name);
    const code = g.enc.slice(f.from, f.to).join("\n");
    const same = `s[${key}] === q[${key}]`;
    if (f.history) return `if (${same}) { ${copyBits(f.bitFrom, f.bitTo)} } else { ${code} }`;
    return `if (${same}) { ${copyBits(f.bitFrom, f.bitTo)} } else { c = true; ${code} }`;
  });
  // The statements before the first field are the record check (it must stay first).
  const head = g.enc.slice(0, (g.top[0] as { from: number }).from).join("\n");
  const src = `"use strict"; return function encodeFrom(s, q, p, pa, o, a) { ${zero(words)} ${head} let c = false; ${parts.join("\n")} return c; };`;
  return new Function("K", "F", "I", src)(g.consts, failFit, intern) as StateCodec<S>["encodeFrom"];
}

/**
 * The codec of a model without a layout: the state object itself is held (one word: a slot of a
 * FIFO side table, released when the state is decoded for expansion). Fingerprints are then the
 * canonical hash of the view, computed by the checker as before layouts.
 */
export function objectCodec<S>(): StateCodec<S> & { readonly held: () => number } {
  const slots: (S | undefined)[] = [];
  let head = 0;
  let base = 0; // id of slots[0]
  let held = 0;
  return {
    words: 1,
    fpWords: 0,
    bits: 32,
    interns: true,
    encode(s, o, a) {
      o[a] = base + slots.length;
      slots.push(s);
      held++;
    },
    decode(w, a) {
      const id = (w[a] as number) - base;
      const s = slots[id] as S;
      slots[id] = undefined;
      held--;
      if (id === head) {
        head++;
        while (head < slots.length && slots[head] === undefined) head++;
        if (head > 4096 && head * 2 > slots.length) {
          slots.splice(0, head);
          base += head;
          head = 0;
        }
      }
      return s;
    },
    encodeFrom(s, _parent, _pw, _pat, o, a) {
      this.encode(s, o, a);
      return true;
    },
    internedBytes: () => 0,
    slot(path) {
      throw new Error(`no layout: no scalar at ${path}`);
    },
    scalars: 0,
    index(path) {
      throw new Error(`no layout: no scalar at ${path}`);
    },
    unpack() {},
    pack() {},
    held: () => held,
  };
}
