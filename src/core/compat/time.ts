import { CoreError } from "../errors.js";
import { parseInstant } from "../schemas/primitives.js";
import type { Slot, TimeWindow } from "../schemas/slots.js";

/**
 * A time window as absolute numbers: the half-open interval [startMs, endMs) in epoch
 * milliseconds. A missing bound is unbounded on that side (startMs = −∞, endMs = +∞).
 */
export interface WindowBounds {
  readonly startMs: number;
  readonly endMs: number;
}

/** The bounds of a slot without a window: all of time. */
export const UNBOUNDED: WindowBounds = Object.freeze({ startMs: -Infinity, endMs: Infinity });

/**
 * Memo of parsed instants (slots share bounds such as round hours): a pure cache, bounded in
 * size, that never changes a result.
 */
const instantCache = new Map<string, number>();
const INSTANT_CACHE_MAX = 8192;

function instantMs(text: string, field: "start" | "end"): number {
  const cached = instantCache.get(text);
  if (cached !== undefined) return cached;
  const ms = parseInstant(text);
  if (typeof ms === "string") {
    throw new CoreError("INVALID_INPUT", `window.${field}: ${ms}`, ["window", field]);
  }
  if (instantCache.size >= INSTANT_CACHE_MAX) instantCache.clear();
  instantCache.set(text, ms);
  return ms;
}

/**
 * Parses a window once into numeric bounds. Only absolute instants are used (parseInstant applies
 * the explicit offset), so the result does not depend on the local time zone of whoever computes it.
 *
 * Throws a CoreError (INVALID_INPUT) for what the slot schema rejects — an instant that does not
 * parse, or start ≥ end — so that the overlap test below is exact for every window it accepts.
 */
export function windowBounds(window: TimeWindow | undefined): WindowBounds {
  if (window === undefined) return UNBOUNDED;
  const startMs = window.start === undefined ? -Infinity : instantMs(window.start, "start");
  const endMs = window.end === undefined ? Infinity : instantMs(window.end, "end");
  if (!(startMs < endMs)) {
    throw new CoreError(
      "INVALID_INPUT",
      "window.end: must be after start (windows are [start, end) and non-empty)",
      ["window", "end"],
    );
  }
  return { startMs, endMs };
}

/**
 * Two half-open windows overlap with positive length: startA < endB && startB < endA.
 * [9, 10) and [10, 11) do not overlap. Symmetric by construction.
 */
export function boundsOverlap(a: WindowBounds, b: WindowBounds): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/** Time part of the compatibility rule (SPEC.md §Slot compatibility). */
export function timeCompatible(a: Pick<Slot, "window">, b: Pick<Slot, "window">): boolean {
  return boundsOverlap(windowBounds(a.window), windowBounds(b.window));
}
