// The prepared-slot cache of src/core/compat/compatible.ts: a prepared slot is reused while every
// field the rule reads keeps its value, and recomputed as soon as any of them changes — in place
// or by replacing the object that holds it — so mutating a slot never yields a stale answer.
import { describe, expect, it } from "vitest";
import { compatible, prepareSlot } from "../../../src/core/compat/compatible.js";
import type { Location, Slot } from "../../../src/core/schemas/slots.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type InPerson = Extract<Location, { type: "in_person" }>;

function inPersonSlot(): Slot & { window: { start?: string; end?: string }; location: InPerson } {
  return {
    id: "s",
    quantity: 1,
    window: { start: "2026-01-01T09:00:00Z", end: "2026-01-01T10:00:00Z" },
    location: {
      type: "in_person",
      country: "FR",
      city: "Lyon",
      coordinates: { lat: 45.76, lon: 4.84 },
      radius_km: 5,
    },
  };
}

/** Applies `change` to the slot and checks the prepared slot is recomputed and then cached. */
function expectRecomputed(slot: Slot, change: () => void): ReturnType<typeof prepareSlot> {
  const before = prepareSlot(slot);
  expect(prepareSlot(slot)).toBe(before);
  change();
  const after = prepareSlot(slot);
  expect(after).not.toBe(before);
  expect(prepareSlot(slot)).toBe(after);
  return after;
}

describe("prepared-slot cache", () => {
  it("reuses the prepared slot while nothing changes, for every kind of location", () => {
    const slots: Slot[] = [
      { id: "a", quantity: 1 },
      { id: "b", quantity: 1, location: { type: "remote" } },
      { id: "c", quantity: 1, location: { type: "in_person" } },
      inPersonSlot(),
    ];
    for (const s of slots) {
      const p = prepareSlot(s);
      expect(p.slot).toBe(s);
      expect(prepareSlot(s)).toBe(p);
      expect(compatible(s, s)).toBe(true);
      expect(prepareSlot(s)).toBe(p);
    }
  });

  it("window bounds changed in place are seen", () => {
    const s = inPersonSlot();
    const w = s.window as Mutable<NonNullable<Slot["window"]>>;
    const other: Slot = {
      id: "o",
      quantity: 1,
      window: { start: "2026-01-01T10:30:00Z", end: "2026-01-01T12:00:00Z" },
    };
    expect(compatible(s, other)).toBe(false);
    const p1 = expectRecomputed(s, () => {
      w.end = "2026-01-01T11:00:00Z";
    });
    expect(p1.endMs).toBe(Date.parse("2026-01-01T11:00:00Z"));
    expect(compatible(s, other)).toBe(true);
    const p2 = expectRecomputed(s, () => {
      w.start = "2026-01-01T10:45:00Z";
    });
    expect(p2.startMs).toBe(Date.parse("2026-01-01T10:45:00Z"));
    expect(compatible(other, s)).toBe(true);
    expectRecomputed(s, () => {
      delete w.end;
    });
    expect(prepareSlot(s).endMs).toBe(Infinity);
  });

  it("a replaced window or location object is seen even when its values are equal", () => {
    const s = inPersonSlot() as Mutable<Slot>;
    expectRecomputed(s, () => {
      s.window = { ...s.window };
    });
    expectRecomputed(s, () => {
      s.location = { ...(s.location as InPerson) };
    });
    expectRecomputed(s, () => {
      (s.location as Mutable<InPerson>).coordinates = { lat: 45.76, lon: 4.84 };
    });
    expectRecomputed(s, () => {
      delete s.window;
    });
    expect(prepareSlot(s).startMs).toBe(-Infinity);
    expectRecomputed(s, () => {
      delete s.location;
    });
    expect(prepareSlot(s).kind).not.toBe(prepareSlot(inPersonSlot()).kind);
  });

  it("each location field changed in place is seen", () => {
    const s = inPersonSlot();
    const l = s.location as Mutable<InPerson>;
    const c = l.coordinates as Mutable<NonNullable<InPerson["coordinates"]>>;
    const paris: Slot = {
      id: "p",
      quantity: 1,
      location: { type: "in_person", country: "FR", city: "Paris" },
    };
    expect(compatible(s, paris)).toBe(false);
    expect(expectRecomputed(s, () => (l.city = "Paris")).city).toBe("paris");
    expect(compatible(s, paris)).toBe(true);
    expect(expectRecomputed(s, () => (l.country = "DE")).country).toBe("DE");
    expect(compatible(s, paris)).toBe(false);
    const near: Slot = {
      id: "n",
      quantity: 1,
      location: { type: "in_person", coordinates: { lat: 0, lon: 0.05 }, radius_km: 1 },
    };
    expect(compatible(s, near)).toBe(false);
    expectRecomputed(s, () => (c.lat = 0));
    expectRecomputed(s, () => (c.lon = 0));
    expect(compatible(s, near)).toBe(true);
    expect(expectRecomputed(s, () => (l.radius_km = 1)).radiusKm).toBe(1);
    expect(compatible(s, near)).toBe(false);
  });

  it("a location type changed in place is seen, both ways", () => {
    const remote: Slot = { id: "r", quantity: 1, location: { type: "remote" } };
    const s = inPersonSlot();
    const l = s.location as unknown as { type: string };
    expect(compatible(s, remote)).toBe(false);
    expectRecomputed(s, () => (l.type = "remote"));
    expect(compatible(s, remote)).toBe(true);
    expectRecomputed(s, () => (l.type = "in_person"));
    expect(compatible(s, remote)).toBe(false);
  });

  it("a bare remote location turned in_person in place is seen", () => {
    const remote: Slot = { id: "r", quantity: 1, location: { type: "remote" } };
    const s: Slot = { id: "s", quantity: 1, location: { type: "remote" } };
    const l = s.location as unknown as { type: string };
    expect(compatible(s, remote)).toBe(true);
    expectRecomputed(s, () => (l.type = "in_person"));
    expect(compatible(s, remote)).toBe(false);
  });
});
