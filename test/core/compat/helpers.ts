import type { Location, Slot, TimeWindow } from "../../../src/core/schemas/slots.js";

let counter = 0;

/** A slot with the given window and location (omitted when undefined). */
export function slot(window?: TimeWindow, location?: Location): Slot {
  counter += 1;
  return {
    id: `s-${counter}`,
    quantity: 1,
    ...(window !== undefined ? { window } : {}),
    ...(location !== undefined ? { location } : {}),
  };
}

/** A bounded window on 2026-03-01 between two UTC hours (fractions allowed). */
export function hours(start: number, end: number): TimeWindow {
  return { start: at(start), end: at(end) };
}

/** 2026-03-01 at the given UTC hour (fractions allowed), written with Z. */
export function at(hour: number): string {
  return new Date(Date.UTC(2026, 2, 1) + Math.round(hour * 3_600_000)).toISOString();
}
