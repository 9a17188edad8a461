/**
 * The supervisor of an isolated `verify` run. The implementation is loaded and its suites run
 * in a worker thread (src/verify/worker.ts); the supervisor reads the worker's board (which
 * adapter call and which case are in progress) every few milliseconds and
 *
 * - stops the worker when one adapter call outlasts the call timeout, or one case the case
 *   timeout: a `TIMEOUT` failure naming the call, with the case's replay path;
 * - turns a worker that dies (an uncaught error in the implementation's asynchronous code, an
 *   exhausted heap, an exit the worker's guard did not catch) into a `CRASH` or `EXIT` failure
 *   of the invariant in progress — never a pass;
 * - stops the worker at the run's hard deadline (the time budget), keeping what was found;
 *
 * and then starts a fresh worker: the search of the invariant goes on after the case that was
 * stopped (with the classes found set aside; a second failure of the same fatal class ends
 * it), and the remaining invariants run. The counterexample of a stopped case is printed by
 * walking its replay path in the fresh worker, without running the implementation.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  describeThrown,
  makeOutcome,
  plannedRuns,
  type PropertyFailure,
  type PropertyOutcome,
} from "../../properties/property.js";
import { err, ok, type Result } from "../core/errors.js";
import { Board } from "./board.js";
import type { ExecOptions, ExecResult, InvariantExecutor } from "./executor.js";
import type {
  FromWorker,
  InvariantInfo,
  RunRequestOptions,
  ToWorker,
  WorkerData,
} from "./protocol.js";
import type { JudgeCompat } from "./domain.js";

/** The limits of an isolated run. */
export interface IsolationLimits {
  /** One adapter call may take this long (ms). */
  readonly callTimeoutMs: number;
  /** One execution of a property (a generated case or a shrinking step) may take this long (ms). */
  readonly caseTimeoutMs: number;
  /** The worker's heap limit (MB): beyond it, the invariant in progress fails with CRASH. */
  readonly memoryMb: number;
  /**
   * Loading the implementation in a worker may take this long (ms); beyond it the worker is
   * stopped and the module is reported as not loaded (exit 2). Generous by default: on a
   * loaded CI machine, transpiling and loading a TypeScript module tree has taken over 60 s.
   */
  readonly loadTimeoutMs: number;
}

export const DEFAULT_LIMITS: IsolationLimits = {
  callTimeoutMs: 10_000,
  caseTimeoutMs: 60_000,
  memoryMb: 2048,
  loadTimeoutMs: 600_000,
};

const LOADING_AT_DEADLINE =
  "stopped at the deadline of the time budget while a fresh worker was loading the implementation";

/** How often the supervisor reads the board (ms). */
const POLL_MS = 20;
/** Output of the implementation forwarded to stderr, at most. */
const MAX_FORWARDED = 64 * 1024;

export interface IsolatedRun extends InvariantExecutor {
  /** The implementation's name. */
  readonly name: string;
  /** Built-ins the module changed while it loaded (kept as its environment). */
  readonly loadChanges: readonly string[];
  /** What the report must say besides verdicts (see describeDomain). */
  readonly domain: readonly string[];
}

type Event = { kind: "message"; m: FromWorker } | { kind: "end"; end: WorkerEnd };
type WorkerEnd = { kind: "exit"; code: number } | { kind: "error"; error: unknown };

/** The URL of tsx's ESM API (its `import` entry), resolved from this file. */
function tsxApiUrl(from: string): string {
  const cjs = createRequire(from).resolve("tsx/esm/api");
  return pathToFileURL(join(dirname(cjs), "index.mjs")).href;
}

/** One worker: its board, and its events delivered to whoever listens. */
class Session {
  readonly board = new Board();
  readonly worker: Worker;
  ended: WorkerEnd | undefined;
  private stopped = false;
  private listener: ((e: Event) => void) | undefined;
  calls: readonly string[] = [];

