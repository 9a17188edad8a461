/**
 * Edge cases of the P2P denominator machines (SPEC.md §13, P2P rows): adaptive partner refresh,
 * trust modes, composition, skipExhausted, messages a role ignores, and the dishonest rewriting.
 */
import { describe, expect, it } from "vitest";
import {
  asQuantity,
  confidenceOf,
  denominatorMachine,
  learnFromAllocation,
  mergeGossip,
  P2P_SEED,
  providerInit,
  recipientInit,
  tamperP2P,
  type DenominatorState,
  type RecipientConfig,
  type RecipientState,
  viewAfterResponse,
} from "../../../src/core/protocols/denominator.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { P2PMessage } from "../../../src/core/schemas/messages.js";

const ctx = (now = 0, random: () => number = () => 0.5): NodeContext => ({
  now,
  self: "x",
  random,
});
const round: NodeInput<P2PMessage> = { kind: "timer", name: "round" };
const gossip = (
  sender: string,
  provider: string,
  estimate: number,
  extra: { confidence?: number; residual?: number; mr?: number } = {},
): NodeInput<P2PMessage> => ({
  kind: "message",
  from: sender,
  msg: {
    type: "denominator_gossip",
    sender_id: sender,
    provider_id: provider,
    estimated_denominator: estimate,
    my_residual_need: extra.residual ?? 10,
    my_mr_value: extra.mr ?? 0.5,
    confidence: extra.confidence ?? 1,
    timestamp: 0,
  },
});
const response = (
  provider: string,
  recipient: string,
  allocated: number,
  hint?: { capacity: number; used: number },
): NodeInput<P2PMessage> => ({
  kind: "message",
  from: provider,
  msg: {
    type: "allocation_response",
    provider_id: provider,
    recipient_id: recipient,
    allocated_amount: allocated,
    ...(hint === undefined ? {} : { capacity_hint: hint.capacity, current_utilization: hint.used }),
    timestamp: 0,
  },
});

function recipient(c: Partial<RecipientConfig> & Pick<RecipientConfig, "options">): RecipientState {
  return recipientInit({ id: "R", statedNeed: 100, providers: { P: 0.5 }, partners: [], ...c });
}
function step(s: RecipientState, i: NodeInput<P2PMessage>, c = ctx()) {
  const r = denominatorMachine.step(s, i, c);
  return { state: r.state as RecipientState, effects: r.effects };
}
const est = (s: RecipientState, p = "P") => s.providers[p]?.estDenominator;

describe("P2P recipient: adaptive topology (partner refresh)", () => {
  it("every k-th round keeps the informative partners, adds 3 recipients it knows, and resets the information values", () => {
    let s = recipient({
      partners: ["B", "C"],
      options: { partnerRefreshRounds: 2 },
    });
    // B's gossip moves my estimate (50 → 75: information value 0.5); C never gossips; D…F are heard of.
    s = step(s, gossip("B", "P", 100)).state;
    for (const x of ["D", "E", "F"]) s = step(s, gossip(x, "Q", 1)).state; // unknown provider: only learnt of
    expect(s.known).toEqual(["B", "C", "D", "E", "F"]);
    expect(s.infoValue).toEqual({ B: 0.5 });
    const r1 = step(
      s,
      round,
      ctx(0, () => 0),
    );
    expect(r1.state.partners).toBe(s.partners); // round 1: no refresh
    expect(r1.state.infoValue).toBe(s.infoValue);
    const r2 = step(
      r1.state,
      round,
      ctx(1000, () => 0),
    );
    // Keep B (0.5 > 0.01); C (no information) competes with D, E, F for 3 places: with random() = 0
    // the partial Fisher–Yates takes the pool in order: C, D, E.
    expect(r2.state.partners).toEqual(["B", "C", "D", "E"]);
    expect(r2.state.infoValue).toEqual({});
    // At the next refresh nobody was informative: 3 fresh partners, drawn from all 5 known
    // recipients. With random() ≈ 1 each draw swaps in the last element: F, then B, then C.
    const r3 = step(
      step(
        r2.state,
        round,
        ctx(2000, () => 0.999),
      ).state,
      round,
      ctx(3000, () => 0.999),
    );
    expect(r3.state.round).toBe(4);
    expect(r3.state.partners).toEqual(["B", "C", "F"]);
  });

  it("never refreshes with partnerRefreshRounds = 0 (the default)", () => {
    let s = recipient({ partners: ["B"], options: {} });
    s = step(s, gossip("C", "P", 100)).state;
    for (let k = 0; k < 5; k++)
      s = step(
        s,
        round,
        ctx(k * 1000, () => 0),
      ).state;
    expect(s.partners).toEqual(["B"]);
    expect(s.infoValue).toEqual({ C: 0.5 });
  });
});

