/**
 * Pieces most of the audit's Vega-Lite figures share: the shape of a figure built from one
 * evidence kind before buildFigures adds its evidence keys, and the three layers "every seed as
 * a faint point, the median as a line, the median's interval as a rule" over one y field.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Row } from "./csv.js";

/** A figure as its builder returns it (buildFigures adds the evidence keys, label and claims). */
export interface BuiltFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly seeds: number;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly spec: TopLevelSpec;
}

/** The rows of a median series whose interval has both ends (the rule layers' filter). */
export const MEDIAN_WITH_INTERVAL =
  "datum.series === 'median' && datum.lower !== null && datum.upper !== null";

/**
 * Three layers over rows of series "seed" and "median" (the median rows carry `lower` and
 * `upper`): each seed's value as a faint point, the medians joined by a line, and each median's
 * interval as a vertical rule, all coloured by `color.field`. `seedY` is the seed layer's full
 * y encoding (its field, title and scale); the other two layers reuse its field.
 */
export function seedMedianLayers(
  seedY: { readonly field: string } & Record<string, unknown>,
  color: { readonly field: string; readonly title: string; readonly sort: readonly string[] },
) {
  const colorBy = { field: color.field, type: "nominal" as const, sort: color.sort };
  return [
    {
      transform: [{ filter: { field: "series", equal: "seed" } }],
      mark: { type: "point" as const, opacity: 0.45, size: 22 },
      encoding: {
        y: { ...seedY, type: "quantitative" as const },
        color: {
          field: color.field,
          type: "nominal" as const,
          title: color.title,
          sort: color.sort,
        },
      },
    },
    {
      transform: [{ filter: { field: "series", equal: "median" } }],
      mark: { type: "line" as const, point: true, strokeWidth: 2 },
      encoding: { y: { field: seedY.field, type: "quantitative" as const }, color: colorBy },
    },
    {
      transform: [{ filter: MEDIAN_WITH_INTERVAL }],
      mark: { type: "rule" as const, strokeWidth: 2 },
      encoding: {
        y: { field: "lower", type: "quantitative" as const },
        y2: { field: "upper" },
        color: colorBy,
      },
    },
  ];
}
