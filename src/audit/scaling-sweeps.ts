/**
 * Scaling claims over n (S2-14, S3-25, S2-19): a built-in scenario resized to several numbers of
 * participants, run over seeds, each run reduced to what the claims measure; then, per seed, the
 * growth exponent b of value ≈ a·n^b fitted by least squares on log–log axes, and the median
 * exponent over the seeds with its order-statistic interval (src/audit/intervals.ts).
 *
 * Censoring: a run that does not settle within its horizon (with the quiet margin,
 * src/audit/seed-runs.ts) has no time or message count to settle; a seed with such a run has no
 * exponent for those metrics and counts as +∞ in the median (censored). Too many censored seeds
 * make the decision inconclusive whatever the interval says.
 *
 * Everything here is deterministic in its options: seeds, sizes, horizons.
 */
import { builtinScenario } from "../engine/sim/builtins.js";
import { runScenario, type RunOutput } from "../engine/sim/run.js";
import { parseScenarioDocument } from "../engine/sim/scenario.js";
import { DEFAULT_V1_OPTIONS } from "../core/protocols/v1-node.js";
import {
  medianInterval,
  round6,
  slope,
  type Comparison,
  type MedianEstimate,
  roundMedian,
} from "./intervals.js";
import { summarize, type SeedSummary } from "./seed-runs.js";
import { scenarioVariant, selectRuns, type ScenarioVariant } from "./variants.js";

/** What to run: a built-in scenario's run(s) at each size, over seeds. */
export interface SizeSweepOptions {
  readonly scenario: string;
  readonly variant?: ScenarioVariant;
  /** The runs of a suite to keep (default: every run). */
  readonly runs?: readonly string[];
  readonly sizes: readonly number[];
  readonly seeds: readonly number[];
  /** Fields set in every run besides `nodes.count` (e.g. the horizon, `duration`). */
  readonly set?: Readonly<Record<string, number | string | boolean>>;
  readonly quietFraction: number;
}

/** One run at one size and seed. */
export interface SizeRun {
  readonly n: number;
  readonly seed: number;
  readonly summary: SeedSummary;
  /** A V1 run's rounds within the horizon (null for V2). */
  readonly rounds: number | null;
}

/**
 * Runs the sweep; `inspect` sees every run's full output (final states: the ITC stamps of S2-14)
 * before it is dropped. Sizes in the order given, seeds within.
 */
export function runSizeSweep(
  o: SizeSweepOptions,
  inspect?: (n: number, seed: number, out: RunOutput) => void,
): SizeRun[] {
  const b = builtinScenario(o.scenario);
  if (b === undefined) throw new Error(`unknown built-in scenario ${o.scenario}`);
  const out: SizeRun[] = [];
  for (const n of o.sizes) {
    const v = scenarioVariant(b.document, o.variant, { ...o.set, "nodes.count": n });
    const parsed = parseScenarioDocument(v.document, o.scenario);
    if (!parsed.ok) throw new Error(`scenario ${o.scenario}: ${parsed.errors.join("; ")}`);
    for (const s of selectRuns(parsed.runs, o.runs, o.scenario))
      for (const seed of o.seeds) {
        const r = runScenario(s, { seed });
        const roundMs = s.protocol === "v1" ? (s.v1.roundMs ?? DEFAULT_V1_OPTIONS.roundMs) : null;
        inspect?.(n, seed, r);
        out.push({
          n,
          seed,
          summary: summarize(r.report, s.name ?? o.scenario, o.quietFraction, roundMs ?? undefined),
          rounds: roundMs === null ? null : Math.ceil(r.report.duration / roundMs),
        });
      }
  }
  return out;
}

/** A growth exponent over n, with the median value at each n. */
export interface ExponentFit {
  readonly metric: string;
  /** Median over seeds of the fitted exponent (null bounds: censored seeds, +∞). */
  readonly exponent: MedianEstimate;
  /** Seeds without an exponent: a run of theirs was censored. */
  readonly censoredSeeds: number;
  /** Median over seeds at each n (censored runs +∞). */
  readonly perN: readonly { readonly n: number; readonly value: MedianEstimate }[];
  /** Median over seeds of the fitted curve's value at `extrapolateTo`, when asked for. */
  readonly extrapolated?: { readonly n: number; readonly value: MedianEstimate };
}

