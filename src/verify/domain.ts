import { domainLines } from "../../properties/domain.js";
import type { Implementation } from "./implementation.js";

/** How the allocation suites judge eligibility: SPEC §4's rule or the implementation's own `compat`. */
export type JudgeCompat = "spec" | "own";

/**
 * The rule the allocation suites judge eligibility by when none is chosen: the
 * implementation's own when it provides `compat`. An allocator follows its own matching rule;
 * judged by SPEC's, one convention difference (touching windows, say) would be reported under
 * ALLOC-ELIG/TIER/WORK/PROP/RESULT as if the allocator were wrong, while COMPAT-5 already
 * reports it once, as what it is. `--judge-compat spec` judges by SPEC §4 regardless.
 */
export function defaultJudgeCompat(impl: Implementation): JudgeCompat {
  return impl.compat !== undefined ? "own" : "spec";
}

/**
 * What a reader of a `verify` report must know besides the verdicts: how eligibility is
 * judged, and the implementation's declared domain — the inputs that were *not* generated,
 * so not checked. One line each; empty when there is nothing to say.
 */
export function describeDomain(
  impl: Implementation,
  options: { readonly judgeCompat?: JudgeCompat } = {},
): string[] {
  const out: string[] = [];
  const judge = options.judgeCompat ?? defaultJudgeCompat(impl);
  if (impl.allocator !== undefined) {
    out.push(
      judge === "own" && impl.compat !== undefined
        ? `allocation eligibility judged by ${impl.name}'s own compat rule (--judge-compat own, the default with a compat part); where it departs from SPEC §4, COMPAT-5 says so`
        : `allocation eligibility judged by SPEC §4's compatibility rule${impl.compat !== undefined ? " (--judge-compat spec)" : ""}`,
    );
  }
  const lines = domainLines(impl.domain);
  if (lines.length > 0) {
    out.push("declared domain (inputs outside it are not generated, so not checked):");
    for (const l of lines) out.push(`  ${l}`);
  }
  return out;
}
