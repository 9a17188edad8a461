import { allocationInputSchema, type AllocationInput } from "../schemas/allocation.js";
import { parseOrThrow } from "../schemas/parse.js";
import { computeAllocation } from "./compute.js";
import { prepareAllocation } from "./prepare.js";
import type { AllocationResult } from "./result.js";
import type { AllocationVariant } from "./variants.js";

export interface AllocateOptions {
  /** Which allocation rule to apply; default `reference`. */
  readonly variant?: AllocationVariant;
}

/**
 * One provider's allocation with static inputs (SPEC.md §Provider allocation). Validates the
 * input first: a malformed input throws CoreError("INVALID_INPUT") naming the field path.
 */
export function allocate(input: unknown, options: AllocateOptions = {}): AllocationResult {
  const parsed = parseOrThrow(allocationInputSchema, input, "allocation input");
  return allocateValidated(parsed, options);
}

/** `allocate` for inputs already validated by `allocationInputSchema` (hot loops, simulators). */
export function allocateValidated(
  input: AllocationInput,
  options: AllocateOptions = {},
): AllocationResult {
  return computeAllocation(prepareAllocation(input), options.variant ?? "reference");
}
