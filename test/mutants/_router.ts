/**
 * Shared by the router mutants: a small router written from SPEC §11/§13 (seed 004) as a third
 * party would, independently of src/core/protocols/router.ts, with one switch per mutant. With
 * every switch off it passes the router suite (test/properties/router.test.ts).
 */
import type { PeerEvent } from "../../src/core/protocols/router.js";
import type { RouterEmitOutcome, RouterUnderTest } from "../../properties/under-test.js";

export interface RouterBugs {
  /** An item is a duplicate while now − accepted ≤ TTL (SPEC: < TTL). */
  readonly ttlInclusive?: boolean;
  /** Lanes read data first, control last. */
  readonly lanesReversed?: boolean;
  /** The cache evicts while it holds capacity items (SPEC: more than capacity). */
  readonly lruOffByOne?: boolean;
  /** A read stops at the end of the first lane it took events from. */
  readonly readOneLane?: boolean;
}

const LANE_OF: Record<PeerEvent["kind"], "control" | "sync" | "inventory" | "data"> = {
  connected: "control",
  disconnected: "control",
  ping: "control",
  pong: "control",
  headers: "sync",
  inv: "inventory",
  block: "data",
  tx: "data",
};

interface Handle {
  readonly order: readonly string[];
  readonly chan: (e: PeerEvent) => string;
  readonly cap: Record<string, number>;
  readonly logs: Record<string, PeerEvent[]>;
  readonly cursor: Record<string, Record<string, number>>;
  readonly cache: Map<string, number>;
  readonly ttl: number;
  readonly cacheSize: number;
  readonly dedup: "off" | "log" | "drop";
}

export function thirdPartyRouter(bugs: RouterBugs = {}): RouterUnderTest<Handle> {
  return {
    create(c) {
      const segmented = c.mode === "segmented";
      const lanes = ["control", "sync", "inventory", "data"];
      const order = segmented
        ? bugs.lanesReversed === true
          ? [...lanes].reverse()
          : lanes
        : ["all"];
      const cap: Record<string, number> = {};
      const logs: Record<string, PeerEvent[]> = {};
      for (const ch of order) {
        cap[ch] = segmented ? c.laneCapacity[ch as keyof typeof c.laneCapacity] : c.capacity;
        logs[ch] = [];
      }
      const cursor: Record<string, Record<string, number>> = {};
      for (const s of c.subscribers) cursor[s] = Object.fromEntries(order.map((ch) => [ch, 0]));
      return {
        order,
        chan: (e) => (segmented ? LANE_OF[e.kind] : "all"),
        cap,
        logs,
        cursor,
        cache: new Map(),
        ttl: c.dedupTtlMs,
        cacheSize: c.dedupCapacity,
        dedup: c.dedup,
      };
    },
    emit(h, _from, event, now): RouterEmitOutcome {
      let outcome: RouterEmitOutcome = "forwarded";
      if (event.kind === "inv" && h.dedup !== "off") {
        const seen = h.cache.get(event.hash);
        const age = seen === undefined ? Infinity : now - seen;
        const dup = bugs.ttlInclusive === true ? age <= h.ttl : age < h.ttl;
        if (dup) {
          if (h.dedup === "drop") return "dropped";
          outcome = "duplicate";
        } else {
          h.cache.delete(event.hash);
          h.cache.set(event.hash, now);
          const limit = bugs.lruOffByOne === true ? h.cacheSize - 1 : h.cacheSize;
          while (h.cache.size > limit) h.cache.delete(h.cache.keys().next().value as string);
        }
      }
      (h.logs[h.chan(event)] as PeerEvent[]).push(event);
      return outcome;
    },
    read(h, sub, max) {
      const cur = h.cursor[sub];
      if (cur === undefined) throw new Error(`no subscriber ${sub}`);
      const events: PeerEvent[] = [];
      let lagged = 0;
      let budget = max;
      let tookFrom: string | undefined;
      for (const ch of h.order) {
        const log = h.logs[ch] as PeerEvent[];
        const oldest = Math.max(0, log.length - (h.cap[ch] as number));
        let c = cur[ch] as number;
        if (c < oldest) {
          lagged += oldest - c;
          c = oldest;
        }
        if (bugs.readOneLane === true && tookFrom !== undefined) {
          cur[ch] = c;
          continue;
        }
        while (budget > 0 && c < log.length) {
          events.push(log[c] as PeerEvent);
          c++;
          budget--;
          tookFrom = ch;
        }
        cur[ch] = c;
      }
      return { events, lagged };
    },
  };
}
