/** Shared by the mutants: the reference parts each mutant breaks one piece of. */
import { referenceAllocator } from "../../properties/catalog.js";
import { referenceCompat } from "../../properties/compat.js";
import { referenceDamping } from "../../properties/damping.js";
import { referenceDenominatorAgent } from "../../properties/denominator.js";
import { referenceItc } from "../../properties/itc.js";
import { referenceV1Node, referenceV2Node } from "../../properties/nodes.js";
import { referenceRouter } from "../../properties/router.js";
import { referenceValidation } from "../../properties/schemas.js";
import { referenceVClock } from "../../properties/vclock.js";
import type { AllocationInput } from "../../src/core/schemas/allocation.js";

export const ref = {
  itc: referenceItc,
  vclock: referenceVClock,
  allocator: referenceAllocator,
  compat: referenceCompat,
  damping: referenceDamping,
  validation: referenceValidation,
  denominatorAgent: referenceDenominatorAgent,
  router: referenceRouter,
  v2Node: referenceV2Node,
  v1Node: referenceV1Node,
};

/** An allocator that rewrites its input before calling the reference. */
export function rewriting(f: (input: AllocationInput) => AllocationInput) {
  return { allocate: (input: AllocationInput) => ref.allocator.allocate(f(input)) };
}
