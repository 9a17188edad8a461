/**
 * ITC stamps under long-term turnover of participants (claims S2-7 and S3-17): a fixed number of
 * active participants exchange messages while, for many generations, participants leave and
 * newcomers join. One generation is as many departures (and as many joins) as there are active
 * participants. Two ways of leaving, run on the same seeds:
 *
 * - `graceful`: the leaver hands its stamp back and it is joined into its sponsor's stamp (the
 *   participant it forked its id from), or into a random active participant's when the sponsor
 *   has left too — what the toolkit's simulator does on a graceful leave (SIM-2);
 * - `silent`: the leaver simply stops (the design documents' "no action", or a crash): its part of
 *   the id space is never reclaimed.
 *
 * A newcomer forks its stamp from a random active sponsor. Between two departures the active
 * participants exchange `messagesPerLeave` messages: a random participant sends (event + peek) to
 * another random one, which receives (join + event). Every sample records the mean and largest
 * Appendix-A encoding of the active stamps and the mean and largest depth of their id trees.
 *
 * Per seed the growth exponent b of bytes ≈ a·D^b, D the number of departures so far, is fitted
 * by least squares on log–log axes over the second half of the run (the first half is warm-up:
 * the run starts from freshly forked stamps). A size bounded by the active count has b ≈ 0; one
 * that grows in proportion to the participants who have left has b near 1. The audit reports the
 * median exponent over seeds with its order-statistic interval.
 */
import * as itc from "../core/itc/index.js";
import type { Id, Stamp } from "../core/itc/index.js";
import { Rng } from "../engine/sim/rng.js";
import { medianInterval, round6, slope, type MedianEstimate } from "./intervals.js";

export const LEAVE_KINDS = ["graceful", "silent"] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

export interface TurnoverOptions {
  /** Active participants (constant: every departure is followed by a join). */
  readonly active: number;
  /**
   * Generations of turnover per way of leaving: a run has generations · active departures.
   * Silent runs may be shorter: their stamps, and the cost of every operation, grow with them.
   */
  readonly generations: Readonly<Record<LeaveKind, number>>;
  /** Messages exchanged between two departures. */
  readonly messagesPerLeave: number;
  /** Samples per generation. */
  readonly samplesPerGeneration: number;
  readonly seeds: readonly number[];
}

/** One sample of one run. */
export interface TurnoverSample {
  readonly leave: LeaveKind;
  readonly seed: number;
  /** Departures so far (generation = departed / active). */
  readonly departed: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
  readonly meanIdDepth: number;
  readonly maxIdDepth: number;
}

export interface TurnoverSummary {
  readonly leave: LeaveKind;
  /**
   * Median over seeds of the growth exponent of the mean bytes against the departures, fitted
   * over the second half of the run.
   */
  readonly exponent: MedianEstimate;
  /** The exponent a logarithmic curve (bytes ∝ log₂ D) has over the same departures. */
  readonly logarithmicExponent: number;
  /** Median over seeds of the mean bytes in the first and in the last generation. */
  readonly firstGenerationBytes: MedianEstimate;
  readonly lastGenerationBytes: MedianEstimate;
  /** Median over seeds of the largest id depth in the last generation. */
  readonly lastGenerationMaxIdDepth: MedianEstimate;
}

export interface TurnoverResult {
  readonly samples: readonly TurnoverSample[];
  readonly summaries: readonly TurnoverSummary[];
}

/** Depth of an id tree: 0 for a leaf (0 or 1), else one more than its deeper child. */
export function idDepth(i: Id): number {
  return typeof i === "number" ? 0 : 1 + Math.max(idDepth(i.l), idDepth(i.r));
}

interface Participant {
  stamp: Stamp;
  /** The serial number of the participant it forked from, or -1. */
  sponsor: number;
  serial: number;
}

function pick(rng: Rng, n: number): number {
  return rng.int(0, n - 1);
}

/**
 * One run: its samples (appended to `out`) and the active participants' stamps at its end (with
 * graceful leaves their ids still add up to the whole interval; with silent ones they do not).
 */
