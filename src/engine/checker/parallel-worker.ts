/**
 * A parallel search worker (parallel.ts): one owner of the owner-computes search (owner.ts). It
 * is kept across the searches of its process: each search sends an "init" with its model (a
 * module and export: functions cannot cross threads) and configuration; the worker imports the
 * model (once per module: modules are cached) and compiles the same layout. Then "owners" makes
 * it an owner: it expands its states level by level with the other owners on the ports it is
 * given, and sends its dump to owner 0 (the calling thread) when they stop. It imports nothing
 * heavy itself (no zod: the models keep their configuration schemas apart).
 */
import { workerData } from "node:worker_threads";
import { compileLayout, type StateCodec } from "./layout.js";
import type { Model } from "./model.js";
import { Owner, OwnerAbort } from "./owner.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./parallel.js";

const init = workerData as WorkerInit;
const port = init.port;
const signal = new Int32Array(init.signal);

// A thread that ends (model code calling process.exit, an error outside a handler) says so in
// the shared signal and wakes the calling thread, which would otherwise wait for a reply forever.
let ownerMail: Int32Array | undefined;
process.on("exit", (code) => {
  Atomics.store(signal, 1, 1 + code);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
  if (ownerMail !== undefined) {
    Atomics.add(ownerMail, 0, 1);
    Atomics.notify(ownerMail, 0);
  }
});

function reply(m: WorkerReply): void {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
  if (ownerMail !== undefined) {
    // The calling thread may be waiting as owner 0.
    Atomics.add(ownerMail, 0, 1);
    Atomics.notify(ownerMail, 0);
  }
}

const message = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** The current search (its epoch), its model; messages wait while a model loads. */
let epoch = 0;
let loaded:
  | {
      model: Model<unknown, unknown>;
      config: unknown;
      symmetry: boolean;
      codec: StateCodec<unknown>;
    }
  | undefined;
let loading = false;
const queue: WorkerRequest[] = [];

async function load(m: Extract<WorkerRequest, { kind: "init" }>): Promise<void> {
  const mod = (await import(m.module)) as Record<string, unknown>;
  const model = mod[m.exportName] as Model<unknown, unknown> | undefined;
  if (model?.layout === undefined)
    throw new Error(`${m.module}: ${m.exportName} is not a model with a layout`);
  const codec = compileLayout<unknown>(model.layout(m.config), model.name);
  loaded = { model, config: m.config, symmetry: m.symmetry, codec };
  reply({ kind: "ready", epoch, words: codec.words });
}

function handle(m: WorkerRequest): void {
  if (m.kind === "init") {
    epoch = m.epoch;
    loaded = undefined;
    loading = true;
    load(m)
      .catch((e: unknown) => reply({ kind: "error", epoch, message: message(e) }))
      .finally(() => {
        loading = false;
        while (!loading && queue.length > 0) dispatch(queue.shift() as WorkerRequest);
      });
    return;
  }
  if (loaded === undefined) return; // the model failed to load: the error was sent
  ownerMail = new Int32Array(m.mail);
  const owner = new Owner(
    loaded.model,
    loaded.config,
    loaded.symmetry,
    loaded.codec,
    m.start,
    m.ports,
    m.mail,
    () => {},
  );
  try {
    for (;;) {
      const r = owner.level();
      if (r.stop || r.done) {
        owner.sendDump(r.stop);
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof OwnerAbort)) throw e;
  }
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
