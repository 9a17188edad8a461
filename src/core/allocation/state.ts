/**
 * The allocation state of one provider in flat arrays: capacity slots in canonical order,
 * recipients in pubKey order, units in (recipient pubKey, need slot id) order, tiers and
 * saturation ranks, and for each slot the units it is compatible with (SPEC.md §5.1–§5.3).
 *
 * A state is never modified once built: `withRecipient` / `withoutRecipient` return a new state
 * that shares every array the change leaves as it was, so an older state stays valid (this is
 * what makes `AllocationSession` persistent). Internal to src/core/allocation.
 */
import { prepareSlot, type PreparedSlot } from "../compat/compatible.js";
import { preparedLocationCompatible } from "../compat/location.js";
import { cmpStr } from "../order.js";
import type { AllocationInput, AllocationRecipient } from "../schemas/allocation.js";
import type { AvailabilitySlot, NeedSlot } from "../schemas/slots.js";

/** The most bins of the slot time grid. */
const MAX_BINS = 4096;

/** The provider's capacity slots, fixed for the life of a state and the states derived from it. */
export interface SlotTable {
  readonly provider: string;
  /** Canonical order: window start (unbounded first), window end (unbounded last), id. */
  readonly prepared: readonly PreparedSlot[];
  readonly ids: readonly string[];
  readonly start: Float64Array;
  readonly end: Float64Array;
  /**
   * A time grid: bin b covers [origin + b·width, origin + (b+1)·width); bin b holds the slots
   * binSlots[binStart[b] … binStart[b + 1] − 1], every bounded slot whose window meets it.
   */
  readonly origin: number;
  readonly width: number;
  readonly bins: number;
  readonly binStart: Int32Array;
  readonly binSlots: Int32Array;
  /** Per slot: its first bin, −1 for a wide slot. */
  readonly firstBin: Int32Array;
  /** Slots in the grid, each once. */
  readonly binned: Int32Array;
  /** Slots checked against every need: unbounded windows, or spanning too many bins. */
  readonly wide: Int32Array;
  /**
   * Per slot: the first slot with the same window and location, whose compatible units it
   * shares (every rule input equal, so every answer equal). Only those first slots are matched.
   */
  readonly rep: Int32Array;
}

export interface AllocationState {
  readonly slots: SlotTable;
  /** Recipients in code-unit pubKey order. */
  readonly pubKeys: readonly string[];
  readonly mr: Float64Array;
  readonly share: Float64Array;
  readonly damping: Float64Array;
  /** Recipient r's units are unitStart[r] … unitStart[r + 1] − 1. */
  readonly unitStart: Int32Array;
  readonly unitRecipient: Int32Array;
  readonly unitQuantity: Float64Array;
  readonly unitNeedId: readonly string[];
  /** 1 mutual (MR > 0), 2 one-way (MR = 0, share > 0), 0 none. */
  readonly tier: Uint8Array;
  /** Renormalised recognition × damping: a unit's weight is coef × its remaining need. */
  readonly coef: Float64Array;
  /** Position in the tier's saturation order; −1 in tier 0. */
  readonly rank: Int32Array;
  /** Per tier (index 1 and 2): recipients by coef descending, then pubKey. */
  readonly order1: Int32Array;
  readonly order2: Int32Array;
  /**
   * Per slot: the units compatible with it that can receive anything (positive need, recipient
   * recognised), ascending. Σ lengths bounds the number of grants.
   */
  readonly candidates: readonly Int32Array[];
  readonly candidateCount: number;
}

/** The bin of instant x (clamped to the grid); monotone in x, so overlapping windows share a bin. */
function binOf(t: SlotTable, x: number): number {
  const b = Math.floor((x - t.origin) / t.width);
  return b < 0 ? 0 : b >= t.bins ? t.bins - 1 : b;
}

