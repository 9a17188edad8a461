import { referenceAllocator } from "../../properties/catalog.js";
import { referenceCompat } from "../../properties/compat.js";
import { referenceDamping } from "../../properties/damping.js";
import { referenceDenominatorAgent } from "../../properties/denominator.js";
import { referenceItc } from "../../properties/itc.js";
import { referenceV1Node, referenceV2Node } from "../../properties/nodes.js";
import { referenceRouter } from "../../properties/router.js";
import { referenceValidation } from "../../properties/schemas.js";
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
  denominatorAgent: referenceDenominatorAgent,
  node: { router: referenceRouter, v2: referenceV2Node, v1: referenceV1Node },
});

export default referenceImplementation;
