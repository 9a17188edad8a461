/**
 * Encoded ITC stamp sizes against the number of participants, over seeds: the packaged version of
 * the size part of bench/itc.bench.ts (which stays the timing benchmark). Two workloads per
 * participant count N, as in Almeida et al.'s Fig. 1: *messages* (fixed membership: a random
 * process sends — event + peek — to a random other, which receives — join + event) and *churn*
 * (the same, plus each step one random process retires into another and a new one is forked).
 * The size is the mean Appendix-A encoding of the live stamps over the second half of the run.
 *
 * Per seed and workload the exponent b of size ≈ a·N^b is fitted by least squares on log–log
 * axes; the audit reports the median exponent over seeds with its order-statistic interval and
 * compares it with the exponent that a logarithmic curve (size ∝ log₂ N) has over the same N.
 */
import * as itc from "../core/itc/index.js";
import type { Stamp } from "../core/itc/index.js";
import { Rng } from "../engine/sim/rng.js";
import { medianInterval, round6, slope, type MedianEstimate } from "./intervals.js";

export const ITC_WORKLOADS = ["messages", "churn"] as const;
export type ItcWorkload = (typeof ITC_WORKLOADS)[number];

export interface ItcSizeOptions {
  readonly sizes: readonly number[];
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
  /** The exponent of size ∝ log₂ N fitted over the same N (what "O(log n)" would show). */
  readonly logarithmicExponent: number;
}

function pick(rng: Rng, n: number): number {
  return rng.int(0, n - 1);
}

function run(rng: Rng, n: number, workload: ItcWorkload, stepsPerProcess: number) {
  const ps: Stamp[] = [itc.seed()];
  while (ps.length < n) {
    const p = pick(rng, ps.length);
    const [a, b] = itc.fork(ps[p] as Stamp);
    ps[p] = a;
    ps.push(b);
  }
  const steps = stepsPerProcess * n;
  const every = Math.max(1, Math.floor(steps / 40));
  let sum = 0;
  let samples = 0;
  let maxBytes = 0;
  for (let it = 0; it < steps; it++) {
    const p = pick(rng, n);
    const q = (p + 1 + pick(rng, n - 1)) % n;
    const [s, msg] = itc.send(ps[p] as Stamp);
    ps[p] = s;
    ps[q] = itc.receive(ps[q] as Stamp, msg);
    if (workload === "churn") {
      const a = pick(rng, n);
      const b = (a + 1 + pick(rng, n - 1)) % n;
      ps[b] = itc.join(ps[b] as Stamp, ps[a] as Stamp);
      ps[a] = ps[n - 1] as Stamp;
      ps.pop();
      const r = pick(rng, ps.length);
      const [x, y] = itc.fork(ps[r] as Stamp);
      ps[r] = x;
      ps.push(y);
    }
    if (it >= steps / 2 && it % every === 0) {
      for (const st of ps) {
        const bytes = itc.encode(st).length;
        sum += bytes;
        if (bytes > maxBytes) maxBytes = bytes;
      }
      samples += ps.length;
    }
  }
  return { meanBytes: samples === 0 ? 0 : sum / samples, maxBytes };
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
        );
        points.push({ workload, n, seed, meanBytes: round6(r.meanBytes), maxBytes: r.maxBytes });
      }
  const logN = o.sizes.map((n) => Math.log(n));
  const exponents = ITC_WORKLOADS.map((workload) => {
    const perSeed = o.seeds.map((seed) => {
      const ys = o.sizes.map((n) => {
        const p = points.find((x) => x.workload === workload && x.n === n && x.seed === seed);
        return Math.log(Math.max(1, p?.meanBytes ?? 1));
      });
      return round6(slope(logN, ys));
    });
    return {
      workload,
      exponent: medianInterval(perSeed),
      meanBytes: o.sizes.map((n) => ({
        n,
        bytes: medianInterval(
          points.filter((x) => x.workload === workload && x.n === n).map((x) => x.meanBytes),
        ),
      })),
    };
  });
  const logarithmicExponent = round6(
    slope(
      logN,
      o.sizes.map((n) => Math.log(Math.log2(n))),
    ),
  );
  return { points, exponents, logarithmicExponent };
}
