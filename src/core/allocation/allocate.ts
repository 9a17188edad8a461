import { CoreError } from "../errors.js";
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

/**
 * `allocate` for inputs already validated by `allocationInputSchema` (hot loops, simulators).
 * It does not validate again, but an input that skipped the schema is not silently misread:
 * a field the schema defaults may be absent (`damping_factor` is then 1, as `allocate` would
 * make it), and a recipient whose `mr`, `share` or `damping_factor` is not a number throws
 * CoreError("ALLOCATION_INPUT") naming its path (a NaN weight would otherwise grant nothing).
 */
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
  const columns = computeColumns(buildState(withDefaults(input)), options.variant ?? "reference");
  return options.output === "columns" ? columns : allocationRecords(columns);
}

const isNumber = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);

/** The schema's defaults applied, and the numbers the weights are made of checked (O(recipients)). */
export function withDefaults(input: AllocationInput): AllocationInput {
  let missing = false;
  input.recipients.forEach((r, i) => {
    const d: unknown = (r as { damping_factor?: unknown }).damping_factor;
    if (d === undefined) missing = true;
    else if (!isNumber(d))
      throw new CoreError(
        "ALLOCATION_INPUT",
        `recipients[${i}].damping_factor: expected a number, got ${typeof d} (was the input parsed by allocationInputSchema?)`,
        ["recipients", i, "damping_factor"],
      );
    for (const k of ["mr", "share"] as const)
      if (!isNumber((r as Record<string, unknown>)[k]))
        throw new CoreError(
          "ALLOCATION_INPUT",
          `recipients[${i}].${k}: expected a number, got ${typeof (r as Record<string, unknown>)[k]} (was the input parsed by allocationInputSchema?)`,
          ["recipients", i, k],
        );
  });
  if (!missing) return input;
  return {
    ...input,
    recipients: input.recipients.map((r) =>
      (r as { damping_factor?: unknown }).damping_factor === undefined
        ? { ...r, damping_factor: 1 }
        : r,
    ),
  };
}
