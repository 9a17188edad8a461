/**
 * ------------------------------- MODULE Router -------------------------------
 * The message router of seed 004: a bounded broadcast channel per lane (tokio broadcast: when
 * a lane is full, a new message overwrites the oldest, and the receiver "lags"), duplicate
 * detection for inventory announcements with an LRU cache whose entries expire after a TTL
 * (seed 004 Scenario A, should_drop_inv: drop when the item was seen less than TTL ago), and
 * priority lanes (Scenario B, segmented fanout: control events in their own lane, served
 * first). Time is logical: Tick ages every cache entry by one.
 *
 * Data messages announce one of Items inventory items ("a", "b", …), from any peer
 * (duplicates are the point). A control message (Ping/Connected) is emitted when none is
 * outstanding.
 *
 * CONSTANTS  Items, Lanes (single | split), LaneCapacity, ControlCapacity, CacheSize, TTL,
 *            Refresh ∈ BOOLEAN (does a dropped duplicate refresh its cache entry?)  (config)
 * VARIABLES
 *   lanes       \* one queue per lane (index 0 = control lane when split); messages "ctl", "a", "b"
 *   cache       \* dedup LRU: <<[item, age]>>, least recently used first, at most CacheSize
 *   fwdAge      \* history: per item, ticks since it was last forwarded (TTL = not within TTL / never)
 *   ctlPending  \* history: a control message was emitted and not yet consumed
 *   last        \* history: what the last Receive did (for the action property); not fingerprinted
 *
 * The item is "a duplicate" exactly when it was forwarded less than TTL ticks ago (fwdAge < TTL):
 * that is what should_drop_inv is meant to detect.
 * =============================================================================
 */
import {
  bool,
  history,
  nat,
  oneOf,
  record,
  seq,
  tuple,
  type Layout,
} from "../src/engine/checker/layout.js";
import type {
  Action,
  ActionProperty,
  Invariant,
  LivenessProperty,
  Model,
  PackedPredicate,
} from "../src/engine/checker/model.js";
import {
  codeOf,
  copyCodes,
  moveCodes,
  type PackedCodec,
  type PackedNext,
} from "../src/engine/checker/packed.js";

/** Names of the inventory items, of which a configuration uses the first `items`. */
export const ITEM_NAMES = ["a", "b", "c", "d"] as const;
/** A message in a lane: "ctl" (control) or an item name (data). */
export type Msg = string;

export interface CacheEntry {
  readonly item: string;
  readonly age: number;
}

export interface RouterState {
  readonly lanes: readonly (readonly Msg[])[];
  readonly cache: readonly CacheEntry[];
  readonly fwdAge: Readonly<Record<string, number>>;
  readonly ctlPending: boolean;
  readonly last: string;
}

/**
 * A configuration (validated by `routerConfigSchema` in models/config/Router.ts, which holds the
 * bounds: kept apart so that a worker thread of the parallel search loads this model without
 * zod).
 */
export interface RouterConfig {
  /** How many distinct inventory items peers announce (a, b, …). */
  items: number;
  /** `split`: a control lane and a data lane, control served first; `single`: one shared lane. */
  lanes: "single" | "split";
  /** Capacity of the data lane (or of the single lane). */
  laneCapacity: number;
  /** Capacity of the control lane (split only). */
  controlCapacity: number;
  cacheSize: number;
  ttl: number;
  /** Whether a dropped duplicate refreshes its cache entry (age back to 0). */
  refreshOnDrop: boolean;
}

export const routerConfig: RouterConfig = {
  items: 2,
  lanes: "split",
  laneCapacity: 2,
  controlCapacity: 1,
  cacheSize: 1,
  ttl: 2,
  refreshOnDrop: false,
};

// ---- helpers ------------------------------------------------------------------------------

const controlLane = 0;
/** The first n item names, for each n (built once: actions run for every state). */
const ITEMS_BY_COUNT: readonly (readonly string[])[] = ITEM_NAMES.map((_, n) =>
  ITEM_NAMES.slice(0, n + 1),
);
const itemsOf = (c: RouterConfig): readonly string[] =>
  ITEMS_BY_COUNT[c.items - 1] ?? ITEM_NAMES.slice(0, c.items);
