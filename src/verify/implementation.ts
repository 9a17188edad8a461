/**
 * An implementation under test for `commons-spec verify`: a name and any of the parts the
 * suites know (properties/under-test.ts). Every part is optional.
 */
import type {
  AllocatorUnderTest,
  CompatUnderTest,
  DampingUnderTest,
  ItcUnderTest,
  ValidationUnderTest,
  VClockUnderTest,
} from "../../properties/under-test.js";
import type { Stamp } from "../core/itc/index.js";
import type { VClock } from "../core/vclock.js";

export interface Implementation {
  readonly name: string;
  readonly itc?: ItcUnderTest<unknown>;
  readonly vclock?: VClockUnderTest<unknown>;
  readonly allocator?: AllocatorUnderTest;
  readonly compat?: CompatUnderTest;
  readonly damping?: DampingUnderTest;
  readonly validation?: ValidationUnderTest;
}

/** Declares an implementation for `commons-spec verify`; the identity, with types checked. */
export function defineImplementation<S = Stamp, V = VClock>(impl: {
  readonly name: string;
  readonly itc?: ItcUnderTest<S>;
  readonly vclock?: VClockUnderTest<V>;
  readonly allocator?: AllocatorUnderTest;
  readonly compat?: CompatUnderTest;
  readonly damping?: DampingUnderTest;
  readonly validation?: ValidationUnderTest;
}): Implementation {
  return impl as Implementation;
}
