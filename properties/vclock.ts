/**
 * The vector-clock invariants (SPEC.md §7) as properties of any `VClockUnderTest`, the
 * reference core by default. Clocks are compared through `toVClock` in the exported shape.
 */
import fc from "fast-check";
import * as vc from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import { reduceVClockArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { VClockUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** Node ids (SPEC §7: 1–128 characters of `A–Z a–z 0–9 . _ : ~ -`), awkward ones included. */
export const arbNodeId: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9._:~-]{1,12}$/), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      "a",
      "b",
      "c",
      "node-1",
      "n:2",
      "__proto__",
      "constructor",
      "hasOwnProperty",
      "toString",
      "10",
      "0",
      "~",
    ),
    weight: 3,
  },
  {
    // The longest ids, and ids whose length crosses a one-byte length prefix (127, 128).
    arbitrary: fc
      .tuple(fc.constantFrom(127, 128), fc.constantFrom("a", "Z", "9", "-", "~"))
      .map(([n, c]) => c.repeat(n)),
    weight: 1,
  },
);

/** The largest counter SPEC §7 allows. */
export const VC_MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/**
 * Counters over the whole allowed range, biased to the edges: 0, small, each side of the 7-bit
 * groups of a varint (127/128, 16383/16384, 2^21, 2^28), of 32-bit arithmetic (2^31, 2^32), and
 * the largest safe integers.
 */
export const arbCounter: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.nat(5), weight: 6 },
  { arbitrary: fc.nat(), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      127,
      128,
      129,
      16_383,
      16_384,
      2 ** 21 - 1,
      2 ** 21,
      2 ** 28 - 1,
      2 ** 28,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 49 - 1,
      2 ** 49,
    ),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(VC_MAX_COUNTER - 1, VC_MAX_COUNTER), weight: 2 },
  { arbitrary: fc.maxSafeNat(), weight: 1 },
);

/**
 * Vector clocks: mostly a few node ids (awkward ones such as "__proto__" included), sometimes
 * 20–50 of them; zero entries (valid input, not canonical) included.
 */
export const arbVClock: fc.Arbitrary<VClock> = fc.oneof(
  { arbitrary: fc.dictionary(arbNodeId, arbCounter, { maxKeys: 8 }), weight: 8 },
  {
    arbitrary: fc.dictionary(arbNodeId, arbCounter, { minKeys: 20, maxKeys: 50 }),
    weight: 1,
  },
  { arbitrary: fc.constant({}), weight: 1 },
);

export type VClockOp =
  { kind: "event" | "send"; p: number } | { kind: "receive"; p: number; m: number };

/** Operations of a fixed-membership run: local events, sends and receives. */
export const arbVClockOps: fc.Arbitrary<VClockOp[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constantFrom("event" as const, "send" as const), p: fc.nat() }),
    fc.record({ kind: fc.constant("receive" as const), p: fc.nat(), m: fc.nat() }),
  ),
  { maxLength: 80, size: "max" },
);

/** The reference core as a VClockUnderTest. */
export const referenceVClock: VClockUnderTest<VClock> = {
  event: vc.event,
  join: vc.join,
  leq: vc.leq,
  empty: vc.empty,
  encode: vc.encode,
  decode: vc.decode,
  toVClock: (v) => v,
  fromVClock: (v) => v,
};

// ---------------------------------------------------------------------------------------------
// The oracle: SPEC §7 transcribed (missing = 0, canonical form omits zeros)

/** The entry of `k` (0 when missing), read as an own property only. */
export const entryOf = (v: VClock, k: string): number =>
  Object.prototype.hasOwnProperty.call(v, k) ? (v[k] ?? 0) : 0;

/** The canonical text of a clock: its non-zero entries sorted by node id. */
export function canonical(v: VClock): string {
  const es = Object.keys(v)
    .filter((k) => entryOf(v, k) !== 0)
    .sort()
    .map((k) => [k, entryOf(v, k)]);
  return JSON.stringify(es);
}

/** Pointwise ≤. */
export function oracleLeq(a: VClock, b: VClock): boolean {
  return Object.keys(a).every((k) => entryOf(a, k) <= entryOf(b, k));
}

/** Pointwise maximum. */
export function oracleJoin(a: VClock, b: VClock): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const m = Math.max(entryOf(a, k), entryOf(b, k));
    if (m !== 0) Object.defineProperty(out, k, { value: m, enumerable: true, writable: true });
  }
  return out;
}