/** The values of `last`, built once per item. */
const DROP: Readonly<Record<string, string>> = Object.fromEntries(
  ITEM_NAMES.map((i) => [i, `drop ${i}`]),
);
const FORWARD: Readonly<Record<string, string>> = Object.fromEntries(
  ITEM_NAMES.map((i) => [i, `forward ${i}`]),
);
const dataLane = (c: RouterConfig) => (c.lanes === "split" ? 1 : 0);
const capacityOf = (c: RouterConfig, lane: number) =>
  c.lanes === "split" && lane === controlLane ? c.controlCapacity : c.laneCapacity;

/** Broadcast send: append; when full, the oldest message is overwritten (the receiver lags). */
function sendTo(s: RouterState, c: RouterConfig, lane: number, m: Msg): RouterState["lanes"] {
  return s.lanes.map((q, k) => {
    if (k !== lane) return q;
    const next = [...q, m];
    return next.length > capacityOf(c, lane) ? next.slice(1) : next;
  });
}

/** Seed 004 should_drop_inv: the item is in the cache with elapsed < TTL. */
function cachedFresh(s: RouterState, c: RouterConfig, item: string): boolean {
  return s.cache.some((e) => e.item === item && e.age < c.ttl);
}

/** The record with field `k` set to `v` (a copy; see ageAll). */
function withField(r: Readonly<Record<string, number>>, k: string, v: number) {
  const out: Record<string, number> = { ...r };
  out[k] = v;
  return out;
}

/** LRU insert/touch with age 0, evicting the least recently used entry beyond CacheSize. */
function touch(cache: readonly CacheEntry[], item: string, size: number): CacheEntry[] {
  const rest = cache.filter((e) => e.item !== item);
  const next = [...rest, { item, age: 0 }];
  return size === 0 ? [] : next.slice(Math.max(0, next.length - size));
}

/** Every item's fwdAge one tick older (at most TTL); the same record when none changes. */
function ageAll(r: Readonly<Record<string, number>>, c: RouterConfig) {
  const items = itemsOf(c);
  if (items.every((i) => r[i] === c.ttl)) return r;
  // A copy, then its own fields overwritten (stores to existing fields stay on V8's fast path).
  const out: Record<string, number> = { ...r };
  for (const i of items) out[i] = Math.min(c.ttl, (r[i] as number) + 1);
  return out;
}

// ---- TypeInvariant ------------------------------------------------------------------------

function typeOK(s: RouterState, c: RouterConfig): boolean {
  const laneCount = c.lanes === "split" ? 2 : 1;
  const items = itemsOf(c);
  return (
    s.lanes.length === laneCount &&
    s.lanes.every((q, k) => q.length <= capacityOf(c, k)) &&
    s.cache.length <= c.cacheSize &&
    s.cache.every((e) => e.age >= 0 && e.age < c.ttl) &&
    items.every((i) => {
      const age = s.fwdAge[i];
      return age !== undefined && age >= 0 && age <= c.ttl;
    }) &&
    s.lanes.every((q) => q.every((m) => m === "ctl" || items.includes(m)))
  );
}

/**
 * The state's layout (the checker's packed encoding): TypeInvariant's bounds as a shape. A lane
 * holds at most its capacity of messages, a cache entry's age is below TTL, fwdAge is at most
 * TTL; `last` is history (left out of the view).
 */
function layout(c: RouterConfig): Layout {
  const items = itemsOf(c);
  const msg = oneOf("ctl", ...items);
  return record({
    lanes:
      c.lanes === "split"
        ? tuple(seq(c.controlCapacity, msg), seq(c.laneCapacity, msg))
        : tuple(seq(c.laneCapacity, msg)),
    cache: seq(c.cacheSize, record({ item: oneOf(...items), age: nat(c.ttl - 1) })),
    fwdAge: record(Object.fromEntries(items.map((i) => [i, nat(c.ttl)]))),
    ctlPending: bool,
    last: history(oneOf("none", ...items.flatMap((i) => [`drop ${i}`, `forward ${i}`]))),
  });
}

// ---- Init ---------------------------------------------------------------------------------

function init(c: RouterConfig): RouterState[] {
  return [
    {
      lanes: c.lanes === "split" ? [[], []] : [[]],
      cache: [],
      fwdAge: Object.fromEntries(itemsOf(c).map((i) => [i, c.ttl])),
      ctlPending: false,
      last: "none",
    },
  ];
}

// ---- Actions ------------------------------------------------------------------------------

