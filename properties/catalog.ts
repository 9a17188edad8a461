import { allocateValidated } from "../src/core/allocation/allocate.js";
import { allocationProperties } from "./allocation.js";
import { compatProperties } from "./compat.js";
import { dynamicsProperties } from "./dynamics.js";
import { exampleProperties } from "./examples.js";
import { itcProperties } from "./itc.js";
import type { InvariantProperty } from "./property.js";
import { schemaProperties } from "./schemas.js";
import { vclockProperties } from "./vclock.js";

/** The built-in reference implementation, as the allocation suite sees it. */
export const referenceAllocator = {
  name: "reference",
  allocate: allocateValidated,
} as const;

/** Every invariant of spec/SPEC.md that is checked by a property, against the reference core. */
export function referenceCatalog(): InvariantProperty[] {
  const examples = exampleProperties();
  const of = (suite: string) => examples.filter((p) => p.suite === suite);
  return [
    ...itcProperties(),
    ...of("itc"),
    ...vclockProperties(),
    ...compatProperties(),
    ...allocationProperties(referenceAllocator),
    ...dynamicsProperties(),
    ...of("dynamics"),
    ...schemaProperties(),
  ];
}
