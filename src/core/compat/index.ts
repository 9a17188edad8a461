import { CoreError } from "../errors.js";
import type { Slot } from "../schemas/slots.js";
import { compatiblePrepared, prepareSlot, type PreparedSlot } from "./compatible.js";
import { EARTH_RADIUS_KM, LOC_IN_PERSON, LOC_REMOTE, LOC_UNKNOWN } from "./location.js";

/*
 * Bucketed index of need slots. A query returns exactly the needs that compatible() accepts
 * against the query slot: the buckets only produce a candidate SUPERSET, every candidate is then
 * checked with compatiblePrepared (the pairwise rule itself), the survivors are sorted into input
 * order and deduplicated. Buckets can therefore only cost speed, never correctness.
 *
 * Layout (each need is stored in exactly one place per query path):
 *   location partition
 *     - unknown location                     → scanned by every query (rule 1)
 *     - remote                               → scanned by remote and unknown-location queries
 *     - in_person without coordinates        → by country (or none) → by normalized city (or none)
 *     - in_person with coordinates, twice:
 *         · by country → city (for queries WITHOUT coordinates: rules b–d apply)
 *         · a 3-D grid over unit vectors (for queries WITH coordinates: rule a, distance only);
 *           needs whose radius exceeds the cell size go to a "wide" list of the grid
 *   time, inside every location bucket
 *     - bounded windows spanning ≤ maxBucketDays UTC days → bucket of the UTC day of `start`
 *     - unbounded or longer windows → "wide" list, scanned by every query reaching the bucket
 */

const DAY_MS = 86_400_000;
/** Extra km of reach for grid queries, far above the floating-point error of haversineKm. */
const GRID_SLACK_KM = 1;

export interface SlotIndexOptions {
  /** Needs whose window spans more than this many days go to the wide list. Default 7. */
  readonly maxBucketDays?: number;
  /** Edge of a spatial grid cell in km (≥ 1). Needs with a larger radius go to the wide list. Default 100. */
  readonly cellKm?: number;
}

/** Needs of one location bucket, indexed by the UTC day of their window start. */
class TimeBuckets {
  private readonly days = new Map<number, number[]>();
  private readonly wide: number[] = [];
  /** Max over bucketed needs of ceil(span / day): how far back a query must look. */
  private lookbackDays = 0;

  constructor(private readonly maxSpanMs: number) {}

  add(i: number, p: PreparedSlot): void {
    const span = p.endMs - p.startMs; // +∞ when either side is unbounded
    if (!(span <= this.maxSpanMs)) {
      this.wide.push(i);
      return;
    }
    const day = Math.floor(p.startMs / DAY_MS);
    const bucket = this.days.get(day);
    if (bucket === undefined) this.days.set(day, [i]);
    else bucket.push(i);
    this.lookbackDays = Math.max(this.lookbackDays, Math.ceil(span / DAY_MS));
  }

  /**
   * Pushes a superset of the needs whose window overlaps q's. A bucketed need n overlaps q only if
   * startN < endQ (so day(startN) ≤ ceil(endQ/day) − 1) and startQ < endN ≤ startN + lookback·day
   * (so day(startN) ≥ floor(startQ/day) − lookback); one more day each side absorbs rounding.
   */
  collect(q: PreparedSlot, out: number[]): void {
    for (const i of this.wide) out.push(i);
    if (this.days.size === 0) return;
    const lo = Math.floor(q.startMs / DAY_MS) - this.lookbackDays - 1; // −∞ when unbounded
    const hi = Math.ceil(q.endMs / DAY_MS); // +∞ when unbounded
    if (hi - lo + 1 <= this.days.size) {
      for (let d = lo; d <= hi; d++) {
        const bucket = this.days.get(d);
        if (bucket !== undefined) for (const i of bucket) out.push(i);
      }
    } else {
      for (const [d, bucket] of this.days) {
        if (d >= lo && d <= hi) for (const i of bucket) out.push(i);
      }
    }
  }
}

/** In_person needs of one country (or of no country), by normalized city. */
class CityBuckets {
  readonly byCity = new Map<string, TimeBuckets>();
  readonly noCity: TimeBuckets;
  constructor(private readonly maxSpanMs: number) {
    this.noCity = new TimeBuckets(maxSpanMs);
  }
  add(i: number, p: PreparedSlot): void {
    const city = p.city;
    if (city === undefined) {
      this.noCity.add(i, p);
      return;
    }
    let t = this.byCity.get(city);
    if (t === undefined) {
      t = new TimeBuckets(this.maxSpanMs);
      this.byCity.set(city, t);
    }
    t.add(i, p);
  }
  /** Rule c: a query city only meets needs of the same normalized city or of no city. */
  collect(q: PreparedSlot, out: number[]): void {
    this.noCity.collect(q, out);
    const city = q.city;
    if (city !== undefined) {
      this.byCity.get(city)?.collect(q, out);
    } else {
      for (const t of this.byCity.values()) t.collect(q, out);
    }
  }
}

