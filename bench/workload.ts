/**
 * Shared benchmark workload: the slot generator lives in the package (src/audit/slot-workload.ts,
 * used by the audit's slot-matching experiment); this module adds the bench's seed argument.
 */
export { makeSlot, workloadRng } from "../src/audit/slot-workload.js";

/** The seed of a bench run: the first CLI argument, else a fixed default (printed by every bench). */
export function benchSeed(fallback = 12345): number {
  const arg = process.argv[2];
  return arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : fallback;
}
