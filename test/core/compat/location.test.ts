import { describe, expect, it } from "vitest";
import { compatible } from "../../../src/core/compat/compatible.js";
import {
  EARTH_RADIUS_KM,
  haversineKm,
  locationCompatible,
  normalizeCity,
} from "../../../src/core/compat/location.js";
import type { Location } from "../../../src/core/schemas/slots.js";
import { slot } from "./helpers.js";

const REMOTE: Location = { type: "remote" };
const ZURICH = { lat: 47.3769, lon: 8.5417 };
const GENEVA = { lat: 46.2044, lon: 6.1432 };

function loc(a: Location | undefined, b: Location | undefined): boolean {
  const sa = slot(undefined, a);
  const sb = slot(undefined, b);
  const ab = locationCompatible(sa, sb);
  expect(locationCompatible(sb, sa)).toBe(ab);
  expect(compatible(sa, sb)).toBe(ab); // no window: only location decides
  return ab;
}

function inPerson(fields: Omit<Extract<Location, { type: "in_person" }>, "type">): Location {
  return { type: "in_person", ...fields };
}

describe("normalizeCity", () => {
  it("folds case, accents, whitespace and compatibility forms", () => {
    expect(normalizeCity("Zürich")).toBe("zurich");
    expect(normalizeCity("Zu\u0308rich")).toBe("zurich");
    expect(normalizeCity("  ZÜRICH ")).toBe("zurich");
    expect(normalizeCity("São   Paulo")).toBe("sao paulo");
    expect(normalizeCity("sao\u00a0\tpaulo")).toBe("sao paulo");
    expect(normalizeCity("Ｚｕｒｉｃｈ")).toBe("zurich"); // fullwidth → NFKC
    expect(normalizeCity("Genève")).toBe(normalizeCity("GENEVE"));
    expect(normalizeCity("İstanbul")).toBe("istanbul");
    expect(normalizeCity("Paris")).not.toBe(normalizeCity("Lyon"));
  });

  it("keeps what is not a combining diacritic (other scripts stay distinct)", () => {
    expect(normalizeCity("Łódź")).toBe("łodz"); // ł has no decomposition
    expect(normalizeCity("東京")).toBe("東京");
    expect(normalizeCity("दिल्ली")).not.toBe(normalizeCity("दलल"));
  });
});

describe("haversineKm", () => {
  it("matches known distances on a sphere of radius 6371.0088 km", () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(
      (EARTH_RADIUS_KM * Math.PI) / 180,
      9,
    );
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_KM,
      6,
    );
    expect(haversineKm(ZURICH, GENEVA)).toBeGreaterThan(220);
    expect(haversineKm(ZURICH, GENEVA)).toBeLessThan(230);
    expect(haversineKm(ZURICH, ZURICH)).toBe(0);
  });

  it("wraps around the antimeridian and the poles", () => {
    expect(haversineKm({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 })).toBeCloseTo(
      (0.2 * EARTH_RADIUS_KM * Math.PI) / 180,
      6,
    );
    expect(haversineKm({ lat: 89.9, lon: 0 }, { lat: 89.9, lon: 180 })).toBeCloseTo(
      (0.2 * EARTH_RADIUS_KM * Math.PI) / 180,
      6,
    );
  });

  it("is exactly symmetric", () => {
    const pts = [ZURICH, GENEVA, { lat: -33.1, lon: 151.2 }, { lat: 0.3, lon: -179.99 }];
    for (const a of pts) for (const b of pts) expect(haversineKm(a, b)).toBe(haversineKm(b, a));
  });
});

