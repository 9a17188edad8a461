/**
 * The report's figures, built from what the audit measured: the ledger's structured evidence
 * (SPRT settings, medians with their intervals, fitted exponents, decision thresholds) and the
 * per-run data files the runners wrote (data/*.csv). One builder per kind of evidence; each
 * figure is a Vega-Lite specification over one tidy table, and that table is what
 * data/figure-<id>.csv holds (every plotted series, reference curves included).
 *
 * No figure rests on one seed without saying so: each figure counts the distinct seeds behind
 * it, and its caption states when the per-seed values are identical or when there is one seed.
 */
import { fitFigure } from "./fit-figure.js";
import type { TopLevelSpec } from "vega-lite";
import { SCENARIO_METRICS } from "../claims.js";
import type { MedianEstimate } from "../intervals.js";
import type { Ledger, LedgerEvidence } from "../ledger.js";
import type {
  MatchingEvidence,
  ScalingEvidence,
  SimulationEvidence,
  StatEvidence,
  SweepEvidence,
  TurnoverEvidence,
} from "../runners.js";
import { hoeffdingEstimate } from "../../engine/stats/hoeffding.js";
import { bandLayer, bandSeries } from "./band.js";
import { parseCsv, toCsv, type Row } from "./csv.js";
import { successVsLiarsFigure } from "./liar-figure.js";
import { MEDIAN_WITH_INTERVAL, seedMedianLayers } from "./layers.js";
import { FIGURE_DATA_PREFIX } from "./paths.js";
import { factorsFigure, lawFigure } from "./per-round-figures.js";
import { parseRoundsCsv, roundsNeededFigure } from "./rounds-needed.js";
import { sequenceFigures } from "./sequence.js";
import {
  messagesByNFigure,
  routerLatencyFigure,
  settleByNFigure,
  type CrossFigure,
  type ScenarioSource,
} from "./scaling-figures.js";

export interface Figure {
  /** File-safe id: the figure's CSV is data/figure-<id>.csv. */
  readonly id: string;
  readonly title: string;
  /** How to read it, what each mark is, how many seeds, what is left out. */
  readonly caption: string;
  /** The evidence items it plots and the claims that cite them (catalogue order). */
  readonly evidenceKeys: readonly string[];
  readonly evidenceLabel: string;
  readonly claims: readonly string[];
  /** Distinct seeds behind the plotted measurements. */
  readonly seeds: number;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly spec: TopLevelSpec;
  /** A counterexample's diagram: the trace (traces/*.itf.json) it is drawn beside. */
  readonly trace?: string;
}

/** A figure that could not be drawn, and why (stated in the report). */
export interface MissingFigure {
  readonly evidenceKeys: readonly string[];
  readonly evidenceLabel: string;
  readonly claims: readonly string[];
  readonly why: string;
}

export interface FigureSet {
  readonly figures: readonly Figure[];
  readonly missing: readonly MissingFigure[];
}

export function figureCsvPath(f: Pick<Figure, "id">): string {
  return `${FIGURE_DATA_PREFIX}${f.id}.csv`;
}

