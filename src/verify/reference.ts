import { referenceAllocationInput } from "../../properties/allocation-input.js";
import { referenceAllocator } from "../../properties/catalog.js";
import { referenceCompat } from "../../properties/compat.js";
import { referenceConvergence, referenceResidual } from "../../properties/convergence.js";
import { referenceDamping } from "../../properties/damping.js";
import { referenceDenominatorAgent } from "../../properties/denominator.js";
import { referenceDynamics } from "../../properties/dynamics-round.js";
import { referenceItc } from "../../properties/itc.js";
import { referenceLearner } from "../../properties/learning.js";
import { referenceV1Node, referenceV2Node } from "../../properties/nodes.js";
import { referenceRecognition } from "../../properties/recognition.js";
import { referenceRouter } from "../../properties/router.js";
import { referenceValidation } from "../../properties/schemas.js";
import { referenceSlotIndex } from "../../properties/slot-index.js";
import { referenceVClock } from "../../properties/vclock.js";
import { defineImplementation } from "./implementation.js";

/**
 * The built-in reference implementation, verified through the same path as any other:
 * `commons-spec verify src/verify/reference.ts`.
 */
export const referenceImplementation = defineImplementation({
  name: "reference",
  itc: referenceItc,
  vclock: referenceVClock,
  allocator: referenceAllocator,
  compat: referenceCompat,
  damping: referenceDamping,
  validation: referenceValidation,
  denominatorAgent: { ...referenceDenominatorAgent, learner: referenceLearner },
  node: { router: referenceRouter, v2: referenceV2Node, v1: referenceV1Node },
  recognition: referenceRecognition,
  allocationInput: referenceAllocationInput,
  residual: referenceResidual,
  convergence: referenceConvergence,
  slotIndex: referenceSlotIndex,
  dynamics: referenceDynamics,
});

export default referenceImplementation;
