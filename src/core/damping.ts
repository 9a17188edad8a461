import type { DampingEntry } from "./schemas/commitment.js";

/** Entries older than this (relative to `now`) do not count (SPEC.md DAMP-2). */
export const DAMPING_WINDOW_MS = 30_000;
/** At most this many of the most recent entries count. */
export const DAMPING_MAX_ENTRIES = 3;
/** The three damping factors of the seeds. */
export const DAMPING_FACTORS = { oscillating: 0.5, moderate: 0.8, smooth: 1.0 } as const;

export type DampingClass = "insufficient" | "smooth" | "moderate" | "oscillating";

function byTime(a: DampingEntry, b: DampingEntry): number {
  return a.timestamp - b.timestamp || a.overAllocation - b.overAllocation;
}

/**
 * The entries that count at `now`: timestamp in (now − 30 s, now], sorted by (timestamp,
 * overAllocation), the last three of them. Independent of the order of `history`.
 */
export function dampingWindow(history: readonly DampingEntry[], now: number): DampingEntry[] {
  const inWindow = history.filter(
    (e) => e.timestamp > now - DAMPING_WINDOW_MS && e.timestamp <= now,
  );
  return inWindow.sort(byTime).slice(-DAMPING_MAX_ENTRIES);
}

/**
 * Classifies three successive over-allocations: `oscillating` when the two successive changes
 * are non-zero with opposite signs (up-down or down-up); `smooth` when magnitudes never grow;
 * `moderate` otherwise. Fewer than three values: `insufficient`.
 */
export function classifyDamping(values: readonly number[]): DampingClass {
  if (values.length < DAMPING_MAX_ENTRIES) return "insufficient";
  const [a, b, c] = values.slice(-DAMPING_MAX_ENTRIES) as [number, number, number];
  const d1 = b - a;
  const d2 = c - b;
  if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) return "oscillating";
  if (Math.abs(b) <= Math.abs(a) && Math.abs(c) <= Math.abs(b)) return "smooth";
  return "moderate";
}

/** The damping factor at `now`: 0.5 oscillating, 0.8 moderate, 1.0 smooth or too little history. */
export function dampingFactor(history: readonly DampingEntry[], now: number): number {
  const cls = classifyDamping(dampingWindow(history, now).map((e) => e.overAllocation));
  return cls === "insufficient" ? DAMPING_FACTORS.smooth : DAMPING_FACTORS[cls];
}

/** Appends an entry and keeps only what can still count at `now` (the window, last three). */
export function updateDampingHistory(
  history: readonly DampingEntry[],
  entry: DampingEntry,
  now: number,
): DampingEntry[] {
  return dampingWindow([...history, entry], now);
}
