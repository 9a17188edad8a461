/**
 * Seed 000's adaptive learning rate (Challenge 4, claim S0-26): halve the rate and set the
 * request damping to 0.5 when the last three estimates oscillate, otherwise raise the rate by
 * 10 % up to its cap. Checked against a sequence computed by hand.
 */
import { describe, expect, it } from "vitest";
import {
  denominatorMachine,
  expectedAllocation,
  learnFromAllocation,
  recipientInit,
  DEFAULT_RECIPIENT_OPTIONS,
  type DenominatorState,
  type ProviderView,
} from "../../../src/core/protocols/denominator.js";
import type { AllocationResponse, DenominatorGossip } from "../../../src/core/schemas/messages.js";
import { builtinScenario } from "../../../src/engine/sim/builtins.js";
import { runScenario } from "../../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../../src/engine/sim/scenario.js";
import {
  adaptiveStep,
  isOscillating,
  learningRateProblem,
  SEED_LEARNING_RATE,
  type LearningRate,
} from "../../../src/core/protocols/learning-rate.js";
import { runEstimation, STAT_SETTING } from "../../../properties/convergence-stats.js";
import { parseLearningRate, showLearningRate } from "../../../src/audit/stat-params.js";
import { Rng } from "../../../src/engine/sim/rng.js";

const ADAPTIVE: LearningRate = { kind: "adaptive", alpha: 0.3 };

describe("adaptive learning rate: oscillation", () => {
  it("is a sign change of the two successive differences of exactly the last three estimates", () => {
    expect(isOscillating([1, 2, 1])).toBe(true);
    expect(isOscillating([3, 1, 2])).toBe(true);
    expect(isOscillating([1, 2, 3])).toBe(false);
    expect(isOscillating([3, 2, 1])).toBe(false);
    // A zero difference is no sign change.
    expect(isOscillating([1, 1, 0])).toBe(false);
    expect(isOscillating([1, 2, 2])).toBe(false);
    // Fewer than three estimates: no oscillation.
    expect(isOscillating([])).toBe(false);
    expect(isOscillating([1, 2])).toBe(false);
  });

  it("halves on oscillation (damping 0.5), else raises by 10 % capped at α (damping 1)", () => {
    expect(adaptiveStep(ADAPTIVE, { rate: 0.2, recent: [1, 2, 1], damping: 1 })).toEqual({
      rate: 0.1,
      damping: 0.5,
    });
    const up = adaptiveStep(ADAPTIVE, { rate: 0.2, recent: [1, 2, 3], damping: 0.5 });
    expect(up.rate).toBeCloseTo(0.22, 15);
    expect(up.damping).toBe(1);
    // 0.28 × 1.1 = 0.308 is capped at 0.3.
    expect(adaptiveStep(ADAPTIVE, { rate: 0.28, recent: [1, 2, 3], damping: 1 }).rate).toBe(0.3);
    expect(adaptiveStep(ADAPTIVE, { rate: 0.3, recent: [], damping: 1 }).rate).toBe(0.3);
  });
});

