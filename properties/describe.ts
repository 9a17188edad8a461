/**
 * Counterexample text that explains itself: instants with their UTC equivalent, slots and
 * damping histories in a short readable form. Used in the messages of the compat, allocation
 * and damping properties.
 */
import type { DampingEntry } from "../src/core/schemas/commitment.js";
import type { Slot, TimeWindow } from "../src/core/schemas/slots.js";
import { parseInstant } from "../src/core/schemas/primitives.js";

/**
 * An instant as written, with its UTC equivalent when it is not already in UTC (Z, ±00:00):
 * `2026-03-29T02:30:00+02:00 (= 00:30:00Z)` — the UTC date is left out when it is the written
 * one, and the milliseconds when they are 0.
 */
export function withUtc(text: string): string {
  if (/(?:z|[+-]00:00)$/i.test(text)) return text; // already in UTC
  // The core's parser: an impossible date (30 February) has no UTC equivalent.
  const ms = parseInstant(text);
  if (typeof ms !== "number") return text;
  const iso = new Date(ms).toISOString();
  const utc = iso.replace(/\.000Z$/, "Z");
  return `${text} (= ${utc.slice(0, 10) === text.slice(0, 10) ? utc.slice(11) : utc})`;
}

/** An RFC 3339 instant with a numeric offset (the only kind whose UTC is not plain to see). */
const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2}:\d{2}$/;

/**
 * The instants of a counterexample written with a numeric offset, each once (in the order
 * met) with its UTC equivalent (`withUtc`); at most `max`. Instants that do not parse are left
 * out (a schema case may hold malformed ones on purpose).
 */
export function instantsInUtc(value: unknown, max = 12): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (out.length >= max || depth > 12) return;
    if (typeof v === "string") {
      if (!OFFSET_INSTANT.test(v) || seen.has(v)) return;
      seen.add(v);
      const w = withUtc(v);
      if (w !== v) out.push(w);
    } else if (Array.isArray(v)) for (const x of v as unknown[]) walk(x, depth + 1);
    else if (v !== null && typeof v === "object")
      for (const x of Object.values(v as Record<string, unknown>)) walk(x, depth + 1);
  };
  try {
    walk(value, 0);
  } catch {
    // a hostile value (a getter that throws): what was found so far
  }
  return out;
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
