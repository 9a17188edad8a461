/**
 * The figure of a scaling experiment (src/audit/scaling-experiments.ts): each measured metric
 * against n on log–log axes, one faint point per run (seed), the medians over the seeds with
 * their order-statistic intervals, and — for S2-14 — a reference ∝ log₂ n curve anchored at the
 * smallest n's median (what "O(log N)" would look like). Censored runs have no point; their count
 * is in the caption.
 */
import type { TopLevelSpec } from "vega-lite";
import type { FitEvidence } from "../runners.js";
import type { Row } from "./csv.js";
import { seedMedianLayers, type BuiltFigure } from "./layers.js";

/** What each metric is called on the figure, with its unit. */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  messagesToSettle: "messages until settled",
  messages: "messages over the horizon",
  settleMs: "settle time (ms)",
  joinVisits: "join: tree pairs visited",
  leqVisits: "leq: tree pairs visited",
  operandBits: "operands' encoded bits",
  messagesPerRound: "messages per round",
  roundStatesPerRound: "round-states per round",
  clockBytes: "vector clock bytes",
};

/** The metrics drawn per experiment (time is not drawn on a message axis). */
const DRAWN: Readonly<Record<FitEvidence["experiment"], readonly string[]>> = {
  "v2-scaling": ["messagesToSettle", "messages"],
  "itc-op-cost": ["joinVisits", "leqVisits", "operandBits"],
  "v1-scaling": ["messagesPerRound", "roundStatesPerRound", "clockBytes"],
  "v1-convergence": ["messagesPerRound"],
};

const LOG = "∝ log₂ n (claimed, anchored at the smallest n)";

function interval(e: FitEvidence["fits"][number]["exponent"]): string {
  const f = (x: number | null) => (x === null ? "∞" : String(x));
  return `${f(e.median)} [${f(e.lower)}, ${f(e.upper)}]`;
}

export type FitFigure = BuiltFigure;

export function fitFigure(label: string, f: FitEvidence, data: readonly Row[]): FitFigure {
  const drawn = DRAWN[f.experiment];
  const rows: Row[] = [];
  for (const r of data)
    for (const m of drawn) {
      const v = r[m];
      if (typeof v === "number" && v > 0)
        rows.push({
          series: "seed",
          metric: METRIC_LABELS[m] ?? m,
          n: r.n ?? null,
          seed: r.seed ?? null,
          value: v,
          lower: null,
          upper: null,
        });
    }
  for (const x of f.fits) {
    if (!drawn.includes(x.metric)) continue;
    for (const p of x.perN)
      if (p.value.median !== null && p.value.median > 0)
        rows.push({
          series: "median",
          metric: METRIC_LABELS[x.metric] ?? x.metric,
          n: p.n,
          seed: null,
          value: p.value.median,
          lower: p.value.lower,
          upper: p.value.upper,
        });
    const first = x.perN[0];
    if (
      f.logarithmicExponent !== undefined &&
      first !== undefined &&
      first.value.median !== null &&
      first.n >= 2
    )
      for (const p of x.perN)
        rows.push({
          series: LOG,
          metric: `${METRIC_LABELS[x.metric] ?? x.metric}: ${LOG}`,
          n: p.n,
          seed: null,
          value: Number(
            ((first.value.median * Math.log2(p.n)) / Math.log2(first.n)).toPrecision(6),
          ),
          lower: null,
          upper: null,
        });
  }
  const fits = f.fits.map(
    (x) =>
      `${METRIC_LABELS[x.metric] ?? x.metric} ${interval(x.exponent)}${x.censoredSeeds > 0 ? ` (${x.censoredSeeds} seeds censored)` : ""}`,
  );
  const conv = f.convergedPerN.map((p) => `n = ${p.n}: ${p.converged}/${p.runs}`).join(", ");
  const metrics = [...new Set(rows.filter((r) => r.series !== LOG).map((r) => String(r.metric)))];
  const minN = Math.min(...f.sizes);
  const maxN = Math.max(...f.sizes);
  return {
    id: `scaling-${f.experiment}`,
    title: `${label}: growth exponents ${fits.join("; ")}`,
    caption:
      `${f.scenario}${f.variant === "documents" ? " (the documents' protocol)" : " (the toolkit's protocol)"} resized to n = ${f.sizes.join(", ")}, seeds ${f.seeds.join(", ")}, horizon ${f.horizonMs / 1000} s. ` +
      `One faint point per run, the line through the medians over the seeds with their order-statistic intervals (log–log axes). ` +
      `The exponent is the least-squares slope of log value against log n per seed, summarised by its median and interval; a seed with a run that did not settle within the horizon (quiet margin ${f.quietFraction * 100} % of it) has no exponent for what is counted until settling and counts as +∞. ` +
      `Runs converged within the horizon: ${conv}; ${f.censored} censored (no point). ` +
      (f.logarithmicExponent !== undefined
        ? `Dashed: ∝ log₂ n anchored at the smallest n's median, what the claim states; over these sizes it has exponent ${f.logarithmicExponent}. `
        : "") +
      `Rule: ${f.rules.map((r) => `${r.metric} — ${r.rule}: ${r.decision}`).join("; ")}.`,
    seeds: new Set(f.seeds).size,
    columns: ["series", "metric", "n", "seed", "value", "lower", "upper"],
    rows,
    spec: {
      width: 520,
      height: 280,
      data: { values: rows },
      encoding: {
        x: {
          field: "n",
          type: "quantitative",
          title: "participants n",
          // The swept sizes with some room on each side (a "nice" log domain ran to the next
          // power of ten, leaving most of the width empty and the smallest n on the axis).
          scale: { type: "log", nice: false, domain: [minN / 1.25, maxN * 1.25] },
        },
      },
      layer: [
        {
          transform: [{ filter: { field: "series", equal: LOG } }],
          mark: { type: "line", strokeDash: [6, 3], color: "#888", strokeWidth: 1.2 },
          encoding: {
            y: { field: "value", type: "quantitative", scale: { type: "log" }, title: "count" },
            detail: { field: "metric", type: "nominal" },
          },
        },
        ...seedMedianLayers(
          { field: "value", scale: { type: "log" }, title: "count" },
          { field: "metric", title: "metric", sort: metrics },
        ),
      ],
    } as TopLevelSpec,
  };
}
