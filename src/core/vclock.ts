/**
 * Vector clocks — the V1 baseline for causality tracking, with the same operation shapes as the
 * ITC module (`./itc/index.js`).
 *
 * A clock is a plain JSON object mapping node ids to counters: `Record<string, number>`. Node ids
 * match {@link NODE_ID_PATTERN}; counters are non-negative safe integers; a missing entry means 0.
 * The canonical form omits zero entries: every function here returns canonical, frozen clocks and
 * accepts any valid clock (zeros included). Invalid input throws CoreError VCLOCK_MALFORMED with
 * the path (`[nodeId]`) of the offending entry.
 */
import { z } from "zod";
import { attempt, CoreError, type Result } from "./errors.js";

export type VClock = Readonly<Record<string, number>>;

/** Result of {@link compare}: `a` happened before `b`, after it, equals it, or neither. */
export type Ordering = "before" | "after" | "equal" | "concurrent";

/** Node ids: 1–128 characters of `A–Z a–z 0–9 . _ : ~ -`. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9._:~-]{1,128}$/;

const MAX = Number.MAX_SAFE_INTEGER;

class Adopt {
  constructor(o: object) {
    return o;
  }
}

/** Brand of clocks built here (canonical and frozen); checked in O(1). */
class Known extends Adopt {
  #vclock = true;
  static has(o: object): boolean {
    return #vclock in o;
  }
}

function isKnown(x: unknown): x is VClock {
  return typeof x === "object" && x !== null && Known.has(x);
}

function fail(message: string, path: readonly (string | number)[] = []): never {
  throw new CoreError("VCLOCK_MALFORMED", message, path);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return String(v);
  return v === undefined ? "undefined" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function checkNodeId(id: unknown, where: string): string {
  if (typeof id !== "string" || !NODE_ID_PATTERN.test(id)) {
    fail(`${where}: node id must match ${String(NODE_ID_PATTERN)}, got ${describe(id)}`);
  }
  return id;
}

function checkCounter(v: unknown, key: string, where: string): number {
  const bad = (why: string): never =>
    fail(`${where}: counter of ${JSON.stringify(key)} ${why}`, [key]);
  if (typeof v !== "number") return bad(`must be a non-negative integer, got ${describe(v)}`);
  if (Number.isNaN(v)) return bad("must be a number, got NaN");
  if (!Number.isFinite(v)) return bad(`must be finite, got ${v}`);
  if (!Number.isInteger(v)) return bad(`must be an integer, got ${v}`);
  if (v < 0) return bad(`must be non-negative, got ${v}`);
  if (v > MAX) return bad(`must be at most Number.MAX_SAFE_INTEGER, got ${v}`);
  return v;
}

/** Non-zero entries of a valid clock, sorted by id unless `sorted` is false. */
function entriesOf(x: unknown, where: string, sorted = true): [string, number][] {
  if (typeof x !== "object" || x === null || Array.isArray(x)) {
    fail(`${where}: a vector clock must be an object, got ${describe(x)}`);
  }
  const known = isKnown(x);
  const out: [string, number][] = [];
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (!known) {
      if (!NODE_ID_PATTERN.test(k)) {
        fail(`${where}: node id ${JSON.stringify(k)} must match ${String(NODE_ID_PATTERN)}`, [k]);
      }
      checkCounter(v, k, where);
    }
    if (v !== 0) out.push([k, v as number]);
  }
  if (sorted) out.sort(byKey);
  return out;
}

function byKey(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Builds a frozen canonical clock from sorted non-zero entries. */
function build(entries: [string, number][]): VClock {
  const o = Object.fromEntries(entries) as Record<string, number>;
  new Known(o);
  return Object.freeze(o);
}

function need(x: unknown, where: string): VClock {
  if (isKnown(x)) return x;
  return build(entriesOf(x, where));
}

/** Reads an entry (0 when missing), without looking at inherited properties. */
export function get(vc: VClock, nodeId: string): number {
  const c = need(vc, "get");
  return Object.hasOwn(c, nodeId) ? (c[nodeId] as number) : 0;
}

const EMPTY: VClock = build([]);

/** The empty clock `{}` (every counter 0). */
export function empty(): VClock {
  return EMPTY;
}

/** The initial clock of a node: empty (its own counter is 0 and zeros are omitted). */
export function seed(nodeId: string): VClock {
  checkNodeId(nodeId, "seed");
  return EMPTY;
}

/** Increments the counter of `nodeId`. */
export function event(vc: VClock, nodeId: string): VClock {
  const c = need(vc, "event");
  checkNodeId(nodeId, "event");
  const cur = Object.hasOwn(c, nodeId) ? (c[nodeId] as number) : 0;
  if (cur >= MAX) fail("event: counter would exceed Number.MAX_SAFE_INTEGER", [nodeId]);
  const entries = Object.entries(c);
  if (cur === 0) {
    entries.push([nodeId, 1]);
    entries.sort(byKey);
  } else {
    for (const e of entries) if (e[0] === nodeId) e[1] = cur + 1;
  }
  return build(entries);
}

/** Pointwise maximum. */
export function join(a: VClock, b: VClock): VClock {
  const x = entriesOf(a, "join (first argument)");
  const y = entriesOf(b, "join (second argument)");
  const out: [string, number][] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const p = x[i];
    const q = y[j];
    if (q === undefined || (p !== undefined && p[0] < q[0])) {
      out.push(p as [string, number]);
      i++;
    } else if (p === undefined || q[0] < p[0]) {
      out.push(q);
      j++;
    } else {
      out.push([p[0], p[1] > q[1] ? p[1] : q[1]]);
      i++;
      j++;
    }
  }
  return build(out);
}

