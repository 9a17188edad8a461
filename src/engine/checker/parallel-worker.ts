/**
 * A parallel search worker (parallel.ts): expands batches of packed frontier states
 * (parallel-expand.ts). It is kept across the searches of its process: each search sends an
 * "init" with its model (a module and export: functions cannot cross threads) and
 * configuration; the worker imports the model (once per module: modules are cached), compiles
 * the same layout, and for every parent state of a batch reports what the search needs in order:
 * the actions enabled and their successor counts, the first action-property violation, whether
 * it is a deadlock, and the successors that may be new — those whose fingerprint is not in the
 * search's shared fingerprint table as it reads it — with their fingerprint, packed words,
 * invariant and constraint verdicts. Successors found in the table are only counted: the search
 * would find them seen too. It imports nothing heavy itself (no zod: the models keep their
 * configuration schemas apart).
 */
import { workerData } from "node:worker_threads";
import { compileLayout } from "./layout.js";
import type { Model } from "./model.js";
import { createExpander, type Expander } from "./parallel-expand.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./parallel.js";

const init = workerData as WorkerInit;
const port = init.port;
const signal = new Int32Array(init.signal);

// A thread that ends (model code calling process.exit, an error outside a handler) says so in
// the shared signal and wakes the calling thread, which would otherwise wait for a reply forever.
process.on("exit", (code) => {
  Atomics.store(signal, 1, 1 + code);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});

function reply(m: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const message = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** The current search (its epoch) and its expander; messages wait while a model loads. */
let epoch = 0;
let expander: Expander | undefined;
let loading = false;
const queue: WorkerRequest[] = [];

async function load(m: Extract<WorkerRequest, { kind: "init" }>): Promise<void> {
  const mod = (await import(m.module)) as Record<string, unknown>;
  const model = mod[m.exportName] as Model<unknown, unknown> | undefined;
  if (model?.layout === undefined)
    throw new Error(`${m.module}: ${m.exportName} is not a model with a layout`);
  const codec = compileLayout<unknown>(model.layout(m.config), model.name);
  expander = createExpander(model, m.config, m.symmetry, codec);
  reply({ kind: "ready", epoch, words: codec.words });
}

function handle(m: WorkerRequest): void {
  if (m.kind === "init") {
    epoch = m.epoch;
    expander = undefined;
    loading = true;
    load(m)
      .catch((e: unknown) => reply({ kind: "error", epoch, message: message(e) }))
      .finally(() => {
        loading = false;
        while (!loading && queue.length > 0) dispatch(queue.shift() as WorkerRequest);
      });
    return;
  }
  if (expander === undefined) return; // the model failed to load: the error was sent
  if (m.kind === "table") {
    expander.setTable(m.table, m.slots);
    return;
  }
  const result = expander.expand(m.records);
  reply({ kind: "result", epoch, id: m.id, out: result, length: result.length }, [
    result.buffer as ArrayBuffer,
  ]);
}

function dispatch(m: WorkerRequest): void {
  try {
    handle(m);
  } catch (e) {
    reply({ kind: "error", epoch, message: message(e) });
  }
}

port.on("message", (m: WorkerRequest) => {
  if (loading) queue.push(m);
  else dispatch(m);
});
