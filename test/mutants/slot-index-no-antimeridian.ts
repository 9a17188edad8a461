// A bucketed index of need slots on a 1° latitude/longitude grid whose queries scan the cells
// within reach without wrapping around the antimeridian: needs just across ±180° are missed.
// Candidates are filtered with the pairwise rule, so it never returns a wrong need.
import { compatible } from "../../src/core/compat/compatible.js";
import type { Slot } from "../../src/core/schemas/slots.js";
import { defineImplementation } from "../../src/verify/implementation.js";

interface GridIndex {
  readonly needs: readonly Slot[];
  /** Needs without coordinates: every query scans them. */
  readonly loose: number[];
  readonly cells: Map<string, number[]>;
  readonly maxRadius: number;
}

const coordsOf = (s: Slot) =>
  s.location?.type === "in_person" ? s.location.coordinates : undefined;

export default defineImplementation({
  name: "slot-index-no-antimeridian",
  slotIndex: {
    build(needs): GridIndex {
      const index: GridIndex = { needs, loose: [], cells: new Map(), maxRadius: 0 };
      let maxRadius = 0;
      needs.forEach((n, i) => {
        const c = coordsOf(n);
        if (c === undefined) return void index.loose.push(i);
        const key = `${Math.floor(c.lat)}:${Math.floor(c.lon)}`;
        index.cells.set(key, [...(index.cells.get(key) ?? []), i]);
        if (n.location?.type === "in_person")
          maxRadius = Math.max(maxRadius, n.location.radius_km ?? 0);
      });
      return { ...index, maxRadius };
    },
    query(index, slot) {
      const c = coordsOf(slot);
      const out = new Set<number>(index.loose);
      if (c === undefined) index.cells.forEach((is) => is.forEach((i) => out.add(i)));
      else {
        const r =
          (slot.location?.type === "in_person" ? (slot.location.radius_km ?? 0) : 0) +
          index.maxRadius;
        const dLat = Math.ceil(r / 111) + 1;
        const cos = Math.cos((Math.min(89, Math.abs(c.lat) + dLat) * Math.PI) / 180);
        const dLon = Math.min(360, Math.ceil(r / (111 * Math.max(cos, 1e-6))) + 1);
        for (let la = Math.floor(c.lat) - dLat; la <= Math.floor(c.lat) + dLat; la++)
          for (let lo = Math.floor(c.lon) - dLon; lo <= Math.floor(c.lon) + dLon; lo++)
            for (const i of index.cells.get(`${la}:${lo}`) ?? []) out.add(i);
      }
      return [...out].filter((i) => compatible(slot, index.needs[i] as Slot)).sort((a, b) => a - b);
    },
  },
});
