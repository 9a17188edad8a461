/**
 * The V2 commons node of seed 003 (SPEC.md §V2): event-driven, no rounds. A node publishes its
 * declaration with an ITC stamp; on a peer's publication it applies the stale-update rule,
 * accepts happened-before and concurrent updates and joins the peer's (anonymous) stamp into
 * its own; every change schedules a debounced recompute (100 ms) after which a provider
 * allocates (reference allocation, residual `net-of-others` by default) and publishes, and a
 * recipient aggregates its grants, updates its time-based damping history and republishes.
 * Publications older than 60 s are ignored, and peers not heard from for 60 s are dropped.
 *
 * Decisions (SPEC.md §V2): a heartbeat republishes every 20 s, because a publish-on-change
 * node would otherwise look inactive after 60 s of stability; the debounce coalesces (the first
 * change arms the timer, later changes do not push it back), because a resetting debounce never
 * fires under steady traffic; peers' stamps are joined as anonymous copies (`peek`), because
 * joining a peer's stamp with its id would merge the two ids (the seed's literal
 * `join(myStamp, peerStamp)` makes the next merge of that peer throw ITC_OVERLAPPING_IDS).
 *
 * Pure: no I/O, no clock, randomness only through `ctx.random`.
 */
import type { AllocationVariant } from "../allocation/variants.js";
import { CONVERGENCE_EPSILON, type Denominators } from "../convergence.js";
import { dampingFactor, updateDampingHistory } from "../damping.js";
import * as itc from "../itc/index.js";
import type { Stamp } from "../itc/index.js";
import { disjoint } from "../itc/ids.js";
import { cmpStr } from "../order.js";
import type { ResidualVariant } from "../residual.js";
import type { DishonestStrategy } from "./dishonest.js";
import { standardNormal } from "./dishonest.js";
import {
  result,
  type NodeContext,
  type NodeEffect,
  type NodeInput,
  type NodeMachine,
  type SafetyViolation,
  type StepResult,
} from "./machine.js";
import {
  aggregateReceived,
  checkProviderComputation,
  computeProvider,
  grantDelta,
  receivedDelta,
  receivedTotal,
  relaxComputation,
  sharedStep,
  statedNeed,
  type Declaration,
  type GrantMap,
  type ParticipantSpec,
  type ProviderComputation,
  type Received,
} from "./participant.js";
import { dict, own } from "../dict.js";

/**
 * When a peer's publication is stale:
 * - `per-peer` (Decision): its stamp is ≤ the last stamp accepted from that peer for that kind
 *   of publication.
 * - `seed-migration`: `leq(peer, mine)` (seed 003's migration guide) — drops updates whose
 *   events this node learnt transitively through a third node's stamp.
 * - `seed-table`: `leq(peer, mine) && equals(peer, mine)` (seed 003's rule table, literally) —
 *   never true for two live participants, whose ids differ, so nothing is ever stale.
 */
export const STALE_RULES = ["per-peer", "seed-migration", "seed-table"] as const;
export type StaleRule = (typeof STALE_RULES)[number];
/** `join`: merge every accepted stamp into mine (the seed); `none`: my stamp counts my own events only. */
export const STAMP_MERGES = ["join", "none"] as const;
export type StampMerge = (typeof STAMP_MERGES)[number];

export interface V2Options {
  readonly debounceMs: number;
  readonly heartbeatMs: number;
  readonly freshnessMs: number;
  readonly epsilon: number;
  readonly residual: ResidualVariant;
  readonly allocation: AllocationVariant;
  readonly damping: boolean;
  readonly staleRule: StaleRule;
  readonly stampMerge: StampMerge;
  /** Recognition weight given to a newcomer that asks this node for an id (0: none). */
  readonly welcomeWeight: number;
  /**
   * Under-relaxation λ in (0, 1]: each recompute moves grants λ of the way to the new
   * allocation (1 = the seed: jump to it). Decision: 0.5 by default, because with λ = 1
   * providers that react to the same publication move together and oscillate (SPEC.md §6.4).
   */
  readonly relaxation: number;
  /** Cap each grant's move at 1 / (1 + other providers of that need) (Decision; see sharedStep). */
  readonly sharedStep: boolean;
  /** Epoch ms of virtual time 0 (commitment timestamps are epoch ms). */
  readonly epochMs: number;
}