describe("location rule", () => {
  it("1. unknown location is compatible with anything", () => {
    expect(loc(undefined, undefined)).toBe(true);
    expect(loc(undefined, REMOTE)).toBe(true);
    expect(loc(undefined, inPerson({ country: "FR", city: "Paris" }))).toBe(true);
    expect(loc(undefined, inPerson({ coordinates: ZURICH }))).toBe(true);
  });

  it("2. remote meets remote, never in_person", () => {
    expect(loc(REMOTE, REMOTE)).toBe(true);
    expect(loc(REMOTE, inPerson({}))).toBe(false);
    expect(loc(REMOTE, inPerson({ country: "FR", city: "Paris", coordinates: ZURICH }))).toBe(
      false,
    );
  });

  it("3a. coordinates: distance ≤ sum of radii (+1e-9 km)", () => {
    const a = { lat: 0, lon: 0 };
    const b = { lat: 0, lon: 1 }; // 111.195 km
    const d = haversineKm(a, b);
    expect(
      loc(inPerson({ coordinates: a, radius_km: 60 }), inPerson({ coordinates: b, radius_km: 52 })),
    ).toBe(true);
    expect(
      loc(inPerson({ coordinates: a, radius_km: 55 }), inPerson({ coordinates: b, radius_km: 55 })),
    ).toBe(false);
    expect(loc(inPerson({ coordinates: a, radius_km: d }), inPerson({ coordinates: b }))).toBe(
      true,
    );
    expect(
      loc(inPerson({ coordinates: a, radius_km: d - 1e-6 }), inPerson({ coordinates: b })),
    ).toBe(false);
    // Missing radius is 0: only the same point.
    expect(loc(inPerson({ coordinates: a }), inPerson({ coordinates: a }))).toBe(true);
    expect(
      loc(inPerson({ coordinates: a }), inPerson({ coordinates: { lat: 0, lon: 0.0001 } })),
    ).toBe(false);
  });

  it("3a. with coordinates on both sides, country and city are ignored", () => {
    expect(
      loc(
        inPerson({
          country: "CH",
          city: "Basel",
          coordinates: { lat: 47.56, lon: 7.59 },
          radius_km: 5,
        }),
        inPerson({
          country: "FR",
          city: "Saint-Louis",
          coordinates: { lat: 47.59, lon: 7.56 },
          radius_km: 5,
        }),
      ),
    ).toBe(true);
    expect(
      loc(
        inPerson({ country: "CH", city: "Zürich", coordinates: ZURICH }),
        inPerson({ country: "CH", city: "Zürich", coordinates: GENEVA, radius_km: 100 }),
      ),
    ).toBe(false);
  });

  it("3b. different countries are incompatible unless both have coordinates", () => {
    expect(loc(inPerson({ country: "FR" }), inPerson({ country: "DE" }))).toBe(false);
    expect(loc(inPerson({ country: "FR", coordinates: ZURICH }), inPerson({ country: "DE" }))).toBe(
      false,
    );
    expect(
      loc(inPerson({ country: "FR", city: "Paris" }), inPerson({ country: "US", city: "Paris" })),
    ).toBe(false);
    expect(loc(inPerson({ country: "FR" }), inPerson({ country: "FR" }))).toBe(true);
    expect(loc(inPerson({ country: "FR" }), inPerson({ city: "Berlin" }))).toBe(true);
  });

  it("3c. cities compare after normalisation (case, accents, whitespace)", () => {
    expect(loc(inPerson({ city: "Zürich" }), inPerson({ city: "zurich" }))).toBe(true);
    expect(
      loc(inPerson({ city: "  ZÜRICH " }), inPerson({ country: "CH", city: "Zu\u0308rich" })),
    ).toBe(true);
    expect(loc(inPerson({ city: "São Paulo" }), inPerson({ city: "sao   paulo" }))).toBe(true);
    expect(loc(inPerson({ city: "Paris" }), inPerson({ city: "Lyon" }))).toBe(false);
    expect(
      loc(inPerson({ country: "FR", city: "Paris" }), inPerson({ country: "FR", city: "Lyon" })),
    ).toBe(false);
    // One side with coordinates, the other without: the city decides.
    expect(loc(inPerson({ city: "Paris", coordinates: ZURICH }), inPerson({ city: "PARIS" }))).toBe(
      true,
    );
  });

  it("3d. what is known agrees, the rest is unknown", () => {
    expect(loc(inPerson({}), inPerson({}))).toBe(true);
    expect(loc(inPerson({ city: "Paris" }), inPerson({}))).toBe(true);
    expect(loc(inPerson({ city: "Paris" }), inPerson({ country: "DE" }))).toBe(true);
    expect(loc(inPerson({ coordinates: ZURICH }), inPerson({ city: "Paris" }))).toBe(true);
    expect(loc(inPerson({ coordinates: ZURICH, radius_km: 1 }), inPerson({ country: "FR" }))).toBe(
      true,
    );
  });

  it("removing coordinates is NOT monotone: the country then decides", () => {
    const a = inPerson({ country: "CH", coordinates: { lat: 47.56, lon: 7.59 }, radius_km: 5 });
    const b = inPerson({ country: "FR", coordinates: { lat: 47.59, lon: 7.56 }, radius_km: 5 });
    expect(loc(a, b)).toBe(true);
    expect(loc(inPerson({ country: "CH", radius_km: 5 }), b)).toBe(false);
  });
});
