/**
 * Parallel workers for the breadth-first search (bfs.ts, option `workers`): with W expanders
 * requested, a pool of W − 1 worker_threads expands batches of packed frontier states
 * (parallel-worker.ts, parallel-expand.ts) while the search itself — on the calling thread —
 * expands batches too, between merges, and merges all results strictly in frontier order. The
 * merge does exactly what the single-threaded search does per transition, with the
 * fingerprints, encodings and property verdicts the expanders computed, so counts, depths,
 * verdicts and counterexamples are the same as with one worker.
 *
 * Workers read the search's fingerprint table, which lives in a SharedArrayBuffer, to skip
 * successors already seen (most of them); a successor seen only later is sent anyway and the
 * merge finds it. The pool starts without blocking: the search goes on on the calling thread
 * while the workers load the model, and gives a worker batches once it has said it is ready.
 * The worker threads are kept per process across searches (`WorkerPool.acquire`): a later search
 * sends them its model and configuration and pays no thread start; they never keep the process
 * alive (unref) and are terminated after `IDLE_MS` without a search. The calling thread stays
 * synchronous: it polls a worker's port with receiveMessageOnPort and,
 * when it has nothing else to do, waits with Atomics.wait on a shared counter that each worker
 * bumps after posting.
 */
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
  /** Int32 [0]: bumped at every reply (the calling thread waits on it); [1]: set when the
   * worker thread ends (`process.exit` in model code, an uncaught error) — 1 + its exit code. */
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

export type WorkerRequest =
  | {
      /** A search begins: load this model (module URL, export) for this configuration. */
      readonly kind: "init";
      readonly epoch: number;
      readonly module: string;
      readonly exportName: string;
      readonly config: unknown;
      readonly symmetry: boolean;
    }
  | { readonly kind: "table"; readonly table: Uint32Array; readonly slots: number }
  | { readonly kind: "batch"; readonly id: number; readonly records: Uint32Array };

/** Each reply carries the epoch (the search) of the last init the worker had when it replied. */
export type WorkerReply =
  | { readonly kind: "ready"; readonly epoch: number; readonly words: number }
  | { readonly kind: "error"; readonly epoch: number; readonly message: string }
  | {
      readonly kind: "result";
      readonly epoch: number;
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

/** The directories whose TypeScript sources `npm run build` compiles to dist/. */
const BUILT_DIRS = ["src", "models", "properties"];
const newestSourceCache = new Map<string, number>();

/** The newest modification time of a `.ts` file under `root`'s BUILT_DIRS (once per process). */
function newestSource(root: string): number {
  const cached = newestSourceCache.get(root);
  if (cached !== undefined) return cached;
  let newest = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of BUILT_DIRS) walk(join(root, d));
  newestSourceCache.set(root, newest);
  return newest;
}

/**
 * The URL of the built JavaScript twin of `module` (a file URL under `root`, as TypeScript
 * sources name it: `x.ts` or `x.js`), that is `root/dist/…/x.js`, when it exists and is not older
 * than any TypeScript source under `root` (src/, models/, properties/: a stale build is never
 * used); else undefined. Workers started from the sources load these, which spares each of them
 * loading the model through tsx.
 */
export function builtTwin(module: string, root: string): string | undefined {
  if (!module.startsWith("file:")) return undefined;
  const rel = relative(root, fileURLToPath(module));
  if (rel.startsWith("..") || rel.startsWith(`dist${sep}`)) return undefined;
  const twin = join(root, "dist", rel.replace(/\.ts$/, ".js"));
  const built = statSync(twin, { throwIfNoEntry: false });
  if (built === undefined || !built.isFile()) return undefined;
  return built.mtimeMs >= newestSource(root) ? pathToFileURL(twin).href : undefined;
}

/** Worker threads idle this long (no search) are terminated. */
export const IDLE_MS = 30_000;

/** How worker threads load code: built JavaScript (from sources or dist), or TypeScript via tsx. */
type Kind = "js" | "built" | "ts";

/** The process's pools, one per kind (a process normally uses one). */
const pools = new Map<Kind, WorkerPool>();
let started = 0;