/** The own entry incremented; undefined past 2^53 − 1 (a misuse that must be reported). */
export function oracleEvent(v: VClock, node: string): Record<string, number> | undefined {
  const c = entryOf(v, node);
  if (c >= VC_MAX_COUNTER) return undefined;
  const out = oracleJoin(v, {});
  Object.defineProperty(out, node, { value: c + 1, enumerable: true, writable: true });
  return out;
}

const showVc = (v: VClock): string => {
  const es = JSON.parse(canonical(v)) as [string, number][];
  return `{${es.map(([k, n]) => `${k.length > 20 ? `${k.slice(0, 8)}…(${k.length} chars)` : k}: ${n}`).join(", ")}}`;
};

/**
 * Runs `ops` over n processes, tracking causal histories; returns every process and message.
 * Every process starts from the same clock (`base` for each of them: a shared past, so that
 * counters reach the largest safe integers); histories count the events of the run.
 */
export function runVClockOps<V>(
  n: number,
  ops: readonly VClockOp[],
  impl: VClockUnderTest<V>,
  base = 0,
): { clock: V; hist: ReadonlySet<number> }[] {
  let token = 0;
  const start: Record<string, number> = {};
  for (let k = 0; k < n; k++) if (base > 0) start[`p${k}`] = base;
  const procs = Array.from({ length: n }, (_, k) => ({
    name: `p${k}`,
    clock: base > 0 ? impl.fromVClock(start) : impl.empty(),
    hist: new Set<number>(),
  }));
  const msgs: { clock: V; hist: Set<number> }[] = [];
  for (const op of ops) {
    const p = procs[op.p % n] as (typeof procs)[number];
    if (op.kind !== "receive") {
      p.clock = impl.event(p.clock, p.name);
      p.hist = new Set([...p.hist, token++]);
      if (op.kind === "send") msgs.push({ clock: p.clock, hist: p.hist });
    } else if (msgs.length > 0) {
      const m = msgs[op.m % msgs.length] as (typeof msgs)[number];
      p.clock = impl.event(impl.join(p.clock, m.clock), p.name);
      p.hist = new Set([...p.hist, ...m.hist, token++]);
    }
  }
  return [...procs, ...msgs];
}

/** A run: processes (1–6, sometimes 20–40), operations, and the shared starting counter. */
export interface VClockRun {
  readonly n: number;
  readonly base: number;
  readonly ops: readonly VClockOp[];
}

export const arbVClockRun: fc.Arbitrary<VClockRun> = fc
  .record({
    n: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 5 },
      { arbitrary: fc.integer({ min: 20, max: 40 }), weight: 1 },
    ),
    base: fc.oneof(
      { arbitrary: fc.constant(0), weight: 6 },
      { arbitrary: fc.constantFrom(127, 2 ** 31 - 1, 2 ** 32 - 1, VC_MAX_COUNTER), weight: 2 },
    ),
    ops: arbVClockOps,
  })
  // Every event adds one to one counter: stay within the safe range.
  .map((r) => ({ ...r, base: Math.min(r.base, VC_MAX_COUNTER - r.ops.length) }));

/** A clock and how another is made from it (so comparable pairs are common). */
export type VClockPair =
  | { readonly kind: "independent"; readonly a: VClock; readonly b: VClock }
  | { readonly kind: "raised"; readonly a: VClock; readonly b: VClock }
  | { readonly kind: "lowered"; readonly a: VClock; readonly key: number }
  | { readonly kind: "equal"; readonly a: VClock; readonly zeros: readonly string[] };

export const arbVClockPair: fc.Arbitrary<VClockPair> = fc.oneof(
  fc.record({ kind: fc.constant("independent" as const), a: arbVClock, b: arbVClock }),
  fc.record({ kind: fc.constant("raised" as const), a: arbVClock, b: arbVClock }),
  fc.record({ kind: fc.constant("lowered" as const), a: arbVClock, key: fc.nat() }),
  fc.record({
    kind: fc.constant("equal" as const),
    a: arbVClock,
    zeros: fc.array(arbNodeId, { maxLength: 3 }),
  }),
);

/** The two clocks of a pair. */
export function pairClocks(p: VClockPair): [VClock, VClock] {
  switch (p.kind) {
    case "independent":
      return [p.a, p.b];
    case "raised":
      return [p.a, oracleJoin(p.a, p.b)];
    case "lowered": {
      const keys = Object.keys(p.a).filter((k) => entryOf(p.a, k) > 0);
      const k = keys[p.key % Math.max(1, keys.length)];
      if (k === undefined) return [p.a, p.a];
      const b = oracleJoin(p.a, {});
      Object.defineProperty(b, k, { value: entryOf(p.a, k) - 1, enumerable: true, writable: true });
      return [p.a, b];
    }
    case "equal": {
      const b = oracleJoin(p.a, {});
      for (const z of p.zeros)
        if (entryOf(b, z) === 0)
          Object.defineProperty(b, z, { value: 0, enumerable: true, writable: true });
      return [p.a, b];
    }
  }
}

