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

import { ALLOCATION_INPUT_BOUNDARIES } from "./allocation-input.js";
import { CONVERGENCE_BOUNDARIES, RESIDUAL_BOUNDARIES } from "./convergence.js";
import { DYNAMICS_ROUND_BOUNDARIES } from "./dynamics-round.js";
import { ITC_SIZE_BOUNDARIES } from "./itc-size.js";
import { NODE_EFFECT_BOUNDARIES } from "./node-effects.js";
import { RECOGNITION_BOUNDARIES } from "./recognition.js";
import { SLOT_INDEX_BOUNDARIES } from "./slot-index.js";

export const BOUNDARY_CATALOG: readonly GeneratorBoundaries<unknown>[] = [
  COMPAT_BOUNDARIES,
  ALLOCATION_BOUNDARIES,
  DAMPING_BOUNDARIES,
  SCHEMA_BOUNDARIES,
  ...ITC_VCLOCK_BOUNDARIES,
  ...PROTOCOL_BOUNDARIES,
  ...SCENARIO_BOUNDARIES,
  // The rest of the pipeline (SPEC.md §11: recognition, allocation input, residual,
  // convergence, the bucketed index, one round of dynamics, ITC size, node effects).
  ...RECOGNITION_BOUNDARIES,
  ...ALLOCATION_INPUT_BOUNDARIES,
  ...RESIDUAL_BOUNDARIES,
  ...CONVERGENCE_BOUNDARIES,
  ...SLOT_INDEX_BOUNDARIES,
  ...DYNAMICS_ROUND_BOUNDARIES,
  ...ITC_SIZE_BOUNDARIES,
  ...NODE_EFFECT_BOUNDARIES,
];
