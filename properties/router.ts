/**
 * The router invariants of seed 004 (SPEC.md §13, ROUTER-1…4) as properties of any router
 * (`RouterUnderTest`), the reference by default.
 *
 * A case is a generated interleaving of peer events reaching the router (inventory announcements
 * of a few items, so duplicates are frequent; blocks, transactions, headers, pings) and reads by
 * its subscribers (each up to a budget), at times that cross the dedup TTL; after the last step
 * every subscriber drains what is left. A ghost of what every channel must hold — the last
 * `capacity` events forwarded into it — judges each emit and each read.
 */
import fc from "fast-check";
import {
  channelNames,
  EVENT_KINDS,
  LANES,
  laneOf,
  logAt,
  routerInit,
  routerMachine,
  type EventKind,
  type Lane,
  type PeerEvent,
  type RouterNodeState,
  type RouterState,
} from "../src/core/protocols/router.js";
import { reduceScheduleArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { RouterConfig, RouterEmitOutcome, RouterRead, RouterUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

// ---------------------------------------------------------------------------------------------
// The reference router, through its state machine

/** The handle of the reference router: its current machine state. */
export interface ReferenceRouterHandle {
  state: RouterState;
}

const ctxAt = (now: number) => ({ now, self: "router", random: () => 0 });

/**
 * The reference router (src/core/protocols/router.ts) as a `RouterUnderTest`: an emit is one
 * message step; a read is one tick of the machine in which only that subscriber reads, with
 * `max` as its budget; what it received is the part of each channel's log its cursor passed
 * over after the lag it reported.
 */
export const referenceRouter: RouterUnderTest<ReferenceRouterHandle> = {
  create(c: RouterConfig): ReferenceRouterHandle {
    return {
      state: routerInit("router", {
        mode: c.mode,
        capacity: c.capacity,
        laneCapacity: { ...c.laneCapacity },
        dedup: c.dedup,
        dedupTtlMs: c.dedupTtlMs,
        dedupCapacity: c.dedupCapacity,
        subscribers: c.subscribers.map((name) => ({ name, perTick: 1 })),
      }),
    };
  },
  emit(h, from, event, now): RouterEmitOutcome {
    const before = h.state;
    const after = routerMachine.step(before, { kind: "message", from, msg: event }, ctxAt(now))
      .state as RouterState;
    h.state = after;
    if (after.droppedDuplicates > before.droppedDuplicates) return "dropped";
    if (after.duplicates > before.duplicates) return "duplicate";
    return "forwarded";
  },
  read(h, subscriber, max, now): RouterRead {
    const s = h.state;
    const spec = s.options.subscribers.find((x) => x.name === subscriber);
    const a = s.subs[subscriber];
    if (spec === undefined || a === undefined) throw new Error(`no subscriber ${subscriber}`);
    const only: RouterNodeState = {
      ...s,
      options: { ...s.options, subscribers: [{ ...spec, perTick: Math.max(1, max) }] },
    };
    const r = routerMachine.step(only, { kind: "timer", name: "tick" }, ctxAt(now))
      .state as RouterState;
    const next: RouterState = { ...r, options: s.options, subs: { ...s.subs, ...r.subs } };
    const b = next.subs[subscriber] ?? a;
    const events: PeerEvent[] = [];
    let lagged = 0;
    for (const c of channelNames(s.options)) {
      const lag = (b.lagged[c] ?? 0) - (a.lagged[c] ?? 0);
      lagged += lag;
      const log = next.channels[c]?.log;
      if (log === undefined) continue;
      for (let q = (a.cursor[c] ?? 0) + lag; q < (b.cursor[c] ?? 0); q++) {
        const e = logAt(log, q);
        if (e !== undefined)
          events.push({ type: "peer-event", kind: e.kind, hash: e.hash, sentAt: e.sentAt });
      }
    }
    h.state = next;
    return { events, lagged };
  },
};

// ---------------------------------------------------------------------------------------------
// Generated cases

export type RouterStep =
  | {
      readonly kind: "emit";
      readonly at: number;
      readonly from: string;
      readonly event: PeerEvent;
    }
  | {
      readonly kind: "read";
      readonly at: number;
      readonly subscriber: string;
      readonly max: number;
    };

export interface RouterCase {
  readonly config: RouterConfig;
  readonly steps: readonly RouterStep[];
}

export interface RouterCaseOptions {
  readonly modes?: readonly RouterConfig["mode"][];
  readonly dedup?: readonly RouterConfig["dedup"][];
  /** Mostly inventory announcements (to exercise deduplication). */
  readonly inventoryHeavy?: boolean;
}

const PEERS = ["peer0", "peer1", "peer2"] as const;

const arbKind = (invWeight: number): fc.Arbitrary<EventKind> =>
  fc.oneof(
    { arbitrary: fc.constant("inv" as const), weight: invWeight },
    { arbitrary: fc.constantFrom("block" as const, "tx" as const), weight: 3 },
    { arbitrary: fc.constantFrom("ping" as const, "pong" as const), weight: 2 },
    { arbitrary: fc.constantFrom(...EVENT_KINDS), weight: 1 },
  );

/** A time step: none, a few ms, or the TTL exactly, one ms short of it or one ms past it. */
type Dt = number | "ttl-1" | "ttl" | "ttl+1";

type Draft =
  | {
      readonly kind: "emit";
      readonly dt: Dt;
      readonly peer: number;
      readonly event: EventKind;
      readonly item: number;
      /** How long ago the peer sent it (late, reordered deliveries). */
      readonly late: number;
    }
  | { readonly kind: "read"; readonly dt: Dt; readonly sub: number; readonly max: number };

const arbDt: fc.Arbitrary<Dt> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 15 }), weight: 6 },
  { arbitrary: fc.constantFrom("ttl-1" as const, "ttl" as const, "ttl+1" as const), weight: 1 },
);

