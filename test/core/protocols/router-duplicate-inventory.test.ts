/**
 * A router peer's `duplicateInventory` (found by StrykerJS, session 8: the knob was reached only
 * by the audit's router claims, through simulations): which block announcements repeat the
 * block and which announce an item of their own, at the probability's edges.
 */
import { describe, expect, it } from "vitest";
import {
  routerMachine,
  routerPeerInit,
  type PeerEvent,
  type RouterPeerConfig,
} from "../../../src/core/protocols/router.js";

describe("router peers: duplicateInventory (the expected fraction of repeated announcements)", () => {
  const base: RouterPeerConfig = {
    id: "p1",
    router: "router",
    index: 1,
    peers: 4,
    blocks: 8,
    burstStartMs: 0,
    blockIntervalMs: 10,
    txPerBlock: 0,
    pingMs: 0,
    untilMs: 0,
  };
  /** The hash of the inventory announcement of block `k` and how many draws it took. */
  function inv(over: Partial<RouterPeerConfig>, k: number, draw: number): [string, number] {
    const s = { ...routerPeerInit({ ...base, ...over }), next: k };
    let draws = 0;
    const random = () => {
      draws++;
      return draw;
    };
    const r = routerMachine.step(
      s,
      { kind: "timer", name: "block" },
      { now: 0, self: "p1", random },
    );
    const first = r.effects[0] as { kind: string; msg: PeerEvent };
    expect(first.msg.kind).toBe("inv");
    return [first.msg.hash, draws];
  }
  const hash = (over: Partial<RouterPeerConfig>, k: number, draw: number) => inv(over, k, draw)[0];

  it("absent: every peer announces the block, and draws nothing", () => {
    for (const draw of [0, 0.99]) expect(inv({}, 0, draw)).toEqual(["block:0", 0]);
  });

  it("set: a non-sender repeats the block with probability min(1, d × peers / (peers − 1)), else announces its own item", () => {
    // d = 0.3 with 4 peers: 0.3 × 4 / 3 = 0.4.
    expect(hash({ duplicateInventory: 0.3 }, 0, 0.39)).toBe("block:0");
    expect(hash({ duplicateInventory: 0.3 }, 0, 0.41)).toBe("item:p1:0");
    expect(hash({ duplicateInventory: 0.3 }, 2, 0.99)).toBe("item:p1:2");
    // Strictly below: d = 0.25 with 2 peers gives 0.5 exactly, and a draw of 0.5 is not below it.
    expect(hash({ duplicateInventory: 0.25, peers: 2 }, 0, 0.5)).toBe("item:p1:0");
    expect(hash({ duplicateInventory: 0.25, peers: 2 }, 0, 0.4999)).toBe("block:0");
    // Capped at 1: d = 0.9 with 2 peers (1.8) always repeats.
    expect(hash({ duplicateInventory: 0.9, peers: 2 }, 0, 0.9999)).toBe("block:0");
    // d = 0: never repeats.
    expect(hash({ duplicateInventory: 0 }, 0, 0)).toBe("item:p1:0");
  });

  it("set: the block's data sender always announces the block itself", () => {
    // Block 1 is p1's (1 mod 4 = index 1), block 5 too.
    for (const k of [1, 5])
      expect(inv({ duplicateInventory: 0 }, k, 0.99)).toEqual([`block:${k}`, 0]);
  });
});
