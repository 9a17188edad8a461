/**
 * Success against the liar fraction, per lying strategy: every SPRT of the audit that differs
 * from the others only in its liars (the STAT claims themselves and the points of sweeps over
 * `liars` or `strategy`), pooled into one figure. Each point is one SPRT: its estimated success
 * probability with its interval, coloured by strategy, shaped by the test's decision, over the
 * p1–p0 indifference band. Nothing is run here.
 */
import type { TopLevelSpec } from "vega-lite";
import type { EstimationSetting } from "../../../properties/convergence-stats.js";
import type { LedgerEvidence } from "../ledger.js";
import { showLearningRate, showStrategy } from "../stat-params.js";
import { bandLayer, bandSeries } from "./band.js";
import type { Row } from "./csv.js";
import type { CrossFigure } from "./scaling-figures.js";

/** One SPRT at one liar fraction and strategy. */
interface LiarPoint {
  readonly base: string;
  readonly source: string;
  readonly liars: number;
  readonly strategy: string;
  readonly decision: string;
  readonly runs: number;
  readonly successes: number;
  readonly p: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly reproduce: string;
  readonly p0: number;
  readonly p1: number;
}

/** Everything of a setting but its liars: points with the same base are comparable. */
function baseOf(s: EstimationSetting, stat: string): string {
  const { dishonest: _dishonest, learningRate, ...rest } = s;
  void _dishonest;
  return JSON.stringify({ ...rest, learningRate: showLearningRate(learningRate), test: stat });
}

/** The points an evidence item gives (none if it does not vary or fix the liars). */
function pointsOf(e: LedgerEvidence): LiarPoint[] {
  if (e.stat !== undefined) {
    const s = e.stat;
    return [
      {
        base: baseOf(s.setting, `${s.p0}/${s.p1}/${s.alpha}/${s.beta}`),
        source: e.label,
        liars: s.setting.dishonest.fraction,
        strategy: showStrategy(s.setting.dishonest.strategy),
        decision: s.decision,
        runs: s.runs,
        successes: s.successes,
        p: s.estimate.p,
        lower: s.estimate.lower,
        upper: s.estimate.upper,
        confidence: s.estimate.confidence,
        reproduce: e.reproduce ?? "",
        p0: s.p0,
        p1: s.p1,
      },
    ];
  }
  const w = e.sweep;
  if (w === undefined || (w.parameter !== "liars" && w.parameter !== "strategy")) return [];
  // A sweep over something else varies more than the liars: not comparable here.
  return w.points.map((p) => {
    const at = p.at[w.parameter];
    const liars = w.parameter === "liars" ? Number(at) : w.setting.dishonest.fraction;
    const strategy =
      w.parameter === "strategy" ? String(at) : showStrategy(w.setting.dishonest.strategy);
    return {
      base: baseOf(w.setting, `${w.p0}/${w.p1}/${w.alpha}/${w.beta}`),
      source: `${e.label}, ${w.parameter} = ${String(at)}`,
      liars,
      strategy,
      decision: p.decision,
      runs: p.runs,
      successes: p.successes,
      p: p.estimate.p,
      lower: p.estimate.lower,
      upper: p.estimate.upper,
      confidence: p.estimate.confidence,
      reproduce: p.reproduce,
      p0: w.p0,
      p1: w.p1,
    };
  });
}

const DECISION_SHAPES: Readonly<Record<string, string>> = {
  holds: "circle",
  fails: "cross",
  undecided: "diamond",
};

/**
 * The figure over the evidence items of a ledger (with the claims citing each item), or
 * undefined when fewer than two liar fractions or strategies are among them. Only the largest
 * group of comparable SPRTs (same setting but the liars, same test) is drawn.
 */
