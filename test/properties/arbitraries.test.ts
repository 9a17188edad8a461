import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbDishonest,
  arbDishonestStrategy,
  arbFaultSchedule,
  arbSizedTopology,
  arbTopology,
  dishonestKinds,
  GENERATED_TOPOLOGY_KINDS,
} from "../../properties/arbitraries/index.js";
import { DISHONEST_KINDS } from "../../src/core/protocols/dishonest.js";
import { Rng } from "../../src/engine/sim/rng.js";
import { runScenario } from "../../src/engine/sim/run.js";
import {
  churnSchema,
  dishonestSchema,
  networkSchema,
  parseScenarioDocument,
  partitionSchema,
  strategySchema,
  topologySchema,
  type ScenarioInput,
} from "../../src/engine/sim/scenario.js";
import { buildGraph } from "../../src/engine/sim/topology.js";

const SEED = 42;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

/** The schema's verdict, with the first issue's path when it rejects. */
function accepts(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  v: unknown,
) {
  const r = schema.safeParse(v);
  return r.success ? "ok" : JSON.stringify(r.error);
}

describe("exported arbitraries produce valid scenario parts", () => {
  it("topologies of every kind pass the schema, build on their node count, and make valid scenarios", () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(arbSizedTopology({ minNodes: 1, maxNodes: 30 }), ({ count, topology }) => {
        kinds.add(topology.kind);
        expect(accepts(topologySchema, topology)).toBe("ok");
        const g = buildGraph(topology, ids(count), new Rng(count));
        expect(g.order).toBe(count);
        const doc = { protocol: "v2", duration: 1000, nodes: { count }, topology };
        const parsed = parseScenarioDocument(doc, "generated");
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect([...kinds].sort()).toEqual([...GENERATED_TOPOLOGY_KINDS].sort());
  });

  it("a star may name a given node as its centre; kinds impossible on the node count are refused", () => {
    const seen = fc.sample(arbTopology(5, { kinds: ["star"], nodeIds: ids(5) }), {
      seed: SEED,
      numRuns: 50,
    });
    expect(seen.some((t) => t.kind === "star" && t.center !== undefined)).toBe(true);
    expect(() => arbTopology(2, { kinds: ["watts-strogatz"] })).toThrow(/can be built on 2 node/);
  });

  it("fault schedules pass the schemas, stay inside the run, and name only the given nodes", () => {
    let explicit = 0;
    let targeted = 0;
    for (const nodeIds of [undefined, ids(8)]) {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 2, max: 60_000 })
            .chain((durationMs) =>
              arbFaultSchedule({ durationMs, ...(nodeIds !== undefined ? { nodeIds } : {}) }).map(
                (f) => ({ durationMs, f }),
              ),
            ),
          ({ durationMs, f }) => {
            expect(accepts(networkSchema, f.network)).toBe("ok");
            expect(accepts(churnSchema, f.churn)).toBe("ok");
            for (const p of f.partitions) {
              expect(accepts(partitionSchema, p)).toBe("ok");
              expect(p.at).toBeLessThan(durationMs);
              if (p.explicit !== undefined) {
                explicit++;
                expect(p.explicit.flat().sort()).toEqual([...(nodeIds ?? [])].sort());
              }
            }
            for (const [a, b] of f.partitions.slice(1).map((p, i) => [f.partitions[i], p] as const))
              expect(a?.heal ?? Infinity).toBeLessThanOrEqual(b.at);
            for (const e of f.churn.events) {
              expect(e.at).toBeLessThan(durationMs);
              if (e.node !== undefined) {
                targeted++;
                expect(nodeIds).toContain(e.node);
              }
            }
            for (const r of f.churn.rates) expect(r.until).toBeLessThanOrEqual(durationMs);
            const doc = {
              protocol: "p2p",
              duration: durationMs,
              nodes: (nodeIds ?? ids(8)).map((id, i) =>
                i < 2 ? { id, capacity: 100, recognition: {} } : { id, need: 10, recognition: {} },
              ),
              topology: { kind: "ring" },
              ...f,
            };
            const parsed = parseScenarioDocument(doc, "generated");
            expect(parsed.ok ? [] : parsed.errors).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: 200 },
      );
    }
    expect(explicit).toBeGreaterThan(0);
    expect(targeted).toBeGreaterThan(0);
  });

  it("dishonest strategies are those each protocol supports, and colluding groups name given nodes", () => {
    expect(dishonestKinds({ protocol: "v1" })).toEqual(["lie-need"]);
    expect(dishonestKinds({ protocol: "v2" })).toEqual(["lie-need", "noise"]);
    for (const protocol of ["p2p", "v2", "v1"] as const) {
      const kinds = new Set<string>();
      fc.assert(
        fc.property(arbDishonest({ protocol, nodeIds: ids(6) }), (d) => {
          kinds.add(d.strategy.kind);
          expect(accepts(strategySchema, d.strategy)).toBe("ok");
          expect(accepts(dishonestSchema, d)).toBe("ok");
          for (const n of d.nodes ?? []) expect(ids(6)).toContain(n);
          const doc = {
            protocol,
            duration: 1000,
            nodes: ids(6).map((id) => ({ id, capacity: 10, need: 5, recognition: {} })),
            topology: { kind: "ring" },
            dishonest: d,
          };
          const parsed = parseScenarioDocument(doc, "generated");
          expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        }),
        { seed: SEED, numRuns: 150 },
      );
      expect([...kinds].sort()).toEqual([...dishonestKinds({ protocol })].sort());
    }
    const all = new Set(
      fc.sample(arbDishonestStrategy(), { seed: SEED, numRuns: 200 }).map((s) => s.kind),
    );
    expect([...all].sort()).toEqual([...DISHONEST_KINDS].sort());
    const colluding = fc
      .sample(arbDishonest({ kinds: ["collude"], nodeIds: ids(6) }), { seed: SEED, numRuns: 50 })
      .filter((d) => d.nodes !== undefined && d.nodes.length >= 2);
    expect(colluding.length).toBeGreaterThan(0);
  });

  it("scenarios assembled from them run, and safety holds in them (P2P, corrected provider)", () => {
    const arbScenario = arbSizedTopology({ minNodes: 4, maxNodes: 10 }).chain(
      ({ count, topology }) =>
        fc
          .tuple(arbFaultSchedule({ durationMs: 4000, maxChurnCount: 2 }), arbDishonest())
          .map(([faults, dishonest]): ScenarioInput => ({
            protocol: "p2p",
            seed: 1,
            duration: 4000,
            nodes: { count, providerFraction: 0.4 },
            topology,
            ...faults,
            dishonest,
          })),
    );
    let sent = 0;
    for (const doc of fc.sample(arbScenario, { seed: SEED, numRuns: 6 })) {
      const parsed = parseScenarioDocument(doc, "generated");
      if (!parsed.ok) throw new Error(parsed.errors.join("; "));
      const { report } = runScenario(parsed.runs[0] as (typeof parsed.runs)[number]);
      sent += report.messages.sent;
      expect(
        report.checks.filter((c) => !c.held).map((c) => `${c.id}: ${c.first?.message ?? ""}`),
      ).toEqual([]);
    }
    expect(sent).toBeGreaterThan(0);
  });
});