export function runTurnover(
  o: Omit<TurnoverOptions, "seeds">,
  leave: LeaveKind,
  seed: number,
  out: TurnoverSample[] = [],
): Stamp[] {
  const rng = Rng.derive(seed, `itc-turnover:${o.active}:${o.messagesPerLeave}`);
  const n = o.active;
  let serial = 0;
  const ps: Participant[] = [{ stamp: itc.seed(), sponsor: -1, serial: serial++ }];
  const forkFrom = (k: number) => {
    const sp = ps[k] as Participant;
    const [a, b] = itc.fork(sp.stamp);
    sp.stamp = a;
    ps.push({ stamp: b, sponsor: sp.serial, serial: serial++ });
  };
  while (ps.length < n) forkFrom(pick(rng, ps.length));
  const departures = o.generations[leave] * n;
  const every = Math.max(1, Math.floor(n / o.samplesPerGeneration));
  for (let d = 1; d <= departures; d++) {
    for (let m = 0; m < o.messagesPerLeave; m++) {
      const p = pick(rng, n);
      const q = (p + 1 + pick(rng, n - 1)) % n;
      const from = ps[p] as Participant;
      const to = ps[q] as Participant;
      const [s, msg] = itc.send(from.stamp);
      from.stamp = s;
      to.stamp = itc.receive(to.stamp, msg);
    }
    // One participant leaves…
    const k = pick(rng, n);
    const leaver = ps[k] as Participant;
    ps[k] = ps[n - 1] as Participant;
    ps.pop();
    if (leave === "graceful") {
      const sponsor = ps.findIndex((x) => x.serial === leaver.sponsor);
      const heir = ps[sponsor >= 0 ? sponsor : pick(rng, ps.length)] as Participant;
      heir.stamp = itc.join(heir.stamp, leaver.stamp);
    }
    // …and a newcomer forks from a random active sponsor.
    forkFrom(pick(rng, ps.length));
    if (d % every === 0) {
      let sum = 0;
      let max = 0;
      let depthSum = 0;
      let depthMax = 0;
      for (const x of ps) {
        const bytes = itc.encode(x.stamp).length;
        sum += bytes;
        if (bytes > max) max = bytes;
        const depth = idDepth(x.stamp.id);
        depthSum += depth;
        if (depth > depthMax) depthMax = depth;
      }
      out.push({
        leave,
        seed,
        departed: d,
        meanBytes: round6(sum / n),
        maxBytes: max,
        meanIdDepth: round6(depthSum / n),
        maxIdDepth: depthMax,
      });
    }
  }
  return ps.map((x) => x.stamp);
}

/** Runs both ways of leaving over every seed; deterministic in its options. */
export function measureTurnover(o: TurnoverOptions): TurnoverResult {
  const samples: TurnoverSample[] = [];
  for (const leave of LEAVE_KINDS) for (const seed of o.seeds) runTurnover(o, leave, seed, samples);
  const summaries = LEAVE_KINDS.map((leave): TurnoverSummary => {
    const total = o.generations[leave] * o.active;
    const perSeed = o.seeds.map((seed) =>
      samples.filter((s) => s.leave === leave && s.seed === seed),
    );
    const exponents = perSeed.map((xs) => {
      const late = xs.filter((s) => s.departed > total / 2);
      return round6(
        slope(
          late.map((s) => Math.log(s.departed)),
          late.map((s) => Math.log(Math.max(1, s.meanBytes))),
        ),
      );
    });
    const meanOf = (xs: readonly TurnoverSample[], f: (s: TurnoverSample) => number) =>
      round6(xs.reduce((a, s) => a + f(s), 0) / Math.max(1, xs.length));
    const first = (xs: readonly TurnoverSample[]) => xs.filter((s) => s.departed <= o.active);
    const last = (xs: readonly TurnoverSample[]) => xs.filter((s) => s.departed > total - o.active);
    const window = perSeed[0]?.filter((s) => s.departed > total / 2).map((s) => s.departed) ?? [];
    return {
      leave,
      exponent: medianInterval(exponents),
      logarithmicExponent: round6(
        slope(
          window.map((d) => Math.log(d)),
          window.map((d) => Math.log(Math.log2(d))),
        ),
      ),
      firstGenerationBytes: medianInterval(
        perSeed.map((xs) => meanOf(first(xs), (s) => s.meanBytes)),
      ),
      lastGenerationBytes: medianInterval(
        perSeed.map((xs) => meanOf(last(xs), (s) => s.meanBytes)),
      ),
      lastGenerationMaxIdDepth: medianInterval(
        perSeed.map((xs) => Math.max(0, ...last(xs).map((s) => s.maxIdDepth))),
      ),
    };
  });
  return { samples, summaries };
}
