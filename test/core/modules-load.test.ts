// Modules whose top level builds values (zod unions, frozen constants) are imported lazily here,
// inside the tests: a module that throws while loading then fails a test instead of failing
// the collection of every test file that imports it statically.
import { describe, expect, it } from "vitest";

describe("core modules load and their top-level values work", () => {
  it("schemas/messages: the three seed-000 messages and their union", async () => {
    const m = await import("../../src/core/schemas/messages.js");
    const request = {
      type: "allocation_request",
      recipient_id: "R1",
      provider_id: "P1",
      residual_need: 500,
      expected_allocation: 400,
      timestamp: 0,
    };
    const response = {
      type: "allocation_response",
      provider_id: "P1",
      recipient_id: "R1",
      allocated_amount: 400,
      timestamp: 1.5,
    };
    const gossip = {
      type: "denominator_gossip",
      sender_id: "R1",
      provider_id: "P1",
      estimated_denominator: 300,
      my_residual_need: 0,
      my_mr_value: 0.6,
      confidence: 0.3,
      timestamp: 2,
    };
    expect(m.allocationRequestSchema.parse(request)).toEqual(request);
    expect(m.allocationResponseSchema.parse(response)).toEqual(response);
    expect(m.denominatorGossipSchema.parse(gossip)).toEqual(gossip);
    for (const msg of [request, response, gossip])
      expect(m.p2pMessageSchema.parse(msg)).toEqual(msg);
    expect(m.p2pMessageSchema.safeParse({ ...request, type: "other" }).success).toBe(false);
    expect(m.p2pMessageSchema.safeParse({ ...request, extra: 1 }).success).toBe(false);
  });

  it("schemas/slots: both location kinds", async () => {
    const s = await import("../../src/core/schemas/slots.js");
    const inPerson = {
      type: "in_person",
      country: "FR",
      city: "Lyon",
      coordinates: { lat: 45.76, lon: 4.84 },
      radius_km: 5,
    };
    expect(s.locationSchema.parse({ type: "remote" })).toEqual({ type: "remote" });
    expect(s.locationSchema.parse(inPerson)).toEqual(inPerson);
    expect(s.locationSchema.safeParse({ type: "remote", radius_km: 1 }).success).toBe(false);
  });

  it("schemas/allocation-state: convergence history entries", async () => {
    const a = await import("../../src/core/schemas/allocation-state.js");
    const itc = await import("../../src/core/itc/index.js");
    const state = {
      slot_denominators: {},
      slot_allocations: [],
      recipient_totals: {},
      converged: true,
      convergenceHistory: [{ denominatorDelta: 0.5, timestamp: 1_767_000_000_000 }],
      itcStamp: itc.seed(),
      timestamp: 1_767_000_000_000,
    };
    expect(a.allocationStateSchema.safeParse(state).success).toBe(true);
    expect(
      a.allocationStateSchema.safeParse({
        ...state,
        convergenceHistory: [{ denominatorDelta: 0.5, timestamp: 1, extra: 1 }],
      }).success,
    ).toBe(false);
  });

  it("vclock: the empty clock", async () => {
    const vc = await import("../../src/core/vclock.js");
    expect(vc.empty()).toEqual({});
    expect(Object.isFrozen(vc.empty())).toBe(true);
  });
});