/** In_person needs by country (or none), compared with rules b–d. */
class PlaceBuckets {
  private readonly byCountry = new Map<string, CityBuckets>();
  private readonly noCountry: CityBuckets;
  constructor(private readonly maxSpanMs: number) {
    this.noCountry = new CityBuckets(maxSpanMs);
  }
  add(i: number, p: PreparedSlot): void {
    const country = p.country;
    if (country === undefined) {
      this.noCountry.add(i, p);
      return;
    }
    let c = this.byCountry.get(country);
    if (c === undefined) {
      c = new CityBuckets(this.maxSpanMs);
      this.byCountry.set(country, c);
    }
    c.add(i, p);
  }
  /** Rule b: a query country only meets needs of the same country or of no country. */
  collect(q: PreparedSlot, out: number[]): void {
    this.noCountry.collect(q, out);
    const country = q.country;
    if (country !== undefined) {
      this.byCountry.get(country)?.collect(q, out);
    } else {
      for (const c of this.byCountry.values()) c.collect(q, out);
    }
  }
}

interface Cell {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly buckets: TimeBuckets;
}

/**
 * In_person needs with coordinates, for queries with coordinates (rule a). Points are placed on
 * the unit sphere as 3-D vectors and the cube around them is cut into cells of edge
 * cellKm / EARTH_RADIUS_KM. If haversine(q, n) ≤ reach then the chord |u_q − u_n| ≤
 * 2·sin(reach / 2R), so every coordinate of u_n lies within that chord of u_q's: the query visits
 * all cells of that axis-aligned cube. No special case at the poles or the antimeridian.
 */
class CoordGrid {
  private readonly cells = new Map<number, Cell>();
  private readonly wide: TimeBuckets;
  private maxGridRadiusKm = 0;
  private readonly edge: number;
  private readonly offset: number;
  private readonly side: number;

  constructor(
    private readonly cellKm: number,
    private readonly maxSpanMs: number,
  ) {
    this.wide = new TimeBuckets(maxSpanMs);
    this.edge = cellKm / EARTH_RADIUS_KM;
    this.offset = Math.ceil(1 / this.edge) + 2;
    this.side = 2 * this.offset + 1;
  }

  private key(x: number, y: number, z: number): number {
    return ((x + this.offset) * this.side + (y + this.offset)) * this.side + (z + this.offset);
  }

  add(i: number, p: PreparedSlot): void {
    if (!(p.radiusKm <= this.cellKm)) {
      this.wide.add(i, p);
      return;
    }
    this.maxGridRadiusKm = Math.max(this.maxGridRadiusKm, p.radiusKm);
    const x = Math.floor((p.cosLat * Math.cos(p.lonRad)) / this.edge);
    const y = Math.floor((p.cosLat * Math.sin(p.lonRad)) / this.edge);
    const z = Math.floor(Math.sin(p.latRad) / this.edge);
    const k = this.key(x, y, z);
    let cell = this.cells.get(k);
    if (cell === undefined) {
      cell = { x, y, z, buckets: new TimeBuckets(this.maxSpanMs) };
      this.cells.set(k, cell);
    }
    cell.buckets.add(i, p);
  }

  collect(q: PreparedSlot, out: number[]): void {
    this.wide.collect(q, out);
    if (this.cells.size === 0) return;
    const reachKm = q.radiusKm + this.maxGridRadiusKm + GRID_SLACK_KM;
    const chord =
      reachKm >= Math.PI * EARTH_RADIUS_KM ? 2 : 2 * Math.sin(reachKm / (2 * EARTH_RADIUS_KM));
    const ux = q.cosLat * Math.cos(q.lonRad);
    const uy = q.cosLat * Math.sin(q.lonRad);
    const uz = Math.sin(q.latRad);
    // Clamped to the cells that can exist (|u| ≤ 1), so that keys never alias.
    const lo = (v: number): number => Math.max(-this.offset, Math.floor((v - chord) / this.edge));
    const hi = (v: number): number => Math.min(this.offset, Math.floor((v + chord) / this.edge));
    const x0 = lo(ux);
    const x1 = hi(ux);
    const y0 = lo(uy);
    const y1 = hi(uy);
    const z0 = lo(uz);
    const z1 = hi(uz);
    const volume = (x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1);
    if (volume <= this.cells.size) {
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++)
          for (let z = z0; z <= z1; z++) this.cells.get(this.key(x, y, z))?.buckets.collect(q, out);
    } else {
      for (const c of this.cells.values()) {
        if (c.x >= x0 && c.x <= x1 && c.y >= y0 && c.y <= y1 && c.z >= z0 && c.z <= z1) {
          c.buckets.collect(q, out);
        }
      }
    }
  }
}