export function figureCsv(f: Figure): string {
  return toCsv(f.columns, f.rows);
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function num(x: number | null): string {
  return x === null ? "∞" : String(x);
}

function interval(e: MedianEstimate): string {
  return `${num(e.median)} [${num(e.lower)}, ${num(e.upper)}]`;
}

function seedWords(seeds: readonly number[]): string {
  const xs = [...new Set(seeds)].sort((a, b) => a - b);
  if (xs.length === 0) return "no seed";
  if (xs.length === 1) return `ONE seed only (${xs[0]}): this figure is a single run`;
  const first = xs[0] as number;
  const consecutive = xs.every((x, i) => x === first + i);
  if (consecutive && xs.length > 3) return `${xs.length} seeds (${first}–${xs[xs.length - 1]})`;
  return xs.length <= 8
    ? `${xs.length} seeds (${xs.join(", ")})`
    : `${xs.length} distinct seeds, listed in the figure's CSV`;
}

type Built = Omit<Figure, "evidenceKeys" | "evidenceLabel" | "claims">;

// ---------------------------------------------------------------- statistical claims (SPRT)

function statFigures(e: LedgerEvidence, s: StatEvidence, data: readonly Row[]): Built[] {
  const id = safe(e.key.replace(/^invariant:/, "stat-"));
  const up = Math.log((1 - s.beta) / s.alpha);
  const lo = Math.log(s.beta / (1 - s.alpha));
  const win = Math.log(s.p1 / s.p0);
  const loss = Math.log((1 - s.p1) / (1 - s.p0));
  const PATH = "log-likelihood ratio after each run";
  const FAILS = `fails: accept p ≤ ${s.p1}`;
  const HOLDS = `holds: accept p ≥ ${s.p0}`;
  let llr = 0;
  const rows: Row[] = data.map((r, i) => {
    llr += r.ok === true ? win : loss;
    return {
      series: PATH,
      run: i + 1,
      seed: r.seed ?? null,
      outcome: r.ok === true ? "success" : "failure",
      llr: Number(llr.toFixed(6)),
      maxError: r.maxError ?? null,
      nodes: r.nodes ?? null,
      topology: r.topology ?? null,
    };
  });
  const last = Math.max(rows.length, 1);
  for (const [series, y] of [
    [FAILS, up],
    [HOLDS, lo],
  ] as const)
    for (const run of [0, last])
      rows.push({
        series,
        run,
        seed: null,
        outcome: null,
        llr: Number(y.toFixed(6)),
        maxError: null,
        nodes: null,
        topology: null,
      });
  const seeds = data.map((r) => r.seed).filter((x): x is number => typeof x === "number");
  const columns = ["series", "run", "seed", "outcome", "llr", "maxError", "nodes", "topology"];
  const sprt: Built = {
    id: `${id}-sprt`,
    title: `${e.label}: the SPRT's path (decision: ${s.decision}, expected ${s.expected})`,
    caption:
      `Wald's SPRT of H0 p ≥ ${s.p0} against H1 p ≤ ${s.p1} (α = ${s.alpha}, β = ${s.beta}). ` +
      `Each point is one run (its own seed, derived from master seed ${s.masterSeed}; ${seedWords(seeds)}); ` +
      `the line is the log-likelihood ratio of H1 to H0 after that run: a success moves it by ${win.toFixed(3)}, a failure by +${loss.toFixed(3)}. ` +
      `The test stops when the path crosses a dashed boundary: above ${up.toFixed(3)} it accepts H1 (the claim fails), below ${lo.toFixed(3)} it accepts H0 (the claim holds). ` +
      `${s.runs} runs, ${s.successes} successes; p̂ = ${s.estimate.p} [${s.estimate.lower}, ${s.estimate.upper}] (${pct(s.estimate.confidence)}, ${s.estimate.interval}).`,
    seeds: new Set(seeds).size,
    columns,
    rows,
    spec: {
      width: 560,
      height: 220,
      data: { values: rows as Row[] },
      layer: [
        {
          transform: [{ filter: { field: "series", oneOf: [FAILS, HOLDS] } }],
          mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: {
            x: { field: "run", type: "quantitative", title: "run" },
            y: { field: "llr", type: "quantitative", title: "log L(H1)/L(H0)" },
            color: {
              field: "series",
              type: "nominal",
              title: "boundary",
              scale: { domain: [FAILS, HOLDS], range: ["#c0392b", "#1e8449"] },
            },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: PATH } }],
          mark: { type: "line", color: "#555", strokeWidth: 1 },
          encoding: {
            x: { field: "run", type: "quantitative" },
            y: { field: "llr", type: "quantitative" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: PATH } }],
          mark: { type: "point", filled: true, size: 28 },
          encoding: {
            x: { field: "run", type: "quantitative" },
            y: { field: "llr", type: "quantitative" },
            shape: {
              field: "outcome",
              type: "nominal",
              title: "run",
              scale: { domain: ["success", "failure"], range: ["circle", "cross"] },
            },
          },
        },
      ],
      resolve: { scale: { color: "independent" } },
    },
  };
  const eps = s.setting.epsilon;
  const errors: Built = {
    id: `${id}-errors`,
    title: `${e.label}: the largest relative error of each run against the network size`,
    caption:
      `Each point is one run of the SPRT above (${seedWords(seeds)}): its largest relative estimation error |estimate − D| / D over the honest recipients after round ${s.setting.rounds}, against the number of recipients; colour is the generated topology. ` +
      `A run succeeds when every estimate is within ε = ${eps} (dashed line). Setting: noise h = ${s.setting.noise}, loss ${s.setting.loss}, partition chance ${s.setting.partitionChance}, dishonest fraction ${s.setting.dishonest.fraction}.`,
    seeds: new Set(seeds).size,
    columns,
    rows,
    spec: {
      width: 560,
      height: 220,
      data: { values: rows as Row[] },
      layer: [
        {
          transform: [{ filter: { field: "series", equal: PATH } }],
          mark: { type: "point", size: 30 },
          encoding: {
            x: {
              field: "nodes",
              type: "quantitative",
              title: "recipients",
              scale: { zero: false },
            },
            y: { field: "maxError", type: "quantitative", title: "largest relative error" },
            color: { field: "topology", type: "nominal", title: "topology" },
            shape: {
              field: "outcome",
              type: "nominal",
              title: "run",
              scale: { domain: ["success", "failure"], range: ["circle", "cross"] },
            },
          },
        },
        {
          mark: { type: "rule", strokeDash: [6, 4], color: "#c0392b" },
          encoding: { y: { datum: eps } },
        },
      ],
    },
  };
  return [sprt, errors];
}

/**
 * The runs of an SPRT followed round by round: the fraction of runs whose every honest estimate
 * is within ε after round t, with its Hoeffding interval, against the claim's p0 and the p1–p0
 * indifference band (the claim itself is judged at round T only).
 */
