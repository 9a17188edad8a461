/**
 * Figures across scenarios: what the V1 and V2 simulations the audit ran say as a function of
 * the number of participants n. Each scenario item's per-seed file (data/scenario-*.csv, written
 * by src/audit/runners.ts) carries the run's protocol, its n and the messages it sent per kind;
 * these figures pool every such file of the audit (both variants: the toolkit's protocol and the
 * documents') and draw, per protocol, variant and n, every seed and the median over the seeds
 * with its order-statistic interval. Nothing here runs a simulation: a profile that runs more
 * sizes gets more points.
 */
import type { TopLevelSpec } from "vega-lite";
import { medianInterval, round6 } from "../intervals.js";
import { SENT_PREFIX } from "../runners.js";
import type { Row } from "./csv.js";
import { MEDIAN_WITH_INTERVAL, type BuiltFigure } from "./layers.js";

/** One scenario item's per-seed data, as the audit wrote it. */
export interface ScenarioSource {
  readonly scenario: string;
  readonly variant: "toolkit" | "documents";
  /** Scenario fields set in every run (e.g. nodes.count). */
  readonly set: Readonly<Record<string, number | string | boolean>>;
  readonly quietFraction: number;
  readonly rows: readonly Row[];
}

/** A figure across scenario items, before buildFigures adds its evidence keys, label, claims. */
export type CrossFigure = BuiltFigure;

/** The protocols these figures draw (the router and the P2P runs have no "n participants"). */
const PROTOCOLS = new Set(["v1", "v2"]);

/** The label of a protocol under a variant: what the reader compares. */
export function protocolLabel(protocol: string, variant: ScenarioSource["variant"]): string {
  if (protocol === "v1")
    return variant === "documents"
      ? "V1 all-to-all (documents: λ = 1, damping on)"
      : "V1 neighbour gossip (toolkit: λ = 0.5, damping off)";
  return variant === "documents"
    ? "V2 (documents: λ = 1, damping on)"
    : "V2 (toolkit: λ = 0.5, damping off)";
}

/** The rows of the sources that draw on these figures, with their label and source name. */
function runsOf(sources: readonly ScenarioSource[]) {
  const out: { row: Row; label: string; source: string }[] = [];
  for (const s of sources)
    for (const row of s.rows) {
      const protocol = row.protocol;
      if (typeof protocol !== "string" || !PROTOCOLS.has(protocol)) continue;
      if (typeof row.nodes !== "number") continue;
      const fixed = Object.entries(s.set)
        .map(([k, v]) => ` ${k}=${String(v)}`)
        .join("");
      out.push({
        row,
        label: protocolLabel(protocol, s.variant),
        source: `${s.scenario}${fixed} · ${String(row.run)}`,
      });
    }
  return out;
}

function seedCount(rows: readonly Row[]): number {
  return new Set(rows.filter((r) => r.series === "seed").map((r) => r.seed)).size;
}

const ALL = "all kinds";

/**
 * Messages sent over the whole run against n, split by kind (and their total), one panel per
 * protocol and variant; undefined when no V1 or V2 run is among the sources.
 */
