/**
 * Every model configuration reproduces its recorded result (the slow ones are left to
 * `commons-spec model check-expected`), must-fail configurations fail with the recorded
 * property, and every counterexample is a real behaviour of its model.
 */
import { describe, expect, it } from "vitest";
import { MODEL_NAMES, MODELS } from "../../models/registry.js";
import { checkModel } from "../../src/engine/checker/bfs.js";
import { compareWithExpected } from "../../src/engine/checker/expected.js";
import { modelProblems, TYPE_INVARIANT } from "../../src/engine/checker/model.js";
import { assertBehaviour, assertFairCycle } from "../engine/checker/hand-models.js";

describe("model catalogue", () => {
  it("has the five models of issue 4, well formed, with valid configurations", () => {
    expect(MODEL_NAMES).toEqual([
      "ItcCausality",
      "SlotAllocation",
      "DenominatorGossip",
      "V1Rounds",
      "Router",
    ]);
    for (const name of MODEL_NAMES) {
      const m = MODELS[name];
      if (m === undefined) throw new Error(name);
      expect(m.model.name).toBe(name);
      expect(modelProblems(m.model)).toEqual([]);
      expect(m.configs[m.defaultConfig]).toBeDefined();
      expect(m.model.variables.length).toBeGreaterThan(0);
      for (const a of m.model.actions) expect(a.doc).toMatch(/seed 00\d/i);
      for (const [cn, e] of Object.entries(m.configs)) {
        expect(m.configSchema.safeParse(e.config).success, `${name} ${cn}`).toBe(true);
        expect(e.mustFail === true, `${name} ${cn}`).toBe(e.expected.verdict !== "ok");
        if (e.mustFail === true) expect(e.expected.property).toBeDefined();
      }
    }
    const mustFail = Object.values(MODELS).flatMap((m) =>
      Object.values(m.configs).filter((e) => e.mustFail === true),
    );
    expect(mustFail.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of MODEL_NAMES) {
    const m = MODELS[name];
    if (m === undefined) continue;
    for (const [cn, e] of Object.entries(m.configs)) {
      if (e.slow === true) continue;
      it(`${name} ${cn}: ${e.expected.verdict}${e.mustFail === true ? ` (must fail: ${e.expected.property ?? ""})` : ""}`, () => {
        const r = checkModel(m.model, e.config);
        expect(compareWithExpected(r, e.expected)).toEqual([]);
        const cex = r.counterexample;
        if (e.mustFail !== true) {
          expect(cex).toBeUndefined();
          return;
        }
        if (cex === undefined) throw new Error("must fail, but no counterexample");
        expect(cex.property).toBe(e.expected.property);
        assertBehaviour(m.model, e.config, cex);
        const last = cex.states[cex.states.length - 1];
        if (cex.kind === "invariant") {
          const inv =
            cex.property === TYPE_INVARIANT
              ? undefined
              : m.model.invariants.find((i) => i.name === cex.property);
          expect(inv?.holds(last, e.config)).toBe(false);
          for (const s of cex.states.slice(0, -1)) expect(inv?.holds(s, e.config)).toBe(true);
        } else if (cex.kind === "action-property") {
          const ap = m.model.actionProperties?.find((p) => p.name === cex.property);
          const before = cex.states[cex.states.length - 2];
          expect(ap?.holds(before, last, cex.actions.at(-1) ?? "", e.config)).toBe(false);
        } else if (cex.kind === "liveness") {
          const l = m.model.liveness?.find((p) => p.name === cex.property);
          if (l === undefined) throw new Error("unknown liveness property");
          assertFairCycle(m.model, e.config, cex, l.fairness);
          const loop = cex.loop ?? 0;
          const awaited = l.kind === "eventually" ? l.p.bind(l) : (l.q?.bind(l) ?? (() => true));
          for (const s of cex.states.slice(loop)) expect(awaited(s, e.config)).toBe(false);
        }
      });
    }
  }
});
