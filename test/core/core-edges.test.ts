// Boundary values of the small core modules: canonical order, tolerance, error formatting,
// time windows, locations, input preparation, convergence, damping, recognition, residuals.
import { describe, expect, it } from "vitest";
import { allocate } from "../../src/core/allocation/allocate.js";
import { allocationInputFromCommitments } from "../../src/core/allocation/from-commitments.js";
import { prepareAllocation } from "../../src/core/allocation/prepare.js";
import { locationCompatible, prepareLocation } from "../../src/core/compat/location.js";
import { windowBounds } from "../../src/core/compat/time.js";
import { denominatorDelta, isConverged } from "../../src/core/convergence.js";
import { classifyDamping, dampingWindow } from "../../src/core/damping.js";
import { attempt, CoreError, formatPath } from "../../src/core/errors.js";
import { cmpStr } from "../../src/core/order.js";
import { mutualRecognitionMap } from "../../src/core/recognition.js";
import { isResidualVariant, residualNeed } from "../../src/core/residual.js";
import type { AllocationInput } from "../../src/core/schemas/allocation.js";
import { approxEq, leqTol, tol } from "../../src/core/tolerance.js";

function thrown(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e;
    throw e;
  }
  throw new Error("expected a CoreError");
}

describe("order and tolerance", () => {
  it("cmpStr returns exactly −1, 0 or 1 by code units", () => {
    expect([cmpStr("a", "b"), cmpStr("b", "a"), cmpStr("a", "a")]).toEqual([-1, 1, 0]);
    expect([cmpStr("B", "a"), cmpStr("ab", "a"), cmpStr("", "")]).toEqual([-1, 1, 0]);
  });

  it("tol is EPS_REL·max(1, |x|)", () => {
    expect([tol(0), tol(0.5), tol(-0.5), tol(10), tol(-1e9)]).toEqual([1e-9, 1e-9, 1e-9, 1e-8, 1]);
  });

  it("leqTol and approxEq hold exactly at the tolerance and not beyond", () => {
    expect(leqTol(1e9 + 1, 1e9)).toBe(true);
    expect(leqTol(1e9 + 2, 1e9)).toBe(false);
    expect(approxEq(2e9, 2e9 - 2)).toBe(true);
    expect(approxEq(2e9 - 2, 2e9)).toBe(true);
    expect(approxEq(2e9, 2e9 - 4)).toBe(false);
  });
});

describe("errors", () => {
  it("formatPath prints identifiers, indices and quoted keys", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["need_slots", 2, "quantity"])).toBe("need_slots[2].quantity");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath(["$x", "_y"])).toBe("$x._y");
    expect(formatPath(["a b"])).toBe('["a b"]');
    expect(formatPath(["x", "1a", "b-"])).toBe('x["1a"]["b-"]');
  });

  it("CoreError carries its name, code, message and an empty path by default", () => {
    const e = new CoreError("INVALID_INPUT", "bad");
    expect([e.name, e.code, e.message, e.path]).toEqual(["CoreError", "INVALID_INPUT", "bad", []]);
    expect(e.toData()).toEqual({ code: "INVALID_INPUT", message: "bad", path: [] });
  });

  it("attempt turns CoreErrors into results and lets other exceptions through", () => {
    expect(attempt(() => 1)).toEqual({ ok: true, value: 1 });
    expect(
      attempt(() => {
        throw new CoreError("ITC_DECODE", "x", [1]);
      }),
    ).toEqual({ ok: false, error: { code: "ITC_DECODE", message: "x", path: [1] } });
    expect(() =>
      attempt(() => {
        throw new RangeError("boom");
      }),
    ).toThrow(RangeError);
  });

  it("allocate names the input in its error message", () => {
    const e = thrown(() => allocate({ provider: { pubKey: "P", capacity_slots: [] } }));
    expect(e.code).toBe("INVALID_INPUT");
    expect(e.message).toMatch(/^invalid allocation input: recipients: /);
  });
});

describe("time windows", () => {
  it("windowBounds names the bad bound and why", () => {
    const start = thrown(() => windowBounds({ start: "2026-13-01T00:00:00Z" }));
    expect([start.code, start.message, start.path]).toEqual([
      "INVALID_INPUT",
      "window.start: month 13 is out of range",
      ["window", "start"],
    ]);
    const end = thrown(() => windowBounds({ end: "2026-01-01T24:00:00Z" }));
    expect([end.message, end.path]).toEqual([
      "window.end: hour 24 is out of range",
      ["window", "end"],
    ]);
    const order = thrown(() =>
      windowBounds({ start: "2026-01-01T10:00:00Z", end: "2026-01-01T10:00:00Z" }),
    );
    expect([order.code, order.message, order.path]).toEqual([
      "INVALID_INPUT",
      "window.end: must be after start (windows are [start, end) and non-empty)",
      ["window", "end"],
    ]);
  });
});