export function arbRouterCase(options: RouterCaseOptions = {}): fc.Arbitrary<RouterCase> {
  const small = fc.integer({ min: 1, max: 4 });
  return fc
    .record({
      mode: fc.constantFrom(...(options.modes ?? (["single", "segmented"] as const))),
      capacity: fc.integer({ min: 1, max: 6 }),
      lanes: fc.record({ control: small, sync: small, inventory: small, data: small }),
      dedup: fc.constantFrom(...(options.dedup ?? (["off", "log", "drop"] as const))),
      ttl: fc.constantFrom(5, 10, 20, 50),
      // A small cache (evictions) or a large one (20–40 items).
      dedupCapacity: fc.oneof(
        { arbitrary: small, weight: 4 },
        { arbitrary: fc.integer({ min: 20, max: 40 }), weight: 1 },
      ),
      // A few inventory items (duplicates are frequent) or up to 40 (the cache fills).
      items: fc.oneof(
        { arbitrary: fc.constant(4), weight: 4 },
        { arbitrary: fc.constant(40), weight: 1 },
      ),
      subscribers: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 8 },
        { arbitrary: fc.constant(20), weight: 1 },
      ),
      steps: fc.array(
        fc.oneof(
          {
            arbitrary: fc.record({
              kind: fc.constant("emit" as const),
              dt: arbDt,
              peer: fc.nat({ max: PEERS.length - 1 }),
              event: arbKind(options.inventoryHeavy === true ? 24 : 4),
              item: fc.nat({ max: 39 }),
              late: fc.oneof(
                { arbitrary: fc.constant(0), weight: 4 },
                { arbitrary: fc.integer({ min: 1, max: 100 }), weight: 1 },
              ),
            }),
            weight: 5,
          },
          {
            arbitrary: fc.record({
              kind: fc.constant("read" as const),
              dt: arbDt,
              sub: fc.nat({ max: 19 }),
              max: fc.oneof(
                { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 4 },
                { arbitrary: fc.constant(64), weight: 1 },
              ),
            }),
            weight: 2,
          },
        ) as fc.Arbitrary<Draft>,
        { maxLength: 40, size: "max" },
      ),
    })
    .map(({ mode, capacity, lanes, dedup, ttl, dedupCapacity, items, subscribers, steps }) => {
      const subs = Array.from({ length: subscribers }, (_, i) => `s${i}`);
      let t = 0;
      const out = steps.map((d, k): RouterStep => {
        t += d.dt === "ttl-1" ? ttl - 1 : d.dt === "ttl" ? ttl : d.dt === "ttl+1" ? ttl + 1 : d.dt;
        if (d.kind === "read")
          return {
            kind: "read",
            at: t,
            subscriber: subs[d.sub % subs.length] as string,
            max: d.max,
          };
        const hash = d.event === "inv" ? `block:${d.item % items}` : `${d.event}:${k}`;
        return {
          kind: "emit",
          at: t,
          from: PEERS[d.peer] as string,
          event: { type: "peer-event", kind: d.event, hash, sentAt: Math.max(0, t - d.late) },
        };
      });
      return {
        config: {
          mode,
          capacity,
          laneCapacity: lanes,
          dedup,
          dedupTtlMs: ttl,
          dedupCapacity,
          subscribers: subs,
        },
        steps: out,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// The ghost and the judge

export interface RouterViolation {
  readonly id: string;
  /** The failure class (what is wrong). */
  readonly code: string;
  readonly message: string;
}

function show(e: PeerEvent): string {
  return `${e.kind} ${e.hash} (sent at ${e.sentAt})`;
}

interface SubGhost {
  /** Per channel: the lowest index not yet delivered or passed over. */
  readonly next: Map<string, number>;
  /** Per channel: events delivered. */
  readonly delivered: Map<string, number>;
  /** Events passed over (lost) when a later one was delivered. */
  skipped: number;
  /** Σ lagged reported. */
  lagged: number;
}

/**
 * Runs a case against a router and returns the first violation of `id` (ROUTER-1…4), or
 * undefined. The ghost keeps, per channel, every event forwarded into it; a channel of
 * capacity k must hold exactly the last k of them.
 */
export function judgeRouterCase<H>(
  part: RouterUnderTest<H>,
  c: RouterCase,
  id: string,
): RouterViolation | undefined {
  const cfg = c.config;
  const segmented = cfg.mode === "segmented";
  const chanOf = (kind: EventKind): string => (segmented ? laneOf(kind) : "all");
  const channels: readonly string[] = segmented ? LANES : ["all"];
  const capOf = (ch: string): number => (segmented ? cfg.laneCapacity[ch as Lane] : cfg.capacity);
  const logs = new Map<string, PeerEvent[]>(channels.map((ch) => [ch, []]));
  const logOf = (ch: string): PeerEvent[] => logs.get(ch) ?? [];
  const oldest = (ch: string): number => Math.max(0, logOf(ch).length - capOf(ch));
  const subs = new Map<string, SubGhost>(
    cfg.subscribers.map((s) => [
      s,
      {
        next: new Map(channels.map((ch) => [ch, 0])),
        delivered: new Map(channels.map((ch) => [ch, 0])),
        skipped: 0,
        lagged: 0,
      },
    ]),
  );
  // Dedup ghost: when each item was last accepted as new (and the sighting index), all sightings.
  const lastNew = new Map<string, { at: number; index: number }>();
  const sightings: string[] = [];

  const h = part.create(cfg);
  const fail = (code: string, message: string): RouterViolation => ({ id, code, message });
  const isControlLoss = (ch: string) => segmented && ch === "control";

  const emit = (step: Extract<RouterStep, { kind: "emit" }>, k: number) => {
    const e = step.event;
    const o = part.emit(h, step.from, e, step.at);
    const where = `step ${k + 1}: ${show(e)} from ${step.from} at ${step.at} ms`;
    if (id === "ROUTER-3") {
      const valid: readonly RouterEmitOutcome[] =
        e.kind !== "inv" || cfg.dedup === "off"
          ? ["forwarded"]
          : cfg.dedup === "log"
            ? ["forwarded", "duplicate"]
            : ["forwarded", "dropped"];
      if (!valid.includes(o))
        return fail(
          "bad-outcome",
          `${where}: outcome "${o}" where only ${valid.join(" or ")} is allowed (dedup ${cfg.dedup})`,
        );
      if (e.kind === "inv" && cfg.dedup !== "off") {
        const last = lastNew.get(e.hash);
        const fresh = last !== undefined && step.at - last.at < cfg.dedupTtlMs;
        if (o !== "forwarded" && !fresh)
          return fail(
            "non-duplicate-deduplicated",
            `${where}: ${o === "dropped" ? "dropped" : "flagged"} as a duplicate, but ${last === undefined ? "it was never accepted before" : `it was last accepted ${step.at - last.at} ms ago, TTL ${cfg.dedupTtlMs} ms`}`,
          );
        if (o === "forwarded" && fresh && last !== undefined) {
          const others = new Set(sightings.slice(last.index + 1).filter((x) => x !== e.hash));
          if (others.size < cfg.dedupCapacity)
            return fail(
              "duplicate-not-recognised",
              `${where}: not recognised as a duplicate of the item accepted ${step.at - last.at} ms ago (TTL ${cfg.dedupTtlMs} ms, ${others.size} other item(s) since, cache of ${cfg.dedupCapacity})`,
            );
        }
      }
    }
    if (e.kind === "inv") {
      sightings.push(e.hash);
      if (o === "forwarded" && cfg.dedup !== "off")
        lastNew.set(e.hash, { at: step.at, index: sightings.length - 1 });
    }
    if (o !== "dropped") logOf(chanOf(e.kind)).push(e);
    return undefined;
  };

  /** Judges one read; returns the violation, if any, and how many events it delivered. */
  const read = (sub: string, max: number, at: number, where: string) => {
    const g = subs.get(sub) as SubGhost;
    // What it must receive: min(max, events still held and not yet received).
    let waiting = 0;
    for (const ch of channels)
      waiting += logOf(ch).length - Math.max(g.next.get(ch) ?? 0, oldest(ch));
    const r = part.read(h, sub, max, at);
    if (typeof r !== "object" || r === null || !Array.isArray(r.events))
      throw new Error(`read returned ${JSON.stringify(r) ?? String(r)}`);
    if (id === "ROUTER-2" && r.events.length < Math.min(max, waiting))
      return {
        v: fail(
          "read-short",
          `${where}: ${r.events.length} event(s), though ${waiting} were waiting for it in its channels and the budget is ${max}`,
        ),
        n: 0,
      };
    if (id === "ROUTER-2" && r.events.length > max)
      return {
        v: fail("read-over-budget", `${where}: ${r.events.length} events for a budget of ${max}`),
        n: 0,
      };
    for (const e of r.events) {
      const ch = chanOf(e.kind);
      const log = logOf(ch);
      const from = g.next.get(ch) ?? 0;
      // Identical events (a duplicate announced twice at once) are told apart charitably: the
      // earliest copy still held, else the earliest copy at all.
      const same = (x: PeerEvent | undefined) =>
        x !== undefined && x.kind === e.kind && x.hash === e.hash && x.sentAt === e.sentAt;
      let q = Math.max(from, oldest(ch));
      while (q < log.length && !same(log[q])) q++;
      if (q >= log.length) {
        q = from;
        while (q < log.length && !same(log[q])) q++;
      }
      if (q >= log.length) {
        if (id === "ROUTER-2")
          return {
            v: fail(
              "received-unforwarded-or-out-of-order",
              `${where}: ${sub} received ${show(e)}, which was not forwarded, or not after what it received before`,
            ),
            n: 0,
          };
        continue;
      }
      if (id === "ROUTER-1" && q < oldest(ch))
        return {
          v: fail(
            "received-overwritten-event",
            `${where}: ${sub} received ${show(e)}, event ${q + 1} of channel ${ch}, although ${log.length - q - 1} newer ones were forwarded into it (capacity ${capOf(ch)}): the channel held more than its capacity`,
          ),
          n: 0,
        };
      if (segmented && id === "ROUTER-4") {
        for (const hi of LANES.slice(0, LANES.indexOf(ch as Lane))) {
          const waiting = Math.max(g.next.get(hi) ?? 0, oldest(hi));
          if (waiting < logOf(hi).length)
            return {
              v: fail(
                "lower-lane-served-first",
                `${where}: ${sub} received ${show(e)} (lane ${ch}) while ${show(logOf(hi)[waiting] as PeerEvent)} waited in the higher-priority lane ${hi}`,
              ),
              n: 0,
            };
        }
      }
      for (let lost = from; lost < q; lost++) {
        if (lost < oldest(ch)) continue;
        const what = `${where}: ${sub} received ${show(e)} but lost ${show(log[lost] as PeerEvent)}, which was still among the last ${capOf(ch)} of channel ${ch}`;
        if (id === "ROUTER-2" || (id === "ROUTER-4" && isControlLoss(ch)))
          return {
            v: fail(id === "ROUTER-4" ? "control-event-lost" : "held-event-lost", what),
            n: 0,
          };
      }
      g.skipped += q - from;
      g.next.set(ch, q + 1);
      g.delivered.set(ch, (g.delivered.get(ch) ?? 0) + 1);
    }
    if (id === "ROUTER-2" && !(Number.isInteger(r.lagged) && r.lagged >= 0))
      return { v: fail("lagged-not-a-count", `${where}: lagged ${r.lagged}`), n: 0 };
    g.lagged += r.lagged;
    let upper = 0;
    for (const ch of channels)
      upper += Math.max(g.next.get(ch) ?? 0, oldest(ch)) - (g.delivered.get(ch) ?? 0);
    if (id === "ROUTER-2" && g.lagged < g.skipped)
      return {
        v: fail(
          "loss-not-counted",
          `${where}: ${sub} has lost ${g.skipped} events so far but only ${g.lagged} were counted as lagged`,
        ),
        n: 0,
      };
    if (id === "ROUTER-2" && g.lagged > upper)
      return {
        v: fail(
          "lag-overcounted",
          `${where}: ${sub} counted ${g.lagged} events as lagged, but only ${upper} were overwritten before it read them`,
        ),
        n: 0,
      };
    return { v: undefined, n: r.events.length };
  };

  let now = 0;
  for (const [k, step] of c.steps.entries()) {
    now = step.at;
    if (step.kind === "emit") {
      const v = emit(step, k);
      if (v !== undefined) return v;
    } else {
      const { v } = read(
        step.subscriber,
        step.max,
        step.at,
        `step ${k + 1}: ${step.subscriber} reads up to ${step.max} at ${step.at} ms`,
      );
      if (v !== undefined) return v;
    }
  }
  // Drain: every subscriber reads until it gets nothing.
  let total = 0;
  for (const ch of channels) total += logOf(ch).length;
  for (const sub of cfg.subscribers) {
    let rounds = 0;
    for (;;) {
      const { v, n } = read(sub, 64, now, `draining ${sub}`);
      if (v !== undefined) return v;
      if (n === 0) break;
      if (++rounds > total + 1)
        return id === "ROUTER-2"
          ? fail("never-drains", `draining ${sub}: it keeps receiving events`)
          : undefined;
    }
    const g = subs.get(sub) as SubGhost;
    for (const ch of channels) {
      const log = logOf(ch);
      const left = Math.max(g.next.get(ch) ?? 0, oldest(ch));
      if (left < log.length) {
        const what = `after draining, ${sub} never received ${show(log[left] as PeerEvent)}, still among the last ${capOf(ch)} of channel ${ch}`;
        if (id === "ROUTER-2" || (id === "ROUTER-4" && isControlLoss(ch)))
          return fail(id === "ROUTER-4" ? "control-event-lost" : "held-event-lost", what);
      }
    }
    let forwarded = 0;
    let delivered = 0;
    for (const ch of channels) {
      forwarded += logOf(ch).length;
      delivered += g.delivered.get(ch) ?? 0;
    }
    if (id === "ROUTER-2" && delivered + g.lagged !== forwarded)
      return fail(
        "drained-count-mismatch",
        `after draining, ${sub} received ${delivered} and counted ${g.lagged} lagged of ${forwarded} forwarded events`,
      );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The properties

const TITLES = {
  "ROUTER-1": "bounded channels: a subscriber never receives an event older than the last capacity",
  "ROUTER-2":
    "a slow subscriber loses only overwritten events, receives the rest once and in order, and every loss is counted",
  "ROUTER-3":
    "dedup: an inventory item is dropped (or flagged) only within the TTL of its acceptance, and is while still cached",
  "ROUTER-4":
    "segmented lanes: higher lanes are served first and a flood of other lanes never costs a control event",
} as const;

export const ROUTER_PROPERTY_IDS = Object.keys(TITLES) as (keyof typeof TITLES)[];

export const ROUTER_CASES: Record<keyof typeof TITLES, RouterCaseOptions> = {
  "ROUTER-1": {},
  "ROUTER-2": {},
  "ROUTER-3": { dedup: ["log", "drop"], inventoryHeavy: true },
  "ROUTER-4": { modes: ["segmented"] },
};

/** The router suite of an implementation. */
export function routerProperties<H>(
  part: RouterUnderTest<H>,
  name = "implementation",
): InvariantProperty[] {
  return ROUTER_PROPERTY_IDS.map((id) => ({
    id,
    suite: "router",
    title: TITLES[id],
    numRuns: 200,
    reduce: reduceScheduleArguments,
    build: () =>
      fc.property(arbRouterCase(ROUTER_CASES[id]), (c) => {
        const v = judgeRouterCase(part, c, id);
        if (v !== undefined) violation(v.code, `${id} violated by ${name}: ${v.message}`);
      }),
  }));
}
