/**
 * relaxComputation (the record-entry version the nodes run, issue 12) against
 * relaxComputationByKeys (the string-keyed version it replaced): the same computation, value for
 * value and key for key (JSON text, so key order counts), on random provider computations with
 * several slots and need slots, records that appear, disappear and move, recipients leaving,
 * λ and a per-unit λ, and ids that sort differently as strings than as numbers.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/sim/rng.js";
import {
  computeProvider,
  relaxComputation,
  relaxComputationByKeys,
  type Declaration,
  type ProviderComputation,
} from "../../../src/core/protocols/participant.js";

const IDS = ["a", "b", "B", "10", "9", "a0", "__proto__", "b\u0001", "c\u0000d"];

function declaration(rng: Rng, id: string): Declaration {
  const needs = rng.int(1, 3);
  const received: Record<string, Record<string, number>> = {};
  const need_slots = [];
  for (let k = 0; k < needs; k++) {
    need_slots.push({ id: `n${k}`, quantity: rng.int(1, 40) });
    if (rng.chance(0.5)) received[`n${k}`] = { Q: rng.int(0, 20) };
  }
  return {
    pubKey: id,
    capacity_slots: [],
    need_slots,
    recognition_weights: { P: rng.int(1, 5) },
    damping_factor: rng.chance(0.3) ? 0.5 : 1,
    damping_history: [],
    received,
  };
}

function computation(rng: Rng): ProviderComputation {
  const others = IDS.filter(() => rng.chance(0.7)).map((id) => declaration(rng, id));
  const slots = rng.int(1, 3);
  const weights: Record<string, number> = {};
  for (const o of others) weights[o.pubKey] = rng.int(0, 5);
  return computeProvider(
    {
      pubKey: "P",
      capacity_slots: Array.from({ length: slots }, (_, i) => ({
        id: `s${i}`,
        quantity: rng.int(5, 60),
      })),
      need_slots: [],
      recognition_weights: weights,
    },
    others,
    "net-of-others",
    "reference",
  );
}

describe("relaxComputation equals its string-keyed reference", () => {
  it("on 400 random pairs of computations, every λ form (seed 12)", () => {
    const rng = new Rng(12);
    let moved = 0;
    for (let t = 0; t < 400; t++) {
      const prev = rng.chance(0.1) ? null : computation(rng);
      const next = computation(rng);
      const lambda = [0.5, 1, 0.3, 0.9][t % 4] as number;
      const unit =
        t % 3 === 0 ? undefined : (r: string, n: string) => 1 / (1 + ((r.length + n.length) % 3));
      const got = relaxComputation(prev, next, lambda, unit);
      const want = relaxComputationByKeys(prev, next, lambda, unit);
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      expect(Object.getPrototypeOf(got.result.recipient_totals)).toBe(
        Object.getPrototypeOf(want.result.recipient_totals),
      );
      if (got !== next) moved++;
    }
    expect(moved).toBeGreaterThan(200);
  });
});
