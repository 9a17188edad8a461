/**
 * The two configurations measured side by side with Spin (bench/spin/, bench/spin.bench.ts):
 * Spin, exhaustive and without partial-order reduction, stores 159 098 / 204 348 states over
 * 1 033 573 / 653 275 transitions, at BFS depths 25 / 10 (issue 11); the checker must find
 * the same, on one thread and with parallel workers, and the must-fail transcriptions must fail
 * with the same property and counterexample on both.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../../models/registry.js";
import { checkModel, type CheckOptions } from "../../../src/engine/checker/bfs.js";
import { workerThreadsStarted } from "../../../src/engine/checker/parallel.js";
import type { CheckResult } from "../../../src/engine/checker/result.js";
import { summary } from "./fixtures/summary.js";

const load = (file: string) =>
  JSON.parse(readFileSync(`bench/spin/${file}.json`, "utf8")) as unknown;

function run(model: string, file: string, options: CheckOptions): CheckResult<unknown> {
  const entry = CATALOGUE[model];
  if (entry === undefined) throw new Error(model);
  const config = entry.configSchema.parse(load(file));
  return checkModel(entry.model, config, {
    checkLiveness: false,
    ...options,
    ...(options.workers !== undefined && entry.source !== undefined
      ? { source: entry.source }
      : {}),
  });
}

describe("the configurations compared with Spin", () => {
  const cases = [
    ["Router", "Router.big", 159_098, 1_033_573, 25],
    ["DenominatorGossip", "DenominatorGossip.big", 204_348, 653_275, 10],
  ] as const;
  for (const [model, file, distinct, generated, depth] of cases)
    it(`${file}: Spin's counts, on one thread and on two workers`, () => {
      const one = run(model, file, {});
      expect([one.verdict, one.distinctStates, one.generatedStates, one.depth]).toEqual([
        "ok",
        distinct,
        generated,
        depth,
      ]);
      const two = run(model, file, { workers: 2, waitForWorkers: true });
      expect(two.workers).toBe(2);
      expect(summary(two)).toEqual(summary(one));
    });

  const failing = [
    ["Router", "Router.refresh-on-drop", "NoNonDuplicateDropped", 6],
    ["DenominatorGossip", "DenominatorGossip.seed", "NeverOverGrants", 8],
  ] as const;
  for (const [model, file, property, length] of failing)
    it(`${file}: the same shortest counterexample on one thread, two workers and canonical texts`, () => {
      const one = run(model, file, {});
      expect(one.counterexample?.property).toBe(property);
      expect(one.counterexample?.states.length).toBe(length);
      // Workers from the first state on (these searches are too small to start them by default).
      const eager = { workers: 2, parallelFrom: 0, waitForWorkers: true };
      const two = run(model, file, eager);
      expect(two.workers).toBe(2);
      expect(summary(two)).toEqual(summary(one));
      // By default a search whose frontier stays under 1024 states never starts a worker.
      const small = run(model, file, { workers: 2, waitForWorkers: true });
      expect(small.workers).toBe(1);
      expect(summary(small)).toEqual(summary(one));
      expect(summary(run(model, file, { packed: false }))).toEqual(summary(one));
      // A budget cut mid-level stops at the same state in parallel.
      for (const maxStates of [5, 40])
        expect(summary(run(model, file, { ...eager, maxStates }))).toEqual(
          summary(run(model, file, { maxStates })),
        );
    });

  it("keeps its worker thread across searches of one process, model and configuration changing", () => {
    const before = workerThreadsStarted();
    const eager = { workers: 2, parallelFrom: 0, waitForWorkers: true };
    // Each search stops at a violation or a budget with batches still out: their late replies
    // must not reach the next search.
    const searches = [
      ["Router", "Router.refresh-on-drop", {}],
      ["DenominatorGossip", "DenominatorGossip.seed", {}],
      ["Router", "Router.refresh-on-drop", { maxStates: 40 }],
      ["DenominatorGossip", "DenominatorGossip.seed", { maxStates: 5 }],
      ["Router", "Router.refresh-on-drop", {}],
    ] as const;
    for (const [model, file, budget] of searches) {
      const two = run(model, file, { ...eager, ...budget });
      expect(two.workers).toBe(2);
      expect(summary(two)).toEqual(summary(run(model, file, budget)));
    }
    // At most one thread started (none when an earlier test of this file started it).
    expect(workerThreadsStarted() - before).toBeLessThanOrEqual(1);
  });
});