describe("locations", () => {
  const at = (lat: number, lon: number, radius_km?: number) => ({
    location: {
      type: "in_person" as const,
      coordinates: { lat, lon },
      ...(radius_km === undefined ? {} : { radius_km }),
    },
  });

  it("latitude counts: points 1° apart in latitude are 111 km apart", () => {
    expect(locationCompatible(at(0, 0, 1), at(1, 0, 1))).toBe(false);
    expect(locationCompatible(at(0, 0, 60), at(1, 0, 60))).toBe(true);
    expect(prepareLocation(at(30, 10).location).latRad).toBeCloseTo(Math.PI / 6, 15);
  });

  it("distance exactly equal to the radii plus 1e-9 km is compatible", () => {
    // haversine((0,0),(0,0.01)) = 1.111950802335329 km = 1.111950801335329 + 1e-9 exactly.
    expect(locationCompatible(at(0, 0, 1.111950801335329), at(0, 0.01))).toBe(true);
    expect(locationCompatible(at(0, 0, 1.1119508013353), at(0, 0.01))).toBe(false);
  });

  it("unknown and remote locations have no coordinates", () => {
    expect(prepareLocation(undefined).hasCoords).toBe(false);
    expect(prepareLocation({ type: "remote" }).hasCoords).toBe(false);
    expect(prepareLocation({ type: "in_person" }).hasCoords).toBe(false);
    expect(prepareLocation(at(1, 2).location).hasCoords).toBe(true);
  });
});

describe("prepareAllocation", () => {
  const input: AllocationInput = {
    provider: { pubKey: "P", capacity_slots: [{ id: "s", quantity: 1 }] },
    recipients: [
      { pubKey: "z", mr: 0, share: 0, damping_factor: 1, need_slots: [{ id: "n", quantity: 1 }] },
      {
        pubKey: "m",
        mr: 0.25,
        share: 0,
        damping_factor: 0.5,
        need_slots: [
          { id: "y", quantity: 2 },
          { id: "x", quantity: 1 },
        ],
      },
      { pubKey: "k", mr: 0.75, share: 0.5, damping_factor: 1, need_slots: [] },
      { pubKey: "o", mr: 0, share: 0.5, damping_factor: 1, need_slots: [{ id: "n", quantity: 4 }] },
    ],
  };

  it("sorts recipients and need slots, and assigns tiers, weights and ranks", () => {
    const p = prepareAllocation(input);
    expect(p.recipients).toEqual([
      {
        pubKey: "k",
        tier: 1,
        renorm: 0.75,
        damping: 1,
        coef: 0.75,
        rank: 0,
        units: [],
        statedNeed: 0,
      },
      {
        pubKey: "m",
        tier: 1,
        renorm: 0.25,
        damping: 0.5,
        coef: 0.125,
        rank: 1,
        units: [0, 1],
        statedNeed: 3,
      },
      { pubKey: "o", tier: 2, renorm: 1, damping: 1, coef: 1, rank: 0, units: [2], statedNeed: 4 },
      { pubKey: "z", tier: 0, renorm: 0, damping: 1, coef: 0, rank: -1, units: [3], statedNeed: 1 },
    ]);
    expect(p.units.map((u) => [u.recipient, u.needSlot.id, u.quantity])).toEqual([
      [1, "x", 1],
      [1, "y", 2],
      [2, "n", 4],
      [3, "n", 1],
    ]);
    expect(p.tierOrder).toEqual([[], [0, 1], [2]]);
  });

  it("an unrecognised recipient without any one-way recipient stays in tier 0 with weight 0", () => {
    const p = prepareAllocation({ ...input, recipients: [input.recipients[0]!] });
    expect(p.recipients[0]).toMatchObject({ tier: 0, renorm: 0, coef: 0, rank: -1 });
    expect(p.tierOrder).toEqual([[], [], []]);
  });

  it("grants come out ordered by recipient pubKey, then need slot id", () => {
    const r = allocate({
      provider: { pubKey: "P", capacity_slots: [{ id: "s", quantity: 100 }] },
      recipients: [...input.recipients].reverse(),
    });
    expect(r.slot_allocations.map((g) => `${g.recipient_pubkey}/${g.need_slot_id}`)).toEqual([
      "m/x",
      "m/y",
      "o/n",
    ]);
  });
});