export interface SlotIndex<K> {
  /** Number of indexed needs. */
  readonly size: number;
  /** Keys of exactly the needs compatible with `slot`, each once, in input order. */
  query(slot: Slot): K[];
  /** Input positions of exactly the needs compatible with `slot`, ascending, each once. */
  queryIndices(slot: Slot | PreparedSlot): number[];
  /** Size of the candidate superset the buckets produce for `slot` before filtering (diagnostics). */
  countCandidates(slot: Slot | PreparedSlot): number;
}

function asPrepared(slot: Slot | PreparedSlot): PreparedSlot {
  return "slot" in slot ? slot : prepareSlot(slot);
}

/**
 * Builds a bucketed index over `needs`. Throws CoreError INVALID_INPUT on bad options or on a
 * window the slot schema rejects.
 */
export function createSlotIndex<K>(
  needs: ReadonlyArray<{ readonly key: K; readonly slot: Slot }>,
  options: SlotIndexOptions = {},
): SlotIndex<K> {
  const maxBucketDays = options.maxBucketDays ?? 7;
  const cellKm = options.cellKm ?? 100;
  if (!(maxBucketDays >= 0 && Number.isFinite(maxBucketDays))) {
    throw new CoreError("INVALID_INPUT", "maxBucketDays must be a finite number ≥ 0", [
      "maxBucketDays",
    ]);
  }
  if (!(cellKm >= 1 && Number.isFinite(cellKm))) {
    throw new CoreError("INVALID_INPUT", "cellKm must be a finite number ≥ 1", ["cellKm"]);
  }
  const maxSpanMs = maxBucketDays * DAY_MS;
  const keys: K[] = [];
  const prepared: PreparedSlot[] = [];
  const unknown = new TimeBuckets(maxSpanMs);
  const remote = new TimeBuckets(maxSpanMs);
  const places = new PlaceBuckets(maxSpanMs); // in_person without coordinates
  const coordPlaces = new PlaceBuckets(maxSpanMs); // in_person with coordinates, by place
  const grid = new CoordGrid(cellKm, maxSpanMs); // in_person with coordinates, by position

  needs.forEach((n, i) => {
    const p = prepareSlot(n.slot);
    keys.push(n.key);
    prepared.push(p);
    if (p.kind === LOC_UNKNOWN) unknown.add(i, p);
    else if (p.kind === LOC_REMOTE) remote.add(i, p);
    else if (!p.hasCoords) places.add(i, p);
    else {
      coordPlaces.add(i, p);
      grid.add(i, p);
    }
  });

  function candidates(q: PreparedSlot): number[] {
    const out: number[] = [];
    unknown.collect(q, out);
    switch (q.kind) {
      case LOC_UNKNOWN:
        remote.collect(q, out);
        places.collect(q, out);
        coordPlaces.collect(q, out);
        break;
      case LOC_REMOTE:
        remote.collect(q, out);
        break;
      case LOC_IN_PERSON:
        places.collect(q, out);
        if (q.hasCoords) grid.collect(q, out);
        else coordPlaces.collect(q, out);
        break;
    }
    return out;
  }

  function queryIndices(slot: Slot | PreparedSlot): number[] {
    const q = asPrepared(slot);
    const cand = candidates(q);
    const hits = new Int32Array(cand.length);
    let n = 0;
    for (const i of cand) {
      if (compatiblePrepared(q, prepared[i] as PreparedSlot)) hits[n++] = i;
    }
    // Input order, each need once (the layout already yields no duplicate; this keeps it so).
    const sorted = hits.subarray(0, n).sort();
    const out: number[] = [];
    for (let r = 0; r < n; r++) {
      const v = sorted[r] as number;
      if (r === 0 || sorted[r - 1] !== v) out.push(v);
    }
    return out;
  }

  return {
    size: prepared.length,
    queryIndices,
    query: (slot) => queryIndices(slot).map((i) => keys[i] as K),
    countCandidates: (slot) => candidates(asPrepared(slot)).length,
  };
}

/** A compatible (availability, need) pair, as input positions. */
export type MatchPair = readonly [availIndex: number, needIndex: number];

/** All compatible (availability, need) pairs via the bucketed index, ordered by availIndex then needIndex. */
export function matchAll(
  availability: readonly Slot[],
  needs: readonly Slot[],
  options: SlotIndexOptions = {},
): MatchPair[] {
  const index = createSlotIndex(
    needs.map((slot, key) => ({ key, slot })),
    options,
  );
  const pairs: MatchPair[] = [];
  availability.forEach((a, ai) => {
    for (const ni of index.queryIndices(a)) pairs.push([ai, ni]);
  });
  return pairs;
}

/** All compatible pairs by brute force (every availability against every need); same order as matchAll. */
export function matchAllPairwise(
  availability: readonly Slot[],
  needs: readonly Slot[],
): MatchPair[] {
  const pa = availability.map(prepareSlot);
  const pn = needs.map(prepareSlot);
  const pairs: MatchPair[] = [];
  pa.forEach((a, ai) => {
    pn.forEach((n, ni) => {
      if (compatiblePrepared(a, n)) pairs.push([ai, ni]);
    });
  });
  return pairs;
}
