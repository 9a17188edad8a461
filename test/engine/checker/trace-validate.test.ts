/**
 * Trace validation (SPEC.md §12.1): logs that a behaviour of the model explains validate; a log
 * changed at entry k is rejected at entry k with the variable that differs; the log formats
 * reject bad input naming the line or field.
 */
import { describe, expect, it } from "vitest";
import {
  denominatorGossip,
  denominatorGossipConfig,
  type GossipState,
} from "../../../models/DenominatorGossip.js";
import { IMPL_MODELS, MODELS } from "../../../models/registry.js";
import { P2P_SMALL, p2pDenominator } from "../../../models/impl/P2PDenominator.js";
import { ROUTER_SMALL, routerNode } from "../../../models/impl/RouterNode.js";
import { checkModel } from "../../../src/engine/checker/bfs.js";
import { counterexampleToItf } from "../../../src/engine/checker/report.js";
import { simulate } from "../../../src/engine/checker/simulate.js";
import { parseItf, parseLog, parseNdjson } from "../../../src/engine/checker/trace-log.js";
import {
  entryProblems,
  formatValidation,
  validateTrace,
  type LogEntry,
  type ValidatableModel,
} from "../../../src/engine/checker/trace-validate.js";
import { runScenario } from "../../../src/engine/sim/run.js";
import { toItfValue, type ItfTrace } from "../../../src/engine/trace/itf.js";
import { scenario } from "../sim/helpers.js";

const seedConfig = { ...denominatorGossipConfig, book: "seed" as const };

function entries(lines: readonly unknown[]): LogEntry[] {
  const r = parseNdjson(lines.map((l) => JSON.stringify(l)).join("\n"));
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return [...r.entries];
}

function itfEntries<S, C>(model: ValidatableModel<S, C>, doc: unknown, lifted = false): LogEntry[] {
  const r = parseItf(JSON.parse(JSON.stringify(doc)), model, lifted);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return [...r.entries];
}

/** The BFS counterexample of DenominatorGossip's seed configuration (8 states). */
function gossipCounterexample() {
  const cex = checkModel(denominatorGossip, seedConfig).counterexample;
  if (cex === undefined) throw new Error("no counterexample");
  return cex;
}

/** A run of the built-in scenario p2p-small (or a variant) with its ITF trace, as JSON. */
function simTrace(doc: Record<string, unknown> = P2P_SMALL, seed?: number) {
  const out = runScenario(scenario(doc), {
    traceStates: 10_000,
    ...(seed !== undefined ? { seed } : {}),
  });
  if (out.trace === undefined) throw new Error("no trace");
  return JSON.parse(JSON.stringify(out.trace)) as ItfTrace & {
    states: Record<string, Record<string, unknown>>[];
  };
}

const p2pSmall = IMPL_MODELS["P2PDenominator"]?.configs["p2p-small"]?.config as Parameters<
  typeof p2pDenominator.init
>[0];

