/**
 * Every generator's boundary classes (properties/boundaries.ts), one entry per generator.
 * Each suite adds its generators here.
 */
import { ALLOCATION_BOUNDARIES } from "./allocation-boundaries.js";
import type { GeneratorBoundaries } from "./boundaries.js";
import { COMPAT_BOUNDARIES } from "./compat-boundaries.js";
import { DAMPING_BOUNDARIES } from "./damping-boundaries.js";
import { SCHEMA_BOUNDARIES } from "./schema-boundaries.js";
import { ITC_VCLOCK_BOUNDARIES } from "./itc-boundaries.js";
import { PROTOCOL_BOUNDARIES, SCENARIO_BOUNDARIES } from "./protocol-boundaries.js";

export const BOUNDARY_CATALOG: readonly GeneratorBoundaries<unknown>[] = [
  COMPAT_BOUNDARIES,
  ALLOCATION_BOUNDARIES,
  DAMPING_BOUNDARIES,
  SCHEMA_BOUNDARIES,
  ...ITC_VCLOCK_BOUNDARIES,
  ...PROTOCOL_BOUNDARIES,
  ...SCENARIO_BOUNDARIES,
];
