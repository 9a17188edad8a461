import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbAllocationInput } from "../../properties/arbitraries/allocation.js";
import { arbAvailabilitySlot } from "../../properties/arbitraries/slots.js";
import { assertProperty } from "../../properties/property.js";
import { schemaProperties } from "../../properties/schemas.js";
import * as itc from "../../src/core/itc/index.js";
import { parseWith } from "../../src/core/schemas/parse.js";
import { jsonSchema, SCHEMA_NAMES, schemas } from "../../src/core/schemas/registry.js";
import * as vclock from "../../src/core/vclock.js";

const [left, right] = itc.fork(itc.seed());
const validExamples: Record<string, unknown[]> = {
  commitment: [
    {
      pubKey: "alice",
      capacity_slots: [
        {
          id: "c1",
          quantity: 3,
          window: { start: "2026-03-01T09:00:00+01:00", end: "2026-03-01T12:00:00+01:00" },
        },
      ],
      need_slots: [
        {
          id: "n1",
          quantity: 2,
          location: {
            type: "in_person",
            country: "FR",
            city: "Lyon",
            coordinates: { lat: 45.76, lon: 4.84 },
            radius_km: 5,
          },
        },
      ],
      recognition_weights: { bob: 3, carol: 1 },
      itcStamp: itc.event(left),
      timestamp: 1_767_000_000_000,
      damping_factor: 0.8,
      damping_history: [{ overAllocation: -2.5, timestamp: 1_767_000_000_000 }],
    },
  ],
  itcStamp: [itc.seed(), itc.event(right), { id: { l: 1, r: 0 }, event: { n: 0, l: 1, r: 0 } }],
  vectorClock: [vclock.event(vclock.seed("a"), "b"), {}],
  allocationRequest: [
    {
      type: "allocation_request",
      recipient_id: "R1",
      provider_id: "P1",
      residual_need: 500,
      expected_allocation: 400,
      timestamp: 0,
    },
  ],
  allocationResponse: [
    {
      type: "allocation_response",
      provider_id: "P1",
      recipient_id: "R1",
      allocated_amount: 400,
      capacity_hint: 400,
      timestamp: 1.5,
    },
  ],
  denominatorGossip: [
    {
      type: "denominator_gossip",
      sender_id: "R1",
      provider_id: "P1",
      estimated_denominator: 300,
      my_residual_need: 0,
      my_mr_value: 0.6,
      confidence: 0.3,
      timestamp: 2,
    },
  ],
  allocationState: [
    {
      slot_denominators: { c1: { mutual: 3, nonMutual: 0 } },
      slot_allocations: [
        {
          availability_slot_id: "c1",
          recipient_pubkey: "bob",
          need_slot_id: "n1",
          quantity: 2,
          tier: "mutual",
        },
      ],
      recipient_totals: { bob: 2 },
      converged: false,
      itcStamp: itc.seed(),
      timestamp: 1_767_000_000_000,
    },
  ],
};

describe("schemas", () => {
  for (const p of schemaProperties()) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }

  it.each([
    [
      "commitment",
      ["recognition_weights", "alice"],
      { ...(validExamples["commitment"]?.[0] as object), recognition_weights: { alice: 1 } },
    ],
    [
      "commitment",
      ["timestamp"],
      { ...(validExamples["commitment"]?.[0] as object), timestamp: 0 },
    ],
    [
      "commitment",
      ["itcStamp", "id"],
      {
        ...(validExamples["commitment"]?.[0] as object),
        itcStamp: { id: { l: 1, r: 1 }, event: 0 },
      },
    ],
    ["needSlot", ["quantity"], { id: "n", quantity: -1 }],
    [
      "needSlot",
      ["window", "start"],
      { id: "n", quantity: 1, window: { start: "2026-03-01T09:00:00" } },
    ],
    [
      "needSlot",
      ["window", "start"],
      { id: "n", quantity: 1, window: { start: "2026-02-30T09:00:00Z" } },
    ],
    [
      "needSlot",
      ["window", "end"],
      {
        id: "n",
        quantity: 1,
        window: { start: "2026-03-01T10:00:00Z", end: "2026-03-01T09:00:00Z" },
      },
    ],
    ["needSlot", ["id"], { id: "has space", quantity: 1 }],
    ["needSlot", ["location", "type"], { id: "n", quantity: 1, location: { type: "underwater" } }],
    [
      "slotAllocationRecord",
      ["tier"],
      {
        availability_slot_id: "a",
        recipient_pubkey: "r",
        need_slot_id: "n",
        quantity: 1,
        tier: "gold",
      },
    ],
    [
      "denominatorGossip",
      ["estimated_denominator"],
      {
        type: "denominator_gossip",
        sender_id: "R1",
        provider_id: "P1",
        estimated_denominator: Infinity,
        my_residual_need: 0,
        my_mr_value: 0.6,
        confidence: 0.3,
        timestamp: 2,
      },
    ],
    ["vectorClock", ["a"], { a: 1.5 }],
  ] as const)("SCHEMA-1 %s rejects a bad value at %j, naming that path", (name, path, value) => {
    const r = parseWith(schemas[name as keyof typeof schemas], value, name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.path)).toContainEqual(path);
  });

  it("SCHEMA-2 every schema exports a JSON Schema that ajv compiles and that accepts the valid examples", () => {
    for (const name of SCHEMA_NAMES) {
      // One validator per document: the embedded ITC/vector-clock schemas carry their own $id.
      const ajv = new Ajv2020.default({ strict: false, allErrors: true });
      const js = jsonSchema(name);
      expect(js["$schema"]).toContain("2020-12");
      const validate = ajv.compile(js);
      for (const example of validExamples[name] ?? []) {
        expect(schemas[name].safeParse(example).success, `${name} zod`).toBe(true);
        expect(
          validate(JSON.parse(JSON.stringify(example))),
          `${name}: ${ajv.errorsText(validate.errors)}`,
        ).toBe(true);
      }
    }
  });

  it("SCHEMA-2 generated allocation inputs and slots are valid for both zod and the JSON Schema", () => {
    const ajv = new Ajv2020.default({ strict: false });
    const input = ajv.compile(jsonSchema("allocationInput"));
    const slot = ajv.compile(jsonSchema("availabilitySlot"));
    for (const x of fc.sample(arbAllocationInput(), { numRuns: 200, seed: 1 }))
      expect(input(x), ajv.errorsText(input.errors)).toBe(true);
    for (const x of fc.sample(arbAvailabilitySlot(), { numRuns: 200, seed: 1 }))
      expect(slot(x), ajv.errorsText(slot.errors)).toBe(true);
  });

  it("SCHEMA-2 the JSON Schemas reject what they can express: negative quantities, unknown keys, bad enums", () => {
    const ajv = new Ajv2020.default({ strict: false });
    const slot = ajv.compile(jsonSchema("needSlot"));
    expect(slot({ id: "n", quantity: -1 })).toBe(false);
    expect(slot({ id: "n", quantity: 1, extra: true })).toBe(false);
    expect(slot({ id: "n", quantity: 1, location: { type: "underwater" } })).toBe(false);
    const stamp = ajv.compile(jsonSchema("itcStamp"));
    expect(stamp({ id: 2, event: 0 })).toBe(false);
    expect(stamp({ id: 1, event: -1 })).toBe(false);
  });
});
