/**
 * The audit's HTML report: figures built from the evidence (figures.ts), rendered to SVG with
 * Vega-Lite and vega's headless renderer (svg.ts), and the page around them (html.ts). Returns
 * the files to add to the audit's output: report.html and data/figure-<id>.csv for every figure.
 */
import type { Ledger } from "../ledger.js";
import { ALLOCATION_COST_CLAIMS, allocationCostFigure } from "./allocation-cost.js";
import { buildFigures, figureCsv, figureCsvPath } from "./figures.js";
import { reportHtml, type RenderedFigure, type ReportFacts } from "./html.js";
import { renderSvg } from "./svg.js";

export type { ReportFacts } from "./html.js";
export { FIGURE_DATA_PREFIX } from "./paths.js";

export interface AuditReport {
  /** Relative path → content: report.html and data/figure-*.csv. */
  readonly files: Map<string, string>;
  readonly figures: number;
  /** Wall-clock milliseconds spent building and rendering the figures. */
  readonly renderMs: number;
}

/** Builds report.html and the figures' data files of an audit. */
export async function renderReport(
  ledger: Ledger,
  artifacts: ReadonlyMap<string, string>,
  facts: ReportFacts,
  now: () => number = () => performance.now(),
): Promise<AuditReport> {
  const t0 = now();
  const built = buildFigures(ledger, artifacts);
  const figures = [...built.figures];
  const { missing } = built;
  const cost = facts.allocationCost;
  const claims = ALLOCATION_COST_CLAIMS.filter((id) => ledger.claims.some((c) => c.id === id));
  if (cost !== undefined && cost.points.length > 0 && claims.length > 0) {
    const m = facts.machine ?? {};
    const machine = `${String(m.cpus ?? "?")} × ${String(m.cpuModel ?? "?")}, Node ${String(m.node ?? "?")}`;
    figures.push({
      ...allocationCostFigure(cost, machine),
      evidenceKeys: [],
      evidenceLabel: "allocation timing of this audit run (manifest.json, allocationCost)",
      claims,
    });
  }
  const rendered: RenderedFigure[] = [];
  for (const f of figures) rendered.push({ ...f, svg: await renderSvg(f.spec, `fig-${f.id}`) });
  const renderMs = Math.round(now() - t0);
  const traces = new Map([...artifacts].filter(([k]) => k.startsWith("traces/")));
  const files = new Map<string, string>();
  for (const f of figures) files.set(figureCsvPath(f), figureCsv(f));
  files.set(
    "report.html",
    reportHtml({ ledger, facts, figures: rendered, missing, traces, renderMs }),
  );
  return { files, figures: figures.length, renderMs };
}