export function buildSlotTable(provider: string, capacity: readonly AvailabilitySlot[]): SlotTable {
  const prepared = capacity
    .map(prepareSlot)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || cmpStr(a.slot.id, b.slot.id));
  const S = prepared.length;
  const start = Float64Array.from(prepared, (p) => p.startMs);
  const end = Float64Array.from(prepared, (p) => p.endMs);
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < S; s++) {
    if ((end[s] as number) - (start[s] as number) < Infinity) {
      lo = Math.min(lo, start[s] as number);
      hi = Math.max(hi, end[s] as number);
    }
  }
  const bins = lo < hi ? Math.min(MAX_BINS, 2 * S) : 0;
  const rep = new Int32Array(S);
  const bySignature = new Map<string, number>();
  prepared.forEach((p, s) => {
    const key = JSON.stringify([
      p.startMs,
      p.endMs,
      p.kind,
      p.country,
      p.city,
      p.hasCoords,
      p.latRad,
      p.lonRad,
      p.radiusKm,
    ]);
    const first = bySignature.get(key);
    if (first === undefined) bySignature.set(key, s);
    rep[s] = first ?? s;
  });
  const table = {
    provider,
    prepared,
    ids: Object.freeze(prepared.map((p) => p.slot.id)),
    start,
    end,
    origin: lo,
    width: bins > 0 ? (hi - lo) / bins : 1,
    bins,
    binStart: new Int32Array(bins + 1),
    binSlots: new Int32Array(0),
    firstBin: new Int32Array(S).fill(-1),
    binned: new Int32Array(0),
    wide: new Int32Array(0),
    rep,
  };
  const maxSpanBins = Math.max(4, Math.ceil(bins / 8));
  const wide: number[] = [];
  const binned: number[] = [];
  const lastBin = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    if (rep[s] !== s) continue;
    const a = start[s] as number;
    const b = end[s] as number;
    if (bins === 0 || !(b - a < Infinity)) {
      wide.push(s);
      continue;
    }
    const f = binOf(table, a);
    const l = binOf(table, b);
    if (l - f + 1 > maxSpanBins) {
      wide.push(s);
      continue;
    }
    table.firstBin[s] = f;
    lastBin[s] = l;
    binned.push(s);
    for (let k = f; k <= l; k++) table.binStart[k + 1] = (table.binStart[k + 1] as number) + 1;
  }
  for (let k = 0; k < bins; k++)
    table.binStart[k + 1] = (table.binStart[k + 1] as number) + (table.binStart[k] as number);
  const fillAt = table.binStart.slice(0, bins);
  const binSlots = new Int32Array(bins > 0 ? (table.binStart[bins] as number) : 0);
  for (const s of binned) {
    for (let k = table.firstBin[s] as number; k <= (lastBin[s] as number); k++) {
      binSlots[fillAt[k] as number] = s;
      fillAt[k] = (fillAt[k] as number) + 1;
    }
  }
  return {
    ...table,
    binSlots,
    binned: Int32Array.from(binned),
    wide: Int32Array.from(wide),
  };
}

/** compatiblePrepared(slot s, n) with the slot's window from the table's arrays. */
function fits(t: SlotTable, s: number, n: PreparedSlot): boolean {
  return (
    (t.start[s] as number) < n.endMs &&
    n.startMs < (t.end[s] as number) &&
    preparedLocationCompatible(t.prepared[s] as PreparedSlot, n)
  );
}

/** A growable list of slot positions. */
class SlotBuffer {
  data = new Int32Array(64);
  length = 0;
  push(s: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = s;
  }
}

/**
 * Appends to `out` every slot compatible with need slot `n` (SPEC.md §4, decided by the
 * pairwise rule; the grid only skips slots whose window cannot meet n's), in no fixed order.
 */
function matchNeed(t: SlotTable, n: PreparedSlot, out: SlotBuffer): void {
  const wide = t.wide;
  for (let k = 0; k < wide.length; k++) {
    const s = wide[k] as number;
    if (fits(t, s, n)) out.push(s);
  }
  if (t.bins === 0 || !(n.startMs < t.origin + t.bins * t.width) || !(n.endMs > t.origin)) return;
  const b0 = binOf(t, n.startMs);
  const b1 = binOf(t, n.endMs);
  if (b1 - b0 > 4) {
    const binned = t.binned;
    for (let k = 0; k < binned.length; k++) {
      const s = binned[k] as number;
      if (fits(t, s, n)) out.push(s);
    }
    return;
  }
  const { binStart, binSlots, firstBin } = t;
  for (let b = b0; b <= b1; b++) {
    for (let k = binStart[b] as number; k < (binStart[b + 1] as number); k++) {
      const s = binSlots[k] as number;
      // A slot in several of these bins is checked once, in the first of them.
      if (b === Math.max(b0, firstBin[s] as number) && fits(t, s, n)) out.push(s);
    }
  }
}

/** The first position k with a[k] ≥ v (a ascending). */
function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortedNeeds(needs: readonly NeedSlot[]): readonly NeedSlot[] {
  for (let k = 1; k < needs.length; k++) {
    if (cmpStr((needs[k - 1] as NeedSlot).id, (needs[k] as NeedSlot).id) > 0)
      return [...needs].sort((a, b) => cmpStr(a.id, b.id));
  }
  return needs;
}