function leqEntries(x: [string, number][], y: VClock): boolean {
  for (const [k, v] of x) {
    const w = Object.hasOwn(y, k) ? (y[k] as number) : 0;
    if (v > w) return false;
  }
  return true;
}

/** `a ≤ b`: every counter of `a` is at most the same counter of `b`. */
export function leq(a: VClock, b: VClock): boolean {
  const x = entriesOf(a, "leq (first argument)", false);
  const y = need(b, "leq (second argument)");
  return leqEntries(x, y);
}

/** Equal as clocks (zeros and missing entries are the same). */
export function equals(a: VClock, b: VClock): boolean {
  return compare(a, b) === "equal";
}

/** Neither clock is `≤` the other. */
export function concurrent(a: VClock, b: VClock): boolean {
  return compare(a, b) === "concurrent";
}

/** The causal relation between two clocks. */
export function compare(a: VClock, b: VClock): Ordering {
  const x = need(a, "compare (first argument)");
  const y = need(b, "compare (second argument)");
  const ab = leqEntries(entriesOf(x, "compare (first argument)", false), y);
  const ba = leqEntries(entriesOf(y, "compare (second argument)", false), x);
  if (ab) return ba ? "equal" : "before";
  return ba ? "after" : "concurrent";
}

/** Validates an untrusted value; on success the value is the canonical frozen clock. */
export function validate(x: unknown): Result<VClock> {
  return attempt(() => need(x, "validate"));
}

// ---------------------------------------------------------------------------------------------
// Binary encoding: varint(entry count), then per entry in ascending id order:
// varint(id length), the id's ASCII bytes, varint(counter ≥ 1). Varints are unsigned LEB128,
// minimal. Decoding is strict (canonical order, no zero counters, no trailing bytes).

function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function putVarint(out: Uint8Array, p: number, v: number): number {
  while (v >= 128) {
    out[p++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[p++] = v;
  return p;
}

/** Size in bytes of {@link encode}'s output. */
export function byteLength(vc: VClock): number {
  const entries = entriesOf(vc, "byteLength");
  let size = varintSize(entries.length);
  for (const [k, v] of entries) size += varintSize(k.length) + k.length + varintSize(v);
  return size;
}

/** Deterministic compact binary encoding of the canonical clock. */
export function encode(vc: VClock): Uint8Array {
  const entries = entriesOf(vc, "encode");
  let size = varintSize(entries.length);
  for (const [k, v] of entries) size += varintSize(k.length) + k.length + varintSize(v);
  const out = new Uint8Array(size);
  let p = putVarint(out, 0, entries.length);
  for (const [k, v] of entries) {
    p = putVarint(out, p, k.length);
    for (let i = 0; i < k.length; i++) out[p++] = k.charCodeAt(i);
    p = putVarint(out, p, v);
  }
  return out;
}

const ID_BYTE = (() => {
  const ok = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ok[c] = NODE_ID_PATTERN.test(String.fromCharCode(c)) ? 1 : 0;
  return ok;
})();

/** Decodes {@link encode}'s output. Strict: throws VCLOCK_MALFORMED on anything else. */
export function decode(bytes: Uint8Array): VClock {
  if (!(bytes instanceof Uint8Array)) fail("decode: expected a Uint8Array");
  let p = 0;
  const bad = (why: string, at = p): never => fail(`decode: ${why} (at byte ${at})`);
  const varint = (): number => {
    const start = p;
    let v = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (p >= bytes.length) bad("truncated input");
      if (i >= 8) bad("varint too long", start);
      const b = bytes[p++] as number;
      v += (b & 127) * scale;
      scale *= 128;
      if (b < 128) {
        if (b === 0 && i > 0) bad("non-minimal varint", start);
        break;
      }
    }
    if (v > MAX) bad("integer exceeds Number.MAX_SAFE_INTEGER", start);
    return v;
  };
  const count = varint();
  const entries: [string, number][] = [];
  let prev = "";
  for (let e = 0; e < count; e++) {
    const at = p;
    const n = varint();
    if (n < 1 || n > 128) bad(`node id length ${n} outside 1..128`, at);
    if (p + n > bytes.length) bad("truncated input");
    let id = "";
    for (let i = 0; i < n; i++) {
      const c = bytes[p + i] as number;
      if (c >= 128 || ID_BYTE[c] !== 1) bad("invalid node id byte", p + i);
      id += String.fromCharCode(c);
    }
    p += n;
    if (e > 0 && !(prev < id)) bad("node ids not in strictly ascending order", at);
    prev = id;
    const cAt = p;
    const v = varint();
    if (v === 0) bad("zero counter (the canonical form omits it)", cAt);
    entries.push([id, v]);
  }
  if (p !== bytes.length) bad(`${bytes.length - p} trailing byte(s)`);
  return build(entries);
}

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * zod schema of a vector clock: an object whose keys match {@link NODE_ID_PATTERN} and whose
 * values are non-negative safe integers (NaN, ±Infinity, negatives and fractions are rejected
 * with the path `[nodeId]`; `params.code` is "VCLOCK_MALFORMED"). Zero entries are accepted.
 */
export const vclockSchema = z.custom<VClock>().superRefine((value, ctx) => {
  const r = validate(value);
  if (!r.ok) {
    ctx.addIssue({
      code: "custom",
      message: r.error.message,
      path: [...r.error.path],
      params: { code: r.error.code },
    });
  }
});

/** JSON Schema (draft 2020-12) of a vector clock. */
export const vclockJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:commons-spec:vclock",
  title: "Vector clock",
  description:
    "Map from node id to counter; a missing entry means 0 and the canonical form omits zeros.",
  type: "object",
  propertyNames: { pattern: NODE_ID_PATTERN.source },
  additionalProperties: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
} as const;
