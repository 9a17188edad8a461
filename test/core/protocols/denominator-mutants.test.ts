/**
 * Examples that pin down what the property suites leave loose in the P2P denominator machines
 * (found by StrykerJS, bench/mutation/equivalent.md): defaults, the exact effects of a
 * recipient's start and round and of a provider's reset, rejection and grant, the ledger over
 * two grants, and the MIN_MAGNITUDE cut in both provider variants.
 */
import { describe, expect, it } from "vitest";
import {
  asQuantity,
  confidenceOf,
  DEFAULT_RECIPIENT_OPTIONS,
  learnFromAllocation,
  mergeGossip,
  P2P_SEED,
  viewAfterResponse,
  denominatorMachine,
  providerInit,
  recipientInit,
  tamperP2P,
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

describe("P2P recipient: bounds, confidence, responses and gossip", () => {
  const resp = (
    allocated: number,
    extra: { capacity_hint?: number; current_utilization?: number } = {},
  ) => ({
    type: "allocation_response" as const,
    provider_id: "P",
    recipient_id: "R",
    allocated_amount: allocated,
    ...extra,
    timestamp: 0,
  });
  const respond = (allocated: number): NodeInput<P2PMessage> => ({
    kind: "message",
    from: "P",
    msg: resp(allocated),
  });

  it("quantities keep MIN_MAGNITUDE itself; initial views, providers and partners are normalised", () => {
    expect(asQuantity(1e-9)).toBe(1e-9);
    const r = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { Q: 0.5, P: 0.5 },
      partners: ["c", "R", "b", "c"],
    });
    expect(Object.keys(r.providers)).toEqual(["P", "Q"]);
    expect(r.providers["P"]?.history).toEqual([]);
    expect(r.partners).toEqual(["b", "c"]);
    const rd = step(r, { kind: "timer", name: "round" });
    expect(rd.effects.flatMap((e) => (e.kind === "send" ? [e.to] : []))).toEqual(["P", "Q"]);
  });

  it("confidence from the variance of the last five grants, at the thresholds 10 and 50", () => {
    expect(confidenceOf([1000, 1, 1, 1, 1, 1])).toBe(0.9); // only the last five count
    expect(confidenceOf([0, 0, 6])).toBe(0.6); // sample variance 24 / 2 = 12
    expect(confidenceOf([1, 4, 7, 8])).toBe(0.6); // variance exactly 10
    expect(confidenceOf([0, 10, 10, 10, 20])).toBe(0.3); // variance exactly 50
  });

  it("a residual of exactly satisfiedBelow is not done yet", () => {
    const r = recipientInit({ id: "R", statedNeed: 1, providers: { P: 0.5 }, partners: [] });
    expect(step(r, { kind: "start" }).effects).toHaveLength(1);
  });

  it("a response keeps up to five grants and takes exhaustion only from a full hint", () => {
    const r = recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [] });
    const v = {
      ...(r.providers["P"] as NonNullable<(typeof r.providers)["P"]>),
      history: [1, 2, 3],
    };
    expect(viewAfterResponse(v, resp(4), 96, SEED_LEARNING_RATE).history).toEqual([1, 2, 3, 4]);
    const ex = { ...v, exhausted: true };
    expect(
      viewAfterResponse(ex, resp(0, { current_utilization: 5 }), 96, SEED_LEARNING_RATE).exhausted,
    ).toBe(true);
    expect(
      viewAfterResponse(ex, resp(0, { capacity_hint: 5 }), 96, SEED_LEARNING_RATE).exhausted,
    ).toBe(true);
    expect(
      viewAfterResponse(
        v,
        resp(0, { capacity_hint: 10, current_utilization: 4 }),
        96,
        SEED_LEARNING_RATE,
      ).exhausted,
    ).toBe(false);
  });

  it("adaptive trust: a factor of exactly 2 is not far", () => {
    expect(mergeGossip(10, 20, 1, "adaptive", 0.2).trust).toBeCloseTo(0.22, 12);
  });

  it("after a response: gossip to at most fanout partners, a log, and a cancel once satisfied", () => {
    const lone = recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [] });
    expect(step(lone, respond(10)).effects).toEqual([
      {
        kind: "log",
        event: "granted",
        data: { provider: "P", allocated: 10, satisfaction: 10, residual: 90 },
      },
    ]);
    const r = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 0.5 },
      partners: ["a", "b", "c", "d"],
    });
    const g = step(r, respond(10));
    expect(g.effects.filter((e) => e.kind === "send")).toHaveLength(3);
    expect(g.effects[0]).toMatchObject({
      kind: "send",
      msg: { my_mr_value: 0.5, my_residual_need: 90 },
    });
    expect(g.effects.some((e) => e.kind === "cancelTimer")).toBe(false);
    const done = step(g.state, respond(90));
    expect(done.effects.at(-1)).toEqual({ kind: "cancelTimer", name: "round" });
    expect(step(done.state, respond(5)).effects.some((e) => e.kind === "cancelTimer")).toBe(false);
  });

  it("gossip: senders become known in key order; adaptive trust is recorded", () => {
    const r = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 0.5 },
      partners: [],
      options: { trust: "adaptive" },
    });
    const gossip = (sender: string): NodeInput<P2PMessage> => ({
      kind: "message",
      from: sender,
      msg: {
        type: "denominator_gossip",
        sender_id: sender,
        provider_id: "P",
        estimated_denominator: 50,
        my_residual_need: 10,
        my_mr_value: 0.5,
        confidence: 1,
        timestamp: 0,
      },
    });
    const s = step(step(r, gossip("z")).state, gossip("a")).state as RecipientState;
    expect(s.known).toEqual(["a", "z"]);
    expect(Object.keys(s.trust).sort()).toEqual(["a", "z"]);
    // Constant trust records nothing per sender.
    const c = step({ ...r, options: { ...r.options, trust: "constant" } }, gossip("a")).state;
    expect(Object.keys((c as RecipientState).trust)).toEqual([]);
  });
});

