/**
 * Figures of the per-round speed experiments (src/audit/per-round-speed.ts): rounds needed against
 * ln n × diameter with the document's law overlaid (S0-18), and rounds needed per value of each
 * factor of S0-19, from the value the document says is faster to the one it says is slower.
 */
import type { TopLevelSpec } from "vega-lite";
import type { LedgerEvidence } from "../ledger.js";
import type { Figure } from "./figures.js";
import type { Row } from "./csv.js";

type Built = Omit<Figure, "evidenceKeys" | "evidenceLabel" | "claims">;

const num = (x: unknown) => (typeof x === "number" ? x : null);

/** Rounds needed against ln n · D, log–log, one colour per topology, the law's line dashed. */
export function lawFigure(e: LedgerEvidence, data: readonly Row[]): Built | string {
  const r = e.perRound;
  const law = r?.law;
  if (r === undefined || law === undefined) return "no law experiment in this item";
  const rows: Row[] = [];
  const seeds = new Set<number>();
  for (const d of data) {
    const x = num(d.lnNTimesD);
    if (x === null) continue;
    if (typeof d.seed === "number") seeds.add(d.seed);
    const rounds = num(d.roundsNeeded);
    rows.push({
      series: "run",
      topology: String(d.topology),
      nodes: num(d.nodes),
      x,
      rounds: rounds ?? r.horizon,
      status: rounds === null ? `censored (> ${r.horizon})` : "within ε by the horizon",
      lower: null,
      upper: null,
    });
  }
  for (const p of law.points) {
    const d = p.diameter.median;
    if (d === null || p.rounds.median === null) continue;
    rows.push({
      series: "median",
      topology: p.topology,
      nodes: p.nodes,
      x: Number((Math.log(p.nodes) * d).toPrecision(6)),
      rounds: p.rounds.median,
      status: null,
      lower: p.rounds.lower,
      upper: p.rounds.upper ?? r.horizon,
    });
  }
  // The law through the base point of the factor sweeps (random 4-regular, n = 100): T = c·x.
  const ref = law.points.find((p) => p.topology === "random-regular:4" && p.nodes === 100);
  const c = ref?.ratio.median ?? null;
  const xs = rows.filter((x) => x.series === "median").map((x) => x.x as number);
  if (c !== null && xs.length > 0) {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    for (let k = 0; k <= 20; k++) {
      const x = lo * (hi / lo) ** (k / 20);
      rows.push({
        series: "law",
        topology: null,
        nodes: null,
        x: Number(x.toPrecision(6)),
        rounds: Number((c * x).toPrecision(6)),
        status: null,
        lower: null,
        upper: null,
      });
    }
  }
  const fit = (b: { estimate: number; lower: number; upper: number }) =>
    `${b.estimate} [${b.lower}, ${b.upper}]`;
  return {
    id: "per-round-law",
    title: "Rounds needed to bring every honest estimate within ε, against ln n × gossip diameter",
    caption:
      `Per-round estimation setting (SPEC §13.1) with ${Object.entries(r.set)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(
          ", ",
        )}, ε = ${r.epsilon}; topologies ${law.topologies.join(", ")} at n = ${law.sizes.join(", ")}, ${r.runs} runs per point (${seeds.size} run seeds from master seed ${r.masterSeed}). ` +
      `Small points: one run each (a censored run is drawn at the horizon ${r.horizon}); large points with bars: the median and its order-statistic interval per topology and n. ` +
      `Dashed: the document's law T = c · ln n · D with c = ${c ?? "?"} (the median ratio at random-regular:4, n = 100); a law that held would put every median on it. ` +
      `Fitted exponent of T against ln n · D: ${fit(law.exponent)} (the law: 1); slope against ln n alone ${fit(law.lnSlope)} rounds (95 % bootstrap).`,
    seeds: seeds.size,
    columns: ["series", "topology", "nodes", "x", "rounds", "status", "lower", "upper"],
    rows,
    spec: {
      width: 520,
      height: 300,
      data: { values: rows as Row[] },
      encoding: {
        x: {
          field: "x",
          type: "quantitative",
          title: "ln n × diameter",
          scale: { type: "log" },
        },
      },
      layer: [
        {
          transform: [{ filter: { field: "series", equal: "law" } }],
          mark: { type: "line", strokeDash: [6, 4], color: "#c0392b" },
          encoding: { y: { field: "rounds", type: "quantitative" } },
        },
        {
          transform: [{ filter: { field: "series", equal: "run" } }],
          mark: { type: "point", size: 14, opacity: 0.45 },
          encoding: {
            y: {
              field: "rounds",
              type: "quantitative",
              title: "rounds needed",
              scale: { type: "log" },
            },
            color: { field: "topology", type: "nominal", title: "topology" },
            shape: { field: "status", type: "nominal", title: "run" },
          },
        },
        {
          transform: [{ filter: "datum.series === 'median' && datum.lower !== null" }],
          mark: { type: "rule", strokeWidth: 2 },
          encoding: {
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            color: { field: "topology", type: "nominal" },
          },
        },
        {
          transform: [{ filter: { field: "series", equal: "median" } }],
          mark: { type: "point", filled: true, size: 70 },
          encoding: {
            y: { field: "rounds", type: "quantitative" },
            color: { field: "topology", type: "nominal" },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Rounds needed per value of every factor run, one panel per factor. */
export function factorsFigure(
  items: readonly LedgerEvidence[],
  data: readonly Row[],
): Built | string {
  const factors = items.flatMap((x) =>
    x.perRound?.factor === undefined ? [] : [{ e: x, r: x.perRound, f: x.perRound.factor }],
  );
  const first = factors[0];
  if (first === undefined) return "no factor experiment in these items";
  const horizon = first.r.horizon;
  const rows: Row[] = [];
  const seeds = new Set<number>();
  const position = new Map<string, string>();
  for (const { f } of factors)
    f.values.forEach((v, k) => position.set(`${f.id}|${String(v)}`, `${k + 1}: ${String(v)}`));
  for (const d of data) {
    const at = position.get(`${String(d.factor)}|${String(d.value)}`);
    if (at === undefined) continue;
    if (typeof d.seed === "number") seeds.add(d.seed);
    const rounds = num(d.roundsNeeded);
    rows.push({
      series: "run",
      factor: String(d.factor),
      at,
      rounds: rounds ?? horizon,
      status: rounds === null ? `censored (> ${horizon})` : "within ε by the horizon",
      lower: null,
      upper: null,
    });
  }
  for (const { f, r } of factors)
    for (const p of f.points) {
      const at = position.get(`${f.id}|${String(p.value)}`) as string;
      rows.push({
        series: "median",
        factor: `${f.id}`,
        at,
        rounds: p.rounds.median ?? horizon,
        status: r.decision,
        lower: p.rounds.lower ?? horizon,
        upper: p.rounds.upper ?? horizon,
      });
    }
  const decisions = factors.map(({ f, r }) => `${f.id} ${r.decision}`).join(", ");
  return {
    id: "per-round-factors",
    title:
      "Rounds needed per factor of convergence speed, from the document's faster to its slower",
    caption:
      `Per-round estimation setting (SPEC §13.1) with ${Object.entries(first.r.set)
        .filter(([k]) => k !== "noise")
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(
          ", ",
        )}, ε = ${first.r.epsilon}; ${first.r.runs} runs per value (${seeds.size} run seeds from master seed ${first.r.masterSeed}). ` +
      `In each panel the values run from the one the document says converges faster (1) to the one it says converges slower (3). Small points: one run each (a censored run, still outside ε at the horizon, is drawn at ${horizon}); black: the median and its order-statistic interval (an unbounded end is drawn at the horizon). ` +
      `A factor holds when the interval at 1 lies wholly below the one at 3: ${decisions}. Factors: ${factors.map(({ f }) => `${f.id} = ${f.label}`).join("; ")}.`,
    seeds: seeds.size,
    columns: ["series", "factor", "at", "rounds", "status", "lower", "upper"],
    rows,
    spec: {
      data: { values: rows as Row[] },
      facet: {
        field: "factor",
        type: "nominal",
        title: null,
        sort: factors.map(({ f }) => f.id),
      },
      columns: 3,
      resolve: { scale: { x: "independent" } },
      spec: {
        width: 170,
        height: 140,
        encoding: {
          x: {
            field: "at",
            type: "nominal",
            title: null,
            axis: { labelAngle: -20, labelLimit: 200 },
          },
        },
        layer: [
          {
            transform: [{ filter: { field: "series", equal: "run" } }],
            mark: { type: "point", size: 16, opacity: 0.5 },
            encoding: {
              y: { field: "rounds", type: "quantitative", title: "rounds needed" },
              shape: { field: "status", type: "nominal", title: "run" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "rule", strokeWidth: 2, color: "black" },
            encoding: {
              y: { field: "lower", type: "quantitative" },
              y2: { field: "upper" },
            },
          },
          {
            transform: [{ filter: { field: "series", equal: "median" } }],
            mark: { type: "tick", thickness: 2, color: "black" },
            encoding: { y: { field: "rounds", type: "quantitative" } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}