/** Inventory from a peer (seed 004 emit_message with should_drop_inv): drop a fresh duplicate, else forward. */
function receive(s: RouterState, c: RouterConfig): RouterState[] {
  return itemsOf(c).map((item) => {
    if (cachedFresh(s, c, item)) {
      const cache = c.refreshOnDrop ? touch(s.cache, item, c.cacheSize) : s.cache;
      return { ...s, cache, last: DROP[item] as string };
    }
    return {
      ...s,
      lanes: sendTo(s, c, dataLane(c), item),
      cache: touch(s.cache, item, c.cacheSize),
      fwdAge: withField(s.fwdAge, item, 0),
      last: FORWARD[item] as string,
    };
  });
}

/** Control event (seed 004 ControlEvent: Connected/Ping): emitted into the control lane, or the single lane. */
function emitControl(s: RouterState, c: RouterConfig): RouterState[] {
  if (s.ctlPending) return [];
  return [
    {
      ...s,
      lanes: sendTo(s, c, c.lanes === "split" ? controlLane : 0, "ctl"),
      ctlPending: true,
      last: "none",
    },
  ];
}

/** The subscriber takes the next event: the control lane first when split (seed 004 prioritisation). */
function consume(s: RouterState): RouterState[] {
  const lane = s.lanes.findIndex((q) => q.length > 0);
  if (lane < 0) return [];
  const m = (s.lanes[lane] as readonly Msg[])[0];
  return [
    {
      ...s,
      lanes: s.lanes.map((q, k) => (k === lane ? q.slice(1) : q)),
      ctlPending: m === "ctl" ? false : s.ctlPending,
      last: "none",
    },
  ];
}

/** Logical time passes: cache entries age, entries reaching TTL expire (seed 004: elapsed < 5 s). */
function tick(s: RouterState, c: RouterConfig): RouterState[] {
  const cache =
    s.cache.length === 0
      ? s.cache
      : s.cache.map((e) => ({ ...e, age: e.age + 1 })).filter((e) => e.age < c.ttl);
  const fwdAge = ageAll(s.fwdAge, c);
  return [{ ...s, cache, fwdAge, last: "none" }];
}

// ---- Packed forms of the actions (packed.ts) ----------------------------------------------
// The same successors, in the same order, computed on unpacked states (one integer code per
// scalar, no object built): test/engine/checker/packed.test.ts checks them against the actions
// above. Codes: a message is its index in ["ctl", ...items], a cache entry's item its index in
// items, ages and fwdAge are themselves.

/** Where each scalar of one configuration's state is, and the codes the packed actions use. */
function slotsOf(c: RouterConfig, codec: PackedCodec) {
  const items = itemsOf(c);
  const laneCount = c.lanes === "split" ? 2 : 1;
  return {
    items: items.length,
    lanes: Array.from({ length: laneCount }, (_, l) => ({
      cap: capacityOf(c, l),
      len: codec.index(`lanes[${l}].length`),
      /** Index of the lane's first message (its messages are consecutive). */
      msg: codec.index(`lanes[${l}][0]`),
    })),
    cacheLen: codec.index("cache.length"),
    /** Entry k's item at cache + 2k, its age at cache + 2k + 1 (when CacheSize > 0). */
    cache: c.cacheSize > 0 ? codec.index("cache[0].item") : -1,
    fwdAge: codec.index(`fwdAge.${items[0] as string}`),
    ctlPending: codec.index("ctlPending"),
    last: codec.index("last"),
    ctl: codeOf(codec, "lanes[0][0]", "ctl"),
    msgOf: items.map((i) => codeOf(codec, "lanes[0][0]", i)),
    none: codeOf(codec, "last", "none"),
    dropOf: items.map((i) => codeOf(codec, "last", DROP[i] as string)),
    forwardOf: items.map((i) => codeOf(codec, "last", FORWARD[i] as string)),
  };
}
type Slots = ReturnType<typeof slotsOf>;

/** sendTo on codes: append message `m` to lane `l`, dropping the oldest when full. */
function sendPacked(o: Int32Array, z: Slots, l: number, m: number): void {
  const lane = z.lanes[l] as Slots["lanes"][number];
  const n = o[lane.len] as number;
  if (n < lane.cap) {
    o[lane.msg + n] = m;
    o[lane.len] = n + 1;
    return;
  }
  moveCodes(o, lane.msg, lane.msg + 1, lane.msg + n);
  o[lane.msg + n - 1] = m;
}