describe("P2P recipient: gossip (method 2) and composition (method 3)", () => {
  it("constant trust blends w = confidence × 0.5 of the distance and records no per-sender trust", () => {
    let s = recipient({ options: {} });
    s = step(s, gossip("B", "P", 150, { confidence: 0.6 })).state;
    expect(est(s)).toBeCloseTo(50 + 0.3 * 100, 12);
    expect(s.trust).toEqual({});
  });

  it("adaptive trust halves a sender whose figure is more than ×2 away, and raises it ×1.1 (≤ 0.5) otherwise", () => {
    expect(mergeGossip(100, 300, 1, "adaptive", undefined)).toEqual({ estimate: 150, trust: 0.25 });
    expect(mergeGossip(100, 150, 1, "adaptive", 0.2).trust).toBeCloseTo(0.22, 12);
    expect(mergeGossip(100, 150, 1, "adaptive", 0.5).trust).toBe(0.5);
    expect(mergeGossip(100, 300, 1, "adaptive", 0.015).trust).toBe(0.01); // floor
    // Estimates of 0: "far" unless both are 0.
    expect(mergeGossip(0, 10, 1, "adaptive", 0.4).trust).toBe(0.2);
    expect(mergeGossip(0, 0, 1, "adaptive", 0.4).trust).toBeCloseTo(0.44, 12);
    expect(mergeGossip(100, 300, 1, "constant", 0.01)).toEqual({ estimate: 200, trust: undefined });

    let s = recipient({ options: { trust: "adaptive" } });
    s = step(s, gossip("B", "P", 1000)).state; // 50 vs 1000: far → trust 0.25
    expect(s.trust).toEqual({ B: 0.25 });
    expect(est(s)).toBeCloseTo(0.25 * 1000 + 0.75 * 50, 12);
    s = step(s, gossip("B", "P", 1000)).state; // 287.5 vs 1000: far again → 0.125
    expect(s.trust["B"]).toBe(0.125);
  });

  it("composition moves the estimate towards MR·r + Σ gossiped MR·r at the learning rate", () => {
    const s0 = recipient({ options: { composition: true } }); // est 50 = 0.5 × 100
    const s1 = step(s0, gossip("B", "P", 50, { residual: 80, mr: 0.5 })).state;
    // Gossip of my own figure changes nothing; composition: 0.5·100 + 0.5·80 = 90, α = 0.3.
    expect(est(s1)).toBeCloseTo(0.7 * 50 + 0.3 * 90, 12);
    expect(s1.providers["P"]?.updates).toBe(1);
    expect(s1.partnerInfo).toEqual({ P: { B: { residual: 80, mr: 0.5, timestamp: 0 } } });
    // A second sender adds its weight to the composition.
    const s2 = step(s1, gossip("C", "P", est(s1) as number, { residual: 20, mr: 1 })).state;
    expect(est(s2)).toBeCloseTo(0.7 * (est(s1) as number) + 0.3 * (50 + 40 + 20), 12);
    // Without composition the same gossip leaves the estimate where it was.
    const plain = step(recipient({ options: {} }), gossip("B", "P", 50, { residual: 80 })).state;
    expect(est(plain)).toBe(50);
    expect(plain.providers["P"]?.updates).toBe(0);
  });

  it("ignores gossip from itself; gossip about a provider it does not use only teaches it the sender", () => {
    const s = recipient({ options: {} });
    expect(step(s, gossip("R", "P", 999)).state).toBe(s);
    const known = step(s, gossip("B", "Q", 999)).state;
    expect(known.known).toEqual(["B"]);
    expect(known.providers).toBe(s.providers);
    // Already known: nothing changes at all.
    expect(step(known, gossip("B", "Q", 5)).state).toBe(known);
  });
});

