import { allocateValidated } from "../src/core/allocation/allocate.js";
import { allocationInputProperties } from "./allocation-input.js";
import { allocationProperties } from "./allocation.js";
import { compatIndexProperties, compatProperties, referenceCompat } from "./compat.js";
import { convergenceStatsProperties } from "./convergence-stats.js";
import { dampingProperties, referenceDamping } from "./damping.js";
import { denominatorProperties, referenceDenominatorAgent } from "./denominator.js";
import { dynamicsRoundProperties } from "./dynamics-round.js";
import { dynamicsProperties } from "./dynamics.js";
import { exampleProperties } from "./examples.js";
import { itcSizeProperties } from "./itc-size.js";
import { itcProperties, referenceItc } from "./itc.js";
import { v1EffectProperties, v2EffectProperties } from "./node-effects.js";
import { referenceV1Node, referenceV2Node, v1NodeProperties, v2NodeProperties } from "./nodes.js";
import type { InvariantProperty } from "./property.js";
import { recognitionProperties } from "./recognition.js";
import { referenceRouter, routerProperties } from "./router.js";
import { referenceValidation, schemaProperties } from "./schemas.js";
import { referenceSlotIndex, slotIndexProperties } from "./slot-index.js";
import { referenceVClock, vclockProperties } from "./vclock.js";

/** The built-in reference implementation, as the allocation suite sees it. */
export const referenceAllocator = { allocate: allocateValidated } as const;

/** Every invariant of spec/SPEC.md that is checked by a property, against the reference core. */
export function referenceCatalog(): InvariantProperty[] {
  const examples = exampleProperties();
  const of = (suite: string) => examples.filter((p) => p.suite === suite);
  return [
    ...itcProperties(referenceItc, "reference"),
    ...itcSizeProperties(referenceItc, "reference"),
    ...vclockProperties(referenceVClock, "reference"),
    ...compatProperties(referenceCompat, "reference"),
    ...compatIndexProperties(),
    ...slotIndexProperties(referenceSlotIndex, undefined, "reference"),
    ...recognitionProperties(),
    ...allocationInputProperties(),
    ...allocationProperties(referenceAllocator, "reference"),
    ...dampingProperties(referenceDamping, "reference"),
    ...dynamicsProperties(),
    ...dynamicsRoundProperties(),
    ...of("dynamics"),
    ...denominatorProperties(referenceDenominatorAgent, "reference"),
    // Statistical claims about the reference recipient's estimator (STAT-1…3): the reference's
    // own learning code, so they belong to the catalogue, not to `verify` of other code.
    ...convergenceStatsProperties(),
    ...routerProperties(referenceRouter, "reference"),
    ...v2NodeProperties(referenceV2Node, "reference"),
    ...v2EffectProperties(referenceV2Node, "reference"),
    ...v1NodeProperties(referenceV1Node, "reference"),
    ...v1EffectProperties(referenceV1Node, "reference"),
    ...schemaProperties(referenceValidation, "reference"),
  ];
}
