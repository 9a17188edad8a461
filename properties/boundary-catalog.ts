/**
 * Every generator's boundary classes (properties/boundaries.ts), one entry per generator.
 * Each suite adds its generators here.
 */
import type { GeneratorBoundaries } from "./boundaries.js";
import { ITC_VCLOCK_BOUNDARIES } from "./itc-boundaries.js";
import { PROTOCOL_BOUNDARIES, SCENARIO_BOUNDARIES } from "./protocol-boundaries.js";

export const BOUNDARY_CATALOG: readonly GeneratorBoundaries<unknown>[] = [
  ...ITC_VCLOCK_BOUNDARIES,
  ...PROTOCOL_BOUNDARIES,
  ...SCENARIO_BOUNDARIES,
];