describe("P2P recipient: rounds, exhaustion and messages it ignores", () => {
  it("skipExhausted stops asking a provider whose response says it has nothing left, and stops when all are", () => {
    let s = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 0.5, Q: 0.5 },
      partners: [],
      options: { skipExhausted: true, startOffset: 0 },
    });
    s = step(s, { kind: "start" }).state;
    s = step(s, round).state;
    s = step(s, response("P", "R", 10, { capacity: 10, used: 10 })).state;
    expect(s.providers["P"]?.exhausted).toBe(true);
    const r2 = step(s, round);
    const asked = r2.effects.flatMap((e) => (e.kind === "send" ? [e.to] : []));
    expect(asked).toEqual(["Q"]);
    const last = step(r2.state, response("Q", "R", 5, { capacity: 20, used: 20 }));
    expect(last.state.done).toBe(true);
    expect(last.effects).toContainEqual({ kind: "cancelTimer", name: "round" });
    // Done: a late round timer does nothing.
    const late = step(last.state, round);
    expect(late.state).toBe(last.state);
    expect(late.effects).toEqual([]);
    // Without skipExhausted it keeps asking both and is not done.
    let t = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 0.5, Q: 0.5 },
      partners: [],
    });
    t = step(t, response("P", "R", 10, { capacity: 10, used: 10 })).state;
    t = step(t, response("Q", "R", 5, { capacity: 20, used: 20 })).state;
    expect(t.done).toBe(false);
    expect(step(t, round).effects.filter((e) => e.kind === "send")).toHaveLength(2);
  });

  it("a recipient already satisfied at start arms no round", () => {
    const s = recipientInit({ id: "R", statedNeed: 0.5, providers: { P: 1 }, partners: [] });
    const r = step(s, { kind: "start" });
    expect(r.state.done).toBe(true);
    expect(r.effects).toEqual([]);
  });

  it("ignores requests, responses meant for someone else or from unknown providers, and other timers", () => {
    const s = recipient({ options: {} });
    const req: NodeInput<P2PMessage> = {
      kind: "message",
      from: "X",
      msg: {
        type: "allocation_request",
        recipient_id: "X",
        provider_id: "R",
        residual_need: 5,
        expected_allocation: 5,
        timestamp: 0,
      },
    };
    for (const i of [
      req,
      response("P", "Z", 5),
      response("Q", "R", 5),
      { kind: "timer", name: "other" } as const,
    ]) {
      const r = step(s, i);
      expect(r.state).toBe(s);
      expect(r.effects).toEqual([]);
    }
  });
});