/** touch on codes: item `x` to the most recent end with age 0, the oldest evicted beyond CacheSize. */
function touchPacked(o: Int32Array, z: Slots, c: RouterConfig, x: number): void {
  if (c.cacheSize === 0) return;
  const n = o[z.cacheLen] as number;
  let m = 0;
  for (let k = 0; k < n; k++) {
    const item = o[z.cache + 2 * k] as number;
    if (item === x) continue;
    o[z.cache + 2 * m] = item;
    o[z.cache + 2 * m + 1] = o[z.cache + 2 * k + 1] as number;
    m++;
  }
  if (m === c.cacheSize) {
    // Full: the least recently used entry goes.
    moveCodes(o, z.cache, z.cache + 2, z.cache + 2 * m);
    m--;
  }
  o[z.cache + 2 * m] = x;
  o[z.cache + 2 * m + 1] = 0;
  m++;
  for (let k = m; k < n; k++) o[z.cache + 2 * k] = o[z.cache + 2 * k + 1] = 0;
  o[z.cacheLen] = m;
}

function receivePacked(c: RouterConfig, codec: PackedCodec): PackedNext {
  const z = slotsOf(c, codec);
  const data = dataLane(c);
  return (p, o, emit) => {
    const n = p[z.cacheLen] as number;
    for (let x = 0; x < z.items; x++) {
      let fresh = false;
      for (let k = 0; k < n && !fresh; k++)
        fresh = p[z.cache + 2 * k] === x && (p[z.cache + 2 * k + 1] as number) < c.ttl;
      copyCodes(p, o);
      if (fresh) {
        if (c.refreshOnDrop) touchPacked(o, z, c, x);
        o[z.last] = z.dropOf[x] as number;
      } else {
        sendPacked(o, z, data, z.msgOf[x] as number);
        touchPacked(o, z, c, x);
        o[z.fwdAge + x] = 0;
        o[z.last] = z.forwardOf[x] as number;
      }
      emit();
    }
    return true;
  };
}

function emitControlPacked(c: RouterConfig, codec: PackedCodec): PackedNext {
  const z = slotsOf(c, codec);
  return (p, o, emit) => {
    if (p[z.ctlPending] === 1) return true;
    copyCodes(p, o);
    sendPacked(o, z, controlLane, z.ctl);
    o[z.ctlPending] = 1;
    o[z.last] = z.none;
    emit();
    return true;
  };
}

function consumePacked(c: RouterConfig, codec: PackedCodec): PackedNext {
  const z = slotsOf(c, codec);
  return (p, o, emit) => {
    for (const lane of z.lanes) {
      const n = p[lane.len] as number;
      if (n === 0) continue;
      copyCodes(p, o);
      const m = p[lane.msg] as number;
      moveCodes(o, lane.msg, lane.msg + 1, lane.msg + n);
      o[lane.msg + n - 1] = 0;
      o[lane.len] = n - 1;
      if (m === z.ctl) o[z.ctlPending] = 0;
      o[z.last] = z.none;
      emit();
      return true;
    }
    return true;
  };
}

function tickPacked(c: RouterConfig, codec: PackedCodec): PackedNext {
  const z = slotsOf(c, codec);
  return (p, o, emit) => {
    copyCodes(p, o);
    const n = p[z.cacheLen] as number;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const age = (p[z.cache + 2 * k + 1] as number) + 1;
      if (age >= c.ttl) continue;
      o[z.cache + 2 * m] = p[z.cache + 2 * k] as number;
      o[z.cache + 2 * m + 1] = age;
      m++;
    }
    for (let k = m; k < n; k++) o[z.cache + 2 * k] = o[z.cache + 2 * k + 1] = 0;
    o[z.cacheLen] = m;
    for (let x = 0; x < z.items; x++)
      o[z.fwdAge + x] = Math.min(c.ttl, (p[z.fwdAge + x] as number) + 1);
    o[z.last] = z.none;
    emit();
    return true;
  };
}

/** typeOK on codes (the same bounds; an enumeration's code must be one of its values). */
function typeOKPacked(c: RouterConfig, codec: PackedCodec): PackedPredicate {
  const z = slotsOf(c, codec);
  return (s) => {
    for (const lane of z.lanes) {
      const n = s[lane.len] as number;
      if (n < 0 || n > lane.cap) return false;
      for (let k = 0; k < n; k++) {
        const m = s[lane.msg + k] as number;
        if (m < 0 || m > z.items) return false; // "ctl" or one of the items
      }
    }
    const n = s[z.cacheLen] as number;
    if (n < 0 || n > c.cacheSize) return false;
    for (let k = 0; k < n; k++) {
      const age = s[z.cache + 2 * k + 1] as number;
      if (age < 0 || age >= c.ttl) return false;
    }
    for (let x = 0; x < z.items; x++) {
      const age = s[z.fwdAge + x] as number;
      if (age < 0 || age > c.ttl) return false;
    }
    return true;
  };
}

