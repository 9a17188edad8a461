// The columnar allocation engine against the allocator it replaced, bit for bit: records,
// columns ↔ records, and incremental sessions ↔ full recomputes on random single-recipient
// changes. Deterministic (seed 42); explore others with
//   COMMONS_SPEC_SEED=<n> npx vitest run test/core/allocation/engine.test.ts
// (a failure prints fast-check's seed and path to replay it).
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbAllocationInput } from "../../../properties/arbitraries/allocation.js";
import { allocate, allocateValidated } from "../../../src/core/allocation/allocate.js";
import { allocationRecords } from "../../../src/core/allocation/columns.js";
import {
  createAllocationSession,
  createAllocationSessionValidated,
  type AllocationSession,
} from "../../../src/core/allocation/session.js";
import type { AllocationResult } from "../../../src/core/allocation/result.js";
import { ALLOCATION_VARIANTS } from "../../../src/core/allocation/variants.js";
import { CoreError } from "../../../src/core/errors.js";
import type { AllocationInput, AllocationRecipient } from "../../../src/core/schemas/allocation.js";
import type { AvailabilitySlot, NeedSlot } from "../../../src/core/schemas/slots.js";
import { allocationWorkload } from "../../../bench/allocation-workloads.js";
import { previousAllocate } from "./previous-compute.js";

const envSeed = Number(process.env["COMMONS_SPEC_SEED"]);
const seed = Number.isInteger(envSeed) ? envSeed : 42;

