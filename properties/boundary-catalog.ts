/**
 * Every generator's boundary classes (properties/boundaries.ts), one entry per generator.
 * Each suite adds its generators here.
 */
import type { GeneratorBoundaries } from "./boundaries.js";

export const BOUNDARY_CATALOG: readonly GeneratorBoundaries<unknown>[] = [];