describe("P2P checks on hand-broken states", () => {
  const ids = (vs: readonly { id: string }[]) => vs.map((v) => v.id);
  const p0 = providerInit({ id: "P", capacity: 10, variant: "seed", recipients: { R: 1 } });
  const g1 = step(p0, request("R", 4), 1).state as ProviderState;
  const grant = g1.lastGrant as NonNullable<ProviderState["lastGrant"]>;
  const check = (a: DenominatorState, b: DenominatorState) => denominatorMachine.check(a, b);

  it("P2P-1 … P2P-4: messages, and which grant is looked at", () => {
    expect(check(p0, { ...g1, ledgerTotal: 11 })).toEqual([
      { id: "P2P-1", message: "P has 11 granted and still held against a capacity of 10" },
    ]);
    const over = {
      ...grant,
      granted: 5,
      expected: 5,
      ledgerAvailableBefore: -2,
      availableBefore: 3,
    };
    expect(check(p0, { ...g1, lastGrant: over })).toEqual([
      {
        id: "P2P-2",
        message: "P granted 5 to R with only 0 not already granted (its own 'available' said 3)",
      },
    ]);
    expect(
      ids(check(p0, { ...g1, lastGrant: { ...grant, granted: 5, residual: 4, expected: 5 } })),
    ).toEqual(["P2P-3"]);
    expect(check(p0, { ...g1, available: 9 })).toEqual([
      {
        id: "P2P-4",
        message:
          "P: available 9 ≠ capacity − Σ current_allocations = 6 (an earlier grant was overwritten)",
      },
    ]);
    // An unchanged state is not re-checked; a reset is; an old grant is not looked at again.
    const broken = { ...g1, ledgerTotal: 11, lastGrant: over };
    expect(check(broken, { ...broken })).toEqual([]);
    expect(ids(check(broken, { ...broken, resets: 1 }))).toEqual(["P2P-1"]);
    expect(check(g1, { ...g1, lastGrant: null, resets: 1 })).toEqual([]);
  });

  it("P2P-5 and P2P-6: negative satisfaction, messages, estimates at 0 and below", () => {
    const r = recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [] });
    const v = r.providers["P"] as NonNullable<(typeof r.providers)["P"]>;
    expect(ids(check(r, { ...r, satisfaction: -1, residual: 101 }))).toEqual(["P2P-5"]);
    expect(check(r, { ...r, satisfaction: 10, residual: 100 })).toEqual([
      { id: "P2P-5", message: "R: residual 100 ≠ max(0, need − satisfaction) = 90" },
    ]);
    const withEst = (e: number) => ({ ...r, providers: { P: { ...v, estDenominator: e } } });
    expect(check(r, withEst(-1))).toEqual([
      { id: "P2P-6", message: "R: estimate of P's denominator is -1" },
    ]);
    expect(check(r, withEst(0))).toEqual([]);
    // A step that changes neither the views nor the satisfaction is not re-checked.
    const bad = withEst(-1);
    expect(check(bad, { ...bad, round: 3 })).toEqual([]);
    expect(ids(check(r, withEst(NaN)))).toEqual(["P2P-6"]);
  });

  it("tampering sets full confidence only for colluders", () => {
    const msg: P2PMessage = {
      type: "denominator_gossip",
      sender_id: "R",
      provider_id: "P",
      estimated_denominator: 50,
      my_residual_need: 10,
      my_mr_value: 0.5,
      confidence: 0.3,
      timestamp: 0,
    };
    expect(tamperP2P(msg, { kind: "inflate", factor: 2 }, () => 0.5)).toMatchObject({
      estimated_denominator: 100,
      confidence: 0.3,
    });
  });
});

