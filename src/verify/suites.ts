import { allocationInputProperties } from "../../properties/allocation-input.js";
import { allocationProperties } from "../../properties/allocation.js";
import { compatProperties } from "../../properties/compat.js";
import { convergenceProperties, residualProperties } from "../../properties/convergence.js";
import { dampingProperties } from "../../properties/damping.js";
import { denominatorProperties } from "../../properties/denominator.js";
import { dynamicsRoundProperties } from "../../properties/dynamics-round.js";
import { itcSizeProperties } from "../../properties/itc-size.js";
import { itcProperties } from "../../properties/itc.js";
import { learningProperties } from "../../properties/learning.js";
import { v1EffectProperties, v2EffectProperties } from "../../properties/node-effects.js";
import { v1NodeProperties, v2NodeProperties } from "../../properties/nodes.js";
import type { InvariantProperty, SuiteName } from "../../properties/property.js";
import { recognitionProperties } from "../../properties/recognition.js";
import { routerProperties } from "../../properties/router.js";
import { schemaProperties } from "../../properties/schemas.js";
import { slotIndexProperties } from "../../properties/slot-index.js";
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
  if (impl.itc !== undefined) {
    out.push(...itcProperties(impl.itc, impl.name));
    out.push(...itcSizeProperties(impl.itc, impl.name));
  }
  if (impl.vclock !== undefined) out.push(...vclockProperties(impl.vclock, impl.name));
  if (impl.compat !== undefined) out.push(...compatProperties(impl.compat, impl.name, domain));
  // The index is judged by the implementation's own pairwise rule when it has one (SPEC §4.3).
  if (impl.slotIndex !== undefined)
    out.push(...slotIndexProperties(impl.slotIndex, impl.compat, impl.name));
  if (impl.recognition !== undefined)
    out.push(...recognitionProperties(impl.recognition, impl.name));
  if (impl.allocationInput !== undefined)
    out.push(...allocationInputProperties(impl.allocationInput, impl.name));
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
  if (impl.convergence !== undefined)
    out.push(...convergenceProperties(impl.convergence, impl.name));
  if (impl.residual !== undefined) out.push(...residualProperties(impl.residual, impl.name));
  if (impl.dynamics !== undefined) out.push(...dynamicsRoundProperties(impl.dynamics, impl.name));
  if (impl.denominatorAgent !== undefined) {
    out.push(...denominatorProperties(impl.denominatorAgent, impl.name));
    // The statistical claims STAT-1…3 on the implementation's own estimator, when it opts in
    // with a `learner` (SPEC §11: one SPRT each, 10–30 s for an estimator that meets STAT-1).
    if (impl.denominatorAgent.learner !== undefined)
      out.push(...learningProperties(impl.denominatorAgent, impl.name));
  }
  if (impl.node?.router !== undefined) out.push(...routerProperties(impl.node.router, impl.name));
  if (impl.node?.v2 !== undefined) {
    out.push(...v2NodeProperties(impl.node.v2, impl.name));
    out.push(...v2EffectProperties(impl.node.v2, impl.name));
  }
  if (impl.node?.v1 !== undefined) {
    out.push(...v1NodeProperties(impl.node.v1, impl.name));
    out.push(...v1EffectProperties(impl.node.v1, impl.name));
  }
  if (impl.validation !== undefined)
    out.push(...schemaProperties(impl.validation, impl.name, domain));
  return out;
}

/** The suites an implementation provides (those with at least one property). */
export function providedSuites(impl: Implementation): SuiteName[] {
  return [...new Set(suitesFor(impl).map((p) => p.suite))];
}
