/**
 * The domain an implementation declares (`defineImplementation({ …, domain })`): the inputs it
 * is meant for, where it departs from what SPEC.md lets a sender write. Generated inputs stay
 * inside it, and `verify` prints it (`describeDomain`), so a reader sees what was *not* checked.
 * Each part's entry narrows only that part's suites (and the allocation suite for `compat`).
 */
export interface ImplementationDomain {
  readonly compat?: {
    /**
     * How the implementation treats windows that touch ([9:00, 10:00) and [10:00, 11:00)).
     * SPEC §4.1: `incompatible`. Declaring `compatible` keeps touching windows out of the
     * compat and allocation suites' inputs.
     */
    readonly touchingWindows?: "compatible" | "incompatible";
  };
  readonly allocator?: {
    /** The largest quantity it handles (SPEC §1: 1e15); larger ones are not generated. */
    readonly maxQuantity?: number;
  };
  readonly damping?: {
    /**
     * `non-negative` when it only handles histories of over-allocations ≥ 0 (SPEC §6.2 allows
     * any sign): negative over-allocations are not generated.
     */
    readonly overAllocation?: "signed" | "non-negative";
  };
  readonly validation?: {
    /**
     * `stripped` when unknown keys are accepted and dropped rather than rejected (SPEC §1:
     * rejected): SCHEMA-1 does not try unknown keys.
     */
    readonly unknownKeys?: "rejected" | "stripped";
  };
}

/** Whether touching windows are outside the declared domain (so not generated). */
export function avoidsTouching(d: ImplementationDomain | undefined): boolean {
  return d?.compat?.touchingWindows === "compatible";
}

/** Lines describing what a declared domain leaves unchecked (empty when nothing is declared). */
export function domainLines(d: ImplementationDomain | undefined): string[] {
  const out: string[] = [];
  if (avoidsTouching(d))
    out.push(
      "compat.touchingWindows = compatible (SPEC §4.1: incompatible): windows that touch are not generated (COMPAT-*, ALLOC-*)",
    );
  const max = d?.allocator?.maxQuantity;
  if (max !== undefined && max < 1e15)
    out.push(
      `allocator.maxQuantity = ${max} (SPEC §1: 1e15): quantities above ${max} are not generated (ALLOC-*)`,
    );
  if (d?.damping?.overAllocation === "non-negative")
    out.push(
      "damping.overAllocation = non-negative (SPEC §6.2: any sign): negative over-allocations are not generated (DAMP-*)",
    );
  if (d?.validation?.unknownKeys === "stripped")
    out.push(
      "validation.unknownKeys = stripped (SPEC §1: rejected): unknown keys are not tried (SCHEMA-1)",
    );
  return out;
}
