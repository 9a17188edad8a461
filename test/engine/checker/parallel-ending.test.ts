/**
 * A parallel search worker that ends without replying — model code calling `process.exit`, an
 * error outside the worker's handlers — must end the search with an error naming the worker, not
 * leave the calling thread waiting (it blocks in Atomics.wait and cannot see the Worker's "exit"
 * event). Before the fix this test hung until vitest's timeout.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../../models/registry.js";
import { checkModel } from "../../../src/engine/checker/bfs.js";
import { endingRouter } from "./fixtures/ending-worker-model.js";

const source = {
  module: new URL("./fixtures/ending-worker-model.ts", import.meta.url).href,
  exportName: "endingRouter",
};
const config = CATALOGUE.Router?.configSchema.parse(
  JSON.parse(readFileSync("bench/spin/Router.big.json", "utf8")),
);
const search = () =>
  checkModel(endingRouter, config as never, {
    checkLiveness: false,
    workers: 2,
    parallelFrom: 0,
    waitForWorkers: true,
    source,
  });

describe("a parallel worker that ends without replying", () => {
  afterEach(() => {
    delete process.env.ENDING_WORKER_HOW;
  });

  it("process.exit in model code: the search fails naming the worker and its exit code", () => {
    process.env.ENDING_WORKER_HOW = "exit";
    expect(search).toThrow(
      /parallel worker 0 \(.*ending-worker-model.*\) ended \(exit code 3\) without replying/,
    );
  });

  it("an error thrown outside the worker's handlers: the search fails, it does not wait", () => {
    process.env.ENDING_WORKER_HOW = "throw";
    expect(search).toThrow(/parallel worker 0 .* ended \(exit code 1\) without replying/);
  });

  it("the next search in the process starts fresh workers and succeeds", () => {
    const r = search();
    expect(r.workers).toBe(2);
    expect(r.distinctStates).toBe(159_098);
  });
});