describe("trace validation: logs the model explains", () => {
  it("TRACE-1 a breadth-first counterexample, written as ITF, validates against its model", () => {
    const cex = gossipCounterexample();
    const log = itfEntries(denominatorGossip, counterexampleToItf(denominatorGossip, cex));
    expect(log[0]?.init).toBe(true);
    expect(log.slice(1).map((e) => e.action)).toEqual(cex.actions);
    const r = validateTrace(denominatorGossip, seedConfig, log);
    expect(r.verdict).toBe("ok");
    expect(r.matched).toBe(8);
    expect(r.frontier).toEqual(Array(8).fill(1));
    expect(formatValidation(r)).toContain("verdict: ok");
  });

  it("TRACE-1 a random-walk counterexample (--simulate) validates, for a hand-written and a lifted model", () => {
    const walk = simulate(denominatorGossip, seedConfig, { seed: 7, depth: 40, walks: 500 });
    if (walk.counterexample === undefined) throw new Error("no violating walk");
    const log = itfEntries(
      denominatorGossip,
      counterexampleToItf(denominatorGossip, walk.counterexample),
    );
    expect(validateTrace(denominatorGossip, seedConfig, log).verdict).toBe("ok");

    const seedP2P = IMPL_MODELS["P2PDenominator"]?.configs["seed"]?.config as typeof p2pSmall;
    const w2 = simulate(p2pDenominator, seedP2P, { seed: 3, depth: 60, walks: 300 });
    if (w2.counterexample === undefined) throw new Error("no violating walk");
    const log2 = itfEntries(
      p2pDenominator,
      counterexampleToItf(p2pDenominator, w2.counterexample),
      true,
    );
    expect(validateTrace(p2pDenominator, seedP2P, log2).verdict).toBe("ok");
  });

  it("TRACE-1 a liveness lasso validates, including the step back to the loop state", () => {
    const m = MODELS["SlotAllocation"];
    const e = m?.configs["naive-atomic"];
    if (m === undefined || e === undefined) throw new Error("missing model");
    const cex = checkModel(m.model, e.config).counterexample;
    if (cex?.loop === undefined) throw new Error("no lasso");
    const log = itfEntries(m.model, counterexampleToItf(m.model, cex));
    expect(log.at(-1)?.location).toBe(`trace.loop (back to states[${cex.loop}])`);
    expect(log).toHaveLength(cex.states.length + 1);
    expect(validateTrace(m.model, e.config, log).verdict).toBe("ok");
  });

  it("TRACE-1 a partial NDJSON log (only some variables, fields by path, actions sometimes omitted) validates", () => {
    const cex = gossipCounterexample();
    const states = cex.states as readonly GossipState[];
    const log = entries([
      { init: true, vars: { held: { R1: 0, R2: 0 } } },
      ...states
        .slice(1)
        .map((s, i) =>
          i % 2 === 0
            ? { action: cex.actions[i], vars: { "held.R1": s.held.R1 } }
            : { vars: { "book.R2": { "#bigint": String(s.book.R2) } } },
        ),
    ]);
    const r = validateTrace(denominatorGossip, seedConfig, log);
    expect(r.verdict).toBe("ok");
    // Fewer variables logged: more candidate states remain.
    expect(Math.max(...r.frontier)).toBeGreaterThan(1);
  });

  it("TRACE-1 stuttering: an entry without an action that changes nothing is explained (unless disabled)", () => {
    const init = denominatorGossip.init(seedConfig)[0] as GossipState;
    const v = toItfValue(init) as Record<string, unknown>;
    const log = entries([{ init: true, vars: v }, { vars: v }, { action: "(stutter)", vars: v }]);
    expect(validateTrace(denominatorGossip, seedConfig, log).verdict).toBe("ok");
    const strict = validateTrace(denominatorGossip, seedConfig, log, { stutter: false });
    expect(strict.verdict).toBe("mismatch");
    expect(strict.mismatch?.entry).toBe(1);
  });
});

describe("trace validation: logs the model does not explain", () => {
  it("TRACE-2 a tampered ITF counterexample is rejected at the tampered state, naming the field", () => {
    const cex = gossipCounterexample();
    const doc = JSON.parse(JSON.stringify(counterexampleToItf(denominatorGossip, cex))) as {
      states: { held: { R1: unknown } }[];
    };
    const k = 5;
    (doc.states[k] as { held: { R1: unknown } }).held.R1 = { "#bigint": "7" };
    const r = validateTrace(denominatorGossip, seedConfig, itfEntries(denominatorGossip, doc));
    expect(r.verdict).toBe("mismatch");
    expect(r.matched).toBe(k);
    expect(r.mismatch?.entry).toBe(k);
    expect(r.mismatch?.location).toBe(`trace.states[${k}]`);
    expect(r.mismatch?.kind).toBe("no-matching-successor");
    expect(r.mismatch?.candidates).toBe(1);
    expect(r.mismatch?.nearest[0]?.differences).toEqual([
      {
        path: "held.R1",
        model: String((cex.states[k] as GossipState).held.R1),
        logged: "7",
      },
    ]);
    const text = formatValidation(r);
    expect(text).toContain(`entry ${k} (trace.states[${k}], action ${cex.actions[k - 1]})`);
    expect(text).toMatch(/held\.R1: model \d, logged 7/);
  });

  it("TRACE-2 an unknown action and an action enabled in no candidate are reported as such", () => {
    const unknown = validateTrace(
      denominatorGossip,
      seedConfig,
      entries([{ action: "RequestR1" }, { action: "Teleport" }]),
    );
    expect(unknown.mismatch).toMatchObject({
      entry: 1,
      kind: "unknown-action",
      action: "Teleport",
    });
    expect(unknown.mismatch?.message).toContain("has no action Teleport");

    const disabled = validateTrace(
      denominatorGossip,
      seedConfig,
      entries([{ action: "RespondR1" }]),
    );
    expect(disabled.mismatch).toMatchObject({ entry: 0, kind: "action-disabled", candidates: 1 });
    expect(disabled.mismatch?.enabled).toEqual(["RequestR1", "RequestR2"]);
    expect(disabled.mismatch?.message).toContain("action RespondR1 is not enabled");
  });

  it("TRACE-2 an initial-state entry that no initial state matches", () => {
    const r = validateTrace(
      denominatorGossip,
      seedConfig,
      entries([{ init: true, vars: { held: { R1: 1, R2: 0 } } }]),
    );
    expect(r.mismatch).toMatchObject({ entry: 0, kind: "no-initial-state" });
    expect(r.mismatch?.nearest[0]?.differences[0]).toEqual({
      path: "held.R1",
      model: "0",
      logged: "1",
    });
  });

  it("TRACE-2 the frontier cap gives a partial result, not a crash", () => {
    const log = entries([{}, {}, {}, {}]);
    const r = validateTrace(denominatorGossip, denominatorGossipConfig, log, { maxFrontier: 4 });
    expect(r.verdict).toBe("frontier-exceeded");
    expect(r.exceeded?.entry).toBe(0);
    expect(formatValidation(r)).toContain("verdict: frontier-exceeded — at entry 0 (line 1)");
    expect(validateTrace(denominatorGossip, denominatorGossipConfig, log).verdict).toBe("ok");
  });
});

