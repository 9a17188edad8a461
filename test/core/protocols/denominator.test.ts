import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  confidenceOf,
  decideGrant,
  denominatorMachine,
  expectedAllocation,
  providerInit,
  recipientInit,
  tamperP2P,
  type DenominatorState,
  type ProviderState,
  type ProviderVariant,
} from "../../../src/core/protocols/denominator.js";
import {
  DEFAULT_ROBBINS_MONRO,
  learningRateAt,
  learningRateProblem,
} from "../../../src/core/protocols/learning-rate.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import { p2pMessageSchema, type P2PMessage } from "../../../src/core/schemas/messages.js";

const ctx = (now = 0): NodeContext => ({ now, self: "x", random: () => 0.5 });
const request = (R: string, residual: number, expected: number): NodeInput<P2PMessage> => ({
  kind: "message",
  from: R,
  msg: {
    type: "allocation_request",
    recipient_id: R,
    provider_id: "P",
    residual_need: residual,
    expected_allocation: expected,
    timestamp: 0,
  },
});
const reset: NodeInput<P2PMessage> = { kind: "timer", name: "round-end" };

function run(variant: ProviderVariant, inputs: NodeInput<P2PMessage>[]) {
  let s: DenominatorState = providerInit({
    id: "P",
    capacity: 100,
    variant,
    recipients: { A: 0.5, B: 0.5 },
  });
  const ids = new Set<string>();
  for (const i of inputs) {
    const r = denominatorMachine.step(s, i, ctx());
    for (const v of denominatorMachine.check(s, r.state)) ids.add(v.id);
    for (const e of r.effects) if (e.kind === "send") p2pMessageSchema.parse(e.msg);
    s = r.state;
  }
  return { state: s as ProviderState, violated: ids };
}

const arbInputs = fc.array(
  fc.oneof(
    fc
      .tuple(
        fc.constantFrom("A", "B"),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 150 }),
      )
      .map(([r, res, exp]) => request(r, res, exp)),
    fc.constant(reset),
  ),
  { maxLength: 12 },
);

