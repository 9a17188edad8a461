import type { SlotAllocationRecord, SlotDenominator } from "../schemas/allocation.js";
import type { AllocationVariant } from "./variants.js";

/** What `allocate` returns: the slot-level state a provider publishes, plus diagnostics. */
export interface AllocationResult {
  readonly variant: AllocationVariant;
  readonly provider: string;
  /** Capacity slot ids in the canonical processing order. */
  readonly slot_order: readonly string[];
  /** Per capacity slot: Σ weight of compatible recipients per tier, at the moment the slot is processed. */
  readonly slot_denominators: Readonly<Record<string, SlotDenominator>>;
  /** Grants, ordered by slot (canonical order), then recipient pubKey, then need slot id. Zero grants are omitted. */
  readonly slot_allocations: readonly SlotAllocationRecord[];
  /** Σ granted per recipient (every recipient of the input appears, possibly with 0). */
  readonly recipient_totals: Readonly<Record<string, number>>;
  /** Capacity of each slot left unallocated. */
  readonly slot_unused: Readonly<Record<string, number>>;
}