/** How a byte string is derived from the implementation's own encoding of a clock. */
export type VClockCorruption =
  | { readonly kind: "none" }
  | { readonly kind: "flip"; readonly bit: number }
  | { readonly kind: "truncate"; readonly bytes: number }
  | { readonly kind: "append"; readonly byte: number }
  | { readonly kind: "random"; readonly bytes: Uint8Array };

export const arbVClockCorruption: fc.Arbitrary<VClockCorruption> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("flip" as const), bit: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), bytes: fc.nat() }),
  fc.record({ kind: fc.constant("append" as const), byte: fc.constantFrom(0, 1, 0x80, 0xff) }),
  fc.record({ kind: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 20 }) }),
);

function corruptBytes(enc: Uint8Array, c: VClockCorruption): Uint8Array {
  switch (c.kind) {
    case "none":
      return enc;
    case "flip": {
      if (enc.length === 0) return new Uint8Array([1]);
      const out = enc.slice();
      const k = c.bit % (enc.length * 8);
      out[k >> 3] = (out[k >> 3] as number) ^ (0x80 >> (k & 7));
      return out;
    }
    case "truncate":
      return enc.slice(0, enc.length === 0 ? 0 : c.bytes % enc.length);
    case "append":
      return new Uint8Array([...enc, c.byte]);
    case "random":
      return c.bytes;
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex") || "(empty)";

/** VC-4's cases: a pair of clocks, a node id, and whether the event is on a node of the clock. */
export const arbVClockEventCase = fc.tuple(arbVClockPair, arbNodeId, fc.boolean());

/** The node VC-4's event is on: one of the clock's (at its largest counters too) or a new one. */
export function eventTarget(clock: VClock, node: string, own: boolean): string {
  const keys = Object.keys(clock);
  return own && keys.length > 0 ? (keys[node.length % keys.length] as string) : node;
}

export function vclockProperties<V>(
  impl: VClockUnderTest<V> = referenceVClock as unknown as VClockUnderTest<V>,
  name = "implementation",
): InvariantProperty[] {
  const to = (v: V) => impl.toVClock(v);
  const from = (v: VClock) => impl.fromVClock(v);
  const same = (a: V, b: V) => canonical(to(a)) === canonical(to(b));
  const show = (v: V) => showVc(to(v));
  const out: InvariantProperty[] = [
    {
      id: "VC-1",
      suite: "vclock",
      title: "leq agrees with inclusion of causal histories (fixed membership, up to 40 processes)",
      numRuns: 150,
      reduce: reduceVClockArguments,
      build: () =>
        fc.property(arbVClockRun, ({ n, base, ops }) => {
          const all = runVClockOps(n, ops, impl, base);
          for (const a of all) {
            for (const b of all) {
              const sub = [...a.hist].every((t) => b.hist.has(t));
              const back = [...b.hist].every((t) => a.hist.has(t));
              if (impl.leq(a.clock, b.clock) !== sub)
                violation(
                  sub ? "leq-false-on-causal-past" : "leq-true-on-concurrent-or-later",
                  `${name}: leq(${show(a.clock)}, ${show(b.clock)}) = ${!sub}, but the histories say ${sub}`,
                );
              if (sub && back && !same(a.clock, b.clock))
                violation(
                  "equal-histories-different-clocks",
                  `${name}: equal histories, different clocks ${show(a.clock)} and ${show(b.clock)}`,
                );
            }
          }
        }),
    },
    {
      id: "VC-2",
      suite: "vclock",
      title:
        "join is the pointwise maximum (counters up to 2^53 − 1): commutative, associative, idempotent, least upper bound",
      numRuns: 300,
      reduce: reduceVClockArguments,
      build: () =>
        fc.property(arbVClock, arbVClock, arbVClock, (ra, rb, rc) => {
          const [a, b, c] = [from(ra), from(rb), from(rc)];
          const ab = impl.join(a, b);
          const want = oracleJoin(ra, rb);
          if (canonical(to(ab)) !== canonical(want))
            violation(
              "join-not-pointwise-max",
              `${name}: join(${showVc(ra)}, ${showVc(rb)}) = ${show(ab)}, the pointwise maximum is ${showVc(want)}`,
            );
          if (!same(ab, impl.join(b, a)))
            violation("join-not-commutative", `${name}: join is not commutative`);
          if (!same(impl.join(ab, c), impl.join(a, impl.join(b, c))))
            violation("join-not-associative", `${name}: join is not associative`);
          if (!same(impl.join(a, a), a))
            violation("join-not-idempotent", `${name}: join(a, a) ≠ a for ${showVc(ra)}`);
          if (!impl.leq(a, ab) || !impl.leq(b, ab))
            violation(
              "join-not-upper-bound",
              `${name}: join(${showVc(ra)}, ${showVc(rb)}) is not ≥ both`,
            );
        }),
    },
    {
      id: "VC-4",
      suite: "vclock",
      title:
        "event and leq are SPEC §7's pointwise definitions (both directions of leq; counters up to 2^53 − 1, an event past it throws)",
      numRuns: 300,
      reduce: reduceVClockArguments,
      build: () =>
        fc.property(arbVClockEventCase, ([pair, node, own]) => {
          const [ra, rb] = pairClocks(pair);
          const a = from(ra);
          const b = from(rb);
          for (const [x, y, rx, ry] of [
            [a, b, ra, rb],
            [b, a, rb, ra],
          ] as const) {
            const got = impl.leq(x, y);
            const want = oracleLeq(rx, ry);
            if (got !== want)
              violation(
                want ? "leq-false-where-pointwise-true" : "leq-true-where-pointwise-false",
                `${name}: leq(${showVc(rx)}, ${showVc(ry)}) = ${got}, pointwise ≤ gives ${want}`,
              );
          }
          // An event on a node of the clock (at its largest counters too) or on a new one.
          const at = eventTarget(ra, node, own);
          const want = oracleEvent(ra, at);
          let got: V | undefined;
          try {
            got = impl.event(a, at);
          } catch (e) {
            if (want !== undefined)
              violation(
                "event-threw",
                `${name}: event(${showVc(ra)}, ${at}) threw: ${e instanceof Error ? e.message : String(e)}`,
              );
          }
          if (want === undefined && got !== undefined)
            violation(
              "misuse-accepted:event:counter-overflow",
              `${name}: event(${showVc(ra)}, ${at}) = ${show(got)}: the counter of ${at} would pass 2^53 − 1`,
            );
          if (want !== undefined && got !== undefined && canonical(to(got)) !== canonical(want))
            violation(
              "event-not-increment",
              `${name}: event(${showVc(ra)}, ${at}) = ${show(got)}, SPEC §7 gives ${showVc(want)}`,
            );
          if (canonical(to(impl.empty())) !== "[]")
            violation("empty-not-empty", `${name}: empty() = ${show(impl.empty())}`);
        }),
    },
  ];
  const { encode, decode } = impl;
  if (encode !== undefined && decode !== undefined) {
    out.push({
      id: "VC-3",
      suite: "vclock",
      title:
        "encode/decode round-trip deterministically (edge counters and ids); decode rejects anything else",
      numRuns: 1000,
      reduce: reduceVClockArguments,
      build: () =>
        fc.property(arbVClock, arbVClockCorruption, (a, how) => {
          const enc = encode(from(a));
          let back: V;
          try {
            back = decode(enc);
          } catch (e) {
            violation(
              "decode-rejects-own-encoding",
              `${name}: decode(encode(${showVc(a)})) threw: ${e instanceof Error ? e.message : String(e)} (bytes ${hex(enc)})`,
            );
          }
          if (canonical(to(back)) !== canonical(a))
            violation(
              "round-trip",
              `${name}: decode(encode(${showVc(a)})) = ${show(back)} (bytes ${hex(enc)})`,
            );
          const reordered: Record<string, number> = {};
          for (const k of Object.keys(a).reverse())
            Object.defineProperty(reordered, k, { value: a[k], enumerable: true, writable: true });
          if (!Buffer.from(encode(from(reordered))).equals(Buffer.from(enc)))
            violation(
              "encoding-depends-on-key-order",
              `${name}: the encoding depends on key order`,
            );
          const bytes = corruptBytes(enc, how);
          let v: V;
          try {
            v = decode(bytes);
          } catch {
            return;
          }
          if (!Buffer.from(encode(v)).equals(Buffer.from(bytes)))
            violation(
              "decode-accepted-non-canonical",
              `${name}: decode accepted ${hex(bytes)}, not a canonical encoding (made from ${hex(enc)} by ${JSON.stringify(how, (_, x: unknown) => (x instanceof Uint8Array ? hex(x) : x))})`,
            );
        }),
    });
  }
  return out;
}