export const DEFAULT_V2_OPTIONS: V2Options = {
  debounceMs: 100,
  heartbeatMs: 20_000,
  freshnessMs: 60_000,
  epsilon: CONVERGENCE_EPSILON,
  residual: "net-of-others",
  allocation: "reference",
  // Decision: off by default — with the seeds' damping, V2 networks do not settle (SPEC.md §V2).
  damping: false,
  staleRule: "per-peer",
  stampMerge: "join",
  welcomeWeight: 1,
  relaxation: 0.5,
  sharedStep: true,
  epochMs: 1_700_000_000_000,
};

export type V2Message =
  | {
      readonly type: "commitment";
      readonly decl: Declaration;
      readonly stamp: Stamp;
      readonly timestamp: number;
    }
  | {
      readonly type: "allocation";
      readonly provider: string;
      readonly grants: GrantMap;
      readonly denominators: Denominators;
      readonly converged: boolean;
      readonly stamp: Stamp;
      readonly timestamp: number;
    }
  | { readonly type: "fork-request" }
  | { readonly type: "fork-grant"; readonly stamp: Stamp }
  /** A graceful leave; `stamp` (to one peer only) hands over the leaver's id to be joined. */
  | { readonly type: "leave"; readonly stamp: Stamp | null };

interface PeerEntry {
  readonly decl: Declaration;
  readonly timestamp: number;
}

interface AllocEntry {
  /** What this provider grants me, per need slot. */
  readonly grants: Readonly<Record<string, number>>;
  readonly timestamp: number;
}

export interface ProviderSide {
  readonly computation: ProviderComputation;
  readonly converged: boolean;
  readonly delta: number;
}

export interface V2Config {
  readonly spec: ParticipantSpec;
  /** The node's initial stamp; null for a newcomer that must fork one from `sponsor`. */
  readonly stamp: Stamp | null;
  readonly sponsor?: string;
  /** The nodes a newcomer connected to when it joined (a last resort heir; see `heirOf`). */
  readonly contacts?: readonly string[];
  readonly options?: Partial<V2Options>;
}

export interface V2State {
  readonly id: string;
  readonly options: V2Options;
  readonly status: "joining" | "active" | "left";
  readonly sponsor: string | null;
  /**
   * When (epoch ms) the sponsor last showed it was live outside `peers` (its fork grant); null
   * before that and once it announced its leave. Used only to choose an heir (`heirOf`).
   */
  readonly sponsorSeen: number | null;
  /** `V2Config.contacts`, sorted, less those that announced their leave. */
  readonly contacts: readonly string[];
  readonly stamp: Stamp | null;
  readonly decl: Declaration;
  readonly published: Declaration | null;
  readonly peers: Readonly<Record<string, PeerEntry>>;
  readonly allocs: Readonly<Record<string, AllocEntry>>;
  readonly lastCommitStamp: Readonly<Record<string, Stamp>>;
  readonly lastAllocStamp: Readonly<Record<string, Stamp>>;
  readonly pending: boolean;
  readonly provider: ProviderSide | null;
  readonly publishedGrants: GrantMap | null;
  readonly publishedDenominators: Denominators | null;
  readonly counters: {
    readonly accepted: number;
    readonly stale: number;
    readonly expired: number;
    readonly recomputes: number;
    readonly publishes: number;
  };
}

export function v2Init(c: V2Config): V2State {
  const options = { ...DEFAULT_V2_OPTIONS, ...(c.options ?? {}) };
  return {
    id: c.spec.pubKey,
    options,
    status: c.stamp === null ? "joining" : "active",
    sponsor: c.sponsor ?? null,
    sponsorSeen: null,
    contacts: [...(c.contacts ?? [])].filter((k) => k !== c.spec.pubKey).sort(cmpStr),
    stamp: c.stamp,
    decl: {
      ...c.spec,
      damping_factor: 1,
      damping_history: [],
      received: {},
    },
    published: null,
    peers: {},
    allocs: {},
    lastCommitStamp: {},
    lastAllocStamp: {},
    pending: false,
    provider: null,
    publishedGrants: null,
    publishedDenominators: null,
    counters: { accepted: 0, stale: 0, expired: 0, recomputes: 0, publishes: 0 },
  };
}

function epoch(s: V2State, now: number): number {
  return s.options.epochMs + Math.floor(now);
}

