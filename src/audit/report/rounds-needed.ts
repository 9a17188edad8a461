/**
 * Rounds needed against a sweep's parameter × ε, from a statistical sweep (every run's largest
 * honest error after each round, kept by the sweep's runner; every sweep is over the per-round
 * setting, so every one has the notion). A run needs t rounds for a tolerance ε when its largest
 * error is within ε from round t to the end of its horizon T; a run still outside ε at round T is
 * censored (src/audit/rounds-needed.ts). Per value and ε: the median over the runs with its
 * order-statistic interval, censored runs counted as +∞ (a median or bound that falls on one is
 * drawn at T and marked censored). A numeric parameter (noise, liars, nodes, rounds, …) is drawn
 * on a linear axis, a word (strategy, rate) as categories in the sweep's order; a sweep over the
 * horizon has a different T per value.
 */
import type { TopLevelSpec } from "vega-lite";
import { round6 } from "../intervals.js";
import type { LedgerEvidence } from "../ledger.js";
import { horizonAt, roundsNeededOver } from "../rounds-needed.js";
import type { SweepEvidence } from "../runners.js";
import { parseCsv, type Row } from "./csv.js";

export { roundsNeeded } from "../rounds-needed.js";

/**
 * A sweep's per-round file (the parameter, run, seed, round, maxError): the counts typed, the
 * parameter's values kept as written (auto-typing would read `constant:0.3` as a date).
 */
export function parseRoundsCsv(text: string): Row[] {
  return parseCsv(text, { run: "number", seed: "number", round: "number", maxError: "number" });
}

/** The tolerances drawn beside the claim's own ε. */
export const ROUNDS_EPSILONS = [0.05, 0.1, 0.15, 0.2] as const;

/** How the parameter reads on the axis. */
const AXIS_TITLE: Readonly<Record<string, string>> = {
  noise: "observation noise (noise)",
  liars: "fraction of liars (liars)",
  strategy: "how liars lie (strategy)",
  rate: "learning-rate schedule (rate)",
  nodes: "recipients per run (nodes)",
  rounds: "horizon T (rounds)",
  epsilon: "ε of the SPRT's success rule (epsilon)",
};

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
  const numeric = s.values.every((v) => typeof v === "number");
  const keyOf = (v: unknown) => String(v);
  /** value (as text) → run → errors by round. */
  const runs = new Map<string, Map<number, { seed: number; errors: number[] }>>();
  for (const r of data) {
    const v = r[p];
    if (
      v === null ||
      v === undefined ||
      typeof r.run !== "number" ||
      typeof r.round !== "number" ||
      typeof r.maxError !== "number" ||
      typeof r.seed !== "number"
    )
      continue;
    let byRun = runs.get(keyOf(v));
    if (byRun === undefined) runs.set(keyOf(v), (byRun = new Map()));
    const x = byRun.get(r.run) ?? { seed: r.seed, errors: [] };
    x.errors[r.round - 1] = r.maxError;
    byRun.set(r.run, x);
  }
  if (runs.size === 0) return "its per-round data has no run";
  // In the sweep's order; a value the data has but the sweep does not is not drawn.
  const values = s.values.filter((v) => runs.has(keyOf(v)));
  if (values.length === 0) return "its per-round data has none of the sweep's values";
  const horizons = values.map((v) => horizonAt(p, v, s.setting.rounds));
  const maxT = Math.max(...horizons);
  const epsilons = [...new Set([...ROUNDS_EPSILONS, s.setting.epsilon])].sort((a, b) => a - b);
  const seeds = new Set<number>();
  const rows: Row[] = [];
  const nums = values.map(Number);
  const step = numeric && values.length > 1 ? (Math.max(...nums) - Math.min(...nums)) / 120 : 0.002;
  const label = (x: number) => `ε = ${x}${x === s.setting.epsilon ? " (the claim's)" : ""}`;
  values.forEach((value, i) => {
    const T = horizons[i] as number;
    const byRun = [...(runs.get(keyOf(value)) as Map<number, { seed: number; errors: number[] }>)]
      .sort(([a], [b]) => a - b)
      .map(([, x]) => x);
    for (const x of byRun) seeds.add(x.seed);
    epsilons.forEach((eps, k) => {
      const m = roundsNeededOver(
        byRun.map((x) => x.errors),
        eps,
      );
      rows.push({
        series: "median",
        [p]: value,
        horizon: T,
        epsilon: eps,
        runs: m.n,
        censored: m.censored,
        median: m.median,
        lower: m.lower,
        upper: m.upper,
        confidence: round6(m.confidence),
        // Drawn: censored values at T, marked; the ε's nudged apart along a numeric axis (a
        // word axis offsets them within each category).
        at: numeric ? round6((value as number) + (k - (epsilons.length - 1) / 2) * step) : null,
        shown: m.median ?? T,
        shownLower: m.lower ?? T,
        shownUpper: m.upper ?? T,
        status: m.median === null ? "median censored (> T)" : "median",
        epsilonLabel: label(eps),
      });
    });
  });
  const censoredCells = rows.filter((r) => r.median === null).length;
  const counts = values.map((v) => `${keyOf(v)}: ${String(runs.get(keyOf(v))?.size ?? 0)}`);
  const fixed = Object.entries(s.set)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(", ");
  const id = `${e.key
    .replace(/^sweep:/, "rounds-")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")}`;
  const horizonWords =
    p === "rounds"
      ? "T is the swept horizon itself, so each value has its own (a run is judged over its own T)"
      : `T = ${maxT}`;
  const x = numeric
    ? {
        field: "at",
        type: "quantitative" as const,
        title: AXIS_TITLE[p] ?? p,
        scale: { zero: false, nice: false, padding: 12 },
      }
    : {
        field: p,
        type: "nominal" as const,
        title: AXIS_TITLE[p] ?? p,
        sort: values.map(keyOf),
        axis: { labelAngle: 0 },
      };
  const offset = numeric
    ? {}
    : { xOffset: { field: "epsilonLabel", type: "nominal" as const, sort: epsilons.map(label) } };
  return {
    id,
    title: `${s.stat}: rounds needed to bring every honest estimate within ε, against ${p}, per ε (${horizonWords})`,
    caption:
      `From every run of the sweep's SPRTs (${s.stat}${fixed === "" ? "" : `, fixed ${fixed}`}; master seed ${s.masterSeed}; runs per value — ${counts.join(", ")}; each run has its own seed and network). ` +
      `A run needs t rounds for ε when its largest honest error stays within ε from round t to its horizon (${horizonWords}); a run still outside ε at its horizon is censored. ` +
      `Each point is the median over the runs with its order-statistic interval (rule), censored runs counted as +∞: a median that is censored is drawn at the horizon as a triangle, and an interval whose bound is censored reaches it. ` +
      `${censoredCells} of ${rows.length} (${p}, ε) cells have a censored median. The claim's own ε is ${s.setting.epsilon}; the others are read from the same runs. ` +
      `The runs are those the SPRT chose to make at each value (it stops on the data), so fewer runs stand behind the values where it decided early.`,
    seeds: seeds.size,
    columns: [
      "series",
      p,
      "horizon",
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
        x,
        ...offset,
        color: {
          field: "epsilonLabel",
          type: "nominal",
          title: "tolerance",
          sort: epsilons.map(label),
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
              scale: { domain: [0, maxT] },
            },
            y2: { field: "shownUpper" },
          },
        },
        ...(numeric
          ? [
              {
                mark: { type: "line" as const, strokeWidth: 1, opacity: 0.6 },
                encoding: { y: { field: "shown", type: "quantitative" as const } },
              },
            ]
          : []),
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