/** How many worker threads this process has started so far (tests: the pool is kept). */
export function workerThreadsStarted(): number {
  return started;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signals: Int32Array[] = [];
  private ready: boolean[] = [];
  private epoch = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private broken = false;
  /** Workers of the current search (the first `size` of the pool's). */
  size = 0;
  /** The module the current search's workers load. */
  private module = "";

  private constructor(
    private readonly kind: Kind,
    private readonly entry: URL,
  ) {}

  /**
   * The process's pool for `source`, with at least `size` worker threads (started now if
   * missing, without blocking), told to load `source`'s model for `config`: the current search's
   * pool until `release`.
   */
  static acquire(
    size: number,
    source: ModelSource,
    config: unknown,
    symmetry: boolean,
  ): WorkerPool {
    const here = import.meta.url;
    // From TypeScript sources (tests, tsx), the worker loads through tsx's loader, registered
    // inside the worker before its entry is imported.
    // From TypeScript sources with a fresh build in dist/ (`builtTwin`), the worker and the
    // model are loaded from there instead: starting a worker through tsx costs ≈ 0.7 s of CPU.
    const root = fileURLToPath(new URL("../../../", here));
    const builtEntry = here.endsWith(".ts")
      ? builtTwin(new URL("./parallel-worker.ts", here).href, root)
      : undefined;
    const builtModel = builtEntry === undefined ? undefined : builtTwin(source.module, root);
    const kind: Kind = !here.endsWith(".ts") ? "js" : builtModel !== undefined ? "built" : "ts";
    const entry =
      kind === "built"
        ? new URL(builtEntry as string)
        : new URL(kind === "ts" ? "./parallel-worker.ts" : "./parallel-worker.js", here);
    let pool = pools.get(kind);
    if (pool === undefined || pool.broken) {
      pool = new WorkerPool(kind, entry);
      pools.set(kind, pool);
    }
    pool.begin(size, builtModel ?? source.module, source.exportName, config, symmetry);
    return pool;
  }

  private start(): void {
    started++;
    const { port1, port2 } = new MessageChannel();
    const sab = new SharedArrayBuffer(8);
    const workerData: WorkerInit = { signal: sab, port: port2 };
    let worker: Worker;
    if (this.kind === "ts") {
      const here = import.meta.url;
      const tsxApi = pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href;
      const tsxApiEsm = tsxApi.replace(/index\.cjs$/, "index.mjs");
      worker = new Worker(
        `import(${JSON.stringify(tsxApiEsm)}).then((m) => { m.register(); return import(${JSON.stringify(this.entry.href)}); });`,
        { eval: true, workerData, transferList: [port2] },
      );
    } else
      // Built JavaScript needs no loader: not the parent's `--import tsx` either.
      worker = new Worker(this.entry, {
        workerData,
        transferList: [port2],
        ...(this.kind === "built" ? { execArgv: [] } : {}),
      });
    // Neither the thread nor its port keeps the process alive.
    worker.unref();
    port1.unref();
    worker.on("error", () => {
      this.broken = true;
    });
    this.workers.push(worker);
    this.ports.push(port1);
    this.signals.push(new Int32Array(sab));
  }

  private begin(
    size: number,
    module: string,
    exportName: string,
    config: unknown,
    symmetry: boolean,
  ): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    while (this.workers.length < size) this.start();
    this.size = size;
    this.module = module;
    this.epoch++;
    this.ready = [];
    for (let w = 0; w < size; w++)
      this.post(w, { kind: "init", epoch: this.epoch, module, exportName, config, symmetry });
  }

  /**
   * The search is over: the workers stay for the next search of this process, and are
   * terminated after `IDLE_MS` without one. Replies still in flight are dropped (by epoch).
   */
  release(): void {
    if (this.broken) {
      this.close();
      return;
    }
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_MS);
    this.idle.unref();
  }

  /** Whether worker `w` has loaded the model (see `poll`). */
  isReady(w: number): boolean {
    return this.ready[w] === true;
  }

  /** Takes the workers' "ready" messages that have arrived; returns how many are ready. */
  poll(): number {
    let n = 0;
    for (let w = 0; w < this.size; w++) {
      if (this.ready[w] !== true && this.take(w) !== undefined) this.ready[w] = true;
      if (this.ready[w] === true) n++;
    }
    return n;
  }

  /** Blocks until every worker is ready. */
  waitReady(): void {
    for (let w = 0; w < this.size; w++)
      if (this.ready[w] !== true) {
        const m = this.receive(w);
        if (m.kind !== "ready") throw new Error(`parallel worker ${w}: unexpected ${m.kind}`);
        this.ready[w] = true;
      }
  }

  /**
   * Worker `w`'s next reply to the current search if it has arrived (undefined if not; replies
   * to an earlier search are dropped); throws its error.
   */
  take(w: number): WorkerReply | undefined {
    for (;;) {
      const got = receiveMessageOnPort(this.ports[w] as MessagePort);
      if (got === undefined) {
        // Ended without a reply: the calling thread must not wait for one (it cannot see the
        // Worker's "exit" event while it blocks in Atomics.wait).
        const ended = Atomics.load(this.signals[w] as Int32Array, 1);
        if (ended !== 0) {
          this.broken = true;
          throw new Error(
            `parallel worker ${w} (${this.module}) ended (exit code ${ended - 1}) without replying`,
          );
        }
        return undefined;
      }
      const m = got.message as WorkerReply;
      if (m.epoch !== this.epoch) continue;
      if (m.kind === "error") {
        this.broken = true;
        throw new Error(`parallel worker ${w} (${this.module}): ${m.message}`);
      }
      return m;
    }
  }

  post(w: number, m: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    (this.ports[w] as MessagePort).postMessage(m, transfer);
  }

  /** Sends the (new) shared fingerprint table to the search's workers (ready or not: ports queue). */
  shareTable(table: Uint32Array, slots: number): void {
    for (let w = 0; w < this.size; w++) this.post(w, { kind: "table", table, slots });
  }

  /** Blocks until worker `w`'s next reply; throws its error. */
  receive(w: number): WorkerReply {
    const signal = this.signals[w] as Int32Array;
    for (;;) {
      const before = Atomics.load(signal, 0);
      const m = this.take(w);
      if (m !== undefined) return m;
      Atomics.wait(signal, 0, before, 1000);
    }
  }

  /** Terminates the workers (the next `acquire` starts new ones). */
  close(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    this.broken = true;
    if (pools.get(this.kind) === this) pools.delete(this.kind);
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }
}

/** Terminates the process's idle worker threads now (they would be after `IDLE_MS`). */
export function closeWorkerPools(): void {
  for (const p of [...pools.values()]) p.close();
}