/** Is a publication stale under the node's rule? */
export function isStale(
  rule: StaleRule,
  peerStamp: Stamp,
  mine: Stamp | null,
  lastFromPeer: Stamp | undefined,
): boolean {
  switch (rule) {
    case "per-peer":
      return lastFromPeer !== undefined && itc.leq(peerStamp, lastFromPeer);
    case "seed-migration":
      return mine !== null && itc.leq(peerStamp, mine);
    case "seed-table":
      return mine !== null && itc.leq(peerStamp, mine) && itc.equals(peerStamp, mine);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Counters = Mutable<V2State["counters"]>;
/** The per-peer records a step may write. */
type PeerRecord = "peers" | "allocs" | "lastCommitStamp" | "lastAllocStamp";
const RECORD_BIT: Readonly<Record<PeerRecord, number>> = {
  peers: 1,
  allocs: 2,
  lastCommitStamp: 4,
  lastAllocStamp: 8,
};
const COUNTERS_BIT = 16;
const ALL_BITS = 31;

/** A null-prototype copy of a per-peer record (same keys in the same order). */
function copyRecord<T>(rec: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const key in rec) out[key] = rec[key] as T;
  return out;
}

/**
 * The writes of one step (issue 12). Pure (`inPlace` false): the state is copied on its first
 * write and each per-peer record and the counters on theirs, so the caller's state is never
 * written and a step that changes nothing returns it as it was. In place: the state was adopted
 * by the driver (`adoptV2`: its records and counters are its own null-prototype copies), and
 * every write goes straight into it — no state, record or counters copy per message. One code
 * path for both, so the pure step the tests, properties and models drive is the step the
 * simulator runs.
 */
class Tx {
  state: V2State;
  private copied: boolean;
  private fresh: number;
  constructor(
    s: V2State,
    readonly inPlace: boolean,
  ) {
    this.state = s;
    this.copied = inPlace;
    this.fresh = inPlace ? ALL_BITS : 0;
  }
  /** The state to write into (copied first in the pure step). */
  w(): Mutable<V2State> {
    if (!this.copied) {
      this.state = { ...this.state };
      this.copied = true;
    }
    return this.state as Mutable<V2State>;
  }
  count(k: keyof Counters): void {
    const d = this.w();
    if ((this.fresh & COUNTERS_BIT) === 0) {
      d.counters = { ...d.counters };
      this.fresh |= COUNTERS_BIT;
    }
    (d.counters as Counters)[k]++;
  }
  private record(f: PeerRecord): Record<string, unknown> {
    const d = this.w();
    const bit = RECORD_BIT[f];
    if ((this.fresh & bit) === 0) {
      (d as Record<PeerRecord, unknown>)[f] = copyRecord<unknown>(d[f]);
      this.fresh |= bit;
    }
    return d[f] as Record<string, unknown>;
  }
  /** `record[k] = v` — `{ ...record, [k]: v }` in the pure step: same keys in the same order. */
  put<F extends PeerRecord>(f: F, k: string, v: V2State[F][string]): void {
    this.record(f)[k] = v;
  }
  remove(f: PeerRecord, k: string): void {
    delete this.record(f)[k];
  }
  /** Replaces a whole record (the new one becomes this state's own). */
  replace<F extends PeerRecord>(f: F, rec: V2State[F]): void {
    if (rec === this.state[f]) return;
    this.w()[f] = rec;
    // A new record from `fresh` is a private null-prototype copy: writable in place.
    if (!this.inPlace) this.fresh |= RECORD_BIT[f];
  }
}

/**
 * The driver's own copy of a V2 state for in-place steps: the state object, its counters and its
 * per-peer records copied (null-prototype records), everything else shared (never written).
 */
export function adoptV2(s: V2State): V2State {
  return {
    ...s,
    peers: copyRecord(s.peers),
    allocs: copyRecord(s.allocs),
    lastCommitStamp: copyRecord(s.lastCommitStamp),
    lastAllocStamp: copyRecord(s.lastAllocStamp),
    counters: { ...s.counters },
  };
}

function schedule(t: Tx, effects: NodeEffect<V2Message>[]): void {
  const s = t.state;
  if (s.pending || s.status !== "active") return;
  t.w().pending = true;
  effects.push({ kind: "setTimer", name: "recompute", delay: s.options.debounceMs });
}

function merge(s: V2State, peerStamp: Stamp): Stamp | null {
  if (s.stamp === null || s.options.stampMerge === "none") return s.stamp;
  return itc.join(s.stamp, itc.peek(peerStamp));
}

function onCommitment(
  t: Tx,
  from: string,
  m: Extract<V2Message, { type: "commitment" }>,
  ctx: NodeContext,
  effects: NodeEffect<V2Message>[],
): void {
  const s = t.state;
  if (from === s.id || s.status === "left") return;
  if (m.timestamp <= epoch(s, ctx.now) - s.options.freshnessMs) {
    t.count("expired");
    return;
  }
  if (isStale(s.options.staleRule, m.stamp, s.stamp, own(s.lastCommitStamp, from))) {
    t.count("stale");
    return;
  }
  t.w().stamp = merge(s, m.stamp);
  t.put("peers", from, { decl: m.decl, timestamp: m.timestamp });
  t.put("lastCommitStamp", from, m.stamp);
  t.count("accepted");
  schedule(t, effects);
}

function onAllocation(
  t: Tx,
  from: string,
  m: Extract<V2Message, { type: "allocation" }>,
  ctx: NodeContext,
  effects: NodeEffect<V2Message>[],
): void {
  const s = t.state;
  if (from === s.id || s.status === "left") return;
  if (m.timestamp <= epoch(s, ctx.now) - s.options.freshnessMs) {
    t.count("expired");
    return;
  }
  if (isStale(s.options.staleRule, m.stamp, s.stamp, own(s.lastAllocStamp, from))) {
    t.count("stale");
    return;
  }
  const mine = own(m.grants, s.id) ?? {};
  const keep = own(s.allocs, from) === undefined && Object.keys(mine).length === 0;
  t.w().stamp = merge(s, m.stamp);
  if (!keep) t.put("allocs", from, { grants: mine, timestamp: m.timestamp });
  t.put("lastAllocStamp", from, m.stamp);
  t.count("accepted");
  if (!keep) schedule(t, effects);
}

function fresh<T extends { readonly timestamp: number }>(
  m: Readonly<Record<string, T>>,
  cutoff: number,
): Readonly<Record<string, T>> {
  // Copy only when something is dropped (the usual case keeps every entry).
  let dropped = false;
  const keys = Object.keys(m);
  for (const k of keys) {
    if ((m[k] as T).timestamp <= cutoff) {
      dropped = true;
      break;
    }
  }
  if (!dropped) return m;
  const out: Record<string, T> = dict();
  for (const k of keys) {
    const e = m[k] as T;
    if (e.timestamp > cutoff) out[k] = e;
  }
  return out;
}

function sameSpec(a: Declaration, b: Declaration): boolean {
  return (
    a.recognition_weights === b.recognition_weights &&
    a.need_slots === b.need_slots &&
    a.capacity_slots === b.capacity_slots
  );
}

/**
 * The debounced recompute (and, with `force`, the heartbeat): drop stale peers, aggregate
 * grants and update damping, recompute the allocation, publish what changed.
 */
function recompute(
  t: Tx,
  ctx: NodeContext,
  force: boolean,
  effects: NodeEffect<V2Message>[],
): void {
  const s1 = t.state;
  t.w().pending = false;
  if (s1.status !== "active" || s1.stamp === null) return;
  const nowE = epoch(s1, ctx.now);
  const cutoff = nowE - s1.options.freshnessMs;
  const peers = fresh(s1.peers, cutoff);
  const allocs = fresh(s1.allocs, cutoff);

  // Recipient side: what I received, damping.
  let decl = s1.decl;
  if (decl.need_slots.length > 0) {
    const byProvider: Record<string, Readonly<Record<string, number>>> = dict();
    for (const p of Object.keys(allocs).sort(cmpStr)) byProvider[p] = allocs[p]?.grants ?? {};
    const received: Received = aggregateReceived(byProvider);
    if (receivedDelta(received, decl.received) >= s1.options.epsilon || force) {
      let history = decl.damping_history;
      let factor = decl.damping_factor;
      if (s1.options.damping) {
        const entry = {
          overAllocation: receivedTotal(received) - statedNeed(decl),
          timestamp: nowE,
        };
        history = updateDampingHistory(history, entry, nowE);
        factor = dampingFactor(history, nowE);
      }
      decl = { ...decl, received, damping_history: history, damping_factor: factor };
    }
  }

  // Provider side.
  let provider = s1.provider;
  let publishAllocation = false;
  if (decl.capacity_slots.length > 0) {
    const others: Declaration[] = [];
    for (const k of Object.keys(peers).sort(cmpStr)) others.push((peers[k] as PeerEntry).decl);
    const computation = relaxComputation(
      provider?.computation ?? null,
      computeProvider(decl, others, s1.options.residual, s1.options.allocation),
      s1.options.relaxation,
      s1.options.sharedStep ? sharedStep(others, s1.id) : undefined,
    );
    const dens = computation.result.slot_denominators;
    const prevDen = provider?.computation.result.slot_denominators;
    const delta = prevDen === undefined ? Infinity : maxDenominatorChange(0, prevDen, dens);
    // isConverged(prevDen, dens, ε): the same largest change (denominatorDelta), computed once.
    const converged = prevDen !== undefined && delta < s1.options.epsilon;
    provider = { computation, converged, delta };
    const change =
      s1.publishedGrants === null || s1.publishedDenominators === null
        ? Infinity
        : maxDenominatorChange(
            grantDelta(s1.publishedGrants, computation.grants),
            s1.publishedDenominators,
            dens,
          );
    publishAllocation = force || change >= s1.options.epsilon;
    effects.push({
      kind: "log",
      event: "recompute",
      data: {
        converged,
        delta: Number.isFinite(delta) ? delta : -1,
        change: Number.isFinite(change) ? change : -1,
      },
    });
  }

  const p = s1.published;
  const publishCommitment =
    force ||
    p === null ||
    !sameSpec(p, decl) ||
    p.damping_factor !== decl.damping_factor ||
    receivedDelta(p.received, decl.received) >= s1.options.epsilon;

  let stamp: Stamp = s1.stamp;
  let publishedGrants = s1.publishedGrants;
  let publishedDenominators = s1.publishedDenominators;
  let published = s1.published;
  let publishes = 0;
  if (publishCommitment || publishAllocation) {
    stamp = itc.event(stamp); // Self increment before publishing.
    if (publishCommitment) {
      effects.push({
        kind: "broadcast",
        msg: { type: "commitment", decl, stamp, timestamp: nowE },
      });
      published = decl;
      publishes++;
    }
    if (publishAllocation && provider !== null) {
      const c = provider.computation;
      effects.push({
        kind: "broadcast",
        msg: {
          type: "allocation",
          provider: s1.id,
          grants: c.grants,
          denominators: c.result.slot_denominators,
          converged: provider.converged,
          stamp,
          timestamp: nowE,
        },
      });
      publishedGrants = c.grants;
      publishedDenominators = c.result.slot_denominators;
      publishes++;
      effects.push({
        kind: "log",
        event: "publish-allocation",
        data: { converged: provider.converged },
      });
    }
  }
  t.replace("peers", peers);
  t.replace("allocs", allocs);
  t.w().decl = decl;
  t.w().provider = provider;
  t.w().stamp = stamp;
  t.w().published = published;
  t.w().publishedGrants = publishedGrants;
  t.w().publishedDenominators = publishedDenominators;
  t.count("recomputes");
  for (let k = 0; k < publishes; k++) t.count("publishes");
}

/**
 * `start` folded (Math.max) with every tier denominator's absolute change between `a` and `b`
 * (a slot missing on one side counts as 0 there): `Math.max(start, ...changes)`, without the list.
 */
function maxDenominatorChange(start: number, a: Denominators, b: Denominators): number {
  let max = start;
  for (const k of Object.keys(a)) max = denChange(max, a[k], own(b, k));
  for (const k of Object.keys(b))
    if (own(a, k) === undefined) max = denChange(max, undefined, b[k]);
  return max;
}

const NO_DENOMINATOR = { mutual: 0, nonMutual: 0 } as const;

function denChange(
  max: number,
  xs: Denominators[string] | undefined,
  ys: Denominators[string] | undefined,
): number {
  const x = xs ?? NO_DENOMINATOR;
  const y = ys ?? NO_DENOMINATOR;
  return Math.max(max, Math.abs(x.mutual - y.mutual), Math.abs(x.nonMutual - y.nonMutual));
}

function activate(t: Tx, stamp: Stamp, ctx: NodeContext, effects: NodeEffect<V2Message>[]): void {
  t.w().status = "active";
  t.w().stamp = stamp;
  schedule(t, effects);
  effects.push(
    { kind: "cancelTimer", name: "join-retry" },
    { kind: "setTimer", name: "heartbeat", delay: ctx.random() * t.state.options.heartbeatMs },
  );
}

/**
 * Who inherits an id this node gives up (SPEC.md §V2, "Leaving"): its sponsor while the sponsor is
 * a peer heard from within the freshness window, else the fresh peer heard from most recently
 * (ties: the smallest id), never `exclude` (the node that handed the id to it); undefined when
 * no fresh peer is left. A peer that announced its leave is no longer in `peers`.
 */
export function heirOf(s: V2State, now: number, exclude?: string): string | undefined {
  const cutoff = epoch(s, now) - s.options.freshnessMs;
  /** When a node was last heard from (its commitment or its allocation), or -∞. */
  const heard = (k: string) =>
    Math.max(own(s.peers, k)?.timestamp ?? -Infinity, own(s.allocs, k)?.timestamp ?? -Infinity);
  const sp = s.sponsor;
  if (sp !== null && sp !== exclude && Math.max(heard(sp), s.sponsorSeen ?? -Infinity) > cutoff)
    return sp;
  let best: string | undefined;
  let bestAt = cutoff;
  for (const k of [...new Set([...Object.keys(s.peers), ...Object.keys(s.allocs)])].sort(cmpStr)) {
    const at = heard(k);
    if (k !== exclude && at > bestAt) {
      best = k;
      bestAt = at;
    }
  }
  // Heard from no one recently (a newcomer its neighbours have not republished to yet): a node
  // it connected to when it joined and that has not announced its leave.
  return best ?? s.contacts.find((k) => k !== exclude);
}

/** Forget a node that announced its leave (as a sponsor seen or a contact). */
function forgetLeaver(t: Tx, from: string): void {
  const s = t.state;
  if (from === s.sponsor) t.w().sponsorSeen = null;
  if (s.contacts.includes(from)) t.w().contacts = s.contacts.filter((k) => k !== from);
}

/**
 * Gives an id up: hands it to the heir (a `leave` carrying it), or keeps it when no peer is known
 * live (it is then lost to the others: the simulator counts it, ITC-ID-1).
 */
function handOver(
  t: Tx,
  stamp: Stamp,
  heir: string | undefined,
  effects: NodeEffect<V2Message>[],
): void {
  if (heir === undefined) {
    const mine = t.state.stamp;
    if (mine === null) t.w().stamp = stamp;
    else if (disjoint(mine.id, stamp.id)) t.w().stamp = itc.join(mine, stamp);
    effects.push({ kind: "log", event: "leave-no-heir", data: {} });
    return;
  }
  effects.push({ kind: "send", to: heir, msg: { type: "leave", stamp } });
}

function onLeaveRequested(t: Tx, ctx: NodeContext, effects: NodeEffect<V2Message>[]): void {
  const s = t.state;
  if (s.status === "left") return;
  effects.push(
    { kind: "broadcast", msg: { type: "leave", stamp: null } },
    { kind: "cancelTimer", name: "heartbeat" },
    { kind: "cancelTimer", name: "recompute" },
    { kind: "cancelTimer", name: "join-retry" },
  );
  const stamp = s.stamp;
  t.w().status = "left";
  t.w().pending = false;
  t.w().stamp = null;
  if (stamp !== null) handOver(t, stamp, heirOf(s, ctx.now), effects);
}

/**
 * A node that has left and still receives an id (a hand-back sent before its heir learnt of its
 * leave, or the fork grant of a join it gave up) passes it on: a grant back to its sender (the
 * sponsor), a hand-back to its own heir other than the sender, or keeps it when it has none.
 */
function onIdAfterLeave(
  t: Tx,
  from: string,
  m: V2Message,
  ctx: NodeContext,
  effects: NodeEffect<V2Message>[],
): void {
  if (m.type === "fork-grant") {
    handOver(t, m.stamp, from, effects);
    return;
  }
  if (m.type !== "leave") return;
  if (own(t.state.peers, from) !== undefined) t.remove("peers", from);
  if (own(t.state.allocs, from) !== undefined) t.remove("allocs", from);
  forgetLeaver(t, from);
  if (m.stamp !== null) handOver(t, m.stamp, heirOf(t.state, ctx.now, from), effects);
}

function stepTx(
  t: Tx,
  input: NodeInput<V2Message>,
  ctx: NodeContext,
  effects: NodeEffect<V2Message>[],
): void {
  const s = t.state;
  switch (input.kind) {
    case "start": {
      if (s.status === "joining") {
        if (s.sponsor === null) return;
        effects.push(
          { kind: "send", to: s.sponsor, msg: { type: "fork-request" } },
          { kind: "setTimer", name: "join-retry", delay: 1000 },
        );
        return;
      }
      activate(t, s.stamp as Stamp, ctx, effects);
      return;
    }
    case "timer":
      switch (input.name) {
        case "recompute":
          recompute(t, ctx, false, effects);
          return;
        case "heartbeat": {
          if (s.status !== "active") return;
          const heartbeatMs = s.options.heartbeatMs;
          recompute(t, ctx, true, effects);
          effects.push({ kind: "setTimer", name: "heartbeat", delay: heartbeatMs });
          return;
        }
        case "join-retry":
          if (s.status !== "joining" || s.sponsor === null) return;
          effects.push(
            { kind: "send", to: s.sponsor, msg: { type: "fork-request" } },
            { kind: "setTimer", name: "join-retry", delay: 1000 },
          );
          return;
        case SIM_LEAVE:
          onLeaveRequested(t, ctx, effects);
          return;
        default: {
          const q = needChangeOf(input.name);
          if (q === undefined || s.status === "left" || s.decl.need_slots.length === 0) return;
          t.w().decl = withNeed(s.decl, q);
          schedule(t, effects);
          return;
        }
      }
    case "message": {
      const m = input.msg;
      if (s.status === "left") {
        onIdAfterLeave(t, input.from, m, ctx, effects);
        return;
      }
      switch (m.type) {
        case "commitment":
          onCommitment(t, input.from, m, ctx, effects);
          return;
        case "allocation":
          onAllocation(t, input.from, m, ctx, effects);
          return;
        case "fork-request": {
          if (s.status !== "active" || s.stamp === null) return;
          const [mine, theirs] = itc.fork(s.stamp);
          t.w().stamp = mine;
          effects.push({
            kind: "send",
            to: input.from,
            msg: { type: "fork-grant", stamp: theirs },
          });
          if (
            s.options.welcomeWeight > 0 &&
            own(s.decl.recognition_weights, input.from) === undefined
          ) {
            const decl = t.state.decl;
            t.w().decl = {
              ...decl,
              recognition_weights: {
                ...decl.recognition_weights,
                [input.from]: s.options.welcomeWeight,
              },
            };
            schedule(t, effects);
          }
          return;
        }
        case "fork-grant":
          if (s.status === "joining") {
            if (input.from === s.sponsor) t.w().sponsorSeen = epoch(s, ctx.now);
            activate(t, m.stamp, ctx, effects);
            return;
          }
          // A second grant (a retried or duplicated request) is joined; a duplicated copy of one
          // already joined overlaps my id and is ignored.
          if (s.status === "active" && s.stamp !== null && disjoint(s.stamp.id, m.stamp.id))
            t.w().stamp = itc.join(s.stamp, m.stamp);
          return;
        case "leave": {
          const stamp = s.stamp;
          t.remove("peers", input.from);
          t.remove("allocs", input.from);
          forgetLeaver(t, input.from);
          // Retire the leaver's id (a duplicated hand-over overlaps my id and is ignored).
          if (m.stamp !== null && stamp !== null && disjoint(stamp.id, m.stamp.id))
            t.w().stamp = itc.join(stamp, m.stamp);
          schedule(t, effects);
          return;
        }
      }
    }
  }
}

function v2Step(
  s: V2State,
  input: NodeInput<V2Message>,
  ctx: NodeContext,
): StepResult<V2State, V2Message> {
  const t = new Tx(s, false);
  const effects: NodeEffect<V2Message>[] = [];
  stepTx(t, input, ctx, effects);
  return result(t.state, effects);
}

/** The V2 step writing into a state adopted by `adoptV2` (the simulator's hot path). */
function v2StepInPlace(
  s: V2State,
  input: NodeInput<V2Message>,
  ctx: NodeContext,
): StepResult<V2State, V2Message> {
  const t = new Tx(s, true);
  const effects: NodeEffect<V2Message>[] = [];
  stepTx(t, input, ctx, effects);
  return result(t.state, effects);
}

/** The timer name a driver fires to ask a node to leave gracefully. */
export const SIM_LEAVE = "sim:leave";

/**
 * A driver's stand-in for a user changing their need: the timer `sim:need=<quantity>` sets every
 * need slot of the node to that quantity (a node with no need slot ignores it). V2 reacts as to
 * any change (debounced recompute, then publishes); V1 publishes at its next round.
 */
export const SIM_NEED_PREFIX = "sim:need=";

/** The timer name that sets a node's need to `quantity`. */
export function needChangeTimer(quantity: number): string {
  return `${SIM_NEED_PREFIX}${quantity}`;
}

/** The quantity a need-change timer sets, or undefined when `name` is not one. */
export function needChangeOf(name: string): number | undefined {
  if (!name.startsWith(SIM_NEED_PREFIX)) return undefined;
  const q = Number(name.slice(SIM_NEED_PREFIX.length));
  return Number.isFinite(q) && q >= 0 ? q : undefined;
}

/** The declaration with every need slot set to `quantity` (the same object without need slots). */
export function withNeed<
  D extends { readonly need_slots: readonly { readonly quantity: number }[] },
>(decl: D, quantity: number): D {
  if (decl.need_slots.length === 0) return decl;
  return { ...decl, need_slots: decl.need_slots.map((n) => ({ ...n, quantity })) };
}

/** What `checkV2` reads of the state before a step. */
export type V2CheckMark = Pick<V2State, "provider" | "stamp">;

/** Safety checks of a V2 node (SPEC.md V2-1, ALLOC-CAP-1, ALLOC-CONTRACT-1/2, ALLOC-REF-1). */
export function checkV2(prev: V2CheckMark, next: V2State): SafetyViolation[] {
  const out: SafetyViolation[] = [];
  if (next.provider !== null && next.provider !== prev.provider) {
    out.push(...checkProviderComputation(next.provider.computation));
  }
  if (prev.stamp !== null && next.stamp !== null && prev.stamp !== next.stamp) {
    if (!itc.leq(prev.stamp, next.stamp))
      out.push({ id: "V2-1", message: `${next.id}: its stamp went backwards` });
  }
  return out;
}

export const v2Machine: NodeMachine<V2State, V2Message> = {
  name: "v2",
  step: v2Step,
  kindOf: (m) => m.type,
  check: checkV2,
  inPlace: {
    adopt: adoptV2,
    mark: (s): V2CheckMark => ({ provider: s.provider, stamp: s.stamp }),
    step: v2StepInPlace,
    check: (mark, next) => checkV2(mark as V2CheckMark, next),
  },
  ids: {
    ofState: (s) => s.stamp?.id,
    ofMessage: (m) =>
      m.type === "fork-grant" ? m.stamp.id : m.type === "leave" ? m.stamp?.id : undefined,
  },
  lingerMs: DEFAULT_V2_OPTIONS.freshnessMs,
  view(s) {
    const grants: Record<string, number> = dict();
    if (s.provider !== null)
      for (const r of Object.keys(s.provider.computation.grants).sort(cmpStr)) {
        const g = own(s.provider.computation.grants, r) ?? {};
        grants[r] = Object.values(g).reduce((a, b) => a + b, 0);
      }
    return {
      status: s.status,
      stamp: s.stamp === null ? "" : itc.toString(s.stamp),
      damping: s.decl.damping_factor,
      received: receivedTotal(s.decl.received),
      converged: s.provider?.converged ?? false,
      grants,
    };
  },
};

/** Dishonest V2 publications: `lie-need` and `noise` change the published need quantities. */
export function tamperV2(
  msg: V2Message,
  strategy: DishonestStrategy,
  random: () => number,
): V2Message {
  if (msg.type !== "commitment") return msg;
  let f: number;
  if (strategy.kind === "lie-need") f = strategy.factor;
  else if (strategy.kind === "noise") f = Math.exp(strategy.sigma * standardNormal(random));
  else return msg;
  return {
    ...msg,
    decl: {
      ...msg.decl,
      need_slots: msg.decl.need_slots.map((n) => ({ ...n, quantity: n.quantity * f })),
    },
  };
}