describe("adaptive learning rate in the recipient's method 1", () => {
  // MR 1, capacity 100, residual 10 before each grant: inferred = 100·1·10 / grant = 1000 / grant,
  // and the estimate is kept in [MR·r, 100·MR·r] = [10, 1000].
  const start: ProviderView = (() => {
    const r = recipientInit({
      id: "R",
      statedNeed: 100,
      providers: { P: 1 },
      partners: [],
      options: { learningRate: ADAPTIVE },
    });
    return { ...(r.providers["P"] as ProviderView), estCapacity: 100, estDenominator: 100 };
  })();
  const learn = (v: ProviderView, inferred: number) => {
    const grant = 1000 / inferred;
    return learnFromAllocation(v, grant, 10 - grant, ADAPTIVE);
  };

  it("follows the hand-computed sequence", () => {
    expect(start.adaptive).toEqual({ rate: 0.3, recent: [], damping: 1 });
    // inferred, then (rate used, damping, estimate) computed by hand:
    // 1: 200, no history → 0.3, 1; 0.7·100 + 0.3·200 = 130
    // 2: 200, 1 estimate → 0.3, 1; 0.7·130 + 60 = 151
    // 3: 100, 2 estimates → 0.3, 1; 0.7·151 + 30 = 135.7
    // 4: 200, (130, 151, 135.7) up then down → 0.15, 0.5; 0.85·135.7 + 30 = 145.345
    // 5: 100, (151, 135.7, 145.345) down then up → 0.075, 0.5; 0.925·145.345 + 7.5 = 141.944125
    // 6: 300, (135.7, 145.345, 141.944125) → 0.0375, 0.5; 0.9625·141.944125 + 11.25 = 147.8712203125
    // 7: 300, (145.345, 141.944125, 147.8712203125) → 0.01875, 0.5; = 150.723634931640625
    // 8: 300, (141.94…, 147.87…, 150.72…) rising → 0.01875·1.1 = 0.020625, 1; = 153.802459961…
    const expected: [number, number, number, number][] = [
      [200, 0.3, 1, 130],
      [200, 0.3, 1, 151],
      [100, 0.3, 1, 135.7],
      [200, 0.15, 0.5, 145.345],
      [100, 0.075, 0.5, 141.944125],
      [300, 0.0375, 0.5, 147.8712203125],
      [300, 0.01875, 0.5, 150.72363493164062],
      [300, 0.020625, 1, 153.80245996117554],
    ];
    let v = start;
    for (const [t, [inferred, rate, damping, est]] of expected.entries()) {
      v = learn(v, inferred);
      expect(v.updates).toBe(t + 1);
      expect(v.adaptive?.rate).toBeCloseTo(rate, 12);
      expect(v.adaptive?.damping).toBe(damping);
      expect(v.estDenominator).toBeCloseTo(est, 9);
      expect(v.adaptive?.recent.length).toBe(Math.min(3, t + 1));
      expect(v.adaptive?.recent.at(-1)).toBe(v.estDenominator);
    }
  });

  it("damps the request by the current damping factor", () => {
    const calm = learn(learn(learn(start, 200), 200), 100);
    const damped = learn(calm, 200);
    expect(damped.adaptive?.damping).toBe(0.5);
    const o = DEFAULT_RECIPIENT_OPTIONS;
    const undamped = { ...damped, adaptive: { ...(damped.adaptive as object), damping: 1 } };
    expect(expectedAllocation(damped, 10, o)).toBeCloseTo(
      0.5 * expectedAllocation(undamped as ProviderView, 10, o),
      12,
    );
  });
});

describe("adaptive learning rate as a stats parameter", () => {
  it("parses adaptive:α, shows it back, and names the forms on a bad value", () => {
    expect(parseLearningRate("adaptive:0.3")).toEqual(ADAPTIVE);
    expect(showLearningRate(ADAPTIVE)).toBe("adaptive:0.3");
    expect(parseLearningRate("adaptive:0")).toMatch(/alpha must be in \(0, 1\]/);
    expect(parseLearningRate("adaptive:0.3:1")).toMatch(/adaptive:α/);
    expect(learningRateProblem({ kind: "adaptive", alpha: 1.5 })).toMatch(/alpha/);
  });
});

