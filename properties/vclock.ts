import fc from "fast-check";
import { CoreError } from "../src/core/errors.js";
import * as vc from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import type { InvariantProperty } from "./property.js";

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
  { maxKeys: 8 },
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

/** Runs `ops` over n processes, tracking causal histories; returns every process and message. */
export function runVClockOps(
  n: number,
  ops: readonly VClockOp[],
): { clock: VClock; hist: ReadonlySet<number> }[] {
  let token = 0;
  const procs = Array.from({ length: n }, (_, k) => ({
    name: `p${k}`,
    clock: vc.seed(`p${k}`),
    hist: new Set<number>(),
  }));
  const msgs: { clock: VClock; hist: Set<number> }[] = [];
  for (const op of ops) {
    const p = procs[op.p % n] as (typeof procs)[number];
    if (op.kind !== "receive") {
      p.clock = vc.event(p.clock, p.name);
      p.hist = new Set([...p.hist, token++]);
      if (op.kind === "send") msgs.push({ clock: p.clock, hist: p.hist });
    } else if (msgs.length > 0) {
      const m = msgs[op.m % msgs.length] as (typeof msgs)[number];
      p.clock = vc.event(vc.join(p.clock, m.clock), p.name);
      p.hist = new Set([...p.hist, ...m.hist, token++]);
    }
  }
  return [...procs, ...msgs];
}

export function vclockProperties(): InvariantProperty[] {
  return [
    {
      id: "VC-1",
      suite: "vclock",
      title: "leq and compare agree with inclusion of causal histories (fixed membership)",
      numRuns: 150,
      build: () =>
        fc.property(fc.integer({ min: 1, max: 6 }), arbVClockOps, (n, ops) => {
          const all = runVClockOps(n, ops);
          for (const a of all) {
            for (const b of all) {
              const sub = [...a.hist].every((t) => b.hist.has(t));
              const back = [...b.hist].every((t) => a.hist.has(t));
              holds(vc.leq(a.clock, b.clock) === sub, "leq disagrees with causal histories");
              const want = sub ? (back ? "equal" : "before") : back ? "after" : "concurrent";
              holds(
                vc.compare(a.clock, b.clock) === want,
                `compare says ${vc.compare(a.clock, b.clock)}, histories say ${want}`,
              );
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
        fc.property(arbVClock, arbVClock, arbVClock, (a, b, c) => {
          const ab = vc.join(a, b);
          holds(vc.equals(ab, vc.join(b, a)), "join is not commutative");
          holds(vc.equals(vc.join(ab, c), vc.join(a, vc.join(b, c))), "join is not associative");
          holds(vc.equals(vc.join(a, a), a), "join is not idempotent");
          holds(vc.leq(a, ab) && vc.leq(b, ab), "join is not an upper bound");
          if (vc.leq(a, c) && vc.leq(b, c))
            holds(vc.leq(ab, c), "join is not the least upper bound");
          for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
            holds(
              vc.get(ab, k) === Math.max(vc.get(a, k), vc.get(b, k)),
              `entry ${k} is not the maximum`,
            );
          }
        }),
    },
    {
      id: "VC-3",
      suite: "vclock",
      title: "encode/decode round-trip deterministically; decode rejects anything else",
      numRuns: 1000,
      build: () =>
        fc.property(arbVClock, fc.uint8Array({ maxLength: 20 }), (a, bytes) => {
          const enc = vc.encode(a);
          holds(vc.equals(vc.decode(enc), a), "decode(encode(v)) ≠ v");
          holds(
            Buffer.from(vc.encode(Object.fromEntries(Object.entries(a).reverse()))).equals(
              Buffer.from(enc),
            ),
            "encoding depends on key order",
          );
          let v: VClock;
          try {
            v = vc.decode(bytes);
          } catch (e) {
            if (e instanceof CoreError && e.code === "VCLOCK_MALFORMED") return;
            throw e;
          }
          holds(
            Buffer.from(vc.encode(v)).equals(Buffer.from(bytes)),
            "decode accepted a non-canonical encoding",
          );
        }),
    },
  ];
}
