/**
 * Every generator's boundary classes (properties/boundaries.ts), one entry per generator.
 * Each suite adds its generators here.
 */
import { ALLOCATION_BOUNDARIES } from "./allocation-boundaries.js";
import type { GeneratorBoundaries } from "./boundaries.js";
import { COMPAT_BOUNDARIES } from "./compat-boundaries.js";
import { DAMPING_BOUNDARIES } from "./damping-boundaries.js";
import { SCHEMA_BOUNDARIES } from "./schema-boundaries.js";

export const BOUNDARY_CATALOG: readonly GeneratorBoundaries<unknown>[] = [
  COMPAT_BOUNDARIES,
  ALLOCATION_BOUNDARIES,
  DAMPING_BOUNDARIES,
  SCHEMA_BOUNDARIES,
];
