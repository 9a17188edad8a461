/**
 * From a Vega-Lite specification to an SVG string, in Node, with no browser: vega-lite compiles
 * the specification to Vega, and a headless vega View renders it with `toSVG()` (no canvas, no
 * network: the data is inline). The text is deterministic for a given vega version and input.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Every figure shares these settings: a plain font stack, no background, readable sizes. */
export const FIGURE_CONFIG = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  background: "white",
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.5 },
  // No canvas in Node: vega estimates text widths, so labels are not truncated by a pixel limit.
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, anchor: "start", limit: 900 },
  view: { stroke: "#bbb" },
} as const;

/**
 * Renders `spec` to SVG. `prefix` makes the ids inside the SVG (clip paths, gradients) unique
 * in a page that holds several figures.
 */
export async function renderSvg(spec: TopLevelSpec, prefix: string): Promise<string> {
  const vg = compile({
    ...spec,
    config: { ...FIGURE_CONFIG, ...spec.config },
  } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: "none", logLevel: 0 });
  try {
    const svg = await view.toSVG();
    return namespaceIds(svg, prefix);
  } finally {
    view.finalize();
  }
}

/** Prefixes every id (and every reference to one) of an SVG text. */
export function namespaceIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}
