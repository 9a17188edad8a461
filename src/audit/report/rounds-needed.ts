/**
 * Rounds needed against observation noise × ε, from a sweep over the noise (every run's largest
 * honest error after each round, kept by the sweep's runner). A run needs t rounds for a
 * tolerance ε when its largest error is within ε from round t to the end of its horizon T; a run
 * still outside ε at round T is censored (it needs more than T rounds, or never gets there). Per
 * noise value and ε: the median over the runs with its order-statistic interval, censored runs
 * counted as +∞ (a median or bound that falls on one is drawn at T and marked censored).
 */
import type { TopLevelSpec } from "vega-lite";
import { medianInterval, round6 } from "../intervals.js";
import type { LedgerEvidence } from "../ledger.js";
import type { SweepEvidence } from "../runners.js";
import type { Row } from "./csv.js";

/** The tolerances drawn beside the claim's own ε. */
export const ROUNDS_EPSILONS = [0.05, 0.1, 0.15, 0.2] as const;

/** Rounds needed for `eps` by a run's errors after rounds 1…T (null: censored). */
export function roundsNeeded(errors: readonly number[], eps: number): number | null {
  if (errors.length === 0 || (errors.at(-1) as number) > eps) return null;
  let t = errors.length;
  while (t > 1 && (errors[t - 2] as number) <= eps) t--;
  return t;
}

export function roundsNeededFigure(
  e: LedgerEvidence,
  s: SweepEvidence,
  data: readonly Row[],
):
  | {
      id: string;
      title: string;
      caption: string;
      seeds: number;
      columns: string[];
      rows: Row[];
      spec: TopLevelSpec;
    }
  | string {
  const p = s.parameter;
  /** noise → run → errors by round. */
  const runs = new Map<number, Map<number, { seed: number; errors: number[] }>>();
  for (const r of data) {
    const noise = r[p];
    if (
      typeof noise !== "number" ||
      typeof r.run !== "number" ||
      typeof r.round !== "number" ||
      typeof r.maxError !== "number" ||
      typeof r.seed !== "number"
    )
      continue;
    let byRun = runs.get(noise);
    if (byRun === undefined) runs.set(noise, (byRun = new Map()));
    const x = byRun.get(r.run) ?? { seed: r.seed, errors: [] };
    x.errors[r.round - 1] = r.maxError;
    byRun.set(r.run, x);
  }
  if (runs.size === 0) return "its per-round data has no run";
  const T = s.setting.rounds;
  const epsilons = [...new Set([...ROUNDS_EPSILONS, s.setting.epsilon])].sort((a, b) => a - b);
  const noises = [...runs.keys()].sort((a, b) => a - b);
  const seeds = new Set<number>();
  const rows: Row[] = [];
  const step =
    noises.length > 1 ? ((noises.at(-1) as number) - (noises[0] as number)) / 120 : 0.002;
  for (const noise of noises) {
    const byRun = [...(runs.get(noise) as Map<number, { seed: number; errors: number[] }>)]
      .sort(([a], [b]) => a - b)
      .map(([run, x]) => ({ run, ...x }));
    for (const x of byRun) seeds.add(x.seed);
    epsilons.forEach((eps, k) => {
      const needed = byRun.map((x) => roundsNeeded(x.errors, eps));
      const m = medianInterval(needed);
      rows.push({
        series: "median",
        [p]: noise,
        epsilon: eps,
        runs: m.n,
        censored: m.censored,
        median: m.median,
        lower: m.lower,
        upper: m.upper,
        confidence: round6(m.confidence),
        // Drawn: censored values at T, marked; the ε's nudged apart along the noise axis.
        at: round6(noise + (k - (epsilons.length - 1) / 2) * step),
        shown: m.median ?? T,
        shownLower: m.lower ?? T,
        shownUpper: m.upper ?? T,
        status: m.median === null ? "median censored (> T)" : "median",
        epsilonLabel: `ε = ${eps}${eps === s.setting.epsilon ? " (the claim's)" : ""}`,
      });
    });
  }
  const claimsEps = s.setting.epsilon;
  const censoredCells = rows.filter((r) => r.median === null).length;
  const counts = noises.map((n) => `${n}: ${String(runs.get(n)?.size ?? 0)}`).join(", ");
  const id = `${e.key
    .replace(/^sweep:/, "rounds-")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")}`;
  return {
    id,
    title: `${s.stat}: rounds needed to bring every honest estimate within ε, against the observation noise, per ε (horizon T = ${T})`,
    caption:
      `From every run of the sweep's SPRTs (master seed ${s.masterSeed}; runs per noise value — ${counts}; each run has its own seed and network). ` +
      `A run needs t rounds for ε when its largest honest error stays within ε from round t to round T = ${T}; a run still outside ε at T is censored. ` +
      `Each point is the median over the runs with its order-statistic interval (rule), censored runs counted as +∞: a median that is censored is drawn at T as a triangle, and an interval whose bound is censored reaches T. ` +
      `${censoredCells} of ${rows.length} (noise, ε) cells have a censored median. The claim's own ε is ${claimsEps}; the others are read from the same runs. ` +
      `The runs are those the SPRT chose to make at each noise value (it stops on the data), so fewer runs stand behind the values where it decided early.`,
    seeds: seeds.size,
    columns: [
      "series",
      p,
      "epsilon",
      "runs",
      "censored",
      "median",
      "lower",
      "upper",
      "confidence",
      "status",
    ],
    rows,
    spec: {
      width: 460,
      height: 240,
      data: { values: rows },
      encoding: {
        x: {
          field: "at",
          type: "quantitative",
          title: `observation noise (${p})`,
          scale: { zero: false, nice: false, padding: 12 },
        },
        color: {
          field: "epsilonLabel",
          type: "nominal",
          title: "tolerance",
          sort: epsilons.map((x) => `ε = ${x}${x === claimsEps ? " (the claim's)" : ""}`),
        },
      },
      layer: [
        {
          mark: { type: "rule", strokeWidth: 1.5, opacity: 0.7 },
          encoding: {
            y: {
              field: "shownLower",
              type: "quantitative",
              title: "rounds needed (median, interval)",
              scale: { domain: [0, T] },
            },
            y2: { field: "shownUpper" },
          },
        },
        {
          mark: { type: "line", strokeWidth: 1, opacity: 0.6 },
          encoding: { y: { field: "shown", type: "quantitative" } },
        },
        {
          mark: { type: "point", size: 60, opacity: 1, filled: true },
          encoding: {
            y: { field: "shown", type: "quantitative" },
            shape: {
              field: "status",
              type: "nominal",
              title: "median",
              scale: {
                domain: ["median", "median censored (> T)"],
                range: ["circle", "triangle-up"],
              },
            },
          },
        },
      ],
    },
  };
}
