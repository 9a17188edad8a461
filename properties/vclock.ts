/**
 * The vector-clock invariants (SPEC.md §7) as properties of any `VClockUnderTest`, the
 * reference core by default. Clocks are compared through `toVClock` in the exported shape.
 */
import fc from "fast-check";
import * as vc from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import type { InvariantProperty } from "./property.js";
import type { VClockUnderTest } from "./under-test.js";

function holds(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

const arbNodeId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._:~-]{1,12}$/),
  fc.constantFrom("a", "b", "c", "node-1", "n:2", "__proto__", "constructor", "10"),
);

/** Vector clocks over a few node ids (including awkward ones such as "__proto__"). */
export const arbVClock: fc.Arbitrary<VClock> = fc.dictionary(
  arbNodeId,
  fc.oneof(fc.nat(5), fc.nat()),
  {
    maxKeys: 8,
  },
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

/** Runs `ops` over n processes, tracking causal histories; returns every process and message. */
export function runVClockOps<V>(
  n: number,
  ops: readonly VClockOp[],
  impl: VClockUnderTest<V>,
): { clock: V; hist: ReadonlySet<number> }[] {
  let token = 0;
  const procs = Array.from({ length: n }, (_, k) => ({
    name: `p${k}`,
    clock: impl.empty(),
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

export function vclockProperties<V>(
  impl: VClockUnderTest<V> = referenceVClock as unknown as VClockUnderTest<V>,
  name = "implementation",
): InvariantProperty[] {
  const to = (v: V) => impl.toVClock(v);
  const from = (v: VClock) => impl.fromVClock(v);
  const same = (a: V, b: V) => vc.equals(to(a), to(b));
  const show = (v: V) => JSON.stringify(to(v));
  const out: InvariantProperty[] = [
    {
      id: "VC-1",
      suite: "vclock",
      title: "leq agrees with inclusion of causal histories (fixed membership)",
      numRuns: 150,
      build: () =>
        fc.property(fc.integer({ min: 1, max: 6 }), arbVClockOps, (n, ops) => {
          const all = runVClockOps(n, ops, impl);
          for (const a of all) {
            for (const b of all) {
              const sub = [...a.hist].every((t) => b.hist.has(t));
              const back = [...b.hist].every((t) => a.hist.has(t));
              holds(
                impl.leq(a.clock, b.clock) === sub,
                `${name}: leq(${show(a.clock)}, ${show(b.clock)}) = ${!sub}, but the histories say ${sub}`,
              );
              if (sub && back)
                holds(same(a.clock, b.clock), `${name}: equal histories, different clocks`);
            }
          }
        }),
    },
    {
      id: "VC-2",
      suite: "vclock",
      title:
        "join is the pointwise maximum: commutative, associative, idempotent, least upper bound",
      numRuns: 300,
      build: () =>
        fc.property(arbVClock, arbVClock, arbVClock, (ra, rb, rc) => {
          const [a, b, c] = [from(ra), from(rb), from(rc)];
          const ab = impl.join(a, b);
          holds(same(ab, impl.join(b, a)), `${name}: join is not commutative`);
          holds(
            same(impl.join(ab, c), impl.join(a, impl.join(b, c))),
            `${name}: join is not associative`,
          );
          holds(same(impl.join(a, a), a), `${name}: join is not idempotent`);
          holds(impl.leq(a, ab) && impl.leq(b, ab), `${name}: join is not an upper bound`);
          for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
            holds(
              vc.get(to(ab), k) === Math.max(vc.get(ra, k), vc.get(rb, k)),
              `${name}: join(${JSON.stringify(ra)}, ${JSON.stringify(rb)}) entry ${k} is not the maximum`,
            );
          }
        }),
    },
  ];
  const { encode, decode } = impl;
  if (encode !== undefined && decode !== undefined) {
    out.push({
      id: "VC-3",
      suite: "vclock",
      title: "encode/decode round-trip deterministically; decode rejects anything else",
      numRuns: 1000,
      build: () =>
        fc.property(arbVClock, fc.uint8Array({ maxLength: 20 }), (a, bytes) => {
          const enc = encode(from(a));
          holds(vc.equals(to(decode(enc)), a), `${name}: decode(encode(v)) ≠ v`);
          holds(
            Buffer.from(encode(from(Object.fromEntries(Object.entries(a).reverse())))).equals(
              Buffer.from(enc),
            ),
            `${name}: the encoding depends on key order`,
          );
          let v: V;
          try {
            v = decode(bytes);
          } catch {
            return;
          }
          holds(
            Buffer.from(encode(v)).equals(Buffer.from(bytes)),
            `${name}: decode accepted ${Buffer.from(bytes).toString("hex")}, not a canonical encoding`,
          );
        }),
    });
  }
  return out;
}
