/**
 * SPEC.md §4 transcribed as directly as possible, independently of src/core/compat and of the
 * core's instant parser: the oracle COMPAT-5 (and the allocation oracle) compare
 * implementations against. Slow and plain on purpose.
 */
import type { Slot } from "../src/core/schemas/slots.js";

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Days from 0000-03-01-based civil date to 1970-01-01 (proleptic Gregorian, H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * An RFC 3339 instant with offset (§4.1) as epoch milliseconds. Only for instants the schema
 * accepts (the generators produce valid ones); anything else throws.
 */
export function oracleInstantMs(text: string): number {
  const m = INSTANT.exec(text);
  if (m === null) throw new Error(`not an instant with offset: ${text}`);
  const n = (i: number) => Number(m[i] ?? "0");
  const frac = (m[7] ?? "").padEnd(3, "0");
  const sign = m[9] === "-" ? -1 : 1;
  const offsetMin = m[8] === "Z" ? 0 : sign * (n(10) * 60 + n(11));
  const localMs =
    daysFromCivil(n(1), n(2), n(3)) * 86_400_000 +
    ((n(4) * 60 + n(5)) * 60 + n(6)) * 1000 +
    Number(frac);
  return localMs - offsetMin * 60_000;
}

function ms(text: string | undefined, missing: number): number {
  return text === undefined ? missing : oracleInstantMs(text);
}

/** §4.2 rule 3.3's comparison key of a city name. */
export function oracleCityKey(c: string): string {
  return c
    .normalize("NFKC")
    .trim()
    .replace(/\s+/gu, " ")
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/gu, "");
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km by the haversine formula (§4.2 rule 3.1). */
export function oracleDistanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** The rule of §4.1 that decides the time part of a pair. */
export type TimeRule = "touching" | "disjoint" | "overlapping" | "unbounded";
/** The rule of §4.2 that decides the location part of a pair. */
export type LocationRule =
  "unknown" | "remote" | "coordinates" | "countries-differ" | "city" | "partial";

/**
 * The oracle's answer for a pair, part by part: a disagreement is classed by the part and the
 * rule that decides it (COMPAT-5), so that one wrong rule is one failure class whatever the pair.
 */
export interface OracleVerdict {
  readonly compatible: boolean;
  readonly time: { readonly ok: boolean; readonly rule: TimeRule };
  readonly location: { readonly ok: boolean; readonly rule: LocationRule };
}

function timeVerdict(a: Slot, b: Slot): OracleVerdict["time"] {
  // §4.1: [start, end) overlap with positive length; missing bounds are unbounded.
  const sa = ms(a.window?.start, -Infinity);
  const ea = ms(a.window?.end, Infinity);
  const sb = ms(b.window?.start, -Infinity);
  const eb = ms(b.window?.end, Infinity);
  if (sa < eb && sb < ea) {
    const unbounded =
      [sa, sb].every((x) => x === -Infinity) && [ea, eb].every((x) => x === Infinity);
    return { ok: true, rule: unbounded ? "unbounded" : "overlapping" };
  }
  return { ok: false, rule: sa === eb || sb === ea ? "touching" : "disjoint" };
}

function locationVerdict(a: Slot, b: Slot): OracleVerdict["location"] {
  const la = a.location;
  const lb = b.location;
  if (la === undefined || lb === undefined) return { ok: true, rule: "unknown" }; // rule 1
  if (la.type === "remote" || lb.type === "remote")
    return { ok: la.type === lb.type, rule: "remote" }; // rule 2
  if (la.coordinates !== undefined && lb.coordinates !== undefined) {
    // rule 3.1
    const d = oracleDistanceKm(la.coordinates, lb.coordinates);
    return { ok: d <= (la.radius_km ?? 0) + (lb.radius_km ?? 0) + 1e-9, rule: "coordinates" };
  }
  if (la.country !== undefined && lb.country !== undefined && la.country !== lb.country)
    return { ok: false, rule: "countries-differ" }; // 3.2
  if (la.city !== undefined && lb.city !== undefined)
    return { ok: oracleCityKey(la.city) === oracleCityKey(lb.city), rule: "city" }; // 3.3
  return { ok: true, rule: "partial" }; // 3.4
}

/** §4.1 and §4.2, rule by rule, with the rule that decides each part. */
export function specVerdict(a: Slot, b: Slot): OracleVerdict {
  const time = timeVerdict(a, b);
  const location = locationVerdict(a, b);
  return { compatible: time.ok && location.ok, time, location };
}

/** §4.1 and §4.2, rule by rule. */
export function specCompatible(a: Slot, b: Slot): boolean {
  return specVerdict(a, b).compatible;
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
  const d = oracleDistanceKm(la.coordinates, lb.coordinates);
  return Math.abs(d - ((la.radius_km ?? 0) + (lb.radius_km ?? 0))) < 1e-6;
}
