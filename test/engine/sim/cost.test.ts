import { describe, expect, it } from "vitest";
import { BUILTIN_SCENARIOS } from "../../../src/engine/sim/builtins.js";
import {
  checkCost,
  DEFAULT_COST_LIMITS,
  estimateCost,
  formatCostRefusal,
} from "../../../src/engine/sim/cost.js";
import { runScenario } from "../../../src/engine/sim/run.js";
import { parseScenarioDocument, type Scenario } from "../../../src/engine/sim/scenario.js";
import { scenario } from "./helpers.js";

const runsOf = (doc: unknown): readonly Scenario[] => {
  const p = parseScenarioDocument(doc, "test");
  if (!p.ok) throw new Error(p.errors.join("\n"));
  return p.runs;
};

const base = {
  protocol: "v2",
  duration: 60_000,
  nodes: { count: 100 },
  topology: { kind: "random-regular", degree: 6 },
};

describe("scenario cost estimate", () => {
  it("every built-in scenario is within the default limits (v2-10000 included)", () => {
    for (const b of BUILTIN_SCENARIOS)
      for (const s of runsOf(b.document)) expect(checkCost(s).over, b.name).toBeUndefined();
  });

  it("is an upper bound of the events of the quick built-ins (each run once)", () => {
    const quick = [
      "seed-000-worked-example",
      "seed-000-corrected",
      "p2p-small",
      "v1-small",
      "v2-small",
      "router-burst",
    ];
    for (const name of quick) {
      const b = BUILTIN_SCENARIOS.find((x) => x.name === name);
      const s = runsOf(b?.document)[0] as Scenario;
      const events = runScenario(s).report.events;
      expect(estimateCost(s).events, name).toBeGreaterThanOrEqual(events);
    }
  });

  it.each([
    [
      "10⁹ joins per minute",
      { ...base, churn: { rates: [{ kind: "join", perMinute: 1e9, until: 60_000 }] } },
      "events",
      "churn.rates[0].perMinute",
    ],
    [
      "a 10⁶-node full mesh",
      { ...base, nodes: { count: 1_000_000 }, topology: { kind: "full-mesh" } },
      "events",
      "nodes.count",
    ],
    [
      "10¹² joins at once",
      { ...base, churn: { events: [{ kind: "join", at: 10, count: 1e12 }] } },
      "events",
      "churn.events[0].count",
    ],
    [
      "a 10⁶-node ring (memory)",
      { ...base, duration: 1000, nodes: { count: 1_000_000 }, topology: { kind: "ring" } },
      "memory",
      "nodes.count",
    ],
    ["a year of virtual time", { ...base, duration: 365 * 86_400_000 }, "events", "duration"],
    [
      "a 1 ms debounce on 2 000 nodes",
      { ...base, nodes: { count: 2000 }, v2: { debounceMs: 0 } },
      "events",
      "v2.debounceMs",
    ],
    [
      "a degree of 5 000 on 10⁴ nodes",
      { ...base, nodes: { count: 10_000 }, topology: { kind: "random-regular", degree: 5000 } },
      "events",
      "topology.degree",
    ],
  ])("refuses %s, naming the field", (_what, doc, what, field) => {
    const s = scenario(doc);
    const v = checkCost(s);
    expect(v.over?.what).toBe(what);
    expect(v.over?.field).toBe(field);
    const text = formatCostRefusal("x.json", v);
    expect(text).toContain(field);
    expect(text).toMatch(/above the limit of/);
    expect(text).toMatch(/--force/);
  });

  it("a limit can be lowered: the same scenario is refused under it", () => {
    const s = scenario(base);
    expect(checkCost(s).over).toBeUndefined();
    expect(checkCost(s, { ...DEFAULT_COST_LIMITS, events: 1000 }).over?.what).toBe("events");
  });
});