export function messagesByNFigure(sources: readonly ScenarioSource[]): CrossFigure | undefined {
  const runs = runsOf(sources);
  if (runs.length === 0) return undefined;
  const rows: Row[] = [];
  const groups = new Map<
    string,
    { label: string; kind: string; n: number; source: string; xs: number[] }
  >();
  // A kind a protocol never sends in any seed of a run (a column another run of the suite has)
  // is left out; a kind sent in some seeds only keeps its zeros (the y scale is symlog).
  const sent = new Set<string>();
  for (const { row, source } of runs)
    for (const [k, v] of Object.entries(row))
      if (k.startsWith(SENT_PREFIX) && typeof v === "number" && v > 0)
        sent.add(JSON.stringify([source, row.protocol, k]));
  for (const { row, label, source } of runs) {
    const kinds: [string, number][] = Object.entries(row)
      .filter(
        ([k, v]) =>
          k.startsWith(SENT_PREFIX) &&
          typeof v === "number" &&
          sent.has(JSON.stringify([source, row.protocol, k])),
      )
      .map(([k, v]) => [k.slice(SENT_PREFIX.length), v as number]);
    if (typeof row.messages === "number") kinds.push([ALL, row.messages]);
    for (const [kind, messages] of kinds) {
      rows.push({
        series: "seed",
        protocol: label,
        kind,
        n: row.nodes as number,
        source,
        seed: row.seed ?? null,
        messages,
        lower: null,
        upper: null,
      });
      const k = JSON.stringify([label, kind, row.nodes, source]);
      const g = groups.get(k) ?? { label, kind, n: row.nodes as number, source, xs: [] };
      g.xs.push(messages);
      groups.set(k, g);
    }
  }
  let confidence: number | undefined;
  for (const g of groups.values()) {
    const m = medianInterval(g.xs);
    confidence ??= m.confidence;
    rows.push({
      series: "median",
      protocol: g.label,
      kind: g.kind,
      n: g.n,
      source: g.source,
      seed: null,
      messages: m.median === null ? null : round6(m.median),
      lower: m.lower === null ? null : round6(m.lower),
      upper: m.upper === null ? null : round6(m.upper),
    });
  }
  const labels = [...new Set(runs.map((r) => r.label))].sort();
  const ns = [...new Set(runs.map((r) => r.row.nodes as number))].sort((a, b) => a - b);
  const sourcesUsed = [...new Set(runs.map((r) => r.source))];
  return {
    id: "messages-vs-n",
    title: `Messages sent against the number of participants n, by kind (V1 and V2, both variants; n = ${ns.join(", ")})`,
    caption:
      `Every message each simulated run sent over its whole horizon (not only until it settled), split by message kind (kinds a protocol never sent are left out), with “${ALL}” their total, on a symmetric-log axis; one panel per protocol and variant (${labels.join("; ")}). ` +
      `Faint points: one seed each (${seedCount(rows)} seeds); line and black interval: the median over the seeds with its order-statistic interval${confidence !== undefined ? ` (exact coverage ${(100 * confidence).toFixed(1)} % for the seed counts here)` : ""}. ` +
      `Runs: ${sourcesUsed.join("; ")}. Only the sizes this audit simulated are drawn (${ns.length === 1 ? "a single n: no trend can be read from it" : `${ns.length} sizes`}); scenario items a profile leaves out (listed under “Not run”) add no point.`,
    seeds: seedCount(rows),
    columns: ["series", "protocol", "kind", "n", "source", "seed", "messages", "lower", "upper"],
    rows,
    spec: {
      data: { values: rows as Row[] },
      facet: { field: "protocol", type: "nominal", title: null, sort: labels },
      columns: 2,
      spec: {
        width: 260,
        height: 200,
        encoding: {
          x: {
            field: "n",
            type: "quantitative",
            title: "participants n",
            scale: {
              type: "log",
              domain: [Math.max(1, (ns[0] ?? 1) / 2), (ns[ns.length - 1] ?? 1) * 2],
            },
          },
        },
        layer: [
          {
            transform: [{ filter: { field: "series", equal: "seed" } }],
            mark: { type: "point", opacity: 0.4, size: 20 },
            encoding: {
              y: {
                field: "messages",
                type: "quantitative",
                title: "messages sent",
                scale: { type: "symlog" },
              },
              color: { field: "kind", type: "nominal", title: "kind" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 2 },
            encoding: {
              y: { field: "messages", type: "quantitative" },
              color: { field: "kind", type: "nominal" },
            },
          },
          {
            transform: [{ filter: MEDIAN_WITH_INTERVAL }],
            mark: { type: "rule", color: "black", strokeWidth: 1.5 },
            encoding: {
              y: { field: "lower", type: "quantitative" },
              y2: { field: "upper" },
            },
          },
        ],
      },
    } as TopLevelSpec,
  };
}

const SETTLED = "settled";
const CENSORED = "censored (drawn at the horizon)";

/**
 * Settle time (virtual ms) against n, one colour per protocol and variant: every seed (a censored
 * run drawn at its horizon as a lower bound) and the median with its interval, a censored run
 * counting as +∞ (an open interval is drawn up to the horizon and said so in the CSV).
 */
export function settleByNFigure(sources: readonly ScenarioSource[]): CrossFigure | undefined {
  const runs = runsOf(sources);
  if (runs.length === 0) return undefined;
  const rows: Row[] = [];
  const groups = new Map<
    string,
    { label: string; n: number; source: string; xs: (number | null)[]; horizon: number }
  >();
  for (const { row, label, source } of runs) {
    const censored = row.censored === true;
    const horizon = typeof row.horizonMs === "number" ? row.horizonMs : null;
    const value = censored ? horizon : typeof row.settleMs === "number" ? row.settleMs : null;
    if (value === null) continue;
    rows.push({
      series: "seed",
      protocol: label,
      n: row.nodes as number,
      source,
      seed: row.seed ?? null,
      status: censored ? CENSORED : SETTLED,
      settleMs: value,
      lower: null,
      upper: null,
      horizonMs: horizon,
    });
    const k = JSON.stringify([label, row.nodes, source]);
    const g = groups.get(k) ?? { label, n: row.nodes as number, source, xs: [], horizon: 0 };
    g.xs.push(censored ? null : value);
    g.horizon = Math.max(g.horizon, horizon ?? 0);
    groups.set(k, g);
  }
  if (rows.length === 0) return undefined;
  for (const g of groups.values()) {
    const m = medianInterval(g.xs);
    rows.push({
      series: "median",
      protocol: g.label,
      n: g.n,
      source: g.source,
      seed: null,
      status: m.median === null ? "median censored (beyond the horizon)" : "median",
      // A median or bound beyond the horizon (+∞) is drawn at the horizon.
      settleMs: m.median === null ? g.horizon : round6(m.median),
      lower: m.lower === null ? g.horizon : round6(m.lower),
      upper: m.upper === null ? g.horizon : round6(m.upper),
      horizonMs: g.horizon,
    });
  }
  const censored = rows.filter((r) => r.status === CENSORED).length;
  const total = rows.filter((r) => r.series === "seed").length;
  const labels = [...new Set(runs.map((r) => r.label))].sort();
  const ns = [...new Set(runs.map((r) => r.row.nodes as number))].sort((a, b) => a - b);
  const quiet = [...new Set(sources.map((s) => s.quietFraction))];
  return {
    id: "settle-time-vs-n",
    title: `Time to settle against the number of participants n (V1 and V2, both variants; ${censored} of ${total} runs censored)`,
    caption:
      `Virtual time at which each run settled: its convergence held and nothing changed during the quiet margin (${quiet.map((q) => `${(100 * q).toFixed(0)} %`).join(", ")} of its horizon). ` +
      `Circles: one seed each (${seedCount(rows)} seeds), per protocol and variant (${labels.join("; ")}); triangles: a censored run (not settled within its horizon), drawn at the horizon as a lower bound. ` +
      `Black tick and bar: the median over the seeds with its order-statistic interval, a censored run counting as +∞; a median or bound beyond the horizon is drawn at the horizon (the CSV's status says “median censored”). ` +
      `${censored} of ${total} runs censored. Sizes simulated by this profile: n = ${ns.join(", ")}. ` +
      `Runs: ${[...new Set(runs.map((r) => r.source))].join("; ")} (two runs of one protocol and variant at the same n are drawn at the same place; the CSV's source column tells them apart).`,
    seeds: seedCount(rows),
    columns: [
      "series",
      "protocol",
      "n",
      "source",
      "seed",
      "status",
      "settleMs",
      "lower",
      "upper",
      "horizonMs",
    ],
    rows,
    spec: {
      width: 460,
      height: 240,
      data: { values: rows as Row[] },
      encoding: {
        x: { field: "n", type: "ordinal", title: "participants n", axis: { labelAngle: 0 } },
        xOffset: { field: "protocol", type: "nominal", sort: labels },
      },
      layer: [
        {
          transform: [{ filter: { field: "series", equal: "seed" } }],
          mark: { type: "point", filled: true, size: 36, opacity: 0.7 },
          encoding: {
            y: {
              field: "settleMs",
              type: "quantitative",
              title: "settle time (virtual ms, log)",
              scale: { type: "log" },
            },
            color: { field: "protocol", type: "nominal", title: "protocol", sort: labels },
            shape: {
              field: "status",
              type: "nominal",
              title: "run",
              scale: { domain: [SETTLED, CENSORED], range: ["circle", "triangle-up"] },
            },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "median" } }],
          mark: { type: "rule", color: "black", strokeWidth: 2 },
          encoding: {
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            detail: { field: "protocol", type: "nominal" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "median" } }],
          mark: { type: "tick", color: "black", thickness: 2, size: 18 },
          encoding: {
            y: { field: "settleMs", type: "quantitative" },
            detail: { field: "protocol", type: "nominal" },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/**
 * The latency targets the documents state for the router (catalogue claims S4-18 and S4-4, in
 * our words there): drawn as dashed lines on the percentile they bound.
 */
export const ROUTER_LATENCY_TARGETS: readonly {
  readonly percentile: "p50" | "p99";
  readonly ms: number;
  readonly label: string;
}[] = [
  { percentile: "p50", ms: 100, label: "S4-18: p50 < 100 ms" },
  { percentile: "p99", ms: 500, label: "S4-18: p99 < 500 ms" },
  { percentile: "p50", ms: 10, label: "S4-4: p50 < 10 ms" },
];

/** The scenarios of a title: each name once, with its number of configurations when several. */
function titleScenarios(sources: readonly ScenarioSource[]): string {
  const count = new Map<string, Set<string>>();
  for (const s of sources) {
    if (!s.rows.some((r) => r.protocol === "router")) continue;
    const sets = count.get(s.scenario) ?? new Set<string>();
    sets.add(JSON.stringify(s.set));
    count.set(s.scenario, sets);
  }
  return [...count.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, sets]) => (sets.size > 1 ? `${name} in ${sets.size} configurations` : name))
    .join(", ");
}

/**
 * Router delivery latency (emit to read) per lane: p50 and p99 of every seed of every router
 * scenario, the median over the seeds with its interval, against the documents' targets.
 */
export function routerLatencyFigure(sources: readonly ScenarioSource[]): CrossFigure | undefined {
  // One series per configuration: a scenario resized through an item's `set` is its own series,
  // labelled with its settings (never pooled with the scenario as built in).
  const seriesOf = (s: ScenarioSource) => {
    const set = Object.entries(s.set);
    return set.length === 0
      ? s.scenario
      : `${s.scenario} (${set.map(([k, v]) => `${k}=${String(v)}`).join(", ")})`;
  };
  const rows: Row[] = [];
  const groups = new Map<
    string,
    { scenario: string; percentile: string; lane: string; xs: number[]; empty: number }
  >();
  for (const s of sources)
    for (const row of s.rows) {
      if (row.protocol !== "router") continue;
      for (const [column, value] of Object.entries(row)) {
        const m = /^(p50|p99):(.+)$/.exec(column);
        if (m === null) continue;
        const percentile = m[1] as string;
        const lane = m[2] as string;
        const scenario = seriesOf(s);
        const k = JSON.stringify([scenario, percentile, lane]);
        const g = groups.get(k) ?? { scenario, percentile, lane, xs: [], empty: 0 };
        groups.set(k, g);
        // A lane that delivered nothing in a run has no percentile: counted, not drawn.
        if (typeof value !== "number") {
          g.empty++;
          continue;
        }
        g.xs.push(value);
        rows.push({
          series: "seed",
          percentile,
          lane,
          scenario,
          seed: row.seed ?? null,
          ms: value,
          lower: null,
          upper: null,
          target: null,
        });
      }
    }
  if (rows.length === 0) return undefined;
  let confidence: number | undefined;
  for (const g of groups.values()) {
    if (g.xs.length === 0) continue;
    const m = medianInterval(g.xs);
    confidence ??= m.confidence;
    rows.push({
      series: "median",
      percentile: g.percentile,
      lane: g.lane,
      scenario: g.scenario,
      seed: null,
      ms: m.median === null ? null : round6(m.median),
      lower: m.lower === null ? null : round6(m.lower),
      upper: m.upper === null ? null : round6(m.upper),
      target: null,
    });
  }
  for (const t of ROUTER_LATENCY_TARGETS)
    rows.push({
      series: "target",
      percentile: t.percentile,
      lane: null,
      scenario: null,
      seed: null,
      ms: t.ms,
      lower: null,
      upper: null,
      target: t.label,
    });
  const scenarios = [...new Set([...groups.values()].map((g) => g.scenario))].sort();
  const lanes = [...new Set([...groups.values()].map((g) => g.lane))].sort();
  const empty = [...groups.values()].filter((g) => g.empty > 0);
  const missed = [...groups.values()]
    .filter((g) => g.xs.length > 0)
    .flatMap((g) => {
      const m = medianInterval(g.xs);
      return ROUTER_LATENCY_TARGETS.filter(
        (t) => t.percentile === g.percentile && m.lower !== null && m.lower >= t.ms,
      ).map((t) => `${g.scenario} ${g.lane} ${g.percentile} (target ${t.label})`);
    });
  return {
    id: "router-latency",
    title: `Router delivery latency per lane, p50 and p99 over the seeds, against the documents' targets (${titleScenarios(sources)})`,
    caption:
      `Emit-to-read latency of the events each subscriber read, per lane (nearest-rank percentiles of one run each); one point per seed (${seedCount(rows)} seeds), colour the scenario; black tick and bar: the median over the seeds with its order-statistic interval${confidence !== undefined ? ` (exact coverage ${(100 * confidence).toFixed(1)} %)` : ""}. Log scale. ` +
      `Dashed: the targets the documents state (${ROUTER_LATENCY_TARGETS.map((t) => t.label).join("; ")}). The built-in scenarios are bursts, not steady load; a scenario resized by an evidence item is a series of its own, labelled with its settings. ` +
      (missed.length > 0
        ? `Interval wholly at or above a target: ${missed.join("; ")}. `
        : "No interval lies wholly above a target. ") +
      (empty.length > 0
        ? `Lanes with runs that delivered nothing (no percentile, not drawn): ${empty.map((g) => `${g.scenario} ${g.lane} ${g.percentile} in ${g.empty} run(s)`).join("; ")}.`
        : ""),
    seeds: seedCount(rows),
    columns: ["series", "percentile", "lane", "scenario", "seed", "ms", "lower", "upper", "target"],
    rows,
    spec: {
      data: { values: rows as Row[] },
      facet: { field: "percentile", type: "nominal", title: null, sort: ["p50", "p99"] },
      columns: 2,
      spec: {
        // Room for every series beside each lane.
        width: Math.max(260, 8 * lanes.length * scenarios.length),
        height: 220,
        layer: [
          {
            transform: [{ filter: { field: "series", equal: "seed" } }],
            mark: { type: "point", filled: true, size: 30, opacity: 0.7 },
            encoding: {
              x: {
                field: "lane",
                type: "nominal",
                title: "lane",
                sort: lanes,
                axis: { labelAngle: 0 },
              },
              xOffset: { field: "scenario", type: "nominal", sort: scenarios },
              y: {
                field: "ms",
                type: "quantitative",
                title: "latency (ms, log)",
                scale: { type: "log" },
              },
              color: {
                field: "scenario",
                type: "nominal",
                title: "scenario",
                sort: scenarios,
                legend: { labelLimit: 1000 },
              },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "rule", color: "black", strokeWidth: 2 },
            encoding: {
              x: { field: "lane", type: "nominal", sort: lanes },
              xOffset: { field: "scenario", type: "nominal", sort: scenarios },
              y: { field: "lower", type: "quantitative" },
              y2: { field: "upper" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "tick", color: "black", thickness: 2, size: 14 },
            encoding: {
              x: { field: "lane", type: "nominal", sort: lanes },
              xOffset: { field: "scenario", type: "nominal", sort: scenarios },
              y: { field: "ms", type: "quantitative" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "target" } }],
            mark: { type: "rule", color: "#c0392b", strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: {
              y: { field: "ms", type: "quantitative" },
              detail: { field: "target", type: "nominal" },
            },
          },
        ],
      },
    } as TopLevelSpec,
  };
}