// ---- Next ---------------------------------------------------------------------------------

/** Next == the disjunction of these actions. */
const actions: readonly Action<RouterState, RouterConfig>[] = [
  {
    name: "Receive",
    doc: "An inventory message announcing some item arrives (seed 004 emit_message): dropped if should_drop_inv, else forwarded and cached.",
    next: receive,
    packed: receivePacked,
  },
  {
    name: "EmitControl",
    doc: "A control event (seed 004 ControlEvent) is emitted, one outstanding at a time.",
    next: emitControl,
    packed: emitControlPacked,
  },
  {
    name: "Consume",
    doc: "The subscriber receives the next event, control lane first (seed 004 Scenario B).",
    next: consume,
    packed: consumePacked,
  },
  {
    name: "Tick",
    doc: "Logical time passes; dedup entries older than the TTL expire (seed 004 Scenario A).",
    next: tick,
    packed: tickPacked,
  },
];

// ---- Invariants ---------------------------------------------------------------------------

const invariants: readonly Invariant<RouterState, RouterConfig>[] = [
  {
    name: "ControlOnlyInControlLane",
    doc: "With split lanes, data never enters the control lane and control never enters the data lane.",
    holds: (s, c) =>
      c.lanes === "single" ||
      ((s.lanes[controlLane] ?? []).every((m) => m === "ctl") &&
        (s.lanes[dataLane(c)] ?? []).every((m) => m !== "ctl")),
    packedHolds: (c, codec) => {
      if (c.lanes === "single") return () => true;
      const z = slotsOf(c, codec);
      const control = z.lanes[controlLane] as Slots["lanes"][number];
      const data = z.lanes[dataLane(c)] as Slots["lanes"][number];
      return (s) => {
        for (let k = 0; k < (s[control.len] as number); k++)
          if (s[control.msg + k] !== z.ctl) return false;
        for (let k = 0; k < (s[data.len] as number); k++)
          if (s[data.msg + k] === z.ctl) return false;
        return true;
      };
    },
  },
];

const actionProperties: readonly ActionProperty<RouterState, RouterConfig>[] = [
  {
    name: "NoNonDuplicateDropped",
    doc: "Dedup only drops an item that was forwarded less than TTL ticks ago.",
    actions: ["Receive"],
    holds: (before, after, action, c) => {
      if (action !== "Receive" || !after.last.startsWith("drop ")) return true;
      const age = before.fwdAge[after.last.slice("drop ".length)];
      return age !== undefined && age < c.ttl;
    },
    packedHolds: (c, codec) => {
      const z = slotsOf(c, codec);
      // Per code of `last`: the index of the item a drop names (−1: not a drop).
      const dropped = (codec.slot("last").values ?? []).map((v) =>
        typeof v === "string" && v.startsWith("drop ")
          ? itemsOf(c).indexOf(v.slice("drop ".length))
          : -1,
      );
      return (before, after, action) => {
        const x = dropped[after[z.last] as number] ?? -1;
        if (action !== "Receive" || x < 0) return true;
        return (before[z.fwdAge + x] as number) < c.ttl;
      };
    },
  },
];

const liveness: readonly LivenessProperty<RouterState, RouterConfig>[] = [
  {
    name: "ControlNeverStarved",
    doc: "A control message that was emitted is eventually consumed, under weak fairness of Consume.",
    kind: "leadsTo",
    p: (s) => s.ctlPending,
    q: (s) => !s.ctlPending,
    fairness: ["Consume"],
  },
];

// ---- Specification ------------------------------------------------------------------------

export const router: Model<RouterState, RouterConfig> = {
  name: "Router",
  doc: "Seed 004's router: bounded broadcast lanes that overwrite the oldest message when full, TTL dedup of inventory, a control lane served first. Dedup never drops a non-duplicate; control is never starved with lanes, and is without them.",
  variables: ["lanes", "cache", "fwdAge", "ctlPending", "last"],
  init,
  actions,
  typeInvariant: typeOK,
  packedTypeInvariant: typeOKPacked,
  layout,
  invariants,
  actionProperties,
  liveness,
  view: (s) => ({ lanes: s.lanes, cache: s.cache, fwdAge: s.fwdAge, ctlPending: s.ctlPending }),
};