/**
 * Slot tables by capacity_slots array, reused while every slot still prepares to the same
 * object (prepareSlot's own check that none of the fields the rule reads has changed).
 */
const tableCache = new WeakMap<
  readonly AvailabilitySlot[],
  {
    readonly provider: string;
    readonly ids: readonly string[];
    readonly prepared: readonly PreparedSlot[];
    readonly table: SlotTable;
  }
>();

function slotTableFor(provider: string, capacity: readonly AvailabilitySlot[]): SlotTable {
  const hit = tableCache.get(capacity);
  if (
    hit !== undefined &&
    hit.provider === provider &&
    hit.prepared.length === capacity.length &&
    capacity.every((c, k) => c.id === hit.ids[k] && prepareSlot(c) === hit.prepared[k])
  )
    return hit.table;
  const table = buildSlotTable(provider, capacity);
  tableCache.set(capacity, {
    provider,
    ids: capacity.map((c) => c.id),
    prepared: capacity.map(prepareSlot),
    table,
  });
  return table;
}

/**
 * One recipient's need slots sorted by id, with the capacity slots each is compatible with
 * (sorted need k: matches[matchStart[k] … matchStart[k + 1] − 1]). Kept by need_slots array
 * and reused while the slot table is the same and every need slot has the same values in every
 * field the order and the rule read (`source`, SOURCE_FIELDS per need slot, in array order).
 */
interface NeedsEntry {
  readonly table: SlotTable;
  readonly source: readonly unknown[];
  readonly sorted: readonly NeedSlot[];
  readonly matchStart: Int32Array;
  readonly matches: Int32Array;
}

const SOURCE_FIELDS = 13;
const needsCache = new WeakMap<readonly NeedSlot[], NeedsEntry>();

function pushSource(out: unknown[], n: NeedSlot): void {
  const w = n.window;
  const l = n.location;
  const p = l !== undefined && l.type === "in_person" ? l : undefined;
  const c = p?.coordinates;
  out.push(
    n,
    n.id,
    w,
    w?.start,
    w?.end,
    l,
    l?.type,
    p?.country,
    p?.city,
    c,
    c?.lat,
    c?.lon,
    p?.radius_km,
  );
}

function sameSource(src: readonly unknown[], needs: readonly NeedSlot[]): boolean {
  if (src.length !== needs.length * SOURCE_FIELDS) return false;
  for (let k = 0, o = 0; k < needs.length; k++, o += SOURCE_FIELDS) {
    const n = needs[k] as NeedSlot;
    const w = n.window;
    const l = n.location;
    if (
      src[o] !== n ||
      src[o + 1] !== n.id ||
      src[o + 2] !== w ||
      src[o + 3] !== w?.start ||
      src[o + 4] !== w?.end ||
      src[o + 5] !== l ||
      src[o + 6] !== l?.type
    )
      return false;
    if (l !== undefined && l.type === "in_person") {
      const c = l.coordinates;
      if (
        src[o + 7] !== l.country ||
        src[o + 8] !== l.city ||
        src[o + 9] !== c ||
        src[o + 10] !== c?.lat ||
        src[o + 11] !== c?.lon ||
        src[o + 12] !== l.radius_km
      )
        return false;
    }
  }
  return true;
}

function needsFor(table: SlotTable, needs: readonly NeedSlot[]): NeedsEntry {
  const hit = needsCache.get(needs);
  if (hit !== undefined && hit.table === table && sameSource(hit.source, needs)) return hitOf(hit);
  const source: unknown[] = [];
  for (const n of needs) pushSource(source, n);
  const sorted = sortedNeeds(needs);
  const buf = new SlotBuffer();
  const matchStart = new Int32Array(sorted.length + 1);
  sorted.forEach((n, k) => {
    matchNeed(table, prepareSlot(n), buf);
    matchStart[k + 1] = buf.length;
  });
  const entry = { table, source, sorted, matchStart, matches: buf.data.slice(0, buf.length) };
  needsCache.set(needs, missOf(entry));
  return entry;
}

interface Tiers {
  readonly tier: Uint8Array;
  readonly coef: Float64Array;
  readonly rank: Int32Array;
  readonly order1: Int32Array;
  readonly order2: Int32Array;
}