  constructor(
    module: string,
    cwd: string,
    memoryMb: number,
    forward: (text: string) => void,
    judgeCompat: JudgeCompat | undefined,
  ) {
    const data: WorkerData = {
      module,
      cwd,
      board: this.board.buffer,
      ...(judgeCompat !== undefined ? { judgeCompat } : {}),
    };
    const options = {
      workerData: data,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    };
    const self = import.meta.url;
    this.worker = self.endsWith(".ts")
      ? // Running from the TypeScript sources (the test suite): the worker loads them through tsx.
        new Worker(
          `import(${JSON.stringify(tsxApiUrl(self))}).then((m) => m.tsImport(${JSON.stringify(new URL("./worker.ts", self).href)}, ${JSON.stringify(self)}));`,
          { ...options, eval: true },
        )
      : new Worker(new URL("./worker.js", self), options);
    // What the implementation prints goes to stderr, so that stdout stays the report.
    for (const s of [this.worker.stdout, this.worker.stderr]) s.on("data", forward);
    this.worker.on("message", (m: FromWorker) => this.listener?.({ kind: "message", m }));
    this.worker.on("error", (error) => this.end({ kind: "error", error }));
    this.worker.on("exit", (code) => this.end({ kind: "exit", code }));
  }

  private end(e: WorkerEnd): void {
    if (this.ended !== undefined) return;
    this.ended = e;
    if (!this.stopped) this.listener?.({ kind: "end", end: e });
  }