describe("P2P boundaries: learning bound, exhaustion, tolerance, partner refresh", () => {
  const r = recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [] });
  const v = r.providers["P"] as NonNullable<(typeof r.providers)["P"]>;

  it("the learned estimate is kept at least mr × residual", () => {
    const view = { ...v, estCapacity: 10, estDenominator: 0 };
    // inferred 10·0.5·100/10 = 50, blended 0.3·50 = 15 < mr·residual = 50
    expect(learnFromAllocation(view, 10, 90, SEED_LEARNING_RATE).estDenominator).toBe(50);
  });

  it("a provider used up to exactly its hint minus the tolerance is exhausted", () => {
    const m = {
      type: "allocation_response" as const,
      provider_id: "P",
      recipient_id: "R",
      allocated_amount: 0,
      capacity_hint: 1,
      current_utilization: 1 - 1e-9,
      timestamp: 0,
    };
    expect(viewAfterResponse(v, m, 100, SEED_LEARNING_RATE).exhausted).toBe(true);
  });

  it("P2P-4 and P2P-5 allow a difference of exactly the tolerance", () => {
    const p1 = providerInit({ id: "P", capacity: 1, variant: "seed", recipients: { R: 1 } });
    const next = { ...p1, currentAllocations: { R: 1 }, available: 1e-9, resets: 1 };
    expect(denominatorMachine.check(p1, next)).toEqual([]);
    const r1 = recipientInit({ id: "R", statedNeed: 1, providers: { P: 0.5 }, partners: [] });
    expect(denominatorMachine.check(r1, { ...r1, satisfaction: 1, residual: 1e-9 })).toEqual([]);
  });

  it("a partner whose information moved estimates by exactly the threshold is replaced", () => {
    const s: RecipientState = {
      ...recipientInit({
        id: "R",
        statedNeed: 100,
        providers: { P: 0.5 },
        partners: ["a"],
        options: { partnerRefreshRounds: 1 },
      }),
      known: ["a", "b", "c", "d"],
      infoValue: { a: P2P_SEED.infoThreshold },
    };
    const next = step(s, { kind: "timer", name: "round" }).state as RecipientState;
    expect(next.partners).toHaveLength(3);
  });
});
