/** Where the report's figure data files go (data/figure-<id>.csv); no dependency, for the CLI. */
export const FIGURE_DATA_PREFIX = "data/figure-";