/**
 * Tiers, coefficients and saturation orders (SPEC.md §3, §5.3). Sums run in pubKey order.
 * `hint` lists recipients in an order close to the result (the previous state's order); the
 * result is sorted in full either way, the hint only makes that sort nearly linear.
 */
function computeTiers(
  mr: Float64Array,
  share: Float64Array,
  damping: Float64Array,
  hint?: { readonly order1: ArrayLike<number>; readonly order2: ArrayLike<number> },
): Tiers {
  const R = mr.length;
  let mrSum = 0;
  let shareSum = 0;
  for (let r = 0; r < R; r++) {
    const m = mr[r] as number;
    if (m > 0) mrSum += m;
    else if ((share[r] as number) > 0) shareSum += share[r] as number;
  }
  const tier = new Uint8Array(R);
  const coef = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const m = mr[r] as number;
    const t = m > 0 ? 1 : (share[r] as number) > 0 ? 2 : 0;
    tier[r] = t;
    const renorm = t === 1 ? m / mrSum : t === 2 ? (share[r] as number) / shareSum : 0;
    coef[r] = renorm * (damping[r] as number);
  }
  const cmp = (a: number, b: number): number => (coef[b] as number) - (coef[a] as number) || a - b;
  const orders: number[][] = [[], [], []];
  if (hint === undefined) {
    for (let r = 0; r < R; r++) if (tier[r] !== 0) (orders[tier[r] as number] as number[]).push(r);
  } else {
    const seen = new Uint8Array(R);
    for (const [t, from] of [
      [1, hint.order1],
      [2, hint.order2],
    ] as const) {
      for (let k = 0; k < from.length; k++) {
        const r = from[k] as number;
        if (r >= 0 && r < R && tier[r] === t && seen[r] === 0) {
          seen[r] = 1;
          (orders[t] as number[]).push(r);
        }
      }
    }
    for (let r = 0; r < R; r++)
      if (tier[r] !== 0 && seen[r] === 0) (orders[tier[r] as number] as number[]).push(r);
  }
  const rank = new Int32Array(R).fill(-1);
  const out: Int32Array[] = [];
  for (const t of [1, 2]) {
    const o = (orders[t] as number[]).sort(counted(cmp));
    for (let k = 0; k < o.length; k++) rank[o[k] as number] = k;
    out[t] = Int32Array.from(o);
  }
  return { tier, coef, rank, order1: out[1] as Int32Array, order2: out[2] as Int32Array };
}

/** Builds the state of a validated allocation input. */
export function buildState(input: AllocationInput): AllocationState {
  const slots = slotTableFor(input.provider.pubKey, input.provider.capacity_slots);
  const S = slots.ids.length;
  const recs = input.recipients;
  const R = recs.length;
  // order[r] = the input index of the recipient at pubKey position r.
  const order: number[] = Array.from({ length: R }, (_, k) => k);
  for (let k = 1; k < R; k++) {
    if (
      cmpStr((recs[k - 1] as AllocationRecipient).pubKey, (recs[k] as AllocationRecipient).pubKey) >
      0
    ) {
      order.sort((a, b) =>
        cmpStr((recs[a] as AllocationRecipient).pubKey, (recs[b] as AllocationRecipient).pubKey),
      );
      break;
    }
  }
  const pos = new Int32Array(R);
  const unitStart = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) {
    const k = order[r] as number;
    pos[k] = r;
    unitStart[r + 1] =
      (unitStart[r] as number) + (recs[k] as AllocationRecipient).need_slots.length;
  }
  const U = unitStart[R] as number;
  const pubKeys = new Array<string>(R).fill("");
  const mr = new Float64Array(R);
  const share = new Float64Array(R);
  const damping = new Float64Array(R);
  const unitRecipient = new Int32Array(U);
  const unitQuantity = new Float64Array(U);
  const unitNeedId = new Array<string>(U).fill("");
  // Compatible slots per unit, found in input order (the order the need slots lie in memory):
  // unit u's are matched.data[matchStart[u] … matchStart[u] + matchCount[u] − 1].
  const matched = new SlotBuffer();
  const matchStart = new Int32Array(U);
  const matchCount = new Int32Array(U);
  const perSlot = new Int32Array(S);
  for (let k = 0; k < R; k++) {
    const rec = recs[k] as AllocationRecipient;
    const r = pos[k] as number;
    pubKeys[r] = rec.pubKey;
    mr[r] = rec.mr;
    share[r] = rec.share;
    damping[r] = rec.damping_factor;
    const entry = needsFor(slots, rec.need_slots);
    const own = entry.sorted;
    const eligible = rec.mr > 0 || rec.share > 0; // tier ≠ 0 (SPEC.md §3)
    let u = unitStart[r] as number;
    for (let j = 0; j < own.length; j++, u++) {
      const n = own[j] as NeedSlot;
      unitRecipient[u] = r;
      unitQuantity[u] = n.quantity;
      unitNeedId[u] = n.id;
      if (!eligible || !(n.quantity > 0)) continue;
      const from = matched.length;
      for (let m = entry.matchStart[j] as number; m < (entry.matchStart[j + 1] as number); m++) {
        const s = entry.matches[m] as number;
        matched.push(s);
        perSlot[s] = (perSlot[s] as number) + 1;
      }
      matchStart[u] = from;
      matchCount[u] = matched.length - from;
    }
  }
  // Per slot, its units in ascending order: (recipient pubKey, need slot id).
  const rep = slots.rep;
  const candidates: Int32Array[] = [];
  let candidateCount = 0;
  for (let s = 0; s < S; s++) {
    const c =
      rep[s] === s
        ? new Int32Array(perSlot[s] as number)
        : (candidates[rep[s] as number] as Int32Array);
    candidates.push(c);
    candidateCount += c.length;
  }
  const fill = new Int32Array(S);
  for (let u = 0; u < U; u++) {
    const end = (matchStart[u] as number) + (matchCount[u] as number);
    for (let m = matchStart[u] as number; m < end; m++) {
      const s = matched.data[m] as number;
      (candidates[s] as Int32Array)[fill[s] as number] = u;
      fill[s] = (fill[s] as number) + 1;
    }
  }
  return {
    slots,
    pubKeys: Object.freeze(pubKeys),
    mr,
    share,
    damping,
    unitStart,
    unitRecipient,
    unitQuantity,
    unitNeedId: Object.freeze(unitNeedId),
    ...computeTiers(mr, share, damping),
    candidates,
    candidateCount,
  };
}

