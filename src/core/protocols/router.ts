/**
 * The message router of seed 004 (SPEC.md §Router): peers' events enter a bounded broadcast
 * channel read by in-process subscribers. As in a tokio `broadcast` channel, the channel keeps
 * the last `capacity` events; a subscriber that falls further behind loses the oldest ones and
 * the loss is counted (`Lagged`). Optional duplicate detection keeps inventory hashes in an LRU
 * cache with a TTL (seed: 5 s) and either only counts duplicates (`log`, Phase 2.2) or drops
 * them (`drop`, Scenario A). `segmented` mode splits the channel into four priority lanes —
 * control 256, sync 512, inventory 1024, data 4096 — read in that order (Scenario B). Metrics:
 * lag rate, capacity usage, duplicate rate, propagation p50/p99; the seed's decision rule turns
 * them into a recommendation.
 *
 * Pure: states are immutable (event logs are append-only arrays shared between successive
 * states, never rewritten), no I/O, no clock.
 */
import { cmpStr } from "../order.js";
import {
  result,
  type NodeContext,
  type NodeEffect,
  type NodeInput,
  type NodeMachine,
  type SafetyViolation,
  type StepResult,
} from "./machine.js";
import { dict } from "../dict.js";

export const LANES = ["control", "sync", "inventory", "data"] as const;
export type Lane = (typeof LANES)[number];
export const EVENT_KINDS = [
  "connected",
  "disconnected",
  "ping",
  "pong",
  "headers",
  "inv",
  "block",
  "tx",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export function laneOf(kind: EventKind): Lane {
  switch (kind) {
    case "connected":
    case "disconnected":
    case "ping":
    case "pong":
      return "control";
    case "headers":
      return "sync";
    case "inv":
      return "inventory";
    case "block":
    case "tx":
      return "data";
  }
}

/** A peer event as it reaches the router. */
export interface PeerEvent {
  readonly type: "peer-event";
  readonly kind: EventKind;
  /** Content hash (inventory items, blocks, transactions); duplicates share it. */
  readonly hash: string;
  /** Virtual time the peer sent it, for propagation latency. */
  readonly sentAt: number;
}

// ---------------------------------------------------------------------------------------------
// Append-only log shared between successive states.

/** A view `items[0, length)` of an append-only array; appending never changes older views. */
export interface AppendLog<T> {
  readonly items: readonly T[];
  readonly length: number;
}

export function emptyLog<T>(): AppendLog<T> {
  return { items: [], length: 0 };
}

export function appendLog<T>(log: AppendLog<T>, x: T): AppendLog<T> {
  if (log.items.length === log.length) {
    (log.items as T[]).push(x);
    return { items: log.items, length: log.length + 1 };
  }
  const copy = log.items.slice(0, log.length);
  copy.push(x);
  return { items: copy, length: log.length + 1 };
}

export function logAt<T>(log: AppendLog<T>, i: number): T | undefined {
  return i >= 0 && i < log.length ? log.items[i] : undefined;
}

// ---------------------------------------------------------------------------------------------

export const ROUTER_MODES = ["single", "segmented"] as const;
export type RouterMode = (typeof ROUTER_MODES)[number];
export const DEDUP_MODES = ["off", "log", "drop"] as const;
export type DedupMode = (typeof DEDUP_MODES)[number];

export interface SubscriberSpec {
  readonly name: string;
  /** Events it reads per tick (its speed); a slow subscriber lags. */
  readonly perTick: number;
  /** Lanes it subscribes to (default all). */
  readonly lanes?: readonly Lane[];
}

export interface RouterOptions {
  readonly mode: RouterMode;
  /** Capacity of the single channel (seed: EVENT_CHANNEL_SIZE = 2048). */
  readonly capacity: number;
  readonly laneCapacity: Readonly<Record<Lane, number>>;
  readonly dedup: DedupMode;
  readonly dedupTtlMs: number;
  readonly dedupCapacity: number;
  readonly subscribers: readonly SubscriberSpec[];
  readonly tickMs: number;
}

export const DEFAULT_ROUTER_OPTIONS: RouterOptions = {
  mode: "single",
  capacity: 2048,
  laneCapacity: { control: 256, sync: 512, inventory: 1024, data: 4096 },
  dedup: "off",
  dedupTtlMs: 5000,
  dedupCapacity: 1024,
  subscribers: [{ name: "sync", perTick: 64 }],
  tickMs: 10,
};

interface Entry {
  readonly kind: EventKind;
  readonly lane: Lane;
  readonly hash: string;
  readonly sentAt: number;
}

/** A channel: the single one (named "all") or one lane. Sequence numbers index the log. */
interface Channel {
  readonly capacity: number;
  readonly log: AppendLog<Entry>;
}

interface SubState {
  readonly cursor: Readonly<Record<string, number>>;
  readonly lagged: Readonly<Record<string, number>>;
  readonly delivered: Readonly<Record<string, number>>;
}

export interface RouterState {
  readonly role: "router";
  readonly id: string;
  readonly options: RouterOptions;
  readonly channels: Readonly<Record<string, Channel>>;
  readonly subs: Readonly<Record<string, SubState>>;
  readonly dedupCache: ReadonlyMap<string, number>;
  readonly tickArmed: boolean;
  readonly peers: readonly string[];
  readonly peakPeers: number;
  readonly received: number;
  readonly inventoryReceived: number;
  readonly duplicates: number;
  readonly droppedDuplicates: number;
  /** The last dropped duplicate: its hash, when it was first seen, when it was dropped. */
  readonly lastDrop: { readonly hash: string; readonly seenAt: number; readonly at: number } | null;
  /** Per lane, propagation latencies (ms) of delivered events. */
  readonly latencies: Readonly<Record<Lane, AppendLog<number>>>;
  readonly laggedByLane: Readonly<Record<Lane, number>>;
  readonly maxUsage: number;
}

export function channelNames(o: RouterOptions): readonly string[] {
  return o.mode === "single" ? ["all"] : LANES;
}

function channelOf(o: RouterOptions, lane: Lane): string {
  return o.mode === "single" ? "all" : lane;
}

export function routerInit(id: string, options: Partial<RouterOptions> = {}): RouterState {
  const o: RouterOptions = { ...DEFAULT_ROUTER_OPTIONS, ...options };
  const channels: Record<string, Channel> = dict();
  for (const c of channelNames(o)) {
    channels[c] = {
      capacity: c === "all" ? o.capacity : o.laneCapacity[c as Lane],
      log: emptyLog(),
    };
  }
  const subs: Record<string, SubState> = dict();
  for (const s of o.subscribers) {
    const zero: Record<string, number> = dict();
    for (const c of channelNames(o)) zero[c] = 0;
    subs[s.name] = { cursor: zero, lagged: zero, delivered: zero };
  }
  const lanes = <T>(f: () => T): Record<Lane, T> => ({
    control: f(),
    sync: f(),
    inventory: f(),
    data: f(),
  });
  return {
    role: "router",
    id,
    options: o,
    channels,
    subs,
    dedupCache: new Map(),
    tickArmed: false,
    peers: [],
    peakPeers: 0,
    received: 0,
    inventoryReceived: 0,
    duplicates: 0,
    droppedDuplicates: 0,
    lastDrop: null,
    latencies: lanes(() => emptyLog<number>()),
    laggedByLane: lanes(() => 0),
    maxUsage: 0,
  };
}

function subscribes(spec: SubscriberSpec, lane: Lane): boolean {
  return spec.lanes === undefined || spec.lanes.includes(lane);
}

/** Fill of a channel: events the slowest subscriber has not read yet, capped at capacity. */
function fill(s: RouterState, c: string): number {
  const ch = s.channels[c] as Channel;
  let min = ch.log.length;
  for (const spec of s.options.subscribers) {
    const cur = s.subs[spec.name]?.cursor[c] ?? 0;
    if (cur < min) min = cur;
  }
  return Math.min(ch.capacity, ch.log.length - min);
}

function usage(s: RouterState): number {
  let u = 0;
  for (const c of Object.keys(s.channels)) {
    const ch = s.channels[c] as Channel;
    u = Math.max(u, fill(s, c) / ch.capacity);
  }
  return u;
}

function onEvent(
  s: RouterState,
  from: string,
  m: PeerEvent,
  now: number,
): StepResult<RouterState, PeerEvent> {
  const lane = laneOf(m.kind);
  let next: RouterState = { ...s, received: s.received + 1 };
  if (m.kind === "connected" && !s.peers.includes(from)) {
    const peers = [...s.peers, from].sort(cmpStr);
    next = { ...next, peers, peakPeers: Math.max(s.peakPeers, peers.length) };
  } else if (m.kind === "disconnected") {
    next = { ...next, peers: s.peers.filter((p) => p !== from) };
  }
  if (m.kind === "inv") {
    next = { ...next, inventoryReceived: next.inventoryReceived + 1 };
    if (s.options.dedup !== "off") {
      const seen = s.dedupCache.get(m.hash);
      const dup = seen !== undefined && now - seen < s.options.dedupTtlMs;
      if (dup) {
        next = { ...next, duplicates: next.duplicates + 1 };
        if (s.options.dedup === "drop") {
          return result({
            ...next,
            droppedDuplicates: next.droppedDuplicates + 1,
            lastDrop: { hash: m.hash, seenAt: seen, at: now },
          });
        }
      } else {
        const cache = new Map(s.dedupCache);
        cache.delete(m.hash);
        cache.set(m.hash, now);
        while (cache.size > s.options.dedupCapacity) {
          const oldest = cache.keys().next().value as string;
          cache.delete(oldest);
        }
        next = { ...next, dedupCache: cache };
      }
    }
  }
  const c = channelOf(s.options, lane);
  const ch = next.channels[c] as Channel;
  const entry: Entry = { kind: m.kind, lane, hash: m.hash, sentAt: m.sentAt };
  next = { ...next, channels: { ...next.channels, [c]: { ...ch, log: appendLog(ch.log, entry) } } };
  next = { ...next, maxUsage: Math.max(next.maxUsage, usage(next)) };
  if (next.tickArmed) return result(next);
  return result({ ...next, tickArmed: true }, [
    { kind: "setTimer", name: "tick", delay: s.options.tickMs },
  ]);
}

/** Each subscriber reads up to its per-tick budget, lanes in priority order. */
function onTick(s: RouterState, now: number): StepResult<RouterState, PeerEvent> {
  const subs: Record<string, SubState> = dict();
  const latencies = { ...s.latencies };
  const laggedByLane = { ...s.laggedByLane };
  let backlog = false;
  for (const spec of s.options.subscribers) {
    const st = s.subs[spec.name] as SubState;
    const cursor = { ...st.cursor };
    const lagged = { ...st.lagged };
    const delivered = { ...st.delivered };
    let budget = spec.perTick;
    for (const c of channelNames(s.options)) {
      const ch = s.channels[c] as Channel;
      let cur = cursor[c] ?? 0;
      const oldest = Math.max(0, ch.log.length - ch.capacity);
      if (cur < oldest) {
        // Lagged: the oldest events were overwritten before this subscriber read them.
        for (let q = cur; q < oldest; q++) {
          const e = logAt(ch.log, q) as Entry;
          if (subscribes(spec, e.lane)) laggedByLane[e.lane] += 1;
        }
        lagged[c] = (lagged[c] ?? 0) + (oldest - cur);
        cur = oldest;
      }
      while (budget > 0 && cur < ch.log.length) {
        const e = logAt(ch.log, cur) as Entry;
        cur++;
        delivered[c] = (delivered[c] ?? 0) + 1;
        if (!subscribes(spec, e.lane)) continue;
        budget--;
        latencies[e.lane] = appendLog(latencies[e.lane], now - e.sentAt);
      }
      cursor[c] = cur;
      if (cur < ch.log.length) backlog = true;
    }
    subs[spec.name] = { cursor, lagged, delivered };
  }
  const next: RouterState = { ...s, subs, latencies, laggedByLane, tickArmed: backlog };
  const effects: NodeEffect<PeerEvent>[] = backlog
    ? [{ kind: "setTimer", name: "tick", delay: s.options.tickMs }]
    : [];
  return result(next, effects);
}

// ---------------------------------------------------------------------------------------------
// Peers: emit a burst of block announcements (inventory from every peer, block data from one).

export interface RouterPeerConfig {
  readonly id: string;
  readonly router: string;
  /** This peer's index among `peers` peers: it sends the data of blocks k with k mod peers = index. */
  readonly index: number;
  readonly peers: number;
  readonly blocks: number;
  readonly burstStartMs: number;
  /** Time between two blocks of the burst. */
  readonly blockIntervalMs: number;
  readonly txPerBlock: number;
  /** Ping period (control traffic); 0 = none. */
  readonly pingMs: number;
  /** Stop pinging after this time. */
  readonly untilMs: number;
  /**
   * The expected fraction of inventory announcements that repeat an item already announced.
   * Absent: every peer announces every block (a duplicate rate of (peers − 1) / peers). Set:
   * the block's data sender announces it, and every other peer repeats that announcement with
   * probability min(1, d × peers / (peers − 1)), else announces an item of its own.
   */
  readonly duplicateInventory?: number;
}

export interface RouterPeerState {
  readonly role: "peer";
  readonly config: RouterPeerConfig;
  readonly next: number;
  readonly sent: number;
}

export function routerPeerInit(config: RouterPeerConfig): RouterPeerState {
  return { role: "peer", config, next: 0, sent: 0 };
}

function peerStep(
  s: RouterPeerState,
  input: NodeInput<PeerEvent>,
  ctx: NodeContext,
): StepResult<RouterPeerState, PeerEvent> {
  const c = s.config;
  const ev = (kind: EventKind, hash: string): NodeEffect<PeerEvent> => ({
    kind: "send",
    to: c.router,
    msg: { type: "peer-event", kind, hash, sentAt: ctx.now },
  });
  if (input.kind === "start") {
    const effects: NodeEffect<PeerEvent>[] = [
      ev("connected", `conn:${c.id}`),
      { kind: "setTimer", name: "block", delay: c.burstStartMs + ctx.random() * c.blockIntervalMs },
    ];
    if (c.pingMs > 0)
      effects.push({ kind: "setTimer", name: "ping", delay: ctx.random() * c.pingMs });
    return result({ ...s, sent: s.sent + 1 }, effects);
  }
  if (input.kind === "timer" && input.name === "ping") {
    if (ctx.now > c.untilMs) return result(s);
    return result({ ...s, sent: s.sent + 1 }, [
      ev("ping", `ping:${c.id}:${Math.floor(ctx.now)}`),
      { kind: "setTimer", name: "ping", delay: c.pingMs },
    ]);
  }
  if (input.kind === "timer" && input.name === "block") {
    if (s.next >= c.blocks) return result(s);
    const k = s.next;
    const sender = k % c.peers === c.index;
    const d = c.duplicateInventory;
    const repeats =
      d === undefined ||
      sender ||
      (c.peers > 1 && ctx.random() < Math.min(1, (d * c.peers) / (c.peers - 1)));
    const effects: NodeEffect<PeerEvent>[] = [
      ev("inv", repeats ? `block:${k}` : `item:${c.id}:${k}`),
    ];
    if (sender) {
      effects.push(ev("headers", `hdr:${k}`), ev("block", `block:${k}`));
      for (let t = 0; t < c.txPerBlock; t++) effects.push(ev("tx", `tx:${k}:${t}`));
    }
    const sent = effects.length;
    if (k + 1 < c.blocks)
      effects.push({ kind: "setTimer", name: "block", delay: c.blockIntervalMs });
    return result({ ...s, next: k + 1, sent: s.sent + sent }, effects);
  }
  return result(s);
}

// ---------------------------------------------------------------------------------------------
// Metrics and the seed's decision rule

export interface RouterMetrics {
  readonly received: number;
  /** Events lost to lag, over events offered to subscribers (events × subscribers reading them). */
  readonly lagRate: number;
  readonly lagged: Readonly<Record<Lane, number>>;
  /** Peak fill of the fullest channel, as a fraction of its capacity. */
  readonly capacityUsage: number;
  /** Duplicate inventory announcements over all inventory announcements. */
  readonly duplicateRate: number;
  readonly droppedDuplicates: number;
  readonly peakPeers: number;
  readonly p50: Readonly<Record<Lane, number | null>>;
  readonly p99: Readonly<Record<Lane, number | null>>;
}

/** Nearest-rank percentile of a list (null when empty). */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function routerMetrics(s: RouterState): RouterMetrics {
  let offered = 0;
  for (const spec of s.options.subscribers) {
    for (const c of channelNames(s.options)) {
      const ch = s.channels[c] as Channel;
      for (let q = 0; q < ch.log.length; q++) {
        const e = logAt(ch.log, q) as Entry;
        if (subscribes(spec, e.lane)) offered++;
      }
    }
  }
  let lagged = 0;
  for (const l of LANES) lagged += s.laggedByLane[l];
  const p50: Record<Lane, number | null> = {
    control: null,
    sync: null,
    inventory: null,
    data: null,
  };
  const p99: Record<Lane, number | null> = { ...p50 };
  for (const l of LANES) {
    const xs = s.latencies[l].items.slice(0, s.latencies[l].length);
    p50[l] = percentile(xs, 50);
    p99[l] = percentile(xs, 99);
  }
  return {
    received: s.received,
    lagRate: offered === 0 ? 0 : lagged / offered,
    lagged: s.laggedByLane,
    capacityUsage: s.maxUsage,
    duplicateRate: s.inventoryReceived === 0 ? 0 : s.duplicates / s.inventoryReceived,
    droppedDuplicates: s.droppedDuplicates,
    peakPeers: s.peakPeers,
    p50,
    p99,
  };
}

/** Seed 004's thresholds. */
export const DECISION_THRESHOLDS = { lagRate: 0.01, duplicateRate: 0.3, peers: 150 } as const;

/** The seed's decision framework, as a recommendation string. */
export function routerRecommendation(m: RouterMetrics): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  if (m.lagRate <= DECISION_THRESHOLDS.lagRate)
    return `no change: lag rate ${pct(m.lagRate)} ≤ 1 %`;
  if (m.duplicateRate > DECISION_THRESHOLDS.duplicateRate)
    return `implement deduplication: lag rate ${pct(m.lagRate)} > 1 % and duplicate rate ${pct(m.duplicateRate)} > 30 %`;
  if (m.peakPeers > DECISION_THRESHOLDS.peers)
    return `implement segmented fanout: lag rate ${pct(m.lagRate)} > 1 % and ${m.peakPeers} peers > 150`;
  return `increase channel size: lag rate ${pct(m.lagRate)} > 1 %, duplicate rate ${pct(m.duplicateRate)} ≤ 30 %, ${m.peakPeers} peers ≤ 150`;
}