/** Same keys, same values, numbers compared with Object.is (so −0 ≠ 0 and every bit counts). */
function identical(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** Where two results differ first, for the failure message. */
function firstDifference(a: AllocationResult, b: AllocationResult): string {
  for (const k of Object.keys(a) as (keyof AllocationResult)[]) {
    if (!identical(a[k], b[k]))
      return `${k}: ${JSON.stringify(a[k]).slice(0, 300)} ≠ ${JSON.stringify(b[k]).slice(0, 300)}`;
  }
  return "none";
}

function expectIdentical(got: AllocationResult, want: AllocationResult): void {
  if (!identical(got, want)) expect.fail(`results differ: ${firstDifference(got, want)}`);
}

describe("columnar engine = the previous allocator, bit for bit", () => {
  it("the comparison sees a one-ulp change and a −0", () => {
    const input = allocationWorkload("sparse", 1, 40, 10, 3);
    const r = previousAllocate(input);
    const g = r.slot_allocations[0];
    if (g === undefined) throw new Error("the workload grants nothing");
    const ulp = { ...r, slot_allocations: [{ ...g, quantity: g.quantity * (1 + 2 ** -52) }] };
    expect(identical({ ...r, slot_allocations: [g] }, ulp)).toBe(false);
    expect(identical({ x: 0 }, { x: -0 })).toBe(false);
  });

  for (const variant of ALLOCATION_VARIANTS) {
    it(`generated inputs (${variant}): records and columns`, () => {
      fc.assert(
        fc.property(arbAllocationInput(), (input) => {
          const want = previousAllocate(input, variant);
          expectIdentical(allocateValidated(input, { variant }), want);
          const columns = allocateValidated(input, { variant, output: "columns" });
          expectIdentical(allocationRecords(columns), want);
          // The columns themselves: grants in (slot, unit) order, units of the named recipient.
          const { slot, unit, quantity, length } = columns.grants;
          expect(length).toBe(want.slot_allocations.length);
          for (let k = 0; k < length; k++) {
            const rec = want.slot_allocations[k] as (typeof want.slot_allocations)[number];
            const u = unit[k] as number;
            expect(columns.slot_order[slot[k] as number]).toBe(rec.availability_slot_id);
            expect(columns.recipients[columns.units.recipient[u] as number]).toBe(
              rec.recipient_pubkey,
            );
            expect(columns.units.need_slot_id[u]).toBe(rec.need_slot_id);
            expect(Object.is(quantity[k], rec.quantity)).toBe(true);
            if (k > 0)
              expect(
                (slot[k - 1] as number) < (slot[k] as number) ||
                  (slot[k - 1] === slot[k] && (unit[k - 1] as number) < u),
              ).toBe(true);
          }
        }),
        { seed, numRuns: 300 },
      );
    });
  }

  for (const kind of ["sparse", "dense"] as const) {
    it(`bench workload ${kind} (400 recipients × 6 need slots, 40 slots), both variants`, () => {
      const input = allocationWorkload(kind, 12345, 400, 40, 6);
      for (const variant of ALLOCATION_VARIANTS) {
        const want = previousAllocate(input, variant);
        expect(want.slot_allocations.length).toBeGreaterThan(100);
        expectIdentical(allocateValidated(input, { variant }), want);
        expectIdentical(allocationRecords(allocate(input, { variant, output: "columns" })), want);
      }
    });
  }

  it("columns are the caller's own: writing to them changes no later result", () => {
    const input = allocationWorkload("sparse", 3, 60, 12, 4);
    const s = createAllocationSessionValidated(input);
    const c = s.allocate({ output: "columns" });
    c.units.recipient.fill(0);
    c.recipient_tier.fill(0);
    c.grants.quantity.fill(0);
    // The string tables are shared with the session, frozen.
    expect(() => {
      (c.units.need_slot_id as string[])[0] = "x";
    }).toThrow(TypeError);
    expect(() => {
      (c.recipients as string[]).push("x");
    }).toThrow(TypeError);
    expectIdentical(s.allocate(), previousAllocate(input));
  });
});

describe("kept preparation is never stale", () => {
  it("in-place changes between calls are seen (need and capacity slots, arrays, ids)", () => {
    const input = allocationWorkload("sparse", 9, 300, 30, 5);
    type Mutable<T> = { -readonly [K in keyof T]: T[K] };
    const first = previousAllocate(input);
    // Need slots that were granted something, so that changing them changes the result.
    const granted = first.slot_allocations.map((g) => {
      const r = input.recipients.find((x) => x.pubKey === g.recipient_pubkey);
      return r?.need_slots.find((n) => n.id === g.need_slot_id) as Mutable<NeedSlot>;
    });
    const withWindow = granted.filter(
      (n) => n.window?.start !== undefined && n.window.end !== undefined,
    );
    // … and granted by an in-person slot naming a city: another city makes them incompatible.
    const withCity = granted.filter((n, k) => {
      const g = first.slot_allocations[k];
      const slot = input.provider.capacity_slots.find((c) => c.id === g?.availability_slot_id);
      return (
        n.location?.type === "in_person" &&
        n.location.city !== undefined &&
        n.location.coordinates === undefined &&
        slot?.location?.type === "in_person" &&
        slot.location.city !== undefined
      );
    });
    const rec = (i: number) => input.recipients[i] as Mutable<AllocationRecipient>;
    const cap = (k: number) => input.provider.capacity_slots[k] as Mutable<AvailabilitySlot>;
    const g0 = first.slot_allocations[0];
    const ownerOf = (n: NeedSlot) =>
      input.recipients.find((r) => r.need_slots.includes(n)) as Mutable<AllocationRecipient>;
    const changes: [string, () => void][] = [
      [
        "a need's window bounds edited in place",
        () => {
          const w = withWindow[0]?.window as { start?: string; end?: string };
          w.start = "2030-01-01T00:00:00Z";
          w.end = "2030-01-02T00:00:00Z";
        },
      ],
      [
        "a need's window replaced",
        () => {
          (withWindow[1] as Mutable<NeedSlot>).window = { start: "2031-01-01T00:00:00Z" };
        },
      ],
      [
        "a need's city edited in place",
        () => {
          ((withCity[0] as NeedSlot).location as { city?: string }).city = "Atlantis";
        },
      ],
      [
        "a need's location type edited in place",
        () => {
          ((withCity[1] as NeedSlot).location as { type: string }).type = "remote";
        },
      ],
      [
        "need slots reordered in place",
        () => {
          ownerOf(withWindow[2] as NeedSlot).need_slots.reverse();
        },
      ],
      [
        "a need slot added",
        () => {
          rec(10).need_slots.push({ id: "zz", quantity: 7 });
        },
      ],
      [
        "a need slot id",
        () => {
          // Not its recipient's first id, so the new id changes the order of its need slots.
          const n = withWindow.find(
            (x, k) => k >= 3 && ownerOf(x).need_slots.some((m) => m.id < x.id),
          ) as Mutable<NeedSlot>;
          n.id = "+first";
        },
      ],
      [
        "a need quantity",
        () => {
          (withWindow[4] as Mutable<NeedSlot>).quantity = 0;
        },
      ],
      [
        "a capacity slot's window",
        () => {
          const k = input.provider.capacity_slots.findIndex(
            (c) => c.id === g0?.availability_slot_id,
          );
          cap(k).window = { start: "2032-03-05T00:00:00Z", end: "2032-04-05T00:00:00Z" };
        },
      ],
      [
        "a capacity slot's id",
        () => {
          cap(6).id = "a-renamed";
        },
      ],
      [
        "a capacity slot's location",
        () => {
          cap(7).location = { type: "remote" };
        },
      ],
    ];
    let before = allocateValidated(input);
    expectIdentical(before, first);
    for (const [what, change] of changes) {
      change();
      const want = previousAllocate(input);
      const got = allocateValidated(input);
      if (!identical(got, want)) expect.fail(`after ${what}: ${firstDifference(got, want)}`);
      // Every change but the reordering (canonical order, §5.2) moves some grant.
      if (!what.includes("reordered"))
        expect(identical(got, before), `${what} changes the allocation`).toBe(false);
      before = got;
    }
  });
});

type Op =
  | { readonly kind: "replace"; readonly pick: number; readonly donor: number }
  | { readonly kind: "add"; readonly donor: number }
  | { readonly kind: "remove"; readonly pick: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      pick: fc.nat(),
      donor: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("add" as const), donor: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
);

/** Applies op to both the input and the session; the donor pool supplies new recipient data. */
function apply(
  input: AllocationInput,
  s: AllocationSession,
  op: Op,
  pool: readonly AllocationRecipient[],
  step: number,
): [AllocationInput, AllocationSession] {
  const rs = input.recipients;
  if (op.kind === "remove") {
    if (rs.length === 0) return [input, s];
    const gone = (rs[op.pick % rs.length] as AllocationRecipient).pubKey;
    return [
      { ...input, recipients: rs.filter((r) => r.pubKey !== gone) },
      s.withoutRecipient(gone),
    ];
  }
  const donor = pool[op.donor % Math.max(1, pool.length)];
  if (donor === undefined) return [input, s];
  const pubKey =
    op.kind === "replace" && rs.length > 0
      ? (rs[op.pick % rs.length] as AllocationRecipient).pubKey
      : `added-${step}`;
  if (pubKey === input.provider.pubKey) return [input, s];
  const rec: AllocationRecipient = { ...donor, pubKey };
  return [
    { ...input, recipients: [...rs.filter((r) => r.pubKey !== pubKey), rec] },
    s.withRecipientValidated(rec),
  ];
}

describe("incremental session = full recompute", () => {
  it("random single-recipient changes (replace, add, remove), both variants, old sessions unchanged", () => {
    fc.assert(
      fc.property(
        arbAllocationInput(),
        arbAllocationInput(),
        fc.array(arbOp, { minLength: 1, maxLength: 6 }),
        (start, donors, ops) => {
          let input = start;
          let s = createAllocationSessionValidated(start);
          const history: [AllocationSession, AllocationResult][] = [];
          ops.forEach((op, step) => {
            [input, s] = apply(input, s, op, donors.recipients, step);
            for (const variant of ALLOCATION_VARIANTS) {
              const want = allocateValidated(input, { variant });
              expectIdentical(s.allocate({ variant }), want);
              expectIdentical(allocationRecords(s.allocate({ variant, output: "columns" })), want);
            }
            expect(s.recipients).toEqual(input.recipients.map((r) => r.pubKey).sort());
            history.push([s, allocateValidated(input)]);
          });
          // Sessions are persistent: each still allocates its own input.
          for (const [old, want] of history) expectIdentical(old.allocate(), want);
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it("one recipient's commitment changes on the bench workload (1 000 recipients)", () => {
    const input = allocationWorkload("sparse", 12345, 1000, 100, 10);
    const s0 = createAllocationSessionValidated(input);
    const r = input.recipients[417] as AllocationRecipient;
    const changed: AllocationRecipient = {
      ...r,
      mr: r.mr > 0 ? r.mr / 3 : 0.5,
      need_slots: r.need_slots.map((n, k) => ({ ...n, quantity: n.quantity + k })),
    };
    const next = { ...input, recipients: input.recipients.map((x) => (x === r ? changed : x)) };
    expectIdentical(s0.withRecipient(changed).allocate(), previousAllocate(next));
    expectIdentical(s0.allocate(), previousAllocate(input));
  });

  it("validates what it is given, naming the field path", () => {
    const s = createAllocationSession({
      provider: { pubKey: "P", capacity_slots: [{ id: "a", quantity: 4 }] },
      recipients: [{ pubKey: "A", need_slots: [{ id: "n", quantity: 2 }], mr: 0.5, share: 0.5 }],
    });
    const bad = (r: unknown) => {
      try {
        s.withRecipient(r);
      } catch (e) {
        return e instanceof CoreError ? `${e.code} ${e.path.join(".")}` : String(e);
      }
      return "accepted";
    };
    expect(bad({ pubKey: "B", need_slots: [{ id: "n", quantity: -1 }], mr: 0, share: 1 })).toBe(
      "INVALID_INPUT need_slots.0.quantity",
    );
    expect(
      bad({
        pubKey: "B",
        need_slots: [
          { id: "n", quantity: 1 },
          { id: "n", quantity: 2 },
        ],
        mr: 0,
        share: 1,
      }),
    ).toBe("INVALID_INPUT need_slots.1.id");
    expect(bad({ pubKey: "P", need_slots: [], mr: 0, share: 1 })).toBe("INVALID_INPUT pubKey");
    expect(bad({ pubKey: "B", need_slots: [{ id: "n", quantity: 1 }], mr: 0, share: 1 })).toBe(
      "accepted",
    );
    expect(s.withoutRecipient("nobody")).toBe(s);
    expect(() => createAllocationSession({ provider: {}, recipients: [] })).toThrow(CoreError);
  });
});
