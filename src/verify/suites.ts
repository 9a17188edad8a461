import { allocationProperties } from "../../properties/allocation.js";
import { compatProperties } from "../../properties/compat.js";
import { dampingProperties } from "../../properties/damping.js";
import { denominatorProperties } from "../../properties/denominator.js";
import { itcProperties } from "../../properties/itc.js";
import { v1NodeProperties, v2NodeProperties } from "../../properties/nodes.js";
import type { InvariantProperty, SuiteName } from "../../properties/property.js";
import { routerProperties } from "../../properties/router.js";
import { schemaProperties } from "../../properties/schemas.js";
import { vclockProperties } from "../../properties/vclock.js";
import { defaultJudgeCompat, type JudgeCompat } from "./domain.js";
import type { Implementation } from "./implementation.js";

export interface SuiteSelection {
  /**
   * The compatibility rule the allocation suites judge eligibility by: `own` (the
   * implementation's `compat`, the default when it has one) or `spec` (SPEC §4's).
   */
  readonly judgeCompat?: JudgeCompat;
}

/** Every property the parts of `impl` can be checked against, in catalogue order. */
export function suitesFor(
  impl: Implementation,
  selection: SuiteSelection = {},
): InvariantProperty[] {
  const out: InvariantProperty[] = [];
  const domain = impl.domain !== undefined ? { domain: impl.domain } : {};
  const judge = selection.judgeCompat ?? defaultJudgeCompat(impl);
  if (impl.itc !== undefined) out.push(...itcProperties(impl.itc, impl.name));
  if (impl.vclock !== undefined) out.push(...vclockProperties(impl.vclock, impl.name));
  if (impl.compat !== undefined) out.push(...compatProperties(impl.compat, impl.name, domain));
  if (impl.allocator !== undefined) {
    const compat = impl.compat;
    out.push(
      ...allocationProperties(impl.allocator, impl.name, {
        ...domain,
        ...(judge === "own" && compat !== undefined ? { judge: { compat, name: impl.name } } : {}),
      }),
    );
  }
  if (impl.damping !== undefined) out.push(...dampingProperties(impl.damping, impl.name, domain));
  if (impl.denominatorAgent !== undefined) {
    out.push(...denominatorProperties(impl.denominatorAgent, impl.name));
    // The statistical claims STAT-1…3 run the reference's estimator code (a lean round driver),
    // so they are in `commons-spec check`, not here.
  }
  if (impl.node?.router !== undefined) out.push(...routerProperties(impl.node.router, impl.name));
  if (impl.node?.v2 !== undefined) out.push(...v2NodeProperties(impl.node.v2, impl.name));
  if (impl.node?.v1 !== undefined) out.push(...v1NodeProperties(impl.node.v1, impl.name));
  if (impl.validation !== undefined)
    out.push(...schemaProperties(impl.validation, impl.name, domain));
  return out;
}

/** The suites an implementation provides (those with at least one property). */
export function providedSuites(impl: Implementation): SuiteName[] {
  return [...new Set(suitesFor(impl).map((p) => p.suite))];
}