// ---------------------------------------------------------------------------------------------
// Safety checks (SPEC.md ROUTER-1 … ROUTER-3)

function checkRouter(prev: RouterState, next: RouterState): SafetyViolation[] {
  if (prev.channels === next.channels && prev.subs === next.subs && prev.lastDrop === next.lastDrop)
    return [];
  const out: SafetyViolation[] = [];
  for (const c of Object.keys(next.channels)) {
    const ch = next.channels[c] as Channel;
    const f = fill(next, c);
    if (f > ch.capacity)
      out.push({ id: "ROUTER-1", message: `${next.id}: channel ${c} holds ${f} > ${ch.capacity}` });
    for (const spec of next.options.subscribers) {
      const st = next.subs[spec.name] as SubState;
      const cur = st.cursor[c] ?? 0;
      const accounted = (st.delivered[c] ?? 0) + (st.lagged[c] ?? 0) + (ch.log.length - cur);
      if (accounted !== ch.log.length || cur > ch.log.length)
        out.push({
          id: "ROUTER-2",
          message: `${next.id}: subscriber ${spec.name} on ${c}: delivered + lagged + pending = ${accounted} ≠ ${ch.log.length} emitted`,
        });
    }
  }
  const d = next.lastDrop;
  if (d !== null && d !== prev.lastDrop && !(d.at - d.seenAt < next.options.dedupTtlMs))
    out.push({
      id: "ROUTER-3",
      message: `${next.id}: dropped ${d.hash} seen ${d.at - d.seenAt} ms ago`,
    });
  return out;
}

export type RouterNodeState = RouterState | RouterPeerState;

export const routerMachine: NodeMachine<RouterNodeState, PeerEvent> = {
  name: "router",
  step(state, input, ctx): StepResult<RouterNodeState, PeerEvent> {
    if (state.role === "peer") return peerStep(state, input, ctx);
    if (input.kind === "message") return onEvent(state, input.from, input.msg, ctx.now);
    if (input.kind === "timer" && input.name === "tick") return onTick(state, ctx.now);
    return result(state);
  },
  kindOf: (m) => m.kind,
  check(prev, next) {
    return prev.role === "router" && next.role === "router" ? checkRouter(prev, next) : [];
  },
  view(s) {
    if (s.role === "peer") return { role: s.role, next: s.next, sent: s.sent };
    const lens: Record<string, number> = dict();
    for (const c of Object.keys(s.channels)) lens[c] = (s.channels[c] as Channel).log.length;
    return {
      role: s.role,
      emitted: lens,
      duplicates: s.duplicates,
      lagged: s.laggedByLane,
      peers: s.peers.length,
    };
  },
};
