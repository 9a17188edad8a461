/**
 * The grey "claimed band" every success-probability figure draws: the SPRT's indifference zone
 * between p1 and p0, where the test may decide either way. One series name and one Vega-Lite
 * layer, shared by the round-by-round, sweep and liar-fraction figures.
 */

/** The name of the band's series (its one row in the figure's CSV). */
export function bandSeries(p1: number, p0: number): string {
  return `indifference band (p1 = ${p1} to p0 = ${p0})`;
}

/**
 * A Vega-Lite layer drawing the rows of `series` as a grey rectangle from `lower` to `upper`
 * across the whole width, on a [0, 1] y axis titled `title`.
 */
export function bandLayer(series: string, title: string) {
  return {
    transform: [{ filter: { field: "series", equal: series } }],
    mark: { type: "rect" as const, color: "#bbb", opacity: 0.35 },
    encoding: {
      y: {
        field: "lower",
        type: "quantitative" as const,
        title,
        scale: { domain: [0, 1] },
      },
      y2: { field: "upper" },
    },
  };
}