/** Position of `pubKey` in the state's recipients, or −(insertion point) − 1. */
function findRecipient(pubKeys: readonly string[], pubKey: string): number {
  let lo = 0;
  let hi = pubKeys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmpStr(pubKeys[mid] as string, pubKey);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -lo - 1;
}

/**
 * The state with one recipient replaced, added (`rec` with a new pubKey) or removed
 * (`rec` undefined). Equal, array for array, to `buildState` of the changed input.
 */
function patch(
  st: AllocationState,
  pubKey: string,
  rec: AllocationRecipient | undefined,
): AllocationState {
  const found = findRecipient(st.pubKeys, pubKey);
  if (found < 0 && rec === undefined) return st;
  const i = found >= 0 ? found : -found - 1;
  const R0 = st.pubKeys.length;
  const removed = found >= 0 ? 1 : 0; // recipients of the old state replaced at i
  const added = rec === undefined ? 0 : 1;
  const R = R0 - removed + added;
  const dr = added - removed;

  // Recipient columns.
  const splice = <T extends Float64Array>(a: T, v: number): T => {
    const out = new (a.constructor as new (n: number) => T)(R);
    out.set(a.subarray(0, i));
    if (added === 1) out[i] = v;
    out.set(a.subarray(i + removed), i + added);
    return out;
  };
  const pubKeys = Array.from(st.pubKeys);
  if (rec === undefined) pubKeys.splice(i, removed);
  else pubKeys.splice(i, removed, rec.pubKey);
  const mr = splice(st.mr, rec?.mr ?? 0);
  const share = splice(st.share, rec?.share ?? 0);
  const damping = splice(st.damping, rec?.damping_factor ?? 0);
  const own = rec === undefined ? [] : sortedNeeds(rec.need_slots);

  // Units: the recipient's old units [u0, u0 + k0) become its new ones [u0, u0 + k1).
  const u0 = st.unitStart[i] as number;
  const k0 = removed === 1 ? (st.unitStart[i + 1] as number) - u0 : 0;
  const k1 = own.length;
  const du = k1 - k0;
  const U0 = st.unitRecipient.length;
  const U = U0 + du;
  const unitStart = new Int32Array(R + 1);
  unitStart.set(st.unitStart.subarray(0, i + 1));
  for (let r = i + added; r <= R; r++) unitStart[r] = (st.unitStart[r - dr] as number) + du;
  const unitRecipient = new Int32Array(U);
  unitRecipient.set(st.unitRecipient.subarray(0, u0));
  for (let u = u0; u < u0 + k1; u++) unitRecipient[u] = i;
  if (dr === 0) unitRecipient.set(st.unitRecipient.subarray(u0 + k0), u0 + k1);
  else
    for (let u = u0 + k1; u < U; u++) unitRecipient[u] = (st.unitRecipient[u - du] as number) + dr;
  const unitQuantity = new Float64Array(U);
  unitQuantity.set(st.unitQuantity.subarray(0, u0));
  own.forEach((n, k) => {
    unitQuantity[u0 + k] = n.quantity;
  });
  unitQuantity.set(st.unitQuantity.subarray(u0 + k0), u0 + k1);
  // Array.from: slice() of a frozen array takes V8's slow path.
  const unitNeedId = Array.from(st.unitNeedId);
  unitNeedId.splice(u0, k0, ...own.map((n) => n.id));

  // Tiers: only the changed recipient's own values differ, but the tier sums (so every coef) may.
  const shift = (o: Int32Array): Int32Array => {
    if (dr === 0) return o;
    const out = new Int32Array(o.length);
    for (let k = 0; k < o.length; k++) {
      const r = o[k] as number;
      out[k] = r < i ? r : r === i && removed === 1 ? -1 : r + dr;
    }
    return out;
  };
  const tiers = computeTiers(mr, share, damping, {
    order1: shift(st.order1),
    order2: shift(st.order2),
  });

  // Candidates: the recipient's entries are replaced, later units move by du.
  const mine: number[][] = st.slots.ids.map(() => []);
  if (rec !== undefined && tiers.tier[i] !== 0) {
    const buf = new SlotBuffer();
    own.forEach((n, k) => {
      if (!(n.quantity > 0)) return;
      buf.length = 0;
      matchNeed(st.slots, prepareSlot(n), buf);
      for (let m = 0; m < buf.length; m++) (mine[buf.data[m] as number] as number[]).push(u0 + k);
    });
  }
  let candidateCount = 0;
  const rep = st.slots.rep;
  const candidates: Int32Array[] = [];
  st.candidates.forEach((old, s) => {
    candidates.push(next(old, s));
    candidateCount += (candidates[s] as Int32Array).length;
  });
  function next(old: Int32Array, s: number): Int32Array {
    if (rep[s] !== s) return candidates[rep[s] as number] as Int32Array;
    const add = mine[s] as number[];
    // First old entry at or after the recipient's units, and first after them.
    const a = lowerBound(old, u0);
    const b = k0 === 0 ? a : lowerBound(old, u0 + k0);
    if (add.length === 0 && a === b && (du === 0 || b === old.length)) return old;
    const out = new Int32Array(old.length - (b - a) + add.length);
    out.set(old.subarray(0, a));
    out.set(add, a);
    let w = a + add.length;
    for (let k = b; k < old.length; k++) out[w++] = (old[k] as number) + du;
    return out;
  }
  return {
    slots: st.slots,
    pubKeys: Object.freeze(pubKeys),
    mr,
    share,
    damping,
    unitStart,
    unitRecipient,
    unitQuantity,
    unitNeedId: Object.freeze(unitNeedId),
    ...tiers,
    candidates,
    candidateCount,
  };
}

