/**
 * The provider-allocation variants the toolkit knows (SPEC.md §Provider allocation):
 * - `reference`: water-filling inside each tier, cross-slot need tracking; satisfies every ALLOC-* invariant.
 * - `v2-one-pass`: the seeds' formula — each slot on its own, proportional, capped at need, leftovers to tier 2.
 */
export const ALLOCATION_VARIANTS = ["reference", "v2-one-pass"] as const;
export type AllocationVariant = (typeof ALLOCATION_VARIANTS)[number];

export function isAllocationVariant(v: string): v is AllocationVariant {
  return (ALLOCATION_VARIANTS as readonly string[]).includes(v);
}
