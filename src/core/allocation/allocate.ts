import { allocationInputSchema, type AllocationInput } from "../schemas/allocation.js";
import { parseOrThrow } from "../schemas/parse.js";
import { allocationRecords, type AllocationColumns } from "./columns.js";
import { computeColumns } from "./compute.js";
import type { AllocationResult } from "./result.js";
import { buildState } from "./state.js";
import type { AllocationVariant } from "./variants.js";

export interface AllocateOptions {
  /** Which allocation rule to apply; default `reference`. */
  readonly variant?: AllocationVariant;
  /**
   * `records` (default): an `AllocationResult`, one object per grant. `columns`: an
   * `AllocationColumns` (typed arrays of slot, unit and quantity); `allocationRecords` derives
   * the record form from it, value for value.
   */
  readonly output?: "records" | "columns";
}

/**
 * One provider's allocation with static inputs (SPEC.md §Provider allocation). Validates the
 * input first: a malformed input throws CoreError("INVALID_INPUT") naming the field path.
 */
export function allocate(
  input: unknown,
  options: AllocateOptions & { readonly output: "columns" },
): AllocationColumns;
export function allocate(
  input: unknown,
  options?: AllocateOptions & { readonly output?: "records" },
): AllocationResult;
export function allocate(
  input: unknown,
  options?: AllocateOptions,
): AllocationResult | AllocationColumns;
export function allocate(
  input: unknown,
  options: AllocateOptions = {},
): AllocationResult | AllocationColumns {
  const parsed = parseOrThrow(allocationInputSchema, input, "allocation input");
  return allocateValidated(parsed, options);
}

/** `allocate` for inputs already validated by `allocationInputSchema` (hot loops, simulators). */
export function allocateValidated(
  input: AllocationInput,
  options: AllocateOptions & { readonly output: "columns" },
): AllocationColumns;
export function allocateValidated(
  input: AllocationInput,
  options?: AllocateOptions & { readonly output?: "records" },
): AllocationResult;
export function allocateValidated(
  input: AllocationInput,
  options?: AllocateOptions,
): AllocationResult | AllocationColumns;
export function allocateValidated(
  input: AllocationInput,
  options: AllocateOptions = {},
): AllocationResult | AllocationColumns {
  const columns = computeColumns(buildState(input), options.variant ?? "reference");
  return options.output === "columns" ? columns : allocationRecords(columns);
}
