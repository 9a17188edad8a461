/**
 * Ids that are also names of Object.prototype (`__proto__`, `constructor`, `toString`…) are
 * ordinary ids everywhere: every API that takes ids keeps every entry under its own name.
 *
 * The oracle is a renaming: each id is prefixed with "x" (an order-preserving bijection, so
 * canonical orders and floating-point sums are unchanged). An API must give the same result
 * on the dangerous ids as on the renamed ones, renamed back — nothing lost, nothing renamed,
 * nothing read from Object.prototype — and its JSON output must round-trip with every key.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, allocateValidated } from "../../src/core/allocation/allocate.js";
import { allocationInputFromCommitments } from "../../src/core/allocation/from-commitments.js";
import { denominatorDelta, isConverged } from "../../src/core/convergence.js";
import { runDynamics, type DynamicsNetwork } from "../../src/core/dynamics.js";
import {
  mutualRecognition,
  mutualRecognitionMap,
  recognitionShares,
  renormalize,
  shareOf,
} from "../../src/core/recognition.js";
import { residualNeed } from "../../src/core/residual.js";
import { allocationInputSchema } from "../../src/core/schemas/allocation.js";
import { allocationStateSchema } from "../../src/core/schemas/allocation-state.js";
import { commitmentSchema } from "../../src/core/schemas/commitment.js";
import * as vc from "../../src/core/vclock.js";
import { runScenario } from "../../src/engine/sim/run.js";
import { parseTrace } from "../../src/engine/trace/itf.js";
import { parseScenarioDocument } from "../../src/engine/sim/scenario.js";

const DANGEROUS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
] as const;
const ORDINARY = ["a", "b", "p1", "r-2", "z"] as const;
const anyId = fc.constantFrom(...DANGEROUS, ...ORDINARY);
const ids = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(anyId, { minLength: min, maxLength: max });
const SEED = 0x13;
const RUNS = 60;

/** Renames every id (map keys and id-valued fields) of a JSON value by `f`. */
function rename(v: unknown, f: (id: string) => string, idFields: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => rename(x, f, idFields));
  if (typeof v !== "object" || v === null) return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "string" && idFields.has(k)) out[k] = f(x);
    else if (MAP_FIELDS.has(k) && typeof x === "object" && x !== null && !Array.isArray(x)) {
      const m = Object.create(null) as Record<string, unknown>;
      for (const [id, y] of Object.entries(x)) m[f(id)] = rename(y, f, idFields);
      out[k] = m;
    } else if (k === "slot_order" && Array.isArray(x)) out[k] = x.map((s) => f(s as string));
    else out[k] = rename(x, f, idFields);
  }
  return out;
}
const MAP_FIELDS = new Set([
  "slot_denominators",
  "slot_unused",
  "recipient_totals",
  "recognition_weights",
  "mr_values",
]);
const ID_FIELDS = new Set([
  "id",
  "pubKey",
  "provider",
  "availability_slot_id",
  "recipient_pubkey",
  "need_slot_id",
]);
const prefix = (id: string) => `x${id}`;
const unprefix = (id: string) => id.slice(1);
/** A JSON round trip that keeps `__proto__` keys (JSON.parse makes them own properties). */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const keys = (o: object) => Object.keys(o).sort();

const WINDOW = { start: "2026-03-01T00:00+00:00", end: "2026-03-01T20:00+00:00" };

const allocationInput = fc
  .record({
    slots: ids(1, 4),
    recipients: ids(1, 5),
    needIds: ids(1, 3),
    quantities: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 20, maxLength: 20 }),
    mrs: fc.array(fc.constantFrom(0, 0.1, 0.5, 1), { minLength: 5, maxLength: 5 }),
  })
  .map(({ slots, recipients, needIds, quantities, mrs }) => ({
    provider: {
      pubKey: "provider",
      capacity_slots: slots.map((id, i) => ({ id, quantity: quantities[i] ?? 1, window: WINDOW })),
    },
    recipients: recipients.map((pubKey, i) => ({
      pubKey,
      need_slots: needIds.map((id, j) => ({
        id,
        quantity: quantities[5 + i * 3 + j] ?? 1,
        location: { type: "remote" },
      })),
      mr: mrs[i] ?? 0,
      share: 0.2,
      damping_factor: 1,
    })),
  }));