/**
 * Fits value ≈ a·n^b per seed over `sizes` (a null value is censored: the seed has no exponent)
 * and summarises over `seeds`. Values ≤ 0 are taken as 1 (log 0 is undefined; no metric here is
 * a genuine 0 at any size but an empty run). Pure.
 */
export function fitExponent(
  metric: string,
  sizes: readonly number[],
  seeds: readonly number[],
  value: (n: number, seed: number) => number | null,
  extrapolateTo?: number,
): ExponentFit {
  const lx = sizes.map((n) => Math.log(n));
  const exps: (number | null)[] = [];
  const at: (number | null)[] = [];
  for (const seed of seeds) {
    const ys = sizes.map((n) => value(n, seed));
    if (ys.some((y) => y === null)) {
      exps.push(null);
      at.push(null);
      continue;
    }
    const ly = (ys as number[]).map((y) => Math.log(Math.max(1, y)));
    const b = slope(lx, ly);
    exps.push(round6(b));
    if (extrapolateTo !== undefined) {
      const mx = lx.reduce((s, x) => s + x, 0) / lx.length;
      const my = ly.reduce((s, y) => s + y, 0) / ly.length;
      at.push(round6(Math.exp(my + b * (Math.log(extrapolateTo) - mx))));
    }
  }
  return {
    metric,
    exponent: roundMedian(medianInterval(exps)),
    censoredSeeds: exps.filter((x) => x === null).length,
    perN: sizes.map((n) => ({
      n,
      value: roundMedian(medianInterval(seeds.map((s) => value(n, s)))),
    })),
    ...(extrapolateTo !== undefined
      ? { extrapolated: { n: extrapolateTo, value: roundMedian(medianInterval(at)) } }
      : {}),
  };
}

/** The exponent a logarithmic curve (value ∝ log₂ n) shows when fitted over the same sizes. */
export function logarithmicExponent(sizes: readonly number[]): number {
  return round6(
    slope(
      sizes.map((n) => Math.log(n)),
      sizes.map((n) => Math.log(Math.log2(n))),
    ),
  );
}

export type Decision = "holds" | "fails" | "undecided";

/**
 * The exponent interval's ends (an unknown end is +∞), or undefined when there is no exponent or
 * more than `maxCensoredFraction` of the seeds are censored: nothing can be decided then.
 */
function decidableBounds(
  f: ExponentFit,
  maxCensoredFraction: number,
): readonly [number, number] | undefined {
  const e = f.exponent;
  if (e.n === 0 || f.censoredSeeds > maxCensoredFraction * e.n) return undefined;
  return [e.lower ?? Number.POSITIVE_INFINITY, e.upper ?? Number.POSITIVE_INFINITY];
}

/**
 * "The exponent lies `op` the threshold": `holds` when the whole interval does, `fails` when none
 * of it does, else `undecided`; `undecided` too when more than `maxCensoredFraction` of the seeds
 * are censored (a censored seed's exponent is unknown, not merely large).
 */
export function decideExponent(
  f: ExponentFit,
  op: Comparison,
  threshold: number,
  maxCensoredFraction: number,
): Decision {
  const b = decidableBounds(f, maxCensoredFraction);
  if (b === undefined) return "undecided";
  const [lo, hi] = b;
  const sat = (x: number) =>
    op === ">"
      ? x > threshold
      : op === ">="
        ? x >= threshold
        : op === "<"
          ? x < threshold
          : x <= threshold;
  if (sat(lo) && sat(hi)) return "holds";
  if (!sat(lo) && !sat(hi)) return "fails";
  return "undecided";
}

/**
 * "The exponent's interval contains `value`" (e.g. 1: linear growth): `fails` when the interval
 * lies wholly on one side of it, `holds` when it contains it and is bounded; `undecided` when
 * more than `maxCensoredFraction` of the seeds are censored or the interval is unbounded.
 */
export function decideContains(
  f: ExponentFit,
  value: number,
  maxCensoredFraction: number,
): Decision {
  const b = decidableBounds(f, maxCensoredFraction);
  if (b === undefined) return "undecided";
  const [lo, hi] = b;
  if (lo > value || hi < value) return "fails";
  return Number.isFinite(hi) ? "holds" : "undecided";
}
