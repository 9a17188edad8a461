/**
 * Encoded ITC stamp sizes against the number of participants, over seeds: the packaged version of
 * the size part of bench/itc.bench.ts (which stays the timing benchmark). Two workloads per
 * participant count N, as in Almeida et al.'s Fig. 1: *messages* (fixed membership: a random
 * process sends — event + peek — to a random other, which receives — join + event) and *churn*
 * (the same, plus each step one random process retires into another and a new one is forked).
 * The size is the mean Appendix-A encoding of the live stamps over the second half of the run.
 *
 * Beside every stamp runs a vector clock (src/core/vclock.ts) through the same steps, so that both
 * are measured on one history: a process's clock ticks on send and receive, joins the message's
 * clock on receive, a retiring process's clock is joined into the one it retires into, and a new
 * process starts from its parent's clock under a fresh node id (`p0`, `p1`, …: 2–4 bytes; longer
 * ids make every entry longer). Drawing nothing from the random stream, it leaves the ITC run as
 * it was.
 *
 * Per seed and workload the exponent b of size ≈ a·N^b is fitted by least squares on log–log
 * axes; the audit reports the median exponent over seeds with its order-statistic interval and
 * compares it with the exponent that a logarithmic curve (size ∝ log₂ N) has over the same N.
 */
import * as itc from "../core/itc/index.js";
import type { Stamp } from "../core/itc/index.js";
import * as vclock from "../core/vclock.js";
import type { VClock } from "../core/vclock.js";
import { Rng } from "../engine/sim/rng.js";
import { medianInterval, round6, slope, type MedianEstimate } from "./intervals.js";

export const ITC_WORKLOADS = ["messages", "churn"] as const;
export type ItcWorkload = (typeof ITC_WORKLOADS)[number];

export interface ItcSizeOptions {
  readonly sizes: readonly number[];
  /** Run the vector clocks through src/core/vclock.ts itself (slow; for tests). */
  readonly referenceClocks?: boolean;
  /** Steps per participant (the run has stepsPerProcess · N steps). */
  readonly stepsPerProcess: number;
  readonly seeds: readonly number[];
}

export interface ItcSizePoint {
  readonly workload: ItcWorkload;
  readonly n: number;
  readonly seed: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
  /** The vector clocks' sizes over the same samples of the same run. */
  readonly vcMeanBytes: number;
  readonly vcMaxBytes: number;
}

export interface ItcExponent {
  readonly workload: ItcWorkload;
  /** Median over seeds of the fitted exponent, with its interval. */
  readonly exponent: MedianEstimate;
  /** Median over seeds of the mean size at each N. */
  readonly meanBytes: readonly { readonly n: number; readonly bytes: MedianEstimate }[];
}

export interface ItcSizeResult {
  readonly points: readonly ItcSizePoint[];
  readonly exponents: readonly ItcExponent[];
  /** The same fits for the vector clocks of the same runs. */
  readonly vcExponents: readonly ItcExponent[];
  /** The exponent of size ∝ log₂ N fitted over the same N (what "O(log n)" would show). */
  readonly logarithmicExponent: number;
}

function pick(rng: Rng, n: number): number {
  return rng.int(0, n - 1);
}

/**
 * The vector clocks of a run. Node ids are `p<k>`, so a clock is a counter array indexed by k
 * (a missing entry is 0): join is an element-wise maximum and the size is that of
 * src/core/vclock.ts's encoding of the same clock (`reference` runs the module itself: tests
 * check that both give the same sizes).
 */
