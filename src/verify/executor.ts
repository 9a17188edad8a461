/**
 * Where invariants run: in this process (`check` on the reference, `verify --in-process`) or
 * isolated in a worker (`verify`, src/verify/isolated.ts). Both run one invariant at a time
 * with the same options and return the same outcomes; the CLI's run loop (budget, corpus,
 * reporting) is shared.
 */
import {
  describePath,
  runProperty,
  type InvariantProperty,
  type PropertyOutcome,
} from "../../properties/property.js";
import type { InvariantInfo, RunRequestOptions } from "./protocol.js";

export interface ExecOptions extends RunRequestOptions {
  /**
   * Absolute time (in the executor's clock) at which the run must stop, even inside a case:
   * an isolated run stops its worker there; an in-process run can only stop between cases.
   */
  readonly hardDeadline?: number;
}

/** An outcome, or a replay path that designates no case of the invariant (bad input). */
export type ExecResult =
  | { readonly ok: true; readonly outcome: PropertyOutcome }
  | { readonly ok: false; readonly message: string };

export interface InvariantExecutor {
  /** The invariants it can run, in catalogue order. */
  readonly invariants: readonly InvariantInfo[];
  run(id: string, options: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

export function invariantInfo(p: InvariantProperty): InvariantInfo {
  return { id: p.id, suite: p.suite, title: p.title, numRuns: p.numRuns };
}

/** Runs the properties in this process (no timeouts, no exit guard: for trusted code). */
export function inProcessExecutor(
  props: readonly InvariantProperty[],
  now: () => number,
): InvariantExecutor {
  const byId = new Map(props.map((p) => [p.id, p]));
  return {
    invariants: props.map(invariantInfo),
    run: (id, options) => {
      const p = byId.get(id);
      if (p === undefined) return Promise.reject(new Error(`no invariant ${id}`));
      if (options.path !== undefined) {
        const d = describePath(p, options.seed, options.path);
        if (!d.ok) return Promise.resolve({ ok: false, message: d.message });
      }
      const { hardDeadline: _ignored, ...rest } = options;
      return Promise.resolve({ ok: true, outcome: runProperty(p, { ...rest, now }) });
    },
    close: () => Promise.resolve(),
  };
}
