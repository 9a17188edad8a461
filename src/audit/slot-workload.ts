/**
 * The slot workload of the slot-matching benchmark and the audit: slots spread over 60 days and 20
 * cities in 20 countries, with some remote, unknown-location, long and unbounded slots. Seeded
 * (pure-rand), never Math.random. (bench/workload.ts re-exports it.)
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { Location, Slot, TimeWindow } from "../core/schemas/slots.js";

export function workloadRng(seed: number): RandomGenerator {
  return xoroshiro128plus(seed);
}

const int = (rng: RandomGenerator, lo: number, hi: number): number => uniformInt(rng, lo, hi);
const real = (rng: RandomGenerator): number => uniformFloat64(rng);
const DAYS = 60;
const BASE_MS = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CITIES = [
  ["FR", "Paris", 48.8566, 2.3522],
  ["DE", "Berlin", 52.52, 13.405],
  ["CH", "Zürich", 47.3769, 8.5417],
  ["IT", "Roma", 41.9028, 12.4964],
  ["ES", "Madrid", 40.4168, -3.7038],
  ["PT", "Lisboa", 38.7223, -9.1393],
  ["NL", "Amsterdam", 52.3676, 4.9041],
  ["BE", "Bruxelles", 50.8503, 4.3517],
  ["AT", "Wien", 48.2082, 16.3738],
  ["PL", "Kraków", 50.0647, 19.945],
  ["CZ", "Praha", 50.0755, 14.4378],
  ["SE", "Stockholm", 59.3293, 18.0686],
  ["NO", "Oslo", 59.9139, 10.7522],
  ["DK", "København", 55.6761, 12.5683],
  ["IE", "Dublin", 53.3498, -6.2603],
  ["GB", "London", 51.5074, -0.1278],
  ["BR", "São Paulo", -23.5505, -46.6333],
  ["JP", "Tōkyō", 35.6762, 139.6503],
  ["FJ", "Suva", -18.1248, 178.4501],
  ["US", "New York", 40.7128, -74.006],
] as const;

const iso = (ms: number): string => new Date(ms).toISOString();

function window(rng: RandomGenerator, maxHours: number): TimeWindow | undefined {
  const r = real(rng);
  const start = BASE_MS + int(rng, 0, DAYS * 48 - 1) * (HOUR / 2);
  if (r < 0.02) return undefined; // no window
  if (r < 0.03) return { start: iso(start) }; // open-ended
  if (r < 0.04) return { start: iso(start), end: iso(start + int(rng, 10, 30) * DAY) }; // long
  if (r < 0.09) return { start: iso(start), end: iso(start + int(rng, 1, 3) * DAY) }; // multi-day
  return { start: iso(start), end: iso(start + int(rng, 1, maxHours * 2) * (HOUR / 2)) };
}

function location(rng: RandomGenerator, maxRadiusKm: number): Location | undefined {
  const r = real(rng);
  if (r < 0.03) return undefined; // unknown
  if (r < 0.1) return { type: "remote" };
  const [country, city, lat, lon] = CITIES[int(rng, 0, CITIES.length - 1)] ?? CITIES[0];
  const kind = real(rng);
  if (kind < 0.45) return { type: "in_person", country, city };
  if (kind < 0.55) return { type: "in_person", country };
  if (kind < 0.6) return { type: "in_person", city: city.toUpperCase() };
  return {
    type: "in_person",
    country,
    city,
    coordinates: { lat: lat + (real(rng) - 0.5) * 0.4, lon: lon + (real(rng) - 0.5) * 0.4 },
    radius_km: int(rng, 1, maxRadiusKm),
  };
}

export function makeSlot(
  rng: RandomGenerator,
  id: string,
  maxHours: number,
  maxRadiusKm: number,
): Slot {
  const w = window(rng, maxHours);
  const l = location(rng, maxRadiusKm);
  return {
    id,
    quantity: int(rng, 1, 10),
    ...(w !== undefined ? { window: w } : {}),
    ...(l !== undefined ? { location: l } : {}),
  };
}