interface Clocks {
  seed(): void;
  /** Process `to` receives what `from` sent: from ticks, to joins and ticks. */
  message(from: number, to: number): void;
  /** `from` retires into `into` (its clock joined into theirs) and leaves the array. */
  retire(from: number, into: number): void;
  /** A new process forked from `parent`, with the next id. */
  fork(parent: number): void;
  bytes(i: number): number;
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

function arrayClocks(capacity: number): Clocks {
  const vcs: Int32Array[] = [];
  const ids: number[] = [];
  let next = 0;
  const join = (into: Int32Array, from: Int32Array) => {
    for (let k = 0; k < next; k++)
      if ((from[k] as number) > (into[k] as number)) into[k] = from[k] as number;
  };
  return {
    seed() {
      vcs.push(new Int32Array(capacity));
      ids.push(next++);
    },
    message(from, to) {
      const a = vcs[from] as Int32Array;
      const b = vcs[to] as Int32Array;
      const i = ids[from] as number;
      const j = ids[to] as number;
      a[i] = (a[i] as number) + 1;
      join(b, a);
      b[j] = (b[j] as number) + 1;
    },
    retire(from, into) {
      join(vcs[into] as Int32Array, vcs[from] as Int32Array);
      const last = vcs.length - 1;
      vcs[from] = vcs[last] as Int32Array;
      ids[from] = ids[last] as number;
      vcs.pop();
      ids.pop();
    },
    fork(parent) {
      vcs.push((vcs[parent] as Int32Array).slice());
      ids.push(next++);
    },
    bytes(i) {
      const c = vcs[i] as Int32Array;
      let entries = 0;
      let size = 0;
      for (let k = 0; k < next; k++) {
        const v = c[k] as number;
        if (v === 0) continue;
        const idLength = 1 + String(k).length;
        entries++;
        size += varintSize(idLength) + idLength + varintSize(v);
      }
      return varintSize(entries) + size;
    },
  };
}

function referenceClocks(): Clocks {
  const vcs: VClock[] = [];
  const ids: string[] = [];
  let next = 0;
  return {
    seed() {
      const id = `p${next++}`;
      vcs.push(vclock.seed(id));
      ids.push(id);
    },
    message(from, to) {
      const sent = vclock.event(vcs[from] as VClock, ids[from] as string);
      vcs[from] = sent;
      vcs[to] = vclock.event(vclock.join(vcs[to] as VClock, sent), ids[to] as string);
    },
    retire(from, into) {
      vcs[into] = vclock.join(vcs[into] as VClock, vcs[from] as VClock);
      const last = vcs.length - 1;
      vcs[from] = vcs[last] as VClock;
      ids[from] = ids[last] as string;
      vcs.pop();
      ids.pop();
    },
    fork(parent) {
      vcs.push(vcs[parent] as VClock);
      ids.push(`p${next++}`);
    },
    bytes(i) {
      return vclock.encode(vcs[i] as VClock).length;
    },
  };
}

function run(
  rng: Rng,
  n: number,
  workload: ItcWorkload,
  stepsPerProcess: number,
  reference = false,
) {
  const steps = stepsPerProcess * n;
  const clocks = reference
    ? referenceClocks()
    : arrayClocks(n + (workload === "churn" ? steps : 0));
  const ps: Stamp[] = [itc.seed()];
  clocks.seed();
  while (ps.length < n) {
    const p = pick(rng, ps.length);
    const [a, b] = itc.fork(ps[p] as Stamp);
    ps[p] = a;
    ps.push(b);
    clocks.fork(p);
  }
  const every = Math.max(1, Math.floor(steps / 40));
  let sum = 0;
  let vcSum = 0;
  let samples = 0;
  let maxBytes = 0;
  let vcMaxBytes = 0;
  for (let it = 0; it < steps; it++) {
    const p = pick(rng, n);
    const q = (p + 1 + pick(rng, n - 1)) % n;
    const [s, msg] = itc.send(ps[p] as Stamp);
    ps[p] = s;
    ps[q] = itc.receive(ps[q] as Stamp, msg);
    clocks.message(p, q);
    if (workload === "churn") {
      const a = pick(rng, n);
      const b = (a + 1 + pick(rng, n - 1)) % n;
      ps[b] = itc.join(ps[b] as Stamp, ps[a] as Stamp);
      ps[a] = ps[n - 1] as Stamp;
      ps.pop();
      clocks.retire(a, b);
      const r = pick(rng, ps.length);
      const [x, y] = itc.fork(ps[r] as Stamp);
      ps[r] = x;
      ps.push(y);
      clocks.fork(r);
    }
    if (it >= steps / 2 && it % every === 0) {
      for (const st of ps) {
        const bytes = itc.encode(st).length;
        sum += bytes;
        if (bytes > maxBytes) maxBytes = bytes;
      }
      for (let i = 0; i < ps.length; i++) {
        const bytes = clocks.bytes(i);
        vcSum += bytes;
        if (bytes > vcMaxBytes) vcMaxBytes = bytes;
      }
      samples += ps.length;
    }
  }
  return {
    meanBytes: samples === 0 ? 0 : sum / samples,
    maxBytes,
    vcMeanBytes: samples === 0 ? 0 : vcSum / samples,
    vcMaxBytes,
  };
}

/** Runs both workloads at every size and seed; deterministic in its options. */
export function measureItcSizes(o: ItcSizeOptions): ItcSizeResult {
  const points: ItcSizePoint[] = [];
  for (const workload of ITC_WORKLOADS)
    for (const n of o.sizes)
      for (const seed of o.seeds) {
        const r = run(
          Rng.derive(seed, `itc-sizes:${workload}:${n}`),
          n,
          workload,
          o.stepsPerProcess,
          o.referenceClocks === true,
        );
        points.push({
          workload,
          n,
          seed,
          meanBytes: round6(r.meanBytes),
          maxBytes: r.maxBytes,
          vcMeanBytes: round6(r.vcMeanBytes),
          vcMaxBytes: r.vcMaxBytes,
        });
      }
  const logN = o.sizes.map((n) => Math.log(n));
  const fit = (size: (p: ItcSizePoint) => number): ItcExponent[] =>
    ITC_WORKLOADS.map((workload) => {
      const perSeed = o.seeds.map((seed) => {
        const ys = o.sizes.map((n) => {
          const p = points.find((x) => x.workload === workload && x.n === n && x.seed === seed);
          return Math.log(Math.max(1, p === undefined ? 1 : size(p)));
        });
        return round6(slope(logN, ys));
      });
      return {
        workload,
        exponent: medianInterval(perSeed),
        meanBytes: o.sizes.map((n) => ({
          n,
          bytes: medianInterval(
            points.filter((x) => x.workload === workload && x.n === n).map(size),
          ),
        })),
      };
    });
  const exponents = fit((p) => p.meanBytes);
  const vcExponents = fit((p) => p.vcMeanBytes);
  const logarithmicExponent = round6(
    slope(
      logN,
      o.sizes.map((n) => Math.log(Math.log2(n))),
    ),
  );
  return { points, exponents, vcExponents, logarithmicExponent };
}
