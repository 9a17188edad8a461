import { allocationProperties } from "../../properties/allocation.js";
import { compatProperties } from "../../properties/compat.js";
import { dampingProperties } from "../../properties/damping.js";
import { itcProperties } from "../../properties/itc.js";
import type { InvariantProperty, SuiteName } from "../../properties/property.js";
import { schemaProperties } from "../../properties/schemas.js";
import { vclockProperties } from "../../properties/vclock.js";
import type { Implementation } from "./implementation.js";

/** Every property the parts of `impl` can be checked against, in catalogue order. */
export function suitesFor(impl: Implementation): InvariantProperty[] {
  const out: InvariantProperty[] = [];
  if (impl.itc !== undefined) out.push(...itcProperties(impl.itc, impl.name));
  if (impl.vclock !== undefined) out.push(...vclockProperties(impl.vclock, impl.name));
  if (impl.compat !== undefined) out.push(...compatProperties(impl.compat, impl.name));
  if (impl.allocator !== undefined) out.push(...allocationProperties(impl.allocator, impl.name));
  if (impl.damping !== undefined) out.push(...dampingProperties(impl.damping, impl.name));
  if (impl.validation !== undefined) out.push(...schemaProperties(impl.validation, impl.name));
  return out;
}

/** The suites an implementation provides (those with at least one property). */
export function providedSuites(impl: Implementation): SuiteName[] {
  return [...new Set(suitesFor(impl).map((p) => p.suite))];
}
