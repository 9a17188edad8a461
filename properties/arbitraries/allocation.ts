/**
 * fast-check arbitraries for one provider's allocation input: capacity slots and recipients
 * with need slots, recognition and damping chosen so that ties, zero weights, both tiers,
 * saturation and unused capacity all occur often — and, with `edges` (the default), the edges
 * of SPEC.md §1 and §5: crowds of 20–50 recipients in one slot, recipients with many need slots
 * in one bucket, many slots, quantities from the smallest (1e-9) to the largest (1e15) allowed,
 * and slots whose quantity is exactly, or within a tolerance of, the need they can serve.
 */
import fc from "fast-check";
import type { AllocationInput, AllocationRecipient } from "../../src/core/schemas/allocation.js";
import type { AvailabilitySlot, NeedSlot, Slot } from "../../src/core/schemas/slots.js";
import { oracleInstantMs, specCompatible } from "../compat-oracle.js";
import { arbAvailabilitySlot, arbNeedSlot, type SlotArbitraryOptions } from "./slots.js";

export interface AllocationArbitraryOptions {
  readonly maxSlots?: number;
  readonly maxRecipients?: number;
  readonly maxNeedSlots?: number;
  /** Options of the slot arbitraries; the default packs times into two days so slots often overlap. */
  readonly slots?: SlotArbitraryOptions;
  /**
   * Also draw the edge shapes (crowds, many need slots, many slots, extreme and tight
   * quantities); default true. `false` gives only the small shape.
   */
  readonly edges?: boolean;
  /** Largest quantity generated (an implementation's declared domain); default 1e15 (SPEC §1). */
  readonly maxQuantity?: number;
  /** Keep need windows from touching capacity windows (an implementation's declared domain). */
  readonly avoidTouching?: boolean;
}

const DEFAULT_SLOT_OPTIONS: SlotArbitraryOptions = { spanDays: 2, stepMinutes: 240 };

/** The smallest non-zero and the largest quantity SPEC §1 allows. */
export const MIN_QUANTITY = 1e-9;
export const MAX_QUANTITY = 1e15;

/** Quantities: small integers (ties, exact saturation), doubles in [1e-9, 1000], and the extremes. */
export const arbQuantity: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 20 }), weight: 24 },
  {
    arbitrary: fc.double({ min: 1e-9, max: 1000, noNaN: true, noDefaultInfinity: true }),
    weight: 8,
  },
  { arbitrary: fc.constantFrom(MIN_QUANTITY, 2e-9, 0.1 + 0.2, MAX_QUANTITY, 1e15 - 1), weight: 1 },
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

const MINUTE = 60_000;

function needOptions(options: AllocationArbitraryOptions): SlotArbitraryOptions {
  const slotOptions = options.slots ?? DEFAULT_SLOT_OPTIONS;
  // Off the capacity slots' grid by 7 minutes: no need window can touch a capacity window.
  return options.avoidTouching === true
    ? { ...slotOptions, instantShiftMs: (slotOptions.instantShiftMs ?? 0) + 7 * MINUTE }
    : slotOptions;
}

