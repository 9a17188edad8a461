/**
 * The worker of a sweep (src/engine/sim/sweep.ts): runs the points it is sent, one at a time,
 * and posts each report back. Nothing is kept between points.
 */
import { parentPort } from "node:worker_threads";
import { runSweepPoint, type SweepTask, type SweepWorkerMessage } from "./sweep.js";

const port = parentPort;
if (port === null) throw new Error("sweep-worker.ts runs as a worker thread");

port.on("message", (task: SweepTask) => {
  const post = (m: SweepWorkerMessage) => port.postMessage(m);
  try {
    const report = runSweepPoint(task, {
      stopOnViolation: task.stopOnViolation,
      now: () => performance.now(),
      onProgress: (time) => post({ kind: "progress", index: task.index, time }),
    });
    post({ kind: "done", index: task.index, report });
  } catch (e) {
    post({
      kind: "error",
      index: task.index,
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
});