describe("trace validation: log formats", () => {
  it("NDJSON errors name the line and field", () => {
    const bad = (text: string) => {
      const r = parseNdjson(text);
      return r.ok ? [] : r.errors;
    };
    expect(bad('{"action":"RequestR1"}\n{oops\n')).toEqual([
      expect.stringMatching(/^line 2: not valid JSON/),
    ]);
    expect(bad('\n{"vars":{"held":null}}')).toEqual(["line 2: vars.held: not an ITF value"]);
    expect(bad('{"action":3}')[0]).toMatch(/^line 1: action: /);
    expect(bad('{"acton":"x"}')[0]).toMatch(/^line 1: .*acton/);
    expect(bad('{}\n{"init":true}')).toEqual([
      "line 2: init: only the first entry may be an initial state",
    ]);
    expect(bad('{"init":true,"action":"RequestR1"}')[0]).toMatch(/^line 1: action: /);
    expect(bad('{"vars":{"held":{"#bigint":"x"}}}')).toEqual([
      "line 1: vars.held: #bigint must be a decimal string",
    ]);
    expect(bad("\n\n")).toEqual(["the log has no entries"]);
  });

  it("variables the model does not have are named with their entry", () => {
    expect(entryProblems(denominatorGossip, entries([{}, { vars: { "nope.x": 1 } }]))).toEqual([
      "line 2: vars.nope.x: DenominatorGossip has no variable nope (its variables: book, requests, responses, held)",
    ]);
    const r = parseLog('{"vars":{"hold":1}}', "log.ndjson", denominatorGossip, false);
    expect(r.ok ? [] : r.errors[0]).toMatch(
      /^line 1: vars\.hold: DenominatorGossip has no variable hold/,
    );
  });

  it("ITF errors name the field; ITF is told from NDJSON by its shape", () => {
    const cex = gossipCounterexample();
    const doc = counterexampleToItf(denominatorGossip, cex);
    const text = JSON.stringify(doc);
    const asItf = parseLog(text, "trace.txt", denominatorGossip, false);
    expect(asItf.ok && asItf.format).toBe("itf");
    const missing = parseItf({ vars: ["book"], states: [{}] }, denominatorGossip, false);
    expect(missing.ok ? [] : missing.errors).toEqual(["trace.states[0].book: missing"]);
    const stranger = parseItf({ vars: ["x"], states: [{ x: 1 }] }, denominatorGossip, false);
    expect(stranger.ok ? [] : stranger.errors[0]).toMatch(
      /^trace\.vars: x is not a variable of DenominatorGossip/,
    );
    const shape = parseItf({ vars: "book", states: [] }, denominatorGossip, false);
    expect(shape.ok ? [] : shape.errors[0]).toMatch(/^trace: vars: /);
    const notJson = parseLog("{", "t.itf.json", denominatorGossip, false);
    expect(notJson.ok ? [] : notJson.errors[0]).toMatch(/^not valid JSON/);
  });
});

