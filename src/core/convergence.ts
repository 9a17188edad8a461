import type { SlotDenominator } from "./schemas/allocation.js";
import { cmpStr } from "./order.js";
import { own } from "./dict.js";

/** Denominator change below which a provider counts as converged (the seeds' 0.001). */
export const CONVERGENCE_EPSILON = 0.001;
/** Fraction of converged participants at which the network counts as converged (the seeds' 80 %). */
export const NETWORK_CONVERGED_FRACTION = 0.8;

export type Denominators = Readonly<Record<string, SlotDenominator>>;

/**
 * The largest absolute change of any tier denominator between two allocation states; a slot
 * present in only one of them counts as 0 in the other.
 */
export function denominatorDelta(previous: Denominators, current: Denominators): number {
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort(cmpStr);
  let max = 0;
  for (const k of keys) {
    const a = own(previous, k) ?? { mutual: 0, nonMutual: 0 };
    const b = own(current, k) ?? { mutual: 0, nonMutual: 0 };
    max = Math.max(max, Math.abs(a.mutual - b.mutual), Math.abs(a.nonMutual - b.nonMutual));
  }
  return max;
}

/** Converged when there is a previous state and every denominator moved by less than ε. */
export function isConverged(
  previous: Denominators | undefined,
  current: Denominators,
  epsilon: number = CONVERGENCE_EPSILON,
): boolean {
  return previous !== undefined && denominatorDelta(previous, current) < epsilon;
}

/**
 * Network convergence: at least 80 % of participants converged, computed exactly in integers
 * (5·converged ≥ 4·total). An empty network is vacuously converged.
 */
export function networkConverged(flags: readonly boolean[]): boolean {
  const converged = flags.filter(Boolean).length;
  return 5 * converged >= 4 * flags.length;
}
