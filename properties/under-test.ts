/**
 * The parts of an implementation the property suites can check, typed against the exported
 * schemas; foreign representations plug in through converters. Every part is optional.
 */
import type {
  AllocationInput,
  SlotAllocationRecord,
  SlotDenominator,
} from "../src/core/schemas/allocation.js";
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import type { Slot } from "../src/core/schemas/slots.js";
import type { Stamp } from "../src/core/itc/index.js";
import type { VClock } from "../src/core/vclock.js";

/**
 * Interval Tree Clocks over the implementation's own stamp type `S`. `toStamp` converts to the
 * exported JSON shape (used to compare, print and check normal form); `fromStamp` converts back.
 * `encode`/`decode` are optional (the encoding suite runs only when both are given).
 */
export interface ItcUnderTest<S = unknown> {
  seed(): S;
  fork(s: S): readonly [S, S];
  event(s: S): S;
  join(a: S, b: S): S;
  peek(s: S): S;
  leq(a: S, b: S): boolean;
  toStamp(s: S): Stamp;
  fromStamp(stamp: Stamp): S;
  encode?(s: S): Uint8Array;
  decode?(bytes: Uint8Array): S;
}

/** Vector clocks over the implementation's own type `V`, with converters to the exported shape. */
export interface VClockUnderTest<V = unknown> {
  event(vc: V, node: string): V;
  join(a: V, b: V): V;
  leq(a: V, b: V): boolean;
  empty(): V;
  toVClock(v: V): VClock;
  fromVClock(v: VClock): V;
  encode?(v: V): Uint8Array;
  decode?(bytes: Uint8Array): V;
}

/** One provider's allocation with static inputs. */
export interface AllocatorUnderTest {
  allocate(input: AllocationInput): {
    readonly slot_allocations: readonly SlotAllocationRecord[];
    readonly slot_denominators?: Readonly<Record<string, SlotDenominator>>;
  };
}

/** The pairwise slot-compatibility rule. */
export interface CompatUnderTest {
  compatible(a: Slot, b: Slot): boolean;
}

/** The damping factor from an over-allocation history. */
export interface DampingUnderTest {
  dampingFactor(history: readonly DampingEntry[], now: number): number;
}

/** Input validation at the boundary: accept a valid allocation input, reject anything else. */
export interface ValidationUnderTest {
  /** Returns true when the value is accepted as an allocation input. */
  acceptsAllocationInput(value: unknown): boolean;
}
