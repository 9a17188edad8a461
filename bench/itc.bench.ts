/**
 * Interval Tree Clock benchmark.
 *
 *   npx tsx bench/itc.bench.ts [seed] [iterationsPerProcess]
 *
 * Two workloads per participant count N ∈ {4, 16, 64, 128}, as in the paper's Fig. 1:
 *   - "messages": fixed membership. The seed is forked into N processes (each time forking a
 *     random live process); then each iteration a random process sends a message (event +
 *     peek) that a random other process receives (join + event).
 *   - "churn": the same message passing, plus in each iteration a random process retires (it is
 *     joined into another random process) and a new one is forked from a random process, so the
 *     membership stays at N but ids keep being split and merged.
 * It prints the mean encoded stamp size (bytes) over the live processes, sampled during the
 * second half of the run, then ops/second of event, join, leq, fork, encode and decode applied
 * to the final stamps, and finally one JSON line with every figure.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import * as itc from "../src/core/itc/index.js";
import type { Stamp } from "../src/core/itc/index.js";

type Rng = ReturnType<typeof xoroshiro128plus>;

const SIZES = [4, 16, 64, 128];
const seed = Number.parseInt(process.argv[2] ?? "42", 10);
const perProcess = Number.parseInt(process.argv[3] ?? "50", 10);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(perProcess) || perProcess < 2) {
  console.error("usage: npx tsx bench/itc.bench.ts [seed] [iterationsPerProcess ≥ 2]");
  process.exit(2);
}

const pick = (rng: Rng, n: number) => uniformInt(rng, 0, n - 1);
const pickOther = (rng: Rng, n: number, p: number) => (p + 1 + pick(rng, n - 1)) % n;

function grow(rng: Rng, n: number): Stamp[] {
  const ps: Stamp[] = [itc.seed()];
  while (ps.length < n) {
    const p = pick(rng, ps.length);
    const [a, b] = itc.fork(ps[p] as Stamp);
    ps[p] = a;
    ps.push(b);
  }
  return ps;
}

function exchange(rng: Rng, ps: Stamp[]): void {
  const p = pick(rng, ps.length);
  const q = pickOther(rng, ps.length, p);
  const [s, msg] = itc.send(ps[p] as Stamp);
  ps[p] = s;
  ps[q] = itc.receive(ps[q] as Stamp, msg);
}

function churn(rng: Rng, ps: Stamp[]): void {
  // Retire one process into another, then fork a random one to keep N processes.
  const p = pick(rng, ps.length);
  const q = pickOther(rng, ps.length, p);
  ps[q] = itc.join(ps[q] as Stamp, ps[p] as Stamp);
  ps[p] = ps[ps.length - 1] as Stamp;
  ps.pop();
  const r = pick(rng, ps.length);
  const [a, b] = itc.fork(ps[r] as Stamp);
  ps[r] = a;
  ps.push(b);
}

interface RunResult {
  stamps: Stamp[];
  meanBytes: number;
  maxBytes: number;
  runMs: number;
}

function run(rng: Rng, n: number, withChurn: boolean): RunResult {
  const t0 = performance.now();
  const ps = grow(rng, n);
  const iterations = perProcess * n;
  let sum = 0;
  let samples = 0;
  let maxBytes = 0;
  const sampleEvery = Math.max(1, Math.floor(iterations / 40));
  for (let it = 0; it < iterations; it++) {
    exchange(rng, ps);
    if (withChurn) churn(rng, ps);
    if (it >= iterations / 2 && it % sampleEvery === 0) {
      for (const s of ps) {
        const b = itc.encode(s).length;
        sum += b;
        if (b > maxBytes) maxBytes = b;
      }
      samples += ps.length;
    }
  }
  return { stamps: ps, meanBytes: sum / samples, maxBytes, runMs: performance.now() - t0 };
}

/** Runs `fn(k)` for k = 0, 1, … for about `ms` milliseconds; returns operations per second. */
function opsPerSec(fn: (k: number) => unknown, ms = 250): number {
  let sink: unknown;
  for (let k = 0; k < 2000; k++) sink = fn(k); // warm-up
  let count = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 500; k++) sink = fn(count + k);
    count += 500;
    t = performance.now();
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return Math.round((count / (t - t0)) * 1000);
}

function measure(stamps: Stamp[]) {
  const n = stamps.length;
  const peeks = stamps.map((s) => itc.peek(s));
  const bytes = stamps.map((s) => itc.encode(s));
  const at = <T>(xs: T[], k: number) => xs[k % n] as T;
  return {
    event: opsPerSec((k) => itc.event(at(stamps, k))),
    join: opsPerSec((k) => itc.join(at(stamps, k), at(peeks, k * 7 + 3))),
    leq: opsPerSec((k) => itc.leq(at(stamps, k), at(stamps, k * 7 + 3))),
    fork: opsPerSec((k) => itc.fork(at(stamps, k))),
    encode: opsPerSec((k) => itc.encode(at(stamps, k))),
    decode: opsPerSec((k) => itc.decode(at(bytes, k))),
  };
}

const fmt = (x: number) => x.toLocaleString("en-US");
const rng = xoroshiro128plus(seed);
console.log(
  `ITC bench — seed ${seed}; ${perProcess}·N iterations per run; node ${process.version}`,
);
console.log(
  "paper Fig. 1: messages ≈7 B (N=4), ≈88 B (64), ≈170 B (128); churn ≈14 B, ≈870 B, <2.9 KB",
);
const results: Record<string, unknown>[] = [];
for (const workload of ["messages", "churn"] as const) {
  for (const n of SIZES) {
    const r = run(rng, n, workload === "churn");
    const ops = measure(r.stamps);
    results.push({
      workload,
      n,
      meanBytes: Math.round(r.meanBytes * 10) / 10,
      maxBytes: r.maxBytes,
      runMs: Math.round(r.runMs),
      opsPerSec: ops,
    });
    console.log(
      `${workload.padEnd(8)} N=${String(n).padStart(3)}  mean ${r.meanBytes.toFixed(1).padStart(7)} B` +
        `  max ${String(r.maxBytes).padStart(5)} B  (run ${Math.round(r.runMs)} ms)  ops/s:` +
        ` event ${fmt(ops.event)}, join ${fmt(ops.join)}, leq ${fmt(ops.leq)},` +
        ` fork ${fmt(ops.fork)}, encode ${fmt(ops.encode)}, decode ${fmt(ops.decode)}`,
    );
  }
}
console.log(JSON.stringify({ bench: "itc", seed, iterationsPerProcess: perProcess, results }));