describe("ids named like Object.prototype members are kept by every API", () => {
  it("allocate / allocateValidated: every slot and recipient keeps its entry, JSON round-trips", () => {
    fc.assert(
      fc.property(allocationInput, (raw) => {
        const input = viaJson(raw);
        const r = allocate(input);
        const slotIds = raw.provider.capacity_slots.map((s) => s.id).sort();
        const recipientIds = raw.recipients.map((x) => x.pubKey).sort();
        expect(keys(r.slot_denominators)).toEqual(slotIds);
        expect(keys(r.slot_unused)).toEqual(slotIds);
        expect(keys(r.recipient_totals)).toEqual(recipientIds);
        const json = viaJson(r) as Record<string, object>;
        expect(keys(json["slot_denominators"] as object)).toEqual(slotIds);
        expect(keys(json["recipient_totals"] as object)).toEqual(recipientIds);
        // The renamed input gives the same result, renamed.
        const renamed = allocate(rename(input, prefix, ID_FIELDS));
        expect(viaJson(rename(viaJson(renamed), unprefix, ID_FIELDS))).toEqual(json);
        // allocateValidated on the parsed input agrees.
        const parsed = allocationInputSchema.parse(input);
        expect(viaJson(allocateValidated(parsed))).toEqual(json);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("recognition: shares, MR and renormalisation keep every id (weights from JSON)", () => {
    fc.assert(
      fc.property(
        ids(1, 6),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }),
        (people, ws) => {
          const weights = viaJson(
            Object.fromEntries(people.map((p, i) => [p, ws[i] ?? 1])),
          ) as Record<string, number>;
          const shares = recognitionShares(weights);
          expect(keys(shares)).toEqual([...people].sort());
          expect(keys(renormalize(weights))).toEqual([...people].sort());
          const total = ws.slice(0, people.length).reduce((s, w) => s + w, 0);
          for (const [i, p] of people.entries()) {
            const want = total > 0 ? (ws[i] ?? 0) / total : 0;
            expect(shares[p]).toBe(want);
            expect(shareOf(weights, p)).toBe(want);
          }
          // An id that is not in the map has share 0 (never an inherited member).
          for (const d of DANGEROUS) if (!people.includes(d)) expect(shareOf(weights, d)).toBe(0);
          const me = { pubKey: "me", recognition_weights: weights };
          const others = people.map((p) => ({
            pubKey: p,
            recognition_weights: viaJson({ me: 1 }) as Record<string, number>,
          }));
          const mr = mutualRecognitionMap(me, others);
          for (const o of others) {
            const v = mutualRecognition(me, o);
            if (v > 0) expect(mr[o.pubKey]).toBe(v);
            else expect(Object.hasOwn(mr, o.pubKey)).toBe(false);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("residual need and convergence: keyed maps read only their own entries", () => {
    fc.assert(
      fc.property(ids(0, 5), ids(0, 5), (before, after) => {
        const received = viaJson(Object.fromEntries(before.map((p) => [p, 1]))) as Record<
          string,
          number
        >;
        for (const asker of [...DANGEROUS, "a"] as const) {
          const mine = before.includes(asker) ? 1 : 0;
          expect(residualNeed(100, received, asker, "naive")).toBe(100 - before.length);
          expect(residualNeed(100, received, asker, "net-of-others")).toBe(
            100 - before.length + mine,
          );
        }
        const den = (xs: readonly string[], v: number) =>
          viaJson(Object.fromEntries(xs.map((s) => [s, { mutual: v, nonMutual: v }]))) as Record<
            string,
            { mutual: number; nonMutual: number }
          >;
        const delta = denominatorDelta(den(before, 2), den(after, 5));
        let expected = 0;
        for (const k of new Set([...before, ...after]))
          expected = Math.max(expected, before.includes(k) ? (after.includes(k) ? 3 : 2) : 5);
        expect(delta).toBe(expected);
        expect(Number.isNaN(delta)).toBe(false);
        expect(isConverged(den(before, 1), den(before, 1))).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("dynamics: rounds keep every provider, recipient and need slot (renaming oracle)", () => {
    fc.assert(
      fc.property(ids(1, 2), ids(1, 3), ids(1, 2), (provs, recs, needs) => {
        const providers = provs.map((p) => `P${p}`);
        const network = (f: (s: string) => string): DynamicsNetwork =>
          viaJson({
            providers: providers.map((p) => ({
              pubKey: f(p),
              capacity_slots: needs.map((id) => ({ id: f(id), quantity: 5, window: WINDOW })),
              recognition: Object.fromEntries(recs.map((r) => [f(r), { mr: 0.5, share: 0.5 }])),
            })),
            recipients: recs.map((r) => ({
              pubKey: f(r),
              need_slots: needs.map((id) => ({
                id: f(id),
                quantity: 4,
                location: { type: "remote" },
              })),
            })),
          }) as DynamicsNetwork;
        const opts = { residual: "net-of-others" as const, maxRounds: 6 };
        const a = runDynamics(
          network((s) => s),
          opts,
        );
        const b = runDynamics(network(prefix), opts);
        expect(a.rounds.length).toBe(b.rounds.length);
        const last = a.rounds[a.rounds.length - 1];
        const lastB = b.rounds[b.rounds.length - 1];
        if (last === undefined || lastB === undefined) return;
        expect(keys(last.received)).toEqual([...recs].sort());
        expect(keys(last.denominators)).toEqual([...providers].sort());
        for (const r of recs) expect(last.received[r]).toBe(lastB.received[prefix(r)]);
        for (const p of providers)
          for (const r of Object.keys(lastB.grants[prefix(p)] ?? {}))
            expect(last.grants[p]?.[unprefix(r)]).toEqual(
              Object.fromEntries(
                Object.entries(lastB.grants[prefix(p)]?.[r] ?? {}).map(([n, q]) => [
                  unprefix(n),
                  q,
                ]),
              ),
            );
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("schemas: records keyed by ids keep `__proto__` and every other id, and round-trip", () => {
    fc.assert(
      fc.property(ids(1, 6), (people) => {
        const weights = Object.fromEntries(people.map((p, i) => [p, i + 1]));
        const commitment = viaJson({
          pubKey: "me",
          capacity_slots: [],
          need_slots: [],
          recognition_weights: weights,
          mr_values: Object.fromEntries(people.map((p) => [p, 0.5])),
          itcStamp: { id: 1, event: 0 },
          timestamp: 1,
        });
        const c = commitmentSchema.parse(commitment);
        expect(keys(c.recognition_weights)).toEqual([...people].sort());
        expect(keys(c.mr_values ?? {})).toEqual([...people].sort());
        for (const [i, p] of people.entries()) expect(c.recognition_weights[p]).toBe(i + 1);
        expect(viaJson(c)).toEqual(viaJson({ ...(commitment as object), damping_factor: 1 }));
        const state = allocationStateSchema.parse(
          viaJson({
            slot_denominators: Object.fromEntries(
              people.map((p) => [p, { mutual: 1, nonMutual: 0 }]),
            ),
            slot_allocations: [],
            recipient_totals: weights,
            converged: false,
            itcStamp: { id: 1, event: 0 },
            timestamp: 1,
          }),
        );
        expect(keys(state.slot_denominators)).toEqual([...people].sort());
        expect(keys(state.recipient_totals)).toEqual([...people].sort());
        // allocationInputFromCommitments: each recognised participant is a recipient.
        const others = people.map((p) => ({
          pubKey: p,
          need_slots: [{ id: "n", quantity: 1, location: { type: "remote" as const } }],
          recognition_weights: viaJson({ me: 1 }) as Record<string, number>,
          damping_factor: 1,
        }));
        const input = allocationInputFromCommitments(
          { pubKey: "me", capacity_slots: [], recognition_weights: c.recognition_weights },
          others,
        );
        expect(input.recipients.map((r) => r.pubKey).sort()).toEqual([...people].sort());
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a zod record of the schemas reports a bad value under its `__proto__` key", () => {
    const r = commitmentSchema.safeParse(
      viaJson({
        pubKey: "me",
        capacity_slots: [],
        need_slots: [],
        recognition_weights: JSON.parse('{"__proto__": -1}') as unknown,
        itcStamp: { id: 1, event: 0 },
        timestamp: 1,
      }),
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["recognition_weights", "__proto__"]);
  });

  it("vector clocks: entries named like Object.prototype members join, compare and encode", () => {
    fc.assert(
      fc.property(ids(0, 6), ids(0, 6), (xs, ys) => {
        const a = vc.validate(viaJson(Object.fromEntries(xs.map((x, i) => [x, i + 1]))));
        const b = vc.validate(viaJson(Object.fromEntries(ys.map((y, i) => [y, i + 2]))));
        if (!a.ok || !b.ok) throw new Error("valid clocks rejected");
        const j = vc.join(a.value, b.value);
        expect(keys(j)).toEqual([...new Set([...xs, ...ys])].sort());
        expect(vc.leq(a.value, j) && vc.leq(b.value, j)).toBe(true);
        for (const d of DANGEROUS) if (!xs.includes(d)) expect(vc.get(a.value, d)).toBe(0);
        expect(vc.equals(vc.decode(vc.encode(j)), j)).toBe(true);
        expect(keys(viaJson(j) as object)).toEqual(keys(j));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("ITF traces with variables named like Object.prototype members", () => {
  it.each(["toString", "constructor", "__proto__"])(
    "%s: present is kept, missing is reported",
    (v) => {
      const ok = parseTrace(viaJson({ vars: [v], states: [JSON.parse(`{"${v}": 1}`) as unknown] }));
      expect(ok.states[0]?.[v]).toBe(1);
      expect(keys(ok.states[0] ?? {})).toEqual([v]);
      expect(() => parseTrace({ vars: [v], states: [{}] })).toThrow(
        `trace.states[0].${v}: missing`,
      );
    },
  );
});

describe("the simulator and the protocol nodes keep dangerous node ids", () => {
  const NAMES = ["__proto__", "constructor", "toString", "valueOf"] as const;
  const doc = (protocol: string, f: (s: string) => string) =>
    viaJson({
      protocol,
      seed: 5,
      duration: 4000,
      nodes: [
        {
          id: f("__proto__"),
          capacity: 10,
          recognition: { [f("constructor")]: 5, [f("toString")]: 3, [f("valueOf")]: 1 },
        },
        { id: f("constructor"), capacity: 4, need: 3, recognition: { [f("__proto__")]: 5 } },
        { id: f("toString"), need: 4, recognition: { [f("__proto__")]: 5 } },
        { id: f("valueOf"), need: 2, recognition: { [f("__proto__")]: 1 } },
      ],
      topology: { kind: "full-mesh" },
    });

  // A simulator run depends on the ids' text (hashes), so renaming is no oracle here: the run
  // must build the whole graph, keep every node and every recognition entry, and hold.
  it.each(["v2", "v1", "p2p"])("%s: the whole network runs, every check holds", (protocol) => {
    const p = parseScenarioDocument(
      doc(protocol, (x) => x),
      "dangerous",
    );
    if (!p.ok) throw new Error(p.errors.join("\n"));
    const s = p.runs[0];
    if (s === undefined) throw new Error("no run");
    const nodes = s.nodes as readonly { id: string; recognition: Record<string, number> }[];
    expect(keys(nodes[0]?.recognition ?? {})).toEqual(["constructor", "toString", "valueOf"]);
    expect(keys(nodes[1]?.recognition ?? {})).toEqual(["__proto__"]);
    const out = runScenario(s, { traceStates: 100_000 });
    const r = out.report;
    expect(r.topology.edges).toBe(6); // the full mesh on 4 nodes
    expect(r.topology.components).toBe(1);
    expect(r.nodes.alive).toBe(4);
    expect(r.messages.sent).toBeGreaterThan(0);
    expect(r.checks.filter((c) => !c.held)).toEqual([]);
    expect(r.ok).toBe(true);
    // Every node appears in the trace under its own id.
    const seen = new Set(
      (viaJson(out.trace) as { states: { node?: unknown }[] }).states.map((x) => x.node),
    );
    for (const n of NAMES) expect(seen).toContain(n);
  });
});
