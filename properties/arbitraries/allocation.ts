/**
 * fast-check arbitraries for one provider's allocation input: a few capacity slots and
 * recipients with need slots, recognition and damping chosen so that ties, zero weights,
 * both tiers, saturation and unused capacity all occur often.
 */
import fc from "fast-check";
import type { AllocationInput, AllocationRecipient } from "../../src/core/schemas/allocation.js";
import { arbAvailabilitySlot, arbNeedSlot, type SlotArbitraryOptions } from "./slots.js";

export interface AllocationArbitraryOptions {
  readonly maxSlots?: number;
  readonly maxRecipients?: number;
  readonly maxNeedSlots?: number;
  /** Options of the slot arbitraries; the default packs times into two days so slots often overlap. */
  readonly slots?: SlotArbitraryOptions;
}

const DEFAULT_SLOT_OPTIONS: SlotArbitraryOptions = { spanDays: 2, stepMinutes: 240 };

/** Quantities: small integers (ties, exact saturation) and doubles in [1e-9, 1000] (the schema's range). */
export const arbQuantity: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 20 }), weight: 3 },
  {
    arbitrary: fc.double({ min: 1e-9, max: 1000, noNaN: true, noDefaultInfinity: true }),
    weight: 1,
  },
);

/** Fractions in [0, 1], often exactly 0 or a round value. */
export const arbFraction: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.constantFrom(0.1, 0.25, 0.5, 1), weight: 2 },
  { arbitrary: fc.double({ min: 1e-9, max: 1, noNaN: true }), weight: 2 },
);

/** Damping factors: the seeds' three values, 0, and anything in between. */
export const arbDamping: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(0.5, 0.8, 1), weight: 4 },
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.double({ min: 1e-9, max: 1, noNaN: true }), weight: 1 },
);

export function arbAllocationRecipient(
  pubKey: string,
  options: AllocationArbitraryOptions = {},
): fc.Arbitrary<AllocationRecipient> {
  const slotOptions = options.slots ?? DEFAULT_SLOT_OPTIONS;
  return fc
    .record({
      need_slots: fc.array(arbNeedSlot(slotOptions), { maxLength: options.maxNeedSlots ?? 3 }),
      mutual: fc.boolean(),
      mr: arbFraction,
      share: arbFraction,
      damping_factor: arbDamping,
      quantities: fc.array(arbQuantity, { minLength: 8, maxLength: 8 }),
    })
    .map(({ need_slots, mutual, mr, share, damping_factor, quantities }) => ({
      pubKey,
      need_slots: need_slots.map((n, j) => ({
        ...n,
        id: `n${j}`,
        quantity: quantities[j % 8] ?? n.quantity,
      })),
      mr: mutual ? mr : 0,
      share,
      damping_factor,
    }));
}

export function arbAllocationInput(
  options: AllocationArbitraryOptions = {},
): fc.Arbitrary<AllocationInput> {
  const slotOptions = options.slots ?? DEFAULT_SLOT_OPTIONS;
  return fc
    .record({
      slots: fc.array(arbAvailabilitySlot(slotOptions), {
        minLength: 1,
        maxLength: options.maxSlots ?? 4,
      }),
      quantities: fc.array(arbQuantity, { minLength: 8, maxLength: 8 }),
      recipientCount: fc.integer({ min: 0, max: options.maxRecipients ?? 6 }),
    })
    .chain(({ slots, quantities, recipientCount }) =>
      fc
        .tuple(
          ...Array.from({ length: recipientCount }, (_, i) =>
            arbAllocationRecipient(`r${i}`, options),
          ),
        )
        .map((recipients) => ({
          provider: {
            pubKey: "provider",
            capacity_slots: slots.map((s, i) => ({
              ...s,
              id: `a${i}`,
              quantity: quantities[i % 8] ?? s.quantity,
            })),
          },
          recipients,
        })),
    );
}

/** A permutation key: used to shuffle arrays and object keys of an input for order-independence checks. */
export const arbPermutationSeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0x7fffffff });