/** One recipient's body: need slots, tier, recognition, damping (its pubKey is given later). */
function arbRecipientBody(
  options: AllocationArbitraryOptions,
  minNeeds: number,
  maxNeeds: number,
  mutualOnly = false,
): fc.Arbitrary<Omit<AllocationRecipient, "pubKey">> {
  return fc
    .record({
      need_slots: fc.array(arbNeedSlot(needOptions(options)), {
        minLength: minNeeds,
        maxLength: maxNeeds,
      }),
      mutual: mutualOnly ? fc.constant(true) : fc.boolean(),
      mr: mutualOnly ? arbFraction.filter((x) => x > 0) : arbFraction,
      share: arbFraction,
      damping_factor: arbDamping,
      quantities: fc.array(arbQuantity, { minLength: 8, maxLength: 8 }),
    })
    .map(({ need_slots, mutual, mr, share, damping_factor, quantities }) => ({
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

export function arbAllocationRecipient(
  pubKey: string,
  options: AllocationArbitraryOptions = {},
): fc.Arbitrary<AllocationRecipient> {
  return arbRecipientBody(options, 0, options.maxNeedSlots ?? 3).map((r) => ({ pubKey, ...r }));
}

interface Shape {
  readonly slots: readonly [number, number];
  readonly recipients: readonly [number, number];
  readonly needs: readonly [number, number];
  readonly mutualOnly?: boolean;
  /** Put need slots in a capacity slot's bucket (same window and location) this often (0–1). */
  readonly bucket?: number;
}

const SHAPES = {
  small: { slots: [1, 4], recipients: [0, 6], needs: [0, 3] },
  crowd: { slots: [1, 2], recipients: [20, 50], needs: [1, 2], bucket: 0.8 },
  crowdMutual: {
    slots: [1, 2],
    recipients: [20, 40],
    needs: [1, 2],
    bucket: 0.9,
    mutualOnly: true,
  },
  manyNeeds: { slots: [1, 3], recipients: [1, 4], needs: [5, 12], bucket: 0.8 },
  manySlots: { slots: [8, 16], recipients: [1, 6], needs: [1, 4] },
} as const satisfies Record<string, Shape>;

function arbShaped(
  shape: Shape,
  options: AllocationArbitraryOptions,
): fc.Arbitrary<AllocationInput> {
  const slotOptions = options.slots ?? DEFAULT_SLOT_OPTIONS;
  return fc
    .record({
      slots: fc.array(arbAvailabilitySlot(slotOptions), {
        minLength: shape.slots[0],
        maxLength: shape.slots[1],
      }),
      quantities: fc.array(arbQuantity, { minLength: 8, maxLength: 8 }),
      recipients: fc.array(
        arbRecipientBody(options, shape.needs[0], shape.needs[1], shape.mutualOnly),
        {
          minLength: shape.recipients[0],
          maxLength: shape.recipients[1],
        },
      ),
      buckets: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat()), {
        minLength: 16,
        maxLength: 16,
      }),
    })
    .map(({ slots, quantities, recipients, buckets }) => {
      const capacity_slots: AvailabilitySlot[] = slots.map((s, i) => ({
        ...s,
        id: `a${i}`,
        quantity: quantities[i % 8] ?? s.quantity,
      }));
      let b = 0;
      const inBucket = (n: NeedSlot): NeedSlot => {
        const [p, k] = buckets[b++ % buckets.length] as [number, number];
        if (!(p < (shape.bucket ?? 0))) return n;
        const { window: _w, location: _l, ...rest } = n;
        const c = capacity_slots[k % capacity_slots.length] as AvailabilitySlot;
        return {
          ...rest,
          ...(c.window !== undefined ? { window: c.window } : {}),
          ...(c.location !== undefined ? { location: c.location } : {}),
        };
      };
      return {
        provider: { pubKey: "provider", capacity_slots },
        recipients: recipients.map((r, i) => ({
          pubKey: `r${i}`,
          ...r,
          need_slots: r.need_slots.map(inBucket),
        })),
      };
    });
}

/** Maps every quantity (capacity, need) through `f`. */
function mapQuantities(input: AllocationInput, f: (q: number) => number): AllocationInput {
  return {
    provider: {
      ...input.provider,
      capacity_slots: input.provider.capacity_slots.map((s) => ({ ...s, quantity: f(s.quantity) })),
    },
    recipients: input.recipients.map((r) => ({
      ...r,
      need_slots: r.need_slots.map((n) => ({ ...n, quantity: f(n.quantity) })),
    })),
  };
}

/** A valid quantity near `x` within [0] ∪ [1e-9, max]. */
function clampQuantity(x: number, max: number): number {
  if (!(x > 0)) return 0;
  if (x < MIN_QUANTITY) return MIN_QUANTITY;
  return Math.min(x, max);
}

/** Σ of the needs a slot can serve: compatible need slots of recipients with positive weight. */
export function servableNeed(input: AllocationInput, slot: Slot, tiers: "mutual" | "all"): number {
  let sum = 0;
  for (const r of input.recipients) {
    const weighted = r.damping_factor > 0 && (r.mr > 0 || (tiers === "all" && r.share > 0));
    if (!weighted) continue;
    for (const n of r.need_slots) if (specCompatible(slot, n)) sum += n.quantity;
  }
  return sum;
}

/** Relative offsets from an exact fit, in units of SPEC §1's tolerance 1e-9. */
const FIT = [0, 0, -2e-9, -0.5e-9, 0.5e-9, 2e-9] as const;

/** Quantity scales: the input as drawn, or moved towards the smallest or largest quantities. */
const SCALES = [1, 1, 1, 1e-9, 1e-6, 1e6, 1e12] as const;

/** Whether a need window touches a capacity window (one ends exactly where the other starts). */
export function hasTouchingWindows(input: AllocationInput): boolean {
  const b = (t: string | undefined) => (t === undefined ? undefined : oracleInstantMs(t));
  for (const s of input.provider.capacity_slots)
    for (const r of input.recipients)
      for (const n of r.need_slots) {
        const [s1, e1, s2, e2] = [
          b(s.window?.start),
          b(s.window?.end),
          b(n.window?.start),
          b(n.window?.end),
        ];
        if ((e1 !== undefined && e1 === s2) || (e2 !== undefined && e2 === s1)) return true;
      }
  return false;
}

export function arbAllocationInput(
  options: AllocationArbitraryOptions = {},
): fc.Arbitrary<AllocationInput> {
  const max = Math.min(MAX_QUANTITY, options.maxQuantity ?? MAX_QUANTITY);
  const small: Shape = {
    slots: [1, options.maxSlots ?? SHAPES.small.slots[1]],
    recipients: [0, options.maxRecipients ?? SHAPES.small.recipients[1]],
    needs: [0, options.maxNeedSlots ?? SHAPES.small.needs[1]],
  };
  const base =
    options.edges === false
      ? arbShaped(small, options)
      : fc.oneof(
          { weight: 12, arbitrary: arbShaped(small, options) },
          { weight: 2, arbitrary: arbShaped(SHAPES.crowd, options) },
          { weight: 1, arbitrary: arbShaped(SHAPES.crowdMutual, options) },
          { weight: 2, arbitrary: arbShaped(SHAPES.manyNeeds, options) },
          { weight: 2, arbitrary: arbShaped(SHAPES.manySlots, options) },
        );
  const tweaked =
    options.edges === false
      ? base.map((input) => mapQuantities(input, (q) => clampQuantity(q, max)))
      : fc
          .tuple(
            base,
            fc.constantFrom(...SCALES),
            fc.option(
              fc.tuple(
                fc.nat(),
                fc.constantFrom(...FIT),
                fc.constantFrom<"mutual" | "all">("mutual", "all"),
              ),
              {
                freq: 3,
                nil: undefined,
              },
            ),
          )
          .map(([input, scale, fit]) => {
            let out = mapQuantities(input, (q) => clampQuantity(q * scale, max));
            if (fit !== undefined) {
              // One slot's quantity exactly at, or within 2 tolerances of, the need it can serve.
              const [k, rel, tiers] = fit;
              const slots = out.provider.capacity_slots;
              // A slot some need of the fitted kind is compatible with, if there is one.
              const serving = slots.filter(
                (s) =>
                  servableNeed(out, s, tiers === "mutual" ? "mutual" : "all") >
                  (typeof tiers === "number" ? servableNeed(out, s, "mutual") : 0),
              );
              const pool = serving.length > 0 ? serving : slots;
              const target = pool[k % pool.length] as AvailabilitySlot;
              const mutual = servableNeed(out, target, "mutual");
              const need =
                typeof tiers === "number"
                  ? mutual + tiers * (servableNeed(out, target, "all") - mutual)
                  : tiers === "mutual"
                    ? mutual
                    : servableNeed(out, target, "all");
              if (need > 0) {
                const q = clampQuantity(need * (1 + rel), max);
                out = {
                  ...out,
                  provider: {
                    ...out.provider,
                    capacity_slots: slots.map((s) => (s === target ? { ...s, quantity: q } : s)),
                  },
                };
              }
            }
            return out;
          });
  return options.avoidTouching === true ? tweaked.filter((i) => !hasTouchingWindows(i)) : tweaked;
}

/** A permutation key: used to shuffle arrays and object keys of an input for order-independence checks. */
export const arbPermutationSeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0x7fffffff });
