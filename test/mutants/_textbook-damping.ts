/**
 * The damping factor of SPEC.md §6.2 written the way a third party would. With the default
 * knobs it is correct; each mutant of the zoo turns one knob into a realistic single bug.
 */
import type { DampingEntry } from "../../src/core/schemas/commitment.js";

export interface DampingKnobs {
  /** Whether an entry counts at `now` (spec: now − 30 s < t ≤ now). */
  readonly inWindow?: (t: number, now: number) => boolean;
  /** The order the window is sorted in (spec: by time, then by value). */
  readonly order?: (a: DampingEntry, b: DampingEntry) => number;
  /** Which three count (spec: the last three). */
  readonly pick?: "last" | "first";
  /** Whether two successive changes make an oscillation (spec: non-zero, opposite signs). */
  readonly oscillates?: (d1: number, d2: number) => boolean;
  /** Whether three values are smooth (spec: magnitudes never grow). */
  readonly smooth?: (a: number, b: number, c: number) => boolean;
}

export function textbookDamping(knobs: DampingKnobs = {}) {
  const inWindow = knobs.inWindow ?? ((t: number, now: number) => t > now - 30_000 && t <= now);
  const order =
    knobs.order ??
    ((a: DampingEntry, b: DampingEntry) =>
      a.timestamp - b.timestamp || a.overAllocation - b.overAllocation);
  const oscillates =
    knobs.oscillates ?? ((d1: number, d2: number) => Math.sign(d1) * Math.sign(d2) < 0);
  const smooth =
    knobs.smooth ??
    ((a: number, b: number, c: number) => Math.abs(c) <= Math.abs(b) && Math.abs(b) <= Math.abs(a));
  return {
    dampingFactor(history: readonly DampingEntry[], now: number): number {
      const recent = history.filter((e) => inWindow(e.timestamp, now)).sort(order);
      const three = knobs.pick === "first" ? recent.slice(0, 3) : recent.slice(-3);
      if (three.length < 3) return 1;
      const [a, b, c] = three.map((e) => e.overAllocation) as [number, number, number];
      if (oscillates(b - a, c - b)) return 0.5;
      return smooth(a, b, c) ? 1 : 0.8;
    },
  };
}
