/**
 * Slot compatibility written from SPEC.md §4 the way a third party would (Date.parse for the
 * instants, a textbook haversine, a city key). With the default knobs it is correct; each
 * mutant of the zoo turns one knob into a realistic single bug.
 */
import type { Location, Slot } from "../../src/core/schemas/slots.js";

export interface CompatKnobs {
  /** Windows [s1, e1) and [s2, e2) overlap when s1 < e2 and s2 < e1 (spec), or with ≤. */
  readonly touchingOverlap?: boolean;
  /** The city key (spec: NFKC, trim, collapse spaces, lower case, NFD, drop U+0300–U+036F). */
  readonly cityKey?: (city: string) => string;
  /** Earth radius in km (spec: 6371.0088). */
  readonly earthRadiusKm?: number;
  /** Consult the countries before the coordinates (spec: coordinates first). */
  readonly countryFirst?: boolean;
  /** How two radii combine into the largest allowed distance (spec: their sum). */
  readonly reach?: (ra: number, rb: number) => number;
}

export const specCityKey = (c: string) =>
  c
    .normalize("NFKC")
    .trim()
    .replace(/\s+/g, " ")
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");

function bounds(s: Slot): [number, number] {
  const start = s.window?.start === undefined ? -Infinity : Date.parse(s.window.start);
  const end = s.window?.end === undefined ? Infinity : Date.parse(s.window.end);
  return [start, end];
}

export function textbookCompat(knobs: CompatKnobs = {}) {
  const key = knobs.cityKey ?? specCityKey;
  const R = knobs.earthRadiusKm ?? 6371.0088;
  const reach = knobs.reach ?? ((a: number, b: number) => a + b);
  const distance = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
    const toRad = (d: number) => (d * Math.PI) / 180;
    const dLat = toRad(b.lat - a.lat);
    const dLon = toRad(b.lon - a.lon);
    const h =
      Math.sin(dLat / 2) ** 2 +
      Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  };
  const places = (a: Location | undefined, b: Location | undefined): boolean => {
    if (a === undefined || b === undefined) return true;
    if (a.type === "remote" || b.type === "remote") return a.type === b.type;
    const countriesDiffer =
      a.country !== undefined && b.country !== undefined && a.country !== b.country;
    if (knobs.countryFirst === true && countriesDiffer) return false;
    if (a.coordinates !== undefined && b.coordinates !== undefined)
      return (
        distance(a.coordinates, b.coordinates) <= reach(a.radius_km ?? 0, b.radius_km ?? 0) + 1e-9
      );
    if (countriesDiffer) return false;
    if (a.city !== undefined && b.city !== undefined) return key(a.city) === key(b.city);
    return true;
  };
  return {
    compatible(a: Slot, b: Slot): boolean {
      const [s1, e1] = bounds(a);
      const [s2, e2] = bounds(b);
      const overlap = knobs.touchingOverlap === true ? s1 <= e2 && s2 <= e1 : s1 < e2 && s2 < e1;
      return overlap && places(a.location, b.location);
    },
  };
}