/** The state with `rec` in place of the recipient of the same pubKey, or added. */
export function withRecipient(st: AllocationState, rec: AllocationRecipient): AllocationState {
  return patch(st, rec.pubKey, rec);
}

/** The state without the recipient `pubKey` (the same state when there is none). */
export function withoutRecipient(st: AllocationState, pubKey: string): AllocationState {
  return patch(st, pubKey, undefined);
}

/**
 * How often a kept need match was reused (`hits`) or computed (`misses`) since the module was
 * loaded, one count per recipient's need_slots array looked up. Diagnostics only (tests read
 * it to see that the cache is used); results never depend on it.
 */
export const needsCacheStats = { hits: 0, misses: 0 };

function hitOf(e: NeedsEntry): NeedsEntry {
  needsCacheStats.hits++;
  return e;
}

function missOf(e: NeedsEntry): NeedsEntry {
  needsCacheStats.misses++;
  return e;
}

/**
 * Comparisons made by the saturation-order sorts of `computeTiers` since the module was loaded.
 * Diagnostics only (tests read it to see that a session's hint keeps the sort nearly linear);
 * results never depend on it.
 */
export const tierSortStats = { comparisons: 0 };

function counted(cmp: (a: number, b: number) => number): (a: number, b: number) => number {
  return (a, b) => {
    tierSortStats.comparisons++;
    return cmp(a, b);
  };
}
