// Worked runs of the many-provider dynamics (src/core/dynamics.ts) with every reported quantity
// checked: virtual time, damping factors from the over-allocation history, per-provider
// convergence, the deltas and the settling rule at its ε boundary.
import { describe, expect, it } from "vitest";
import {
  DAMPING_CYCLE_NETWORK,
  SEED_000_NETWORK,
  TWO_COVERING_NETWORK,
} from "../../properties/examples.js";
import { runDynamics, type DynamicsNetwork } from "../../src/core/dynamics.js";

describe("many-provider dynamics — reported quantities", () => {
  it("seed 000 with the naive residual: time, damping classes and deltas round by round", () => {
    const run = runDynamics(SEED_000_NETWORK, { residual: "naive", maxRounds: 8, roundMs: 500 });
    expect(run.settledAt).toBeNull();
    expect(run.rounds.map((r) => r.now)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((t) => 1_700_000_000_000 + 500 * t),
    );
    // R1 (need 500) receives 410.7, 178.6, 352.8, 294.4, 270.8, …: over-allocations −89, −321,
    // −147 oscillate (0.5); −147, −206, −229 grow in magnitude without oscillating (0.8).
    expect(run.rounds.map((r) => r.dampingFactors)).toEqual([
      { R1: 1, R2: 1 },
      { R1: 1, R2: 1 },
      { R1: 1, R2: 1 },
      { R1: 0.5, R2: 0.5 },
      { R1: 0.5, R2: 0.5 },
      { R1: 0.8, R2: 0.5 },
      { R1: 0.5, R2: 0.5 },
      { R1: 0.5, R2: 0.5 },
    ]);
    const r0 = run.rounds[0];
    expect(r0?.maxGrantDelta).toBe(Infinity);
    expect(r0?.maxDenominatorDelta).toBe(Infinity);
    expect(r0?.providerConverged).toEqual({ P1: false, P2: false });
    expect(r0?.received.R1).toBeCloseTo(410.714285714, 6);
    expect(run.rounds[1]?.received.R1).toBeCloseTo(178.571428571, 6);
    expect(run.rounds[1]?.maxGrantDelta).toBeCloseTo(196.428571429, 6);
    expect(run.rounds[1]?.maxDenominatorDelta).toBeCloseTo(362.142857143, 6);
  });

  it("a network without providers: nothing is granted, denominators never compared", () => {
    const run = runDynamics(
      { providers: [], recipients: [{ pubKey: "R", need_slots: [{ id: "n", quantity: 1 }] }] },
      { residual: "naive", maxRounds: 3 },
    );
    expect(run.rounds[0]?.maxDenominatorDelta).toBe(Infinity);
    expect(run.rounds[0]?.maxGrantDelta).toBe(Infinity);
    expect(run.rounds[1]?.maxDenominatorDelta).toBe(0);
    expect(run.rounds[1]?.maxGrantDelta).toBe(0);
    expect(run.settledAt).toBe(1);
  });

  it("settling needs both deltas strictly below ε", () => {
    // DAMPING_CYCLE, net-of-others: round 1 has grant delta 0.061 and denominator delta exactly 1.
    const cycle = runDynamics(DAMPING_CYCLE_NETWORK, { residual: "net-of-others", epsilon: 1 });
    expect(cycle.rounds[1]?.maxDenominatorDelta).toBe(1);
    expect(Object.values(cycle.rounds[1]?.providerConverged ?? {})).toContain(false);
    expect(cycle.settledAt).toBe(2);
    // TWO_COVERING oscillates with grant delta exactly 1 forever (denominator delta 0.5 from round 4).
    const two = runDynamics(TWO_COVERING_NETWORK, {
      residual: "net-of-others",
      epsilon: 1,
      maxRounds: 8,
    });
    expect(two.rounds.map((r) => r.maxGrantDelta).slice(1)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(two.rounds[5]?.maxDenominatorDelta).toBe(0.5);
    expect(two.rounds[5]?.providerConverged).toEqual({ P0: true, P1: true });
    expect(two.settledAt).toBeNull();
  });

  it("providers that do not recognise a recipient give it nothing", () => {
    const net: DynamicsNetwork = {
      providers: [
        {
          pubKey: "P",
          capacity_slots: [{ id: "s", quantity: 5 }],
          recognition: { A: { mr: 1, share: 0 } },
        },
      ],
      recipients: [
        { pubKey: "A", need_slots: [{ id: "n", quantity: 2 }] },
        { pubKey: "B", need_slots: [{ id: "n", quantity: 2 }] },
      ],
    };
    const run = runDynamics(net, { residual: "net-of-others" });
    expect(run.rounds[0]?.grants).toEqual({ P: { A: { n: 2 } } });
    expect(run.rounds[0]?.received).toEqual({ A: 2, B: 0 });
    expect(run.settledAt).toBe(1);
  });

  it("the allocation variant is passed on to every provider", () => {
    // One provider, two compatible slots, need 1: one pass grants from both slots.
    const net: DynamicsNetwork = {
      providers: [
        {
          pubKey: "P",
          capacity_slots: [
            { id: "s1", quantity: 1 },
            { id: "s2", quantity: 1 },
          ],
          recognition: { R: { mr: 1, share: 0 } },
        },
      ],
      recipients: [{ pubKey: "R", need_slots: [{ id: "n", quantity: 1 }] }],
    };
    const ref = runDynamics(net, { residual: "naive", maxRounds: 1 });
    const one = runDynamics(net, { residual: "naive", maxRounds: 1, variant: "v2-one-pass" });
    expect(ref.rounds[0]?.received).toEqual({ R: 1 });
    expect(one.rounds[0]?.received).toEqual({ R: 2 });
  });

  it("the result does not depend on the order of providers and recipients (sequential schedule)", () => {
    const reversed: DynamicsNetwork = {
      providers: [...SEED_000_NETWORK.providers].reverse(),
      recipients: [...SEED_000_NETWORK.recipients].reverse(),
    };
    const opts = { residual: "net-of-others", schedule: "sequential", maxRounds: 4 } as const;
    const a = runDynamics(SEED_000_NETWORK, opts);
    const b = runDynamics(reversed, opts);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // P1 moves first: in round 0, P2 already sees P1's grants.
    expect(a.rounds[0]?.grants.P1?.R1?.n).toBeCloseTo(
      400 * ((0.6 * 500) / (0.6 * 500 + 0.4 * 300)),
      9,
    );
  });
});
