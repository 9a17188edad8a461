/**
 * An implementation under test for `commons-spec verify`: a name and any of the parts the
 * suites know (properties/under-test.ts). Every part is optional.
 */
import type { ImplementationDomain } from "../../properties/domain.js";
import type {
  AllocationInputUnderTest,
  AllocatorUnderTest,
  CompatUnderTest,
  ConvergenceUnderTest,
  DampingUnderTest,
  DenominatorAgentUnderTest,
  DynamicsUnderTest,
  ItcUnderTest,
  NodeUnderTest,
  RecognitionUnderTest,
  ResidualUnderTest,
  SlotIndexUnderTest,
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
  /** Seed 000's P2P agents: a provider, a recipient, or both (the `denominator` suite). */
  readonly denominatorAgent?: DenominatorAgentUnderTest<unknown, unknown>;
  /**
   * Parts of a protocol node: its seed-004 message router (the `router` suite), and the node as
   * a V2 (seed 003) or V1 (seeds 001/002) state machine (the `nodes` suite).
   */
  readonly node?: NodeUnderTest<unknown, unknown, unknown>;
  /** Shares and mutual recognition from recognition weights (SPEC §3; REC-1, REC-2). */
  readonly recognition?: RecognitionUnderTest;
  /** A provider's allocation input built from commitments (SPEC §2, §5.1; INPUT-1). */
  readonly allocationInput?: AllocationInputUnderTest;
  /** Residual need, both variants (SPEC §6.1; RES-1, RES-2). */
  readonly residual?: ResidualUnderTest;
  /** Convergence detection per provider and network (SPEC §6.3; CONV-1, CONV-2). */
  readonly convergence?: ConvergenceUnderTest;
  /** A bucketed index of need slots (SPEC §4.3; COMPAT-6). */
  readonly slotIndex?: SlotIndexUnderTest<unknown>;
  /** One round of the many-provider dynamics (SPEC §6.4; DYN-7). */
  readonly dynamics?: DynamicsUnderTest;
  /**
   * The inputs it is meant for, where they are narrower than SPEC allows (e.g. touching
   * windows treated as compatible, unknown keys stripped): generated inputs stay inside the
   * domain, and `verify` prints it, so a reader sees what was not checked.
   */
  readonly domain?: ImplementationDomain;
}

/**
 * Declares an implementation for `commons-spec verify`; the identity, with types checked. The
 * type parameters are the implementation's own representations, inferred from its parts: `S`
 * ITC stamps, `V` vector clocks, `P` and `R` the handles of its provider and recipient agents,
 * `H` the handle of its router, `N2` and `N1` the states of its V2 and V1 node machines, `I` the
 * handle of its slot index.
 */
export function defineImplementation<
  S = Stamp,
  V = VClock,
  P = unknown,
  R = unknown,
  H = unknown,
  N2 = unknown,
  N1 = unknown,
  I = unknown,
>(impl: {
  readonly name: string;
  readonly itc?: ItcUnderTest<S>;
  readonly vclock?: VClockUnderTest<V>;
  readonly allocator?: AllocatorUnderTest;
  readonly compat?: CompatUnderTest;
  readonly damping?: DampingUnderTest;
  readonly validation?: ValidationUnderTest;
  readonly denominatorAgent?: DenominatorAgentUnderTest<P, R>;
  readonly node?: NodeUnderTest<H, N2, N1>;
  readonly recognition?: RecognitionUnderTest;
  readonly allocationInput?: AllocationInputUnderTest;
  readonly residual?: ResidualUnderTest;
  readonly convergence?: ConvergenceUnderTest;
  readonly slotIndex?: SlotIndexUnderTest<I>;
  readonly dynamics?: DynamicsUnderTest;
  readonly domain?: ImplementationDomain;
}): Implementation {
  return impl as Implementation;
}