describe("convergence and damping", () => {
  it("denominatorDelta is the largest change over every slot of either state", () => {
    const a = { s: { mutual: 1, nonMutual: 2 }, t: { mutual: 5, nonMutual: 0 } };
    const b = { s: { mutual: 1.5, nonMutual: 2 }, u: { mutual: 0, nonMutual: 3 } };
    expect(denominatorDelta(a, b)).toBe(5);
    expect(denominatorDelta(b, a)).toBe(5);
    expect(denominatorDelta(a, a)).toBe(0);
    expect(denominatorDelta({}, { s: { mutual: 0, nonMutual: 0.25 } })).toBe(0.25);
  });

  it("isConverged needs a change strictly below ε", () => {
    const a = { s: { mutual: 1, nonMutual: 0 } };
    const b = { s: { mutual: 1.5, nonMutual: 0 } };
    expect(isConverged(a, b, 0.5)).toBe(false);
    expect(isConverged(a, b, 0.5000001)).toBe(true);
    expect(isConverged(undefined, b, 1)).toBe(false);
  });

  it("dampingWindow keeps (now − 30 s, now], sorted by time then over-allocation", () => {
    const now = 100_000;
    const e = (timestamp: number, overAllocation: number) => ({ timestamp, overAllocation });
    expect(dampingWindow([e(70_000, 1), e(70_001, 2), e(100_000, 3), e(100_001, 4)], now)).toEqual([
      e(70_001, 2),
      e(100_000, 3),
    ]);
    expect(dampingWindow([e(90_000, 5), e(90_000, -3), e(90_000, 1)], now)).toEqual([
      e(90_000, -3),
      e(90_000, 1),
      e(90_000, 5),
    ]);
    expect(dampingWindow([e(90_000, -3), e(90_000, 5), e(90_000, 1)], now)).toEqual([
      e(90_000, -3),
      e(90_000, 1),
      e(90_000, 5),
    ]);
  });

  it("classifyDamping: a zero change is neither up nor down; equal magnitudes are smooth", () => {
    const cases: [number[], string][] = [
      [[1, 2], "insufficient"],
      [[1, 1, 0], "smooth"],
      [[0, 1, 1], "moderate"],
      [[1, 0, 0], "smooth"],
      [[-1, 1, 1], "smooth"],
      [[3, 1, 1], "smooth"],
      [[0, 1, 2], "moderate"],
      [[1, 2, 1], "oscillating"],
      [[2, 1, 2], "oscillating"],
    ];
    for (const [values, cls] of cases)
      expect([values, classifyDamping(values)]).toEqual([values, cls]);
  });
});

describe("recognition, residuals and inputs from commitments", () => {
  const c = (pubKey: string, recognition_weights: Record<string, number>, needs = 1) => ({
    pubKey,
    recognition_weights,
    need_slots: Array.from({ length: needs }, (_, i) => ({ id: `n${i}`, quantity: 1 })),
    damping_factor: 1,
    capacity_slots: [],
  });

  it("mutualRecognitionMap: sorted keys, zero values omitted, never oneself", () => {
    const me = c("me", { me: 1, b: 1, a: 1, z: 1 });
    const others = [c("b", { me: 1 }), c("z", {}), me, c("a", { me: 1, b: 1 })];
    const map = mutualRecognitionMap(me, others);
    expect(JSON.stringify(map)).toBe('{"a":0.25,"b":0.25}');
  });

  it("isResidualVariant knows exactly the two variants", () => {
    expect(["naive", "net-of-others", "other", ""].map(isResidualVariant)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("residualNeed does not depend on the key order of what was received", () => {
    const need = 2e15;
    const sorted = { a: 1e15, b: 0.0625, c: 0.0625 };
    const shuffled = { b: 0.0625, c: 0.0625, a: 1e15 };
    expect(residualNeed(need, shuffled, "x", "naive")).toBe(
      residualNeed(need, sorted, "x", "naive"),
    );
    expect(residualNeed(need, sorted, "x", "naive")).toBe(1e15);
  });

  it("allocation input: only recognised others with need slots, never the provider itself", () => {
    const provider = c("P", { P: 1, A: 1, B: 1, C: 1 });
    const others = [c("C", { P: 1 }, 0), c("B", {}), c("D", { P: 1 }), provider, c("A", { P: 1 })];
    const input = allocationInputFromCommitments(provider, others);
    expect(input.recipients.map((r) => [r.pubKey, r.mr, r.share])).toEqual([
      ["A", 0.25, 0.25],
      ["B", 0, 0.25],
    ]);
  });
});