describe("trace validation of simulator runs against the models that drive the protocol code", () => {
  it("TRACE-3 a run of p2p-small validates against P2PDenominator, seed taken from the trace", () => {
    for (const seed of [1, 5]) {
      const t = simTrace(P2P_SMALL, seed);
      const log = parseItf(t, p2pDenominator, true);
      if (!log.ok) throw new Error(log.errors.join("\n"));
      expect(log.format).toBe("simulator");
      expect(log.seed).toBe(seed);
      expect(log.entries.length).toBe(t.states.length);
      const r = validateTrace(p2pDenominator, p2pDenominator.withSeed(p2pSmall, seed), log.entries);
      expect(r.verdict, formatValidation(r)).toBe("ok");
      // Another seed's streams do not explain it (start offsets are the nodes' first draws).
      const other = validateTrace(
        p2pDenominator,
        p2pDenominator.withSeed(p2pSmall, seed + 1),
        log.entries,
      );
      expect(other.verdict).toBe("mismatch");
    }
  });

  it("TRACE-3 a tampered run is rejected at the tampered step: a grant's view, or a step's time", () => {
    const t = simTrace();
    const k = t.states.findIndex(
      (s) => s["node"] === "P" && (s["input"] as { msg: string }).msg === "allocation_request",
    );
    expect(k).toBeGreaterThan(0);
    const grant = JSON.parse(JSON.stringify(t)) as typeof t;
    const view = (grant.states[k] as { view: Record<string, unknown> }).view;
    view["available"] = { "#bigint": "3" };
    const log = parseItf(grant, p2pDenominator, true);
    if (!log.ok) throw new Error(log.errors.join("\n"));
    const r = validateTrace(p2pDenominator, p2pSmall, log.entries);
    expect(r.mismatch?.entry).toBe(k);
    expect(r.mismatch?.location).toBe(`trace.states[${k}]`);
    expect(r.mismatch?.nearest[0]?.differences.map((d) => d.path)).toEqual(["last.view.available"]);
    expect(r.mismatch?.message).toMatch(/last\.view\.available: model \d, logged 3/);

    const j = t.states.findIndex((s) => (s["input"] as { kind: string }).kind === "timer");
    const late = JSON.parse(JSON.stringify(t)) as typeof t;
    (late.states[j] as { now: unknown }).now = 5;
    const log2 = parseItf(late, p2pDenominator, true);
    if (!log2.ok) throw new Error(log2.errors.join("\n"));
    const r2 = validateTrace(p2pDenominator, p2pSmall, log2.entries);
    expect(r2.mismatch).toMatchObject({ entry: j, kind: "action-disabled", action: "Fire" });
    expect(r2.mismatch?.message).toContain("not the due time of any armed timer");
  });

  it("TRACE-3 lost and duplicated messages are in the trace, and the model follows them with Drop and Duplicate", () => {
    const lossy = {
      ...P2P_SMALL,
      seed: 3,
      network: {
        latency: { dist: "uniform" as const, min: 5, max: 40 },
        loss: 0.15,
        duplicate: 0.15,
      },
    };
    const t = simTrace(lossy);
    const kinds = t.states.map((s) => (s["input"] as { kind: string }).kind);
    expect(kinds).toContain("drop");
    expect(kinds).toContain("duplicate");
    const log = parseItf(t, p2pDenominator, true);
    if (!log.ok) throw new Error(log.errors.join("\n"));
    const config = {
      scenario: lossy,
      faults: { drops: 8, duplicates: 8 },
      checks: ["P2P-2" as const],
    };
    expect(validateTrace(p2pDenominator, config, log.entries).verdict).toBe("ok");
    // Without a fault budget the first drop (or duplication) is not explained.
    const strict = validateTrace(
      p2pDenominator,
      { ...config, faults: { drops: 0, duplicates: 0 } },
      log.entries,
    );
    expect(strict.mismatch?.entry).toBe(
      Math.min(kinds.indexOf("drop"), kinds.indexOf("duplicate")),
    );
  });

  it("TRACE-3 a run of a small router scenario validates against RouterNode", () => {
    const t = simTrace(ROUTER_SMALL, 2);
    const log = parseItf(t, routerNode, true);
    if (!log.ok) throw new Error(log.errors.join("\n"));
    const config = IMPL_MODELS["RouterNode"]?.configs["lanes"]?.config as Parameters<
      typeof routerNode.init
    >[0];
    expect(validateTrace(routerNode, routerNode.withSeed(config, 2), log.entries).verdict).toBe(
      "ok",
    );
  });

  it("churn cannot be followed: the trace is rejected naming the state", () => {
    const t = simTrace({
      ...P2P_SMALL,
      churn: { events: [{ kind: "crash", at: 300, node: "R2" }] },
    });
    const r = parseItf(t, p2pDenominator, true);
    expect(r.ok ? [] : r.errors[0]).toMatch(
      /^trace\.states\[\d+\]\.input\.kind: crash cannot be followed/,
    );
  });
});