describe("adaptive learning rate on a noisy stationary signal (how it stops oscillating)", () => {
  // One estimate learning D = 1000 from inferred values D·ξ, ξ ~ U[0.7, 1.3] (noise h = 0.3),
  // 60 updates, then D steps to 1500 for 100 more updates; 50 seeds. MR 1, capacity 100,
  // residual 100 before each grant: inferred = 10 000 / grant, estimates kept in [100, 10 000].
  const run = (lr: LearningRate, seed: number) => {
    const rng = Rng.derive(seed, "adaptive-freeze");
    let v: ProviderView = {
      mr: 1,
      estCapacity: 100,
      estDenominator: 100,
      lastAllocation: 0,
      history: [],
      updates: 0,
      exhausted: false,
      received: 0,
    };
    let rateAt60 = NaN;
    let errAt60 = NaN;
    for (let t = 1; t <= 160; t++) {
      const D = t <= 60 ? 1000 : 1500;
      const grant = 10_000 / (D * (0.7 + 0.6 * rng.float()));
      v = learnFromAllocation(v, grant, 100 - grant, lr);
      if (t === 60) {
        rateAt60 = v.adaptive?.rate ?? NaN;
        errAt60 = Math.abs(v.estDenominator / 1000 - 1);
      }
    }
    return { rateAt60, errAt60, errAfterStep: Math.abs(v.estDenominator / 1500 - 1) };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const seeds = Array.from({ length: 50 }, (_, i) => i + 1);

  it("halves the rate towards 0, so the estimate freezes near D and no longer follows a step", () => {
    const rs = seeds.map((s) => run(ADAPTIVE, s));
    expect(median(rs.map((r) => r.rateAt60))).toBeLessThan(1e-4);
    expect(median(rs.map((r) => r.errAt60))).toBeLessThan(0.1);
    // 100 updates after D × 1.5 the estimate is still about a third low (it hardly moved) …
    expect(median(rs.map((r) => r.errAfterStep))).toBeGreaterThan(0.25);
    // … where the constant rate it starts from follows the step (to its noise floor).
    const constant = seeds.map((s) => run({ kind: "constant", alpha: 0.3 }, s));
    expect(median(constant.map((r) => r.errAfterStep))).toBeLessThan(0.15);
  });
});

describe("adaptive learning rate in the per-round setting (properties/convergence-stats.ts)", () => {
  it("keeps each estimate's rate across gossip: the rule ends below the constant rate's noise floor", () => {
    // n = 30, h = 0.3, T = 60, seeds 1–3. Were the adaptive state lost at a gossip merge, every
    // update would restart at α = 0.3 and the run would be the constant rate's.
    const setting = { ...STAT_SETTING, nodes: { min: 30, max: 30 } };
    for (const seed of [1, 2, 3]) {
      const adaptive = runEstimation({ ...setting, learningRate: ADAPTIVE }, seed);
      const constant = runEstimation({ ...setting, learningRate: SEED_LEARNING_RATE }, seed);
      expect(constant.maxError).toBeGreaterThan(0.1);
      expect(adaptive.maxError).toBeLessThan(0.1);
    }
  });
});

describe("adaptive learning rate in the recipient machine and in simulate scenarios", () => {
  it("a response updates the adaptive state, gossip keeps it (denominatorMachine)", () => {
    const ctx = { now: 0, self: "R1", random: () => 0.25 };
    let s: DenominatorState = recipientInit({
      id: "R1",
      statedNeed: 100,
      providers: { P: 0.6 },
      partners: ["R2"],
      options: { learningRate: ADAPTIVE },
    });
    for (const [k, allocated] of [10, 20, 12].entries()) {
      const msg: AllocationResponse = {
        type: "allocation_response",
        provider_id: "P",
        recipient_id: "R1",
        allocated_amount: allocated,
        capacity_hint: 300,
        timestamp: k,
      };
      s = denominatorMachine.step(s, { kind: "message", from: "P", msg }, ctx).state;
      const gossip: DenominatorGossip = {
        type: "denominator_gossip",
        sender_id: "R2",
        provider_id: "P",
        estimated_denominator: 500,
        my_residual_need: 50,
        my_mr_value: 0.5,
        confidence: 0.6,
        timestamp: k,
      };
      s = denominatorMachine.step(s, { kind: "message", from: "R2", msg: gossip }, ctx).state;
      if (s.role !== "recipient") throw new Error("not a recipient");
      expect(s.providers["P"]?.adaptive?.recent.length).toBe(k + 1);
    }
  });

  it("p2p.learningRate accepts { kind: adaptive, alpha } and names a bad alpha", () => {
    const doc = builtinScenario("seed-000-corrected")?.document as Record<string, unknown>;
    const p2p = doc["p2p"] as Record<string, unknown>;
    const ok = parseScenarioDocument({ ...doc, p2p: { ...p2p, learningRate: ADAPTIVE } }, "x");
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(() => runScenario(ok.runs[0] as Scenario, { seed: 1 })).not.toThrow();
    const bad = parseScenarioDocument(
      { ...doc, p2p: { ...p2p, learningRate: { kind: "adaptive", alpha: 2 } } },
      "x",
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join("\n")).toMatch(/p2p\.learningRate: alpha must be in/);
  });
});
