/**
 * A parallel search worker (parallel.ts): expands batches of packed frontier states
 * (parallel-expand.ts). It imports
 * the model itself (functions cannot cross threads), compiles the same layout, and for every
 * parent state reports what the search needs in order: the actions enabled and their successor
 * counts, the first action-property violation, whether it is a deadlock, and the successors that
 * may be new — those whose fingerprint is not in the search's shared fingerprint table as it
 * reads it — with their fingerprint, packed words, invariant and constraint verdicts. Successors
 * found in the table are only counted: the search would find them seen too.
 */
import { workerData } from "node:worker_threads";
import { compileLayout } from "./layout.js";
import type { Model } from "./model.js";
import { createExpander } from "./parallel-expand.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./parallel.js";

const init = workerData as WorkerInit;
const port = init.port;
const signal = new Int32Array(init.signal);

function reply(m: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
  Atomics.add(signal, init.slot, 1);
  Atomics.notify(signal, init.slot);
}

async function main(): Promise<void> {
  const mod = (await import(init.module)) as Record<string, unknown>;
  const model = mod[init.exportName] as Model<unknown, unknown> | undefined;
  if (model?.layout === undefined)
    throw new Error(`${init.module}: ${init.exportName} is not a model with a layout`);
  const config = init.config;
  const codec = compileLayout<unknown>(model.layout(config), model.name);
  const expander = createExpander(model, config, init.symmetry, codec);
  port.on("message", (m: WorkerRequest) => {
    try {
      if (m.kind === "table") {
        expander.setTable(m.table, m.slots);
        return;
      }
      const result = expander.expand(m.records);
      reply({ kind: "result", id: m.id, out: result, length: result.length }, [
        result.buffer as ArrayBuffer,
      ]);
    } catch (e) {
      reply({ kind: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  reply({ kind: "ready", words: codec.words });
}

main().catch((e: unknown) => {
  reply({ kind: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