export function successVsLiarsFigure(
  items: readonly { readonly e: LedgerEvidence; readonly claim: string }[],
): (CrossFigure & { keys: string[]; claims: string[] }) | undefined {
  const byBase = new Map<string, { points: LiarPoint[]; keys: string[]; claims: string[] }>();
  for (const { e, claim } of items)
    for (const p of pointsOf(e)) {
      const g = byBase.get(p.base) ?? { points: [], keys: [], claims: [] };
      // The same SPRT reached twice (a STAT claim and a sweep point with its own settings and
      // seed) is drawn once.
      if (
        !g.points.some(
          (x) =>
            x.liars === p.liars &&
            x.strategy === p.strategy &&
            x.runs === p.runs &&
            x.successes === p.successes,
        )
      )
        g.points.push(p);
      if (!g.keys.includes(e.key)) g.keys.push(e.key);
      if (!g.claims.includes(claim)) g.claims.push(claim);
      byBase.set(p.base, g);
    }
  const best = [...byBase.values()].sort((a, b) => b.points.length - a.points.length)[0];
  if (best === undefined) return undefined;
  const pts = best.points;
  const liars = new Set(pts.map((p) => p.liars));
  const strategies = [...new Set(pts.map((p) => p.strategy))].sort();
  if (liars.size < 2 && strategies.length < 2) return undefined;
  const first = pts[0] as LiarPoint;
  const BAND = bandSeries(first.p1, first.p0);
  const rows: Row[] = pts
    .slice()
    .sort((a, b) => a.strategy.localeCompare(b.strategy) || a.liars - b.liars)
    .map((p) => ({
      series: "estimate",
      strategy: p.strategy,
      liars: p.liars,
      decision: p.decision,
      runs: p.runs,
      successes: p.successes,
      p: p.p,
      lower: p.lower,
      upper: p.upper,
      confidence: p.confidence,
      source: p.source,
      reproduce: p.reproduce,
    }));
  rows.push({
    series: BAND,
    strategy: null,
    liars: null,
    decision: null,
    runs: null,
    successes: null,
    p: null,
    lower: first.p1,
    upper: first.p0,
    confidence: null,
    source: null,
    reproduce: null,
  });
  const decisions = Object.keys(DECISION_SHAPES).filter((d) => pts.some((p) => p.decision === d));
  const runs = pts.reduce((n, p) => n + p.runs, 0);
  const left = [...byBase.values()].filter((g) => g !== best).length;
  const perStrategy = strategies
    .map(
      (s) =>
        `${s}: ${pts
          .filter((p) => p.strategy === s)
          .sort((a, b) => a.liars - b.liars)
          .map((p) => `${p.liars} ${p.decision}`)
          .join(", ")}`,
    )
    .join("; ");
  const estimate = { filter: { field: "series", equal: "estimate" } };
  return {
    id: "success-vs-liars",
    title: `Estimator success against the fraction of liars, per lying strategy (${pts.length} SPRTs)`,
    caption:
      `Each point is one SPRT of the audit (the STAT claims and the points of the sweeps over liars and strategy that share every other setting): the estimated probability that a run has every honest estimate within ε (p̂ = successes / runs) with its Hoeffding interval, against the fraction of recipients that lie in their gossip; colour is the lying strategy (inflate:x multiplies the estimate they gossip by x, deflate:x divides it), shape the test's decision. ` +
      `Grey band: the indifference zone between p1 = ${first.p1} and p0 = ${first.p0}. ${runs} runs in all; each point's source and replay command are in the figure's CSV. ` +
      `Decisions by strategy and liar fraction: ${perStrategy}.` +
      (left > 0
        ? ` ${left} other group(s) of SPRTs with different settings are not drawn here (their own figures show them).`
        : ""),
    seeds: runs,
    columns: [
      "series",
      "strategy",
      "liars",
      "decision",
      "runs",
      "successes",
      "p",
      "lower",
      "upper",
      "confidence",
      "source",
      "reproduce",
    ],
    rows,
    keys: best.keys,
    claims: best.claims,
    spec: {
      width: 460,
      height: 240,
      data: { values: rows as Row[] },
      layer: [
        bandLayer(BAND, "P(run succeeds)"),
        {
          transform: [estimate],
          mark: { type: "line", strokeWidth: 1, opacity: 0.6 },
          encoding: {
            x: { field: "liars", type: "quantitative", title: "fraction of liars" },
            y: { field: "p", type: "quantitative" },
            color: { field: "strategy", type: "nominal", title: "strategy", sort: strategies },
          },
        },
        {
          transform: [estimate],
          mark: { type: "rule", strokeWidth: 2, opacity: 0.7 },
          encoding: {
            x: { field: "liars", type: "quantitative" },
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            color: { field: "strategy", type: "nominal", sort: strategies },
          },
        },
        {
          transform: [estimate],
          mark: { type: "point", filled: true, size: 70 },
          encoding: {
            x: { field: "liars", type: "quantitative" },
            y: { field: "p", type: "quantitative" },
            color: { field: "strategy", type: "nominal", sort: strategies },
            shape: {
              field: "decision",
              type: "nominal",
              title: "SPRT decision",
              scale: {
                domain: decisions,
                range: decisions.map((d) => DECISION_SHAPES[d] as string),
              },
            },
          },
        },
      ],
    } as TopLevelSpec,
  };
}
