import type { SlotAllocationRecord, SlotDenominator } from "../schemas/allocation.js";
import type { AllocationResult } from "./result.js";
import type { AllocationVariant } from "./variants.js";
import { dict } from "../dict.js";

/**
 * One provider's allocation in columnar form (`allocate(input, { output: "columns" })`): the
 * same numbers as `AllocationResult`, in typed arrays indexed by position instead of one object
 * per grant. `allocationRecords` derives the record form from it.
 *
 * Positions: a slot is its index in `slot_order` (canonical processing order); a recipient its
 * index in `recipients` (pubKey order); a unit (one need slot of one recipient) its index in
 * `units`, ordered by (recipient pubKey, need slot id). The typed arrays are the caller's own
 * copies (writing to them changes nothing else); the string arrays are frozen.
 */
export interface AllocationColumns {
  readonly variant: AllocationVariant;
  readonly provider: string;
  /** Capacity slot ids in the canonical processing order. */
  readonly slot_order: readonly string[];
  /** Recipient pubKeys in code-unit order (every recipient of the input). */
  readonly recipients: readonly string[];
  /** Per recipient: 1 mutual (MR > 0), 2 one-way (MR = 0, share > 0), 0 not recognised. */
  readonly recipient_tier: Uint8Array;
  /** Per recipient: Σ granted (0 for a recipient that got nothing). */
  readonly recipient_totals: Float64Array;
  readonly units: {
    /** Per unit: its recipient's position. */
    readonly recipient: Int32Array;
    /** Per unit: its need slot id. */
    readonly need_slot_id: readonly string[];
  };
  /**
   * The grants, one per (slot, unit) with a positive quantity, ordered by slot position, then
   * unit position: grant k gives `quantity[k]` of slot `slot[k]` to unit `unit[k]`.
   */
  readonly grants: {
    readonly length: number;
    readonly slot: Int32Array;
    readonly unit: Int32Array;
    readonly quantity: Float64Array;
  };
  /** Per slot: Σ weight of the compatible units of each tier when the slot is processed. */
  readonly slot_denominators: { readonly mutual: Float64Array; readonly nonMutual: Float64Array };
  /** Per slot: capacity left unallocated. */
  readonly slot_unused: Float64Array;
}

/** The record form (`AllocationResult`) of a columnar allocation: the same values, field by field. */
export function allocationRecords(c: AllocationColumns): AllocationResult {
  const slot_denominators: Record<string, SlotDenominator> = dict();
  const slot_unused: Record<string, number> = dict();
  c.slot_order.forEach((id, s) => {
    slot_denominators[id] = {
      mutual: c.slot_denominators.mutual[s] as number,
      nonMutual: c.slot_denominators.nonMutual[s] as number,
    };
    slot_unused[id] = c.slot_unused[s] as number;
  });
  const { slot, unit, quantity, length } = c.grants;
  const unitRecipient = c.units.recipient;
  const needId = c.units.need_slot_id;
  const slot_allocations: SlotAllocationRecord[] = [];
  for (let k = 0; k < length; k++) {
    const u = unit[k] as number;
    const r = unitRecipient[u] as number;
    slot_allocations.push({
      availability_slot_id: c.slot_order[slot[k] as number] as string,
      recipient_pubkey: c.recipients[r] as string,
      need_slot_id: needId[u] as string,
      quantity: quantity[k] as number,
      tier: c.recipient_tier[r] === 1 ? "mutual" : "non-mutual",
    });
  }
  const recipient_totals: Record<string, number> = dict();
  c.recipients.forEach((pubKey, r) => {
    recipient_totals[pubKey] = c.recipient_totals[r] as number;
  });
  return {
    variant: c.variant,
    provider: c.provider,
    slot_order: [...c.slot_order],
    slot_denominators,
    slot_allocations,
    recipient_totals,
    slot_unused,
  };
}