export function successByRoundFigure(
  e: LedgerEvidence,
  s: StatEvidence,
  data: readonly Row[],
): Built {
  const eps = s.setting.epsilon;
  const byRound = new Map<number, { runs: number; successes: number; worst: number }>();
  const seeds = new Set<number>();
  for (const r of data) {
    if (typeof r.round !== "number" || typeof r.maxError !== "number") continue;
    if (typeof r.seed === "number") seeds.add(r.seed);
    const g = byRound.get(r.round) ?? { runs: 0, successes: 0, worst: 0 };
    g.runs++;
    if (r.maxError <= eps) g.successes++;
    g.worst = Math.max(g.worst, r.maxError);
    byRound.set(r.round, g);
  }
  const SUCCESS = "runs within ε";
  const BAND = bandSeries(s.p1, s.p0);
  const rows: Row[] = [...byRound.entries()]
    .sort(([a], [b]) => a - b)
    .map(([round, g]) => {
      const h = hoeffdingEstimate(g.successes, g.runs, s.alpha);
      return {
        series: SUCCESS,
        round,
        runs: g.runs,
        successes: g.successes,
        p: Number(h.estimate.toFixed(6)),
        lower: Number(h.lower.toFixed(6)),
        upper: Number(h.upper.toFixed(6)),
        worstError: Number(g.worst.toPrecision(6)),
      };
    });
  const T = s.setting.rounds;
  rows.push({
    series: BAND,
    round: null,
    runs: null,
    successes: null,
    p: null,
    lower: s.p1,
    upper: s.p0,
    worstError: null,
  });
  const first = rows.find((r) => r.series === SUCCESS && (r.p as number) >= s.p0);
  const last = rows.filter((r) => r.series === SUCCESS).at(-1);
  return {
    id: `${safe(e.key.replace(/^invariant:/, "stat-"))}-rounds`,
    title: `${e.label}: share of runs with every honest estimate within ε after each round (claim judged at round ${T})`,
    caption:
      `The ${s.runs} runs of the SPRT above (${seedWords([...seeds])}), followed round by round: after round t, the fraction of runs in which every honest recipient's estimate is within ε = ${eps} of the true denominator (line), with its two-sided Hoeffding interval at ${pct(1 - s.alpha)} (band). ` +
      `Grey band: the SPRT's indifference zone p1 = ${s.p1} to p0 = ${s.p0}; the claim is that P(success) ≥ ${s.p0} at round T = ${T} (dashed line). ` +
      `Early rounds are not runs of a shorter horizon: the partition window (rounds T/4 to T/2) and the schedule are those of a ${T}-round run. ` +
      `${first !== undefined ? `The observed share first reaches ${s.p0} at round ${String(first.round)}` : `The observed share never reaches ${s.p0}`}; at round ${String(last?.round ?? T)} it is ${String(last?.successes ?? 0)}/${String(last?.runs ?? 0)}. ` +
      `The runs are those the SPRT chose to make (it stops on the data), so the intervals are indicative.`,
    seeds: seeds.size,
    columns: ["series", "round", "runs", "successes", "p", "lower", "upper", "worstError"],
    rows,
    spec: {
      width: 560,
      height: 220,
      data: { values: rows as Row[] },
      layer: [
        bandLayer(BAND, "share of runs within ε"),
        {
          transform: [{ filter: { field: "series", equal: SUCCESS } }],
          mark: { type: "area", color: "#1f77b4", opacity: 0.25 },
          encoding: {
            x: { field: "round", type: "quantitative", title: "round t" },
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: SUCCESS } }],
          mark: { type: "line", color: "#1f77b4", strokeWidth: 2 },
          encoding: {
            x: { field: "round", type: "quantitative" },
            y: { field: "p", type: "quantitative" },
          },
        },
        {
          mark: { type: "rule", strokeDash: [6, 4], color: "#c0392b" },
          encoding: { y: { datum: s.p0 } },
        },
        {
          mark: { type: "rule", strokeDash: [2, 2], color: "#555" },
          encoding: { x: { datum: T } },
        },
      ],
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- sweeps of an SPRT

const DECISION_COLOURS: Readonly<Record<string, string>> = {
  holds: "#1e8449",
  fails: "#c0392b",
  undecided: "#7f7f7f",
};

/**
 * One SPRT per value of a swept parameter: the estimated success probability with its interval
 * against the value, coloured by the test's decision, over the p1–p0 indifference band.
 */
export function sweepFigure(e: LedgerEvidence, s: SweepEvidence): Built {
  const POINT = "estimate";
  const BAND = bandSeries(s.p1, s.p0);
  const numeric = s.values.every((v) => typeof v === "number");
  const rows: Row[] = s.points.map((p) => ({
    series: POINT,
    [s.parameter]: p.at[s.parameter] ?? null,
    decision: p.decision,
    runs: p.runs,
    successes: p.successes,
    p: p.estimate.p,
    lower: p.estimate.lower,
    upper: p.estimate.upper,
    confidence: p.estimate.confidence,
    worstError: p.worstError,
    firstFailingRun: p.firstFailingRun ?? null,
    reproduce: p.reproduce,
  }));
  rows.push({
    series: BAND,
    [s.parameter]: null,
    decision: null,
    runs: null,
    successes: null,
    p: null,
    lower: s.p1,
    upper: s.p0,
    confidence: null,
    worstError: null,
    firstFailingRun: null,
    reproduce: null,
  });
  const decisions = Object.keys(DECISION_COLOURS).filter((d) =>
    s.points.some((p) => p.decision === d),
  );
  const confs = [...new Set(s.points.map((p) => p.estimate.confidence))];
  const runs = s.points.reduce((n, p) => n + p.runs, 0);
  const fixed = Object.entries(s.set)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(", ");
  const x = {
    field: s.parameter,
    type: numeric ? ("quantitative" as const) : ("ordinal" as const),
    title: s.parameter,
    ...(numeric ? {} : { sort: s.values.map(String), axis: { labelAngle: 0 } }),
  };
  const point = { filter: { field: "series", equal: POINT } };
  return {
    id: safe(
      `sweep-${s.stat}-${s.parameter}${
        fixed === ""
          ? ""
          : `-${Object.entries(s.set)
              .map(([k, v]) => `${k}-${String(v)}`)
              .join("-")}`
      }`,
    ),
    title: `${e.label}: estimated success probability against ${s.parameter} (${s.dependence.condition})`,
    caption:
      `One ${s.test} of ${s.stat} per value of ${s.parameter} (${s.values.map(String).join(", ")}${fixed !== "" ? `; fixed: ${fixed}` : ""}), H0 p ≥ ${s.p0} against H1 p ≤ ${s.p1} (α = ${s.alpha}, β = ${s.beta}, at most ${s.maxRuns} runs each; ${runs} runs in all, every run its own seed derived from master seed ${s.masterSeed}). ` +
      `Each point is the estimated probability that a run succeeds (p̂ = successes / runs) with its interval (${confs.map(pct).join(", ")}); colour is the test's decision (green: holds, red: fails, grey: undecided). ` +
      `Grey band: the indifference zone between p1 = ${s.p1} and p0 = ${s.p0}, where the test may decide either way. ` +
      `Condition: ${s.dependence.condition}${numeric && !s.dependence.monotone && s.dependence.holds.length > 0 && s.dependence.fails.length > 0 ? " (the decisions are not monotone in the parameter: no single boundary)" : ""}. ` +
      `Each point's replay command is in the figure's CSV.`,
    seeds: runs,
    columns: [
      "series",
      s.parameter,
      "decision",
      "runs",
      "successes",
      "p",
      "lower",
      "upper",
      "confidence",
      "worstError",
      "firstFailingRun",
      "reproduce",
    ],
    rows,
    spec: {
      width: 460,
      height: 220,
      data: { values: rows as Row[] },
      layer: [
        bandLayer(BAND, "P(run succeeds)"),
        {
          transform: [point],
          mark: { type: "rule", strokeWidth: 2 },
          encoding: {
            x,
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            color: {
              field: "decision",
              type: "nominal",
              title: "SPRT decision",
              scale: {
                domain: decisions,
                range: decisions.map((d) => DECISION_COLOURS[d] as string),
              },
            },
          },
        },
        {
          transform: [point],
          mark: { type: "point", filled: true, size: 60 },
          encoding: {
            x,
            y: { field: "p", type: "quantitative" },
            color: { field: "decision", type: "nominal" },
            tooltip: [
              { field: s.parameter },
              { field: "decision" },
              { field: "successes" },
              { field: "runs" },
            ],
          },
        },
      ],
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- simulations over seeds

const STATUS = {
  settled: "settled",
  censored: "censored",
  censoredAtHorizon: "censored (at horizon)",
  fixed: "fixed length",
} as const;

const STATUS_MARKS: Readonly<Record<string, readonly [string, string]>> = {
  [STATUS.settled]: ["#1f77b4", "circle"],
  [STATUS.censored]: ["#d62728", "triangle-up"],
  [STATUS.censoredAtHorizon]: ["#d62728", "triangle-down"],
  [STATUS.fixed]: ["#7f7f7f", "square"],
};

type Rule = NonNullable<SimulationEvidence["measure"]>;

/** One variant of a scenario in a figure: the toolkit's protocol or the documents'. */
export interface ScenarioPart {
  readonly variant: "toolkit" | "documents";
  readonly evidence: SimulationEvidence;
  readonly data: readonly Row[];
  readonly rules: readonly Rule[];
}

const VARIANT_WORDS = {
  toolkit: "the toolkit's protocol",
  documents: "the protocol as the documents specify it",
} as const;

/** The variant an item runs ("toolkit" unless it asks for the documents' protocol). */
function variantOf(s: SimulationEvidence): ScenarioPart["variant"] {
  return s.variant === "documents" ? "documents" : "toolkit";
}

function simulationFigure(e: LedgerEvidence, parts: readonly ScenarioPart[]): Built | string {
  const s = (parts[0] as ScenarioPart).evidence;
  const both = parts.length > 1 || parts.some((p) => p.variant === "documents");
  /** The x position: the run, and its variant when the figure shows the documents'. */
  const at = (run: string, variant: string) => (both ? `${variant} · ${run}` : run);
  const rows: Row[] = [];
  const metrics: string[] = [];
  for (const m of SCENARIO_METRICS) {
    let any = false;
    for (const part of parts)
      for (const r of part.data) {
        const v = r[m];
        const status =
          r.converged === true
            ? STATUS.settled
            : r.censored === true
              ? STATUS.censored
              : STATUS.fixed;
        const run = String(r.run ?? e.label);
        const common = {
          series: "seed",
          metric: m,
          run,
          variant: part.variant,
          at: at(run, part.variant),
          seed: r.seed ?? null,
        };
        if (typeof v === "number") {
          any = true;
          rows.push({ ...common, status, value: v, lower: null, upper: null });
        } else if (r.censored === true && m === "settleMs" && typeof r.horizonMs === "number") {
          any = true;
          rows.push({
            ...common,
            status: STATUS.censoredAtHorizon,
            value: r.horizonMs,
            lower: null,
            upper: null,
          });
        }
      }
    if (any) metrics.push(m);
  }
  if (rows.length === 0) return "the scenario's data file has no numeric metric to plot";
  for (const part of parts)
    for (const run of part.evidence.runs)
      for (const m of metrics) {
        const est = run.metrics[m as keyof typeof run.metrics];
        if (est === undefined || est.median === null) continue;
        rows.push({
          series: "median",
          metric: m,
          run: run.run,
          variant: part.variant,
          at: at(run.run, part.variant),
          seed: null,
          status: null,
          value: est.median,
          lower: est.lower,
          upper: est.upper ?? null,
        });
      }
  const drawn = parts.flatMap((p) =>
    p.rules.filter((m) => metrics.includes(m.metric)).map((m) => ({ ...m, variant: p.variant })),
  );
  for (const m of drawn)
    rows.push({
      series: "threshold",
      metric: m.metric,
      run: m.run ?? null,
      variant: m.variant,
      at: null,
      seed: null,
      status: `median ${m.op} ${m.value}: ${m.decision}`,
      value: m.value,
      lower: null,
      upper: null,
    });
  const data = parts.flatMap((p) => p.data);
  const seeds = data.map((r) => r.seed).filter((x): x is number => typeof x === "number");
  const identical = metrics.filter((m) => {
    const byRun = new Map<string, Set<number>>();
    for (const r of rows)
      if (r.series === "seed" && r.metric === m && r.status !== STATUS.censoredAtHorizon) {
        const k = String(r.at);
        const set = byRun.get(k) ?? new Set<number>();
        set.add(r.value as number);
        byRun.set(k, set);
      }
    return byRun.size > 0 && [...byRun.values()].every((x) => x.size === 1);
  });
  const statuses = Object.keys(STATUS_MARKS).filter((k) =>
    rows.some((r) => r.series === "seed" && r.status === k),
  );
  const oneRun = new Set(rows.filter((r) => r.series === "seed").map((r) => r.at)).size === 1;
  const censored = data.filter((r) => r.censored === true).length;
  const conf = parts
    .flatMap((p) => p.evidence.runs)
    .flatMap((r) => Object.values(r.metrics))
    .find((x) => x !== undefined)?.confidence;
  const ruleWords = (m: (typeof drawn)[number]) =>
    `median ${m.metric} ${m.op} ${m.value}${m.run !== undefined ? ` for ${m.run}` : ""}${both ? ` (${m.variant})` : ""} → ${m.decision}`;
  const fixed = Object.entries(s.set ?? {})
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(", ");
  const caption = [
    both
      ? `Two variants side by side, each run labelled on the x axis: “toolkit” is ${VARIANT_WORDS.toolkit}, “documents” ${VARIANT_WORDS.documents} (the changes are listed in the claim's section), on the same seeds.${parts.some((p) => p.variant === "toolkit") ? "" : " Only the documents' variant is cited here: the toolkit's is drawn in its own figure."}`
      : "",
    fixed !== "" ? `Set in every run: ${fixed}.` : "",
    `Each coloured point is one seed's value (${seedWords(seeds)}; runs of a suite side by side; blue: settled, red ▲: censored, red ▼: censored and drawn at the horizon, grey: a fixed-length run with no settling rule); black: the median over the seeds with its order-statistic interval${conf !== undefined ? ` (exact coverage ${pct(conf)})` : ""}, a censored run counting as +∞.`,
    drawn.length > 0
      ? `Dashed red line${drawn.length === 1 ? "" : "s"}: the threshold of each decision rule on these runs (${drawn.map(ruleWords).join("; ")}).`
      : "No machine rule on these runs: the figures are context for the claims citing them.",
    `A run has settled only if the protocol's convergence held and nothing changed during the quiet margin (${pct(s.quietFraction)} of its horizon); otherwise it is censored.`,
    censored > 0
      ? `${censored} of ${data.length} run(s) censored: their settle time is drawn at the horizon (a lower bound), and their rounds and messages to settle are not drawn.`
      : "",
    identical.length > 0
      ? `Identical across the seeds: ${identical.join(", ")} (the outcome does not depend on the seed there).`
      : "",
  ]
    .filter((x) => x !== "")
    .join(" ");
  const variants = parts.map((p) => p.variant);
  /** The x positions in the order drawn: the toolkit's runs, then the documents'. */
  const order = [...new Set(rows.filter((r) => r.at !== null).map((r) => String(r.at)))];
  return {
    id: safe(
      `scenario-${s.scenario}${Object.entries(s.set ?? {})
        .map(([k, v]) => `-${k}-${String(v)}`)
        .join("")}${variants.length === 1 && variants[0] === "documents" ? "-documents" : ""}`,
    ),
    title: `${both ? `scenario ${s.scenario}${fixed !== "" ? ` (${fixed})` : ""}, ${variants.map((v) => VARIANT_WORDS[v]).join(" and ")}` : e.label}: per-seed metrics (${metrics.length} metric${metrics.length === 1 ? "" : "s"}, ${new Set(seeds).size} seeds)`,
    caption,
    seeds: new Set(seeds).size,
    columns: [
      "series",
      "metric",
      "run",
      "variant",
      "at",
      "seed",
      "status",
      "value",
      "lower",
      "upper",
    ],
    rows,
    spec: {
      data: { values: rows as Row[] },
      facet: { field: "metric", type: "nominal", title: null, sort: metrics },
      columns: 3,
      resolve: { scale: { y: "independent" } },
      spec: {
        width: both ? 220 : 170,
        height: 150,
        layer: [
          {
            transform: [{ filter: { field: "series", equal: "seed" } }],
            mark: { type: "point", filled: true, size: 34, opacity: 0.85 },
            encoding: {
              x: {
                field: "at",
                type: "nominal",
                title: null,
                sort: order,
                axis: oneRun
                  ? { labels: false, ticks: false }
                  : { labelAngle: -20, labelLimit: 200 },
              },
              xOffset: { field: "seed", type: "nominal" },
              y: {
                field: "value",
                type: "quantitative",
                title: "value",
                scale: { zero: false },
                axis: { format: ",~r" },
              },
              color: {
                field: "status",
                type: "nominal",
                title: "run",
                scale: {
                  domain: statuses,
                  range: statuses.map((k) => (STATUS_MARKS[k] as readonly [string, string])[0]),
                },
              },
              shape: {
                field: "status",
                type: "nominal",
                scale: {
                  domain: statuses,
                  range: statuses.map((k) => (STATUS_MARKS[k] as readonly [string, string])[1]),
                },
              },
            },
          },
          {
            transform: [{ filter: MEDIAN_WITH_INTERVAL }],
            mark: { type: "rule", color: "black", strokeWidth: 2 },
            encoding: {
              x: { field: "at", type: "nominal", sort: order },
              y: { field: "lower", type: "quantitative" },
              y2: { field: "upper" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "tick", color: "black", thickness: 2, size: 26 },
            encoding: {
              x: { field: "at", type: "nominal", sort: order },
              y: { field: "value", type: "quantitative" },
            },
          },
          ...(drawn.length > 0
            ? [
                {
                  transform: [{ filter: { field: "series", equal: "threshold" } }],
                  mark: {
                    type: "rule" as const,
                    color: "#c0392b",
                    strokeDash: [6, 4],
                    strokeWidth: 1.5,
                  },
                  encoding: { y: { field: "value", type: "quantitative" as const } },
                },
              ]
            : []),
        ],
      },
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- ITC stamp sizes

/** The clocks the stamp-size figure draws, and the data columns of each. */
const CLOCKS = [
  { clock: "ITC", column: "meanBytes" },
  { clock: "vector clock", column: "vcMeanBytes" },
] as const;

function scalingFigure(e: LedgerEvidence, s: ScalingEvidence, data: readonly Row[]): Built {
  const LOG = "∝ log₂ N (claimed, anchored at ITC)";
  const LIN = "∝ N (anchored at ITC)";
  const rows: Row[] = [];
  const fits = [
    { clock: "ITC", exponents: s.exponents },
    ...(s.vectorClockExponents !== undefined
      ? [{ clock: "vector clock", exponents: s.vectorClockExponents }]
      : []),
  ];
  for (const { clock, column } of CLOCKS) {
    if (!fits.some((f) => f.clock === clock)) continue;
    for (const r of data)
      if (typeof r[column] === "number")
        rows.push({
          series: "seed",
          clock,
          workload: r.workload ?? null,
          line: `${clock}, ${String(r.workload)}`,
          n: r.n ?? null,
          seed: r.seed ?? null,
          bytes: r[column] ?? null,
          lower: null,
          upper: null,
        });
  }
  for (const { clock, exponents } of fits)
    for (const x of exponents)
      for (const p of x.meanBytes)
        if (p.bytes.median !== null)
          rows.push({
            series: "median",
            clock,
            workload: x.workload,
            line: `${clock}, ${x.workload}`,
            n: p.n,
            seed: null,
            bytes: p.bytes.median,
            lower: p.bytes.lower,
            upper: p.bytes.upper,
          });
  for (const x of s.exponents) {
    const first = x.meanBytes[0];
    if (first === undefined || first.bytes.median === null || first.n < 2) continue;
    const n0 = first.n;
    const b0 = first.bytes.median;
    for (const p of x.meanBytes)
      for (const [series, bytes] of [
        [LOG, (b0 * Math.log2(p.n)) / Math.log2(n0)],
        [LIN, (b0 * p.n) / n0],
      ] as const)
        rows.push({
          series,
          clock: "ITC",
          workload: x.workload,
          line: `${series}, ${x.workload}`,
          n: p.n,
          seed: null,
          bytes: Number(bytes.toPrecision(6)),
          lower: null,
          upper: null,
        });
  }
  const seeds = data.map((r) => r.seed).filter((x): x is number => typeof x === "number");
  const exps = s.exponents.map((x) => `${x.workload} ${interval(x.exponent)}`).join("; ");
  const vcExps = (s.vectorClockExponents ?? [])
    .map((x) => `${x.workload} ${interval(x.exponent)}`)
    .join("; ");
  const lines = [...new Set(rows.filter((r) => r.series === "median").map((r) => String(r.line)))];
  return {
    id: "itc-stamp-sizes",
    title: `Stamp size against the number of participants (log–log), ITC${vcExps !== "" ? " and vector clocks" : ""}: fitted exponents ITC ${exps}${vcExps !== "" ? `; vector clock ${vcExps}` : ""}`,
    caption:
      `Mean encoded size (bytes) over a run of ${s.stepsPerProcess} steps per participant, N = ${s.sizes.join(", ")}; one faint point per seed (${seedWords(seeds)}), the line through the medians with their order-statistic intervals; colour is the clock and workload (messages: events and message exchanges; churn: participants also leave and join). ` +
      (vcExps !== ""
        ? `Vector clocks (src/core/vclock.ts, compact binary encoding, node ids p0, p1, … of 2–4 bytes) go through the same steps of the same runs as the ITC stamps: they tick on send and receive and join on receive; under churn a leaving participant's clock is joined into another's and a new participant starts from its parent's clock under a fresh id, so departed ids stay in the clocks. `
        : "Vector clocks are not measured in this ledger. ") +
      `The fitted exponent is the slope of log size against log N per seed, summarised by its median and interval: ITC ${exps}${vcExps !== "" ? `; vector clock ${vcExps}` : ""}. Growth ∝ log₂ N over the same N would fit exponent ${s.logarithmicExponent}. ` +
      `Dashed: reference curves anchored at ITC's smallest N median, ∝ log₂ N (what the claim states) and ∝ N; they are references, not measurements.`,
    seeds: new Set(seeds).size,
    columns: ["series", "clock", "workload", "line", "n", "seed", "bytes", "lower", "upper"],
    rows,
    spec: {
      width: 520,
      height: 280,
      data: { values: rows as Row[] },
      encoding: {
        x: {
          field: "n",
          type: "quantitative",
          title: "participants N",
          scale: { type: "log", base: 2 },
        },
      },
      layer: [
        {
          transform: [{ filter: { field: "series", oneOf: [LOG, LIN] } }],
          mark: { type: "line", strokeWidth: 1.2, opacity: 0.7, color: "#888" },
          encoding: {
            y: {
              field: "bytes",
              type: "quantitative",
              title: "mean size (bytes)",
              scale: { type: "log" },
            },
            detail: { field: "line", type: "nominal" },
            strokeDash: {
              field: "series",
              type: "nominal",
              title: "reference",
              scale: {
                domain: [LOG, LIN],
                range: [
                  [6, 3],
                  [2, 2],
                ],
              },
            },
          },
        },
        ...seedMedianLayers(
          { field: "bytes" },
          { field: "line", title: "clock, workload", sort: lines },
        ),
      ],
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- ITC stamps under turnover

/**
 * Stamp bytes against generations of turnover, both ways of leaving in one figure: one thin line
 * per seed, the median over seeds (the seeds sample at the same departures) with its interval.
 */
function turnoverFigure(items: readonly LedgerEvidence[], data: readonly Row[]): Built {
  const ts: TurnoverEvidence[] = items.flatMap((x) =>
    x.turnover === undefined ? [] : [x.turnover],
  );
  const rows: Row[] = [];
  for (const r of data)
    if (typeof r.meanBytes === "number")
      rows.push({
        series: "seed",
        leave: r.leave ?? null,
        seed: r.seed ?? null,
        generation: r.generation ?? null,
        bytes: r.meanBytes,
        maxIdDepth: r.maxIdDepth ?? null,
        lower: null,
        upper: null,
      });
  const byPoint = new Map<string, number[]>();
  for (const r of rows) {
    const k = `${String(r.leave)}|${String(r.generation)}`;
    byPoint.set(k, [...(byPoint.get(k) ?? []), r.bytes as number]);
  }
  for (const [k, xs] of byPoint) {
    const [leave, generation] = k.split("|") as [string, string];
    const sorted = [...xs].sort((a, b) => a - b);
    const mid =
      sorted.length % 2 === 1
        ? (sorted[(sorted.length - 1) / 2] as number)
        : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
    rows.push({
      series: "median",
      leave,
      seed: null,
      generation: Number(generation),
      bytes: Number(mid.toPrecision(6)),
      maxIdDepth: null,
      lower: sorted[0] as number,
      upper: sorted[sorted.length - 1] as number,
    });
  }
  const seeds = data.map((r) => r.seed).filter((x): x is number => typeof x === "number");
  const fits = ts
    .map(
      (t) =>
        `${t.leave}: exponent ${interval(t.summary.exponent)} over generations ${t.generations / 2}–${t.generations} (a logarithm: ${t.summary.logarithmicExponent}; rule: ${t.rule.op} ${t.rule.threshold})`,
    )
    .join("; ");
  const first = ts[0];
  return {
    id: "itc-turnover",
    title: `ITC stamp size under turnover of participants, graceful leaves (id handed back) and silent leavers`,
    caption:
      `Mean encoded stamp size (bytes, Appendix A) of the ${first?.active ?? "?"} active participants against generations of turnover (one generation: as many departures, each followed by a join, as there are active participants; ${first?.messagesPerLeave ?? "?"} messages between departures); ` +
      `one thin line per seed (${seedWords(seeds)}), the thick line through the medians over seeds with the range of the seeds (min–max) as a band. ` +
      `Graceful: the leaver's stamp is joined into its sponsor's (a random participant's when the sponsor has left); silent: nothing, as the documents have it. ` +
      `Growth exponent of the bytes against the departures, fitted per seed over the second half of each run, median [interval]: ${fits}. ` +
      `The largest id-tree depth of every sample is in the figure's CSV (maxIdDepth).`,
    seeds: new Set(seeds).size,
    columns: ["series", "leave", "seed", "generation", "bytes", "maxIdDepth", "lower", "upper"],
    rows,
    spec: {
      width: 520,
      height: 260,
      data: { values: rows as Row[] },
      encoding: {
        x: { field: "generation", type: "quantitative", title: "generations of turnover" },
      },
      layer: [
        {
          transform: [{ filter: "datum.series === 'median' && datum.lower !== null" }],
          mark: { type: "area", opacity: 0.15 },
          encoding: {
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            color: { field: "leave", type: "nominal" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "seed" } }],
          mark: { type: "line", strokeWidth: 0.8, opacity: 0.45 },
          encoding: {
            y: { field: "bytes", type: "quantitative", title: "mean stamp size (bytes)" },
            color: { field: "leave", type: "nominal", title: "leave" },
            detail: { field: "seed", type: "nominal" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "median" } }],
          mark: { type: "line", strokeWidth: 2.2 },
          encoding: {
            y: { field: "bytes", type: "quantitative" },
            color: { field: "leave", type: "nominal" },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- slot matching

function matchingFigure(m: MatchingEvidence, data: readonly Row[]): Built {
  const rows: Row[] = data
    .filter((r) => typeof r.fraction === "number")
    .map((r) => ({
      series: "seed",
      needs: r.needs ?? null,
      seed: r.seed ?? null,
      fraction: r.fraction ?? null,
      exact: r.exact ?? null,
      lower: null,
      upper: null,
    }));
  for (const f of m.fractions)
    if (f.fraction.median !== null)
      rows.push({
        series: "median",
        needs: f.needs,
        seed: null,
        fraction: f.fraction.median,
        exact: null,
        lower: f.fraction.lower,
        upper: f.fraction.upper,
      });
  const seeds = data.map((r) => r.seed).filter((x): x is number => typeof x === "number");
  return {
    id: "slot-matching",
    title: `Compatibility checks of the bucketed index as a fraction of all pairs (${m.availability} availability slots)`,
    caption:
      `For each number of need slots, the fraction of availability × need pairs the bucketed index hands to the pairwise rule; one point per seed (${seedWords(seeds)}), the line through the medians with their order-statistic intervals. ` +
      `The index returned exactly the pairs the pairwise rule accepts in every run: ${m.allExact ? "yes" : "NO"}. Dashed: the decision rule's bound (${m.maxFraction}).`,
    seeds: new Set(seeds).size,
    columns: ["series", "needs", "seed", "fraction", "exact", "lower", "upper"],
    rows,
    spec: {
      width: 460,
      height: 220,
      data: { values: rows as Row[] },
      encoding: {
        x: { field: "needs", type: "quantitative", title: "need slots", scale: { type: "log" } },
      },
      layer: [
        {
          transform: [{ filter: { field: "series", equal: "seed" } }],
          mark: { type: "point", size: 26, opacity: 0.6 },
          encoding: {
            y: { field: "fraction", type: "quantitative", title: "fraction of pairs checked" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "median" } }],
          mark: { type: "line", point: true, color: "black" },
          encoding: { y: { field: "fraction", type: "quantitative" } },
        },
        {
          transform: [{ filter: MEDIAN_WITH_INTERVAL }],
          mark: { type: "rule", color: "black", strokeWidth: 2 },
          encoding: { y: { field: "lower", type: "quantitative" }, y2: { field: "upper" } },
        },
        {
          mark: { type: "rule", strokeDash: [6, 4], color: "#c0392b" },
          encoding: { y: { datum: m.maxFraction } },
        },
      ],
    } as TopLevelSpec,
  };
}

// ---------------------------------------------------------------- the set

/** The data file an evidence item plots, if it has one. */
function dataPath(e: LedgerEvidence): string | undefined {
  return (
    e.stat?.data ??
    e.simulation?.data ??
    e.scaling?.data ??
    e.matching?.data ??
    e.turnover?.data ??
    e.perRound?.data ??
    e.fit?.data
  );
}

/** The figure an evidence item belongs to: one per SPRT, per scenario, per experiment. */
function groupOf(e: LedgerEvidence): string {
  // Both variants of a scenario (the toolkit's protocol and the documents') in one figure; the
  // same scenario with other fields set is another figure.
  if (e.simulation !== undefined)
    return `scenario:${e.simulation.scenario}:${JSON.stringify(e.simulation.set ?? {})}`;
  if (e.scaling !== undefined) return `scaling:${e.scaling.experiment}`;
  if (e.matching !== undefined) return `matching:${e.matching.experiment}`;
  if (e.turnover !== undefined) return `turnover:${e.turnover.experiment}`;
  if (e.perRound !== undefined) return `per-round:${e.perRound.experiment}`;
  if (e.fit !== undefined) return `fit:${e.fit.experiment}`;
  return e.key;
}

function build(
  items: readonly LedgerEvidence[],
  data: readonly Row[],
  artifacts: ReadonlyMap<string, string>,
): Built[] | string {
  const e = items[0] as LedgerEvidence;
  if (e.stat !== undefined) {
    const rounds = e.stat.roundsData === undefined ? undefined : artifacts.get(e.stat.roundsData);
    const built = statFigures(e, e.stat, data);
    if (rounds !== undefined) built.push(successByRoundFigure(e, e.stat, parseCsv(rounds)));
    return built;
  }
  if (e.scaling !== undefined) return [scalingFigure(e, e.scaling, data)];
  if (e.matching !== undefined) return [matchingFigure(e.matching, data)];
  if (e.turnover !== undefined) return [turnoverFigure(items, data)];
  if (e.perRound !== undefined) {
    const f = e.perRound.law !== undefined ? lawFigure(e, data) : factorsFigure(items, data);
    return typeof f === "string" ? f : [f];
  }
  if (e.fit !== undefined) return [fitFigure(e.label, e.fit, data)];
  return [];
}

/**
 * Every figure of a ledger: one set per SPRT, scenario and experiment (an item cited by several
 * claims, or several decision rules on one scenario, is drawn once and lists every claim), in
 * catalogue order.
 */
export function buildFigures(l: Ledger, artifacts: ReadonlyMap<string, string>): FigureSet {
  const groups = new Map<string, { items: LedgerEvidence[]; claims: string[] }>();
  for (const c of l.claims)
    for (const e of c.evidence) {
      if (dataPath(e) === undefined && e.sweep === undefined) continue;
      const g = groupOf(e);
      const had = groups.get(g) ?? { items: [], claims: [] };
      if (!had.items.some((x) => x.key === e.key)) had.items.push(e);
      if (!had.claims.includes(c.id)) had.claims.push(c.id);
      groups.set(g, had);
    }
  const figures: Figure[] = [];
  const missing: MissingFigure[] = [];
  for (const { items, claims } of groups.values()) {
    const e = items[0] as LedgerEvidence;
    if (e.sweep !== undefined) {
      // Drawn from the ledger's points, one figure per sweep item.
      const base = { evidenceKeys: [e.key], evidenceLabel: e.label, claims };
      if (e.sweep.points.length === 0) missing.push({ ...base, why: "the sweep has no point" });
      else figures.push({ ...sweepFigure(e, e.sweep), ...base });
      const rounds = e.sweep.rounds;
      if (rounds !== undefined) {
        const text = artifacts.get(rounds);
        const f =
          text === undefined
            ? `its data file ${rounds} is not among this audit's files`
            : roundsNeededFigure(e, e.sweep, parseRoundsCsv(text));
        if (typeof f === "string") missing.push({ ...base, why: f });
        else figures.push({ ...f, ...base });
      }
      continue;
    }
    const base = { evidenceKeys: items.map((x) => x.key), evidenceLabel: e.label, claims };
    if (e.simulation !== undefined) {
      const parts: ScenarioPart[] = [];
      for (const variant of ["toolkit", "documents"] as const) {
        const xs = items.filter(
          (x) => x.simulation !== undefined && variantOf(x.simulation) === variant,
        );
        const first = xs[0]?.simulation;
        if (first === undefined) continue;
        const text = artifacts.get(first.data);
        if (text === undefined) {
          missing.push({
            evidenceKeys: xs.map((x) => x.key),
            evidenceLabel: (xs[0] as LedgerEvidence).label,
            claims,
            why: `its data file ${first.data} is not among this audit's files`,
          });
          continue;
        }
        const rules = xs.flatMap((x) =>
          x.simulation?.measure !== undefined ? [x.simulation.measure] : [],
        );
        parts.push({ variant, evidence: first, data: parseCsv(text), rules });
      }
      if (parts.length === 0) continue;
      const f = simulationFigure(e, parts);
      if (typeof f === "string") missing.push({ ...base, why: f });
      else {
        if (f.seeds < 2)
          missing.push({
            ...base,
            why: `${f.title}: fewer than two seeds behind it (drawn, and its caption says so)`,
          });
        figures.push({ ...f, ...base });
      }
      continue;
    }
    const path = dataPath(e) as string;
    const text = artifacts.get(path);
    if (text === undefined) {
      missing.push({ ...base, why: `its data file ${path} is not among this audit's files` });
      continue;
    }
    const built = build(items, parseCsv(text), artifacts);
    if (typeof built === "string") {
      missing.push({ ...base, why: built });
      continue;
    }
    for (const f of built) {
      if (f.seeds < 2)
        missing.push({
          ...base,
          why: `${f.title}: fewer than two seeds behind it (drawn, and its caption says so)`,
        });
      figures.push({ ...f, ...base });
    }
  }
  figures.push(...crossScenarioFigures(l, artifacts));
  const liars = successVsLiarsFigure(
    l.claims.flatMap((c) =>
      c.evidence
        .filter((e) => e.stat !== undefined || e.sweep !== undefined)
        .map((e) => ({ e, claim: c.id })),
    ),
  );
  if (liars !== undefined) {
    const { keys, ...f } = liars;
    figures.push({
      ...f,
      evidenceKeys: keys,
      evidenceLabel: "the SPRTs of this audit that differ only in their liars",
    });
  }
  figures.push(...sequenceFigures(l, artifacts));
  return { figures, missing };
}

/**
 * The figures over every V1 and V2 simulation of the audit (src/audit/report/scaling-figures.ts):
 * messages by kind and settle time against n. Each lists every scenario item whose runs it draws
 * and the claims citing those items.
 */
function crossScenarioFigures(l: Ledger, artifacts: ReadonlyMap<string, string>): Figure[] {
  /** Per data file: its source (the evidence items and claims citing it alongside). */
  const byPath = new Map<string, { source: ScenarioSource; keys: string[]; claims: string[] }>();
  for (const c of l.claims)
    for (const e of c.evidence) {
      const s = e.simulation;
      if (s === undefined) continue;
      const text = artifacts.get(s.data);
      if (text === undefined) continue;
      let had = byPath.get(s.data);
      if (had === undefined) {
        had = {
          source: {
            scenario: s.scenario,
            variant: variantOf(s),
            set: s.set ?? {},
            quietFraction: s.quietFraction,
            rows: parseCsv(text),
          },
          keys: [],
          claims: [],
        };
        byPath.set(s.data, had);
      }
      if (!had.keys.includes(e.key)) had.keys.push(e.key);
      if (!had.claims.includes(c.id)) had.claims.push(c.id);
    }
  const out: Figure[] = [];
  /** A figure over the sources with a run of these protocols, citing their items and claims. */
  const add = (
    protocols: readonly string[],
    label: string,
    make: (sources: readonly ScenarioSource[]) => CrossFigure | undefined,
  ) => {
    const xs = [...byPath.values()].filter((x) =>
      x.source.rows.some((r) => protocols.includes(String(r.protocol))),
    );
    const f = make(xs.map((x) => x.source));
    if (f === undefined) return;
    const keys = [...new Set(xs.flatMap((x) => x.keys))];
    // Catalogue order (the order the ledger lists its claims).
    const cited = new Set(xs.flatMap((x) => x.claims));
    const claims = l.claims.map((c) => c.id).filter((id) => cited.has(id));
    out.push({ ...f, evidenceKeys: keys, evidenceLabel: label, claims });
  };
  const v12 = "every V1 and V2 simulation of this audit, over its seeds";
  add(["v1", "v2"], v12, messagesByNFigure);
  add(["v1", "v2"], v12, settleByNFigure);
  add(["router"], "every router simulation of this audit, over its seeds", routerLatencyFigure);
  return out;
}
