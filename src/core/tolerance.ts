/**
 * Floating-point tolerance policy (SPEC.md §"Numbers"): quantities are IEEE-754 doubles; an
 * inequality a ≤ b between quantities holds when a ≤ b + tol(b), with tol(x) = EPS_REL·max(1, |x|).
 */
export const EPS_REL = 1e-9;

export function tol(x: number): number {
  return EPS_REL * Math.max(1, Math.abs(x));
}

/** a ≤ b up to the tolerance of b. */
export function leqTol(a: number, b: number): boolean {
  return a <= b + tol(b);
}

/** |a − b| within the tolerance of the larger magnitude. */
export function approxEq(a: number, b: number): boolean {
  return Math.abs(a - b) <= tol(Math.max(Math.abs(a), Math.abs(b)));
}