describe("P2P denominator providers (seed 000)", () => {
  it("P2P-1 the corrected provider conserves capacity under every interleaving of requests and rounds", () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const { state, violated } = run("corrected", inputs);
        expect([...violated]).toEqual([]);
        expect(state.ledgerTotal).toBeLessThanOrEqual(state.capacity + 1e-9);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("P2P-1 the seed provider's over-grant is found: after reset_allocations it grants capacity that recipients still hold", () => {
    const found = fc.check(
      fc.property(arbInputs, (inputs) => !run("seed", inputs).violated.has("P2P-1")),
      { seed: 7, numRuns: 300 },
    );
    expect(found.failed).toBe(true);
    const shrunk = found.counterexample?.[0] ?? [];
    // The minimal interleaving: a grant, the end of the round, another grant.
    expect(shrunk.some((i) => i.kind === "timer")).toBe(true);
    const { state, violated } = run("seed", shrunk);
    expect(violated.has("P2P-1")).toBe(true);
    expect(state.ledgerTotal).toBeGreaterThan(state.capacity);
  });

  it("P2P-2 a provider never grants what it already granted: the seed provider does after its round reset", () => {
    const seq = [request("A", 100, 100), reset, request("B", 100, 100)];
    expect(run("seed", seq).violated.has("P2P-2")).toBe(true);
    expect(run("corrected", seq).violated.size).toBe(0);
    expect(run("corrected", seq).state.ledger).toEqual({ A: 100 });
  });

  it("P2P-4 the seed provider's overwrite: a second grant to the same recipient in a round loses the first from current_allocations", () => {
    const { state, violated } = run("seed", [request("A", 100, 30), request("A", 70, 30)]);
    expect(state.currentAllocations).toEqual({ A: 30 });
    expect(state.available).toBe(40);
    expect(violated.has("P2P-4")).toBe(true);
    expect(run("corrected", [request("A", 100, 30), request("A", 70, 30)]).violated.size).toBe(0);
  });

  it("P2P-3 grants min(expected, available, residual) and rejects unknown recipients", () => {
    const p = providerInit({ id: "P", capacity: 100, variant: "corrected", recipients: { A: 1 } });
    const g = decideGrant(
      p,
      {
        type: "allocation_request",
        recipient_id: "A",
        provider_id: "P",
        residual_need: 40,
        expected_allocation: 70,
        timestamp: 0,
      },
      0,
    );
    expect(g.granted).toBe(40);
    const r = denominatorMachine.step(p, request("Z", 10, 10), ctx());
    const sent = r.effects.find((e) => e.kind === "send");
    expect(
      sent?.kind === "send" && sent.msg.type === "allocation_response"
        ? sent.msg.allocated_amount
        : -1,
    ).toBe(0);
  });
});

describe("P2P denominator recipients (seed 000)", () => {
  it("asks est_capacity × MR × residual / est_denominator, guessing capacity 1000 (the seed's code)", () => {
    const r = recipientInit({ id: "R1", statedNeed: 500, providers: { P1: 0.6 }, partners: [] });
    const v = r.providers["P1"]!;
    expect(v.estDenominator).toBe(300);
    expect(expectedAllocation(v, 500, r.options)).toBe(1000);
    expect(expectedAllocation({ ...v, estCapacity: 400 }, 500, r.options)).toBe(400);
  });

  it("P2P-5 learns from an allocation, keeps its bookkeeping, and sends schema-valid messages", () => {
    let s: DenominatorState = recipientInit({
      id: "R1",
      statedNeed: 500,
      providers: { P1: 0.6 },
      partners: ["R2"],
    });
    s = denominatorMachine.step(s, { kind: "timer", name: "round" }, ctx()).state;
    const resp: P2PMessage = {
      type: "allocation_response",
      provider_id: "P1",
      recipient_id: "R1",
      allocated_amount: 400,
      capacity_hint: 400,
      current_utilization: 400,
      timestamp: 10,
    };
    const r = denominatorMachine.step(s, { kind: "message", from: "P1", msg: resp }, ctx(10));
    expect(r.state.role === "recipient" && r.state.providers["P1"]?.estDenominator).toBe(300); // "Got 400, expected 400 ✓ Denom stable"
    for (const e of r.effects)
      if (e.kind === "send") expect(() => p2pMessageSchema.parse(e.msg)).not.toThrow();
    expect(denominatorMachine.check(s, r.state)).toEqual([]);
  });

  it("P2P-6 estimates stay finite and non-negative under extreme gossip", () => {
    let s: DenominatorState = recipientInit({
      id: "R1",
      statedNeed: 500,
      providers: { P1: 0.6 },
      partners: ["R2"],
      options: { composition: true, trust: "adaptive" },
    });
    for (const d of [1e15, 0, 1e-9, 1e15]) {
      const g: P2PMessage = {
        type: "denominator_gossip",
        sender_id: "R2",
        provider_id: "P1",
        estimated_denominator: d,
        my_residual_need: 1e15,
        my_mr_value: 1,
        confidence: 1,
        timestamp: 0,
      };
      const r = denominatorMachine.step(s, { kind: "message", from: "R2", msg: g }, ctx());
      expect(denominatorMachine.check(s, r.state)).toEqual([]);
      s = r.state;
    }
    expect(s.role === "recipient" && Number.isFinite(s.providers["P1"]?.estDenominator)).toBe(true);
  });

  it("confidence follows the seed: 0.3 under 3 grants, else by the variance of the last 5", () => {
    expect(confidenceOf([1, 2])).toBe(0.3);
    expect(confidenceOf([10, 10, 11])).toBe(0.9);
    expect(confidenceOf([0, 10, 20])).toBe(0.3);
  });

  it("dishonest strategies rewrite only what they lie about", () => {
    const g: P2PMessage = {
      type: "denominator_gossip",
      sender_id: "R",
      provider_id: "P",
      estimated_denominator: 100,
      my_residual_need: 10,
      my_mr_value: 0.5,
      confidence: 0.3,
      timestamp: 0,
    };
    const r = () => 0.5;
    expect(tamperP2P(g, { kind: "inflate", factor: 5 }, r)).toMatchObject({
      estimated_denominator: 500,
    });
    expect(tamperP2P(g, { kind: "deflate", factor: 4 }, r)).toMatchObject({
      estimated_denominator: 25,
    });
    expect(tamperP2P(g, { kind: "collude", value: 7 }, r)).toMatchObject({
      estimated_denominator: 7,
      confidence: 1,
    });
    expect(tamperP2P(g, { kind: "lie-need", factor: 3 }, r)).toMatchObject({
      my_residual_need: 30,
      estimated_denominator: 100,
    });
  });
});

describe("learning-rate schedules", () => {
  it("Robbins–Monro decreases with Σα = ∞ and Σα² < ∞ (½ < γ ≤ 1); constant α stays 0.3", () => {
    const a = (t: number) => learningRateAt(DEFAULT_ROBBINS_MONRO, t);
    expect(a(1)).toBeGreaterThan(a(10));
    expect(a(10)).toBeGreaterThan(a(100));
    let s1 = 0;
    let s2 = 0;
    let s1At1e4 = 0;
    for (let t = 1; t <= 1e6; t++) {
      s1 += a(t);
      s2 += a(t) ** 2;
      if (t === 1e4) s1At1e4 = s1;
    }
    expect(s1).toBeGreaterThan(2.5 * s1At1e4); // grows without bound (∝ t^(1-γ))
    expect(s2).toBeLessThan(2); // converges
    expect(learningRateAt({ kind: "constant", alpha: 0.3 }, 1000)).toBe(0.3);
    expect(learningRateProblem({ kind: "robbins-monro", a: 1, b: 1, gamma: 0.5 })).toMatch(/gamma/);
    expect(learningRateProblem(DEFAULT_ROBBINS_MONRO)).toBeUndefined();
  });
});

describe("learning-rate schedules on a stationary noisy signal", () => {
  it("Robbins–Monro settles on the true denominator; constant α = 0.3 keeps a noise floor", () => {
    // learnFromAllocation's update: est ← (1 − α_t)·est + α_t·inferred, inferred = D·exp(σZ).
    let x = 7;
    const rand = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x + 0.5) / 2 ** 32;
    };
    const z = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    const D = 420;
    const err = (lr: Parameters<typeof learningRateAt>[0]) => {
      let est = 120;
      let tail = 0;
      for (let t = 1; t <= 4000; t++) {
        const a = learningRateAt(lr, t);
        est = (1 - a) * est + a * D * Math.exp(0.5 * z());
        if (t > 3000) tail += Math.abs(est / (D * Math.exp(0.125)) - 1) / 1000;
      }
      return tail;
    };
    const constant = err({ kind: "constant", alpha: 0.3 });
    const rm = err(DEFAULT_ROBBINS_MONRO);
    expect(constant).toBeGreaterThan(0.1);
    expect(rm).toBeLessThan(constant / 4);
  });
});
