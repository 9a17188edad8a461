/**
 * Parallel workers for the breadth-first search (bfs.ts, option `workers`): a pool of
 * worker_threads that expand batches of packed frontier states (parallel-worker.ts) while the
 * search itself — on the calling thread — merges their results strictly in frontier order.
 * The merge does exactly what the single-threaded search does per transition, with the
 * fingerprints, encodings and property verdicts the workers computed, so counts, depths,
 * verdicts and counterexamples are the same as with one worker.
 *
 * Workers read the search's fingerprint table, which lives in a SharedArrayBuffer, to skip
 * successors already seen (most of them); a successor seen only later is sent anyway and the
 * merge finds it. The calling thread stays synchronous: it waits with Atomics.wait on a shared
 * counter that each worker bumps after posting, and takes replies with receiveMessageOnPort.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";

/** Where a worker finds the model: a module (URL) and the name of its export. */
export interface ModelSource {
  readonly module: string;
  readonly exportName: string;
}

export interface WorkerInit {
  readonly module: string;
  readonly exportName: string;
  readonly config: unknown;
  readonly symmetry: boolean;
  readonly signal: SharedArrayBuffer;
  readonly slot: number;
  readonly port: MessagePort;
}

export type WorkerRequest =
  | { readonly kind: "table"; readonly table: Uint32Array; readonly slots: number }
  | { readonly kind: "batch"; readonly id: number; readonly records: Uint32Array };

export type WorkerReply =
  | { readonly kind: "ready"; readonly words: number }
  | { readonly kind: "error"; readonly message: string }
  | {
      readonly kind: "result";
      readonly id: number;
      readonly out: Int32Array;
      readonly length: number;
    };

/**
 * Reply stream per parent: nPairs, (action, count) × nPairs, apSeq (−1: none), apProperty,
 * apAction, apOrdinal, deadlock (0/1), nCandidates, then per candidate: seq, action, ordinal,
 * fpHi, fpLo, violated (−1 none, 0 TypeInvariant, 1 + i invariant i), flags (1 cut, 2 misfit),
 * then the packed words.
 */
export const CANDIDATE_HEADER = 7;

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal: Int32Array;

  constructor(
    readonly size: number,
    source: ModelSource,
    config: unknown,
    symmetry: boolean,
  ) {
    const sab = new SharedArrayBuffer(4 * size);
    this.signal = new Int32Array(sab);
    const here = import.meta.url;
    // From TypeScript sources (tests, tsx), the worker loads through tsx's loader, registered
    // inside the worker before its entry is imported.
    const ts = here.endsWith(".ts");
    const entry = new URL(ts ? "./parallel-worker.ts" : "./parallel-worker.js", here);
    const tsxApi = ts ? pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href : "";
    const tsxApiEsm = tsxApi.replace(/index\.cjs$/, "index.mjs");
    for (let w = 0; w < size; w++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = {
        module: source.module,
        exportName: source.exportName,
        config,
        symmetry,
        signal: sab,
        slot: w,
        port: port2,
      };
      const worker = ts
        ? new Worker(
            `import(${JSON.stringify(tsxApiEsm)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
            { eval: true, workerData, transferList: [port2] },
          )
        : new Worker(entry, { workerData, transferList: [port2] });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
    for (let w = 0; w < size; w++) {
      const m = this.receive(w);
      if (m.kind !== "ready") throw new Error(`parallel worker ${w}: unexpected ${m.kind}`);
    }
  }

  post(w: number, m: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    (this.ports[w] as MessagePort).postMessage(m, transfer);
  }

  /** Sends the (new) shared fingerprint table to every worker. */
  shareTable(table: Uint32Array, slots: number): void {
    for (let w = 0; w < this.size; w++) this.post(w, { kind: "table", table, slots });
  }

  /** Blocks until worker `w`'s next reply; throws its error. */
  receive(w: number): WorkerReply {
    const port = this.ports[w] as MessagePort;
    for (;;) {
      const before = Atomics.load(this.signal, w);
      const got = receiveMessageOnPort(port);
      if (got !== undefined) {
        const m = got.message as WorkerReply;
        if (m.kind === "error") throw new Error(`parallel worker ${w}: ${m.message}`);
        return m;
      }
      Atomics.wait(this.signal, w, before, 1000);
    }
  }

  close(): void {
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}