describe("P2P provider: inputs it ignores", () => {
  it("ignores requests addressed to another provider, responses, gossip and other timers; the corrected one never resets", () => {
    const p = providerInit({ id: "P", capacity: 10, variant: "corrected", recipients: { R: 1 } });
    const other: NodeInput<P2PMessage> = {
      kind: "message",
      from: "R",
      msg: {
        type: "allocation_request",
        recipient_id: "R",
        provider_id: "Q",
        residual_need: 5,
        expected_allocation: 5,
        timestamp: 0,
      },
    };
    for (const i of [
      other,
      response("Q", "P", 1),
      gossip("R", "P", 3),
      { kind: "timer", name: "round-end" } as const,
      { kind: "timer", name: "other" } as const,
    ]) {
      const r = denominatorMachine.step(p, i, ctx());
      expect(r.state).toBe(p);
      expect(r.effects).toEqual([]);
    }
    expect(denominatorMachine.step(p, { kind: "start" }, ctx()).effects).toEqual([]);
    const seed = providerInit({
      id: "P",
      capacity: 10,
      variant: "seed",
      recipients: {},
      roundMs: 250,
    });
    expect(denominatorMachine.step(seed, { kind: "start" }, ctx()).effects).toEqual([
      { kind: "setTimer", name: "round-end", delay: 250 },
    ]);
  });

  it("the check compares like with like: a role change reports nothing", () => {
    const p: DenominatorState = providerInit({
      id: "P",
      capacity: 10,
      variant: "seed",
      recipients: {},
    });
    const r: DenominatorState = recipient({ options: {} });
    expect(denominatorMachine.check(p, r)).toEqual([]);
    expect(denominatorMachine.check(r, p)).toEqual([]);
    // …while a recipient whose bookkeeping is wrong is reported (P2P-5), and a bad estimate (P2P-6).
    const bad = { ...r, satisfaction: 30 };
    expect(denominatorMachine.check(r, bad).map((v) => v.id)).toEqual(["P2P-5"]);
    const nan = {
      ...r,
      providers: {
        P: { ...(r.providers["P"] as RecipientState["providers"][string]), estDenominator: NaN },
      },
    };
    expect(denominatorMachine.check(r, nan).map((v) => v.id)).toEqual(["P2P-6"]);
  });

  it("views: a provider shows its books, a recipient its estimates", () => {
    const p = providerInit({ id: "P", capacity: 10, variant: "seed", recipients: { R: 1 } });
    expect(denominatorMachine.view(p)).toEqual({
      role: "provider",
      available: 10,
      outstanding: 0,
      current_allocations: {},
      grants: 0,
      resets: 0,
    });
    expect(denominatorMachine.kindOf((gossip("B", "P", 1) as { msg: P2PMessage }).msg)).toBe(
      "denominator_gossip",
    );
    expect(denominatorMachine.view(recipient({ options: {} }))).toEqual({
      role: "recipient",
      round: 0,
      satisfaction: 0,
      residual: 100,
      estimates: { P: 50 },
    });
  });
});

describe("P2P dishonest rewriting (tamperP2P)", () => {
  const g = gossip("L", "P", 40, { residual: 10 });
  const gmsg = (g as { msg: P2PMessage }).msg;
  const resp = (response("P", "L", 5) as { msg: P2PMessage }).msg;

  it("lie-need scales residuals in requests and gossip, and leaves responses alone", () => {
    const lied = tamperP2P(gmsg, { kind: "lie-need", factor: 3 }, () => 0.5);
    expect(lied.type === "denominator_gossip" && lied.my_residual_need).toBe(30);
    expect(lied.type === "denominator_gossip" && lied.estimated_denominator).toBe(40);
    expect(tamperP2P(resp, { kind: "lie-need", factor: 3 }, () => 0.5)).toBe(resp);
  });

  it("gossip strategies rewrite the gossiped estimate only; collude also claims full confidence", () => {
    const e = (m: P2PMessage) => (m.type === "denominator_gossip" ? m.estimated_denominator : NaN);
    expect(e(tamperP2P(gmsg, { kind: "inflate", factor: 5 }, () => 0.5))).toBe(200);
    expect(e(tamperP2P(gmsg, { kind: "deflate", factor: 4 }, () => 0.5))).toBe(10);
    const c = tamperP2P(gmsg, { kind: "collude", value: 7 }, () => 0.5);
    expect(c.type === "denominator_gossip" && [c.estimated_denominator, c.confidence]).toEqual([
      7, 1,
    ]);
    const draws = [0.5, 0.5]; // Z = √(2 ln 2) · cos π = −√(2 ln 2)
    const n = e(tamperP2P(gmsg, { kind: "noise", sigma: 0.1 }, () => draws.shift() ?? 0));
    expect(n).toBeCloseTo(40 * Math.exp(-0.1 * Math.sqrt(2 * Math.LN2)), 12);
    expect(tamperP2P(resp, { kind: "inflate", factor: 5 }, () => 0.5)).toBe(resp);
    expect(P2P_SEED.trust).toBe(0.5);
  });
});

