/**
 * SPEC.md §4 transcribed as directly as possible, independently of src/core/compat: the
 * oracle COMPAT-5 compares implementations (the reference's prepared, bucketed code included)
 * against. Slow and plain on purpose.
 */
import { parseInstant } from "../src/core/schemas/primitives.js";
import type { Slot } from "../src/core/schemas/slots.js";

function ms(text: string | undefined, missing: number): number {
  if (text === undefined) return missing;
  const v = parseInstant(text);
  if (typeof v === "string") throw new Error(`not an instant: ${text}`);
  return v;
}

function city(c: string): string {
  return c
    .normalize("NFKC")
    .trim()
    .replace(/\s+/gu, " ")
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/gu, "");
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** §4.1 and §4.2, rule by rule. */
export function specCompatible(a: Slot, b: Slot): boolean {
  // §4.1: [start, end) overlap with positive length; missing bounds are unbounded.
  const timeOk =
    ms(a.window?.start, -Infinity) < ms(b.window?.end, Infinity) &&
    ms(b.window?.start, -Infinity) < ms(a.window?.end, Infinity);
  if (!timeOk) return false;
  const la = a.location;
  const lb = b.location;
  if (la === undefined || lb === undefined) return true; // rule 1
  if (la.type === "remote" || lb.type === "remote") return la.type === lb.type; // rule 2
  if (la.coordinates !== undefined && lb.coordinates !== undefined) {
    // rule 3.1 (a tolerance of 1e-7 km absorbs the two formulas' rounding; the rule's is 1e-9)
    return (
      distanceKm(la.coordinates, lb.coordinates) <= (la.radius_km ?? 0) + (lb.radius_km ?? 0) + 1e-9
    );
  }
  if (la.country !== undefined && lb.country !== undefined && la.country !== lb.country)
    return false; // 3.2
  if (la.city !== undefined && lb.city !== undefined) return city(la.city) === city(lb.city); // 3.3
  return true; // 3.4
}

/** Whether the oracle's distance is too close to the radius sum to tell (rounding of two formulas). */
export function onDistanceBoundary(a: Slot, b: Slot): boolean {
  const la = a.location;
  const lb = b.location;
  if (
    la?.type !== "in_person" ||
    lb?.type !== "in_person" ||
    la.coordinates === undefined ||
    lb.coordinates === undefined
  )
    return false;
  const d = distanceKm(la.coordinates, lb.coordinates);
  return Math.abs(d - ((la.radius_km ?? 0) + (lb.radius_km ?? 0))) < 1e-6;
}
