/**
 * Counterexample text that explains itself: instants with their UTC equivalent, slots and
 * damping histories in a short readable form. Used in the messages of the compat, allocation
 * and damping properties.
 */
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import type { Slot, TimeWindow } from "../src/core/schemas/slots.js";
import { oracleInstantMs } from "./compat-oracle.js";

/** An instant as written, with its UTC equivalent when it is not already in Z: `…+01:00 (= …Z)`. */
export function withUtc(text: string): string {
  if (text.endsWith("Z")) return text;
  try {
    return `${text} (= ${new Date(oracleInstantMs(text)).toISOString()})`;
  } catch {
    return text;
  }
}

/** `[start, end)` with UTC equivalents; `−∞`/`+∞` for a missing bound, `always` for no window. */
export function describeWindow(w: TimeWindow | undefined): string {
  if (w === undefined) return "always (no window)";
  const s = w.start === undefined ? "−∞" : withUtc(w.start);
  const e = w.end === undefined ? "+∞" : withUtc(w.end);
  return `[${s}, ${e})`;
}

/** A slot in one line: id, quantity, window (with UTC), location. */
export function describeSlot(s: Slot): string {
  const loc = s.location === undefined ? "location unknown" : JSON.stringify(s.location);
  return `${s.id} (quantity ${s.quantity}, ${describeWindow(s.window)}, ${loc})`;
}

/** Epoch ms in UTC (`2026-…Z`), or the number itself beyond the dates JavaScript can print. */
export function utcOf(t: number): string {
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? `${t} ms` : date.toISOString();
}

/** An epoch-ms time relative to `now` and in UTC: `now − 30000 ms (2026-…Z)`. */
export function describeTime(t: number, now: number): string {
  const d = t - now;
  const rel = d === 0 ? "now" : d < 0 ? `now − ${-d} ms` : `now + ${d} ms`;
  return `${rel} (${utcOf(t)})`;
}

/** A damping history, each entry's time relative to `now` and in UTC. */
export function describeHistory(h: readonly DampingEntry[], now: number): string {
  return `[${h.map((e) => `${e.overAllocation} at ${describeTime(e.timestamp, now)}`).join("; ")}]`;
}
