/**
 * The models that drive the protocol code (models/impl): every configuration reproduces its
 * recorded result (the slow ones are left to `commons-spec model check-expected`), must-fail
 * configurations fail with the recorded property on a real behaviour of the model, and every
 * counterexample validates against its own model.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUE_NAMES, IMPL_MODELS, MODEL_NAMES } from "../../models/registry.js";
import { P2P_SMALL, p2pDenominator } from "../../models/impl/P2PDenominator.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import { compareWithExpected } from "../../src/engine/checker/expected.js";
import { isLiftedModel } from "../../src/engine/checker/machine-model.js";
import { modelProblems } from "../../src/engine/checker/model.js";
import { counterexampleToItf } from "../../src/engine/checker/report.js";
import { parseItf } from "../../src/engine/checker/trace-log.js";
import { validateTrace } from "../../src/engine/checker/trace-validate.js";
import { assertBehaviour } from "../engine/checker/hand-models.js";

describe("models that drive the protocol code", () => {
  it("are in the CLI's catalogue after the TLA+-style models, well formed, with valid configurations", () => {
    const impl = ["P2PDenominator", "RouterNode", "V1Node", "V2Node"];
    expect(Object.keys(IMPL_MODELS)).toEqual(impl);
    expect(CATALOGUE_NAMES).toEqual([...MODEL_NAMES, ...impl]);
    for (const [name, m] of Object.entries(IMPL_MODELS)) {
      expect(m.model.name).toBe(name);
      expect(isLiftedModel(m.model)).toBe(true);
      expect(modelProblems(m.model)).toEqual([]);
      expect(m.configs[m.defaultConfig]).toBeDefined();
      for (const a of m.model.actions) expect(a.doc).toMatch(/seed 00\d/i);
      for (const [cn, e] of Object.entries(m.configs)) {
        expect(m.configSchema.safeParse(e.config).success, `${name} ${cn}`).toBe(true);
        expect(e.mustFail === true, `${name} ${cn}`).toBe(e.expected.verdict !== "ok");
      }
    }
  });

  for (const [name, m] of Object.entries(IMPL_MODELS)) {
    for (const [cn, e] of Object.entries(m.configs)) {
      if (e.slow === true) continue;
      it(`LIFT-1 ${name} ${cn}: ${e.expected.verdict}${e.mustFail === true ? ` (must fail: ${e.expected.property ?? ""})` : ""}`, () => {
        const r = checkModel(m.model, e.config);
        expect(compareWithExpected(r, e.expected)).toEqual([]);
        const cex = r.counterexample;
        if (e.mustFail !== true) {
          expect(cex).toBeUndefined();
          return;
        }
        if (cex === undefined) throw new Error("must fail, but no counterexample");
        assertBehaviour(m.model, e.config, cex);
        const inv = m.model.invariants.find((i) => i.name === cex.property);
        expect(inv?.holds(cex.states.at(-1), e.config)).toBe(false);
        // The counterexample, written as ITF and read back, is explained by its own model.
        const itf = JSON.parse(JSON.stringify(counterexampleToItf(m.model, cex))) as unknown;
        const log = parseItf(itf, m.model, true);
        if (!log.ok) throw new Error(log.errors.join("\n"));
        expect(validateTrace(m.model, e.config, log.entries).verdict).toBe("ok");
      });
    }
  }

  it("config schema errors name the scenario field", () => {
    const schema = IMPL_MODELS["P2PDenominator"]?.configSchema;
    const bad = schema?.safeParse({
      scenario: { ...P2P_SMALL, nodes: { count: 3 }, topology: { kind: "ring" } },
      faults: { drops: 0, duplicates: 0 },
      checks: ["P2P-1"],
    });
    expect(bad?.success).toBe(false);
    expect(bad?.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toContain(
      "scenario.nodes: must be an explicit list of participants",
    );
    const churn = schema?.safeParse({
      scenario: { ...P2P_SMALL, churn: { events: [{ kind: "crash", at: 5 }] } },
      faults: { drops: 0, duplicates: 0 },
      checks: ["P2P-1"],
    });
    expect(churn?.error?.issues[0]?.path).toEqual(["scenario", "churn"]);
  });

  it("randomness is the simulator's per-node stream: the start offset is the node's first draw", () => {
    const c = {
      scenario: P2P_SMALL,
      faults: { drops: 0, duplicates: 0 },
      checks: ["P2P-1" as const],
    };
    const s0 = p2pDenominator.init(c)[0];
    if (s0 === undefined) throw new Error("no initial state");
    const start = p2pDenominator.actions.find((a) => a.name === "Start");
    const r1 = start?.next(s0, c).find((s) => s.last.node === "R1");
    const reseeded = start
      ?.next(
        p2pDenominator.init(p2pDenominator.withSeed(c, 2))[0] ?? s0,
        p2pDenominator.withSeed(c, 2),
      )
      .find((s) => s.last.node === "R1");
    expect(r1?.draws["R1"]).toBe(1);
    const due = r1?.timers.find((t) => t.node === "R1")?.due ?? -1;
    expect(due).toBeGreaterThanOrEqual(0);
    expect(due).toBeLessThan(1000);
    expect(reseeded?.timers.find((t) => t.node === "R1")?.due).not.toBe(due);
  });
});
