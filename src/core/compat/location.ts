import type { Coordinates, Location, Slot } from "../schemas/slots.js";

/** Mean earth radius (IUGG R1), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Absolute tolerance, in km, added to the sum of radii in the coordinates rule. */
export const DISTANCE_TOLERANCE_KM = 1e-9;

const DEG = Math.PI / 180;

/** Combining Diacritical Marks block (U+0300–U+036F), removed after decomposition. */
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
const WHITESPACE_RUN = /\s+/g;

/**
 * Normalises a city name for comparison: NFKC, trim, collapse each run of whitespace to one
 * space, toLowerCase() (locale-independent), then NFD and remove the combining diacritical marks
 * U+0300–U+036F. The result is a comparison key (in NFD form). "Zürich" → "zurich",
 * " São   Paulo " → "sao paulo", "İstanbul" → "istanbul".
 */
export function normalizeCity(city: string): string {
  return city
    .normalize("NFKC")
    .trim()
    .replace(WHITESPACE_RUN, " ")
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_DIACRITICS, "");
}

/** Memo of normalizeCity (city names repeat): a pure cache, bounded in size. */
const cityCache = new Map<string, string>();
const CITY_CACHE_MAX = 8192;

function normalizeCityCached(city: string): string {
  let key = cityCache.get(city);
  if (key === undefined) {
    key = normalizeCity(city);
    if (cityCache.size >= CITY_CACHE_MAX) cityCache.clear();
    cityCache.set(city, key);
  }
  return key;
}

/**
 * Great-circle distance from the haversine formula on a sphere of radius EARTH_RADIUS_KM:
 * d = 2R·asin(√min(1, h)), h = sin²(|Δφ|/2) + cos φa·cos φb·sin²(|Δλ|/2). Exactly symmetric.
 */
export function haversineKm(a: Coordinates, b: Coordinates): number {
  const latA = a.lat * DEG;
  const latB = b.lat * DEG;
  return haversineRad(latA, a.lon * DEG, Math.cos(latA), latB, b.lon * DEG, Math.cos(latB));
}

/** haversineKm on radians with precomputed cosines (the hot-loop form; same result). */
export function haversineRad(
  latA: number,
  lonA: number,
  cosLatA: number,
  latB: number,
  lonB: number,
  cosLatB: number,
): number {
  // |x − y| and the commutative product make the result bit-for-bit symmetric.
  const sLat = Math.sin(Math.abs(latA - latB) / 2);
  const sLon = Math.sin(Math.abs(lonA - lonB) / 2);
  const h = sLat * sLat + cosLatA * cosLatB * sLon * sLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

export const LOC_UNKNOWN = 0;
export const LOC_REMOTE = 1;
export const LOC_IN_PERSON = 2;
export type LocationKind = typeof LOC_UNKNOWN | typeof LOC_REMOTE | typeof LOC_IN_PERSON;

/** A location with everything the rule needs precomputed (see prepareLocation). */
export interface PreparedLocation {
  readonly kind: LocationKind;
  /** ISO country code, in_person only. */
  readonly country: string | undefined;
  /** normalizeCity(city), in_person only. */
  readonly city: string | undefined;
  readonly hasCoords: boolean;
  /** Radians; 0 when !hasCoords. */
  readonly latRad: number;
  readonly lonRad: number;
  readonly cosLat: number;
  /** radius_km ?? 0. */
  readonly radiusKm: number;
}

/** One constructor for every prepared location, so that hot loops see a single object shape. */
function preparedLocation(
  kind: LocationKind,
  country: string | undefined,
  city: string | undefined,
  hasCoords: boolean,
  latRad: number,
  lonRad: number,
  radiusKm: number,
): PreparedLocation {
  return { kind, country, city, hasCoords, latRad, lonRad, cosLat: Math.cos(latRad), radiusKm };
}

const UNKNOWN_LOCATION = preparedLocation(LOC_UNKNOWN, undefined, undefined, false, 0, 0, 0);
const REMOTE_LOCATION = preparedLocation(LOC_REMOTE, undefined, undefined, false, 0, 0, 0);

export function prepareLocation(location: Location | undefined): PreparedLocation {
  if (location === undefined) return UNKNOWN_LOCATION;
  if (location.type === "remote") return REMOTE_LOCATION;
  const c = location.coordinates;
  return preparedLocation(
    LOC_IN_PERSON,
    location.country,
    location.city === undefined ? undefined : normalizeCityCached(location.city),
    c !== undefined,
    c === undefined ? 0 : c.lat * DEG,
    c === undefined ? 0 : c.lon * DEG,
    location.radius_km ?? 0,
  );
}

/**
 * The location part of the compatibility rule on prepared locations:
 * 1. either unknown → true; 2. both remote → true, exactly one remote → false;
 * 3. both in_person: a. both have coordinates → distance ≤ rA + rB + 1e-9 (country/city ignored);
 * b. both have a country and they differ → false; c. both have a city → normalized cities equal;
 * d. otherwise → true.
 */
export function preparedLocationCompatible(a: PreparedLocation, b: PreparedLocation): boolean {
  if (a.kind === LOC_UNKNOWN || b.kind === LOC_UNKNOWN) return true;
  if (a.kind === LOC_REMOTE || b.kind === LOC_REMOTE) return a.kind === b.kind;
  if (a.hasCoords && b.hasCoords) {
    const d = haversineRad(a.latRad, a.lonRad, a.cosLat, b.latRad, b.lonRad, b.cosLat);
    return d <= a.radiusKm + b.radiusKm + DISTANCE_TOLERANCE_KM;
  }
  if (a.country !== undefined && b.country !== undefined && a.country !== b.country) return false;
  if (a.city !== undefined && b.city !== undefined) return a.city === b.city;
  return true;
}

/** Location part of the compatibility rule (SPEC.md §Slot compatibility). */
export function locationCompatible(a: Pick<Slot, "location">, b: Pick<Slot, "location">): boolean {
  return preparedLocationCompatible(prepareLocation(a.location), prepareLocation(b.location));
}
