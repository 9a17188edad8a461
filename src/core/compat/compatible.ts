import type { Slot } from "../schemas/slots.js";
import { prepareLocation, preparedLocationCompatible, type PreparedLocation } from "./location.js";
import { windowBounds, type WindowBounds } from "./time.js";

/**
 * A slot with what the compatibility rule needs computed once: the window as numbers
 * ([startMs, endMs), ±∞ when unbounded) and the location fields of PreparedLocation (city
 * normalised, coordinates in radians), flat in one object. Use prepareSlot once per slot and
 * compatiblePrepared in hot loops.
 */
export interface PreparedSlot extends WindowBounds, PreparedLocation {
  readonly slot: Slot;
}

/**
 * What a prepared slot was computed from: every field of the slot the rule reads. A cached
 * PreparedSlot is reused only while all of them are still the same values, so mutating a slot
 * after preparing it can never yield a stale answer.
 */
interface Source {
  readonly window: Slot["window"];
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly location: Slot["location"];
  readonly type: string | undefined;
  readonly country: string | undefined;
  readonly city: string | undefined;
  readonly coordinates: unknown;
  readonly lat: number | undefined;
  readonly lon: number | undefined;
  readonly radius: number | undefined;
}

function sourceOf(slot: Slot): Source {
  const w = slot.window;
  const l = slot.location;
  const p = l !== undefined && l.type === "in_person" ? l : undefined;
  return {
    window: w,
    start: w?.start,
    end: w?.end,
    location: l,
    type: l?.type,
    country: p?.country,
    city: p?.city,
    coordinates: p?.coordinates,
    lat: p?.coordinates?.lat,
    lon: p?.coordinates?.lon,
    radius: p?.radius_km,
  };
}

function sameSource(a: Source, slot: Slot): boolean {
  const w = slot.window;
  const l = slot.location;
  if (a.window !== w || a.location !== l || a.start !== w?.start || a.end !== w?.end) return false;
  if (l === undefined || l.type !== "in_person") return a.type === l?.type;
  return (
    a.type === l.type &&
    a.country === l.country &&
    a.city === l.city &&
    a.coordinates === l.coordinates &&
    a.lat === l.coordinates?.lat &&
    a.lon === l.coordinates?.lon &&
    a.radius === l.radius_km
  );
}

/** Prepared slots by slot object; validated against the slot's current values on every hit. */
const cache = new WeakMap<Slot, { readonly source: Source; readonly prepared: PreparedSlot }>();

/** Throws CoreError INVALID_INPUT on a window the slot schema rejects (see windowBounds). */
export function prepareSlot(slot: Slot): PreparedSlot {
  const hit = cache.get(slot);
  if (hit !== undefined && sameSource(hit.source, slot)) return hit.prepared;
  const { startMs, endMs } = windowBounds(slot.window);
  const l = prepareLocation(slot.location);
  const prepared: PreparedSlot = {
    slot,
    startMs,
    endMs,
    kind: l.kind,
    country: l.country,
    city: l.city,
    hasCoords: l.hasCoords,
    latRad: l.latRad,
    lonRad: l.lonRad,
    cosLat: l.cosLat,
    radiusKm: l.radiusKm,
  };
  cache.set(slot, { source: sourceOf(slot), prepared });
  return prepared;
}

/** compatible() on prepared slots: numbers first, then location. Same answer as compatible(). */
export function compatiblePrepared(a: PreparedSlot, b: PreparedSlot): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs && preparedLocationCompatible(a, b);
}

/**
 * The pairwise slot-compatibility rule (SPEC.md §Slot compatibility):
 * compatible(a, b) = timeCompatible(a, b) && locationCompatible(a, b). Symmetric.
 */
export function compatible(a: Slot, b: Slot): boolean {
  return compatiblePrepared(prepareSlot(a), prepareSlot(b));
}
