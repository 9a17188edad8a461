/**
 * Examples that pin down what the property suites leave loose in the P2P denominator machines
 * (found by StrykerJS, bench/mutation/equivalent.md): defaults, the exact effects of a
 * recipient's start and round and of a provider's reset, rejection and grant, the ledger over
 * two grants, and the MIN_MAGNITUDE cut in both provider variants.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RECIPIENT_OPTIONS,
  denominatorMachine,
  providerInit,
  recipientInit,
  type DenominatorState,
  type ProviderState,
  type ProviderVariant,
  type RecipientState,
} from "../../../src/core/protocols/denominator.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import { SEED_LEARNING_RATE } from "../../../src/core/protocols/learning-rate.js";
import type { P2PMessage } from "../../../src/core/schemas/messages.js";

const ctx = (now: number): NodeContext => ({ now, self: "x", random: () => 0.5 });
const step = (s: DenominatorState, i: NodeInput<P2PMessage>, now = 0) =>
  denominatorMachine.step(s, i, ctx(now));
const request = (from: string, expected: number, residual = 5): NodeInput<P2PMessage> => ({
  kind: "message",
  from,
  msg: {
    type: "allocation_request",
    recipient_id: from,
    provider_id: "P",
    residual_need: residual,
    expected_allocation: expected,
    timestamp: 0,
  },
});

describe("P2P recipient: defaults, start and round", () => {
  it("the defaults and the machine's name", () => {
    expect(DEFAULT_RECIPIENT_OPTIONS).toEqual({
      roundMs: 1000,
      learningRate: SEED_LEARNING_RATE,
      composition: false,
      trust: "constant",
      capacityGuess: 1000,
      fanout: 3,
      skipExhausted: false,
      partnerRefreshRounds: 0,
      satisfiedBelow: 1,
    });
    expect(denominatorMachine.name).toBe("p2p-denominator");
  });

  it("starts at a random offset within the round, then requests from each provider every round", () => {
    const r0 = recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [] });
    const st = step(r0, { kind: "start" }, 0);
    expect(st.effects).toEqual([{ kind: "setTimer", name: "round", delay: 500 }]);
    const rd = step(st.state, { kind: "timer", name: "round" }, 500);
    expect(rd.effects).toEqual([
      {
        kind: "send",
        to: "P",
        msg: {
          type: "allocation_request",
          recipient_id: "R",
          provider_id: "P",
          residual_need: 100,
          expected_allocation: 1000,
          timestamp: 500,
        },
      },
      { kind: "setTimer", name: "round", delay: 1000 },
      { kind: "log", event: "round", data: { round: 1, residual: 100 } },
    ]);
    expect((rd.state as RecipientState).requests).toBe(1);
  });
});

describe("P2P provider: effects and ledger", () => {
  const provider = (variant: ProviderVariant) =>
    providerInit({ id: "P", capacity: 10, variant, recipients: { R: 1 }, roundMs: 100 });

  it("the seed provider resets on its round-end timer only", () => {
    const p = provider("seed");
    const g = step(p, request("R", 4), 1).state;
    expect(step(g, { kind: "timer", name: "other" }).state).toBe(g);
    const r = step(g, { kind: "timer", name: "round-end" }, 100);
    expect(r.effects).toEqual([
      { kind: "setTimer", name: "round-end", delay: 100 },
      { kind: "log", event: "reset", data: { outstanding: 4 } },
    ]);
    expect(r.state).toMatchObject({ resets: 1, available: 10, currentAllocations: {} });
  });

  it("rejects a stranger with a zero response", () => {
    const r = step(provider("seed"), request("X", 4), 3);
    expect(r.effects).toEqual([
      {
        kind: "send",
        to: "X",
        msg: {
          type: "allocation_response",
          provider_id: "P",
          recipient_id: "X",
          allocated_amount: 0,
          timestamp: 3,
        },
      },
      { kind: "log", event: "reject", data: { recipient: "X" } },
    ]);
    expect((r.state as ProviderState).rejections).toBe(1);
  });

  for (const variant of ["seed", "corrected"] as const) {
    it(`${variant}: grants, books them in the ledger and cuts below MIN_MAGNITUDE`, () => {
      const g1 = step(provider(variant), request("R", 4), 2);
      expect(g1.effects).toEqual([
        {
          kind: "send",
          to: "R",
          msg: {
            type: "allocation_response",
            provider_id: "P",
            recipient_id: "R",
            allocated_amount: 4,
            capacity_hint: 10,
            current_utilization: 4,
            timestamp: 2,
          },
        },
        { kind: "log", event: "grant", data: { recipient: "R", granted: 4, outstanding: 4 } },
      ]);
      const g2 = step(g1.state, request("R", 3), 3).state as ProviderState;
      expect(g2).toMatchObject({ grants: 2, ledger: { R: 7 }, ledgerTotal: 7, available: 3 });
      // A grant below MIN_MAGNITUDE is none: no ledger entry, no count.
      const tiny = step(provider(variant), request("R", 1e-12), 4).state as ProviderState;
      expect(tiny).toMatchObject({ id: "P", grants: 0, ledger: {}, ledgerTotal: 0 });
      expect(tiny.lastGrant?.granted).toBe(0);
      const least = step(provider(variant), request("R", 1e-9), 4).state as ProviderState;
      expect(least.lastGrant?.granted).toBe(1e-9);
    });
  }
});