describe("P2P estimator helpers (method 1)", () => {
  const view = {
    mr: 0.5,
    estCapacity: null,
    estDenominator: 50,
    lastAllocation: 0,
    history: [],
    updates: 0,
    exhausted: false,
    received: 0,
  };

  it("quantities as the schemas accept them: tiny, negative and NaN become 0, huge ones are capped", () => {
    expect([
      asQuantity(1e-12),
      asQuantity(-1),
      asQuantity(NaN),
      asQuantity(2e15),
      asQuantity(3),
    ]).toEqual([0, 0, 0, 1e15, 3]);
  });

  it("gossip states MR as a fraction: an MR of 1 or more is sent as 1", () => {
    let s = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 1.5 },
      partners: ["B"],
    });
    const r = step(s, response("P", "R", 10, { capacity: 40, used: 10 }));
    s = r.state;
    const sent = r.effects.flatMap((e) =>
      e.kind === "send" && e.msg.type === "denominator_gossip" ? [e.msg] : [],
    );
    expect(sent.map((m) => [m.my_mr_value, m.my_residual_need])).toEqual([[1, 90]]);
    expect(s.residual).toBe(90);
  });

  it("confidence 0.6 for a moderate variance of the last grants", () => {
    expect(confidenceOf([0, 5, 10])).toBe(0.6); // variance 25
  });

  it("without a capacity hint it assumes twice the grant (the seed's `or allocated * 2`)", () => {
    const v = learnFromAllocation(view, 10, 90, { kind: "constant", alpha: 0.3 });
    // inferred = 20 × 0.5 × (90 + 10) / 10 = 100; 0.7 × 50 + 0.3 × 100 = 65.
    expect(v.estDenominator).toBeCloseTo(65, 12);
    expect(v.updates).toBe(1);
  });

  it("a response without hints keeps the capacity estimate and exhaustion; a grant of 0 teaches nothing", () => {
    const v0 = {
      ...view,
      estCapacity: 400,
      exhausted: true,
      history: [1, 2, 3, 4, 5],
      received: 15,
    };
    const m = (allocated: number) => ({
      type: "allocation_response" as const,
      provider_id: "P",
      recipient_id: "R",
      allocated_amount: allocated,
      timestamp: 0,
    });
    const zero = viewAfterResponse(v0, m(0), 100, { kind: "constant", alpha: 0.3 });
    expect(zero).toEqual({ ...v0, history: [2, 3, 4, 5, 0], lastAllocation: 0 });
    const six = viewAfterResponse(v0, m(6), 94, { kind: "constant", alpha: 0.3 });
    expect(six.history).toEqual([2, 3, 4, 5, 6]); // the last five
    expect([six.estCapacity, six.exhausted, six.received, six.updates]).toEqual([400, true, 21, 1]);
  });
});

describe("P2P checks and lies about need", () => {
  it("P2P-3 reports a grant above the residual or the request, with its figures", () => {
    const p = providerInit({ id: "P", capacity: 10, variant: "corrected", recipients: { R: 1 } });
    expect(denominatorMachine.check(p, p)).toEqual([]);
    const next = {
      ...p,
      available: 6.75,
      currentAllocations: { R: 3.25 },
      ledger: { R: 3.25 },
      ledgerTotal: 3.25,
      lastGrant: {
        recipient: "R",
        expected: 2.5,
        residual: 2.5,
        granted: 3.25,
        availableBefore: 10,
        ledgerAvailableBefore: 10,
        at: 0,
      },
    };
    expect(denominatorMachine.check(p, next)).toEqual([
      {
        id: "P2P-3",
        message: "P granted 3.2500 to R, more than its residual 2.5000 or request 2.5000",
      },
    ]);
  });

  it("lie-need scales the residual a request states", () => {
    const req: P2PMessage = {
      type: "allocation_request",
      recipient_id: "L",
      provider_id: "P",
      residual_need: 10,
      expected_allocation: 4,
      timestamp: 0,
    };
    const lied = tamperP2P(req, { kind: "lie-need", factor: 2.5 }, () => 0.5);
    expect(lied).toEqual({ ...req, residual_need: 25 });
  });

  it("a recipient's check is skipped when neither its estimates nor its satisfaction changed", () => {
    const r = recipient({ options: {} });
    expect(denominatorMachine.check(r, { ...r, round: 3 })).toEqual([]);
  });
});
