/**
 * The parallel search (bfs.ts `searchInParallel`) must find what the search on one thread finds:
 * the same counts, depth, coverage (which action discovered each state) and counterexample,
 * state by state. The expanders work out of frontier order (the calling thread expands batches
 * beyond those queued for the worker); what keeps the result identical is that a state belongs
 * to the first parent in frontier order that generates it — the merge takes the batches strictly
 * in frontier order. The counterexamples here are deep, through states that many parents reach,
 * so another parent changes them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../../models/registry.js";
import { checkModel, type CheckOptions } from "../../../src/engine/checker/bfs.js";
import type { CheckResult } from "../../../src/engine/checker/result.js";
import { deepRouter } from "./fixtures/deep-violation-model.js";
import { summary as checkSummary } from "./fixtures/summary.js";

const source = {
  module: new URL("./fixtures/deep-violation-model.ts", import.meta.url).href,
  exportName: "deepRouter",
};
const config = CATALOGUE.Router?.configSchema.parse(
  JSON.parse(readFileSync("bench/spin/Router.big.json", "utf8")),
) as object;
/** A search of Router.big with the extra invariant failing at `fill` (none: never). */
const search = (options: CheckOptions, fill?: number) =>
  checkModel(deepRouter, { ...config, ...(fill !== undefined ? { fill } : {}) } as never, {
    checkLiveness: false,
    ...options,
  });
const eager = { workers: 2, parallelFrom: 0, waitForWorkers: true, source };

const summary = (r: CheckResult<unknown>) => ({
  ...checkSummary(r),
  collision: r.collisionProbabilityObserved,
});

describe("the parallel search against one thread", () => {
  for (const fill of [4, 5, 6])
    it(`a violation with the data lane at ${fill}: the same counterexample, counts and coverage`, () => {
      const one = search({}, fill);
      expect(one.verdict).toBe("violation");
      expect(one.counterexample?.property).toBe("NeverFullLaneWithControlAndFullCache");
      const two = search(eager, fill);
      expect(two.workers).toBe(2);
      expect(summary(two)).toEqual(summary(one));
    });

  it("budgets cut the search at the same state, the whole search finds the same", () => {
    for (const maxStates of [3_000, 40_000, 120_000])
      expect(summary(search({ ...eager, maxStates }))).toEqual(summary(search({ maxStates })));
    const two = search(eager);
    expect(two.distinctStates).toBe(159_098);
    expect(summary(two)).toEqual(summary(search({})));
  });
});
