/**
 * The worker of an isolated `verify` run: loads the implementation (through
 * `loadImplementation`), wraps its methods for the board, and runs the invariants the
 * supervisor asks for, one at a time. It refuses process.exit and signals to the verify
 * process (a breach of the adapter contract, reported as `EXIT`), checks the built-ins after
 * every case (`PROTOTYPE-POLLUTION`), and posts every failure as it is found and shrunk, so
 * that a supervisor that has to stop it keeps what was found.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  describePath,
  makeOutcome,
  runProperty,
  type InvariantProperty,
  type PropertyFailure,
  type RunHooks,
} from "../../properties/property.js";
import { Violation } from "../../properties/violation.js";
import { Board } from "./board.js";
import { BuiltinsGuard } from "./builtins-guard.js";
import { instrument, type Instrumented } from "./instrument.js";
import { loadImplementation } from "./load.js";
import type { FromWorker, ToWorker, WorkerData } from "./protocol.js";
import { describeDomain } from "./domain.js";
import { suitesFor } from "./suites.js";

const data = workerData as WorkerData;
const port = parentPort;
const board = new Board(data.board);
const post = (m: FromWorker) => port?.postMessage(m);

let inst: Instrumented | undefined;

/**
 * Inside an adapter call, process.exit is refused: a breach, reported as EXIT for that case
 * (shrunk like any failure), whatever the implementation does with the error thrown. Outside
 * adapter calls (Node's own handling of an uncaught error, or a timer the implementation left
 * behind) the worker really ends, and the supervisor reports the invariant in progress.
 * Signals to the verify process (or its group) are always refused.
 */
function refuse(what: string): never {
  const where = inst?.current();
  const message = `${where ?? "the implementation"} called ${what}: refused (the code under verify must never end or signal the process)`;
  inst?.breach({ failureClass: "EXIT", message });
  throw new Error(message);
}
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  inst?.current() !== undefined
    ? refuse(`process.exit(${code ?? ""})`)
    : realExit(code)) as typeof process.exit;
const internals = process as unknown as { reallyExit: (code?: number) => never };
const realReallyExit = internals.reallyExit.bind(process);
internals.reallyExit = (code) =>
  inst?.current() !== undefined
    ? refuse(`process.reallyExit(${code ?? ""})`)
    : realReallyExit(code);
const realKill = process.kill.bind(process);
process.kill = ((pid: number, signal?: string | number) => {
  if (typeof pid !== "number" || pid <= 0 || pid === process.pid || pid === process.ppid)
    refuse(`process.kill(${String(pid)}${signal !== undefined ? `, ${String(signal)}` : ""})`);
  return realKill(pid, signal);
}) as typeof process.kill;

/** Lets asynchronous work the implementation left behind run (and crash) now, not later. */
async function drain(): Promise<void> {
  await new Promise<void>((r) => setImmediate(r));
  await new Promise<void>((r) => setTimeout(r, 0));
}

async function start(): Promise<void> {
  const before = new BuiltinsGuard();
  const loaded = await loadImplementation(data.module, data.cwd);
  if (!loaded.ok) {
    post({ t: "load-error", message: loaded.error.message });
    return;
  }
  // Built-ins the module changes while loading (polyfills, say) are its environment: kept,
  // reported once, and the snapshot that cases are compared with is taken after loading.
  const loadChanges = before.changes(10);
  const guard = new BuiltinsGuard();
  const i = instrument(loaded.value, board);
  inst = i;
  const judge = data.judgeCompat !== undefined ? { judgeCompat: data.judgeCompat } : {};
  let props: InvariantProperty[];
  try {
    if (data.judgeCompat === "own" && loaded.value.compat === undefined) {
      post({
        t: "load-error",
        message: `--judge-compat own: ${loaded.value.name} has no compat part to judge by`,
      });
      return;
    }
    props = suitesFor(i.impl, judge);
  } catch (e) {
    post({
      t: "load-error",
      message: `${data.module}: the suites cannot be built for it: ${String(e)}`,
    });
    return;
  }
  let tainted = false;
  const hooks: RunHooks = {
    beforeCase: (c) => {
      i.resetCase();
      board.startCase(c.path, c.casesDone);
    },
    afterCase: () => {
      const breach = i.takeBreach();
      if (guard.changed()) {
        const what = guard.changes();
        if (!guard.restore()) tainted = true;
        throw new Violation(
          "PROTOTYPE-POLLUTION",
          `the implementation changed built-ins during this case: ${what.join("; ") || "(an attribute)"}`,
        );
      }
      if (breach !== undefined) throw new Violation(breach.failureClass, breach.message);
    },
    onFailureStep: (failure) => post({ t: "step", failure }),
    onFailure: (failure) => post({ t: "failure", failure }),
    describeError: (e) => i.describeError(e),
  };

  post({
    t: "ready",
    name: i.impl.name,
    invariants: props.map((p) => ({
      id: p.id,
      suite: p.suite,
      title: p.title,
      numRuns: p.numRuns,
    })),
    calls: i.names,
    loadChanges,
    domain: describeDomain(loaded.value, judge),
  });

  port?.on("message", (m: ToWorker) => {
    void (async () => {
      const p = props.find((x) => x.id === m.id);
      if (p === undefined) throw new Error(`no invariant ${m.id} in this worker`);
      if (m.t === "describe") {
        const d = describePath(p, m.seed, m.path);
        post(
          d.ok
            ? { t: "described", counterexample: d.counterexample }
            : { t: "described", message: d.message },
        );
        return;
      }
      const o = m.options;
      if (o.path !== undefined) {
        const d = describePath(p, o.seed, o.path);
        if (!d.ok) {
          post({ t: "bad-path", message: d.message });
          return;
        }
      }
      board.startInvariant();
      let outcome = runProperty(p, { ...o, now: () => performance.now(), hooks });
      board.endInvariant(outcome.numRuns);
      // The full comparison (every key of every prototype, attributes too) after the invariant.
      const left = guard.changes();
      if (left.length > 0) {
        if (!guard.restore()) tainted = true;
        if (!outcome.failures.some((f) => f.failureClass === "PROTOTYPE-POLLUTION")) {
          const f: PropertyFailure = {
            failureClass: "PROTOTYPE-POLLUTION",
            error: `the implementation changed built-ins during this invariant (seen after its last case, so the case is not known): ${left.join("; ")}`,
            shrunk: false,
          };
          outcome = makeOutcome(p, { ...outcome, failures: [...outcome.failures, f] });
        }
      }
      await drain();
      post({ t: "outcome", outcome, tainted });
    })();
  });
}

void start();