  listen(l: ((e: Event) => void) | undefined): void {
    this.listener = l;
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  stop(): void {
    this.stopped = true;
    this.listener = undefined;
    void this.worker.terminate();
  }

  get alive(): boolean {
    return this.ended === undefined && !this.stopped;
  }
}

function describeEnd(end: WorkerEnd, memoryMb: number): { failureClass: string; error: string } {
  if (end.kind === "exit")
    return {
      failureClass: "EXIT",
      error: `the implementation ended its worker (process.exit or the like, exit code ${end.code})`,
    };
  const code = (end.error as { code?: unknown } | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY")
    return {
      failureClass: "CRASH",
      error: `the implementation ran out of memory (the worker's heap is limited to ${memoryMb} MB, --worker-memory)`,
    };
  return {
    failureClass: "CRASH",
    error: `the worker running the implementation crashed with an uncaught error (in a timer or promise the implementation left behind, say): ${describeThrown(end.error)}`,
  };
}

type Once =
  | {
      kind: "outcome";
      outcome: PropertyOutcome;
      tainted: boolean;
    }
  | { kind: "bad-path"; message: string }
  | {
      kind: "stopped";
      /** The fatal failure, or undefined when stopped at the deadline. */
      fatal: { failureClass: string; error: string } | undefined;
      finals: PropertyFailure[];
      best: PropertyFailure | undefined;
      path: string | undefined;
      casesDone: number;
      /** At the deadline: the adapter call in progress and for how long (ms). */
      busy?: { call: string; ms: number };
    };

/**
 * Starts an isolated run of the implementation in `module`: loads it in a worker and returns
 * the run, or why the module does not load (a message for exit code 2).
 */
export async function startIsolated(
  module: string,
  cwd: string,
  limits: IsolationLimits,
  io: { now(): number; err(text: string): void },
  options: {
    readonly judgeCompat?: JudgeCompat;
    /** The time budget's deadline (on `io.now()`'s clock): loading stops there too. */
    readonly hardDeadline?: number;
  } = {},
): Promise<Result<IsolatedRun, { message: string; budgetSpent?: true }>> {
  let forwarded = 0;
  const forward = (chunk: Buffer | string) => {
    const text = String(chunk);
    if (forwarded < MAX_FORWARDED) io.err(text.slice(0, MAX_FORWARDED - forwarded));
    if (forwarded + text.length > MAX_FORWARDED && forwarded <= MAX_FORWARDED)
      io.err(`\n[commons-spec: further output of the implementation is not shown]\n`);
    forwarded += text.length;
  };

  /**
   * Starts a worker and waits until it has loaded the implementation, for at most the load
   * timeout and never past `deadline` (the time budget's: then `budgetSpent`).
   */
  const spawn = (
    deadline: number | undefined,
  ): Promise<
    | { ok: true; session: Session; ready: Extract<FromWorker, { t: "ready" }> }
    | { ok: false; message: string; budgetSpent?: true }
  > =>
    new Promise((resolve) => {
      const s = new Session(module, cwd, limits.memoryMb, forward, options.judgeCompat);
      const loadMs = limits.loadTimeoutMs;
      const toDeadline = deadline === undefined ? Infinity : Math.max(0, deadline - io.now());
      const timer = setTimeout(
        () => {
          s.stop();
          resolve(
            toDeadline < loadMs
              ? {
                  ok: false,
                  budgetSpent: true,
                  message: `the time budget was spent while ${module} was still loading`,
                }
              : {
                  ok: false,
                  message: `${module} did not finish loading within ${loadMs / 1000} s (--load-timeout)`,
                },
          );
        },
        Math.min(loadMs, toDeadline),
      );
      s.listen((e) => {
        clearTimeout(timer);
        s.listen(undefined);
        if (e.kind === "end") {
          const d = describeEnd(e.end, limits.memoryMb);
          resolve({ ok: false, message: `${module} failed to load: ${d.error}` });
        } else if (e.m.t === "ready") {
          s.calls = e.m.calls;
          resolve({ ok: true, session: s, ready: e.m });
        } else if (e.m.t === "load-error") {
          s.stop();
          resolve({ ok: false, message: e.m.message });
        }
      });
    });

  const first = await spawn(options.hardDeadline);
  if (!first.ok)
    return err({
      message: first.message,
      ...(first.budgetSpent === true ? { budgetSpent: true as const } : {}),
    });
  let session: Session | undefined = first.session;
  const invariants: readonly InvariantInfo[] = first.ready.invariants;

  const fresh = async (
    deadline: number | undefined,
  ): Promise<
    { ok: true; session: Session } | { ok: false; message: string; budgetSpent?: true }
  > => {
    if (session?.alive === true) return { ok: true, session };
    session = undefined;
    const s = await spawn(deadline);
    if (!s.ok) return s;
    session = s.session;
    return { ok: true, session: s.session };
  };

  /**
   * Walks a replay path in a worker (no implementation code runs): the counterexample, or
   * `budgetSpent` when the deadline came while a fresh worker was loading for it.
   */
  const describeCase = async (
    id: string,
    seed: number,
    path: string,
    deadline: number | undefined,
  ): Promise<string | undefined | { budgetSpent: true }> => {
    const s = await fresh(deadline);
    if (!s.ok) return s.budgetSpent === true ? { budgetSpent: true } : undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        s.session.stop();
        resolve(undefined);
      }, limits.caseTimeoutMs);
      s.session.listen((e) => {
        if (e.kind === "message" && e.m.t !== "described") return;
        clearTimeout(timer);
        s.session.listen(undefined);
        resolve(e.kind === "message" && e.m.t === "described" ? e.m.counterexample : undefined);
      });
      s.session.send({ t: "describe", id, seed, path });
    });
  };

  /** Runs (part of) one invariant's search in `s`, watching the board. */
  const runOnce = (
    s: Session,
    id: string,
    options: RunRequestOptions,
    hardDeadline: number | undefined,
  ) =>
    new Promise<Once>((resolve) => {
      const finals: PropertyFailure[] = [];
      let best: PropertyFailure | undefined;
      let caseSeq = -1;
      let caseSince = io.now();
      let outerSeq = -1;
      let outerSince = io.now();
      const finish = (r: Once) => {
        clearInterval(timer);
        s.listen(undefined);
        resolve(r);
      };
      const stopped = (fatal: { failureClass: string; error: string } | undefined) => {
        const reading = s.board.read();
        // Between cases (after the last one, say) no case is to blame: no path.
        const path = reading.running ? s.board.path() : undefined;
        const busy =
          fatal === undefined && reading.outerCall >= 0 && reading.outerSeq === outerSeq
            ? { call: callName(reading.outerCall), ms: io.now() - outerSince }
            : undefined;
        s.stop(); // stuck, dead, or out of time: its work is over
        finish({
          kind: "stopped",
          fatal,
          finals,
          best,
          path,
          casesDone: reading.casesDone,
          ...(busy !== undefined ? { busy } : {}),
        });
      };
      const callName = (i: number) => s.calls[i] ?? "an adapter call";
      const timer = setInterval(() => {
        const t = io.now();
        if (hardDeadline !== undefined && t >= hardDeadline) {
          stopped(undefined);
          return;
        }
        const r = s.board.read();
        if (r.caseSeq !== caseSeq) {
          caseSeq = r.caseSeq;
          caseSince = t;
        }
        if (r.outerCall < 0 || r.outerSeq !== outerSeq) {
          outerSeq = r.outerCall < 0 ? -1 : r.outerSeq;
          outerSince = t;
        }
        const path = r.running ? s.board.path() : undefined;
        const where =
          path !== undefined
            ? ` in the case at path ${path}`
            : " after the invariant's last case (asynchronous work of the implementation)";
        if (r.outerCall >= 0 && t - outerSince > limits.callTimeoutMs) {
          const inner =
            r.innerCall >= 0 && r.innerCall !== r.outerCall
              ? ` (inside it: ${callName(r.innerCall)})`
              : "";
          stopped({
            failureClass: "TIMEOUT",
            error: `${callName(r.outerCall)}${inner} did not return within ${limits.callTimeoutMs / 1000} s (--call-timeout)${where}`,
          });
        } else if (t - caseSince > limits.caseTimeoutMs) {
          const busy =
            r.innerCall >= 0
              ? `in progress: ${callName(r.innerCall)}`
              : "no adapter call in progress (asynchronous work of the implementation, or the property's own code)";
          stopped({
            failureClass: "TIMEOUT",
            error: `a case did not finish within ${limits.caseTimeoutMs / 1000} s (--case-timeout)${where}; ${busy}`,
          });
        }
      }, POLL_MS);
      s.listen((e) => {
        if (e.kind === "end") {
          const d = describeEnd(e.end, limits.memoryMb);
          const r = s.board.read();
          const when =
            r.innerCall >= 0
              ? ` (during ${callName(r.innerCall)})`
              : r.running
                ? ""
                : " (after the invariant's last case)";
          stopped({ failureClass: d.failureClass, error: `${d.error}${when}` });
          return;
        }
        const m = e.m;
        if (m.t === "step") best = m.failure;
        else if (m.t === "failure") {
          finals.push(m.failure);
          best = undefined;
        } else if (m.t === "outcome")
          finish({ kind: "outcome", outcome: m.outcome, tainted: m.tainted });
        else if (m.t === "bad-path") finish({ kind: "bad-path", message: m.message });
      });
      s.send({ t: "run", id, options });
    });

  const run = async (id: string, options: ExecOptions): Promise<ExecResult> => {
    const info = invariants.find((p) => p.id === id);
    if (info === undefined) throw new Error(`no invariant ${id}`);
    const started = io.now();
    const { hardDeadline, ...request } = options;
    const planned = options.path !== undefined ? 1 : plannedRuns(info, options);
    const maxFailures = Math.max(1, options.maxFailures ?? 1);
    const shareEnd = options.timeLimitMs !== undefined ? started + options.timeLimitMs : undefined;
    const failures: PropertyFailure[] = [];
    let startAt = 0;
    let cases = 0;
    let interrupted = false;
    let detail: string | undefined;
    let note: string | undefined;
    for (;;) {
      if (hardDeadline !== undefined && io.now() >= hardDeadline) {
        interrupted = true;
        break;
      }
      const s = await fresh(hardDeadline);
      if (!s.ok && s.budgetSpent === true) {
        interrupted = true;
        note =
          "stopped at the deadline of the time budget while a fresh worker was loading the implementation";
        break;
      }
      if (!s.ok) {
        failures.push({
          failureClass: "CRASH",
          error: `a fresh worker could not load the implementation again: ${s.message}`,
          shrunk: false,
        });
        break;
      }
      const left = shareEnd === undefined ? undefined : shareEnd - io.now();
      if (left !== undefined && left <= 0) {
        interrupted = true;
        break;
      }
      const r = await runOnce(
        s.session,
        id,
        {
          ...request,
          ...(left !== undefined ? { timeLimitMs: left } : {}),
          maxFailures: maxFailures - failures.length,
          knownClasses: [...(request.knownClasses ?? []), ...failures.map((f) => f.failureClass)],
          ...(startAt > 0 ? { startAt } : {}),
        },
        hardDeadline,
      );
      if (r.kind === "bad-path") return { ok: false, message: r.message };
      if (r.kind === "outcome") {
        failures.push(...r.outcome.failures);
        cases = r.outcome.numRuns;
        interrupted ||= r.outcome.interrupted;
        detail = r.outcome.detail;
        note = r.outcome.note ?? note;
        if (r.tainted) s.session.stop();
        break;
      }
      // Stopped: keep what was found, the failure being shrunk as it stands.
      failures.push(...r.finals);
      if (r.best !== undefined) failures.push({ ...r.best, shrunk: false });
      const generatedInProgress = r.path !== undefined && !r.path.includes(":");
      cases = r.casesDone + (generatedInProgress ? 1 : 0);
      if (r.fatal === undefined) {
        cases = r.casesDone;
        interrupted = true;
        note = `stopped at the deadline of the time budget${r.busy !== undefined ? ` while ${r.busy.call} had been running for ${(r.busy.ms / 1000).toFixed(1)} s` : ", inside a case"}`;
        break;
      }
      if (failures.some((f) => f.failureClass === r.fatal?.failureClass)) {
        note = `the search stopped at a second ${r.fatal.failureClass}${r.path !== undefined ? ` (path ${r.path})` : ""}: ${r.fatal.error}`;
        break;
      }
      const described =
        r.path !== undefined
          ? await describeCase(id, options.seed, r.path, hardDeadline)
          : undefined;
      const counterexample = typeof described === "string" ? described : undefined;
      if (typeof described === "object") {
        interrupted = true;
        note = `${LOADING_AT_DEADLINE} (to print the stopped case's counterexample)`;
      }
      failures.push({
        failureClass: r.fatal.failureClass,
        error: r.fatal.error,
        ...(r.path !== undefined ? { path: r.path } : {}),
        ...(counterexample !== undefined ? { counterexample } : {}),
        shrunk: false,
        stopped: true,
      });
      if (options.path !== undefined || r.path === undefined) break;
      startAt = Number(r.path.split(":")[0]) + 1;
      if (failures.length >= maxFailures || startAt >= planned) break;
    }
    return {
      ok: true,
      outcome: makeOutcome(info, {
        seed: options.seed,
        failures,
        numRuns: cases,
        plannedRuns: planned,
        interrupted,
        ms: io.now() - started,
        ...(detail !== undefined ? { detail } : {}),
        ...(note !== undefined ? { note } : {}),
      }),
    };
  };

  return ok({
    name: first.ready.name,
    loadChanges: first.ready.loadChanges,
    domain: first.ready.domain,
    invariants,
    run,
    close: async () => {
      // Let what the worker printed last reach stderr before it is stopped.
      await new Promise((r) => setTimeout(r, 20));
      session?.stop();
      session = undefined;
    },
  });
}
